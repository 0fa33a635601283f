/**
 * The engine the page drives: runs a scenario on real Web Workers when the
 * page is cross-origin isolated, and on the model kernel otherwise.
 *
 * This is the main-thread side. It decides the engine from
 * `self.crossOriginIsolated` (SharedArrayBuffer and Atomics.wait need it),
 * starts the run, and hands back a promise of the result and a way to cancel.
 * Every worker a run starts is terminated when the run ends, is cancelled or
 * is replaced.
 */
import { ModelKernel } from '../sim/kernel/model-kernel';
import { PROGRAMS } from '../sim/mp/programs';
import { resolveConfig, runScenario, summarize, traceHeader, type RunResult } from '../sim/run';
import type { Trace } from '../sim/trace';
import { WorkerHost } from './worker-host';
import { FreeRun } from './free/free-run';
import type { Platform, PoolCall, PythonVersion, StartMethod } from '../sim/trace';

export type EngineMode = 'lockstep' | 'free';

export interface EngineOptions {
  readonly scenario: number;
  readonly startMethod: StartMethod;
  readonly platform: Platform;
  readonly python: PythonVersion;
  readonly call: PoolCall;
  readonly seed: number;
  readonly mode: EngineMode;
}

export type EngineKind = 'model' | 'workers-lockstep' | 'workers-free';

export interface EngineResult extends RunResult {
  /** What actually ran it: real workers, or the model kernel (the fallback). */
  readonly engine: EngineKind;
  /** Wall-clock milliseconds the run took in this browser. */
  readonly wallMs: number;
}

export interface EngineRun {
  readonly engine: EngineKind;
  readonly done: Promise<EngineResult>;
  /** Stops the run now: every worker is terminated; `done` rejects with a CancelledError. */
  cancel(): void;
}

export class CancelledError extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Whether this page's origin is opaque (`'null'`): a document in a sandbox
 * (an iframe's `sandbox`, or a host sent with `Content-Security-Policy:
 * sandbox`). Its scripts can run, but it cannot start a Worker from its own
 * files, which are another origin's to it.
 */
export function isOpaqueOrigin(): boolean {
  return typeof self !== 'undefined' && self.origin === 'null';
}

/** Whether this page can run the scenarios on workers (SharedArrayBuffer + Atomics.wait). */
export function canUseWorkers(): boolean {
  return (
    typeof self !== 'undefined' &&
    self.crossOriginIsolated === true &&
    !isOpaqueOrigin() &&
    typeof SharedArrayBuffer === 'function' &&
    typeof Worker === 'function'
  );
}

export function startRun(options: EngineOptions): EngineRun {
  if (!canUseWorkers()) return startModelRun(options);
  return options.mode === 'free' ? startFreeRun(options) : startLockstepRun(options);
}

/**
 * Free: every process is a Web Worker that performs its own system calls on
 * shared memory (real Atomics blocking, real ring buffers); nothing decides
 * the order but this browser's scheduling. Verdicts may vary from run to run.
 */
function startFreeRun(options: EngineOptions): EngineRun {
  const config = resolveConfig(options);
  const run = new FreeRun(config);
  const t0 = performance.now();
  let rejectRun: (error: unknown) => void = () => {};
  const done = new Promise<EngineResult>((resolve, reject) => {
    rejectRun = reject;
    run.start().then((outcome) => {
      const summary = summarize(outcome.trace, outcome.processes, outcome.hung, outcome.endTime);
      resolve({
        ...summary,
        seed: options.seed,
        engine: 'workers-free',
        wallMs: performance.now() - t0,
      });
    }, reject);
  });
  return {
    engine: 'workers-free',
    done,
    cancel() {
      run.dispose();
      rejectRun(new CancelledError());
    },
  };
}

/**
 * Lockstep: the kernel runs here, on the main thread, and grants one step at
 * a time; every process is a Web Worker that runs its own threads. The trace
 * is the model's, event for event, for the same seed.
 */
function startLockstepRun(options: EngineOptions): EngineRun {
  const config = resolveConfig(options);
  const host = new WorkerHost(config, true);
  let cancelled = false;
  let rejectRun: (error: unknown) => void = () => {};
  const t0 = performance.now();
  const run = async (): Promise<EngineResult> => {
    const kernel = new ModelKernel({ programs: PROGRAMS, config, seed: config.seed, host });
    try {
      const result = await kernel.runAsync({ program: 'main', args: [] }, () => cancelled);
      const trace: Trace = {
        header: traceHeader(config, 'workers-lockstep'),
        events: result.events,
      };
      const summary = summarize(trace, result.processes, result.hung, result.endTime);
      return { ...summary, engine: 'workers-lockstep', wallMs: performance.now() - t0 };
    } finally {
      host.dispose();
    }
  };
  const done = new Promise<EngineResult>((resolve, reject) => {
    rejectRun = reject;
    run().then(resolve, (error: unknown) => reject(cancelled ? new CancelledError() : error));
  });
  return {
    engine: 'workers-lockstep',
    done,
    cancel() {
      cancelled = true;
      host.dispose();
      rejectRun(new CancelledError());
    },
  };
}

/** The fallback: the model kernel, on this thread. */
function startModelRun(options: EngineOptions): EngineRun {
  let cancelled = false;
  const t0 = performance.now();
  const done = new Promise<EngineResult>((resolve, reject) => {
    // Let the page paint "running" first.
    setTimeout(() => {
      if (cancelled) {
        reject(new CancelledError());
        return;
      }
      try {
        const result = runScenario(options);
        resolve({ ...result, engine: 'model', wallMs: performance.now() - t0 });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }, 0);
  });
  return {
    engine: 'model',
    done,
    cancel() {
      cancelled = true;
    },
  };
}
