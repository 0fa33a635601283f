/**
 * The command line: option parsing, and the real `npm run sim` entry point
 * (bundled by scripts/sim.mjs) for its output and exit statuses.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['scripts/sim.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('parseArgs', () => {
  it('defaults follow CPython: Linux, 3.12, the default start method, map, seed 1', () => {
    expect(parseArgs([])).toMatchObject({
      scenario: 1,
      platform: 'linux',
      python: '3.12',
      startMethod: undefined,
      call: 'map',
      seed: 1,
      runs: null,
      json: false,
    });
  });

  it('reads every option, with a space or an equals sign', () => {
    expect(
      parseArgs([
        '--scenario',
        '4',
        '--start-method=spawn',
        '--platform',
        'macos',
        '--python',
        '3.14',
        '--call',
        'imap',
        '--seed',
        '9',
        '--runs',
        '5',
        '--json',
      ]),
    ).toMatchObject({
      scenario: 4,
      startMethod: 'spawn',
      platform: 'macos',
      python: '3.14',
      call: 'imap',
      seed: 9,
      runs: 5,
      json: true,
    });
  });

  it.each([
    [['--scenario', '7'], "--scenario must be one of 1, 2, 3, 4, 5, 6 (got '7')"],
    [
      ['--start-method', 'thread'],
      "--start-method must be one of fork, spawn, forkserver (got 'thread')",
    ],
    [['--platform', 'bsd'], "--platform must be one of linux, macos, windows (got 'bsd')"],
    [['--python', '2.7'], "--python must be one of 3.11, 3.12, 3.13, 3.14 (got '2.7')"],
    [['--call', 'starmap'], "--call must be one of map, imap (got 'starmap')"],
    [['--seed', '-1'], "--seed must be an integer from 0 to 4294967295 (got '-1')"],
    [['--runs', '0'], "--runs must be an integer from 1 to 1000000 (got '0')"],
    [['--scenario'], '--scenario must be one of 1, 2, 3, 4, 5, 6'],
    [['--verbose'], "unknown option '--verbose' (see --help)"],
    [
      ['--platform', 'windows', '--start-method', 'fork'],
      "--start-method fork is not available on windows: ValueError: cannot find context for 'fork' (allowed: spawn)",
    ],
  ])('refuses %j with one line naming the option and the allowed values', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('npm run sim', () => {
  it('prints what the script prints, the traceback on stderr, and exits 1 when it raised', () => {
    const r = sim('--scenario', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Traceback (most recent call last):');
    expect(lines.at(-1)).toBe(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
  });

  it('prints one JSON object with --json', () => {
    const r = sim('--scenario', '3', '--start-method', 'spawn', '--seed', '4', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of [
      'scenario',
      'startMethod',
      'platform',
      'python',
      'call',
      'seed',
      'verdict',
      'result',
      'error',
      'frames',
      'raisedIn',
      'processes',
      'stdout',
      'pickles',
      'events',
    ]) {
      expect(out).toHaveProperty(key);
    }
    expect(out).toMatchObject({
      scenario: 3,
      startMethod: 'spawn',
      platform: 'linux',
      python: '3.12',
      call: 'map',
      seed: 4,
    });
    // MainProcess, the resource tracker (spawn on POSIX), Process-1..10.
    expect((out['processes'] as unknown[]).length).toBe(12);
    expect(typeof out['events']).toBe('number');
  });

  it('--runs adds the verdict counts, the same on every run', () => {
    const r = sim('--scenario', '6', '--start-method', 'forkserver', '--runs', '120', '--json');
    const out = JSON.parse(r.stdout) as { verdicts: Record<string, number>; runs: number };
    expect(out.runs).toBe(120);
    expect(Object.values(out.verdicts).reduce((a, b) => a + b, 0)).toBe(120);
    const again = JSON.parse(
      sim('--scenario', '6', '--start-method', 'forkserver', '--runs', '120', '--json').stdout,
    ) as typeof out;
    expect(again.verdicts).toEqual(out.verdicts);
  });

  it('--print-script prints the code panel’s text for those settings, set_start_method included', async () => {
    const { scriptDownload, scriptText } = await import('../sim/scenarios');
    const { resolveSettings } = await import('../sim/settings');
    const config = resolveSettings({ scenario: 4, startMethod: 'spawn', python: '3.13' });
    const r = sim(
      '--print-script',
      '--scenario',
      '4',
      '--start-method',
      'spawn',
      '--python',
      '3.13',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(scriptText(config));
    expect(r.stdout).toContain("    mp.set_start_method('spawn')\n");
    expect(scriptDownload(config)).toEqual({
      fileName: 'scenarios.py',
      mimeType: 'text/x-python',
      text: r.stdout,
    });
    // The platform's default start method is not set: the script relies on it.
    expect(sim('--print-script', '--scenario', '1').stdout).not.toContain('set_start_method');
  });

  it('exits 2 with a one-line error for a bad option', () => {
    const r = sim('--platform', 'windows', '--start-method', 'forkserver');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--start-method forkserver is not available on windows');
  });
});

describe('--spec: a scenario document', () => {
  const seed5 = 'docs/scenarios/seed-5.json';

  it('runs exactly as the scenario it describes, with the other options', () => {
    const byDocument = sim('--spec', seed5, '--start-method', 'spawn', '--json');
    const byNumber = sim('--scenario', '5', '--start-method', 'spawn', '--json');
    expect(byDocument.status).toBe(0);
    expect(JSON.parse(byDocument.stdout)).toEqual(JSON.parse(byNumber.stdout));
  });

  it('reads standard input with -, and prints its script', () => {
    const r = spawnSync('node', ['scripts/sim.mjs', '--spec', '-', '--print-script'], {
      cwd: root,
      encoding: 'utf8',
      input: readFileSync(`${root}/${seed5}`, 'utf8'),
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(sim('--scenario', '5', '--print-script').stdout);
  });

  it('refuses a document that cannot run, with its reasons, and runs nothing', () => {
    const r = spawnSync('node', ['scripts/sim.mjs', '--spec', '-'], {
      cwd: root,
      encoding: 'utf8',
      input: JSON.stringify({
        ...JSON.parse(readFileSync(`${root}/${seed5}`, 'utf8')),
        container: 'process',
      }),
      timeout: 120_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sim: --spec -: .*only a Pool has an initializer/);
  });

  it('runs a Process with a local job on Windows: the parent refuses it, the child dies reading', () => {
    const r = sim('--spec', 'docs/scenarios/jobs-36.json', '--platform', 'windows');
    expect(r.status).toBe(1);
    const parent = r.stderr.indexOf('    reduction.dump(process_obj, to_child)\n');
    const child = r.stderr.indexOf('  File "<string>", line 1, in <module>\n');
    expect(parent).toBeGreaterThan(0);
    expect(child).toBeGreaterThan(0);
    expect(r.stderr).toContain(
      "AttributeError: Can't pickle local object 'start_scenario.<locals>.local_job'\n",
    );
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('EOFError: Ran out of input');
  });

  it('refuses a file that is not there or not JSON, and --scenario with --spec', () => {
    expect(sim('--spec', 'no/such.json').stderr).toMatch(/^sim: --spec no\/such.json: ENOENT/);
    expect(sim('--spec', 'package-lock.json').stderr).toMatch(/is not a field of|must be/);
    expect(sim('--spec', 'README.md').stderr).toMatch(/not JSON/);
    expect(() => parseArgs(['--scenario', '2', '--spec', seed5])).toThrow(UsageError);
  });
});

describe('--batch', () => {
  const seed5 = 'docs/scenarios/seed-5.json';

  /** The batch's answers to these lines, in order. */
  function batch(lines: string[]): { code: number; stdout: string; stderr: string }[] {
    const r = spawnSync('node', ['scripts/sim.mjs', '--batch'], {
      cwd: root,
      encoding: 'utf8',
      input: lines.join('\n') + '\n',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    return r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { code: number; stdout: string; stderr: string });
  }

  it('answers each line as the command alone would: output, errors and status', () => {
    const commands = [
      ['--scenario', '1', '--start-method', 'spawn'],
      ['--spec', seed5, '--json', '--runs', '3'],
      ['--spec', '-', '--print-script'],
      ['--scenario', '9'],
    ];
    const answers = batch([
      JSON.stringify({ args: commands[0] }),
      JSON.stringify({ args: commands[1] }),
      JSON.stringify({ args: commands[2], stdin: readFileSync(`${root}/${seed5}`, 'utf8') }),
      JSON.stringify({ args: commands[3] }),
    ]);
    const alone = [
      sim(...commands[0]!),
      sim(...commands[1]!),
      sim('--spec', seed5, '--print-script'),
      sim(...commands[3]!),
    ];
    expect(answers.map((a) => a.code)).toEqual([1, 0, 0, 2]);
    expect(answers).toEqual(
      alone.map((r) => ({ code: r.status, stdout: r.stdout, stderr: r.stderr })),
    );
  });

  it('answers a line that is not a command with the reason, and goes on', () => {
    const answers = batch([
      '{nope',
      JSON.stringify({ args: [1] }),
      JSON.stringify({ args: ['--batch'] }),
      JSON.stringify({ args: ['--scenario', '2', '--print-script'] }),
    ]);
    expect(answers.map((a) => a.code)).toEqual([2, 2, 2, 0]);
    expect(answers[0]!.stderr).toMatch(/^sim: --batch: not JSON/);
    expect(answers[1]!.stderr).toMatch(/must be \{"args": \[strings\]/);
    expect(answers[2]!.stderr).toMatch(/cannot be nested/);
    expect(answers[3]!.stdout).toBe(sim('--scenario', '2', '--print-script').stdout);
  });
});
