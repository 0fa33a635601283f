/**
 * The `threading` pieces multiprocessing uses inside one process: locks,
 * a queue.Queue (Pool._taskqueue), and starting/joining threads with
 * CPython's names (`Thread-2 (_handle_tasks)`).
 *
 * A threading lock is not an OS object that other processes could see: it is
 * a semaphore private to the process (the kernel marks it private so the UI
 * draws it inside the process card).
 */
import { SEM_VALUE_MAX, type Gen, type ProgramRef } from '../syscalls';
import type { ObjectOwnership } from '../trace';
import type { Py } from './runtime';

// The wrappers of a single system call return `py.sys()`'s generator instead
// of being generators themselves: one generator less per call.

/** A private semaphore: `max` 1 makes it a threading.Lock, a larger one a counter. */
export function threadingLock(
  py: Py,
  label: string,
  of: ObjectOwnership,
  value = 1,
  max = SEM_VALUE_MAX,
): Gen<number> {
  return py.sys({
    op: 'sem.create',
    value,
    max,
    name: null,
    label,
    of,
    unlink: false,
    private: true,
  });
}

export function acquire(py: Py, handle: number, timeout: number | null = null): Gen<boolean> {
  return py.sys({ op: 'sem.acquire', handle, block: true, timeout });
}

export function tryAcquire(py: Py, handle: number): Gen<boolean> {
  return py.sys({ op: 'sem.acquire', handle, block: false, timeout: null });
}

export function release(py: Py, handle: number): Gen<void> {
  return py.sys({ op: 'sem.release', handle });
}

/**
 * threading.Thread(target=...).start(). CPython names an unnamed thread
 * `Thread-N (target)` with N from a per-process counter.
 */
export function startThread(py: Py, target: string, main: ProgramRef, name?: string): Gen<number> {
  let threadName = name;
  if (threadName === undefined) {
    py.rt.threadCounter += 1;
    threadName = `Thread-${py.rt.threadCounter} (${target})`;
  }
  return py.sys({
    op: 'thread.start',
    name: threadName,
    main: { ...main, args: [threadName, ...main.args] },
  });
}

export function joinThread(py: Py, tid: number): Gen<void> {
  return py.sys({ op: 'thread.join', tid });
}

/**
 * queue.Queue between the threads of one process: items live in process
 * memory, a private semaphore counts them.
 */
export interface ThreadQueue {
  items: unknown[];
  /** Counts items; get() waits on it. */
  sem: number;
}

export function* newThreadQueue(py: Py, label: string, of: ObjectOwnership): Gen<ThreadQueue> {
  return { items: [], sem: yield* threadingLock(py, label, of, 0) };
}

export function threadQueuePut(py: Py, q: ThreadQueue, item: unknown): Gen<void> {
  q.items.push(item);
  return release(py, q.sem);
}

export function* threadQueueGet<T>(py: Py, q: ThreadQueue): Gen<T> {
  yield* acquire(py, q.sem);
  return q.items.shift() as T;
}
