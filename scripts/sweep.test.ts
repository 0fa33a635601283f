/**
 * scripts/sweep.py, the differential check of the scenario format's space
 * against CPython: a seeded sample of its cells under python3 (the full
 * sweep is `npm run sweep`), and how it judges a column within CPython's own
 * spread. Skipped, with a message saying so, when python3 is missing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Row {
  label: string;
  python: string;
  startMethod: string;
  call: string;
  columns: Record<string, { mark: string; detail: string }>;
}
interface Report {
  interpreters: string[];
  space: number;
  rows: Row[];
  mismatches: number;
}

function python(args: string[], timeout = 120_000) {
  const r = spawnSync('python3', args, { cwd: root, encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const python3 = spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0;
if (!python3) {
  console.warn('sweep.test: no python3 on the PATH: the sweep against real CPython is skipped.');
}

describe.runIf(python3)('a seeded sample of the sweep under python3', () => {
  it('agrees with CPython on every column where CPython is deterministic', () => {
    const r = python([
      'scripts/sweep.py',
      '--json',
      '--python',
      'python3',
      '--sample',
      '4',
      '--cell-sample',
      '4',
      '--seed',
      '14',
      '--runs',
      '2',
      '--model-runs',
      '30',
    ]);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.space).toBeGreaterThanOrEqual(10);
    expect(report.rows).toHaveLength(4);
    const differences = report.rows.flatMap((row) =>
      Object.entries(row.columns)
        .filter(([, c]) => c.mark === 'DIFF')
        .map(([c, { detail }]) => `${row.label} ${row.startMethod} ${row.call} ${c}: ${detail}`),
    );
    expect(differences).toEqual([]);
    expect(r.status).toBe(0);
  }, 180_000);
});

/** judge() on made-up runs: [CPython's stderr per run, the model's] → the traceback column's mark. */
const JUDGE = `
import json, sys
sys.path.insert(0, 'scripts')
from sweep import judge
def run(err):
    return {'verdict': 'raised', 'stdout': [], 'stderr': [err], 'error': None,
            'processes': ['MainProcess'], 'pids': [1], 'pickles': []}
out = []
for runs, model in json.load(sys.stdin):
    m = dict(run(model), verdicts={'raised': 1}, processes=[{'name': 'MainProcess', 'pid': 1}])
    out.append(judge([run(e) for e in runs], m)['traceback'][0])
print(json.dumps(out))
`;

describe.runIf(python3)('sweep.py', () => {
  it('marks a column ok, within the spread (~), outside it (spread?) or a deterministic DIFF', () => {
    const cases = [
      [['X', 'X'], 'X'],
      [['X', 'Y'], 'Y'],
      [['X', 'Y'], 'Z'],
      [['X', 'X'], 'Y'],
      [['X'], 'Y'],
    ];
    const r = spawnSync('python3', ['-c', JUDGE], {
      cwd: root,
      encoding: 'utf8',
      input: JSON.stringify(cases),
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['ok', '~', 'spread?', 'DIFF', 'DIFF']);
  });

  it('refuses a start method that does not exist with one clear line', () => {
    const r = python(['scripts/sweep.py', '--methods', 'fork,thread']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      'sweep: --methods takes fork, spawn, forkserver',
    );
  });

  it('refuses --docs that are not document numbers, or not in the sample, with one line', () => {
    const bad = python(['scripts/sweep.py', '--docs', '49,forty']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n').at(-1)).toBe(
      "sweep: --docs takes document numbers, comma-separated (e.g. 49,342), not 'forty'",
    );
    // The space has a few thousand documents: 99999 is in no sample of it.
    const absent = python(['scripts/sweep.py', '--sample', '1', '--docs', '99999']);
    expect(absent.status).not.toBe(0);
    expect(absent.stderr.trim().split('\n').at(-1)).toBe(
      'sweep: --docs: doc 99999 not in this sample of the space',
    );
  }, 180_000);
});
