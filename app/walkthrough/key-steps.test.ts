import { describe, expect, it } from 'vitest';
import { keySteps, nextKeyStep, previousKeyStep } from './key-steps';
import { checkpoints } from './view';
import { traceOf } from './test-traces';

describe('key steps', () => {
  for (const scenario of [1, 2, 3, 4, 5, 6]) {
    for (const startMethod of ['fork', 'spawn'] as const) {
      it(`scenario ${scenario} (${startMethod}): the story's steps, and none of the bookkeeping`, () => {
        const trace = traceOf(scenario, startMethod);
        const keys = keySteps(trace);
        const last = trace.events.length;
        expect(keys[0]).toBe(0);
        expect(keys.at(-1)).toBe(last);
        for (let i = 1; i < keys.length; i += 1) expect(keys[i]!).toBeGreaterThan(keys[i - 1]!);

        // Checkpoints are asked before the event that settles them, whatever came just before.
        const asked = new Set(checkpoints(trace).map((c) => c.step));
        const keyKinds = new Set(
          keys
            .slice(1)
            .filter((s) => !asked.has(s))
            .map((s) => trace.events[s - 1]!.kind),
        );
        for (const kind of ['handle.add', 'handle.close', 'kobj.create', 'kobj.free'])
          expect(keyKinds.has(kind as never)).toBe(false);

        trace.events.forEach((e, i) => {
          const story = ['process.start', 'pickle.refused', 'print', 'verdict', 'memory.copy'];
          if (story.includes(e.kind)) expect(keys).toContain(i + 1);
        });
        for (const c of checkpoints(trace)) {
          expect(keys).toContain(c.step);
          expect(keys).toContain(c.answerStep);
        }
      });
    }
  }

  it('skips most of a long run: scenario 2 is ten times shorter', () => {
    const trace = traceOf(2, 'fork');
    expect(keySteps(trace).length * 10).toBeLessThan(trace.events.length);
  });

  it('finds the next and the previous key step from any step', () => {
    const trace = traceOf(1, 'fork');
    const keys = keySteps(trace);
    expect(nextKeyStep(trace, 0)).toBe(keys[1]);
    expect(nextKeyStep(trace, keys[2]! - 1)).toBe(keys[2]);
    expect(nextKeyStep(trace, keys[2]!)).toBe(keys[3]);
    expect(nextKeyStep(trace, trace.events.length)).toBe(trace.events.length);
    expect(previousKeyStep(trace, keys[2]! + 1)).toBe(keys[2]);
    expect(previousKeyStep(trace, keys[2]!)).toBe(keys[1]);
    expect(previousKeyStep(trace, 0)).toBe(0);
    expect(keySteps(trace)).toBe(keys);
  });
});
