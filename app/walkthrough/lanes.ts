/**
 * The timeline's lanes, as a pure function of the trace: one lane per thread
 * of every process (a process's first lane is its MainThread), in the order
 * they appeared, named as CPython names them ("MainProcess · Thread-2
 * (_handle_tasks)"), with the steps of the thread's events and the marks to
 * draw for them. Built once per trace (a WeakMap, like `indexFor`); marks
 * are bucketed so that a lane never draws more than `MAX_BUCKETS` of them,
 * however long the trace.
 *
 * Steps: event i produces step i + 1 (the state after it), so an event's
 * mark sits at step i + 1 and clicking it shows the step that event made.
 */
import type { Trace, TraceEvent } from '../../src/sim/trace';
import { PALETTE_SIZE } from './palette';

/** What a mark on a lane stands for; legend order. */
export type MarkKind =
  'pickle' | 'refused' | 'block' | 'write' | 'read' | 'proxy' | 'exception' | 'print';

export const MARK_KINDS: readonly MarkKind[] = [
  'pickle',
  'refused',
  'write',
  'read',
  'block',
  'proxy',
  'print',
  'exception',
];

/** When several events share a bucket, the most telling one is drawn. */
const PRIORITY: Readonly<Record<MarkKind, number>> = {
  exception: 8,
  refused: 7,
  // A manager request is a pipe write and a wait for the answer: the request says more.
  proxy: 6,
  block: 5,
  write: 4,
  read: 3,
  pickle: 2,
  print: 1,
};

/** The mark an event gets, or null for the events a lane only shows as activity. */
export function markKind(e: TraceEvent): MarkKind | null {
  switch (e.kind) {
    case 'pickle.start':
    case 'pickle.done':
    case 'unpickle':
      return 'pickle';
    case 'pickle.refused':
      return 'refused';
    case 'sem.block':
    case 'pipe.block':
      return 'block';
    case 'pipe.write':
      return 'write';
    case 'pipe.read':
      return 'read';
    case 'proxy.request':
      return 'proxy';
    case 'exception':
      return 'exception';
    case 'print':
      return 'print';
    default:
      return null;
  }
}

/** A name and the step from which it holds. */
export interface Named {
  readonly step: number;
  readonly name: string;
}

export interface LaneMark {
  readonly step: number;
  readonly kind: MarkKind;
}

export interface Lane {
  /** `pid/tid`. */
  readonly key: string;
  readonly pid: number;
  readonly tid: number;
  /** The process's palette index (its order of appearance, as the code panel colours it). */
  readonly colour: number;
  /** The process's names, oldest first (a spawned child renames itself). */
  readonly processNames: readonly Named[];
  /** The thread's names, oldest first (a manager's server thread takes its client's name). */
  readonly threadNames: readonly Named[];
  /** The step at which the thread exists (its process's or its own start). */
  readonly start: number;
  /** The step at which it ended, or null if it outlives the trace. */
  readonly end: number | null;
  /** The steps of this thread's events, ascending. */
  readonly steps: Int32Array;
  /** At most one mark per bucket: the bucket's most telling event. */
  readonly marks: readonly LaneMark[];
  /** One step per bucket in which the thread did anything. */
  readonly activity: readonly number[];
}

export interface Lanes {
  readonly lanes: readonly Lane[];
  /** The trace's step count (its number of events). */
  readonly count: number;
  readonly buckets: number;
}

/** Marks per lane at most: about one per two pixels of a wide lane. */
export const MAX_BUCKETS = 600;

interface Building {
  readonly pid: number;
  readonly tid: number;
  readonly start: number;
  end: number | null;
  readonly threadNames: Named[];
  readonly steps: number[];
}

function named(list: Named[], step: number, name: string): void {
  if (list[list.length - 1]?.name !== name) list.push({ step, name });
}

/** The bucket of a step (1..count) when `count` steps share `buckets` buckets. */
export function bucketOf(step: number, count: number, buckets: number): number {
  if (count <= 0) return 0;
  return Math.min(buckets - 1, Math.max(0, Math.floor(((step - 1) * buckets) / count)));
}

export function buildLanes(trace: Trace, maxBuckets = MAX_BUCKETS): Lanes {
  const events = trace.events;
  const count = events.length;
  const buckets = Math.max(1, Math.min(count, maxBuckets));
  const threads = new Map<string, Building>();
  const processNames = new Map<number, Named[]>();

  const lane = (pid: number, tid: number, step: number, name: string): Building => {
    const key = `${pid}/${tid}`;
    let b = threads.get(key);
    if (!b) {
      b = { pid, tid, start: step, end: null, threadNames: [], steps: [] };
      named(b.threadNames, step, name);
      threads.set(key, b);
    }
    return b;
  };

  for (let i = 0; i < count; i++) {
    const e = events[i]!;
    const step = i + 1;
    if (e.kind === 'process.start') {
      const names = processNames.get(e.pid) ?? [];
      named(names, step, e.name);
      processNames.set(e.pid, names);
    } else if (e.kind === 'process.rename') {
      const names = processNames.get(e.pid);
      if (names) named(names, step, e.name);
    }
    if (!processNames.has(e.pid)) processNames.set(e.pid, [{ step, name: `pid ${e.pid}` }]);
    const own = lane(e.pid, e.tid, step, e.thread);
    own.steps.push(step);
    switch (e.kind) {
      case 'thread.start':
        lane(e.pid, e.newTid, step, e.name);
        break;
      case 'thread.rename':
        named(own.threadNames, step, e.name);
        break;
      case 'thread.exit':
        own.end = step;
        break;
      case 'process.exit':
        for (const b of threads.values()) if (b.pid === e.pid && b.end === null) b.end = step;
        break;
      default:
        break;
    }
  }

  // Pids grow as processes start: sorted pids are the order of appearance.
  const pids = [...processNames.keys()].sort((a, b) => a - b);
  const colourOf = new Map(pids.map((pid, i) => [pid, i % PALETTE_SIZE]));
  const order = [...threads.values()].sort((a, b) => a.pid - b.pid || a.tid - b.tid);
  const lanes = order.map((b): Lane => {
    const steps = Int32Array.from(b.steps);
    const best = new Int8Array(buckets);
    const bestStep = new Int32Array(buckets);
    const busy = new Int32Array(buckets);
    for (const step of steps) {
      const k = bucketOf(step, count, buckets);
      if (busy[k] === 0) busy[k] = step;
      const kind = markKind(events[step - 1]!);
      if (kind !== null && PRIORITY[kind] > best[k]!) {
        best[k] = PRIORITY[kind];
        bestStep[k] = step;
      }
    }
    const marks: LaneMark[] = [];
    const activity: number[] = [];
    for (let k = 0; k < buckets; k++) {
      if (busy[k] !== 0) activity.push(busy[k]!);
      if (best[k] !== 0)
        marks.push({ step: bestStep[k]!, kind: markKind(events[bestStep[k]! - 1]!)! });
    }
    return {
      key: `${b.pid}/${b.tid}`,
      pid: b.pid,
      tid: b.tid,
      colour: colourOf.get(b.pid) ?? 0,
      processNames: processNames.get(b.pid)!,
      threadNames: b.threadNames,
      start: b.start,
      end: b.end,
      steps,
      marks,
      activity,
    };
  });
  return { lanes, count, buckets };
}

const cache = new WeakMap<Trace, Lanes>();

/** The trace's lanes, built once per trace object. */
export function lanesFor(trace: Trace): Lanes {
  let lanes = cache.get(trace);
  if (!lanes) {
    lanes = buildLanes(trace);
    cache.set(trace, lanes);
  }
  return lanes;
}

/** The name that holds at `step` (the first name before it was given). */
export function nameAt(names: readonly Named[], step: number): string {
  let name = names[0]?.name ?? '';
  for (const n of names) {
    if (n.step > step) break;
    name = n.name;
  }
  return name;
}

/** `MainProcess · Thread-2 (_handle_tasks)`, as of `step`. */
export function laneLabel(lane: Lane, step: number): string {
  return `${nameAt(lane.processNames, step)} · ${nameAt(lane.threadNames, step)}`;
}

/** The step of the lane's event nearest to `step` (the earlier one on a tie). */
export function nearestStep(lane: Lane, step: number): number {
  const steps = lane.steps;
  if (steps.length === 0) return step;
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! < step) lo = mid + 1;
    else hi = mid;
  }
  const after = steps[lo]!;
  const before = lo > 0 ? steps[lo - 1]! : after;
  return step - before <= after - step ? before : after;
}

/** The step under a point `fraction` (0..1) of the way along a lane. */
export function stepAtFraction(fraction: number, count: number): number {
  return Math.round(Math.min(1, Math.max(0, fraction)) * count);
}
