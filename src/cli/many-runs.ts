/**
 * `--runs N`: run seeds 1..N and count verdicts, on every core.
 *
 * The seeds are split between worker threads; each run keeps only the events
 * a verdict needs (record: 'outcome'). The counts do not depend on how the
 * seeds are split: each seed's run is deterministic on its own.
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runScenario, type RunOptions } from '../sim/run';

interface Job {
  readonly base: Omit<RunOptions, 'seed'>;
  readonly from: number;
  readonly to: number;
}

export function countVerdicts(job: Job): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let seed = job.from; seed <= job.to; seed++) {
    const verdict = runScenario({ ...job.base, seed, record: 'outcome' }).verdict;
    counts[verdict] = (counts[verdict] ?? 0) + 1;
  }
  return counts;
}

/** Counts verdicts of seeds 1..runs, in parallel when it is worth it. */
export async function manyRuns(
  base: Omit<RunOptions, 'seed'>,
  runs: number,
): Promise<Record<string, number>> {
  const threads = Math.min(availableParallelism(), 8, Math.ceil(runs / 50));
  if (threads <= 1) return countVerdicts({ base, from: 1, to: runs });
  const per = Math.ceil(runs / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const job: Job = { base, from: i * per + 1, to: Math.min(runs, (i + 1) * per) };
      return new Promise<Record<string, number>>((resolve, reject) => {
        // A larger young generation: runs allocate many short-lived objects.
        const worker = new Worker(new URL(import.meta.url), {
          workerData: job,
          resourceLimits: { maxYoungGenerationSizeMb: 48 },
        });
        worker.once('message', (counts: Record<string, number>) => {
          resolve(counts);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
  const total: Record<string, number> = {};
  for (const part of parts)
    for (const [v, n] of Object.entries(part)) total[v] = (total[v] ?? 0) + n;
  return total;
}

if (!isMainThread && parentPort !== null) {
  parentPort.postMessage(countVerdicts(workerData as Job));
}
