/**
 * Python functions by qualified name: what pickle can find (a function pickles
 * as `module.qualname` and must be found again by that name, so lambdas and
 * local functions cannot be pickled) and what a process can call from plain
 * data (a Process target, a Pool task's function).
 */
import { PyException } from '../python/exceptions';
import { list, type PyGlobal, type PyValue, isTuple } from '../python/values';
import type { Gen, RunConfig } from '../syscalls';
import { scenarioFunctions, scenarioModuleGlobals } from '../scenarios/program';
import { poolWorker } from './pool';
import { runServer } from './managers';
import type { Py } from './runtime';

type PyFunction = (py: Py, args: PyValue[]) => Gen<PyValue>;

const STDLIB: Record<string, PyFunction> = {
  'multiprocessing.pool.mapstar': mapstar,
  'multiprocessing.pool.worker': (py, args) => poolWorker(py, args),
  'multiprocessing.managers.BaseManager._run_server': (py, args) => runServer(py, args),
  'multiprocessing.managers.SyncManager._run_server': (py, args) => runServer(py, args),
};

/** Names that exist as importable attributes (what pickle's save_global checks). */
const IMPORTABLE = new Set([
  ...Object.keys(STDLIB),
  'multiprocessing.synchronize.Lock',
  'multiprocessing.synchronize.BoundedSemaphore',
  'multiprocessing.queues.Queue',
  'multiprocessing.queues.SimpleQueue',
  'multiprocessing.connection.Connection',
  'multiprocessing.connection.PipeConnection',
  'multiprocessing.connection.rebuild_connection',
  'multiprocessing.connection.rebuild_pipe_connection',
  'multiprocessing.popen_spawn_posix._DupFd',
  'multiprocessing.popen_forkserver._DupFd',
  'multiprocessing.reduction.DupHandle',
  'multiprocessing.process.AuthenticationString',
  'multiprocessing.context.Process',
  'multiprocessing.context.ForkProcess',
  'multiprocessing.context.SpawnProcess',
  'multiprocessing.context.ForkServerProcess',
  'multiprocessing.managers.Token',
  'multiprocessing.managers.RebuildProxy',
  'multiprocessing.managers.AcquirerProxy',
  'multiprocessing.managers.AutoProxy',
  'multiprocessing.managers.SyncManager',
  'builtins.getattr',
  '_thread.allocate_lock',
  'queue.Queue',
  // SyncManager._registry (manager-registry.ts), pickled with the manager's Process object.
  '_thread.lock',
  'builtins.list',
  'builtins.dict',
  'threading.Event',
  'threading.RLock',
  'threading.Semaphore',
  'threading.BoundedSemaphore',
  'threading.Condition',
  'threading.Barrier',
  'multiprocessing.pool.Pool',
  ...[
    'EventProxy',
    'ConditionProxy',
    'BarrierProxy',
    'PoolProxy',
    'ListProxy',
    'DictProxy',
    'ValueProxy',
    'ArrayProxy',
    'NamespaceProxy',
    'IteratorProxy',
    'Value',
    'Array',
    'Namespace',
  ].map((name) => `multiprocessing.managers.${name}`),
]);

export function knownFunction(config: RunConfig, g: PyGlobal): boolean {
  if (byName(IMPORTABLE_MEMO, g, (key) => IMPORTABLE.has(key))) return true;
  if (g.module === '__main__') return g.qualname in scenarioFunctions(config);
  return false;
}

/**
 * Lookups by `module.qualname`, remembered per module and qualname: they are
 * made for every global pickled and every task run, and building the dotted
 * name each time was a cost of its own.
 */
function byName<T>(memo: Map<string, Map<string, T>>, g: PyGlobal, find: (key: string) => T): T {
  let byQualname = memo.get(g.module);
  if (byQualname === undefined) memo.set(g.module, (byQualname = new Map()));
  let found = byQualname.get(g.qualname);
  if (found === undefined && !byQualname.has(g.qualname)) {
    found = find(`${g.module}.${g.qualname}`);
    byQualname.set(g.qualname, found);
  }
  return found as T;
}

const IMPORTABLE_MEMO = new Map<string, Map<string, boolean>>();
const STDLIB_MEMO = new Map<string, Map<string, PyFunction | undefined>>();

/** Calls a Python function given by reference, as `func(*args)`. */
export function* callFunction(py: Py, func: PyGlobal, args: PyValue[]): Gen<PyValue> {
  const stdlib = byName(STDLIB_MEMO, func, (key) => STDLIB[key]);
  if (stdlib) return yield* stdlib(py, args);
  if (func.module === '__main__') {
    const user = scenarioFunctions(py.config)[func.qualname];
    if (user) return yield* user(py, args);
  }
  throw new PyException(
    'AttributeError',
    `module '${func.module}' has no attribute '${func.qualname}'`,
  );
}

/** pool.mapstar(args): `list(map(*args))` — runs the job on each item of a chunk. */
function* mapstar(py: Py, args: PyValue[]): Gen<PyValue> {
  return yield* py.frame('pool.py', 'mapstar', () => mapstarBody(py, args));
}

// A named generator, not a `function* () {}` closure (see connection.ts's sendBody).
function* mapstarBody(py: Py, args: PyValue[]): Gen<PyValue> {
  const [packed] = args;
  const [func, chunk] = isTuple(packed!) ? packed.items : [null, null];
  const results: PyValue[] = [];
  if (chunk !== null && chunk !== undefined && isTuple(chunk)) {
    for (const item of chunk.items) results.push(yield* callFunction(py, func as PyGlobal, [item]));
  }
  return list(results);
}

/**
 * Runs the scenario script's module level (the globals it defines), as in the
 * main process or as `__mp_main__` when a spawned child imports it.
 */
export function defineMainModule(py: Py): void {
  for (const [name, value] of Object.entries(scenarioModuleGlobals(py.config))) {
    py.setVar(name, value);
  }
}
