#!/usr/bin/env node
/**
 * The versioned layout a docs site pins (docs/embedding.md, "Pin a version"):
 * copies the build in `dist/` to `dist-release/v/<version>/` (the version is
 * package.json's) and writes `dist-release/_headers`, public/_headers with
 * every path under `/v/<version>/`, for Netlify and Cloudflare Pages.
 *
 *   npm run build && node scripts/release.mjs [--out dist-release]
 *
 * The build's asset addresses are relative (vite.config.ts `base: './'`), so
 * the copy works from its folder as it is. A deployer uploads the new
 * `v/<version>/` next to the earlier ones and never changes or deletes one:
 * that is what keeps a published page the same. Merge the `_headers` rules
 * of every version kept into the host's one `_headers` file.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const here = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist-release' } } });
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const dist = join(here, 'dist');
if (!existsSync(join(dist, 'embed.html'))) {
  console.error('release.mjs: no build in dist/ (run `npm run build` first)');
  process.exit(1);
}

const out = resolve(here, values.out);
const target = join(out, 'v', version);
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(dist, target, { recursive: true });
rmSync(join(target, '_headers'), { force: true });

/** public/_headers with each path moved under the version's folder. */
export function versionedHeaders(text, prefix) {
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('#') || line.startsWith(' ') || line.trim() === '') return line;
      return line === '/' ? `${prefix}/` : `${prefix}${line}`;
    })
    .join('\n');
}

const headers = readFileSync(join(here, 'public', '_headers'), 'utf8');
writeFileSync(join(out, '_headers'), versionedHeaders(headers, `/v/${version}`));
console.log(`release.mjs: mpviz ${version} in ${join(values.out, 'v', version)}/`);
