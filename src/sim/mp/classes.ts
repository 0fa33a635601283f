/**
 * The Python classes and functions the model knows, as pickle names them
 * (`module`, `qualname`). Pickling a class or function writes exactly these
 * names; unpickling looks them up here.
 */
import { global, type PyGlobal, type PyValue, isObject } from '../python';
import type { PythonVersion } from '../trace';

export const C = {
  Lock: global('multiprocessing.synchronize', 'Lock'),
  RLock: global('multiprocessing.synchronize', 'RLock'),
  Semaphore: global('multiprocessing.synchronize', 'Semaphore'),
  BoundedSemaphore: global('multiprocessing.synchronize', 'BoundedSemaphore'),
  Queue: global('multiprocessing.queues', 'Queue'),
  SimpleQueue: global('multiprocessing.queues', 'SimpleQueue'),
  Connection: global('multiprocessing.connection', 'Connection'),
  PipeConnection: global('multiprocessing.connection', 'PipeConnection'),
  rebuild_connection: global('multiprocessing.connection', 'rebuild_connection'),
  rebuild_pipe_connection: global('multiprocessing.connection', 'rebuild_pipe_connection'),
  DupFdSpawn: global('multiprocessing.popen_spawn_posix', '_DupFd'),
  DupFdForkserver: global('multiprocessing.popen_forkserver', '_DupFd'),
  DupHandle: global('multiprocessing.reduction', 'DupHandle'),
  AuthenticationString: global('multiprocessing.process', 'AuthenticationString'),
  Process: global('multiprocessing.context', 'Process'),
  ForkProcess: global('multiprocessing.context', 'ForkProcess'),
  SpawnProcess: global('multiprocessing.context', 'SpawnProcess'),
  ForkServerProcess: global('multiprocessing.context', 'ForkServerProcess'),
  Pool: global('multiprocessing.pool', 'Pool'),
  IMapIterator: global('multiprocessing.pool', 'IMapIterator'),
  mapstar: global('multiprocessing.pool', 'mapstar'),
  ExceptionWithTraceback: global('multiprocessing.pool', 'ExceptionWithTraceback'),
  rebuild_exc: global('multiprocessing.pool', 'rebuild_exc'),
  RemoteTraceback: global('multiprocessing.pool', 'RemoteTraceback'),
  worker: global('multiprocessing.pool', 'worker'),
  SyncManager: global('multiprocessing.managers', 'SyncManager'),
  Token: global('multiprocessing.managers', 'Token'),
  RebuildProxy: global('multiprocessing.managers', 'RebuildProxy'),
  AcquirerProxy: global('multiprocessing.managers', 'AcquirerProxy'),
  AutoProxy: global('multiprocessing.managers', 'AutoProxy'),
  getattr: global('builtins', 'getattr'),
  /** A bound method (`type(self)._run_server`): pickles as `getattr(__self__, __name__)`. */
  method: global('builtins', 'method'),
  generator: global('builtins', 'generator'),
  threadingLock: global('_thread', 'allocate_lock'),
  queueQueue: global('queue', 'Queue'),
} as const;

export function isA(v: PyValue, cls: PyGlobal): boolean {
  return isObject(v) && v.cls.module === cls.module && v.cls.qualname === cls.qualname;
}

export const SEMLOCK_CLASSES: readonly PyGlobal[] = [
  C.Lock,
  C.RLock,
  C.Semaphore,
  C.BoundedSemaphore,
];

export function isSemLock(v: PyValue): boolean {
  return SEMLOCK_CLASSES.some((c) => isA(v, c));
}

/**
 * Names an automatic proxy exposes for queue.Queue (what AutoProxy pickles as
 * `exposed`): `public_methods(queue.Queue())`, sorted. 3.13 added `shutdown`
 * (checked by running 3.11.7, 3.12.1 and 3.13.0).
 */
export function queueExposed(python: PythonVersion): readonly string[] {
  return python === '3.11' || python === '3.12' ? QUEUE_EXPOSED_311 : QUEUE_EXPOSED_313;
}

const QUEUE_EXPOSED_311 = [
  'empty',
  'full',
  'get',
  'get_nowait',
  'join',
  'put',
  'put_nowait',
  'qsize',
  'task_done',
] as const;
const QUEUE_EXPOSED_313 = [...QUEUE_EXPOSED_311.slice(0, 8), 'shutdown', 'task_done'] as const;
