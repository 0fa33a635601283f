/**
 * multiprocessing.synchronize: Lock and BoundedSemaphore are SemLocks, i.e. OS
 * semaphores. The Python object holds only a handle; the semaphore itself is
 * a kernel object outside every process, which is why a forked child's
 * `lock.acquire()` blocks on the very semaphore its parent holds: fork copies
 * the handle, and copy-on-write never applies to the kernel object.
 *
 * On POSIX a fork context unlinks the semaphore's name at once (only
 * inheritance can share it); spawn and forkserver keep the name so the child
 * can sem_open it. Windows duplicates the handle into the child instead.
 */
import { global, PyException, type PyObject, type PyValue } from '../python';
import { SEM_VALUE_MAX, type Gen } from '../syscalls';
import type { ObjectOwnership } from '../trace';
import { C } from './classes';
import type { Py } from './runtime';
import { tempName } from './util';
import { ensureResourceTracker } from './resource-tracker';

const SEMAPHORE = 1; // _multiprocessing.SemLock kind for Lock and (Bounded)Semaphore

function* newSemLock(
  py: Py,
  cls: typeof C.Lock,
  value: number,
  max: number,
  of: ObjectOwnership,
): Gen<PyObject> {
  // The label is display text: `Lock /mp-…` for the script's own, `Queue._rlock /mp-…` for a part.
  const label = of.role === '_semlock' ? of.owner : `${of.owner}.${of.role}`;
  const windows = py.config.platform === 'windows';
  const forkCtx = py.config.startMethod === 'fork';
  // CPython: name = prefix + random suffix; unlink_now for win32 and fork contexts.
  const bits = yield* py.sys({ op: 'random', bits: 32 });
  const name = windows ? null : `/mp-${tempName(bits)}`;
  const handle = yield* py.sys({
    op: 'sem.create',
    value,
    max,
    name,
    label: `${label}${name !== null ? ' ' + name : ''}`,
    of,
    unlink: forkCtx && !windows,
    private: false,
  });
  // SemLock.__init__ registers a name it keeps with the resource tracker.
  if (!forkCtx && !windows) yield* ensureResourceTracker(py);
  const semlock = py.newObject(global('_multiprocessing', 'SemLock'), {
    handle,
    kind: SEMAPHORE,
    maxvalue: max,
    name: forkCtx ? null : name,
  });
  return py.newObject(cls, { _semlock: semlock, _is_fork_ctx: forkCtx });
}

// Lock(), BoundedSemaphore() and semAcquire() hand back the one generator
// that does the work rather than wrapping it in a generator of their own.

/** ctx.Lock(): the script's own, or (`of`) a part of a Queue's. */
export function Lock(
  py: Py,
  of: ObjectOwnership = { owner: 'Lock', role: '_semlock' },
): Gen<PyObject> {
  return newSemLock(py, C.Lock, 1, 1, of);
}

/** ctx.BoundedSemaphore(value): the script's own, or (`of`) a Queue's `_sem`. */
export function BoundedSemaphore(
  py: Py,
  value: number,
  of: ObjectOwnership = { owner: 'BoundedSemaphore', role: '_semlock' },
): Gen<PyObject> {
  return newSemLock(py, C.BoundedSemaphore, value, Math.min(value, SEM_VALUE_MAX), of);
}

export function semHandle(lock: PyValue): number {
  const sl = (lock as PyObject).dict['_semlock'] as PyObject;
  return sl.dict['handle'] as number;
}

export function semAcquire(
  py: Py,
  lock: PyValue,
  block = true,
  timeout: number | null = null,
): Gen<boolean> {
  return py.sys({ op: 'sem.acquire', handle: semHandle(lock), block, timeout });
}

export function* semRelease(py: Py, lock: PyValue): Gen<void> {
  try {
    yield* py.sys({ op: 'sem.release', handle: semHandle(lock) });
  } catch {
    throw new PyException('ValueError', 'semaphore or lock released too many times');
  }
}
