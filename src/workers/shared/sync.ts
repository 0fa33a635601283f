/**
 * Waiting helpers shared by the primitives: deadlines, one bounded
 * `Atomics.wait`, and a mutex on one Int32 word.
 *
 * Every blocking loop in this folder has the same shape, which is what makes
 * it free of lost wake-ups:
 *
 * ```
 * for (;;) {
 *   const seen = Atomics.load(i32, word);   // 1. read the word the changer bumps
 *   if (condition holds) break;             // 2. then look at the state
 *   if (!waitWord(i32, word, seen, deadline)) return TIMED_OUT;   // 3. sleep while word === seen
 * }
 * ```
 *
 * A thread that changes the state does so first and then changes the word and
 * calls `Atomics.notify` on it. If the change lands between 1 and 3, the word
 * differs from `seen` and `Atomics.wait` returns at once ('not-equal'). All
 * `Atomics` operations are sequentially consistent, and plain reads made after
 * an atomic read observe the plain writes made before the atomic write it read,
 * so data copied before publication is visible after it.
 *
 * `waitWord` never calls `Atomics.wait` once the deadline has passed, so a call
 * with a timeout of 0 never blocks and is safe on a browser main thread, where
 * `Atomics.wait` throws a TypeError.
 *
 * The mutex is Drepper's three-state futex mutex ("Futexes are tricky",
 * mutex 2): 0 free, 1 held, 2 held and someone else tried. `unlockMutex`
 * notifies (and reports) only when the word was 2.
 */

/** Monotonic milliseconds (available in Web Workers, windows and Node). */
function nowMs(): number {
  return performance.now();
}

/** A deadline from a timeout in ms: null/undefined waits forever; negative means 0. */
export function deadlineOf(timeoutMs: number | null | undefined): number {
  if (timeoutMs === null || timeoutMs === undefined || timeoutMs === Infinity) return Infinity;
  if (Number.isNaN(timeoutMs)) throw new RangeError('timeout must be a number of ms or null');
  return nowMs() + Math.max(0, timeoutMs);
}

/** Milliseconds left until a deadline (Infinity for none, 0 when it has passed). */
export function remainingMs(deadline: number): number {
  return deadline === Infinity ? Infinity : Math.max(0, deadline - nowMs());
}

/**
 * Sleeps while `i32[index] === expected`, until notified or the deadline.
 * Returns false, without sleeping, when the deadline has already passed.
 */
export function waitWord(
  i32: Int32Array,
  index: number,
  expected: number,
  deadline: number,
): boolean {
  const left = remainingMs(deadline);
  if (left <= 0) return false;
  Atomics.wait(i32, index, expected, left);
  return true;
}

/** Takes the mutex at `i32[index]`, sleeping until the deadline. Returns false on timeout. */
export function lockMutex(i32: Int32Array, index: number, deadline: number): boolean {
  if (Atomics.compareExchange(i32, index, 0, 1) === 0) return true;
  for (;;) {
    // Mark contended; if it was free meanwhile, we now hold it (as 2, which only costs
    // the next unlock a notify).
    if (Atomics.exchange(i32, index, 2) === 0) return true;
    if (!waitWord(i32, index, 2, deadline)) return false;
  }
}

/** Releases the mutex. Returns true when another thread had tried to take it meanwhile. */
export function unlockMutex(i32: Int32Array, index: number): boolean {
  if (Atomics.sub(i32, index, 1) === 1) return false;
  Atomics.store(i32, index, 0);
  Atomics.notify(i32, index, 1);
  return true;
}
