// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/sim/run';
import type { EngineResult } from '../../../src/workers';
import { createRunStore } from '../../store';
import { RunStoreProvider } from '../../store-context';
import { stateAt } from '../view';
import { Stage } from './Stage';

const result: EngineResult = {
  ...runScenario({
    scenario: 1,
    startMethod: 'fork',
    platform: 'linux',
    python: '3.12',
    call: 'map',
    seed: 1,
  }),
  engine: 'model',
  wallMs: 0,
};
const trace = result.trace;
const refusedStep = trace.events.findIndex((e) => e.kind === 'pickle.refused') + 1;

async function renderAt(step: number) {
  const store = createRunStore({
    search: '',
    isolated: false,
    startRun: () => {
      throw new Error('not in this test');
    },
    writeSearch: () => {},
  });
  const view = () => ({
    result,
    step,
    count: trace.events.length,
    state: stateAt(trace, step),
  });
  const ui = render(
    <RunStoreProvider store={store}>
      <Stage view={view()} />
    </RunStoreProvider>,
  );
  // These tests are of the full stage: handle tables and the kernel band
  // (loaded when first shown: wait for it).
  fireEvent.click(screen.getByRole('checkbox', { name: 'Show internals' }));
  await screen.findByRole('region', { name: /^Kernel objects/ });
  return {
    ...ui,
    goto(next: number) {
      step = next;
      ui.rerender(
        <RunStoreProvider store={store}>
          <Stage view={view()} />
        </RunStoreProvider>,
      );
    },
  };
}

function cardNames(): string[] {
  const stage = screen.getByRole('region', { name: 'Processes and the kernel' });
  return within(stage)
    .getAllByRole('article')
    .map((card) => within(card).getByRole('heading', { level: 4 }).textContent ?? '');
}

afterEach(cleanup);

describe('<Stage> with internals shown', () => {
  it('is empty before the first event', async () => {
    await renderAt(0);
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    expect(screen.getByText('No kernel objects yet.')).toBeDefined();
  });

  it('shows every process, and the refusal on the task handler thread', async () => {
    await renderAt(refusedStep);
    expect(cardNames().map((n) => n.replace(/ pid \d+$/, ''))).toEqual([
      'MainProcess',
      'ForkPoolWorker-1',
      'ForkPoolWorker-2',
      'ForkPoolWorker-3',
    ]);
    const main = screen.getByRole('article', { name: /^MainProcess/ });
    expect(within(main).getByText('Thread-2 (_handle_tasks)')).toBeDefined();
    expect(main.textContent).toContain(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
    // The parent's memory holds the Lock; the forked children were copied before it existed.
    expect(within(main).getByText('lock')).toBeDefined();
    const worker = screen.getByRole('article', { name: /^ForkPoolWorker-1/ });
    expect(within(worker).queryByText('lock')).toBeNull();
    expect(worker.textContent).toContain('forked: a copy of its parent');

    const kernel = screen.getByRole('region', { name: /^Kernel objects/ });
    expect(within(kernel).getByRole('heading', { name: /^Lock/ })).toBeDefined();
    expect(within(kernel).getByRole('heading', { name: /^Queue/ })).toBeDefined();
  });

  it('keeps the cards in place stepping back and forth', async () => {
    const ui = await renderAt(refusedStep);
    const before = cardNames();
    const text = ui.container.querySelector('.stage-cards')!.textContent;
    ui.goto(refusedStep - 40);
    ui.goto(trace.events.length);
    expect(cardNames()).toEqual(before);
    ui.goto(refusedStep);
    expect(ui.container.querySelector('.stage-cards')!.textContent).toBe(text);
  });
});
