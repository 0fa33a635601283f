#!/usr/bin/env node
// `npx mpviz-sim …` (the package's bin) is the same command without npm's banner.
// `npm run sim`: bundles the command line (src/cli/sim.ts) with esbuild into
// node_modules/.cache and runs it with plain Node. A bundle starts fast and
// lets `--runs` use worker threads without a TypeScript loader.
//
// The bundle is rebuilt only when one of its inputs (or how it is built)
// changed since the last build: loading esbuild and bundling costs more than
// the run of a single seed.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const outfile = fileURLToPath(new URL('node_modules/.cache/mpviz/sim.mjs', root));
// What the last build read, and when it started (an input saved during a build is newer).
const stampFile = `${outfile}.inputs.json`;

function upToDate() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    statSync(outfile);
  } catch {
    return false;
  }
  const files = stamp.inputs.map((f) => fileURLToPath(new URL(f, root)));
  try {
    // A new or deleted module changes the file that imports it, so the old inputs suffice.
    if (!files.every((f) => statSync(f).mtimeMs < stamp.startedAt)) return false;
  } catch {
    return false;
  }
  // How it is built: this script, esbuild itself, the tsconfig esbuild reads.
  return BUILD_CONFIG.every((f) => {
    const stat = statSync(fileURLToPath(new URL(f, root)), { throwIfNoEntry: false });
    return stat === undefined || stat.mtimeMs < stamp.startedAt;
  });
}

const BUILD_CONFIG = [
  'scripts/sim.mjs',
  'node_modules/esbuild/package.json',
  'tsconfig.json',
  'tsconfig.base.json',
];

if (!upToDate()) {
  const startedAt = Date.now();
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: fileURLToPath(root),
    entryPoints: ['src/cli/sim.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs);
  writeFileSync(stampFile, JSON.stringify({ startedAt, inputs }) + '\n');
}
await import(outfile);
