/**
 * The page's state: the settings, the notices about them, whether the page is
 * cross-origin isolated, the run in flight and the last run's outcome.
 *
 * `createRunStore()` makes one store (main.tsx makes the page's; tests make
 * their own with fake dependencies). Selectors are module-level functions;
 * actions are plain functions that take the store, so components, the
 * `window.mpviz` API and tests all call the same code.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  CancelledError,
  canUseWorkers,
  startRun,
  type EngineKind,
  type EngineOptions,
  type EngineResult,
  type EngineRun,
} from '../src/workers/engine';
import {
  parseParams,
  sameParams,
  toSearch,
  updateParams,
  type Notice,
  type PageParams,
} from './params';

export interface RunState {
  readonly params: PageParams;
  readonly notices: readonly Notice[];
  /** `canUseWorkers()` when the store was made. */
  readonly isolated: boolean;
  readonly running: boolean;
  /** The engine of the run in flight, or of the last run. */
  readonly engine: EngineKind | null;
  /** The last run's outcome; null before the first run and while a run is in flight. */
  readonly result: EngineResult | null;
  /** Why the last run did not complete (not set when it was cancelled). */
  readonly error: Error | null;
  /** The current step of the trace (for now, the last one after a run). */
  readonly step: number;
  /** How many runs have been started; identifies the run in flight. */
  readonly runCount: number;
  /** The run in flight, so that a new run or `cancel` can stop it. */
  readonly inFlight: { readonly id: number; readonly handle: EngineRun } | null;
}

export type RunStore = StoreApi<RunState>;

export interface RunStoreDeps {
  /** The query string to read the settings from; default `location.search`. */
  readonly search?: string;
  /** Default `canUseWorkers()`. */
  readonly isolated?: boolean;
  /** Default the engine's `startRun`. */
  readonly startRun?: (options: EngineOptions) => EngineRun;
  /** Writes the settings back to the address; default `history.replaceState`. */
  readonly writeSearch?: (search: string) => void;
}

function replaceSearch(search: string): void {
  const { pathname, hash } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
}

/** The dependencies of each store, kept out of its (observable) state. */
const depsOf = new WeakMap<RunStore, Required<Omit<RunStoreDeps, 'search' | 'isolated'>>>();

export function createRunStore(deps: RunStoreDeps = {}): RunStore {
  const { params, notices } = parseParams(deps.search ?? window.location.search);
  const store = createStore<RunState>()(() => ({
    params,
    notices,
    isolated: deps.isolated ?? canUseWorkers(),
    running: false,
    engine: null,
    result: null,
    error: null,
    step: 0,
    runCount: 0,
    inFlight: null,
  }));
  depsOf.set(store, {
    startRun: deps.startRun ?? startRun,
    writeSearch: deps.writeSearch ?? replaceSearch,
  });
  return store;
}

function deps(store: RunStore) {
  const d = depsOf.get(store);
  if (!d) throw new Error('not a store made by createRunStore');
  return d;
}

// --- selectors ----------------------------------------------------------------

export const selectParams = (s: RunState): PageParams => s.params;
export const selectNotices = (s: RunState): readonly Notice[] => s.notices;
export const selectIsolated = (s: RunState): boolean => s.isolated;
export const selectRunning = (s: RunState): boolean => s.running;
export const selectResult = (s: RunState): EngineResult | null => s.result;
export const selectError = (s: RunState): Error | null => s.error;
export const selectEngine = (s: RunState): EngineKind | null => s.engine;
export const selectStep = (s: RunState): number => s.step;
/** The number of trace events of the last run (0 before a run). */
export const selectStepCount = (s: RunState): number => s.result?.trace.events.length ?? 0;
export const selectVerdict = (s: RunState): EngineResult['verdict'] | null =>
  s.result?.verdict ?? null;

// --- actions ------------------------------------------------------------------

function toEngineOptions(p: PageParams): EngineOptions {
  return {
    scenario: p.scenario,
    startMethod: p.startMethod,
    platform: p.platform,
    python: p.python,
    call: p.call,
    seed: p.seed,
    mode: p.mode,
  };
}

/**
 * Runs the scenario with the current settings, cancelling any run in flight
 * first. Resolves with the result once it is in the store; rejects with the
 * error (also kept in the store), or with a `CancelledError` if this run is
 * cancelled or replaced before it ends.
 */
export function run(store: RunStore): Promise<EngineResult> {
  stopInFlight(store);
  const id = store.getState().runCount + 1;
  let handle: EngineRun;
  try {
    handle = deps(store).startRun(toEngineOptions(store.getState().params));
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    store.setState({ runCount: id, running: false, result: null, error: err, step: 0 });
    return Promise.reject(err);
  }
  store.setState({
    runCount: id,
    running: true,
    engine: handle.engine,
    result: null,
    error: null,
    step: 0,
    inFlight: { id, handle },
  });
  const isCurrent = (): boolean => store.getState().inFlight?.id === id;
  return handle.done.then(
    (result) => {
      if (!isCurrent()) throw new CancelledError();
      store.setState({
        running: false,
        engine: result.engine,
        result,
        step: result.trace.events.length,
        inFlight: null,
      });
      return result;
    },
    (error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      if (isCurrent()) {
        const cancelled = err instanceof CancelledError;
        store.setState({ running: false, error: cancelled ? null : err, inFlight: null });
      }
      throw err;
    },
  );
}

/** Stops the run in flight, if any; its `run()` promise rejects with a `CancelledError`. */
export function cancel(store: RunStore): void {
  stopInFlight(store);
}

function stopInFlight(store: RunStore): void {
  const { inFlight } = store.getState();
  if (!inFlight) return;
  store.setState({ running: false, inFlight: null });
  inFlight.handle.cancel();
}

/**
 * Changes the settings and writes them to the address. A real change cancels
 * the run in flight and clears the last outcome, which no longer describes the
 * settings. Values that are not valid are dropped with a notice.
 */
export function setParams(store: RunStore, partial: Partial<PageParams>): void {
  const { params: current, notices } = store.getState();
  const next = updateParams(current, partial);
  if (next.notices.length > 0) store.setState({ notices: [...notices, ...next.notices] });
  if (sameParams(current, next.params)) return;
  stopInFlight(store);
  store.setState({ params: next.params, result: null, error: null, step: 0 });
  deps(store).writeSearch(toSearch(next.params));
}

export function dismissNotice(store: RunStore, id: string): void {
  store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function dismissAllNotices(store: RunStore): void {
  store.setState({ notices: [] });
}
