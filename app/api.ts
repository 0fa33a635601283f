/**
 * `window.mpviz`: a small, stable API for tests, embedding pages and the
 * curious, documented in docs/page-api.md. Installed once at startup by
 * main.tsx. It reads and drives the same store as the page, so whatever it
 * does shows on screen.
 */
import type { Trace } from '../src/sim/trace';
import type { applyDocumentOrSay } from './builder/address';
import {
  measureLockCost,
  type EngineKind,
  type EngineOptions,
  type LockCost,
  type TraceDifference,
} from '../src/workers';
import {
  gotoStep,
  run,
  selectStepCount,
  selectVerdict,
  setParams as setStoreParams,
  settled,
  type ConfirmationStatus,
  type RunStore,
} from './store';

/** Whether real workers confirmed what is on screen, as plain JSON (see docs/page-api.md). */
export interface MpvizConfirmation {
  readonly state: 'pending' | 'confirmed' | 'differs' | 'unavailable';
  /** The engine of the confirming run: `workers-lockstep`. */
  readonly engine: EngineKind;
  /** The number of events compared (confirmed, differs). */
  readonly events?: number;
  /** Wall-clock milliseconds the workers' run took (confirmed, differs). */
  readonly wallMs?: number;
  /** The first step whose event differs, and the two events (differs). */
  readonly firstDifference?: TraceDifference;
  /** unavailable: the workers failed, or the run was cancelled before they finished. */
  readonly reason?: 'failed' | 'cancelled';
  readonly error?: string;
}

function confirmationJson(c: ConfirmationStatus | null): MpvizConfirmation | null {
  if (c === null) return null;
  switch (c.state) {
    case 'pending':
      return { state: c.state, engine: c.engine };
    case 'confirmed':
      return { state: c.state, engine: c.engine, events: c.events, wallMs: c.result.wallMs };
    case 'differs':
      return {
        state: c.state,
        engine: c.engine,
        events: c.events,
        wallMs: c.result.wallMs,
        firstDifference: c.firstDifference,
      };
    case 'unavailable':
      return {
        state: c.state,
        engine: c.engine,
        reason: c.reason,
        ...(c.error !== undefined ? { error: c.error } : {}),
      };
  }
}

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
  /**
   * What produced the run on screen: the model kernel in this tab (lockstep,
   * and pages that are not isolated) or real workers racing (free); null before a run.
   */
  readonly engine: EngineKind | null;
  /** Whether real workers confirmed the run on screen; null when nothing confirms it. */
  readonly confirmation: MpvizConfirmation | null;
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
   * its result is on screen (in lockstep, the model's, while real workers
   * confirm it in the background: `confirmation` is 'pending'), rejects with
   * the error if it fails. A run started while another is in flight cancels
   * the earlier one, whose promise rejects with an error named `CancelledError`.
   */
  run(): Promise<MpvizState>;
  /**
   * Resolves with the state once nothing is in flight: no run, and no
   * confirmation pending (at once if none is).
   */
  settled(): Promise<MpvizState>;
  /**
   * Changes some settings (and the address). Invalid values are ignored and
   * shown as notices. A real change cancels the run in flight and clears the
   * last outcome. Returns the new state.
   */
  setParams(partial: Partial<MpvizParams>): MpvizState;
  /**
   * Runs a composed scenario: a scenario document (docs/scenario-format.md),
   * as a JSON value or as `doc=`'s text. The other settings stay. Resolves
   * with the new state (a seed's own document is that seed: `scenario` N,
   * no `document`); rejects, changing nothing, with an Error whose `reasons`
   * are the format's reasons for refusing it (also shown as a notice).
   */
  setDocument(document: unknown): Promise<MpvizState>;
  /**
   * Shows step `n` of the last run's walkthrough (clamped to 0..stepCount)
   * and writes it to the address (`step=N`). Does nothing before a run.
   * Returns the new state.
   */
  goto(n: number): MpvizState;
  /**
   * The trace of the run on screen (see docs/trace.md), or null before a run.
   * `getTrace('confirmation')`: the trace of the workers' run that confirmed
   * (or contradicted) it, or null if there is none (yet).
   */
  getTrace(which?: 'shown' | 'confirmation'): Trace | null;
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

/** Loads the document reader (builder/address.ts); main.tsx passes compare/load.ts's. */
export type LoadAddress = () => Promise<{ applyDocumentOrSay: typeof applyDocumentOrSay }>;

export function createApi(store: RunStore, loadAddress?: LoadAddress): MpvizApi {
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
      confirmation: confirmationJson(s.confirmation),
    };
  };
  return Object.freeze({
    version: 1 as const,
    getState,
    async run() {
      await run(store);
      return getState();
    },
    async settled() {
      await settled(store);
      return getState();
    },
    setParams(partial: Partial<MpvizParams>) {
      setStoreParams(store, partial);
      return getState();
    },
    async setDocument(document: unknown) {
      // The reader is a chunk of its own (builder/address.ts).
      if (!loadAddress) throw new Error('this page cannot read scenario documents');
      const reasons = (await loadAddress()).applyDocumentOrSay(store, document);
      if (reasons !== null) {
        throw Object.assign(new Error(`the scenario document is refused: ${reasons.join('; ')}`), {
          reasons,
        });
      }
      return getState();
    },
    goto(n: number) {
      gotoStep(store, Number(n));
      return getState();
    },
    getTrace(which: 'shown' | 'confirmation' = 'shown') {
      const s = store.getState();
      if (which !== 'confirmation') return s.result?.trace ?? null;
      const c = s.confirmation;
      return c?.state === 'confirmed' || c?.state === 'differs' ? c.result.trace : null;
    },
    // Loaded on demand (src/workers/index.ts): the measurement is not part of the first picture.
    measureLockCost,
  });
}

/** Puts the API on `window.mpviz`, once: a second call leaves the first in place. */
export function installApi(
  store: RunStore,
  target: Window = window,
  loadAddress?: LoadAddress,
): MpvizApi {
  if (target.mpviz) return target.mpviz;
  const api = createApi(store, loadAddress);
  Object.defineProperty(target, 'mpviz', {
    value: api,
    enumerable: true,
    writable: false,
    configurable: false,
  });
  return api;
}
