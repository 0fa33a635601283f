/**
 * The documents scripts/sweep.py checks, as one JSON object on stdout:
 * `npx tsx scripts/sweep-space.ts [--sample N --seed S]` — the whole space
 * of the scenario format (src/sim/space/space.ts), or a seeded sample.
 */
import { documentSpace, sampleSpace } from '../src/sim/space';

function option(name: string): number | null {
  const i = process.argv.indexOf(name);
  if (i < 0) return null;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`sweep-space: ${name} takes a whole number\n`);
    process.exit(2);
  }
  return value;
}

const sample = option('--sample');
const seed = option('--seed') ?? 1;
const all = documentSpace();
const documents = sample === null ? all : sampleSpace(sample, seed);
process.stdout.write(JSON.stringify({ size: all.length, documents }) + '\n');
