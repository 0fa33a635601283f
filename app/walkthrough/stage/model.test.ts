import { describe, expect, it } from 'vitest';
import { applyEvent, foldTrace, initialState } from '../../../src/sim/fold';
import type { Trace } from '../../../src/sim/trace';
import { shortLabel } from '../object-names';
import { messages } from '../../messages';
import { stageView, stepEffect } from './model';
import { familyOf, memberName, stageLayout } from './stage-layout';
import { traceOf } from '../test-traces';

const CASES = [1, 2, 3, 4, 5, 6].flatMap((scenario) =>
  (['fork', 'spawn'] as const).map((startMethod) => ({ scenario, startMethod })),
);
const traces = new Map(
  CASES.map((c) => [`${c.scenario} ${c.startMethod}`, traceOf(c.scenario, c.startMethod)]),
);

describe('families', () => {
  it('groups objects by the Python object that made them (kobj.create owner and role)', () => {
    expect(familyOf({ owner: 'Queue', role: '_rlock' })).toBe('Queue');
    expect(familyOf({ owner: 'Queue', role: 'pipe' })).toBe('Queue');
    expect(familyOf({ owner: 'Lock', role: '_semlock' })).toBe('Lock');
    expect(familyOf({ owner: 'Pool._inqueue', role: 'pipe' })).toBe('Pool._inqueue');
    expect(familyOf({ owner: 'Pool._outqueue', role: '_wlock' })).toBe('Pool._outqueue');
    expect(familyOf({ owner: 'ResourceTracker', role: 'pipe' })).toBe('ResourceTracker');
    expect(familyOf({ owner: 'ForkServer', role: 'alive pipe' })).toBe('ForkServer');
  });

  it('gathers the plumbing every process or proxy gets by what it is', () => {
    const s = messages.stage;
    const popen = (role: 'sentinel' | 'parent_sentinel' | 'data pipe') => ({
      owner: 'Popen' as const,
      role,
      process: 'ForkPoolWorker-1',
    });
    expect(familyOf(popen('sentinel'))).toBe(s.familySentinels);
    expect(familyOf(popen('parent_sentinel'))).toBe(s.familySentinels);
    expect(familyOf(popen('data pipe'))).toBe(s.familyDataPipes);
    expect(familyOf({ owner: 'BaseManager', role: 'connection' })).toBe(s.familyConnections);
    expect(familyOf({ owner: 'BaseProxy', role: 'connection' })).toBe(s.familyConnections);
    expect(familyOf({ owner: 'Server', role: 'listener' })).toBe(s.familyManager);
    expect(familyOf({ owner: 'BaseManager', role: 'address pipe' })).toBe(s.familyManager);
    // The fork server's connections are its own, not a manager's.
    expect(familyOf({ owner: 'ForkServer', role: 'connection' })).toBe('ForkServer');
    expect(familyOf({ owner: 'ForkServer', role: 'listener' })).toBe('ForkServer');
  });

  it('names each member within its family', () => {
    expect(memberName({ owner: 'Queue', role: '_rlock' }, 'semaphore')).toBe('_rlock');
    expect(memberName({ owner: 'Queue', role: 'pipe' }, 'pipe')).toBe('pipe');
    expect(memberName({ owner: 'Lock', role: '_semlock' }, 'semaphore')).toBe('semaphore');
    expect(memberName({ owner: 'Queue', role: '_notempty' }, 'semaphore')).toBe('_notempty');
    expect(memberName({ owner: 'Server', role: 'listener' }, 'listener')).toBe('listener');
    const worker = { owner: 'Popen', process: 'ForkPoolWorker-1' } as const;
    expect(memberName({ ...worker, role: 'sentinel' }, 'pipe')).toBe(
      messages.stage.sentinel('ForkPoolWorker-1'),
    );
    expect(memberName({ ...worker, role: 'parent_sentinel' }, 'pipe')).toBe(
      messages.stage.parentSentinel('ForkPoolWorker-1'),
    );
    expect(memberName({ ...worker, role: 'data pipe' }, 'pipe')).toBe(
      messages.stage.dataPipe('ForkPoolWorker-1'),
    );
  });

  it('names an object shortly without its POSIX name or address', () => {
    const o = { kind: 'semaphore', private: false } as const;
    expect(shortLabel({ ...o, label: 'Lock /mp-x', owner: 'Lock', role: '_semlock' })).toBe('Lock');
    expect(
      shortLabel({
        ...o,
        label: 'Pool._inqueue._rlock /mp-x',
        owner: 'Pool._inqueue',
        role: '_rlock',
      }),
    ).toBe('Pool._inqueue._rlock');
    const listener = {
      kind: 'listener',
      private: false,
      label: 'manager listener /tmp/a',
    } as const;
    expect(shortLabel({ ...listener, owner: 'Server', role: 'listener' })).toBe('Server.listener');
    const event = { kind: 'semaphore', private: true, label: 'MapResult._event (job 0)' } as const;
    expect(shortLabel({ ...event, owner: 'MapResult', role: '_event' })).toBe(event.label);
  });

  it('lays out from owner and role alone: the labels are display text', () => {
    for (const [name, trace] of traces) {
      const blank: Trace = {
        ...trace,
        events: trace.events.map((e) => (e.kind === 'kobj.create' ? { ...e, label: '?' } : e)),
      };
      const a = stageLayout(trace);
      const b = stageLayout(blank);
      expect({ name, families: b.families, slots: [...b.slots] }).toEqual({
        name,
        families: a.families,
        slots: [...a.slots],
      });
      expect(b.managers).toEqual(a.managers);
      expect(b.named).toEqual(a.named);
      // Members and the handle groups in the cards too, at a step where much is alive.
      const step = Math.floor(trace.events.length / 2);
      const shape = (t: Trace) => {
        const view = stageView(t, foldTrace(t.events, step));
        return {
          members: view.families.map((f) => [f.family, f.slots.map((o) => o?.member ?? null)]),
          groups: view.cards.map((c) => c.handles.map((g) => g.family)),
        };
      };
      expect(shape(blank)).toEqual(shape(trace));
    }
  });

  it('puts the script’s own objects before the Pool’s plumbing and the sentinels', () => {
    const families = stageLayout(traces.get('1 fork')!).families;
    expect(families.indexOf('Lock')).toBeLessThan(families.indexOf('Pool._inqueue'));
    expect(families.indexOf('Queue')).toBeLessThan(families.indexOf('Pool._inqueue'));
    expect(families.at(-1)).toBe(messages.stage.familySentinels);
  });
});

describe('the stage at every step of every scenario', () => {
  for (const [name, trace] of traces) {
    it(`keeps every card and object in its place (scenario ${name})`, () => {
      // Problems are collected and checked once: an expect() per object per
      // step would cost more than the stage itself.
      const problems: string[] = [];
      const state = initialState();
      const placeOf = new Map<number, string>();
      const layoutPids = stageLayout(trace).pids;
      let previousPids: number[] = [];
      for (const e of trace.events) {
        applyEvent(state, e);
        const view = stageView(trace, state);
        const at = `step ${state.step}`;

        // Cards: one per started process, in start order, never reordered.
        const pids = view.cards.map((c) => c.pid);
        if (pids.join() !== layoutPids.slice(0, pids.length).join())
          problems.push(`${at}: cards ${pids.join()}`);
        if (pids.slice(0, previousPids.length).join() !== previousPids.join())
          problems.push(`${at}: a card moved`);
        previousPids = pids;

        // Objects: each shared live object exactly once, always in the same slot.
        const seen = new Set<number>();
        for (const f of view.families) {
          f.slots.forEach((o, slot) => {
            if (!o) return;
            if (seen.has(o.id)) problems.push(`${at}: object ${o.id} twice`);
            seen.add(o.id);
            const place = `${f.family}#${slot}`;
            if ((placeOf.get(o.id) ?? place) !== place) problems.push(`${at}: ${o.id} moved`);
            placeOf.set(o.id, place);
          });
        }
        const shared = Object.values(state.objects).filter((o) => !o.private).length;
        if (seen.size !== shared) problems.push(`${at}: ${seen.size} of ${shared} objects shown`);

        // Handle tables: every handle shown once, pointing at a live object.
        for (const card of view.cards) {
          const shown = card.handles.flatMap((g) => g.handles);
          const table = Object.keys(state.processes[card.pid]!.handles).length;
          if (shown.length !== table || card.handleCount !== table)
            problems.push(`${at}: ${card.name} shows ${shown.length} of ${table} handles`);
          for (const h of shown)
            if (!state.objects[h.obj]) problems.push(`${at}: handle ${h.handle} dangles`);
        }
      }
      expect(problems).toEqual([]);
      expect(placeOf.size).toBeGreaterThan(0);
    });
  }
});

describe('what a step moves', () => {
  it('sends a proxy call to the manager that owns the listener, and the reply back', () => {
    const trace = traces.get('2 fork')!;
    const i = trace.events.findIndex((e) => e.kind === 'proxy.request' && e.id !== null);
    const request = trace.events[i]!;
    const effect = stepEffect(trace, i + 1)!;
    expect(effect.kind).toBe('call');
    expect(effect.from).toEqual({ at: 'thread', pid: request.pid, tid: request.tid });
    expect(effect.to.at).toBe('process');
    const manager = effect.to.at === 'process' ? effect.to.pid : -1;
    const start = trace.events.find((e) => e.kind === 'process.start' && e.pid === manager);
    expect(start?.kind === 'process.start' && start.name).toMatch(/^SyncManager-\d+$/);

    const j = trace.events.findIndex((e, k) => k > i && e.kind === 'proxy.response');
    const reply = stepEffect(trace, j + 1)!;
    expect(reply.kind).toBe('reply');
    expect(reply.from).toEqual({ at: 'process', pid: manager });
  });

  it('carries written bytes from the thread to the pipe, and read bytes back out', () => {
    const trace = traces.get('6 fork')!;
    const w = trace.events.findIndex((e) => e.kind === 'pipe.write');
    const write = trace.events[w]!;
    expect(stepEffect(trace, w + 1)).toMatchObject({
      kind: 'bytes',
      from: { at: 'thread', pid: write.pid },
      to: { at: 'object', obj: write.kind === 'pipe.write' ? write.obj : -1 },
      label: messages.stage.bytes(write.kind === 'pipe.write' ? write.size : -1),
    });
    const r = trace.events.findIndex((e) => e.kind === 'pipe.read');
    expect(stepEffect(trace, r + 1)?.to).toMatchObject({ at: 'thread' });
  });

  it('copies memory from parent to child on fork, and nothing at step 0', () => {
    const trace = traces.get('1 fork')!;
    const i = trace.events.findIndex((e) => e.kind === 'memory.copy');
    const copy = trace.events[i]!;
    expect(stepEffect(trace, i + 1)).toMatchObject({
      kind: 'memory',
      to: { at: 'process', pid: copy.pid },
    });
    expect(stepEffect(trace, 0)).toBeNull();
  });

  it('marks the thread whose pickling is refused with the error', () => {
    const trace = traces.get('1 fork')!;
    const state = initialState();
    let i = 0;
    for (; i < trace.events.length; i += 1) {
      applyEvent(state, trace.events[i]!);
      if (trace.events[i]!.kind === 'pickle.refused') break;
    }
    const e = trace.events[i]!;
    const card = stageView(trace, state).cards.find((c) => c.pid === e.pid)!;
    const thread = card.threads.find((t) => t.tid === e.tid)!;
    expect(thread.name).toBe('Thread-2 (_handle_tasks)');
    expect(thread.alert).toContain(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
    expect(card.threads.filter((t) => t.alert !== null)).toHaveLength(1);
    expect(stepEffect(trace, i + 1)?.kind).toBe('refused');
  });

  it('shows a forked child as being copied until its memory arrives, a spawned one as empty', () => {
    for (const [name, birth] of [
      ['3 fork', 'fork'],
      ['3 spawn', 'spawn'],
    ] as const) {
      const trace = traces.get(name)!;
      const state = initialState();
      const born = trace.events.findIndex((e) => e.kind === 'process.start' && e.birth === birth);
      const child = trace.events[born]!.pid;
      const copied = trace.events.findIndex((e) => e.kind === 'memory.copy' && e.pid === child);
      for (let i = 0; i <= born; i += 1) applyEvent(state, trace.events[i]!);
      const card = () => stageView(trace, state).cards.find((c) => c.pid === child)!;
      expect(card().copying).toBe(birth === 'fork');
      expect(card().vars).toEqual([]);
      if (birth === 'fork') {
        for (let i = born + 1; i <= copied; i += 1) applyEvent(state, trace.events[i]!);
        expect(card().copying).toBe(false);
        expect(card().vars.map((v) => v.name)).toContain('lock');
      } else {
        expect(copied).toBe(-1);
      }
    }
  });
});
