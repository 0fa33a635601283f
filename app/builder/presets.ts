/**
 * The builder's presets: the common pitfalls, each a scenario document. The
 * seed's six first (a seed's own document runs as that seed), then
 * variations the seed's script does not have. A preset of a later format
 * field joins this list as a document.
 */
import { SCENARIO_FORMAT, type ScenarioDocument } from '../../src/sim/scenario-format';
import { SCENARIOS, seedDocument } from '../../src/sim/scenarios';

const COMPOSED: readonly ScenarioDocument[] = [
  {
    format: SCENARIO_FORMAT,
    number: 7,
    name: 'scenario_7_pool_manager_initializer',
    title: 'Manager proxies through the initializer',
    summary:
      'Manager proxies through initargs: pickled once per worker, then a round trip per call.',
    claim: 'Proxies pickle, whichever way they travel.',
    container: 'pool',
    objects: [
      { type: 'Lock', from: 'manager', route: 'initializer' },
      { type: 'Queue', from: 'manager', route: 'initializer' },
    ],
    initializer: 'initialize',
  },
  {
    format: SCENARIO_FORMAT,
    number: 8,
    name: 'scenario_8_pool_initializer_queue',
    title: 'Only the queue through the initializer',
    summary:
      'The Queue through initargs, but the mp.Lock still in every task: the Lock is refused.',
    claim: 'The other half of the fix.',
    container: 'pool',
    objects: [
      { type: 'Lock', from: 'mp', route: 'task' },
      { type: 'Queue', from: 'mp', route: 'initializer' },
    ],
    initializer: 'initialize_queue',
  },
  {
    format: SCENARIO_FORMAT,
    number: 9,
    name: 'scenario_9_pool_one_manager',
    title: 'One Manager for the lock and the queue',
    summary:
      'manager = mp.Manager(), then manager.Lock() and manager.Queue(): one server process, two proxies.',
    claim: 'No RuntimeError: both proxies pickle, and one server process serves them.',
    container: 'pool',
    objects: [
      { type: 'Lock', from: 'manager', route: 'task' },
      { type: 'Queue', from: 'manager', route: 'task' },
    ],
    manager: 'shared',
  },
  {
    format: SCENARIO_FORMAT,
    number: 10,
    name: 'scenario_10_pool_module_globals',
    title: 'Lock and queue as module globals',
    summary:
      'global lock, queue set before the Pool: a forked worker inherits them, a spawned one finds None.',
    claim: 'Works under fork; under spawn every worker finds None.',
    container: 'pool',
    objects: [
      { type: 'Lock', from: 'mp', route: 'global' },
      { type: 'Queue', from: 'mp', route: 'global' },
    ],
  },
];

export const PRESETS: readonly ScenarioDocument[] = [
  ...SCENARIOS.map((s) => seedDocument(s.id)),
  ...COMPOSED,
];
