/**
 * Scenarios as data. The seed's four scenarios and the answer's two fixes are
 * all the same script with different choices: which container runs the job
 * (a Pool or one Process per task), whether the lock and the queue are plain
 * multiprocessing objects or Manager proxies, and how each reaches the job
 * (inside every task, or once through the Pool's initializer). The source
 * text, the line numbers and the program all follow from a `ScenarioSpec`,
 * so later work can let users compose their own.
 */

import type {
  Container,
  JobKind,
  ManagerSharing,
  ObjectKind,
  PoolMethod,
  Route,
} from '../scenario-format';
import type { LockType, QueueType } from '../scenario-objects';
import type { PoolCall } from '../trace';

export type { Container, ManagerSharing, ObjectKind, PoolMethod, Route, LockType, QueueType };

export interface ScenarioSpec {
  readonly id: number;
  /** The scenario function's name in the script. */
  readonly functionName: string;
  readonly title: string;
  /** One line for a menu. */
  readonly summary: string;
  /** The docstring's verdict line, as the asker wrote it (or what we claim for 5 and 6). */
  readonly docVerdict: string;
  readonly container: Container;
  readonly lock: ObjectKind;
  /** The lock slot's class when it is not a Lock (the seeds': absent). */
  readonly lockType?: Exclude<LockType, 'Lock'>;
  /** A Semaphore's or BoundedSemaphore's value when the script gives one. */
  readonly lockValue?: number;
  readonly queue: ObjectKind;
  /** The queue slot's class when it is not a Queue (the seeds': absent; JoinableQueue: a Manager's). */
  readonly queueType?: Exclude<QueueType, 'Queue'>;
  readonly lockRoute: Route;
  readonly queueRoute: Route;
  /** The initializer's name when one is used (`initialize_lock` is the answer's). */
  readonly initializerName?: string;
  /** The Pool method, when the scenario names one (the seeds leave it to the run's `call`). */
  readonly call?: PoolMethod;
  /** imap/imap_unordered results listed, apply_async results `.get()`-ed. */
  readonly read?: boolean;
  /** 'shared': one `manager = mp.Manager()` for every proxy (absent: one per object). */
  readonly manager?: ManagerSharing;
  /** A lambda or a local function wrapping the_job is what the script hands on (absent: the_job). */
  readonly job?: Exclude<JobKind, 'module'>;
}

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    id: 1,
    functionName: 'scenario_1_pool_no_manager',
    title: 'Pool, no Manager',
    summary: 'mp.Lock and mp.Queue inside every Pool task: the task handler cannot pickle them.',
    docVerdict: 'FAILS!',
    container: 'pool',
    lock: 'mp',
    queue: 'mp',
    lockRoute: 'task',
    queueRoute: 'task',
  },
  {
    id: 2,
    functionName: 'scenario_2_pool_manager',
    title: 'Pool with a Manager',
    summary: 'Manager proxies inside every Pool task: they pickle to an address and an id.',
    docVerdict: 'SUCCESSFUL!',
    container: 'pool',
    lock: 'manager',
    queue: 'manager',
    lockRoute: 'task',
    queueRoute: 'task',
  },
  {
    id: 3,
    functionName: 'scenario_3_single_processes_no_manager',
    title: 'Processes, no Manager',
    summary: 'mp.Lock and mp.Queue as Process arguments: inherited or pickled while spawning.',
    docVerdict: 'SUCCESSFUL!',
    container: 'process',
    lock: 'mp',
    queue: 'mp',
    lockRoute: 'task',
    queueRoute: 'task',
  },
  {
    id: 4,
    functionName: 'scenario_4_single_processes_manager',
    title: 'Processes with a Manager',
    summary: 'Manager proxies as Process arguments: every lock call is a round trip.',
    docVerdict: 'SUCCESSFUL!',
    container: 'process',
    lock: 'manager',
    queue: 'manager',
    lockRoute: 'task',
    queueRoute: 'task',
  },
  {
    id: 5,
    functionName: 'scenario_5_pool_initializer_lock',
    title: "The answer's fix, as written",
    summary:
      'The lock through initargs, but the mp.Queue still in every task: now the Queue is refused.',
    docVerdict: 'The fix proposed in the answer.',
    container: 'pool',
    lock: 'mp',
    queue: 'mp',
    lockRoute: 'initializer',
    queueRoute: 'task',
    initializerName: 'initialize_lock',
  },
  {
    id: 6,
    functionName: 'scenario_6_pool_initializer_lock_and_queue',
    title: 'Lock and queue through the initializer',
    summary:
      'Both through initargs, so both travel with worker creation: nothing is pickled later.',
    docVerdict: 'The fix completed.',
    container: 'pool',
    lock: 'mp',
    queue: 'mp',
    lockRoute: 'initializer',
    queueRoute: 'initializer',
    initializerName: 'initialize',
  },
];

export function scenarioSpec(id: number): ScenarioSpec {
  const spec = SCENARIOS.find((s) => s.id === id);
  if (!spec) throw new Error(`no scenario ${id}`);
  return spec;
}

/** The Pool method a run of `spec` calls: the scenario's own, or the run's `call` setting. */
export function poolMethod(spec: ScenarioSpec, call: PoolCall): PoolMethod {
  return spec.call ?? call;
}

/**
 * Where a run of `spec` meets an error the Pool stored on a result, once it
 * reads it: `map()` and `starmap()` themselves (through `get`), an imap
 * iterator's `next()` (inside `list(...)`), an AsyncResult's `get()`.
 */
export function readingCall(spec: ScenarioSpec, call: PoolCall): string {
  const method = poolMethod(spec, call);
  if (method === 'imap' || method === 'imap_unordered') return 'next';
  if (method === 'apply_async') return 'get';
  return method;
}

/** Whether the script reads the results of its call (map and starmap always do). */
export function readsResults(spec: ScenarioSpec, call: PoolCall): boolean {
  const method = poolMethod(spec, call);
  return method === 'map' || method === 'starmap' || spec.read === true;
}

/** Whether every Manager proxy comes from one `manager = mp.Manager()`. */
export function sharedManager(spec: ScenarioSpec): boolean {
  return spec.manager === 'shared' && (spec.lock === 'manager' || spec.queue === 'manager');
}

/**
 * The scenario function's first statements, in the order the script makes
 * them: the Pool before the objects unless it needs them first (then right
 * after the last of them): for its initargs, or because its workers must be
 * forked after a module global is set to inherit it. A shared Manager comes
 * just before the first proxy. source.ts writes them and program.ts runs them
 * in this order.
 */
export function setupOrder(spec: ScenarioSpec): ('pool' | 'manager' | 'lock' | 'queue')[] {
  const beforePool = SLOTS.filter((name) => routeOf(spec, name) !== 'task').at(-1);
  const order: ('pool' | 'manager' | 'lock' | 'queue')[] = [];
  if (spec.container === 'pool' && beforePool === undefined) order.push('pool');
  let managerMade = false;
  for (const name of SLOTS) {
    if (sharedManager(spec) && !managerMade && spec[name] === 'manager') {
      order.push('manager');
      managerMade = true;
    }
    order.push(name);
    if (spec.container === 'pool' && name === beforePool) order.push('pool');
  }
  return order;
}

/** The script's two shared objects, in the order it makes them. */
const SLOTS = ['lock', 'queue'] as const;

/** How the slot's object reaches the job. */
export function routeOf(spec: ScenarioSpec, name: 'lock' | 'queue'): Route {
  return name === 'lock' ? spec.lockRoute : spec.queueRoute;
}

/** The objects that are module globals the scenario function sets (`global lock, queue`). */
export function moduleGlobalFields(spec: ScenarioSpec): ('lock' | 'queue')[] {
  return SLOTS.filter((n) => routeOf(spec, n) === 'global');
}

/**
 * The job function the script hands the Pool or each Process, as pickle names
 * it (`__main__` and its qualified name) and as a traceback's frame shows it.
 */
export function jobFunction(spec: ScenarioSpec): { qualname: string; frame: string } {
  if (spec.job === 'lambda')
    return { qualname: 'start_scenario.<locals>.<lambda>', frame: '<lambda>' };
  if (spec.job === 'local')
    return { qualname: 'start_scenario.<locals>.local_job', frame: 'local_job' };
  return { qualname: 'the_job', frame: 'the_job' };
}

/** The lock slot's class. */
export function lockTypeOf(spec: ScenarioSpec): LockType {
  return spec.lockType ?? 'Lock';
}

/** What each task carries, in order (idx first). */
export function taskFields(spec: ScenarioSpec): ('idx' | 'lock' | 'queue')[] {
  const fields: ('idx' | 'lock' | 'queue')[] = ['idx'];
  if (spec.lockRoute === 'task') fields.push('lock');
  if (spec.queueRoute === 'task') fields.push('queue');
  return fields;
}

/** The Pool's `initargs`, in the script's order: the objects whose route is the initializer. */
export function initargsFields(spec: ScenarioSpec): ('lock' | 'queue')[] {
  return SLOTS.filter((n) => routeOf(spec, n) === 'initializer');
}

/** Checks that a spec describes a script that can exist. */
export function validateSpec(spec: ScenarioSpec): string | null {
  if (
    spec.container === 'process' &&
    (spec.lockRoute === 'initializer' || spec.queueRoute === 'initializer')
  ) {
    return 'Only a Pool has an initializer; Process arguments are the task.';
  }
  if (
    (spec.lockRoute === 'initializer' || spec.queueRoute === 'initializer') &&
    !spec.initializerName
  ) {
    return 'A scenario that uses an initializer must name it.';
  }
  return null;
}
