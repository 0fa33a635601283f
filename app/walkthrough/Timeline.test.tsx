// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run';
import { createRunStore, type RunStore } from '../store';
import { RunStoreProvider } from '../store-context';
import { Lanes } from './Lanes';
import { lanesFor } from './lanes';
import { Timeline } from './Timeline';
import { useStepView } from './use-step-view';

function storeWith(scenario: number, step?: number): RunStore {
  const store = createRunStore({ search: '', isolated: false, writeSearch: () => {} });
  const result = runScenario({ scenario, startMethod: 'fork', platform: 'linux', seed: 1 });
  store.setState({
    result: { ...result, engine: 'model', wallMs: 1 },
    step: step ?? result.trace.events.length,
  });
  return store;
}

function Harness() {
  const view = useStepView();
  // The lanes are a tab below the first screen; they follow the same step.
  return view ? (
    <>
      <Timeline view={view} />
      <Lanes view={view} />
    </>
  ) : null;
}

function show(store: RunStore) {
  return render(
    <RunStoreProvider store={store}>
      <Harness />
    </RunStoreProvider>,
  );
}

afterEach(cleanup);

describe('Timeline lanes', () => {
  it('lists one lane per process and thread of scenario 1, by CPython’s names', () => {
    show(storeWith(1));
    const lanes = screen.getByRole('group', { name: 'Lanes' });
    const items = within(lanes)
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('lane'));
    expect(items.map((li) => li.textContent)).toEqual([
      'MainProcess · MainThread',
      'MainProcess · Thread-1 (_handle_workers)',
      'MainProcess · Thread-2 (_handle_tasks)',
      'MainProcess · Thread-3 (_handle_results)',
      'ForkPoolWorker-1 · MainThread',
      'ForkPoolWorker-2 · MainThread',
      'ForkPoolWorker-3 · MainThread',
    ]);
  });

  it('draws marks as decorative SVG, and explains them in a legend', () => {
    const { container } = show(storeWith(1));
    const handler = screen.getByText('MainProcess · Thread-2 (_handle_tasks)').closest('li')!;
    const track = handler.querySelector('.lane-track')!;
    expect(track.getAttribute('aria-hidden')).toBe('true');
    expect(track.querySelectorAll('use.mark-refused').length).toBeGreaterThan(0);
    expect(track.querySelectorAll('use.mark-exception').length).toBeGreaterThan(0);
    const legend = screen.getByRole('list', { name: 'Marks' });
    expect(legend.textContent).toContain('pickle refused');
    expect(legend.textContent).toContain('pipe write');
    // Every mark refers to a defined glyph.
    for (const use of container.querySelectorAll('use')) {
      const id = use.getAttribute('href')!.slice(1);
      expect(container.querySelector(`[id="${id}"]`)).not.toBeNull();
    }
  });

  it('marks the lane that acted at the step as current, and moves the cursor', () => {
    const store = storeWith(1);
    const trace = store.getState().result!.trace;
    const refused = trace.events.findIndex((e) => e.kind === 'pickle.refused') + 1;
    act(() => store.setState({ step: refused }));
    show(store);
    const current = screen
      .getAllByRole('listitem')
      .filter((li) => li.getAttribute('aria-current') === 'true');
    expect(current.map((li) => li.textContent)).toEqual(['MainProcess · Thread-2 (_handle_tasks)']);
    const cursor = current[0]!.querySelector<HTMLElement>('.lane-cursor')!;
    expect(parseFloat(cursor.style.left)).toBeCloseTo((refused / trace.events.length) * 100, 5);
  });

  it('a click on a lane shows the step of its nearest event', () => {
    const store = storeWith(1, 0);
    show(store);
    const trace = store.getState().result!.trace;
    const count = trace.events.length;
    const lane = lanesFor(trace).lanes.find((l) => l.tid === 6)!;
    const track = screen
      .getByText('MainProcess · Thread-2 (_handle_tasks)')
      .closest('li')!
      .querySelector<HTMLElement>('.lane-track')!;
    track.getBoundingClientRect = () =>
      ({ left: 100, width: 1000, top: 0, height: 20, right: 1100, bottom: 20 }) as DOMRect;
    // Halfway along: the handler's event nearest to step count / 2.
    fireEvent.click(track, { clientX: 600 });
    const wanted = Math.round(count / 2);
    const step = store.getState().step;
    expect([...lane.steps]).toContain(step);
    for (const s of lane.steps)
      expect(Math.abs(s - wanted)).toBeGreaterThanOrEqual(Math.abs(step - wanted));
    expect(screen.getByRole('group', { name: 'Timeline' }).textContent).toContain(
      `step ${step} / ${count}`,
    );
  });

  it('keeps the step controls', () => {
    show(storeWith(1, 5));
    for (const name of ['First step', 'Previous step', 'Next step', 'Last step', 'Play'])
      expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(screen.getByLabelText('Speed')).toBeTruthy();
    expect(screen.getByLabelText('Step')).toBeTruthy();
  });

  it('renders scenario 2’s many manager threads with a bounded number of marks', () => {
    const { container } = show(storeWith(2));
    const { lanes, buckets } = lanesFor(
      runScenario({ scenario: 2, startMethod: 'fork', platform: 'linux', seed: 1 }).trace,
    );
    const rows = container.querySelectorAll('li.lane');
    expect(rows.length).toBe(lanes.length);
    expect(container.querySelectorAll('.lane-marks use').length).toBeLessThanOrEqual(
      lanes.length * buckets,
    );
    expect(screen.getAllByText(/^SyncManager-\d · Thread-\d+ \(accepter\)$/).length).toBe(2);
  });
});
