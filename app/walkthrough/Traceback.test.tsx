// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run';
import type { PythonVersion } from '../../src/sim/trace';
import { createRunStore, type RunStore } from '../store';
import { RunStoreProvider } from '../store-context';
import { Traceback } from './Traceback';
import { useStepView } from './use-step-view';

const LOCK =
  'RuntimeError: Lock objects should only be shared between processes through inheritance';

function storeWith(scenario: number, python: PythonVersion = '3.11'): RunStore {
  const store = createRunStore({ search: '', isolated: false, writeSearch: () => {} });
  const result = runScenario({ scenario, startMethod: 'fork', platform: 'linux', python, seed: 1 });
  store.setState({
    result: { ...result, engine: 'model', wallMs: 1 },
    step: result.trace.events.length,
  });
  return store;
}

function Harness() {
  const view = useStepView();
  return view ? <Traceback view={view} /> : null;
}

function show(store: RunStore) {
  return render(
    <RunStoreProvider store={store}>
      <Harness />
    </RunStoreProvider>,
  );
}

function stepOf(store: RunStore, phase: string): number {
  const events = store.getState().result!.trace.events;
  return events.findIndex((e) => e.kind === 'exception' && e.phase === phase) + 1;
}

afterEach(cleanup);

describe('Traceback', () => {
  it('is a region named Traceback that says when nothing is raised yet', () => {
    const store = storeWith(1);
    act(() => store.setState({ step: 0 }));
    show(store);
    const region = screen.getByRole('region', { name: 'Traceback' });
    expect(region.textContent).toContain('Nothing has been raised up to this step.');
  });

  it('at the last step of scenario 1: the printed traceback, marking the task handler’s frames', () => {
    const { container } = show(storeWith(1));
    const region = screen.getByRole('region', { name: 'Traceback' });
    const text = region.querySelector('pre')!.textContent!;
    expect(text).toContain('Traceback (most recent call last):');
    expect(text).toContain('  File "scenarios.py", line 64, in scenario_1_pool_no_manager');
    expect(text).toContain(LOCK);
    expect(region.textContent).toContain('Printed to stderr by MainProcess · MainThread');

    const markers = [...container.querySelectorAll('.traceback-thread')].map((m) => m.textContent);
    expect(markers).toEqual([
      '── ran in MainProcess · MainThread ──',
      '── ran in another thread: MainProcess · Thread-2 (_handle_tasks) ──',
    ]);
    // The marker sits right before the first frame that ran in the task handler.
    const lines = [...region.querySelectorAll('.traceback-line, .traceback-thread')].map(
      (l) => l.textContent,
    );
    const marker = lines.indexOf(markers[1]!);
    expect(lines[marker - 2]).toBe('  File ".../multiprocessing/pool.py", line 774, in get');
    expect(lines[marker + 1]).toBe(
      '  File ".../multiprocessing/pool.py", line 540, in _handle_tasks',
    );
  });

  it('under 3.14: the notes after the error line, each on its own line, as stderr has them', () => {
    const store = storeWith(1, '3.14');
    const { container } = show(store);
    const stderr = store.getState().result!.stderr;
    const lines = [...container.querySelectorAll('.traceback-line')].map((l) => l.textContent);
    expect(lines.slice(-6)).toEqual(stderr.slice(-6));
    expect(lines.at(-6)).toBe(LOCK);
    expect(lines.at(-1)).toBe('when serializing tuple item 3');
    expect(container.querySelectorAll('.traceback-note')).toHaveLength(5);
  });

  it('when first raised: one thread, no marker, and not printed', () => {
    const store = storeWith(1);
    act(() => store.setState({ step: stepOf(store, 'raised') }));
    const { container } = show(store);
    const region = screen.getByRole('region', { name: 'Traceback' });
    expect(region.textContent).toContain(
      'Raised in MainProcess · Thread-2 (_handle_tasks) and caught there',
    );
    expect(container.querySelectorAll('.traceback-thread')).toHaveLength(0);
    expect(region.querySelector('pre')!.textContent).toContain('in _handle_tasks');
  });

  it('follows the step: stored, then re-raised in MainThread', () => {
    const store = storeWith(1);
    act(() => store.setState({ step: stepOf(store, 'stored') }));
    show(store);
    const region = screen.getByRole('region', { name: 'Traceback' });
    expect(region.textContent).toContain('stored it on the job’s result');
    act(() => store.setState({ step: stepOf(store, 'reraised') }));
    expect(region.textContent).toContain('Raised again in MainProcess · MainThread');
    expect(region.textContent).toContain(
      '── ran in another thread: MainProcess · Thread-2 (_handle_tasks) ──',
    );
  });

  it('at the refused pickle: raised in the task handler, as the narration says', () => {
    const store = storeWith(1);
    const events = store.getState().result!.trace.events;
    act(() => store.setState({ step: events.findIndex((e) => e.kind === 'pickle.refused') + 1 }));
    show(store);
    const region = screen.getByRole('region', { name: 'Traceback' });
    expect(region.textContent).toContain('Raised in MainProcess · Thread-2 (_handle_tasks)');
    expect(region.textContent).toContain(LOCK);
    expect(region.textContent).not.toContain('Nothing has been raised');
  });

  it('stays empty for a run that raises nothing', () => {
    show(storeWith(3));
    expect(screen.getByRole('region', { name: 'Traceback' }).textContent).toContain(
      'Nothing has been raised',
    );
  });
});
