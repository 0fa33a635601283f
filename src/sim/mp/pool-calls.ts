/**
 * The Pool calls beyond map and an unread imap, as CPython 3.11–3.14 run
 * them (Lib/multiprocessing/pool.py, the same in every release here):
 *
 * - `starmap(func, iterable)`: `_map_async(func, iterable, starmapstar)`, so
 *   each task is `(job, i, starmapstar, ((func, chunk),), {})` and the worker
 *   calls `func(*item)` for each item of the chunk.
 * - `imap_unordered(func, iterable)`: imap's task stream (chunksize 1), its
 *   results kept in the order they arrive.
 * - `list(imap(...))`: `IMapIterator.next()` waits for each item in turn and
 *   raises a stored error (`raise value`) in the thread that reads.
 * - `apply_async(func, args)`: one job per call, its single task
 *   `(job, 0, func, args, {})` put on the task queue as a list; a refused
 *   pickle is stored on the ApplyResult (`_set(0, (False, e))`) and raised
 *   only by its `.get()`. Without `.get()` nobody raises it: the script goes
 *   on, and its queue stays empty.
 */
import { global, isTuple, list, type PyGlobal, type PyObject, type PyValue } from '../python';
import type { Gen } from '../syscalls';
import { callFunction, defineFunction } from './functions';
import type { PyIterable } from './iterables';
import {
  jobState,
  mapResultGet,
  native,
  newResult,
  poolImapBody,
  poolMapBody,
  type TaskSeq,
} from './pool';
import type { Py } from './runtime';
import { acquire, threadQueuePut } from './threading';

const STARMAPSTAR = global('multiprocessing.pool', 'starmapstar');
const APPLY_RESULT = global('multiprocessing.pool', 'ApplyResult');

/** Pool.starmap: map's path with starmapstar as the mapper. */
export function* poolStarmap(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  iterable: PyIterable,
): Gen<PyValue> {
  return yield* py.frame('pool.py', 'starmap', () =>
    poolMapBody(py, pool, func, iterable, STARMAPSTAR),
  );
}

/** Pool.imap_unordered: `read` when the script lists its results. */
export function* poolImapUnordered(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  iterable: PyIterable,
  read: boolean,
): Gen<PyValue> {
  return yield* py.frame('pool.py', 'imap_unordered', () =>
    poolImapBody(py, pool, func, iterable, 'imap_unordered', read),
  );
}

/** Pool.imap whose results the script lists (an unread one is pool.ts's poolImap). */
export function* poolImapRead(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  iterable: PyIterable,
): Gen<PyValue> {
  return yield* py.frame('pool.py', 'imap', () =>
    poolImapBody(py, pool, func, iterable, 'imap', true),
  );
}

/** `list(iterator)` of a read imap or imap_unordered: next() until StopIteration. */
export function* listImap(py: Py, pool: PyObject, iterator: PyObject): Gen<PyValue> {
  const items: PyValue[] = [];
  for (;;) {
    const item = yield* py.frame('pool.py', 'next', () => imapNext(py, pool, iterator));
    if (item === undefined) return list(items);
    items.push(item);
  }
}

/** IMapIterator.next(): the next item, waiting on `_cond`; a stored error is raised here. */
function* imapNext(py: Py, pool: PyObject, iterator: PyObject): Gen<PyValue | undefined> {
  const job = iterator.dict['_job'] as number;
  const pos = (iterator.dict['_pos'] as number | undefined) ?? 0;
  for (;;) {
    const state = jobState(py, pool, job);
    const outcomes = state.outcomes ?? [];
    const outcome = outcomes[pos];
    if (outcome !== undefined) {
      iterator.dict['_pos'] = pos + 1;
      if (outcome.ok) return outcome.value;
      const error = outcome.error;
      py.emitException('reraised', error);
      throw error;
    }
    // `if self._index == self._length: raise StopIteration`
    if (state.length !== null && pos >= state.length) return undefined;
    yield* acquire(py, state.event);
  }
}

/** Pool.apply_async(func, args): one job, one task; returns its ApplyResult. */
export function* poolApplyAsync(
  py: Py,
  pool: PyObject,
  func: PyGlobal,
  args: PyValue,
): Gen<PyObject> {
  return yield* py.frame('pool.py', 'apply_async', () => applyAsyncBody(py, pool, func, args));
}

function* applyAsyncBody(py: Py, pool: PyObject, func: PyGlobal, arg: PyValue): Gen<PyObject> {
  const state = native(py, pool);
  const job = yield* newResult(py, pool, 'apply', {
    chunksize: 1,
    numberLeft: 1,
    value: [null],
    ready: false,
  });
  // `self._taskqueue.put(([(result._job, 0, func, args, kwds)], None))`: the task
  // handler builds (job, 0, func, (arg,), {}) from the one item, as for imap.
  const seq: TaskSeq = {
    job,
    func,
    source: { kind: 'list', items: [arg], pos: 0 },
    chunked: false,
    next: 0,
    setLength: false,
  };
  yield* threadQueuePut(py, state.taskqueue, seq);
  return py.newObject(APPLY_RESULT, { _job: job });
}

/** ApplyResult.get(): the value, or the stored error raised in the calling thread. */
export function* applyResultGet(py: Py, pool: PyObject, result: PyObject): Gen<PyValue> {
  const job = result.dict['_job'] as number;
  return yield* py.frame('pool.py', 'get', () => mapResultGet(py, pool, job));
}

/** pool.starmapstar(args): `list(itertools.starmap(args[0], args[1]))`. */
function* starmapstar(py: Py, args: PyValue[]): Gen<PyValue> {
  return yield* py.frame('pool.py', 'starmapstar', () => starmapstarBody(py, args));
}

function* starmapstarBody(py: Py, args: PyValue[]): Gen<PyValue> {
  const [packed] = args;
  const [func, chunk] = packed !== undefined && isTuple(packed) ? packed.items : [null, null];
  const results: PyValue[] = [];
  if (chunk !== null && chunk !== undefined && isTuple(chunk)) {
    for (const item of chunk.items) {
      const unpacked = isTuple(item) ? [...item.items] : [item];
      results.push(yield* callFunction(py, func as PyGlobal, unpacked));
    }
  }
  return list(results);
}

defineFunction('multiprocessing.pool.starmapstar', starmapstar);
