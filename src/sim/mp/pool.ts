/**
 * multiprocessing.pool.Pool, as CPython runs it.
 *
 * The worker processes are created inside `Pool()`: their arguments (the
 * in/out queues, the initializer and its initargs) travel with process
 * creation — inherited under fork, pickled *while spawning* otherwise — so a
 * Lock passed through `initargs` is accepted. Tasks are different: `map()`
 * and `imap()` hand them to the parent's task-handler thread
 * (`Thread-2 (_handle_tasks)`), which pickles each one onto the in-queue pipe
 * long after the workers exist. A Lock or Queue inside a task therefore hits
 * `assert_spawning` in that thread; the error is stored on the job's result,
 * and `map()` raises it in the main thread while an unread `imap()` never
 * does.
 */
import {
  PyException,
  dict,
  global,
  isObject,
  isTuple,
  list,
  tuple,
  type PyGlobal,
  type PyObject,
  type PyValue,
  type PyTuple,
} from '../python';
import type { Gen } from '../syscalls';
import { C } from './classes';
import { handleOf, recv, send, close } from './connection';
import { callFunction, defineFunction } from './functions';
import { nextFromIterable, type PyIterable } from './iterables';
import { start } from './popen';
import { newProcess, join, processName } from './process';
import { SimpleQueue, simpleGet, simplePut } from './queues';
import type { Py } from './runtime';
import {
  acquire,
  joinThread,
  newThreadQueue,
  release,
  startThread,
  threadQueueGet,
  threadQueuePut,
  threadingLock,
} from './threading';
import {
  finishJob,
  jobState,
  native,
  newResult,
  nextJob,
  type JobState,
  type Outcome,
  type PoolNative,
  type TaskSeq,
} from './pool-state';
import { releaseProxy } from './managers';
import { exceptionWithTraceback, remoteError } from './pool-exceptions';
import { defineReconstructor } from './reduction';
import { registerFinalizer } from './util';

export {
  finishJob,
  jobState,
  native,
  newResult,
  nextJob,
  type JobState,
  type Outcome,
  type PoolNative,
  type PoolState,
  type TaskSeq,
} from './pool-state';

/** The finalizer Pool.__init__ registers; pool-terminate.ts defines it. */
export const TERMINATE_POOL = 'Pool._terminate_pool';

/** `ctx.Pool(processes, initializer, initargs)` */
export function* Pool(
  py: Py,
  processes: number,
  initializer: PyGlobal | null,
  initargs: PyValue[],
): Gen<PyObject> {
  const pool = py.register(py.newObject(C.Pool, { _processes: processes, _state: 'INIT' }));
  yield* py.frame('pool.py', '__init__', () =>
    poolInit(py, pool, processes, initializer, initargs),
  );
  return pool;
}

function* poolInit(
  py: Py,
  pool: PyObject,
  processes: number,
  initializer: PyGlobal | null,
  initargs: PyValue[],
): Gen<void> {
  // _setup_queues(): the workers read tasks from _inqueue and write results to _outqueue.
  const inqueue = yield* SimpleQueue(py, 'Pool._inqueue');
  const outqueue = yield* SimpleQueue(py, 'Pool._outqueue');
  const changeNotifier = yield* SimpleQueue(py, 'Pool._change_notifier');
  const taskqueue = yield* newThreadQueue(py, 'Pool._taskqueue', {
    owner: 'Pool',
    role: '_taskqueue',
  });
  Object.assign(pool.dict, {
    _inqueue: inqueue,
    _outqueue: outqueue,
    _change_notifier: changeNotifier,
    _pool: list(),
  });
  const state: PoolNative = {
    state: 'RUN',
    taskqueue,
    cache: {},
    threads: { workers: 0, tasks: 0, results: 0 },
    handlerState: { workers: 'RUN', tasks: 'RUN', results: 'RUN' },
    tasksDone: false,
  };
  py.mem.native.set(`pool:${pool.addr}`, state);
  // _repopulate_pool(): the workers and their arguments are created now.
  yield* py.frame('pool.py', '_repopulate_pool_static', () =>
    repopulatePool(py, pool, processes, inqueue, outqueue, initializer, initargs),
  );
  state.threads.workers = yield* startThread(py, '_handle_workers', {
    program: 'pool._handle_workers',
    args: [pool.addr],
  });
  state.threads.tasks = yield* startThread(py, '_handle_tasks', {
    program: 'pool._handle_tasks',
    args: [pool.addr],
  });
  state.threads.results = yield* startThread(py, '_handle_results', {
    program: 'pool._handle_results',
    args: [pool.addr],
  });
  pool.dict['_state'] = 'RUN';
  // self._terminate = util.Finalize(self, self._terminate_pool, ..., exitpriority=15)
  registerFinalizer(py, TERMINATE_POOL, pool.addr, 15);
}

function* repopulatePool(
  py: Py,
  pool: PyObject,
  processes: number,
  inqueue: PyObject,
  outqueue: PyObject,
  initializer: PyGlobal | null,
  initargs: PyValue[],
): Gen<void> {
  for (let i = 0; i < processes; i++) {
    const w = newProcess(py, {
      target: C.worker,
      // (inqueue, outqueue, initializer, initargs, maxtasksperchild, wrap_exception): Pool's is True.
      args: [inqueue, outqueue, initializer, tuple(...initargs), null, true],
      daemon: true,
    });
    w.dict['_name'] = processName(w).replace('Process', 'PoolWorker');
    yield* start(py, w);
    (pool.dict['_pool'] as { items: PyValue[] }).items.push(w);
  }
}

/** Pool.map: list the iterable here, queue the chunks, wait, re-raise a stored error. */
export function* poolMap(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  iterable: PyIterable,
): Gen<PyValue> {
  return yield* py.frame('pool.py', 'map', () => poolMapBody(py, pool, func, iterable));
}

/** `_map_async(func, iterable, mapper).get()`: map's with mapstar, starmap's with starmapstar. */
export function* poolMapBody(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  iterable: PyIterable,
  mapper: PyGlobal = C.mapstar,
): Gen<PyValue> {
  const items: PyValue[] = [];
  // _map_async: `if not hasattr(iterable, '__len__'): iterable = list(iterable)`
  for (;;) {
    const item = yield* nextFromIterable(py, iterable);
    if (item === undefined) break;
    items.push(item);
  }
  const processes = pool.dict['_processes'] as number;
  let chunksize = Math.floor(items.length / (processes * 4));
  if (items.length % (processes * 4) !== 0) chunksize += 1;
  if (items.length === 0) chunksize = 0;
  const chunks: PyValue[] = [];
  for (let i = 0; i < items.length; i += chunksize) {
    chunks.push(tuple(func, tuple(...items.slice(i, i + chunksize))));
  }
  const state = native(py, pool);
  const job = yield* newResult(py, pool, 'map', {
    chunksize,
    numberLeft: chunks.length,
    value: new Array<PyValue>(items.length).fill(null),
    ready: chunks.length === 0,
  });
  const seq: TaskSeq = {
    job,
    func: mapper,
    source: { kind: 'list', items: chunks, pos: 0 },
    chunked: true,
    next: 0,
    setLength: false,
  };
  yield* threadQueuePut(py, state.taskqueue, seq);
  // MapResult.get(): wait for the event, then return the value or `raise self._value`.
  return yield* py.frame('pool.py', 'get', () => mapResultGet(py, pool, job));
}

/** ApplyResult.get() (MapResult's too): wait for the event, then the value or `raise self._value`. */
export function* mapResultGet(py: Py, pool: PyObject, job: number): Gen<PyValue> {
  const job_ = jobState(py, pool, job);
  if (!job_.ready) yield* acquire(py, job_.event);
  if (job_.success) return job_.kind === 'apply' ? (job_.value[0] ?? null) : list(job_.value);
  const error = job_.error!;
  py.emitException('reraised', error);
  throw error;
}

/** Pool.imap: hand the iterable itself to the task handler; return an iterator nobody reads. */
export function* poolImap(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  iterable: PyIterable,
): Gen<PyValue> {
  return yield* py.frame('pool.py', 'imap', () => poolImapBody(py, pool, func, iterable));
}

/** imap's body, imap_unordered's too (`read`: the script lists the results, pool-calls.ts). */
export function* poolImapBody(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  iterable: PyIterable,
  kind: 'imap' | 'imap_unordered' = 'imap',
  read = false,
): Gen<PyValue> {
  const state = native(py, pool);
  const job = nextJob(py);
  const cls = kind === 'imap' ? C.IMapIterator : IMAP_UNORDERED_ITERATOR;
  const event = yield* threadingLock(
    py,
    `${cls.qualname}._cond (job ${job})`,
    { owner: kind === 'imap' ? 'IMapIterator' : 'IMapUnorderedIterator', role: '_cond' },
    0,
  );
  state.cache[job] = {
    kind,
    chunksize: 1,
    numberLeft: 0,
    value: [],
    success: true,
    error: null,
    event,
    ready: false,
    index: 0,
    length: null,
    ...(read ? { outcomes: [] } : {}),
  };
  const seq: TaskSeq = { job, func, source: iterable, chunked: false, next: 0, setLength: true };
  yield* threadQueuePut(py, state.taskqueue, seq);
  return py.newObject(cls, { _job: job });
}

const IMAP_UNORDERED_ITERATOR = global('multiprocessing.pool', 'IMapUnorderedIterator');

/** Pool.close(): no more tasks; wake the worker handler. */
export function* poolClose(py: Py, pool: PyObject): Gen<void> {
  yield* py.frame('pool.py', 'close', () => poolCloseBody(py, pool));
}

function* poolCloseBody(py: Py, pool: PyObject): Gen<void> {
  const state = native(py, pool);
  state.state = 'CLOSE';
  state.handlerState.workers = 'CLOSE';
  pool.dict['_state'] = 'CLOSE';
  yield* simplePut(py, pool.dict['_change_notifier'] as PyObject, null, 'change notification');
}

/** Pool.join(): the three handler threads, then every worker. */
export function* poolJoin(py: Py, pool: PyObject): Gen<void> {
  yield* py.frame('pool.py', 'join', () => poolJoinBody(py, pool));
}

function* poolJoinBody(py: Py, pool: PyObject): Gen<void> {
  const state = native(py, pool);
  yield* joinThread(py, state.threads.workers);
  yield* joinThread(py, state.threads.tasks);
  yield* joinThread(py, state.threads.results);
  for (const w of (pool.dict['_pool'] as { items: PyValue[] }).items)
    yield* join(py, w as PyObject);
}

// ── the parent's three handler threads ─────────────────────────────────────

/** Pool._handle_workers: keeps the pool while it runs or jobs remain, then stops the task handler. */
export function* handleWorkers(py: Py, poolAddr: number): Gen<void> {
  const pool = py.mem.heap.get(poolAddr)!;
  const state = native(py, pool);
  yield* py.frame('pool.py', '_handle_workers', () => handleWorkersBody(py, pool, state));
}

function* handleWorkersBody(py: Py, pool: PyObject, state: PoolNative): Gen<void> {
  const notifier = pool.dict['_change_notifier'] as PyObject;
  while (
    state.handlerState.workers === 'RUN' ||
    (Object.keys(state.cache).length > 0 && state.handlerState.workers !== 'TERMINATE')
  ) {
    // _wait_for_updates: wait for a change notification, then drain them all.
    yield* py.sys({ op: 'pipe.recv', handle: handleOf(notifier.dict['_reader']!) });
    while (yield* py.sys({ op: 'pipe.poll', handle: handleOf(notifier.dict['_reader']!) })) {
      yield* py.sys({ op: 'pipe.recv', handle: handleOf(notifier.dict['_reader']!) });
    }
  }
  yield* threadQueuePut(py, state.taskqueue, null);
}

/** Pool._handle_tasks: pickle every task onto the in-queue pipe; store errors on the job. */
export function* handleTasks(py: Py, poolAddr: number): Gen<void> {
  const pool = py.mem.heap.get(poolAddr)!;
  const state = native(py, pool);
  const inqueue = pool.dict['_inqueue'] as PyObject;
  const outqueue = pool.dict['_outqueue'] as PyObject;
  yield* py.frame('pool.py', '_handle_tasks', () =>
    handleTasksBody(py, pool, state, inqueue, outqueue),
  );
}

function* handleTasksBody(
  py: Py,
  pool: PyObject,
  state: PoolNative,
  inqueue: PyObject,
  outqueue: PyObject,
): Gen<void> {
  for (;;) {
    const seq = yield* threadQueueGet<TaskSeq | null>(py, state.taskqueue);
    if (seq === null) break;
    let last = -1;
    for (;;) {
      const x = yield* nextFromIterable(py, seq.source);
      if (x === undefined) break;
      const i = seq.next++;
      last = i;
      // _guarded_task_generation: (job, i, func, (x,), {})
      const task = tuple(seq.job, i, seq.func, tuple(x), dict());
      try {
        yield* send(py, inqueue.dict['_writer']!, task, `task ${i}`);
      } catch (error) {
        if (!(error instanceof PyException)) throw error;
        py.caught(error);
        py.emitException('raised', error);
        yield* setResult(py, pool, seq.job, i, { ok: false, error });
      }
    }
    if (seq.setLength) yield* setLength(py, pool, seq.job, last + 1);
  }
  // Tell the result handler, then every worker, that there is no more work.
  yield* simplePut(py, outqueue, null, 'sentinel to result handler');
  for (let n = 0; n < (pool.dict['_pool'] as { items: PyValue[] }).items.length; n++) {
    yield* send(py, inqueue.dict['_writer']!, null, 'sentinel to a worker');
  }
  state.tasksDone = true;
}

/** Pool._handle_results: read (job, i, result) from the out-queue and set it on the job. */
export function* handleResults(py: Py, poolAddr: number): Gen<void> {
  const pool = py.mem.heap.get(poolAddr)!;
  const state = native(py, pool);
  const outqueue = pool.dict['_outqueue'] as PyObject;
  yield* py.frame('pool.py', '_handle_results', () => handleResultsBody(py, pool, state, outqueue));
}

function* handleResultsBody(
  py: Py,
  pool: PyObject,
  state: PoolNative,
  outqueue: PyObject,
): Gen<void> {
  let sentinelSeen = false;
  for (;;) {
    if (sentinelSeen && Object.keys(state.cache).length === 0) break;
    let task: PyValue;
    try {
      task = yield* recv(py, outqueue.dict['_reader']!, 'result');
    } catch (error) {
      if (error instanceof PyException) return;
      throw error;
    }
    // `if thread._state != RUN: break`: _terminate_pool has stopped it.
    if (state.handlerState.results !== 'RUN') break;
    if (task === null) {
      sentinelSeen = true;
      continue;
    }
    const [job, i, obj] = (task as PyTuple).items as [number, number, PyTuple];
    const [ok, value] = obj.items;
    yield* setResult(
      py,
      pool,
      job,
      i,
      ok === true
        ? { ok: true, value: value ?? null }
        : { ok: false, error: remoteError(value ?? null) },
    );
  }
}

/** MapResult._set / IMapIterator._set */
function* setResult(py: Py, pool: PyObject, job: number, i: number, outcome: Outcome): Gen<void> {
  const state = native(py, pool);
  const result = state.cache[job];
  if (!result) return;
  if (result.kind === 'apply') {
    yield* setApplyResult(py, pool, job, result, outcome);
    return;
  }
  if (result.kind === 'map') {
    result.numberLeft -= 1;
    if (outcome.ok && result.success) {
      const values = isObject(outcome.value)
        ? []
        : ((outcome.value as { items?: PyValue[] }).items ?? []);
      values.forEach((v, k) => (result.value[i * result.chunksize + k] = v));
    } else if (!outcome.ok && result.success) {
      // Only the first exception is kept.
      result.success = false;
      result.error = outcome.error;
      py.emitException('stored', outcome.error);
    }
    if (result.numberLeft === 0) yield* finishJob(py, pool, job);
    return;
  }
  // IMapIterator: kept in order; an error is stored as an item and raised only by next().
  result.index += 1;
  if (!outcome.ok) {
    py.emitException('stored', outcome.error);
  }
  if (result.outcomes !== undefined) {
    if (result.kind === 'imap') result.outcomes[i] = outcome;
    else result.outcomes.push(outcome);
    // self._cond.notify(): next() may be waiting for this item.
    yield* release(py, result.event);
  }
  if (result.length !== null && result.index === result.length) yield* finishJob(py, pool, job);
}

function* setLength(py: Py, pool: PyObject, job: number, length: number): Gen<void> {
  const result = native(py, pool).cache[job];
  if (!result) return;
  result.length = length;
  if (result.index === length) yield* finishJob(py, pool, job);
}

/** ApplyResult._set: `self._success, self._value = obj`, then done. */
function* setApplyResult(
  py: Py,
  pool: PyObject,
  job: number,
  result: JobState,
  outcome: Outcome,
): Gen<void> {
  result.numberLeft = 0;
  result.success = outcome.ok;
  if (outcome.ok) result.value[0] = outcome.value;
  else {
    result.error = outcome.error;
    py.emitException('stored', outcome.error);
  }
  yield* finishJob(py, pool, job);
}

// ── the worker process ─────────────────────────────────────────────────────

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

/** pool.worker(inqueue, outqueue, initializer, initargs, maxtasks, wrap_exception) */
function* poolWorker(py: Py, args: PyValue[]): Gen<PyValue> {
  const [inqueue, outqueue, initializer, initargs] = args as [
    PyObject,
    PyObject,
    PyGlobal | null,
    PyTuple,
  ];
  yield* py.frame('pool.py', 'worker', () =>
    poolWorkerBody(py, inqueue, outqueue, initializer, initargs),
  );
  return null;
}

function* poolWorkerBody(
  py: Py,
  inqueue: PyObject,
  outqueue: PyObject,
  initializer: PyGlobal | null,
  initargs: PyTuple,
): Gen<void> {
  // Close the ends this process never uses.
  yield* close(py, inqueue.dict['_writer']!);
  yield* close(py, outqueue.dict['_reader']!);
  if (initializer !== null) yield* callFunction(py, initializer, [...initargs.items]);
  for (;;) {
    let task: PyValue;
    try {
      task = yield* simpleGet(py, inqueue, 'task');
    } catch (error) {
      if (error instanceof PyException) break;
      throw error;
    }
    if (task === null) break;
    const [job, i, func, fargs] = (task as PyTuple).items as [number, number, PyGlobal, PyTuple];
    py.setVar('task', task);
    let result: PyValue;
    try {
      result = tuple(true, yield* callFunction(py, func, [...fargs.items]));
    } catch (error) {
      if (!(error instanceof PyException)) throw error;
      // `except Exception as e`: the traceback starts at worker's own line 125.
      error.frames.unshift(py.stdlibFrame('pool.py', 'worker#call'));
      const { wrapped, lines } = exceptionWithTraceback(py, error);
      py.emitException('raised', error, lines);
      result = tuple(false, wrapped);
    }
    yield* simplePut(py, outqueue, tuple(job, i, result), `result of task ${i}`);
    // `task = job = result = func = args = kwds = None`: proxies in the task are collected now.
    py.delVar('task');
    for (const proxy of proxiesIn(task)) yield* releaseProxy(py, proxy);
  }
}

function proxiesIn(value: PyValue, out: PyObject[] = [], seen = new Set<object>()): PyObject[] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array || seen.has(value))
    return out;
  seen.add(value);
  if (value.t === 'tuple' || value.t === 'list')
    value.items.forEach((v) => proxiesIn(v, out, seen));
  else if (value.t === 'obj' && value.dict['_token'] !== undefined) out.push(value);
  return out;
}

// Found by name: a worker process's target, and the function a map() task calls.
defineFunction('multiprocessing.pool.worker', poolWorker);
defineFunction('multiprocessing.pool.mapstar', mapstar);

// `AttributeError(message)`: the exception a job raised, rebuilt by calling its class.
defineReconstructor(global('builtins', 'AttributeError'), {
  rebuild: (py, args) =>
    py.newObject(global('builtins', 'AttributeError'), { args: tuple(...args) }),
});

// rebuild_exc(exc, tb): `exc.__cause__ = RemoteTraceback(tb)`, then exc.
defineReconstructor(C.rebuild_exc, {
  rebuild(py, [exc, tb]) {
    if (isObject(exc)) exc.dict['__cause__'] = py.newObject(C.RemoteTraceback, { tb: tb ?? '' });
    return exc ?? null;
  },
});
