/**
 * The lockstep workers' run, loaded on demand by engine.ts (it pulls in the
 * worker host and comlink, which the first picture does not need).
 *
 * The kernel runs here, on the main thread, and grants one step at a time;
 * every process is a Web Worker that runs its own threads. The trace is the
 * model's, event for event, for the same seed.
 */
import { ModelKernel } from '../sim/kernel';
import { PROGRAMS } from '../sim/programs';
import { summarize, traceHeader, type RunResult } from '../sim/run';
import type { RunConfig } from '../sim/syscalls';
import type { Trace } from '../sim/trace';
import { WorkerHost } from './worker-host';

export interface LockstepWorkersRun {
  readonly result: Promise<RunResult>;
  /** Terminates every worker the run started. */
  dispose(): void;
}

export function runLockstepWorkers(
  config: RunConfig & { seed: number },
  isCancelled: () => boolean,
): LockstepWorkersRun {
  const host = new WorkerHost(config, true);
  const run = async (): Promise<RunResult> => {
    const kernel = new ModelKernel({ programs: PROGRAMS, config, seed: config.seed, host });
    try {
      const result = await kernel.runAsync({ program: 'main', args: [] }, isCancelled);
      const trace: Trace = {
        header: traceHeader(config, 'workers-lockstep'),
        events: result.events,
      };
      return summarize(trace, result.processes, result.hung, result.endTime);
    } finally {
      host.dispose();
    }
  };
  return { result: run(), dispose: () => host.dispose() };
}
