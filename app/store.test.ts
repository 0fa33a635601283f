import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../src/sim/run';
import {
  CancelledError,
  type Confirmation,
  type EngineOptions,
  type EngineResult,
  type EngineRun,
} from '../src/workers';
import { checkpoints } from './walkthrough/view';
import { keySteps } from './walkthrough/key-steps';
import { landingStep } from './walkthrough/landing';
import { nextStop, storyStops } from './walkthrough/story/stops';
import {
  answerCheckpoint,
  cancel,
  createRunStore,
  firstStep,
  gotoStep,
  lastStep,
  pause,
  play,
  setSpeed,
  skipCheckpoint,
  selectKeySteps,
  selectStepBy,
  setStepBy,
  setKeySteps,
  stepBack,
  stepForward,
  dismissNotice,
  run,
  selectConfirmation,
  selectStepCount,
  selectVerdict,
  setParams,
  settled,
} from './store';

/**
 * An engine whose runs end when the test says so. With `confirming`, each run
 * also has a confirmation that the test settles (as the lockstep workers do).
 */
function fakeEngine(confirming = false) {
  const runs: {
    options: EngineOptions;
    finish: () => void;
    fail: (e: Error) => void;
    confirm: (c: Confirmation) => void;
    cancelled: boolean;
  }[] = [];
  const startRun = (options: EngineOptions): EngineRun => {
    let resolve!: (r: EngineResult) => void;
    let reject!: (e: Error) => void;
    const first = new Promise<EngineResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let confirm: (c: Confirmation) => void = () => {};
    let rejectConfirmation: (e: Error) => void = () => {};
    const confirmation = confirming
      ? new Promise<Confirmation>((res, rej) => {
          confirm = res;
          rejectConfirmation = rej;
        })
      : null;
    const entry = {
      options,
      cancelled: false,
      finish: () => resolve({ ...runScenario(options), engine: 'model', wallMs: 1 }),
      fail: (e: Error) => reject(e),
      confirm: (c: Confirmation) => confirm(c),
    };
    runs.push(entry);
    return {
      engine: 'model',
      first,
      confirmingEngine: confirming ? 'workers-lockstep' : null,
      confirmation,
      cancel() {
        entry.cancelled = true;
        reject(new CancelledError());
        rejectConfirmation(new CancelledError());
      },
    };
  };
  return { runs, startRun };
}

function makeStore(
  search = '',
  {
    confirming = false,
    rerunOnChange = false,
  }: { confirming?: boolean; rerunOnChange?: boolean } = {},
) {
  const engine = fakeEngine(confirming);
  const written: string[] = [];
  const store = createRunStore({
    search,
    isolated: false,
    startRun: engine.startRun,
    writeSearch: (s) => written.push(s),
    rerunOnChange,
  });
  return { store, engine, written };
}

describe('run store', () => {
  it('starts with the settings and notices from the address', () => {
    const { store } = makeStore('?scenario=2&zzz=1');
    const s = store.getState();
    expect(s.params.scenario).toBe(2);
    expect(s.notices).toHaveLength(1);
    expect(s).toMatchObject({ isolated: false, running: false, result: null, runCount: 0 });
    expect(selectVerdict(s)).toBeNull();
    expect(selectStepCount(s)).toBe(0);
  });

  it('runs with the current settings and keeps the result', async () => {
    const { store, engine } = makeStore('?scenario=1');
    const pending = run(store);
    expect(store.getState()).toMatchObject({ running: true, runCount: 1 });
    expect(engine.runs[0]!.options).toMatchObject({ scenario: 1, startMethod: 'fork' });
    engine.runs[0]!.finish();
    const result = await pending;
    const s = store.getState();
    expect(s.running).toBe(false);
    expect(s.result).toBe(result);
    expect(selectVerdict(s)).toBe('raised');
    expect(selectStepCount(s)).toBe(result.trace.events.length);
    // With no step in the address, it opens where the story starts: the first child exists.
    expect(s.step).toBe(landingStep(result.trace));
    const firstChild = result.trace.events.findIndex(
      (e) => e.kind === 'process.start' && e.ppid !== null,
    );
    expect(s.step).toBeGreaterThan(firstChild);
    expect(s.step).toBeLessThan(selectStepCount(s));
  });

  describe('the model first, confirmed by workers in the background', () => {
    const workersOf = (options: EngineOptions): EngineResult => ({
      ...runScenario(options),
      engine: 'workers-lockstep',
      wallMs: 500,
    });

    it('shows the model at once, and records the confirmation when it arrives', async () => {
      const { store, engine } = makeStore('?scenario=1', { confirming: true });
      const pending = run(store);
      expect(selectConfirmation(store.getState())).toEqual({
        state: 'pending',
        engine: 'workers-lockstep',
      });
      engine.runs[0]!.finish();
      const result = await pending;
      let s = store.getState();
      expect(s).toMatchObject({ running: false, engine: 'model', result });
      expect(s.confirmation?.state).toBe('pending');
      // Still cancellable: the workers are running.
      expect(s.inFlight).not.toBeNull();
      const waiting = settled(store);
      const workers = workersOf(engine.runs[0]!.options);
      const c: Confirmation = {
        state: 'confirmed',
        engine: 'workers-lockstep',
        events: result.trace.events.length,
        result: workers,
      };
      engine.runs[0]!.confirm(c);
      expect(await waiting).toBe(c);
      s = store.getState();
      expect(s).toMatchObject({ confirmation: c, inFlight: null, engine: 'model', result });
    });

    it('keeps a confirmation that differs, with its first differing step', async () => {
      const { store, engine } = makeStore('?scenario=1', { confirming: true });
      const pending = run(store);
      engine.runs[0]!.finish();
      const result = await pending;
      const differs: Confirmation = {
        state: 'differs',
        engine: 'workers-lockstep',
        events: result.trace.events.length,
        firstDifference: { step: 5, model: result.trace.events[4]!, workers: null },
        result: workersOf(engine.runs[0]!.options),
      };
      engine.runs[0]!.confirm(differs);
      await settled(store);
      expect(selectConfirmation(store.getState())).toBe(differs);
      // What is on screen is still the model's run.
      expect(store.getState().result).toBe(result);
    });

    it('a new run or a change of settings stops the workers of the last one', async () => {
      const { store, engine } = makeStore('?scenario=1', { confirming: true });
      const pending = run(store);
      engine.runs[0]!.finish();
      await pending;
      const second = run(store);
      expect(engine.runs[0]!.cancelled).toBe(true);
      engine.runs[1]!.finish();
      await second;
      // The first run's late confirmation does not land on the second's result.
      engine.runs[0]!.confirm({
        state: 'unavailable',
        engine: 'workers-lockstep',
        reason: 'failed',
      });
      await Promise.resolve();
      expect(store.getState().confirmation?.state).toBe('pending');
      setParams(store, { scenario: 2 });
      expect(engine.runs[1]!.cancelled).toBe(true);
      expect(store.getState()).toMatchObject({ confirmation: null, inFlight: null });
    });

    it('cancel stops the workers and says the confirmation was stopped', async () => {
      const { store, engine } = makeStore('?scenario=1', { confirming: true });
      const pending = run(store);
      engine.runs[0]!.finish();
      await pending;
      cancel(store);
      expect(engine.runs[0]!.cancelled).toBe(true);
      expect(store.getState().confirmation).toEqual({
        state: 'unavailable',
        engine: 'workers-lockstep',
        reason: 'cancelled',
      });
      // The result on screen stays.
      expect(store.getState().result).not.toBeNull();
    });

    it('a failing model run leaves no confirmation pending', async () => {
      const { store, engine } = makeStore('?scenario=1', { confirming: true });
      const pending = run(store);
      engine.runs[0]!.fail(new Error('boom'));
      await expect(pending).rejects.toThrow('boom');
      expect(store.getState()).toMatchObject({
        confirmation: null,
        inFlight: null,
        running: false,
      });
      expect(engine.runs[0]!.cancelled).toBe(true);
      expect(await settled(store)).toBeNull();
    });
  });

  it('cancels the run in flight when a new one starts', async () => {
    const { store, engine } = makeStore();
    const first = run(store);
    const second = run(store);
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    expect(engine.runs[0]!.cancelled).toBe(true);
    expect(store.getState()).toMatchObject({ running: true, runCount: 2 });
    engine.runs[1]!.finish();
    await second;
    expect(store.getState().running).toBe(false);
  });

  it('ignores a superseded run that finishes anyway', async () => {
    const { store, engine } = makeStore();
    const first = run(store);
    const second = run(store);
    engine.runs[1]!.finish();
    await second;
    const kept = store.getState().result;
    engine.runs[0]!.finish();
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    expect(store.getState().result).toBe(kept);
  });

  it('cancel stops the run without an error', async () => {
    const { store } = makeStore();
    const pending = run(store);
    cancel(store);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(store.getState()).toMatchObject({ running: false, error: null, result: null });
  });

  it('keeps the error of a run that fails', async () => {
    const { store, engine } = makeStore();
    const pending = run(store);
    engine.runs[0]!.fail(new Error('worker crashed'));
    await expect(pending).rejects.toThrow('worker crashed');
    expect(store.getState().error?.message).toBe('worker crashed');
    expect(store.getState().running).toBe(false);
  });

  it('setParams writes the address, cancels the run and clears the old outcome', async () => {
    const { store, engine, written } = makeStore();
    const first = run(store);
    engine.runs[0]!.finish();
    await first;
    setParams(store, { scenario: 6, startMethod: 'spawn' });
    expect(written).toEqual(['?scenario=6&start=spawn']);
    expect(store.getState().result).toBeNull();

    const pending = run(store);
    setParams(store, { seed: 3 });
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(written.at(-1)).toBe('?scenario=6&start=spawn&seed=3');

    setParams(store, { seed: 3 });
    expect(written).toHaveLength(2);
  });

  it('setParams turns invalid values into notices, and notices can be dismissed', () => {
    const { store, written } = makeStore();
    setParams(store, { platform: 'windows', startMethod: 'fork' });
    const s = store.getState();
    expect(s.params).toMatchObject({ platform: 'windows', startMethod: 'spawn' });
    expect(s.notices.map((n) => n.param)).toEqual(['start']);
    expect(written).toEqual(['?os=windows']);
    dismissNotice(store, s.notices[0]!.id);
    expect(store.getState().notices).toEqual([]);
  });
});

describe('the walkthrough in the store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function ranStore(search = '') {
    const made = makeStore(search);
    const pending = run(made.store);
    made.engine.runs[0]!.finish();
    await pending;
    return made;
  }

  it('steps forward, back, to the first and to the last step, clamped', async () => {
    const { store } = await ranStore();
    setKeySteps(store, false);
    const count = selectStepCount(store.getState());
    const landing = store.getState().step;
    stepForward(store);
    expect(store.getState().step).toBe(landing + 1);
    lastStep(store);
    stepForward(store);
    expect(store.getState().step).toBe(count);
    firstStep(store);
    expect(store.getState().step).toBe(0);
    stepBack(store);
    expect(store.getState().step).toBe(0);
    stepForward(store);
    stepForward(store);
    stepBack(store);
    expect(store.getState().step).toBe(1);
    gotoStep(store, 1e9);
    expect(store.getState().step).toBe(count);
    gotoStep(store, 40);
    lastStep(store);
    expect(store.getState().step).toBe(count);
  });

  it('does nothing before a run', () => {
    const { store } = makeStore();
    gotoStep(store, 5);
    play(store);
    expect(store.getState()).toMatchObject({ step: 0, playing: false });
  });

  it('keeps the step in the address, except where the story starts', async () => {
    const { store, written } = await ranStore('?scenario=1');
    expect(written).toEqual([]);
    const landing = store.getState().step;
    gotoStep(store, 40);
    expect(written.at(-1)).toBe('?step=40');
    lastStep(store);
    expect(written.at(-1)).toBe(`?step=${selectStepCount(store.getState())}`);
    gotoStep(store, landing);
    expect(written.at(-1)).toBe('');
  });

  it('running the same settings again stays on the step; other settings open at their start', async () => {
    const { store, engine } = await ranStore('?scenario=1');
    gotoStep(store, 40);
    const again = run(store);
    engine.runs.at(-1)!.finish();
    await again;
    expect(store.getState().step).toBe(40);
    setParams(store, { scenario: 3 });
    const other = run(store);
    engine.runs.at(-1)!.finish();
    const result = await other;
    expect(store.getState().step).toBe(landingStep(result.trace));
  });

  it('re-runs at once on a real change when made for the page', async () => {
    const { store, engine } = makeStore('', { rerunOnChange: true });
    setParams(store, { scenario: 3 });
    expect(engine.runs).toHaveLength(1);
    expect(engine.runs[0]!.options).toMatchObject({ scenario: 3 });
    setParams(store, { scenario: 3 });
    expect(engine.runs).toHaveLength(1);
    setParams(store, { seed: 7 });
    expect(engine.runs).toHaveLength(2);
    expect(engine.runs[0]!.cancelled).toBe(true);
  });

  it('shows the deep link’s step once the run is done', async () => {
    const { store, written } = await ranStore('?scenario=2&step=40');
    expect(store.getState()).toMatchObject({ step: 40, pendingStep: null });
    expect(written).toEqual([]);
    // Changing the settings forgets it.
    setParams(store, { seed: 2 });
    expect(store.getState()).toMatchObject({ step: 0, pendingStep: null });
    expect(written.at(-1)).toBe('?scenario=2&seed=2');
  });

  it('plays one step per 400 ms / speed, and stops at the end', async () => {
    vi.useFakeTimers();
    const { store } = await ranStore('?scenario=2');
    setKeySteps(store, false);
    const count = selectStepCount(store.getState());
    gotoStep(store, 0);
    play(store);
    expect(store.getState().playing).toBe(true);
    vi.advanceTimersByTime(400);
    expect(store.getState().step).toBe(1);
    setSpeed(store, 4);
    vi.advanceTimersByTime(400);
    expect(store.getState().step).toBe(5);
    setSpeed(store, 3); // not a speed: ignored
    expect(store.getState().speed).toBe(4);
    pause(store);
    vi.advanceTimersByTime(4000);
    expect(store.getState()).toMatchObject({ step: 5, playing: false });
    gotoStep(store, count - 2);
    play(store);
    vi.advanceTimersByTime(10_000);
    expect(store.getState()).toMatchObject({ step: count, playing: false });
  });

  it('pauses at a checkpoint the learner has not answered', async () => {
    vi.useFakeTimers();
    const { store } = await ranStore('?scenario=1');
    setKeySteps(store, false);
    const [cp] = checkpoints(store.getState().result!.trace);
    gotoStep(store, cp!.step - 1);
    play(store);
    vi.advanceTimersByTime(4000);
    expect(store.getState()).toMatchObject({ step: cp!.step, playing: false });
    answerCheckpoint(store, cp!.step + 1, true); // not a checkpoint: ignored
    expect(Object.keys(store.getState().predictions)).toHaveLength(0);
    // The answer plays on from where playing stopped to ask.
    answerCheckpoint(store, cp!.step, false);
    expect(store.getState().predictions).toEqual({ [cp!.step]: false });
    expect(store.getState().playing).toBe(true);
    vi.advanceTimersByTime(800);
    expect(store.getState().step).toBe(cp!.step + 2);
    // An answer given after moving there by hand does not start playing.
    pause(store);
    const later = checkpoints(store.getState().result!.trace)[1];
    if (later) {
      gotoStep(store, later.step);
      answerCheckpoint(store, later.step, true);
      expect(store.getState().playing).toBe(false);
    }
    // A new run stops playing and forgets the predictions.
    const again = run(store);
    expect(store.getState()).toMatchObject({ playing: false, predictions: {} });
    cancel(store);
    await expect(again).rejects.toBeInstanceOf(CancelledError);
  });

  it('moves by story stops by default: exactly those, forwards and back', async () => {
    const { store } = await ranStore('?scenario=2');
    expect(selectStepBy(store.getState())).toBe('stops');
    const trace = store.getState().result!.trace;
    // Answered, the checkpoints neither stop nor hold Next.
    for (const c of checkpoints(trace)) answerCheckpoint(store, c.step, true);
    const stops = [0, ...storyStops(trace).map((s) => s.step), trace.events.length];
    firstStep(store);
    const forward = [0];
    while (store.getState().step < trace.events.length) {
      stepForward(store);
      forward.push(store.getState().step);
    }
    expect(forward).toEqual(stops);
    const back = [trace.events.length];
    while (store.getState().step > 0) {
      stepBack(store);
      back.push(store.getState().step);
    }
    expect(back).toEqual([...stops].reverse());
  });

  it('Next asks before it passes an unanswered checkpoint; skipping is an explicit choice', async () => {
    const { store } = await ranStore('?scenario=1');
    const trace = store.getState().result!.trace;
    const [fork, task] = checkpoints(trace);
    // Scenario 1 under fork: the fork checkpoint lies between two stops, the task's is one.
    expect(storyStops(trace).some((s) => s.step === fork!.step)).toBe(false);
    expect(storyStops(trace).some((s) => s.step === task!.step)).toBe(true);
    firstStep(store);
    stepForward(store);
    expect(store.getState()).toMatchObject({ step: fork!.step, asking: null });
    // At it, Next asks instead of moving, however often it is pressed.
    stepForward(store);
    stepForward(store);
    expect(store.getState()).toMatchObject({ step: fork!.step, asking: fork!.step });
    // Skipping moves on as Next would, and the skip is remembered.
    skipCheckpoint(store, fork!.step);
    expect(store.getState().step).toBe(nextStop(trace, fork!.step));
    expect(store.getState().skipped).toEqual({ [fork!.step]: true });
    gotoStep(store, fork!.step);
    stepForward(store);
    expect(store.getState().step).toBe(nextStop(trace, fork!.step));
    // An answer lets Next go on at once.
    gotoStep(store, task!.step);
    stepForward(store);
    expect(store.getState().asking).toBe(task!.step);
    answerCheckpoint(store, task!.step, true);
    expect(store.getState().asking).toBeNull();
    stepForward(store);
    expect(store.getState().step).toBe(nextStop(trace, task!.step));
    // Key steps and every event move on as they always did.
    setStepBy(store, 'events');
    const c = checkpoints(trace).at(-1)!;
    store.setState({ predictions: {}, skipped: {} });
    gotoStep(store, c.step);
    stepForward(store);
    expect(store.getState().step).toBe(c.step + 1);
  });

  it('moves by key steps when asked: exactly those, forwards and back', async () => {
    const { store } = await ranStore('?scenario=2');
    setStepBy(store, 'keys');
    expect(selectKeySteps(store.getState())).toBe(true);
    const trace = store.getState().result!.trace;
    const keys = keySteps(trace);
    expect(keys.length).toBeLessThan(trace.events.length / 5);
    firstStep(store);
    const forward = [0];
    while (store.getState().step < trace.events.length) {
      stepForward(store);
      forward.push(store.getState().step);
    }
    expect(forward).toEqual(keys);
    const back = [trace.events.length];
    while (store.getState().step > 0) {
      stepBack(store);
      back.push(store.getState().step);
    }
    expect(back).toEqual([...keys].reverse());
    // Any step is still reachable; stepping goes on from there.
    gotoStep(store, keys[3]! + 1);
    stepForward(store);
    expect(store.getState().step).toBe(keys[4]);
    // And every event, one switch further.
    setStepBy(store, 'events');
    stepForward(store);
    expect(store.getState().step).toBe(keys[4]! + 1);
  });

  it('plays key step by key step, and still pauses at a checkpoint', async () => {
    vi.useFakeTimers();
    const { store } = await ranStore('?scenario=1');
    const trace = store.getState().result!.trace;
    const [cp] = checkpoints(trace);
    firstStep(store);
    play(store);
    vi.advanceTimersByTime(400);
    expect(store.getState().step).toBe(keySteps(trace)[1]);
    vi.advanceTimersByTime(400 * keySteps(trace).length);
    expect(store.getState()).toMatchObject({ step: cp!.step, playing: false });
  });
});
