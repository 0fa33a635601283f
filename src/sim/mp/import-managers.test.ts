/**
 * Scenario 2's Pool is forked before `mp.Manager()` imports
 * multiprocessing.managers, so each worker imports it while unpickling its
 * first task, before that task's proxy can incref. CPython 3.11.7 (this
 * machine, four runs): the first task's pickle to each worker's first incref
 * took 11.0-28.2 ms; without the import it is the time to read and unpickle a
 * task, under a millisecond.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';

function firstIncrefDelays(seed: number): number[] {
  const run = runScenario({ scenario: 2, startMethod: 'fork', python: '3.11', seed });
  const names = new Map<number, string>();
  let firstTask: number | null = null;
  const seen = new Set<number>();
  const delays: number[] = [];
  for (const e of run.trace.events) {
    if (e.kind === 'process.start' || e.kind === 'process.rename') names.set(e.pid, e.name);
    if (e.kind === 'pickle.done' && firstTask === null && e.thread.includes('_handle_tasks'))
      firstTask = e.t;
    const worker = names.get(e.pid)?.startsWith('ForkPoolWorker-') === true;
    if (e.kind === 'proxy.request' && e.method === 'incref' && worker && !seen.has(e.pid)) {
      seen.add(e.pid);
      delays.push((e.t - firstTask!) / 1000);
    }
  }
  return delays;
}

describe('a worker forked before the Manager imports multiprocessing.managers', () => {
  it('at its first task: every first incref comes milliseconds after the first task', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const delays = firstIncrefDelays(seed);
      expect(delays, `seed ${seed}`).toHaveLength(3);
      for (const ms of delays) expect(ms, `seed ${seed}`).toBeGreaterThan(3);
    }
  });
});
