#!/usr/bin/env node
/**
 * Builds the docs sites of e2e/docs-sites.spec.ts with the real generators,
 * as a docs maintainer would: the Sphinx project (the `.. mpviz::` extension,
 * integrations/sphinx) and the MkDocs site (the recipe of docs/embedding.md),
 * into e2e/.sites/{sphinx,mkdocs}, pinned to the mpviz release at MPVIZ_URL
 * (e.g. http://localhost:4177/v/0.1.0/).
 *
 * Needs `sphinx-build` and `mkdocs` (Debian: `apt-get install python3-sphinx
 * mkdocs`; .ci/run installs them). Under CI a missing one is an error;
 * elsewhere its site is left out with a note (e2e/.sites/<name>/MISSING),
 * and its tests are skipped with that message.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('../..', import.meta.url).pathname;
const out = join(repo, 'e2e', '.sites');
const release = process.env.MPVIZ_URL;
if (!release || !/^https?:\/\/.+\/v\/[^/]+\/$/.test(release)) {
  console.error(
    'build.mjs: set MPVIZ_URL to a pinned release, e.g. http://localhost:4177/v/0.1.0/',
  );
  process.exit(2);
}
const host = new URL(release).origin;
const ci = Boolean(process.env.CI);

function has(tool) {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

function build(name, tool, args, env = {}) {
  const target = join(out, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  if (!has(tool)) {
    const note = `${tool} is not installed (Debian: apt-get install python3-sphinx mkdocs)`;
    if (ci) {
      console.error(`build.mjs: ${note}; CI needs it`);
      process.exit(1);
    }
    console.error(`build.mjs: ${note}: the ${name} site is skipped`);
    writeFileSync(join(target, 'MISSING'), note);
    return;
  }
  const result = spawnSync(tool, args(target), {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    console.error(`build.mjs: ${tool} failed (${result.status})`);
    process.exit(1);
  }
}

// Sphinx: warnings are errors, as a careful docs build has them.
build(
  'sphinx',
  'sphinx-build',
  (target) => ['-b', 'html', '-q', '-W', '-E', join(repo, 'e2e/sites/sphinx'), target],
  {
    MPVIZ_HOST: host,
  },
);

// MkDocs: the project plus the documented host script, copied to a scratch folder.
const mkdocsSource = join(out, 'mkdocs-src');
rmSync(mkdocsSource, { recursive: true, force: true });
cpSync(join(repo, 'e2e/sites/mkdocs'), mkdocsSource, { recursive: true });
mkdirSync(join(mkdocsSource, 'docs', 'js'), { recursive: true });
cpSync(
  join(repo, 'docs/examples/mpviz-element-host.js'),
  join(mkdocsSource, 'docs/js/mpviz-element-host.js'),
);
build(
  'mkdocs',
  'mkdocs',
  (target) => ['build', '-q', '-s', '-f', join(mkdocsSource, 'mkdocs.yml'), '-d', target],
  {
    MPVIZ_URL: release,
  },
);
console.log(`build.mjs: sites in ${out}`);
