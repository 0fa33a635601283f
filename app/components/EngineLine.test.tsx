// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run';
import type { EngineResult } from '../../src/workers';
import { createRunStore, type RunState } from '../store';
import { RunStoreProvider } from '../store-context';
import { EngineLine } from './EngineLine';

const model: EngineResult = { ...runScenario({ scenario: 1 }), engine: 'model', wallMs: 9.2 };
const workers: EngineResult = { ...model, engine: 'workers-lockstep', wallMs: 812 };
const events = model.trace.events.length;

function renderWith(state: Partial<RunState>, search = '') {
  const store = createRunStore({
    search,
    isolated: true,
    startRun: () => {
      throw new Error('not in this test');
    },
    writeSearch: () => {},
  });
  store.setState(state);
  render(
    <RunStoreProvider store={store}>
      <EngineLine />
    </RunStoreProvider>,
  );
  return store;
}

const line = () => screen.getByTestId('isolation-status');

describe('the engine line', () => {
  afterEach(cleanup);

  it('says the model’s run is on screen while the workers confirm it, then that they did', () => {
    const store = renderWith({
      result: model,
      engine: 'model',
      confirmation: { state: 'pending', engine: 'workers-lockstep' },
    });
    expect(line().textContent).toBe(
      'On screen: the model’s run (9 ms, in this tab). Real Web Workers are rerunning it in ' +
        'lockstep, to check every event…',
    );
    act(() =>
      store.setState({
        confirmation: { state: 'confirmed', engine: 'workers-lockstep', events, result: workers },
      }),
    );
    expect(line().textContent).toBe(
      'On screen: the model’s run (9 ms, in this tab). Real Web Workers in lockstep agree on ' +
        `all ${events} events (812 ms).`,
    );
    expect(line().dataset.confirmation).toBe('confirmed');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a difference is an alert naming the first differing step and both events', () => {
    const at = 171;
    renderWith({
      result: model,
      engine: 'model',
      confirmation: {
        state: 'differs',
        engine: 'workers-lockstep',
        events,
        firstDifference: { step: at, model: model.trace.events[at - 1]!, workers: null },
        result: workers,
      },
    });
    expect(line().textContent).toContain(`DIFFERS from it, from step ${at} on`);
    const alert = screen.getByRole('alert');
    const e = model.trace.events[at - 1]!;
    expect(alert.textContent).toContain(`first at step ${at} of ${events}`);
    expect(alert.textContent).toContain(`the model recorded ${e.kind} in ${e.thread}`);
    expect(alert.textContent).toContain('the workers recorded nothing (its trace had ended)');
  });

  it('says so when the workers could not confirm it', () => {
    renderWith({
      result: model,
      engine: 'model',
      confirmation: {
        state: 'unavailable',
        engine: 'workers-lockstep',
        reason: 'failed',
        error: 'Worker failed',
      },
    });
    expect(line().textContent).toContain('Real Web Workers could not confirm it: Worker failed.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('in free mode, says while running that the workers’ run is shown when it ends', () => {
    renderWith({ running: true, engine: 'workers-free' }, '?mode=free');
    expect(line().textContent).toMatch(/^Racing on real Web Workers \(free mode\)/);
  });
});
