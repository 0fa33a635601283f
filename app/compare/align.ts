/**
 * Stepping two or three walkthroughs together, by story stop: one row per
 * moment, and in each row the step each side shows.
 *
 * Each stop is given a *moment*: what it is in the story, whichever run it
 * is from. The moment the comparison is about is the Lock's **route** — the
 * task handler's refusal (or its successful pickle) in a Pool, the child
 * that inherits the Lock under fork, or the child that reopens it by name
 * after it was pickled while spawning — so that scenario 1's refusal stands beside
 * scenario 3's inheritance. Moments that every side has (the Lock is
 * created, the route, the end…) are matched, in order; between two of them
 * the sides' other stops are paired in turn, and a side with fewer holds
 * its last stop (or the start, before its first).
 *
 * Pure, from the traces' stops; no DOM.
 */
import type { Trace } from '../../src/sim/trace';
import { storyStops, type StoryStop } from '../walkthrough/story/stops';

export interface CompareRow {
  /** The step each side shows at this moment. */
  readonly steps: readonly number[];
  /** The stop each side is at (null where the side holds or has not started). */
  readonly stops: readonly (StoryStop | null)[];
}

/** The stop that is the Lock's route, by priority: the comparison's key moment. */
const ROUTE_PRIORITY = [
  'refused',
  'task-pickled',
  'reopened',
  'child',
  'spawn-pickle',
  'proxy-call',
] as const;

/** Whether the Lock exists before the spawn pickle (so the pickle carries it). */
function lockBefore(trace: Trace, step: number): boolean {
  const at = trace.events.findIndex((e) => e.kind === 'kobj.create' && e.owner === 'Lock');
  return at >= 0 && at < step;
}

function routeOf(trace: Trace, stops: readonly StoryStop[]): string | null {
  const pool = stops.some((s) => s.id === 'workers');
  for (const id of ROUTE_PRIORITY) {
    const stop = stops.find((s) => s.id === id);
    if (!stop) continue;
    // In a Pool, spawning pickles the workers, not the tasks; a Process's spawn pickle counts
    // only with the Lock inside it.
    if (id === 'spawn-pickle' && (pool || !lockBefore(trace, stop.step))) continue;
    if (id === 'child' && trace.header.startMethod !== 'fork') continue;
    return id;
  }
  return null;
}

/** Each stop's moment: the key the sides are matched on. */
export function moments(trace: Trace): string[] {
  const stops = storyStops(trace);
  const route = routeOf(trace, stops);
  return stops.map((s) => {
    if (s.id === route) return 'route';
    switch (s.id) {
      case 'workers':
      case 'child':
        return 'children';
      case 'children':
        return 'children-rest';
      case 'instead':
      case 'verdict':
        return 'end';
      default:
        return s.id;
    }
  });
}

/**
 * The moments every side has, in order, within `[from, to)` of each side:
 * the first side's moments, each kept if it comes, in every other side,
 * after the one kept before it. Positions per side.
 */
function anchors(keys: readonly string[][], from: number[], to: number[]): number[][] {
  const found: number[][] = [];
  const next = [...from];
  for (let i = from[0]!; i < to[0]!; i += 1) {
    const key = keys[0]![i]!;
    const at = keys.map((k, side) => {
      if (side === 0) return i;
      const j = k.indexOf(key, next[side]);
      return j >= 0 && j < to[side]! ? j : -1;
    });
    if (at.some((a) => a < 0)) continue;
    found.push(at);
    at.forEach((a, side) => (next[side] = a + 1));
  }
  return found;
}

/**
 * The rows of a comparison of these traces (one per side, in order). The
 * route is matched first, if every side has one: the stops before it are
 * aligned among themselves, and so are those after it.
 */
export function compareRows(traces: readonly Trace[]): CompareRow[] {
  if (traces.length === 0) return [];
  const stops = traces.map((t) => storyStops(t));
  const keys = traces.map((t) => moments(t));
  const rows: CompareRow[] = [];
  const last: (StoryStop | null)[] = traces.map(() => null);
  const push = (picked: (StoryStop | null)[]): void => {
    picked.forEach((p, side) => {
      if (p) last[side] = p;
    });
    rows.push({ steps: last.map((s) => s?.step ?? 0), stops: picked });
  };
  const gap = (from: number[], to: number[]): void => {
    const lengths = from.map((f, side) => to[side]! - f);
    const longest = Math.max(0, ...lengths);
    for (let k = 0; k < longest; k += 1) {
      push(from.map((f, side) => (k < lengths[side]! ? stops[side]![f + k]! : null)));
    }
  };
  const align = (from: number[], to: number[]): void => {
    let at = from;
    for (const anchor of anchors(keys, from, to)) {
      gap(at, anchor);
      push(anchor.map((a, side) => stops[side]![a]!));
      at = anchor.map((a) => a + 1);
    }
    gap(at, to);
  };
  const starts = traces.map(() => 0);
  const ends = stops.map((s) => s.length);
  const route = keys.map((k) => k.indexOf('route'));
  if (route.every((r) => r >= 0)) {
    align(starts, route);
    push(route.map((r, side) => stops[side]![r]!));
    align(
      route.map((r) => r + 1),
      ends,
    );
  } else {
    align(starts, ends);
  }
  return rows;
}

/** The row a comparison is at: the last whose steps are all at or before the sides' steps. */
export function rowAt(rows: readonly CompareRow[], steps: readonly number[]): number {
  let found = -1;
  rows.forEach((row, i) => {
    if (row.steps.every((s, side) => s === steps[side])) found = i;
  });
  return found;
}

/** The row whose moment is the route, if the sides share one. */
export function routeRow(traces: readonly Trace[], rows: readonly CompareRow[]): number {
  const keys = traces.map((t) => moments(t));
  return rows.findIndex((row) =>
    row.stops.every((stop, side) => {
      if (!stop) return false;
      const i = storyStops(traces[side]!).indexOf(stop);
      return keys[side]![i] === 'route';
    }),
  );
}
