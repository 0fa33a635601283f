import { describe, expect, it } from 'vitest';
import { applyEvent, initialState } from '../../../../src/sim/fold';
import { traceOf } from '../../test-traces';
import { narration, stateAt } from '../../view';
import { readFileSync } from 'node:fs';
import { managedKeyOf, refusedKeyOf, storyKeyOf } from './keys';
import { MAX_BAND, MAX_COLUMNS, storyLayout } from './layout';
import { storyView } from './step-view';

const CASES = [1, 2, 3, 4, 5, 6].flatMap((scenario) =>
  (['fork', 'spawn'] as const).map((startMethod) => ({ scenario, startMethod })),
);
const traces = new Map(
  CASES.map((c) => [`${c.scenario} ${c.startMethod}`, traceOf(c.scenario, c.startMethod)]),
);

describe('story objects', () => {
  it('are the Lock, the Queue (all four parts) and the Pool’s task pipe', () => {
    expect(storyKeyOf('Lock')).toBe('lock');
    // A Queue's pipe, _rlock, _wlock and _sem all have the owner Queue.
    expect(storyKeyOf('Queue')).toBe('queue');
    expect(storyKeyOf('Pool._inqueue')).toBe('pipe');
    expect(storyKeyOf('Pool._outqueue')).toBeNull();
    expect(storyKeyOf('Popen')).toBeNull();
    expect(storyKeyOf('Pool._change_notifier')).toBeNull();
  });

  it('are a manager’s referents when its server holds them', () => {
    expect(managedKeyOf('threading.Lock')).toBe('lock');
    expect(managedKeyOf('queue.Queue')).toBe('queue');
    expect(managedKeyOf('Lock')).toBeNull();
  });

  it('are found in every scenario from owner and role, whatever the labels say', () => {
    for (const [name, trace] of traces) {
      const blank = {
        ...trace,
        events: trace.events.map((e) => (e.kind === 'kobj.create' ? { ...e, label: '?' } : e)),
      };
      const keysOf = (t: typeof trace) => {
        const l = storyLayout(t);
        return { name, members: [...l.members], managed: [...l.managed], keys: [...l.keys] };
      };
      expect(keysOf(blank)).toEqual(keysOf(trace));
    }
  });
});

describe('the story at every step of every scenario', () => {
  for (const [name, trace] of traces) {
    it(`keeps every card and object in its slot, and the Lock one object (scenario ${name})`, () => {
      const layout = storyLayout(trace);
      const problems: string[] = [];
      const state = initialState();
      const cardsOf = (v: ReturnType<typeof storyView>) =>
        [v.main, ...v.managers, ...v.children].map((c) => c && `${c.pid}:${c.role}`).join();
      const shapeOf = (v: ReturnType<typeof storyView>) =>
        [
          v.objects.map((o) => o.key).join(),
          v.main?.threads.map((t) => t.tid).join(),
          [v.main, ...v.managers, ...v.children]
            .map((c) => c && `${c.holdings.map((h) => h.key).join('')}/${c.inside.length}`)
            .join(),
        ].join('|');
      let cards: string | null = null;
      let shape: string | null = null;
      for (const e of trace.events) {
        applyEvent(state, e);
        const view = storyView(trace, state);
        const at = `step ${state.step}`;
        // Every process has its card from the first step to the last, in one order.
        const c = cardsOf(view);
        if (cards !== null && c !== cards) problems.push(`${at}: cards ${c}`);
        cards = c;
        const sh = shapeOf(view);
        if (shape !== null && sh !== shape) problems.push(`${at}: shape ${sh}`);
        shape = sh;
        // The Lock is one object: all the arrows to it end at the same box.
        const lockTargets = new Set(
          view.arrows.filter((a) => a.id.endsWith(':lock')).map((a) => a.to),
        );
        if (lockTargets.size > 1) problems.push(`${at}: ${lockTargets.size} Lock boxes`);
        const lockBoxes =
          view.objects.filter((o) => o.key === 'lock').length +
          view.managers.flatMap((m) => m.inside).filter((o) => o.key === 'lock').length;
        if (lockBoxes !== 1) problems.push(`${at}: ${lockBoxes} Lock boxes drawn`);
        // An arrow for each card row that says it holds the object, and no other.
        const held = [view.main, ...view.children]
          .flatMap(
            (card) =>
              card?.holdings.filter((h) => h.state === 'held').map((h) => `${card.pid}:${h.key}`) ??
              [],
          )
          .sort();
        const arrows = view.arrows.map((a) => a.id).sort();
        if (held.join() !== arrows.join()) problems.push(`${at}: arrows ${arrows} vs rows ${held}`);
        if (problems.length > 5) break;
      }
      expect(problems).toEqual([]);
      // Every process but the resource tracker (it only unlinks semaphore names at the end).
      expect(cards!.split(',')).toHaveLength(
        trace.events.filter((e) => e.kind === 'process.start' && e.runs !== 'resource_tracker.main')
          .length,
      );
      expect(layout.children.length).toBeGreaterThan(0);
    });
  }

  it('scenario 1 fork, step 171: the refusal is on Thread-2 (_handle_tasks), at the Lock', () => {
    const trace = traces.get('1 fork')!;
    const view = storyView(trace, stateAt(trace, 171));
    expect(view.refusal?.thread).toBe('Thread-2 (_handle_tasks)');
    expect(view.refusal?.key).toBe('lock');
    const handler = view.main!.threads.find((t) => t.name === 'Thread-2 (_handle_tasks)')!;
    expect(handler.refused?.error).toBe(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
    expect(view.objects.find((o) => o.key === 'lock')!.refused).toBe(true);
    expect(view.effect).toMatchObject({ kind: 'refused', to: 'o:lock' });
  });

  for (const startMethod of ['fork', 'spawn'] as const) {
    it(`scenario 1 ${startMethod}: every worker is marked as not holding the Lock`, () => {
      const trace = traces.get(`1 ${startMethod}`)!;
      const view = storyView(
        trace,
        stateAt(trace, trace.events.findIndex((e) => e.kind === 'pickle.refused') + 1),
      );
      expect(view.children).toHaveLength(3);
      for (const worker of view.children) {
        const lock = worker.holdings.find((h) => h.key === 'lock')!;
        expect(lock.state).toBe('none');
        expect(lock.text).toBe('no Lock (made after this process)');
        expect(worker.holdings.find((h) => h.key === 'pipe')!.state).toBe('held');
      }
      expect(view.main!.holdings.find((h) => h.key === 'lock')!.text).toBe('Lock: created here');
    });
  }

  it('a refused function (a local job) marks its thread, and no shared object', () => {
    const doc = JSON.parse(readFileSync('docs/scenarios/jobs-36.json', 'utf8'));
    const trace = traceOf(36, 'spawn', { document: doc });
    const at = trace.events.findIndex((e) => e.kind === 'pickle.refused') + 1;
    for (const step of [at, trace.events.length]) {
      const view = storyView(trace, stateAt(trace, step));
      expect(view.refusal?.key).toBeNull();
      expect(view.refusable).toBe(false);
      expect(view.objects.some((o) => o.refused)).toBe(false);
    }
    const view = storyView(trace, stateAt(trace, at));
    expect(view.main!.threads[0]!.refused?.error).toBe(
      "AttributeError: Can't pickle local object 'start_scenario.<locals>.local_job'",
    );
    expect(view.effect).toBeNull();
  });

  it('on Windows: the child created first dies of EOFError; objects the parent let go are gone', () => {
    const doc = JSON.parse(readFileSync('docs/scenarios/jobs-36.json', 'utf8'));
    const trace = traceOf(36, 'spawn', { document: doc, platform: 'windows' });
    const printed = trace.events.findIndex(
      (e) => e.kind === 'exception' && e.phase === 'printed' && e.error.startsWith('EOFError'),
    );
    expect(narration(trace, printed + 1)).toBe(
      'Process-1 ends with the exception: its traceback is printed, and Process-1 exits with code 1.',
    );
    const end = storyView(trace, stateAt(trace, trace.events.length));
    expect(end.objects.find((o) => o.key === 'lock')!.summary).toBe(
      'gone: no process holds it any more',
    );
    const start = storyView(trace, stateAt(trace, 1));
    expect(start.objects.find((o) => o.key === 'lock')!.summary).toBe('not created yet');
  });

  it('names the refused object by its type; a Queue’s kin are the queue', () => {
    const says = (type: string) =>
      `RuntimeError: ${type} objects should only be shared between processes through inheritance`;
    expect(refusedKeyOf(says('Lock'))).toBe('lock');
    expect(refusedKeyOf(says('Semaphore'))).toBe('lock');
    expect(refusedKeyOf(says('Queue'))).toBe('queue');
    expect(refusedKeyOf(says('SimpleQueue'))).toBe('queue');
    expect(
      refusedKeyOf(
        "_pickle.PicklingError: Can't pickle local object <function f.<locals>.<lambda> at 0x7f>",
      ),
    ).toBeNull();
  });

  it('scenario 3: a forked child inherits the Lock, a spawned one opens it by name', () => {
    for (const [method, text] of [
      ['fork', 'Lock: inherited (fork)'],
      ['spawn', 'Lock: opened by name'],
    ] as const) {
      const trace = traces.get(`3 ${method}`)!;
      const first = storyLayout(trace).children[0]!;
      const step =
        trace.events.findIndex(
          (e) => e.kind === 'var.set' && e.pid === first.pid && e.name === 'the_job:lock',
        ) + 1;
      const view = storyView(trace, stateAt(trace, step));
      const child = view.children[0]!;
      expect(child.holdings.find((h) => h.key === 'lock')!.text).toBe(text);
      // Two holders, one object: two arrows to the one Lock.
      const toLock = view.arrows.filter((a) => a.to === 'o:lock');
      expect(toLock.map((a) => a.id).sort()).toEqual(
        [`${view.main!.pid}:lock`, `${child.pid}:lock`].sort(),
      );
      expect(view.children[1]!.holdings.find((h) => h.key === 'lock')!.state).toBe('later');
    }
  });

  it('scenario 2: the real Lock is inside a manager, the workers hold proxies, a call is a round trip', () => {
    const trace = traces.get('2 fork')!;
    const layout = storyLayout(trace);
    expect(layout.managers).toHaveLength(2);
    expect(layout.bandObjects).toEqual(['pipe']);
    const step =
      trace.events.findIndex((e) => e.kind === 'proxy.request' && e.method === 'acquire') + 1;
    const view = storyView(trace, stateAt(trace, step));
    const lockManager = view.managers.find((m) => m.inside.some((o) => o.key === 'lock'))!;
    expect(lockManager.name).toMatch(/^SyncManager-/);
    const caller = trace.events[step - 1]!.pid;
    const worker = view.children.find((c) => c.pid === caller)!;
    expect(worker.holdings.find((h) => h.key === 'lock')!.how).toBe('proxy');
    expect(view.effect).toMatchObject({ kind: 'call', roundTrip: true, to: 'o:lock' });
  });

  it('scenario 5: the refusal is of the Queue this time', () => {
    const trace = traces.get('5 fork')!;
    const refused = storyLayout(trace).refusals[0]!;
    expect(refused.key).toBe('queue');
    const view = storyView(trace, stateAt(trace, refused.step));
    expect(
      view.children.every((c) => c.holdings.find((h) => h.key === 'lock')!.state === 'held'),
    ).toBe(true);
  });
});

describe('the story grid', () => {
  const css = readFileSync(new URL('./story.css', import.meta.url), 'utf8');
  const counts = (name: string, attribute: string) =>
    [...css.matchAll(new RegExp(`\\[data-${attribute}='(\\d+)'\\]\\s*\\{\\s*--${name}: \\1;`, 'g'))]
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('has a story.css rule for every count of columns and band boxes the model gives', () => {
    expect(counts('story-cols', 'cols')).toEqual(oneTo(MAX_COLUMNS));
    expect(counts('story-band', 'band')).toEqual(oneTo(MAX_BAND));
  });

  it('never needs more band boxes than it has rules for', () => {
    for (const [name, trace] of traces) {
      const layout = storyLayout(trace);
      const band = layout.managers.length + layout.bandObjects.length;
      expect(band, name).toBeLessThanOrEqual(MAX_BAND);
      expect(layout.columns, name).toBeLessThanOrEqual(MAX_COLUMNS);
    }
  });
});
