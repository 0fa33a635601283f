/**
 * How a Pool is torn down: `Pool._terminate_pool`, the finalizer (exitpriority
 * 15) that `Pool.__init__` registers, runs from `util._exit_function` at the
 * latest; and `Pool.__del__` when the interpreter shuts down.
 *
 * `_terminate_pool` wakes the worker handler through the change notifier (a
 * pickled `None`), so that it stops and hands the task handler its sentinel,
 * and the task handler sends its own: `None` to the result handler and one
 * `None` per worker. Meanwhile `_help_stuff_finish` takes the in-queue's read
 * lock (and keeps it) and drains what the task handler is still writing. Then
 * two more `None`s wake the worker and result handlers, the threads are
 * joined and the workers that have not exited are terminated. So a run whose
 * Pool ran to the end pickles `None` nine times with three workers, as
 * CPython 3.11–3.13 do (measured with scripts/cpython_check.py).
 */
import type { PyObject, PyValue } from '../python';
import type { Gen } from '../syscalls';
import { poll, recvBytes } from './connection';
import { native, TERMINATE_POOL, type PoolNative } from './pool';
import { isAlive, join, processPid } from './process';
import { simplePut } from './queues';
import type { Py } from './runtime';
import { semAcquire } from './synchronize';
import { joinThread } from './threading';
import { defineFinalizer } from './util';

/** Pool._terminate_pool(taskqueue, inqueue, outqueue, pool, change_notifier, ...) */
function* terminatePool(py: Py, poolAddr: number): Gen<void> {
  const pool = py.mem.heap.get(poolAddr);
  if (pool === undefined) return;
  const state = native(py, pool);
  if (state === undefined) return;
  yield* py.frame('util.py', '__call__', () =>
    py.frame('pool.py', '_terminate_pool', () => terminatePoolBody(py, pool, state)),
  );
}

defineFinalizer(TERMINATE_POOL, terminatePool);

function* terminatePoolBody(py: Py, pool: PyObject, state: PoolNative): Gen<void> {
  const notifier = pool.dict['_change_notifier'] as PyObject;
  const inqueue = pool.dict['_inqueue'] as PyObject;
  const outqueue = pool.dict['_outqueue'] as PyObject;
  const workers = (pool.dict['_pool'] as { items: PyValue[] }).items as PyObject[];
  state.handlerState.workers = 'TERMINATE';
  yield* simplePut(py, notifier, null, 'change notification');
  state.handlerState.tasks = 'TERMINATE';
  yield* py.frame('pool.py', '_help_stuff_finish', () => helpStuffFinish(py, state, inqueue));
  state.handlerState.results = 'TERMINATE';
  yield* simplePut(py, notifier, null, 'change notification');
  yield* simplePut(py, outqueue, null, 'sentinel to result handler');
  yield* joinThread(py, state.threads.workers);
  // Terminate the workers that have not exited yet.
  for (const w of workers) {
    const pid = processPid(w);
    if (pid !== null && (yield* isAlive(py, w))) yield* py.sys({ op: 'proc.kill', pid });
  }
  yield* joinThread(py, state.threads.tasks);
  yield* joinThread(py, state.threads.results);
  for (const w of workers) if (yield* isAlive(py, w)) yield* join(py, w);
}

/**
 * `inqueue._rlock.acquire()` (never released), then read what the task
 * handler is still writing while it lives, so that it is not blocked on a
 * full pipe.
 */
function* helpStuffFinish(py: Py, state: PoolNative, inqueue: PyObject): Gen<void> {
  yield* semAcquire(py, inqueue.dict['_rlock']!);
  while (!state.tasksDone && (yield* poll(py, inqueue.dict['_reader']!))) {
    yield* recvBytes(py, inqueue.dict['_reader']!);
  }
}

/**
 * Pool.__del__ when the interpreter shuts down: a Pool still running (never
 * closed: `map()` raised before `close()`) wakes its worker handler once more.
 */
export function* poolsAtShutdown(py: Py): Gen<void> {
  for (const obj of [...py.mem.heap.values()]) {
    if (obj.cls.module !== 'multiprocessing.pool' || obj.cls.qualname !== 'Pool') continue;
    if (obj.dict['_state'] !== 'RUN') continue;
    yield* simplePut(py, obj.dict['_change_notifier'] as PyObject, null, 'change notification');
  }
}
