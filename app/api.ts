/**
 * `window.mpviz`: a small, stable API for tests, embedding pages and the
 * curious, documented in docs/page-api.md. Installed once at startup by
 * main.tsx. It reads and drives the same store as the page, so whatever it
 * does shows on screen.
 */
import type { Trace } from '../src/sim/trace';
import type { EngineKind, EngineOptions } from '../src/workers/engine';
import { measureLockCost, type LockCost } from '../src/workers/measure/measure';
import {
  gotoStep,
  run,
  selectStepCount,
  selectVerdict,
  setParams as setStoreParams,
  type RunStore,
} from './store';

/** What the page shows, as plain JSON. */
export interface MpvizState extends EngineOptions {
  /** Whether the page is cross-origin isolated (real workers possible). */
  readonly isolated: boolean;
  /** The step of the walkthrough shown: 0 before a run; after one, where the story starts (`landingStep`) unless the address or `goto` chose another. */
  readonly step: number;
  /** The number of trace events of the last run (0 before a run). */
  readonly stepCount: number;
  /** The last run's verdict; null before a run, while one runs, and after the settings change. */
  readonly verdict: 'successful' | 'fails' | 'raised' | 'hang' | null;
  readonly running: boolean;
  /** What ran the last run: real workers (lockstep or free) or the model kernel (the fallback); null before a run. */
  readonly engine: EngineKind | null;
}

/** The settings `setParams` accepts (the same names as in `MpvizState`). */
export type MpvizParams = Pick<
  MpvizState,
  'scenario' | 'startMethod' | 'platform' | 'python' | 'call' | 'seed' | 'mode'
>;

export interface MpvizApi {
  readonly version: 1;
  getState(): MpvizState;
  /**
   * Runs the scenario with the current settings; resolves with the state once
   * the run has ended, rejects with the error if it fails. A run started while
   * another is in flight cancels the earlier one, whose promise rejects with
   * an error named `CancelledError`.
   */
  run(): Promise<MpvizState>;
  /**
   * Changes some settings (and the address). Invalid values are ignored and
   * shown as notices. A real change cancels the run in flight and clears the
   * last outcome. Returns the new state.
   */
  setParams(partial: Partial<MpvizParams>): MpvizState;
  /**
   * Shows step `n` of the last run's walkthrough (clamped to 0..stepCount)
   * and writes it to the address (`step=N`). Does nothing before a run.
   * Returns the new state.
   */
  goto(n: number): MpvizState;
  /** The last run's trace (see docs/trace.md), or null before a run. */
  getTrace(): Trace | null;
  /**
   * Measures one acquire+release of a shared-memory (Atomics) lock in a worker
   * against one through a manager worker. Needs cross-origin isolation.
   */
  measureLockCost(): Promise<LockCost>;
}

declare global {
  interface Window {
    mpviz?: MpvizApi;
  }
}

export function createApi(store: RunStore): MpvizApi {
  const getState = (): MpvizState => {
    const s = store.getState();
    return {
      ...s.params,
      isolated: s.isolated,
      step: s.step,
      stepCount: selectStepCount(s),
      verdict: selectVerdict(s),
      running: s.running,
      engine: s.result?.engine ?? null,
    };
  };
  return Object.freeze({
    version: 1 as const,
    getState,
    async run() {
      await run(store);
      return getState();
    },
    setParams(partial: Partial<MpvizParams>) {
      setStoreParams(store, partial);
      return getState();
    },
    goto(n: number) {
      gotoStep(store, Number(n));
      return getState();
    },
    getTrace() {
      return store.getState().result?.trace ?? null;
    },
    measureLockCost,
  });
}

/** Puts the API on `window.mpviz`, once: a second call leaves the first in place. */
export function installApi(store: RunStore, target: Window = window): MpvizApi {
  if (target.mpviz) return target.mpviz;
  const api = createApi(store);
  Object.defineProperty(target, 'mpviz', {
    value: api,
    enumerable: true,
    writable: false,
    configurable: false,
  });
  return api;
}
