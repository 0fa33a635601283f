/**
 * The free-mode lock's cost, measured side by side in one run (Node's V8;
 * in Chromium: `node scripts/bench-workers.mjs`, or `mpviz.measureLockCost()`):
 *
 *   npx tsx scripts/bench-lock.ts [rounds]
 *
 * Prints nanoseconds per uncontended acquire+release of
 * - a bare pair of `Atomics.compareExchange` on one word (the baseline),
 * - KernelMemory's semaphore (what every free-mode Lock is),
 * - the same protocol as before, which always called `Atomics.notify` twice
 *   (the semaphore's word and the doorbell),
 * and each one's ratio to the baseline. Several alternating passes; the
 * median of each is printed.
 */
// A benchmark of the shared kernel's own semaphore, so it reaches inside
// src/workers on purpose; the page's entry (src/workers/index.ts) leaves
// KernelMemory out so as not to load it with the first picture.
// eslint-disable-next-line mpviz/no-internal-imports
import { KernelMemory } from '../src/workers/shared';

const rounds = Number(process.argv[2] ?? 2_000_000);
const passes = 7;

const word = new Int32Array(new SharedArrayBuffer(8));
word[0] = 1;
function bare(n: number): void {
  for (let i = 0; i < n; i++) {
    Atomics.compareExchange(word, 0, 1, 0);
    Atomics.compareExchange(word, 0, 0, 1);
  }
}

const mem = KernelMemory.create({ maxSemaphores: 1, maxPipes: 1, logBytes: 4096 });
const lock = mem.createSemaphore(1, 1);
function kernelLock(n: number): void {
  for (let i = 0; i < n; i++) {
    mem.acquire(lock, null);
    mem.release(lock);
  }
}

/** The old release: a compare-exchange, then notify the word and ring (add + notify) the bell. */
function alwaysNotify(n: number): void {
  for (let i = 0; i < n; i++) {
    Atomics.compareExchange(word, 0, 1, 0);
    Atomics.compareExchange(word, 0, 0, 1);
    Atomics.notify(word, 0, 1);
    Atomics.add(word, 1, 1);
    Atomics.notify(word, 1);
  }
}

const cases = { bare, kernelLock, alwaysNotify } as const;
const times: Record<string, number[]> = { bare: [], kernelLock: [], alwaysNotify: [] };
for (const f of Object.values(cases)) f(50_000);
for (let p = 0; p < passes; p++) {
  for (const [name, f] of Object.entries(cases)) {
    const t0 = performance.now();
    f(rounds);
    times[name]!.push(((performance.now() - t0) * 1e6) / rounds);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times['bare']!);
for (const name of Object.keys(cases)) {
  const ns = median(times[name]!);
  console.log(
    `${name.padEnd(13)} ${ns.toFixed(1).padStart(7)} ns per acquire+release  ×${(ns / base).toFixed(2)} the baseline`,
  );
}
