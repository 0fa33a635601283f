/**
 * The lockstep workers' run, loaded on demand by engine.ts (it pulls in the
 * worker host and comlink, which the first picture does not need).
 *
 * The kernel runs here, on the main thread, and grants one step at a time;
 * every process is a Web Worker that runs its own threads. The trace is the
 * model's, event for event, for the same seed.
 */
import { MAIN, modelKernel, resultOf, type RunResult } from '../sim/run';
import type { RunSettings } from '../sim/trace';
import { WorkerHost } from './worker-host';

export interface LockstepWorkersRun {
  readonly result: Promise<RunResult>;
  /** Terminates every worker the run started. */
  dispose(): void;
}

export function runLockstepWorkers(
  settings: RunSettings,
  isCancelled: () => boolean,
): LockstepWorkersRun {
  const host = new WorkerHost(settings, true);
  const run = async (): Promise<RunResult> => {
    try {
      const kernel = modelKernel(settings, { host });
      return resultOf(settings, 'workers-lockstep', await kernel.runAsync(MAIN, isCancelled));
    } finally {
      host.dispose();
    }
  };
  return { result: run(), dispose: () => host.dispose() };
}
