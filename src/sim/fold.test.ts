/**
 * The fold on its own: what a step shows, and seeking in a long trace.
 */
import { describe, expect, it } from 'vitest';
import { TraceIndex, foldTrace } from './fold';
import { runScenario } from './run';
import { longTrace } from './fixtures';

describe('fold', () => {
  it('shows the scenario 1 story: the task handler refuses the Lock and map() raises in the main thread', () => {
    const r = runScenario({ scenario: 1, seed: 1 });
    const refused = r.trace.events.findIndex((e) => e.kind === 'pickle.refused');
    const at = foldTrace(r.trace.events, refused + 1);
    expect(at.pickles.refused).toBe(1);
    const main = at.processes[r.trace.events[0]!.pid]!;
    const handler = Object.values(main.threads).find((t) => t.name === 'Thread-2 (_handle_tasks)')!;
    expect(handler.fn).toBe('reduction.py:dumps');
    const end = foldTrace(r.trace.events);
    expect(end.verdict).toEqual({ verdict: 'raised', result: null });
    expect(end.exception?.phase).toBe('printed');
    // Every worker is gone, and none ever held the lock.
    expect(Object.values(end.processes).every((p) => p.exitCode !== null)).toBe(true);
  });

  it('keeps a held lock held when its holder is killed', () => {
    // Pool workers are terminated at exit: the fold must not invent releases.
    const r = runScenario({ scenario: 6, seed: 2 });
    const end = foldTrace(r.trace.events);
    for (const obj of Object.values(end.objects)) {
      if (obj.kind === 'semaphore' && obj.max === 1)
        expect(obj.holders.length).toBe(1 - (obj.value ?? 1));
    }
  });

  it('seeks any step of a 100,000-event trace exactly', () => {
    const trace = longTrace(100_000);
    expect(trace.events.length).toBeGreaterThanOrEqual(100_000);
    const index = new TraceIndex(trace);
    for (const step of [0, 1, 99_999, 50_000, 73_421, trace.events.length]) {
      expect(index.stateAt(step)).toEqual(foldTrace(trace.events, step));
    }
  });
});
