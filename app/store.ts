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
import type { ScenarioDocument } from '../src/sim/scenario-format';
import {
  CancelledError,
  canUseWorkers,
  startRun,
  type Confirmation,
  type EngineKind,
  type EngineOptions,
  type EngineResult,
  type EngineRun,
} from '../src/workers';
import { nextKeyStep, previousKeyStep } from './walkthrough/key-steps';
import { landingStep } from './walkthrough/landing';
import { nextStop, previousStop } from './walkthrough/story/stops';
import { checkpoints, isCheckpoint } from './walkthrough/view';
import {
  parseParams,
  parseStep,
  sameParams,
  toSearch,
  updateParams,
  withIsolation,
  type Notice,
  type PageParams,
} from './params';

export interface RunState {
  readonly params: PageParams;
  readonly notices: readonly Notice[];
  /** `canUseWorkers()` when the store was made. */
  readonly isolated: boolean;
  /** Whether a run is in flight and its result is not on screen yet. */
  readonly running: boolean;
  /** The engine of what is on screen (while a run is in flight, of what it will show). */
  readonly engine: EngineKind | null;
  /** The last run's outcome, as shown; null before the first run and while a run is in flight. */
  readonly result: EngineResult | null;
  /**
   * Whether real workers confirmed what is on screen: 'pending' while the
   * lockstep workers' run is in flight (in the background, after the model's
   * result is shown), then their verdict on it; null when nothing confirms it
   * (free mode, a page that is not isolated, no run).
   */
  readonly confirmation: ConfirmationStatus | null;
  /** Why the last run did not complete (not set when it was cancelled). */
  readonly error: Error | null;
  /** The step of the trace shown: 0 before a run; when a run ends, the deep link's or where the story starts (`landingStep`). */
  readonly step: number;
  /** The step the address asked for (`step=N`), shown once the next run is done. */
  readonly pendingStep: number | null;
  /** Whether the walkthrough is playing (advancing one step per `STEP_MS / speed`). */
  readonly playing: boolean;
  /** The playing speed, one of `SPEEDS`. */
  readonly speed: number;
  /**
   * What Next/Previous move by: the story's stops (the default), key steps
   * (where anything in the story moves) or single events. Play moves by key
   * steps unless this is 'events'. The scrubber and `goto` reach every step.
   */
  readonly stepBy: StepBy;
  /**
   * How the step was reached: 'forward' by Next or Play (the stage animates
   * the step's movement), 'jump' by anything else (it just shows the state).
   */
  readonly lastMove: 'forward' | 'jump';
  /** The learner's predictions at the checkpoints of this run: checkpoint step → "it pickles". */
  readonly predictions: Readonly<Record<number, boolean>>;
  /** The checkpoint step at which playing stopped to wait for the learner's answer, if it did. */
  readonly waitingAt: number | null;
  /**
   * The checkpoint step at which Next asked for an answer first (Next does
   * not pass an unanswered checkpoint: skipping it is an explicit choice).
   */
  readonly asking: number | null;
  /** The checkpoints the learner chose to skip: checkpoint step → true. */
  readonly skipped: Readonly<Record<number, true>>;
  /** How many runs have been started; identifies the run in flight. */
  readonly runCount: number;
  /** The run in flight (until its confirmation settles), so that a new run or `cancel` can stop it. */
  readonly inFlight: { readonly id: number; readonly handle: EngineRun } | null;
}

export type RunStore = StoreApi<RunState>;

/** What Next/Previous move by. */
export type StepBy = 'stops' | 'keys' | 'events';
export const STEP_BYS: readonly StepBy[] = ['stops', 'keys', 'events'];

/** A confirmation still on its way, or the one that arrived. */
export type ConfirmationStatus =
  { readonly state: 'pending'; readonly engine: EngineKind } | Confirmation;

/** The playing speeds; at 1× the walkthrough moves one step every `STEP_MS`. */
export const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4];
export const STEP_MS = 400;

export interface RunStoreDeps {
  /** The query string to read the settings from; default `location.search`. */
  readonly search?: string;
  /** Default `canUseWorkers()`. */
  readonly isolated?: boolean;
  /** Default the engine's `startRun`. */
  readonly startRun?: (options: EngineOptions) => EngineRun;
  /** Writes the settings back to the address; default `history.replaceState`. */
  readonly writeSearch?: (search: string) => void;
  /**
   * Whether a real change of the settings starts a new run at once (the page:
   * what is on screen always describes the settings shown). Default false:
   * the embed's bridge and tests run explicitly.
   */
  readonly rerunOnChange?: boolean;
}

function replaceSearch(search: string): void {
  const { pathname, hash } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
}

/** The dependencies of each store, kept out of its (observable) state. */
const depsOf = new WeakMap<RunStore, Required<Omit<RunStoreDeps, 'search' | 'isolated'>>>();

export function createRunStore(deps: RunStoreDeps = {}): RunStore {
  const isolated = deps.isolated ?? canUseWorkers();
  const { params, notices } = withIsolation(
    parseParams(deps.search ?? window.location.search),
    isolated,
  );
  const store = createStore<RunState>()(() => ({
    params,
    notices,
    isolated,
    running: false,
    engine: null,
    result: null,
    confirmation: null,
    error: null,
    step: 0,
    pendingStep: parseStep(deps.search ?? window.location.search),
    playing: false,
    speed: 1,
    stepBy: 'stops',
    lastMove: 'jump',
    predictions: {},
    waitingAt: null,
    asking: null,
    skipped: {},
    runCount: 0,
    inFlight: null,
  }));
  depsOf.set(store, {
    startRun: deps.startRun ?? startRun,
    writeSearch: deps.writeSearch ?? replaceSearch,
    rerunOnChange: deps.rerunOnChange ?? false,
  });
  return store;
}

/** The timer of each playing store, kept out of its state. */
const timers = new WeakMap<RunStore, ReturnType<typeof setInterval>>();

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
export const selectConfirmation = (s: RunState): ConfirmationStatus | null => s.confirmation;
export const selectStep = (s: RunState): number => s.step;
export const selectPlaying = (s: RunState): boolean => s.playing;
export const selectSpeed = (s: RunState): number => s.speed;
export const selectStepBy = (s: RunState): StepBy => s.stepBy;
/** Whether Play and Next skip the bookkeeping (anything but single events). */
export const selectKeySteps = (s: RunState): boolean => s.stepBy !== 'events';
export const selectMovedForward = (s: RunState): boolean => s.lastMove === 'forward';
export const selectPredictions = (s: RunState): Readonly<Record<number, boolean>> => s.predictions;
export const selectAsking = (s: RunState): number | null => s.asking;
export const selectSkipped = (s: RunState): Readonly<Record<number, true>> => s.skipped;
/** The number of trace events of the last run (0 before a run). */
export const selectStepCount = (s: RunState): number => s.result?.trace.events.length ?? 0;
export const selectVerdict = (s: RunState): EngineResult['verdict'] | null =>
  s.result?.verdict ?? null;

// --- actions ------------------------------------------------------------------

function toEngineOptions(p: PageParams): EngineOptions {
  return {
    scenario: p.scenario,
    ...(p.document !== undefined ? { document: p.document } : {}),
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
 * first. Resolves with the result once it is in the store (in lockstep on an
 * isolated page, the model's run, at once); rejects with the error (also kept
 * in the store), or with a `CancelledError` if this run is cancelled or
 * replaced before its result is shown. Real workers' confirmation of the
 * result, if any, arrives later in `confirmation` (see `settled`).
 */
export function run(store: RunStore): Promise<EngineResult> {
  pause(store);
  stopInFlight(store);
  keepStepOnRerun(store);
  const id = store.getState().runCount + 1;
  let handle: EngineRun;
  try {
    handle = deps(store).startRun(toEngineOptions(store.getState().params));
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    store.setState({ runCount: id, running: false, result: null, error: err, step: 0 });
    return Promise.reject(err);
  }
  const confirming = handle.confirmation !== null && handle.confirmingEngine !== null;
  store.setState({
    runCount: id,
    running: true,
    engine: handle.engine,
    result: null,
    confirmation: confirming ? { state: 'pending', engine: handle.confirmingEngine! } : null,
    error: null,
    step: 0,
    predictions: {},
    waitingAt: null,
    asking: null,
    skipped: {},
    inFlight: { id, handle },
  });
  const isCurrent = (): boolean => store.getState().inFlight?.id === id;
  // The run stays in flight (cancellable) until its confirmation settles.
  let confirmed = !confirming;
  handle.confirmation?.then(
    (confirmation) => {
      confirmed = true;
      if (isCurrent()) {
        store.setState({
          confirmation,
          inFlight: store.getState().running ? { id, handle } : null,
        });
      }
    },
    () => {
      // Cancelled: stopInFlight has said so already.
      confirmed = true;
    },
  );
  return handle.first.then(
    (result) => {
      if (!isCurrent()) throw new CancelledError();
      const before = urlStep(store.getState());
      const { pendingStep } = store.getState();
      const count = result.trace.events.length;
      store.setState({
        running: false,
        engine: result.engine,
        result,
        step: pendingStep === null ? landingStep(result.trace) : Math.min(pendingStep, count),
        pendingStep: null,
        inFlight: confirmed ? null : { id, handle },
      });
      writeStep(store, before);
      return result;
    },
    (error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      if (isCurrent()) {
        const cancelled = err instanceof CancelledError;
        handle.cancel();
        store.setState({
          running: false,
          error: cancelled ? null : err,
          confirmation: null,
          inFlight: null,
        });
      }
      throw err;
    },
  );
}

/**
 * Running the same settings again ("Run again", `mpviz.run()`) stays on the
 * step shown; a run of other settings opens where its story starts.
 */
function keepStepOnRerun(store: RunStore): void {
  const { result, params, pendingStep, step } = store.getState();
  if (result === null || pendingStep !== null) return;
  // The trace's settings (the mode aside, which a trace does not record).
  if (sameParams({ ...result.trace.header, mode: params.mode }, params)) {
    store.setState({ pendingStep: step });
  }
}

/**
 * Settles once nothing is in flight for what is on screen: no run, and no
 * confirmation pending. Resolves with the confirmation then in the state
 * (null when nothing confirms the result).
 */
export function settled(store: RunStore): Promise<ConfirmationStatus | null> {
  const done = (s: RunState): boolean => !s.running && s.confirmation?.state !== 'pending';
  if (done(store.getState())) return Promise.resolve(store.getState().confirmation);
  return new Promise((resolve) => {
    const unsubscribe = store.subscribe((s) => {
      if (!done(s)) return;
      unsubscribe();
      resolve(s.confirmation);
    });
  });
}

/** Stops the run in flight, if any; its `run()` promise rejects with a `CancelledError`. */
export function cancel(store: RunStore): void {
  pause(store);
  stopInFlight(store);
}

function stopInFlight(store: RunStore): void {
  const { inFlight, confirmation } = store.getState();
  if (!inFlight) return;
  store.setState({
    running: false,
    inFlight: null,
    // A confirmation stopped half-way says so; it is not silently dropped.
    confirmation:
      confirmation?.state === 'pending'
        ? { state: 'unavailable', engine: confirmation.engine, reason: 'cancelled' }
        : confirmation,
  });
  inFlight.handle.cancel();
}

/**
 * Changes the settings and writes them to the address. A real change cancels
 * the run in flight and clears the last outcome, which no longer describes the
 * settings. Values that are not valid are dropped with a notice.
 */
export function setParams(store: RunStore, partial: Partial<PageParams>): void {
  const { params: current, notices, isolated } = store.getState();
  const next = withIsolation(updateParams(current, partial), isolated);
  if (next.notices.length > 0) store.setState({ notices: [...notices, ...next.notices] });
  commitParams(store, next.params);
}

/** A composed scenario, checked (builder/address.ts's `applyDocument`): other settings stay. */
export function setDocument(store: RunStore, document: ScenarioDocument): void {
  commitParams(store, { ...store.getState().params, scenario: document.number, document });
}

function commitParams(store: RunStore, next: PageParams): void {
  if (sameParams(store.getState().params, next)) return;
  pause(store);
  stopInFlight(store);
  store.setState({
    params: next,
    result: null,
    confirmation: null,
    error: null,
    step: 0,
    pendingStep: null,
    predictions: {},
    waitingAt: null,
    asking: null,
    skipped: {},
  });
  deps(store).writeSearch(toSearch(next));
  if (deps(store).rerunOnChange) runQuietly(store);
}

/**
 * Runs without a caller to tell: a failure is kept in the store (and shown),
 * and a run replaced by a newer one needs nothing.
 */
export function runQuietly(store: RunStore): void {
  run(store).catch(() => {});
}

export function dismissNotice(store: RunStore, id: string): void {
  store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function dismissAllNotices(store: RunStore): void {
  store.setState({ notices: [] });
}

// --- the walkthrough: stepping and playing --------------------------------------------

/** The step the address should carry: none where the story starts, which a run shows anyway. */
function urlStep(s: RunState): number | null {
  if (!s.result) return s.pendingStep;
  return s.step === landingStep(s.result.trace) ? null : s.step;
}

/** The step a shared link should carry: always one, once there is a run to point into. */
export const selectShareStep = (s: RunState): number | null => (s.result ? s.step : s.pendingStep);

/** Writes the address if the step it should carry changed. */
function writeStep(store: RunStore, before: number | null): void {
  const s = store.getState();
  const after = urlStep(s);
  if (after !== before) deps(store).writeSearch(toSearch(s.params, after));
}

/** Shows step `n` of the last run (clamped to 0..stepCount); does nothing before a run. */
export function gotoStep(store: RunStore, n: number, move: RunState['lastMove'] = 'jump'): void {
  const s = store.getState();
  if (!s.result || !Number.isFinite(n)) return;
  const step = Math.min(Math.max(0, Math.round(n)), s.result.trace.events.length);
  if (step === s.step) return;
  const before = urlStep(s);
  store.setState({ step, lastMove: move, asking: null });
  writeStep(store, before);
}

function nextOf(state: RunState, by: StepBy): number {
  const trace = state.result!.trace;
  if (by === 'stops') return nextStop(trace, state.step);
  if (by === 'keys') return nextKeyStep(trace, state.step);
  return state.step + 1;
}

/** Whether the checkpoint asked at `step` (if any) still waits for an answer or a skip. */
function unanswered(s: RunState, step: number): boolean {
  return (
    s.result !== null &&
    isCheckpoint(s.result.trace, step) !== null &&
    !(step in s.predictions) &&
    !(step in s.skipped)
  );
}

/** The first unanswered checkpoint after `from` and before `to`, or `to`. */
function untilCheckpoint(s: RunState, from: number, to: number): number {
  for (const c of checkpoints(s.result!.trace)) {
    if (c.step > from && c.step < to && unanswered(s, c.step)) return c.step;
  }
  return to;
}

/**
 * The next step: the next story stop, key step or event (see `stepBy`).
 * Moving by story stops, Next never passes a checkpoint the learner has not
 * answered: it stops there, and at it, asks first (`asking`) instead of
 * moving on; skipping is `skipCheckpoint`.
 */
export function stepForward(store: RunStore): void {
  const s = store.getState();
  if (!s.result) return;
  if (s.stepBy !== 'stops') {
    gotoStep(store, nextOf(s, s.stepBy), 'forward');
    return;
  }
  if (unanswered(s, s.step)) {
    pause(store);
    store.setState({ asking: s.step });
    return;
  }
  gotoStep(store, untilCheckpoint(s, s.step, nextOf(s, 'stops')), 'forward');
}

/**
 * Skips the checkpoint asked at `step` (the learner's explicit choice) and,
 * if it is the step shown, moves on as Next would. Its answer is still
 * revealed when the story reaches it.
 */
export function skipCheckpoint(store: RunStore, step: number): void {
  const s = store.getState();
  if (!s.result || isCheckpoint(s.result.trace, step) === null) return;
  store.setState({ skipped: { ...s.skipped, [step]: true }, asking: null });
  if (s.step === step) stepForward(store);
}

/** The previous step: the previous story stop, key step or event. */
export function stepBack(store: RunStore): void {
  const { result, step, stepBy } = store.getState();
  if (!result) return;
  const trace = result.trace;
  const to =
    stepBy === 'stops'
      ? previousStop(trace, step)
      : stepBy === 'keys'
        ? previousKeyStep(trace, step)
        : step - 1;
  gotoStep(store, to);
}

/** Chooses what Next/Previous move by. */
export function setStepBy(store: RunStore, by: StepBy): void {
  if (STEP_BYS.includes(by) && store.getState().stepBy !== by) store.setState({ stepBy: by });
}

/** Key steps (on) or single events (off): `setStepBy` for callers that only know the two. */
export function setKeySteps(store: RunStore, on: boolean): void {
  setStepBy(store, on ? 'keys' : 'events');
}

export function firstStep(store: RunStore): void {
  gotoStep(store, 0);
}

export function lastStep(store: RunStore): void {
  gotoStep(store, selectStepCount(store.getState()));
}

function startTimer(store: RunStore): void {
  const old = timers.get(store);
  if (old !== undefined) clearInterval(old);
  timers.set(
    store,
    setInterval(() => tick(store), STEP_MS / store.getState().speed),
  );
}

/** One step of playing: stops at the end, and at a checkpoint the learner has not answered. */
function tick(store: RunStore): void {
  const s = store.getState();
  if (!s.result || s.step >= s.result.trace.events.length) {
    pause(store);
    return;
  }
  // Playing animates every key step (or event) between the stops.
  gotoStep(store, nextOf(s, s.stepBy === 'events' ? 'events' : 'keys'), 'forward');
  const { step } = store.getState();
  const atEnd = step >= s.result.trace.events.length;
  const asks = unanswered(store.getState(), step);
  if (atEnd || asks) pause(store);
  if (asks) store.setState({ waitingAt: step });
}

/** Plays the walkthrough from the current step (from the start when at the end). */
export function play(store: RunStore): void {
  const s = store.getState();
  if (!s.result || s.playing) return;
  if (s.step >= s.result.trace.events.length) gotoStep(store, 0);
  store.setState({ playing: true, waitingAt: null });
  startTimer(store);
}

export function pause(store: RunStore): void {
  const timer = timers.get(store);
  if (timer !== undefined) clearInterval(timer);
  timers.delete(store);
  if (store.getState().playing) store.setState({ playing: false });
}

export function togglePlay(store: RunStore): void {
  if (store.getState().playing) pause(store);
  else play(store);
}

/** Sets the playing speed; anything but one of `SPEEDS` is ignored. */
export function setSpeed(store: RunStore, speed: number): void {
  if (!SPEEDS.includes(speed) || speed === store.getState().speed) return;
  store.setState({ speed });
  if (store.getState().playing) startTimer(store);
}

/**
 * Records the learner's prediction at the checkpoint asked at `step`. If
 * playing had stopped there to ask, it plays on (an embed with autoplay and
 * no controls would otherwise stay there for good).
 */
export function answerCheckpoint(store: RunStore, step: number, yes: boolean): void {
  const s = store.getState();
  if (!s.result || isCheckpoint(s.result.trace, step) === null) return;
  store.setState({
    predictions: { ...s.predictions, [step]: yes },
    asking: s.asking === step ? null : s.asking,
  });
  if (s.waitingAt === step && s.step === step) play(store);
}
