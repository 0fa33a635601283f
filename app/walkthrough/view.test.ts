import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/sim/trace';
import {
  answeredAt,
  checkpoints,
  currentLines,
  indexFor,
  isCheckpoint,
  narration,
  stateAt,
} from './view';
import { traceOf } from './test-traces';

const s1 = traceOf(1);
const s2 = traceOf(2);
const s3 = traceOf(3);

/** The first step whose event matches. */
function stepOf(trace: Trace, match: (e: Trace['events'][number]) => boolean): number {
  const i = trace.events.findIndex(match);
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

describe('indexFor', () => {
  it('builds one index per trace', () => {
    expect(indexFor(s1)).toBe(indexFor(s1));
    expect(indexFor(s1)).not.toBe(indexFor(s2));
  });
});

describe('currentLines', () => {
  it('marks MainProcess on its MainThread’s line, with a stable colour', () => {
    const step = stepOf(s1, (e) => e.kind === 'pickle.refused');
    const lines = currentLines(stateAt(s1, step));
    const main = lines.find((l) => l.name === 'MainProcess')!;
    expect(main.colour).toBe(0);
    expect(main.thread).toBe('MainThread');
    expect(main.line).toBe(64);
    expect(lines.map((l) => l.name)).toEqual([
      'MainProcess',
      'ForkPoolWorker-1',
      'ForkPoolWorker-2',
      'ForkPoolWorker-3',
    ]);
    // Colours follow the order of appearance and do not change between steps.
    const later = currentLines(stateAt(s1, s1.events.length));
    expect(later.map((l) => l.colour)).toEqual(lines.map((l) => l.colour));
  });

  it('is empty before the first event', () => {
    expect(currentLines(stateAt(s1, 0))).toEqual([]);
  });
});

describe('narration', () => {
  it('explains why the task handler’s pickling of task 0 is refused', () => {
    const step = stepOf(s1, (e) => e.kind === 'pickle.refused');
    expect(narration(s1, step)).toBe(
      'The task handler thread tried to pickle task 0. It holds a Lock, and a Lock may only be ' +
        'pickled while a child process is being created: its __getstate__ calls ' +
        'context.assert_spawning, which raises RuntimeError. Nothing is sent.',
    );
  });

  it('explains fork, memory copies and inherited handles', () => {
    const fork = stepOf(s1, (e) => e.kind === 'process.start' && e.birth === 'fork');
    expect(narration(s1, fork)).toMatch(
      /^MainProcess calls fork\(\): ForkPoolWorker-1 starts with a copy/,
    );
    const copy = stepOf(s3, (e) => e.kind === 'memory.copy');
    expect(narration(s3, copy)).toMatch(/Process-1 now has a copy of MainProcess’s memory/);
    expect(narration(s3, copy)).toContain('lock');
    const inherited = stepOf(s1, (e) => e.kind === 'handle.add' && e.origin === 'inherited');
    expect(narration(s1, inherited)).toMatch(/^ForkPoolWorker-1 inherits handle 3 to the pipe/);
  });

  it('explains the stored and re-raised exception', () => {
    const stored = stepOf(s1, (e) => e.kind === 'exception' && e.phase === 'stored');
    expect(narration(s1, stored)).toMatch(/stores the exception on the job’s result/);
    const reraised = stepOf(s1, (e) => e.kind === 'exception' && e.phase === 'reraised');
    expect(narration(s1, reraised)).toMatch(/^MainProcess asks for the result/);
  });

  it('explains a proxy call as a round trip', () => {
    const req = stepOf(s2, (e) => e.kind === 'proxy.request');
    expect(narration(s2, req)).toMatch(/sends a request to the manager process: “create”/);
    const res = stepOf(s2, (e) => e.kind === 'proxy.response');
    expect(narration(s2, res)).toMatch(/The manager answers “create”/);
  });

  it('ends with the verdict', () => {
    expect(narration(s1, s1.events.length)).toBe(
      'The run is over. The script ends with an uncaught exception: RuntimeError: Lock objects ' +
        'should only be shared between processes through inheritance.',
    );
    expect(narration(s1, 0)).toMatch(/^Nothing has run yet/);
  });

  it('says something for every step, the same each time, forwards or backwards', () => {
    for (const trace of [s1, s3]) {
      const texts = [];
      for (let step = 0; step <= trace.events.length; step += 1) texts.push(narration(trace, step));
      for (const text of texts) expect(text.length).toBeGreaterThan(0);
      for (let step = trace.events.length; step >= 0; step -= 7) {
        expect(narration(trace, step)).toBe(texts[step]);
      }
    }
  });
});

describe('checkpoints', () => {
  it('asks before the first task is pickled, and the refusal answers', () => {
    const cp = checkpoints(s1).find((c) => c.what.startsWith('task'));
    expect(cp).toBeDefined();
    expect(s1.events[cp!.step]).toMatchObject({ kind: 'pickle.start', what: 'task 0' });
    expect(cp!.question).toMatch(/^Will this task pickle\?/);
    expect(cp!.answer).toBe(false);
    expect(s1.events[cp!.answerStep - 1]).toMatchObject({ kind: 'pickle.refused' });
    expect(cp!.reveal).toContain('RuntimeError');
    expect(isCheckpoint(s1, cp!.step)).toBe(cp);
    expect(isCheckpoint(s1, cp!.step + 1)).toBeNull();
    expect(answeredAt(s1, cp!.answerStep)).toBe(cp);
  });

  it('with a Manager lock, the task pickles', () => {
    const task = checkpoints(s2).find((c) => c.what.startsWith('task'));
    expect(task?.answer).toBe(true);
  });

  it('under fork, asks whether the first child will have the lock; its memory copy answers', () => {
    // Scenario 1 makes its Pool before its Lock: the workers are forked without it.
    const [first] = checkpoints(s1);
    expect(first).toMatchObject({ what: 'ForkPoolWorker-1', answer: false });
    expect(s1.events[first!.step]).toMatchObject({ kind: 'process.start', birth: 'fork' });
    expect(s1.events[first!.answerStep - 1]).toMatchObject({ kind: 'memory.copy' });
    expect(first!.reveal).toContain('forked before the script created it');
    // Scenario 3 forks each child after making its lock: the copy has it.
    const [s3first] = checkpoints(s3);
    expect(s3first).toMatchObject({ what: 'Process-1', answer: true });
    // Every scenario asks at least one question, under every start method.
    for (const scenario of [1, 2, 3, 4, 5, 6])
      for (const start of ['fork', 'spawn'] as const)
        expect(checkpoints(traceOf(scenario, start)).length).toBeGreaterThan(0);
  });

  it('before a forked child first acquires the Lock: is it the parent’s? Copy-on-write is named', () => {
    const cp = checkpoints(s3).find((c) => c.question.includes('same lock'));
    expect(cp).toBeDefined();
    expect(s3.events[cp!.step]).toMatchObject({ kind: 'sem.acquire' });
    expect(cp!.question).toBe(
      'Process-1 is about to acquire the Lock. Is this the same lock as the parent’s?',
    );
    expect(cp!.answer).toBe(true);
    expect(cp!.misconception).toMatch(/Copy-on-write copies the process’s memory/);
  });

  it('before the first Manager call: where does acquire() run?', () => {
    const cp = checkpoints(s2).find((c) => c.question.startsWith('Where does'));
    expect(cp).toBeDefined();
    expect(cp!.question).toBe('Where does this acquire() run?');
    expect(s2.events[cp!.step]).toMatchObject({ kind: 'proxy.request', method: 'acquire' });
    expect(s2.events[cp!.answerStep - 1]).toMatchObject({ kind: 'proxy.response' });
    expect(cp!.misconception).toMatch(/request to the manager/);
  });

  it('every wrong answer names its own misconception', () => {
    for (const scenario of [1, 2, 3, 4, 5, 6])
      for (const start of ['fork', 'spawn', 'forkserver'] as const)
        for (const c of checkpoints(traceOf(scenario, start))) {
          expect(c.misconception.length).toBeGreaterThan(40);
          expect(c.misconception).not.toBe(c.reveal);
        }
  });

  it('under spawn, asks about the Process object too', () => {
    const spawn = checkpoints(traceOf(3, 'spawn'));
    expect(spawn.some((c) => c.what.startsWith('Process object'))).toBe(true);
  });
});
