/**
 * multiprocessing.queues: Queue and SimpleQueue.
 *
 * A Queue is a one-way pipe, two Locks (`_rlock`, `_wlock`; no `_wlock` on
 * Windows), a BoundedSemaphore (`_sem`) and, in each process that puts, a
 * feeder thread ("QueueFeederThread") started by the first put(). put()
 * only appends to an in-process buffer and returns: the feeder pickles and
 * writes later, so a pickling error there goes to stderr, never to the
 * caller. That is also why items from different processes can reach the pipe
 * in another order than their put() calls.
 */
import { PyException, formatTraceback, type PyObject, type PyValue } from '../python';
import { SEM_VALUE_MAX, type Gen } from '../syscalls';
import type { ObjectOwner } from '../trace';
import { C } from './classes';
import { Pipe, poll, recvBytes, sendBytes } from './connection';
import { forkingDumps, forkingLoads } from './reduction';
import type { Py } from './runtime';
import { BoundedSemaphore, Lock, semAcquire, semRelease } from './synchronize';
import { acquire, release, startThread, threadingLock } from './threading';
import { defineAfterForkHook, defineFinalizer, registerAfterFork, registerFinalizer } from './util';

/** The object the feeder thread recognises as "close": Queue._sentinel. */
const SENTINEL = '__queue_sentinel__';

// The names this module's finalizers and after-fork hook are registered under.
const FINALIZE_CLOSE = 'Queue._finalize_close';
const FINALIZE_JOIN = 'Queue._finalize_join';
const AFTER_FORK = 'Queue._after_fork';

/** ctx.Queue() */
export function* Queue(py: Py): Gen<PyObject> {
  const [reader, writer] = yield* Pipe(py, false, 'Queue pipe', { owner: 'Queue', role: 'pipe' });
  const rlock = yield* Lock(py, { owner: 'Queue', role: '_rlock' });
  const wlock =
    py.config.platform === 'windows' ? null : yield* Lock(py, { owner: 'Queue', role: '_wlock' });
  const sem = yield* BoundedSemaphore(py, SEM_VALUE_MAX, { owner: 'Queue', role: '_sem' });
  const queue = py.register(
    py.newObject(C.Queue, {
      _maxsize: SEM_VALUE_MAX,
      _reader: reader,
      _writer: writer,
      _rlock: rlock,
      _opid: py.pid,
      _wlock: wlock,
      _sem: sem,
      _ignore_epipe: false,
      _thread: null,
      _closed: false,
    }),
  );
  // Queue.__init__: register_after_fork(self, Queue._after_fork)
  registerAfterFork(py, AFTER_FORK, queue.addr);
  return queue;
}

interface FeederState {
  buffer: PyValue[];
  /** A private semaphore standing for the `_notempty` condition: one release per notify(). */
  notempty: number;
}

function feeder(py: Py, queue: PyObject): FeederState | undefined {
  return py.mem.native.get(`queue-feeder:${queue.addr}`) as FeederState | undefined;
}

/** Queue.put(obj): returns as soon as the object is in the buffer. */
export function* queuePut(py: Py, queue: PyObject, obj: PyValue): Gen<void> {
  yield* py.frame('queues.py', 'put', () => queuePutBody(py, queue, obj));
}

// Frame bodies here are named generators, not `function* () {}` closures
// (see connection.ts's sendBody).
function* queuePutBody(py: Py, queue: PyObject, obj: PyValue): Gen<void> {
  yield* semAcquire(py, queue.dict['_sem']!);
  let state = feeder(py, queue);
  if (queue.dict['_thread'] === null || state === undefined) {
    state = {
      buffer: [],
      notempty: yield* threadingLock(
        py,
        'Queue._notempty',
        { owner: 'Queue', role: '_notempty' },
        0,
      ),
    };
    py.mem.native.set(`queue-feeder:${queue.addr}`, state);
    // The feeder thread and the exit finalizers find the queue by address. A
    // child that forks resets it as it resets the queues it created itself.
    py.register(queue);
    registerAfterFork(py, AFTER_FORK, queue.addr);
    const tid = yield* startThread(
      py,
      '_feed',
      { program: 'queues._feed', args: [queue.addr] },
      'QueueFeederThread',
    );
    queue.dict['_thread'] = tid;
    // Finalize(self._thread, Queue._finalize_join, exitpriority=-5) and Finalize(self, _finalize_close, exitpriority=10)
    registerFinalizer(py, FINALIZE_JOIN, queue.addr, -5);
    registerFinalizer(py, FINALIZE_CLOSE, queue.addr, 10);
  }
  state.buffer.push(obj);
  yield* release(py, state.notempty);
}

/** The feeder thread: pickles buffered items and writes them to the pipe, under `_wlock`. */
export function* feed(py: Py, queueAddr: number): Gen<void> {
  const queue = py.mem.heap.get(queueAddr)!;
  const state = feeder(py, queue)!;
  yield* py.frame('threading.py', 'run', () =>
    py.frame('queues.py', '_feed', () => feedBody(py, queue, state)),
  );
}

function* feedBody(py: Py, queue: PyObject, state: FeederState): Gen<void> {
  for (;;) {
    while (state.buffer.length === 0) yield* acquire(py, state.notempty);
    while (state.buffer.length > 0) {
      const obj = state.buffer.shift()!;
      if (obj === SENTINEL) return;
      try {
        const bytes = yield* forkingDumps(py, obj, `queue item ${describe(obj)}`);
        const wlock = queue.dict['_wlock']!;
        if (wlock !== null) yield* semAcquire(py, wlock);
        yield* sendBytes(py, queue.dict['_writer']!, bytes);
        if (wlock !== null) yield* semRelease(py, wlock);
      } catch (error) {
        if (!(error instanceof PyException)) throw error;
        // Queue._on_queue_feeder_error: traceback.print_exc() — to stderr, never to put()'s caller.
        py.caught(error);
        yield* semRelease(py, queue.dict['_sem']!);
        py.emitException('printed', error);
        for (const line of formatTraceback(error, py.config.python))
          yield* py.print(line, 'stderr');
      }
    }
  }
}

/** Queue._finalize_close: tell the feeder to stop once the buffer is flushed. */
function* finalizeClose(py: Py, queueAddr: number): Gen<void> {
  const queue = py.mem.heap.get(queueAddr)!;
  const state = feeder(py, queue);
  if (!state) return;
  state.buffer.push(SENTINEL);
  yield* release(py, state.notempty);
}

/** Queue._finalize_join: wait for the feeder thread to finish writing. */
function* finalizeJoin(py: Py, queueAddr: number): Gen<void> {
  const tid = py.mem.heap.get(queueAddr)!.dict['_thread'];
  if (typeof tid === 'number') yield* py.sys({ op: 'thread.join', tid });
}

/** Queue.get(): with `_rlock` held, read one message; then release `_sem`. */
export function* queueGet(py: Py, queue: PyObject): Gen<PyValue> {
  return yield* py.frame('queues.py', 'get', () => queueGetBody(py, queue));
}

function* queueGetBody(py: Py, queue: PyObject): Gen<PyValue> {
  yield* semAcquire(py, queue.dict['_rlock']!);
  let bytes: Uint8Array;
  try {
    bytes = yield* recvBytes(py, queue.dict['_reader']!);
  } finally {
    yield* semRelease(py, queue.dict['_rlock']!);
  }
  yield* semRelease(py, queue.dict['_sem']!);
  return yield* forkingLoads(py, bytes, 'queue item');
}

/** Queue.empty(): `not self._poll()` — only says whether bytes are in the pipe *now*. */
export function* queueEmpty(py: Py, queue: PyObject): Gen<boolean> {
  return !(yield* poll(py, queue.dict['_reader']!));
}

defineFinalizer(FINALIZE_CLOSE, finalizeClose);
defineFinalizer(FINALIZE_JOIN, finalizeJoin);

/** Queue._after_fork: in the child the queue starts with no feeder thread and an empty buffer. */
// A generator for the registry's sake: it makes no system call.
// eslint-disable-next-line require-yield
function* queueAfterFork(py: Py, queueAddr: number): Gen<void> {
  py.mem.heap.get(queueAddr)!.dict['_thread'] = null;
  py.mem.native.delete(`queue-feeder:${queueAddr}`);
}

defineAfterForkHook(AFTER_FORK, queueAfterFork);

// ── SimpleQueue: the Pool's inqueue and outqueue ──────────────────────────

/** The Pool's SimpleQueues, named (`owner`) by the Pool attribute that holds them. */
export type PoolQueue = Extract<ObjectOwner, `Pool._${string}`>;

/** `ctx.SimpleQueue()`: one of the Pool's, or the script's own (a scenario document's queue). */
export function* SimpleQueue(py: Py, owner: PoolQueue | 'SimpleQueue'): Gen<PyObject> {
  const [reader, writer] = yield* Pipe(py, false, `${owner} pipe`, { owner, role: 'pipe' });
  const rlock = yield* Lock(py, { owner, role: '_rlock' });
  const wlock =
    py.config.platform === 'windows' ? null : yield* Lock(py, { owner, role: '_wlock' });
  return py.newObject(C.SimpleQueue, {
    _reader: reader,
    _writer: writer,
    _rlock: rlock,
    _wlock: wlock,
  });
}

/** SimpleQueue.get(): `with self._rlock: res = self._reader.recv_bytes()`, then loads. */
export function* simpleGet(py: Py, q: PyObject, what: string): Gen<PyValue> {
  return yield* py.frame('queues.py', 'get', () => simpleGetBody(py, q, what));
}

function* simpleGetBody(py: Py, q: PyObject, what: string): Gen<PyValue> {
  yield* semAcquire(py, q.dict['_rlock']!);
  let bytes: Uint8Array;
  try {
    bytes = yield* recvBytes(py, q.dict['_reader']!);
  } finally {
    yield* semRelease(py, q.dict['_rlock']!);
  }
  return yield* forkingLoads(py, bytes, what);
}

/** SimpleQueue.put(obj): pickle here, then write under `_wlock`. */
export function* simplePut(py: Py, q: PyObject, obj: PyValue, what: string): Gen<void> {
  yield* py.frame('queues.py', 'put', () => simplePutBody(py, q, obj, what));
}

function* simplePutBody(py: Py, q: PyObject, obj: PyValue, what: string): Gen<void> {
  const bytes = yield* forkingDumps(py, obj, what);
  const wlock = q.dict['_wlock']!;
  if (wlock !== null) yield* semAcquire(py, wlock);
  yield* sendBytes(py, q.dict['_writer']!, bytes);
  if (wlock !== null) yield* semRelease(py, wlock);
}

function describe(obj: PyValue): string {
  return typeof obj === 'number' ? String(obj) : Array.isArray(obj) ? 'list' : typeof obj;
}
