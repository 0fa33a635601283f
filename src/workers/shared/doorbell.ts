/**
 * The doorbell: one Int32 word in the header (`H_DOORBELL`) that changes
 * whenever any kernel object changes in a way another thread may be waiting
 * for.
 *
 * Who rings it (`Atomics.add(word, 1)` then `Atomics.notify(word)`, waking
 * every sleeper):
 * - `release` of a semaphore;
 * - a pipe write that made bytes available (every chunk of a large message),
 *   and a pipe read that freed room;
 * - `closeEnd` of a pipe;
 * - unlocking a pipe's read or write lock that another thread tried to take
 *   meanwhile (so a thread that failed a `timeoutMs = 0` call because the lock
 *   was busy learns that it is free again);
 * - anyone, by hand, with `ring()` (e.g. the scheduler, to wake a worker for a
 *   reason of its own).
 * Failed or non-blocking calls that change nothing (a failed `tryAcquire`, a
 * `read` that times out) do NOT ring it, so that pollers cannot wake each
 * other in a loop.
 *
 * Who waits on it: a worker that runs several cooperative threads on one JS
 * thread, and therefore must never block inside `acquire`/`read`/`write`. Its
 * loop is:
 *
 * ```
 * for (;;) {
 *   const seen = mem.doorbell();          // 1. read the bell FIRST
 *   const progressed = runnableThreadsStep(); // 2. try every blocked call with timeoutMs = 0
 *   if (!progressed) mem.waitDoorbell(seen, timeout); // 3. sleep until the bell moves
 * }
 * ```
 *
 * Reading the bell before trying makes this race-free: a change that happens
 * after step 1 has moved the bell, so step 3 returns at once.
 *
 * The word wraps around at 2^32; only equality is ever compared.
 */
import { H_DOORBELL, H_DOORBELL_SLEEPERS } from './layout';
import { waitWord, deadlineOf } from './sync';

/**
 * Rings: moves the bell, and wakes the sleepers if there are any.
 * `Atomics.notify` costs far more than the add (it takes the engine's lock on
 * its waiter lists), and most rings (every release, every write) find nobody
 * asleep. Skipping it then is safe: a sleeper counts itself in SLEEPERS before
 * it waits, and waits only while the bell still shows the value it saw, so a
 * ring whose load found no sleeper moved the bell before that sleeper's wait,
 * which then returns at once.
 */
export function ring(i32: Int32Array): void {
  Atomics.add(i32, H_DOORBELL, 1);
  if (Atomics.load(i32, H_DOORBELL_SLEEPERS) > 0) Atomics.notify(i32, H_DOORBELL);
}

export function doorbell(i32: Int32Array): number {
  return Atomics.load(i32, H_DOORBELL);
}

/**
 * Sleeps until the doorbell differs from `seen` or the timeout (null: forever).
 * Returns 'rung' at once if it already differs.
 */
export function waitDoorbell(
  i32: Int32Array,
  seen: number,
  timeoutMs: number | null,
): 'rung' | 'timeout' {
  const deadline = deadlineOf(timeoutMs);
  for (;;) {
    if (Atomics.load(i32, H_DOORBELL) !== seen) return 'rung';
    Atomics.add(i32, H_DOORBELL_SLEEPERS, 1);
    let waited: boolean;
    try {
      waited = waitWord(i32, H_DOORBELL, seen, deadline);
    } finally {
      Atomics.sub(i32, H_DOORBELL_SLEEPERS, 1);
    }
    if (!waited) return 'timeout';
  }
}
