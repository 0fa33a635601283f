/**
 * Counting semaphores (POSIX-like; a lock is a semaphore with value 1, max 1).
 *
 * Record: SEM_SLOTS Int32 words at `semOffset + id · 16` bytes:
 *
 * ```
 * word 0 COUNT    the count; acquire sleeps on this word while it is 0
 * word 1 MAX      release throws SemaphoreOverflowError past it (immutable)
 * word 2 WAITERS  threads parked in acquire right now (gauge, for the UI)
 * word 3 STATE    STATE_READY once created
 * ```
 *
 * There is no owner: any thread may release (as with POSIX `sem_post`). A
 * multiprocessing Lock's "only the owner may release" rule, if wanted, is the
 * kernel's business.
 *
 * Blocking protocol:
 * - acquire: load COUNT; while it is > 0, compare-exchange it to COUNT - 1
 *   (success → true). When it is 0: add 1 to WAITERS, `Atomics.wait(COUNT, 0,
 *   remaining)`, subtract 1 from WAITERS, and loop. A thread woken (or timed
 *   out) always re-tries before it gives up, so a wake-up is never wasted; the
 *   timeout only makes it return false once the count is still 0 after the
 *   deadline. It never spins: it only loops after a wait returned.
 * - release: compare-exchange COUNT to COUNT + 1 (throwing when COUNT is
 *   already MAX), then `Atomics.notify(COUNT, 1)` (one permit, one sleeper)
 *   if WAITERS > 0, then ring the doorbell (which notifies only if someone
 *   sleeps on it). Skipping a notify nobody needs is most of an uncontended
 *   release's cost: a waiter raises WAITERS before it waits, and its wait
 *   returns at once if COUNT moved since its load.
 * - The wait's "is COUNT still 0" check and the release's increment are both
 *   atomic on the same word, so a release between the acquirer's load and its
 *   wait makes the wait return 'not-equal' instead of sleeping.
 *
 * There is no fairness: a woken thread may lose the permit to a thread that
 * arrived later (POSIX makes no promise either).
 */
import { SEM_VALUE_MAX } from '../../sim/syscalls';
import { ring } from './doorbell';
import { KernelMemoryError, KernelMemoryFullError, SemaphoreOverflowError } from './errors';
import {
  H_SEM_COUNT,
  SEM_COUNT,
  SEM_MAX,
  SEM_SLOTS,
  SEM_STATE,
  SEM_WAITERS,
  STATE_READY,
  type Mem,
} from './layout';
import { deadlineOf, remainingMs } from './sync';

/** The largest count (and the default max): the model's SEM_VALUE_MAX, Linux's. */
export { SEM_VALUE_MAX };

/** How many semaphores exist (ids 0 .. n-1). */
export function semaphoreCount(m: Mem): number {
  return Math.min(Atomics.load(m.i32, H_SEM_COUNT), m.layout.maxSemaphores);
}

/**
 * Ids this thread has already checked, for the memory it uses (a thread uses
 * one): a record never stops being READY, so one check per id suffices, and
 * an uncontended acquire+release is then only its atomic operations.
 */
let checked: { readonly i32: Int32Array; readonly ok: Uint8Array } | null = null;

/** The Int32 index of a semaphore's first word, after checking the id. */
function base(m: Mem, id: number): number {
  const semBase = m.layout.semOffset / 4;
  if (checked !== null && checked.i32 === m.i32 && checked.ok[id] === 1) {
    return semBase + id * SEM_SLOTS;
  }
  if (!Number.isInteger(id) || id < 0 || id >= semaphoreCount(m)) {
    throw new KernelMemoryError('EBADF', `no semaphore ${id}`);
  }
  const b = semBase + id * SEM_SLOTS;
  if (Atomics.load(m.i32, b + SEM_STATE) !== STATE_READY) {
    throw new KernelMemoryError('EBADF', `semaphore ${id} is not initialised`);
  }
  if (checked === null || checked.i32 !== m.i32) {
    checked = { i32: m.i32, ok: new Uint8Array(m.layout.maxSemaphores) };
  }
  checked.ok[id] = 1;
  return b;
}

export function createSemaphore(m: Mem, value: number, max: number = SEM_VALUE_MAX): number {
  if (!Number.isInteger(max) || max < 1 || max > SEM_VALUE_MAX) {
    throw new RangeError(`semaphore max must be an integer in 1..${SEM_VALUE_MAX}, got ${max}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`semaphore value must be an integer in 0..${max}, got ${value}`);
  }
  const id = Atomics.add(m.i32, H_SEM_COUNT, 1);
  if (id >= m.layout.maxSemaphores) {
    throw new KernelMemoryFullError(`all ${m.layout.maxSemaphores} semaphores are in use`);
  }
  const b = m.layout.semOffset / 4 + id * SEM_SLOTS;
  Atomics.store(m.i32, b + SEM_COUNT, value);
  Atomics.store(m.i32, b + SEM_MAX, max);
  Atomics.store(m.i32, b + SEM_WAITERS, 0);
  Atomics.store(m.i32, b + SEM_STATE, STATE_READY);
  return id;
}

/** Takes one permit if one is free, without waiting. */
function tryTake(i32: Int32Array, countIndex: number): boolean {
  let count = Atomics.load(i32, countIndex);
  while (count > 0) {
    const prev = Atomics.compareExchange(i32, countIndex, count, count - 1);
    if (prev === count) return true;
    count = prev;
  }
  return false;
}

export function acquire(m: Mem, id: number, timeoutMs: number | null): boolean {
  const b = base(m, id);
  const i32 = m.i32;
  if (tryTake(i32, b + SEM_COUNT)) return true; // the uncontended case: no clock read
  const deadline = deadlineOf(timeoutMs);
  for (;;) {
    if (tryTake(i32, b + SEM_COUNT)) return true;
    const left = remainingMs(deadline);
    if (left <= 0) return false;
    Atomics.add(i32, b + SEM_WAITERS, 1);
    try {
      Atomics.wait(i32, b + SEM_COUNT, 0, left);
    } finally {
      Atomics.sub(i32, b + SEM_WAITERS, 1);
    }
  }
}

export function tryAcquire(m: Mem, id: number): boolean {
  return tryTake(m.i32, base(m, id) + SEM_COUNT);
}

export function release(m: Mem, id: number): void {
  const b = base(m, id);
  const i32 = m.i32;
  const max = Atomics.load(i32, b + SEM_MAX);
  let count = Atomics.load(i32, b + SEM_COUNT);
  for (;;) {
    if (count >= max) throw new SemaphoreOverflowError(id, max);
    const prev = Atomics.compareExchange(i32, b + SEM_COUNT, count, count + 1);
    if (prev === count) break;
    count = prev;
  }
  // Only a thread parked in acquire needs the notify (WAITERS is raised before
  // it waits on COUNT, which this increment has already changed).
  if (Atomics.load(i32, b + SEM_WAITERS) > 0) Atomics.notify(i32, b + SEM_COUNT, 1);
  ring(i32);
}

export function semaphoreValue(m: Mem, id: number): number {
  return Atomics.load(m.i32, base(m, id) + SEM_COUNT);
}

export function semaphoreMax(m: Mem, id: number): number {
  return Atomics.load(m.i32, base(m, id) + SEM_MAX);
}

export function semaphoreWaiters(m: Mem, id: number): number {
  return Atomics.load(m.i32, base(m, id) + SEM_WAITERS);
}
