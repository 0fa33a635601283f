import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run';
import type { Trace } from '../../src/sim/trace';
import { formatFrame, tracebackAt } from './traceback';
import { stateAt } from './view';

function traceOf(scenario: number, call: 'map' | 'imap' = 'map', python = '3.12' as const): Trace {
  return runScenario({ scenario, startMethod: 'fork', platform: 'linux', python, call, seed: 1 })
    .trace;
}

const s1 = traceOf(1);

/** The step made by the first exception event of `phase`. */
function stepOf(trace: Trace, phase: string): number {
  const i = trace.events.findIndex((e) => e.kind === 'exception' && e.phase === phase);
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** A view's text as the panel shows it, without the thread markers. */
function text(view: NonNullable<ReturnType<typeof tracebackAt>>): string[] {
  return [
    ...view.head,
    ...view.groups.flatMap((g) => g.frames.flatMap((f) => f.lines)),
    view.error,
  ];
}

const LOCK =
  'RuntimeError: Lock objects should only be shared between processes through inheritance';

describe('tracebackAt', () => {
  it('is null before anything is raised, and for a run that raises nothing', () => {
    expect(tracebackAt(s1, 0)).toBeNull();
    expect(tracebackAt(s1, stepOf(s1, 'raised') - 2)).toBeNull();
    const s6 = traceOf(6);
    expect(tracebackAt(s6, s6.events.length)).toBeNull();
  });

  it('follows SimState.exception at every step', () => {
    for (let step = 0; step <= s1.events.length; step += 1) {
      const view = tracebackAt(s1, step);
      // At a refused pickle it is the exception being raised there (one step early).
      if (view?.raising) continue;
      const exception = stateAt(s1, step).exception;
      if (exception === null) {
        expect(view).toBeNull();
        continue;
      }
      expect(view).not.toBeNull();
      expect(view!.phase).toBe(exception.phase);
      expect(view!.error).toBe(exception.error);
      expect(view!.at.thread).toBe(exception.thread);
      expect(view!.at.pid).toBe(exception.pid);
    }
  });

  it('at a refused pickle: the exception being raised in the task handler, as the narration says', () => {
    const refused = s1.events.findIndex((e) => e.kind === 'pickle.refused') + 1;
    const view = tracebackAt(s1, refused)!;
    expect(view).toMatchObject({ phase: 'raised', raising: true, error: LOCK });
    expect(view.at.thread).toBe('Thread-2 (_handle_tasks)');
    expect(view.groups[0]!.frames.map((f) => f.name).at(-1)).toBe('context.py:assert_spawning');
    // The next step: raised (and caught), no longer "being raised".
    expect(tracebackAt(s1, refused + 1)).toMatchObject({ phase: 'raised', raising: false });
    // A later task's refusal shows its own raise, after task 0's was stored.
    const second = s1.events.findIndex((e, i) => i >= refused && e.kind === 'pickle.refused') + 1;
    expect(tracebackAt(s1, second)).toMatchObject({ phase: 'raised', raising: true });
  });

  it('raised: every frame in the task handler thread, formatted as CPython prints them', () => {
    const view = tracebackAt(s1, stepOf(s1, 'raised'))!;
    expect(view.phase).toBe('raised');
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]).toMatchObject({
      process: 'MainProcess',
      thread: 'Thread-2 (_handle_tasks)',
    });
    expect(text(view)).toEqual([
      'Traceback (most recent call last):',
      '  File ".../multiprocessing/pool.py", line 540, in _handle_tasks',
      '    put(task)',
      '  File ".../multiprocessing/connection.py", line 206, in send',
      '    self._send_bytes(_ForkingPickler.dumps(obj))',
      '                     ^^^^^^^^^^^^^^^^^^^^^^^^^^',
      '  File ".../multiprocessing/reduction.py", line 51, in dumps',
      '    cls(buf, protocol).dump(obj)',
      '  File ".../multiprocessing/synchronize.py", line 101, in __getstate__',
      '    context.assert_spawning(self)',
      '  File ".../multiprocessing/context.py", line 374, in assert_spawning',
      '    raise RuntimeError(',
      LOCK,
    ]);
  });

  it('reraised: get() in MainThread, in front of the frames that ran in the task handler', () => {
    const view = tracebackAt(s1, stepOf(s1, 'reraised'))!;
    expect(view.at.thread).toBe('MainThread');
    expect(view.raisedIn.thread).toBe('Thread-2 (_handle_tasks)');
    expect(view.groups.map((g) => [g.thread, g.frames.map((f) => f.name)])).toEqual([
      ['MainThread', ['pool.py:get']],
      [
        'Thread-2 (_handle_tasks)',
        [
          'pool.py:_handle_tasks',
          'connection.py:send',
          'reduction.py:dumps',
          'synchronize.py:__getstate__',
          'context.py:assert_spawning',
        ],
      ],
    ]);
    expect(view.groups[0]!.frames[0]!.lines).toEqual([
      '  File ".../multiprocessing/pool.py", line 774, in get',
      '    raise self._value',
    ]);
  });

  it('printed: the text the trace printed, split between MainThread and the task handler', () => {
    const end = s1.events.length;
    const view = tracebackAt(s1, end)!;
    expect(view.phase).toBe('printed');
    const stderr = stateAt(s1, end)
      .output.filter((o) => o.stream === 'stderr')
      .map((o) => o.text);
    expect(text(view)).toEqual(stderr);
    expect(view.groups.map((g) => [g.process, g.thread, g.frames.length])).toEqual([
      ['MainProcess', 'MainThread', 6],
      ['MainProcess', 'Thread-2 (_handle_tasks)', 5],
    ]);
    expect(view.groups[0]!.frames[0]!.lines[0]).toBe('  File "scenarios.py", line 78, in <module>');
    expect(view.groups[1]!.frames[0]!.name).toBe('pool.py:_handle_tasks');
  });

  it('shows the whole printed traceback from the printed event on', () => {
    const printed = stepOf(s1, 'printed');
    expect(text(tracebackAt(s1, printed)!)).toEqual(text(tracebackAt(s1, s1.events.length)!));
  });

  it('formats frames exactly as they are printed later, in every version', () => {
    for (const python of ['3.11', '3.12', '3.13', '3.14'] as const) {
      const trace = runScenario({ scenario: 5, python, platform: 'linux', seed: 1 }).trace;
      const printed = tracebackAt(trace, trace.events.length)!;
      const raised = tracebackAt(trace, stepOf(trace, 'raised'))!;
      expect(printed.groups[1]!.frames).toEqual(raised.groups[0]!.frames);
    }
  });

  it('imap: raised and stored, never printed', () => {
    const trace = traceOf(1, 'imap');
    const view = tracebackAt(trace, trace.events.length);
    if (view === null) return; // imap may never pickle a task before the script ends
    expect(view.phase).not.toBe('printed');
    expect(view.groups).toHaveLength(1);
  });
});

describe('formatFrame', () => {
  it('formats a tabulated stdlib frame, and falls back to the name for the others', () => {
    expect(formatFrame('pool.py:get', '3.11')).toEqual([
      '  File ".../multiprocessing/pool.py", line 774, in get',
      '    raise self._value',
    ]);
    expect(formatFrame('scenarios.py:main', '3.12')).toEqual(['  File "scenarios.py", in main']);
  });
});
