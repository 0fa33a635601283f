/**
 * "Run 100 times": seeds 1..N of the current settings on the model, in a
 * worker that is terminated as soon as the counts are in.
 */
import { wrap } from 'comlink';
import type { RunOptions } from '../sim/run';
import type { BatchApi } from './batch-worker';

export async function countVerdicts(
  base: Omit<RunOptions, 'seed'>,
  seeds: number,
): Promise<Record<string, number>> {
  const worker = new Worker(new URL('./batch-worker.ts', import.meta.url), {
    type: 'module',
    name: 'mpviz batch',
  });
  try {
    return await wrap<BatchApi>(worker).countVerdicts(base, seeds);
  } finally {
    worker.terminate();
  }
}
