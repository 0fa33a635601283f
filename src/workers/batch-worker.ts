/**
 * Runs many seeds of one configuration on the model kernel, off the page's
 * main thread, and counts the verdicts. Needs no isolation: it shares nothing.
 */
import { expose } from 'comlink';
import { runScenario, type RunOptions } from '../sim/run';

export const batchApi = {
  countVerdicts(base: Omit<RunOptions, 'seed'>, seeds: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (let seed = 1; seed <= seeds; seed++) {
      const verdict = runScenario({ ...base, seed, record: 'outcome' }).verdict;
      counts[verdict] = (counts[verdict] ?? 0) + 1;
    }
    return counts;
  },
};

export type BatchApi = typeof batchApi;

expose(batchApi);
