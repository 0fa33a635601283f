/**
 * Prints the model's verdict distribution for every cell of the oracle next
 * to CPython's: `npm run calibrate -- [--seeds 100] [--scenario N]`.
 * Use it after changing costs in src/sim/kernel/costs.ts.
 */
import { readFileSync } from 'node:fs';
import { runScenario } from '../src/sim/run';
import type { RunSettings } from '../src/sim/trace';

interface Cell extends Pick<RunSettings, 'scenario' | 'startMethod' | 'call'> {
  runs: number;
  verdicts: Record<string, number>;
}

const args = process.argv.slice(2);
const seeds = Number(args[args.indexOf('--seeds') + 1] ?? 100) || 100;
const only = args.includes('--scenario') ? Number(args[args.indexOf('--scenario') + 1]) : null;
const oracle = JSON.parse(
  readFileSync(new URL('../oracle/cpython-3.11.json', import.meta.url), 'utf8'),
) as {
  seedCells: Cell[];
};

const fmt = (v: Record<string, number>, n: number): string =>
  ['successful', 'fails', 'raised', 'hang']
    .filter((k) => v[k])
    .map((k) => `${k} ${Math.round((100 * v[k]!) / n)}%`)
    .join(', ');

for (const cell of oracle.seedCells) {
  if (only !== null && cell.scenario !== only) continue;
  const counts: Record<string, number> = {};
  const t0 = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const r = runScenario({
      scenario: cell.scenario,
      startMethod: cell.startMethod,
      call: cell.call,
      python: '3.11',
      seed,
    });
    counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  }
  const ms = (performance.now() - t0) / seeds;
  console.log(
    `${cell.scenario} ${cell.startMethod.padEnd(10)} ${cell.call.padEnd(4)}  model: ${fmt(counts, seeds).padEnd(34)} cpython: ${fmt(cell.verdicts, cell.runs).padEnd(30)} ${ms.toFixed(1)} ms/run`,
  );
}
