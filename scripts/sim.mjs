// `npm run sim`: bundles the command line (src/cli/sim.ts) with esbuild into
// node_modules/.cache and runs it with plain Node. A bundle starts fast and
// lets `--runs` use worker threads without a TypeScript loader.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const outfile = fileURLToPath(new URL('node_modules/.cache/mpviz/sim.mjs', root));
await build({
  entryPoints: [fileURLToPath(new URL('src/cli/sim.ts', root))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  logLevel: 'warning',
});
await import(outfile);
