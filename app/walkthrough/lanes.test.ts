import { describe, expect, it } from 'vitest';
import type { Trace, TraceEvent } from '../../src/sim/trace';
import {
  MARK_KINDS,
  bucketOf,
  buildLanes,
  laneLabel,
  lanesFor,
  markKind,
  nameAt,
  nearestStep,
  stepAtFraction,
  type Lane,
} from './lanes';
import { currentLines, stateAt } from './view';
import { traceOf } from './test-traces';

const s1 = traceOf(1);
const s2 = traceOf(2);

function labels(trace: Trace, step: number): string[] {
  return lanesFor(trace).lanes.map((l) => laneLabel(l, step));
}

describe('lanesFor', () => {
  it('builds the lanes once per trace', () => {
    expect(lanesFor(s1)).toBe(lanesFor(s1));
    expect(lanesFor(s1)).not.toBe(lanesFor(s2));
  });

  it('scenario 1: one lane per process and per thread, named as CPython names them', () => {
    expect(labels(s1, s1.events.length)).toEqual([
      'MainProcess · MainThread',
      'MainProcess · Thread-1 (_handle_workers)',
      'MainProcess · Thread-2 (_handle_tasks)',
      'MainProcess · Thread-3 (_handle_results)',
      'ForkPoolWorker-1 · MainThread',
      'ForkPoolWorker-2 · MainThread',
      'ForkPoolWorker-3 · MainThread',
    ]);
  });

  it('puts every event on exactly one lane, at its step', () => {
    const { lanes, count } = lanesFor(s2);
    expect(count).toBe(s2.events.length);
    const all = lanes.flatMap((l) => [...l.steps]).sort((a, b) => a - b);
    expect(all).toEqual(s2.events.map((_, i) => i + 1));
    for (const lane of lanes) {
      for (const step of lane.steps) {
        const e = s2.events[step - 1]!;
        expect([e.pid, e.tid]).toEqual([lane.pid, lane.tid]);
      }
    }
  });

  it('gives a lane its process’s colour, as the code panel does', () => {
    const end = s1.events.length;
    const colours = new Map(currentLines(stateAt(s1, end)).map((p) => [p.pid, p.colour]));
    for (const lane of lanesFor(s1).lanes) expect(lane.colour).toBe(colours.get(lane.pid));
  });

  it('spans each thread from its start to its exit', () => {
    const lanes = lanesFor(s1).lanes;
    const handler = lanes.find((l) => l.threadNames[0]!.name === 'Thread-2 (_handle_tasks)')!;
    const start = s1.events.findIndex(
      (e) => e.kind === 'thread.start' && e.name === 'Thread-2 (_handle_tasks)',
    );
    expect(handler.start).toBe(start + 1);
    const worker = lanes.find((l) => l.processNames[0]!.name === 'ForkPoolWorker-1')!;
    const exit = s1.events.findIndex((e) => e.kind === 'process.exit' && e.pid === worker.pid);
    expect(worker.end).toBe(exit + 1);
  });

  it('marks the refused pickles and the exception on the task handler’s lane', () => {
    const handler = lanesFor(s1).lanes.find((l) => l.tid === 6)!;
    const kinds = new Set(handler.marks.map((m) => m.kind));
    expect(kinds.has('refused')).toBe(true);
    expect(kinds.has('exception')).toBe(true);
    const main = lanesFor(s1).lanes[0]!;
    expect(main.marks.some((m) => m.kind === 'print')).toBe(true);
    for (const m of handler.marks) expect(markKind(s1.events[m.step - 1]!)).toBe(m.kind);
  });

  it('names a lane as of the step: a manager’s server thread takes its client’s name', () => {
    const lane = lanesFor(s2).lanes.find((l) => l.threadNames.length > 1)!;
    const [first, second] = lane.threadNames;
    expect(first!.name).toMatch(/^Thread-\d+ \(handle_request\)$/);
    expect(laneLabel(lane, second!.step - 1)).toMatch(
      /^SyncManager-\d · Thread-\d+ \(handle_request\)$/,
    );
    expect(laneLabel(lane, second!.step)).toBe(`${nameAt(lane.processNames, 0)} · ${second!.name}`);
  });
});

describe('bucketing', () => {
  it('draws at most one mark per bucket, the most telling one', () => {
    const lanes = buildLanes(s2, 50);
    expect(lanes.buckets).toBe(50);
    for (const lane of lanes.lanes) {
      const buckets = lane.marks.map((m) => bucketOf(m.step, lanes.count, 50));
      expect(new Set(buckets).size).toBe(buckets.length);
      expect(lane.marks.length).toBeLessThanOrEqual(50);
      expect(lane.activity.length).toBeLessThanOrEqual(50);
    }
  });

  it('draws a bounded number of marks for a 100,000-event trace', () => {
    const base = s2.events;
    const events: TraceEvent[] = [];
    while (events.length < 100_000) {
      for (const e of base) events.push({ ...e, seq: events.length });
    }
    const big: Trace = { header: s2.header, events };
    const lanes = buildLanes(big);
    expect(lanes.count).toBe(events.length);
    for (const lane of lanes.lanes) expect(lane.marks.length).toBeLessThanOrEqual(lanes.buckets);
    const marks = lanes.lanes.reduce((n, l) => n + l.marks.length, 0);
    expect(marks).toBeLessThan(lanes.lanes.length * lanes.buckets + 1);
  });

  it('bucketOf spreads steps 1..count over the buckets', () => {
    expect(bucketOf(1, 1000, 10)).toBe(0);
    expect(bucketOf(100, 1000, 10)).toBe(0);
    expect(bucketOf(101, 1000, 10)).toBe(1);
    expect(bucketOf(1000, 1000, 10)).toBe(9);
    expect(bucketOf(3, 3, 3)).toBe(2);
  });
});

describe('nearestStep and stepAtFraction', () => {
  const lane = { steps: Int32Array.from([5, 10, 20]) } as unknown as Lane;

  it('finds the nearest event step, the earlier one on a tie', () => {
    expect(nearestStep(lane, 0)).toBe(5);
    expect(nearestStep(lane, 7)).toBe(5);
    expect(nearestStep(lane, 8)).toBe(10);
    expect(nearestStep(lane, 15)).toBe(10);
    expect(nearestStep(lane, 16)).toBe(20);
    expect(nearestStep(lane, 99)).toBe(20);
    expect(nearestStep(lane, 10)).toBe(10);
  });

  it('turns a point on a lane into a step', () => {
    expect(stepAtFraction(0, 200)).toBe(0);
    expect(stepAtFraction(0.5, 200)).toBe(100);
    expect(stepAtFraction(1.2, 200)).toBe(200);
    expect(stepAtFraction(-1, 200)).toBe(0);
  });
});

describe('markKind', () => {
  it('has a mark for each kind the legend lists', () => {
    const seen = new Set<string>();
    for (const t of [s1, s2]) for (const e of t.events) seen.add(markKind(e) ?? 'none');
    for (const kind of [
      'pickle',
      'refused',
      'write',
      'read',
      'block',
      'proxy',
      'print',
      'exception',
    ])
      expect(seen.has(kind)).toBe(true);
    expect([...MARK_KINDS].sort()).toEqual(
      ['pickle', 'refused', 'write', 'read', 'block', 'proxy', 'print', 'exception'].sort(),
    );
  });
});
