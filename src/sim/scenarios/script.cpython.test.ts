/**
 * The scenario scripts the model shows are real Python: run them with the
 * local CPython and compare what it prints with what the model prints —
 * traceback text, line numbers and markers included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from '../run';
import type { PythonVersion } from '../trace';
import type { PoolMethod, ScenarioDocument } from '../scenario-format';
import { seedDocument } from './documents';
import { scriptText } from './source';

interface Output {
  stdout: string[];
  stderr: string[];
}

function runPython(
  python: string,
  options: Required<Pick<RunOptions, 'scenario' | 'call' | 'startMethod'>> &
    Pick<RunOptions, 'document'> & {
      version: PythonVersion;
    },
): Output {
  const dir = mkdtempSync(join(tmpdir(), 'mpviz-script-'));
  writeFileSync(
    join(dir, 'scenarios.py'),
    scriptText({
      scenario: options.scenario,
      ...(options.document !== undefined ? { document: options.document } : {}),
      call: options.call,
      startMethod: options.startMethod,
      platform: 'linux',
      python: options.version,
    }),
  );
  const r = spawnSync(python, ['scenarios.py'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');
  return {
    stdout: lines(r.stdout),
    // Paths as the model writes them: the script by name, the stdlib abbreviated.
    stderr: lines(r.stderr).map((l) =>
      l
        .replace(/File ".*\/scenarios\.py"/, 'File "scenarios.py"')
        .replace(/File ".*\/multiprocessing\//, 'File ".../multiprocessing/'),
    ),
  };
}

function model(options: RunOptions & { version: PythonVersion }): Output {
  const r = runScenario({ ...options, python: options.version, platform: 'linux', seed: 1 });
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Other interpreters that happen to be installed (pyenv), by minor version. */
function otherPythons(): [PythonVersion, string][] {
  const root = '/root/.pyenv/versions';
  if (!existsSync(root)) return [];
  const found: [PythonVersion, string][] = [];
  for (const v of ['3.12', '3.13', '3.14'] as const) {
    const dir = readdirSync(root).find((d) => d.startsWith(`${v}.`));
    if (dir && existsSync(join(root, dir, 'bin/python3')))
      found.push([v, join(root, dir, 'bin/python3')]);
  }
  return found;
}

const localVersion = spawnSync(
  'python3',
  ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
  { encoding: 'utf8' },
).stdout.trim();

describe.runIf(localVersion === '3.11')('the generated script under the local CPython 3.11', () => {
  it.each([
    [1, 'map'],
    [5, 'map'],
  ] as const)('scenario %i with %s: the same traceback, line for line', (scenario, call) => {
    const options = { scenario, call, startMethod: 'fork', version: '3.11' } as const;
    const cpython = runPython('python3', options);
    expect(cpython.stderr[0]).toBe('Traceback (most recent call last):');
    expect(model(options).stderr).toEqual(cpython.stderr);
  });

  it('scenario 1 with imap: the same failure line, nothing on stderr', () => {
    const options = { scenario: 1, call: 'imap', startMethod: 'fork', version: '3.11' } as const;
    const cpython = runPython('python3', options);
    expect(cpython.stderr).toEqual(['']);
    expect(model(options).stdout).toEqual(cpython.stdout);
  });

  // The order in which the children's items reach the queue is the OS's
  // scheduling, in CPython as in the model's seeds: one CPython run may print
  // "successful!" or "fails: […] != […]" with any order of the same items (a
  // busy machine changes which). So: the same lines otherwise, and a verdict
  // line of the same form over the same items.
  it('scenario 3: the same lines printed, a verdict line of the same form over the same items', () => {
    const options = { scenario: 3, call: 'map', startMethod: 'fork', version: '3.11' } as const;
    const cpython = runPython('python3', options);
    const ours = model(options);
    const allButVerdict = (out: Output) => out.stdout.slice(0, -1).sort();
    expect(allButVerdict(ours)).toEqual(allButVerdict(cpython));
    const items = (line: string | undefined): string[] | null => {
      const m = /^Scenario 3 (?:successful!|fails: \[(.*)\] != \[(.*)\])$/.exec(line ?? '');
      if (!m) return null;
      return m[1] === undefined ? [] : [m[1], m[2]!.split(', ').sort().join(', ')];
    };
    const theirs = items(cpython.stdout.at(-1));
    const mine = items(ours.stdout.at(-1));
    expect(theirs, `CPython's verdict line: ${cpython.stdout.at(-1)}`).not.toBeNull();
    expect(mine, `the model's verdict line: ${ours.stdout.at(-1)}`).not.toBeNull();
    // "fails" lists the expected items, then the same items in the order they arrived.
    for (const pair of [theirs!, mine!]) if (pair.length === 2) expect(pair[1]).toBe(pair[0]);
  });
});

describe.runIf(localVersion === '3.11')('composed Pool calls under the local CPython 3.11', () => {
  const doc = (call: PoolMethod, read?: boolean): ScenarioDocument => ({
    ...seedDocument(1),
    call,
    ...(read !== undefined ? { read } : {}),
  });
  it.each([
    ['imap', true],
    ['imap_unordered', true],
    ['starmap', undefined],
    ['apply_async', true],
  ] as const)('%s (read: %s): the same traceback, line for line', (call, read) => {
    const options = {
      scenario: 1,
      document: doc(call, read),
      call: 'map',
      startMethod: 'fork',
      version: '3.11',
    } as const;
    const cpython = runPython('python3', options);
    expect(cpython.stderr[0]).toBe('Traceback (most recent call last):');
    expect(model(options).stderr).toEqual(cpython.stderr);
  });

  it.each(['imap_unordered', 'apply_async'] as const)(
    '%s unread: nothing raised, nothing on stderr, the queue empty',
    (call) => {
      const options = {
        scenario: 1,
        document: doc(call),
        call: 'map',
        startMethod: 'fork',
        version: '3.11',
      } as const;
      const cpython = runPython('python3', options);
      expect(cpython.stderr).toEqual(['']);
      expect(cpython.stdout.at(-1)).toBe('Scenario 1 fails: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] != []');
      expect(model(options).stdout).toEqual(cpython.stdout);
    },
  );
});

describe('the generated script under other installed CPythons', () => {
  for (const [version, python] of otherPythons()) {
    it(`scenario 1 under ${version}: the same traceback, stdlib line numbers aside (patch releases move them)`, () => {
      const options = { scenario: 1, call: 'map', startMethod: 'fork', version } as const;
      const strip = (lines: string[]): string[] =>
        lines.map((l) => l.replace(/(File "\.\.\.\/multiprocessing\/\w+\.py", line )\d+/, '$1N'));
      expect(strip(model(options).stderr)).toEqual(strip(runPython(python, options).stderr));
    });
  }
});

/** A Python 2 interpreter, if one happens to be installed (pyenv). */
function python2(): string | null {
  const root = '/root/.pyenv/versions';
  if (!existsSync(root)) return null;
  const dir = readdirSync(root).find((d) => d.startsWith('2.7'));
  return dir && existsSync(join(root, dir, 'bin/python')) ? join(root, dir, 'bin/python') : null;
}

describe.runIf(python2() !== null)('the question’s original script', () => {
  it('is valid Python 2 and, run as it stands, raises the RuntimeError of scenario 1', async () => {
    const { ORIGINAL_PYTHON2 } = await import('./original');
    const dir = mkdtempSync(join(tmpdir(), 'mpviz-original-'));
    writeFileSync(join(dir, 'original.py'), ORIGINAL_PYTHON2.join('\n') + '\n');
    const r = spawnSync(python2()!, ['original.py'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
  });
});
