/**
 * Prints the model's verdict distribution for every cell next to what CPython
 * did with the same script (oracle/cpython-verdicts.json, per release):
 * `npm run calibrate -- [--seeds 100] [--scenario N] [--python 3.11|3.12|3.13]`.
 * Use it after changing costs in src/sim/kernel/costs.ts. A line is marked
 * `MISSING` when CPython showed a verdict the model's seeds never give.
 */
import { readFileSync } from 'node:fs';
import { runScenario } from '../src/sim/run';
import type { PythonVersion, RunSettings } from '../src/sim/trace';

interface Cell extends Pick<RunSettings, 'scenario' | 'startMethod' | 'call'> {
  runs: number;
  verdicts: Record<string, number>;
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const seeds = Number(option('--seeds') ?? 100) || 100;
const only = option('--scenario') === undefined ? null : Number(option('--scenario'));
const pythons = option('--python');
const measured = JSON.parse(
  readFileSync(new URL('../oracle/cpython-verdicts.json', import.meta.url), 'utf8'),
) as { versions: { release: string; cells: Cell[] }[] };

const fmt = (v: Record<string, number>, n: number): string =>
  ['successful', 'fails', 'raised', 'hang']
    .filter((k) => v[k])
    .map((k) => `${k} ${Math.round((100 * v[k]!) / n)}%`)
    .join(', ');

for (const { release, cells } of measured.versions) {
  const python = release.split('.').slice(0, 2).join('.') as PythonVersion;
  if (pythons !== undefined && !pythons.split(',').includes(python)) continue;
  for (const cell of cells) {
    if (only !== null && cell.scenario !== only) continue;
    const counts: Record<string, number> = {};
    const t0 = performance.now();
    for (let seed = 1; seed <= seeds; seed++) {
      const r = runScenario({
        scenario: cell.scenario,
        startMethod: cell.startMethod,
        call: cell.call,
        python,
        seed,
        record: 'outcome',
      });
      counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
    }
    const ms = (performance.now() - t0) / seeds;
    const missing = Object.keys(cell.verdicts).some((v) => !counts[v]);
    console.log(
      `${release} ${cell.scenario} ${cell.startMethod.padEnd(10)} ${cell.call.padEnd(4)}  model: ${fmt(counts, seeds).padEnd(28)} cpython (${cell.runs} runs): ${fmt(cell.verdicts, cell.runs).padEnd(26)} ${missing ? 'MISSING ' : ''}${ms.toFixed(1)} ms/run`,
    );
  }
}
