/**
 * The engine the page drives: shows the model's run at once and confirms it
 * on real Web Workers when the page is cross-origin isolated; the model alone
 * otherwise.
 *
 * This is the main-thread side. It decides the engine from
 * `self.crossOriginIsolated` (SharedArrayBuffer and Atomics.wait need it) and
 * the mode, and hands back two promises and a way to cancel:
 *
 * - `first`: the result to show at once. In lockstep (and on a page that is
 *   not isolated) it is the model's run, computed in this tab in
 *   milliseconds; in free mode, the racing workers' run, when it ends.
 * - `confirmation`: in lockstep on an isolated page, the lockstep workers'
 *   run of the same program, started after `first` and compared with it
 *   event for event; null when nothing confirms `first` (free mode, not
 *   isolated).
 *
 * Every worker a run starts is terminated when the run ends, fails, is
 * cancelled or is replaced. The worker-side code (the worker host, comlink,
 * the free run) is loaded on demand, so the first picture does not wait for it.
 */
import type { RunResult } from '../sim/run';
import { resolveSettings } from '../sim/settings';
import type { RunSettings } from '../sim/trace';
import { compareTraces, type TraceDifference } from './compare';

export type { TraceDifference } from './compare';

export type EngineMode = 'lockstep' | 'free';

/** A run's settings, and how the page runs it. */
export interface EngineOptions extends RunSettings {
  readonly mode: EngineMode;
}

export type EngineKind = 'model' | 'workers-lockstep' | 'workers-free';

export interface EngineResult extends RunResult {
  /** What produced it: the model kernel in this tab, or real workers (lockstep or free). */
  readonly engine: EngineKind;
  /** Wall-clock milliseconds the run took in this browser. */
  readonly wallMs: number;
}

/** What the confirming run (the lockstep workers') found about `first`. */
export type Confirmation =
  | {
      /** Every event of the workers' trace is identical to the model's, and there are as many. */
      readonly state: 'confirmed';
      readonly engine: EngineKind;
      /** The number of events compared. */
      readonly events: number;
      readonly result: EngineResult;
    }
  | {
      /** The workers' trace differs from the model's (this should never happen: it is a bug). */
      readonly state: 'differs';
      readonly engine: EngineKind;
      readonly events: number;
      readonly firstDifference: TraceDifference;
      readonly result: EngineResult;
    }
  | {
      /** The workers did not produce a trace to compare: they failed, or were cancelled. */
      readonly state: 'unavailable';
      readonly engine: EngineKind;
      readonly reason: 'failed' | 'cancelled';
      /** Why they failed. */
      readonly error?: string;
    };

export interface EngineRun {
  /** The engine of `first`: what the page shows. */
  readonly engine: EngineKind;
  /** The result to show; rejects with a CancelledError if the run is cancelled before it. */
  readonly first: Promise<EngineResult>;
  /** The engine that will confirm `first`, or null if nothing will. */
  readonly confirmingEngine: EngineKind | null;
  /**
   * The confirmation of `first`, settled after it; null if nothing confirms it.
   * Resolves 'unavailable' if the workers fail or `first` fails; rejects with a
   * CancelledError if the run is cancelled before it settles.
   */
  readonly confirmation: Promise<Confirmation> | null;
  /** Stops the run now: every worker is terminated; unsettled promises reject with a CancelledError. */
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

const errorOf = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

type Model = typeof import('../sim/run');

let model: Model | null = null;
let loadingModel: Promise<Model> | null = null;

/**
 * Loads the model (once). The page's first picture is built into it and needs
 * no model, so the model is not in the page's first scripts: it comes when
 * something is run. A page that draws nothing before its first run awaits it
 * first, so that the run then shows in its first render (see modelRun).
 */
export function loadModel(): Promise<Model> {
  loadingModel ??= import('../sim/run').then((m) => (model = m));
  return loadingModel;
}

/**
 * The model's run, on this thread. Once the model is loaded, as a microtask:
 * after the caller has put "running" in its state, and before the browser
 * renders or paints again, so that a page that starts a run before its first
 * render shows the run in that render. (It takes milliseconds.) Rejects with
 * a CancelledError if `isCancelled()` by then.
 */
function modelRun(options: EngineOptions, isCancelled: () => boolean): Promise<EngineResult> {
  const t0 = performance.now();
  return (model ? Promise.resolve(model) : loadModel()).then(({ runScenario }) => {
    if (isCancelled()) throw new CancelledError();
    try {
      const start = performance.now();
      const result = runScenario(options);
      // For `npm run bench:load` and the browser's performance panel.
      performance.measure?.('mpviz:model', { start, end: performance.now() });
      return { ...result, engine: 'model' as const, wallMs: performance.now() - t0 };
    } catch (error) {
      throw errorOf(error);
    }
  });
}

/** Settles after the page has had a chance to paint what it has (or soon, if it never paints). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 50);
    if (typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() => {
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0);
    });
  });
}

/**
 * Free: every process is a Web Worker that performs its own system calls on
 * shared memory (real Atomics blocking, real ring buffers); nothing decides
 * the order but this browser's scheduling. Verdicts may vary from run to run,
 * so there is no model run to show first: `first` is the workers' run.
 */
function startFreeRun(options: EngineOptions): EngineRun {
  const config = resolveSettings(options);
  const t0 = performance.now();
  let cancelled = false;
  let dispose: () => void = () => {};
  let rejectRun: (error: unknown) => void = () => {};
  const first = new Promise<EngineResult>((resolve, reject) => {
    rejectRun = reject;
    // The summary of a free run is the model's (run.ts), loaded with the free kernel.
    Promise.all([import('./free'), loadModel()])
      .then(async ([{ FreeRun }, { summarize }]) => {
        if (cancelled) throw new CancelledError();
        const run = new FreeRun(config);
        dispose = () => run.dispose();
        const outcome = await run.start();
        const summary = summarize(outcome.trace, outcome.processes, outcome.hung, outcome.endTime);
        resolve({
          ...summary,
          seed: options.seed,
          engine: 'workers-free',
          wallMs: performance.now() - t0,
        });
      })
      .catch(reject);
  });
  return {
    engine: 'workers-free',
    first,
    confirmingEngine: null,
    confirmation: null,
    cancel() {
      cancelled = true;
      dispose();
      rejectRun(new CancelledError());
    },
  };
}

/**
 * Lockstep: the model's run first, at once; then the same program on real
 * workers, in lockstep with the model's schedule (the kernel runs here and
 * grants one step at a time; every process is a Web Worker), compared with
 * the model's trace event for event.
 */
function startLockstepRun(options: EngineOptions): EngineRun {
  const config = resolveSettings(options);
  let cancelled = false;
  let dispose: () => void = () => {};
  let rejectFirst: (error: unknown) => void = () => {};
  let rejectConfirmation: (error: unknown) => void = () => {};
  const isCancelled = () => cancelled;
  const engine: EngineKind = 'workers-lockstep';

  const first = new Promise<EngineResult>((resolve, reject) => {
    rejectFirst = reject;
    modelRun(options, isCancelled).then(resolve, reject);
  });

  const confirm = async (model: EngineResult): Promise<Confirmation> => {
    await afterPaint();
    if (cancelled) throw new CancelledError();
    const t0 = performance.now();
    let result: RunResult;
    try {
      const { runLockstepWorkers } = await import('./lockstep-run');
      if (cancelled) throw new CancelledError();
      const run = runLockstepWorkers(config, isCancelled);
      dispose = run.dispose;
      result = await run.result;
    } catch (error) {
      if (cancelled) throw new CancelledError();
      return { state: 'unavailable', engine, reason: 'failed', error: errorOf(error).message };
    }
    if (cancelled) throw new CancelledError();
    const workers: EngineResult = { ...result, engine, wallMs: performance.now() - t0 };
    const { events, firstDifference } = compareTraces(model.trace, workers.trace);
    return firstDifference
      ? { state: 'differs', engine, events, firstDifference, result: workers }
      : { state: 'confirmed', engine, events, result: workers };
  };

  const confirmation = new Promise<Confirmation>((resolve, reject) => {
    rejectConfirmation = reject;
    first.then(
      (model) => confirm(model).then(resolve, reject),
      (error: unknown) => {
        if (cancelled || error instanceof CancelledError) reject(new CancelledError());
        else
          resolve({
            state: 'unavailable',
            engine,
            reason: 'failed',
            error: errorOf(error).message,
          });
      },
    );
  });

  return {
    engine: 'model',
    first,
    confirmingEngine: engine,
    confirmation,
    cancel() {
      cancelled = true;
      dispose();
      rejectFirst(new CancelledError());
      rejectConfirmation(new CancelledError());
    },
  };
}

/** The model alone (the page is not isolated): the model kernel, on this thread. */
function startModelRun(options: EngineOptions): EngineRun {
  let cancelled = false;
  return {
    engine: 'model',
    first: modelRun(options, () => cancelled),
    confirmingEngine: null,
    confirmation: null,
    cancel() {
      cancelled = true;
    },
  };
}
