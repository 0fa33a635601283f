/**
 * A manager's server thread pickles `('#TRACEBACK', format_exc())` when its
 * client is gone: before the reply (the second reply to `shutdown`; a Pool
 * worker killed at exit while it increfs), or in the middle of the
 * authentication handshake (a worker killed while its proxy connects). Then
 * that send fails too, and `_handle_request` pickles the traceback of the
 * BrokenPipeError. Each text is compared with what CPython printed: the
 * literal 3.11.7 and 3.13.0 texts below, and every traceback of the sweep's
 * CPython runs (oracle/manager-tracebacks.json, made from
 * oracle/sweep-cpython-runs.tar.xz by scripts/cpython_manager_tracebacks.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stdlibTable } from '../cpython';
import { loads } from '../pickle';
import { isTuple } from '../python';
import { runScenario, type RunResult } from '../run';
import { parseDocument } from '../scenario-format';
import type { PythonVersion } from '../trace';

/**
 * Sweep document 2389: a Manager's BoundedSemaphore through the initializer, a
 * plain Queue in the task. The task cannot be pickled, so the Pool is torn down
 * while its fork workers connect to the Manager to decref at exit: CPython's
 * runs of it pickle 3 to 7 such tracebacks (30 runs each of 3.11.7-3.13.0).
 */
const parsed = parseDocument({
  format: 'mpviz-scenario/1',
  container: 'pool',
  objects: [
    { type: 'BoundedSemaphore', from: 'manager', route: 'initializer' },
    { type: 'Queue', from: 'mp', route: 'task' },
  ],
  initializer: 'initializer',
  call: 'starmap',
  number: 391,
  name: 'sweep_2389',
  title: 'a manager proxy in the initializer, a plain Queue in the task',
});
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const teardownDocument = parsed.document;

function teardownRun(python: PythonVersion, seed: number): RunResult {
  return runScenario({
    scenario: teardownDocument.number,
    document: teardownDocument,
    startMethod: 'fork',
    python,
    seed,
  });
}

/** The texts of the ('#TRACEBACK', text) pickles of a run, in order. */
function tracebacks(run: RunResult, what = 'traceback'): string[] {
  const out: string[] = [];
  for (const p of run.pickles) {
    if (p.error !== null || !p.what.startsWith(what)) continue;
    const value = loads(Uint8Array.from(Buffer.from(p.hex, 'hex')));
    if (isTuple(value) && value.items[0] === '#TRACEBACK') out.push(value.items[1] as string);
  }
  return out;
}

/** The first traceback of a reply not sent, in the model's seeds. */
function failedReplyTraceback(python: PythonVersion): unknown {
  for (let seed = 1; seed <= 30; seed++) {
    const text = tracebacks(teardownRun(python, seed), 'traceback of the reply')[0];
    if (text !== undefined) return ['#TRACEBACK', text];
  }
  return null;
}

describe('the traceback of a reply that could not be sent', () => {
  it('3.11: as 3.11.7 formats it', () => {
    expect(failedReplyTraceback('3.11')).toEqual([
      '#TRACEBACK',
      [
        'Traceback (most recent call last):',
        '  File ".../multiprocessing/managers.py", line 216, in _handle_request',
        '    c.send(msg)',
        '  File ".../multiprocessing/connection.py", line 206, in send',
        '    self._send_bytes(_ForkingPickler.dumps(obj))',
        '  File ".../multiprocessing/connection.py", line 427, in _send_bytes',
        '    self._send(header + buf)',
        '  File ".../multiprocessing/connection.py", line 384, in _send',
        '    n = write(self._handle, buf)',
        '        ^^^^^^^^^^^^^^^^^^^^^^^^',
        'BrokenPipeError: [Errno 32] Broken pipe',
        '',
      ].join('\n'),
    ]);
  });

  it('3.13: as 3.13.0 formats it (its own line and markers)', () => {
    expect(failedReplyTraceback('3.13')).toEqual([
      '#TRACEBACK',
      [
        'Traceback (most recent call last):',
        '  File ".../multiprocessing/managers.py", line 219, in _handle_request',
        '    c.send(msg)',
        '    ~~~~~~^^^^^',
        '  File ".../multiprocessing/connection.py", line 206, in send',
        '    self._send_bytes(_ForkingPickler.dumps(obj))',
        '    ~~~~~~~~~~~~~~~~^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  File ".../multiprocessing/connection.py", line 427, in _send_bytes',
        '    self._send(header + buf)',
        '    ~~~~~~~~~~^^^^^^^^^^^^^^',
        '  File ".../multiprocessing/connection.py", line 384, in _send',
        '    n = write(self._handle, buf)',
        'BrokenPipeError: [Errno 32] Broken pipe',
        '',
      ].join('\n'),
    ]);
  });
});

interface CPythonTracebacks {
  readonly runs: number;
  readonly tracebacks: readonly { readonly count: number; readonly text: string }[];
}
const CPYTHON: Record<string, CPythonTracebacks> = JSON.parse(
  readFileSync(new URL('../../../oracle/manager-tracebacks.json', import.meta.url), 'utf8'),
);

/** The handshake function and line a traceback goes through, and its error: "deliver_challenge 756 ConnectionResetError". */
function where(text: string): string {
  const frame = [...text.matchAll(/line (\d+), in (\w+)/g)][1];
  return `${frame?.[2]} ${frame?.[1]} ${text.trim().split('\n').at(-1)!.split(':')[0]}`;
}

describe.each([
  ['3.11', '3.11.7'],
  ['3.12', '3.12.1'],
  ['3.13', '3.13.0'],
] as const)('a client gone in the middle of the handshake, %s', (python, release) => {
  const known = new Set(CPYTHON[release]!.tracebacks.map((t) => t.text));
  const seen = new Map<string, string>();
  for (let seed = 1; seed <= 20; seed++) {
    for (const text of tracebacks(teardownRun(python, seed))) seen.set(text, where(text));
  }

  it(`pickles tracebacks as CPython ${release} prints them, line for line`, () => {
    // A text CPython printed, or (a path too rare to be in its runs, like 3.11's
    // `answer_challenge` send) one whose every line is a line of one it printed, or
    // a frame's two lines as the stdlib table has them (checked against the
    // release's source by `cpython_check.py --stdlib-lines`).
    const lines = new Set([...known].flatMap((text) => text.split('\n')));
    for (const [key, entry] of Object.entries(stdlibTable(python))) {
      const [file, func] = key.split(':') as [string, string];
      const name = func.slice(func.lastIndexOf('.') + 1).replace(/#.*$/, '');
      lines.add(`  File ".../multiprocessing/${file}", line ${entry.line}, in ${name}`);
      lines.add(`    ${entry.text}`);
    }
    const unknown = [...seen.keys()].filter(
      (text) => !known.has(text) && !text.split('\n').every((line) => lines.has(line)),
    );
    expect(unknown).toEqual([]);
    expect(seen.size).toBeGreaterThan(2);
  });

  it('fails where CPython fails most: the challenge not sent, and sent but never read', () => {
    const deliver = python === '3.11' ? [754, 756] : python === '3.12' ? [937, 938] : [938, 939];
    const kinds = new Set(seen.values());
    expect(kinds).toContain(`deliver_challenge ${deliver[0]} BrokenPipeError`);
    // Linux's AF_UNIX rule: the worker died with the challenge unread in its socket.
    expect(kinds).toContain(`deliver_challenge ${deliver[1]} ConnectionResetError`);
  });
});
