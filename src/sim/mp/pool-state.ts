/**
 * The state of a Pool that its calls and its three handler threads share
 * (CPython keeps it on the Pool object and its ApplyResult/MapResult/
 * IMapIterator objects): the jobs in `_cache`, each job's result, and the end
 * of a job. Apart from pool.ts so that pool-calls.ts can read it too.
 */
import type { PyException, PyGlobal, PyObject, PyValue } from '../python';
import type { Gen } from '../syscalls';
import type { PyIterable } from './iterables';
import { simplePut } from './queues';
import type { Py } from './runtime';
import { release, threadingLock, type ThreadQueue } from './threading';

export type PoolState = 'RUN' | 'CLOSE' | 'TERMINATE';

/** A task sequence on Pool._taskqueue, as plain data (CPython holds a generator). */
export interface TaskSeq {
  readonly job: number;
  readonly func: PyGlobal;
  /** map: the already-listed chunks; imap: the user's iterable, consumed lazily. */
  readonly source: PyIterable;
  readonly chunked: boolean;
  next: number;
  /** imap's result._set_length, or null for map. */
  readonly setLength: boolean;
}

export interface JobState {
  /** map and starmap: a MapResult; apply_async: an ApplyResult; the imaps: their iterators. */
  readonly kind: 'map' | 'imap' | 'imap_unordered' | 'apply';
  readonly chunksize: number;
  numberLeft: number;
  readonly value: PyValue[];
  success: boolean;
  error: PyException | null;
  /** MapResult._event: released once when the job is done. */
  readonly event: number;
  ready: boolean;
  /** IMapIterator: items received in order, and the length once known. */
  index: number;
  length: number | null;
  /**
   * Set when the script reads an imap's results (pool-calls.ts): the items
   * kept for next(), by task index (imap) or in arrival order
   * (imap_unordered), and `_cond.notify()` on each. An unread imap keeps
   * none, as the seeds' traces record.
   */
  outcomes?: (Outcome | undefined)[];
}

export interface PoolNative {
  state: PoolState;
  taskqueue: ThreadQueue;
  cache: Record<number, JobState>;
  threads: { workers: number; tasks: number; results: number };
  handlerState: { workers: PoolState; tasks: PoolState; results: PoolState };
  /** The task handler has sent its sentinels and ended (`task_handler.is_alive()` is False). */
  tasksDone: boolean;
}

export function native(py: Py, pool: PyObject): PoolNative {
  return py.mem.native.get(`pool:${pool.addr}`) as PoolNative;
}

/** pool.job_counter: module-level, shared by every Pool of the process. */
export function nextJob(py: Py): number {
  const n = (py.mem.native.get('pool.job_counter') as number | undefined) ?? 0;
  py.mem.native.set('pool.job_counter', n + 1);
  return n;
}

/**
 * ApplyResult.__init__, which MapResult's runs through super(): the next job
 * number, the result's threading.Event, and its entry in the pool's cache.
 */
export function* newResult(
  py: Py,
  pool: PyObject,
  kind: 'apply' | 'map',
  entry: Pick<JobState, 'chunksize' | 'numberLeft' | 'value' | 'ready'>,
): Gen<number> {
  const job = nextJob(py);
  const owner = kind === 'apply' ? 'ApplyResult' : 'MapResult';
  const event = yield* threadingLock(
    py,
    `${owner}._event (job ${job})`,
    { owner, role: '_event' },
    0,
  );
  native(py, pool).cache[job] = {
    kind,
    ...entry,
    success: true,
    error: null,
    event,
    index: 0,
    length: null,
  };
  return job;
}

/** A job of the pool: in its cache while it runs, then where finishJob keeps it. */
export function jobState(py: Py, pool: PyObject, job: number): JobState {
  return (
    native(py, pool).cache[job] ?? (py.mem.native.get(`pool-done:${pool.addr}:${job}`) as JobState)
  );
}

export type Outcome = { ok: true; value: PyValue } | { ok: false; error: PyException };

/** `del self._cache[self._job]; self._event.set()`; an emptied cache notifies the worker handler. */
export function* finishJob(py: Py, pool: PyObject, job: number): Gen<void> {
  const state = native(py, pool);
  const result = state.cache[job]!;
  delete state.cache[job];
  py.mem.native.set(`pool-done:${pool.addr}:${job}`, result);
  result.ready = true;
  yield* release(py, result.event);
  if (Object.keys(state.cache).length === 0) {
    yield* simplePut(py, pool.dict['_change_notifier'] as PyObject, null, 'change notification');
  }
}
