import { describe, expect, it } from 'vitest';
import type { StartMethod, Trace } from '../../../src/sim/trace';
import { traceOf } from '../test-traces';
import { journeyLine, journeysAt, nameRange, type Journey } from './journey';
import { storyStops } from './stops';

const METHODS: readonly StartMethod[] = ['fork', 'spawn', 'forkserver'];

function lines(trace: Trace, step = trace.events.length): Record<string, string> {
  return Object.fromEntries(
    journeysAt(trace, step).map((j: Journey) => [j.object, journeyLine(j)]),
  );
}

const stopStep = (trace: Trace, id: string): number =>
  storyStops(trace).find((s) => s.id === id)!.step;

describe('the journeys', () => {
  it('names a run of processes by its ends, and anything else in full', () => {
    expect(nameRange(['ForkPoolWorker-1'])).toBe('ForkPoolWorker-1');
    expect(nameRange(['A-1', 'A-2'])).toBe('A-1 and A-2');
    expect(nameRange(['ForkPoolWorker-1', 'ForkPoolWorker-2', 'ForkPoolWorker-3'])).toBe(
      'ForkPoolWorker-1 … ForkPoolWorker-3',
    );
    expect(nameRange(['P-1', 'P-3', 'P-4'])).toBe('P-1, P-3 and P-4');
  });

  it('scenario 1 under fork: made after the workers, refused for every task, never leaves', () => {
    const trace = traceOf(1, 'fork');
    expect(lines(trace)).toEqual({
      Lock:
        'created in MainProcess → not in ForkPoolWorker-1 … ForkPoolWorker-3 (forked before it ' +
        'existed) → refused when pickled for tasks 0–9 (RuntimeError) → never left MainProcess',
      Queue:
        'created in MainProcess → not in ForkPoolWorker-1 … ForkPoolWorker-3 (forked before it ' +
        'existed) → never left MainProcess',
    });
    // As of the refusal stop: task 0 only, and nothing yet about the end.
    expect(lines(trace, stopStep(trace, 'refused')).Lock).toBe(
      'created in MainProcess → not in ForkPoolWorker-1 … ForkPoolWorker-3 (forked before it ' +
        'existed) → refused when pickled for task 0 (RuntimeError)',
    );
    // Before the Lock exists there is no journey to tell.
    expect(journeysAt(trace, 0)).toEqual([]);
  });

  it('scenario 3: inherited by fork, reopened by name under spawn, duplicated on Windows', () => {
    expect(lines(traceOf(3, 'fork')).Lock).toBe(
      'created in MainProcess → inherited by fork into Process-1 … Process-10 → ' +
        'acquired in Process-1 … Process-10: one semaphore, no copy',
    );
    expect(lines(traceOf(3, 'spawn')).Lock).toMatch(
      /^created in MainProcess → reopened by name in Process-1 … Process-10 \(pickled while spawning\)/,
    );
    // At the spawn pickle's stop the Lock has only been pickled, by its name.
    const spawn = traceOf(3, 'spawn');
    const afterPickle = stopStep(spawn, 'child');
    expect(lines(spawn, afterPickle).Lock).toBe(
      'created in MainProcess → pickled, by its name, while spawning Process-1',
    );
    expect(lines(traceOf(3, 'spawn', { platform: 'windows' })).Lock).toMatch(
      /duplicated into Process-1 … Process-10 \(DuplicateHandle, while spawning\)/,
    );
    // Under forkserver the Queue's pipe goes to the fork server, which forks the child.
    expect(lines(traceOf(3, 'forkserver')).Queue).toMatch(
      /passed to the forkserver while spawning, then inherited by fork into Process-1/,
    );
  });

  it('scenario 5: the Lock reaches the workers, the Queue in the tasks is refused', () => {
    const fork = lines(traceOf(5, 'fork'));
    expect(fork.Lock).toBe(
      'created in MainProcess → inherited by fork into ForkPoolWorker-1 … ForkPoolWorker-3',
    );
    expect(fork.Queue).toMatch(/refused when pickled for tasks 0–9 \(RuntimeError\)/);
    expect(lines(traceOf(5, 'spawn')).Lock).not.toMatch(/never left/);
  });

  it('a Manager proxy: an address and an id travel, every call goes back to the manager', () => {
    const trace = traceOf(2, 'fork');
    const [lock, queue] = journeysAt(trace, trace.events.length);
    expect(lock).toMatchObject({ object: 'Lock', proxy: true });
    expect(journeyLine(lock!)).toMatch(
      /^an AcquirerProxy in MainProcess: the real Lock lives in SyncManager-\d → an address and an id travel to ForkPoolWorker-1 … ForkPoolWorker-3 → every call goes back to SyncManager-\d \(\d+ requests\)$/,
    );
    expect(queue).toMatchObject({ object: 'Queue', proxy: true });
    expect(journeyLine(queue!)).toMatch(/the real Queue lives in SyncManager-\d/);
    // The count of requests only grows.
    let last = 0;
    for (let step = 0; step <= trace.events.length; step += 50) {
      const m = /\((\d+) requests?\)/.exec(lines(trace, step).Lock ?? '');
      const n = m ? Number(m[1]) : 0;
      expect(n).toBeGreaterThanOrEqual(last);
      last = n;
    }
  });

  for (const scenario of [1, 2, 3, 4, 5, 6]) {
    for (const method of METHODS) {
      it(`scenario ${scenario} under ${method}: a Lock and a Queue, parts in step order, real sentences`, () => {
        const trace = traceOf(scenario, method);
        const end = journeysAt(trace, trace.events.length);
        expect(end.map((j) => j.object)).toEqual(['Lock', 'Queue']);
        for (const step of [0, ...storyStops(trace).map((s) => s.step), trace.events.length]) {
          for (const journey of journeysAt(trace, step)) {
            expect(journey.parts[0]!.kind).toBe(journey.proxy ? 'proxy' : 'created');
            const steps = journey.parts.map((p) => p.step);
            expect(steps).toEqual([...steps].sort((a, b) => a - b));
            expect(Math.max(...steps)).toBeLessThanOrEqual(step);
            expect(journeyLine(journey)).not.toMatch(/undefined|null|NaN|pid \d|\$\{/);
          }
        }
      });
    }
  }
});
