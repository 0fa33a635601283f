import { describe, expect, it } from 'vitest';
import type { StartMethod } from '../../src/sim/trace';
import { traceOf } from '../walkthrough/test-traces';
import { storyStops } from '../walkthrough/story/stops';
import { compareRows, routeRow } from './align';

const METHODS: readonly StartMethod[] = ['fork', 'spawn', 'forkserver'];

describe('stepping side by side', () => {
  it('scenario 1 beside scenario 3 (fork): the refusal beside the inheritance', () => {
    const traces = [traceOf(1, 'fork'), traceOf(3, 'fork')];
    const rows = compareRows(traces);
    const route = routeRow(traces, rows);
    expect(rows[route]!.stops.map((s) => s?.id)).toEqual(['refused', 'child']);
    // The Lock is created in the same row on both sides.
    expect(rows.some((r) => r.stops.every((s) => s?.id === 'lock'))).toBe(true);
    // Both end together.
    expect(rows.at(-1)!.stops.map((s) => s?.id)).toEqual(['instead', 'verdict']);
  });

  it('scenario 1 beside scenario 3 (spawn): the refusal beside the Lock reopened by name', () => {
    const traces = [traceOf(1, 'spawn'), traceOf(3, 'spawn')];
    const rows = compareRows(traces);
    expect(rows[routeRow(traces, rows)]!.stops.map((s) => s?.id)).toEqual(['refused', 'reopened']);
  });

  it('fork, spawn and forkserver of scenario 1: every refusal in one row', () => {
    const traces = METHODS.map((m) => traceOf(1, m));
    const rows = compareRows(traces);
    const route = routeRow(traces, rows);
    expect(rows[route]!.stops.map((s) => s?.id)).toEqual(['refused', 'refused', 'refused']);
  });

  for (const pair of [
    [1, 3],
    [2, 4],
    [5, 6],
    [3, 1],
  ] as const) {
    for (const method of METHODS) {
      it(`scenarios ${pair.join(' and ')} under ${method}: every stop once, in order, steps never go back`, () => {
        const traces = pair.map((s) => traceOf(s, method));
        const rows = compareRows(traces);
        traces.forEach((trace, side) => {
          const shown = rows.map((r) => r.stops[side]).filter((s) => s !== null);
          expect(shown).toEqual(storyStops(trace));
          const steps = rows.map((r) => r.steps[side]!);
          expect(steps).toEqual([...steps].sort((a, b) => a - b));
        });
        expect(routeRow(traces, rows)).toBeGreaterThanOrEqual(0);
      });
    }
  }
});
