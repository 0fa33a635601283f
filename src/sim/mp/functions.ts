/**
 * Python functions by qualified name: what pickle can find (a function pickles
 * as `module.qualname` and must be found again by that name, so lambdas and
 * local functions cannot be pickled) and what a process can call from plain
 * data (a Process target, a Pool task's function).
 */
import { PyException, type PyGlobal, type PyValue } from '../python';
import type { Gen } from '../syscalls';
import type { Py, PyFunction } from './runtime';

/**
 * The library's own callable functions by `module.qualname`, defined by the
 * modules that hold them when they load (pool.ts: `worker`, `mapstar`;
 * manager-server.ts: `_run_server`), so this module imports none of them. The
 * script's functions come from `py.main`, the run's `__main__`.
 */
const STDLIB = new Map<string, PyFunction>();

/** Makes a library function callable by name (a Process target, a Pool's worker). */
export function defineFunction(qualifiedName: string, fn: PyFunction): void {
  STDLIB.set(qualifiedName, fn);
  STDLIB_MEMO.clear();
  IMPORTABLE_MEMO.clear();
}

/**
 * Names that exist as importable attributes (what pickle's save_global
 * checks), besides the functions defined above: classes and the like.
 */
const IMPORTABLE = new Set([
  'multiprocessing.synchronize.Lock',
  'multiprocessing.synchronize.RLock',
  'multiprocessing.synchronize.Semaphore',
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
  // A job's exception on its way back from a Pool worker (pool-exceptions.ts).
  'multiprocessing.pool.rebuild_exc',
  'builtins.AttributeError',
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

/** Whether pickle can find `g` by name (save_global's check): a library name, or the script's. */
export function knownFunction(py: Py, g: PyGlobal): boolean {
  if (byName(IMPORTABLE_MEMO, g, (key) => IMPORTABLE.has(key) || STDLIB.has(key))) return true;
  if (g.module === '__main__') return g.qualname in py.main.functions;
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
  const stdlib = byName(STDLIB_MEMO, func, (key) => STDLIB.get(key));
  if (stdlib) return yield* stdlib(py, args);
  if (func.module === '__main__') {
    const user = py.main.functions[func.qualname];
    if (user) return yield* user(py, args);
  }
  throw new PyException(
    'AttributeError',
    `module '${func.module}' has no attribute '${func.qualname}'`,
  );
}

/**
 * Runs the scenario script's module level (the globals it defines), as in the
 * main process or as `__mp_main__` when a spawned child imports it.
 */
export function defineMainModule(py: Py): void {
  for (const [name, value] of Object.entries(py.main.globals)) py.setVar(name, value);
}
