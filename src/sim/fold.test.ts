/**
 * The fold on its own: what a step shows, and seeking in a long trace.
 */
import { describe, expect, it } from 'vitest';
import { TraceIndex, foldTrace } from './fold';
import { runScenario } from './run';
import { lockHolderKilled, longTrace } from './fixtures';

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
    // A killed process releases nothing (as in CPython): the fold must not invent a release.
    const { events } = lockHolderKilled();
    const acquired = events.find((e) => e.kind === 'sem.acquire');
    if (acquired?.kind !== 'sem.acquire') throw new Error('the child never took the lock');
    const death = events.findIndex((e) => e.kind === 'process.exit' && e.code === -15);
    const freed = events.findIndex((e) => e.kind === 'kobj.free');
    expect(acquired.pid).toBe(events[death]!.pid);
    // Every step from the holder's death (the parent's timed acquire included)
    // until the parent's exit frees the lock.
    const steps = Array.from({ length: freed - death }, (_, i) => death + 1 + i);
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      const at = foldTrace(events, step);
      expect(at.processes[acquired.pid]!.exitCode).toBe(-15);
      const lock = at.objects[acquired.obj]!;
      expect(lock.value).toBe(0);
      expect(lock.holders).toEqual([acquired.tid]);
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
