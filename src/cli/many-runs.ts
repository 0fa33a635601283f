/**
 * `--runs N`: run seeds 1..N and count verdicts, on every core.
 *
 * This thread and (cores - 1) worker threads share the seeds: each claims the
 * next few from a shared counter until none are left, so a thread slowed down
 * (by the machine's other work, or by its JIT warming up) simply claims fewer.
 * Each run keeps only the events a verdict needs (record: 'outcome'). The
 * counts do not depend on which thread ran which seed: each seed's run is
 * deterministic on its own.
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runScenario, type RunOptions } from '../sim/run';

interface Job {
  readonly base: Omit<RunOptions, 'seed'>;
  readonly runs: number;
  /** Int32 [0]: how many seeds have been claimed so far (shared by every thread). */
  readonly claimed: SharedArrayBuffer;
}

/** Seeds claimed at a time: small enough to balance the end, large enough to rarely touch the counter. */
const BATCH = 8;

/** Verdict counts, and the first seed that gave each verdict (to order them). */
type Counts = Record<string, { n: number; first: number }>;

/** Runs seeds claimed from `job.claimed` until all `job.runs` are taken; counts their verdicts. */
function countClaimed(job: Job): Counts {
  const claimed = new Int32Array(job.claimed);
  const counts: Counts = {};
  for (;;) {
    const from = Atomics.add(claimed, 0, BATCH) + 1;
    if (from > job.runs) return counts;
    const to = Math.min(job.runs, from + BATCH - 1);
    for (let seed = from; seed <= to; seed++) {
      const verdict = runScenario({ ...job.base, seed, record: 'outcome' }).verdict;
      const c = (counts[verdict] ??= { n: 0, first: seed });
      c.n += 1;
    }
  }
}

/**
 * Counts verdicts of seeds 1..runs, in parallel when it is worth it.
 * `meanwhile` runs on this thread once its share is done (while the workers
 * finish theirs): by then the code is warm, and it costs a fraction of what
 * it would before the first run. `maxThreads` bounds the threads (this one included).
 */
export async function manyRuns(
  base: Omit<RunOptions, 'seed'>,
  runs: number,
  meanwhile: () => void = () => {},
  maxThreads = 8,
): Promise<Record<string, number>> {
  const threads = Math.min(availableParallelism(), maxThreads, Math.ceil(runs / 50));
  const job: Job = { base, runs, claimed: new SharedArrayBuffer(4) };
  const workers = Array.from(
    { length: threads - 1 },
    () =>
      new Promise<Counts>((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: job });
        worker.once('message', (counts: Counts) => {
          resolve(counts);
          void worker.terminate();
        });
        worker.once('error', reject);
      }),
  );
  // This thread takes its share too (the workers' messages wait until it is done).
  const mine = countClaimed(job);
  meanwhile();
  const parts = [mine, ...(await Promise.all(workers))];
  const total: Counts = {};
  for (const part of parts) {
    for (const [v, { n, first }] of Object.entries(part)) {
      const t = (total[v] ??= { n: 0, first });
      t.n += n;
      t.first = Math.min(t.first, first);
    }
  }
  // Verdicts in the order seeds 1..runs first give them, whichever thread ran which seed.
  return Object.fromEntries(
    Object.entries(total)
      .sort(([, a], [, b]) => a.first - b.first)
      .map(([v, { n }]) => [v, n]),
  );
}

if (!isMainThread && parentPort !== null) {
  parentPort.postMessage(countClaimed(workerData as Job));
}
