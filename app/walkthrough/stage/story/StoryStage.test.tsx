// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../../../src/sim/run';
import type { StartMethod } from '../../../../src/sim/trace';
import type { EngineResult } from '../../../../src/workers';
import { createRunStore } from '../../../store';
import { RunStoreProvider } from '../../../store-context';
import { stateAt } from '../../view';
import { Stage } from '../Stage';

function resultOf(scenario: number, startMethod: StartMethod): EngineResult {
  return {
    ...runScenario({
      scenario,
      startMethod,
      platform: 'linux',
      python: '3.12',
      call: 'map',
      seed: 1,
    }),
    engine: 'model',
    wallMs: 0,
  };
}

function renderAt(result: EngineResult, step: number) {
  const store = createRunStore({
    search: '',
    isolated: false,
    startRun: () => {
      throw new Error('not in this test');
    },
    writeSearch: () => {},
  });
  const trace = result.trace;
  const ui = () => (
    <RunStoreProvider store={store}>
      <Stage view={{ result, step, count: trace.events.length, state: stateAt(trace, step) }} />
    </RunStoreProvider>
  );
  const rendered = render(ui());
  return {
    ...rendered,
    goto(next: number) {
      step = next;
      rendered.rerender(ui());
    },
  };
}

const stage = () => screen.getByRole('region', { name: 'Processes and the kernel' });
const card = (name: string) => within(stage()).getByRole('article', { name });

afterEach(cleanup);

describe('<Stage> story view', () => {
  const s1 = resultOf(1, 'fork');
  const refused = s1.trace.events.findIndex((e) => e.kind === 'pickle.refused') + 1;

  it('shows the refusal on the task handler, next to the Lock it could not pickle', () => {
    renderAt(s1, refused);
    const main = card('MainProcess');
    const handler = within(main).getByText('Thread-2 (_handle_tasks)').closest('li')!;
    expect(within(handler).getByRole('note').textContent).toContain(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
    const lock = within(stage()).getByRole('group', { name: 'Lock' });
    expect(lock.textContent).toContain(
      'Refused: a Lock may travel to a child only while the child is being created.',
    );
    expect(within(main).getByText('Lock: created here')).toBeDefined();
  });

  it('shows that the forked workers never hold the Lock', () => {
    renderAt(s1, refused);
    for (const n of [1, 2, 3]) {
      const worker = card(`ForkPoolWorker-${n}`);
      const rows = within(worker).getByRole('list', { name: `What ForkPoolWorker-${n} holds` });
      expect(within(rows).getByText('no Lock (made after this process)')).toBeDefined();
      expect(within(rows).getByText('Pipe: inherited (fork)')).toBeDefined();
    }
  });

  it('keeps one card per process, in place, from the first step to the last', () => {
    const ui = renderAt(s1, 1);
    const names = () =>
      within(stage())
        .getAllByRole('article')
        .map((a) => a.id || a.textContent);
    const first = within(stage()).getAllByRole('article').length;
    expect(first).toBe(4);
    ui.goto(refused);
    expect(within(stage()).getAllByRole('article')).toHaveLength(first);
    const before = names();
    ui.goto(s1.trace.events.length);
    expect(names()).toHaveLength(before.length);
  });

  it('says how a spawned child got the Lock: opened by name', () => {
    const s3 = resultOf(3, 'spawn');
    const step =
      s3.trace.events.findIndex(
        (e) =>
          e.kind === 'var.set' && e.name === 'the_job:lock' && e.pid !== s3.trace.events[0]!.pid,
      ) + 1;
    renderAt(s3, step);
    const child = card('Process-1');
    expect(within(child).getByText('Lock: opened by name')).toBeDefined();
    expect(within(card('Process-2')).getByText('no Lock yet')).toBeDefined();
  });

  it('puts the real Lock inside the manager, and a proxy in each worker', () => {
    const s2 = resultOf(2, 'fork');
    const at = s2.trace.events.findIndex(
      (e) => e.kind === 'proxy.request' && e.method === 'acquire',
    );
    // Whichever worker asks first: the one that imported multiprocessing.managers first.
    const asker = s2.trace.events.find(
      (e) => e.kind === 'process.start' && e.pid === s2.trace.events[at]!.pid,
    );
    renderAt(s2, at + 1);
    const manager = card('SyncManager-4');
    expect(within(manager).getByRole('group', { name: 'Lock' }).textContent).toContain(
      'The real Lock lives here.',
    );
    if (asker?.kind !== 'process.start') throw new Error('no process made the first acquire');
    expect(asker.name).toMatch(/^ForkPoolWorker-\d$/);
    expect(within(card(asker.name)).getByText('Lock: a proxy')).toBeDefined();
  });

  it('swaps in the full stage behind “Show internals”', async () => {
    renderAt(s1, refused);
    const toggle = within(stage()).getByRole('checkbox', { name: 'Show internals' });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    expect(within(stage()).queryByRole('region', { name: /^Kernel objects/ })).toBeNull();
    fireEvent.click(toggle);
    // The full view loads when first shown.
    expect(await within(stage()).findByRole('region', { name: /^Kernel objects/ })).toBeDefined();
    expect(within(stage()).getByRole('article', { name: /^MainProcess pid \d+$/ })).toBeDefined();
  });

  it('draws the arrows', () => {
    renderAt(s1, refused);
    expect(document.querySelectorAll('svg.story-arrows').length).toBe(2);
  });
});
