#!/usr/bin/env node
/* global window, document, requestAnimationFrame */
/**
 * How fast the first picture is: navigation to a usable walkthrough, against a
 * blank Vite + React page's navigation to its one button, measured side by
 * side in one Chromium; and the size of the JavaScript the app's page loads
 * before anyone does anything. A benchmark to read, not a test: `npm test`
 * does not run it.
 *
 *   npm run bench:load [-- --runs 15] [-- --path '/?scenario=1'] [-- --mode auto|arrive|press-run]
 *                      [-- --dist DIR]   (an app already built elsewhere, e.g. another commit's)
 *                      [-- --laid-out]   (the narration need only be laid out, not on the first screen)
 *
 * - The app is built into dist/ unless dist/ is newer than its sources
 *   (`--rebuild` forces it); the blank page (bench/blank/) is built by Vite
 *   into a temporary directory. Both are served by scripts/static-server.mjs
 *   with the same cross-origin isolation headers.
 * - Each run opens a fresh browser context (an empty cache) and alternates
 *   which page goes first. Times are `performance.now()` in the page (from
 *   its navigation start) at the first animation frame in which the condition
 *   holds (so it has been painted, or is about to be, not merely parsed):
 *     blank: its button is in the viewport;
 *     app:   "Next step" (or "Previous step") is enabled and the narration is in the
 *            viewport (`arrive`: the page runs on arrival), or, in `press-run`
 *            (a page that waits for Run), Run is pressed the moment it is
 *            enabled and the narration need only be laid out (the walkthrough
 *            may sit below the first screen).
 *   `auto` (the default) opens the app once and picks `arrive` if the
 *   walkthrough appears without a click within 5 s, else `press-run`.
 * - Initial JS: the gzip sizes (level 9) of the module script index.html
 *   loads and of its modulepreloads (its static imports), with the app's
 *   scripts that app/first-paint.ts starts after the first paint; and, from
 *   the network log, of every script the page fetched before it was usable.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    path: { type: 'string', default: '/?scenario=1' },
    mode: { type: 'string', default: 'auto' },
    rebuild: { type: 'boolean', default: false },
    dist: { type: 'string' },
    'laid-out': { type: 'boolean', default: false },
    port: { type: 'string', default: '4690' },
    width: { type: 'string', default: '1440' },
    height: { type: 'string', default: '900' },
  },
});
const RUNS = Number(args.runs);
const APP_PORT = Number(args.port);
const BLANK_PORT = APP_PORT + 1;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer`);
if (!['auto', 'arrive', 'press-run'].includes(args.mode)) {
  throw new Error(`--mode must be auto, arrive or press-run, not ${args.mode}`);
}
const viewport = { width: Number(args.width), height: Number(args.height) };

// --- building -------------------------------------------------------------------

/** The newest modification time under `path` (a file or a directory). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

function run(command, argv) {
  return new Promise((ok, fail) => {
    const child = spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${command} exited ${code}`))));
  });
}

async function buildApp() {
  if (args.dist) {
    console.log(`app: using ${args.dist} as built (--dist)`);
    return resolve(args.dist);
  }
  const dist = join(ROOT, 'dist');
  const sources = ['app', 'src', 'public', 'index.html', 'embed.html', 'vite.config.ts'];
  const sourceTime = Math.max(...sources.map((s) => newest(join(ROOT, s))));
  const fresh = existsSync(join(dist, 'index.html')) && newest(dist) >= sourceTime;
  if (fresh && !args.rebuild) {
    console.log('app: using dist/ (newer than its sources)');
  } else {
    console.log('app: building dist/ (npx vite build)…');
    await run('npx', ['vite', 'build', '--logLevel', 'error']);
  }
  return dist;
}

async function buildBlank() {
  const out = mkdtempSync(join(tmpdir(), 'mpviz-bench-blank-'));
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({
    configFile: false,
    root: join(ROOT, 'bench/blank'),
    base: '/',
    logLevel: 'error',
    plugins: [react()],
    build: { outDir: out, emptyOutDir: true, target: 'es2022' },
  });
  return out;
}

// --- sizes ----------------------------------------------------------------------

const gzipKB = (file) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

/**
 * The JavaScript an HTML page loads before anyone does anything, with gzip
 * sizes: its module script and modulepreloads, and the app's scripts that
 * app/first-paint.ts starts once the built first picture is painted
 * (`<meta name="mpviz-entry">`). `firstPicture` is the part loaded before
 * that picture (the page's own tags).
 */
function initialJs(dir) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const own = new Set();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) own.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    own.add(m[1]);
  }
  const started = /<meta name="mpviz-entry" content="([^"]*)"/.exec(html)?.[1].split(' ') ?? [];
  const sized = (f) => ({ file: f, kb: gzipKB(join(dir, f.replace(/^\.?\//, ''))) });
  const list = [...new Set([...own, ...started])].filter((f) => f !== '').map(sized);
  const sum = (xs) => xs.reduce((a, f) => a + f.kb, 0);
  return { list, kb: sum(list), firstPicture: sum(list.filter((f) => own.has(f.file))) };
}

// --- serving --------------------------------------------------------------------

async function serve(dir, port) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts/static-server.mjs'), '--root', dir, '--port', String(port), '--isolate'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/__health`)).ok) return child;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`the static server on port ${port} did not start`);
}

// --- measuring ------------------------------------------------------------------

/**
 * Runs in the page before its own scripts: records `window.__ready` (ms from
 * navigation start) the first time `spec` holds, and in press-run mode
 * presses Run the first time it is enabled (recording `window.__pressed`).
 */
function probe(spec) {
  const inViewport = (el) => {
    const r = el.getBoundingClientRect();
    // Not hidden either (a page may hide markup it has not decided to show yet).
    const seen = el.checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? true;
    return (
      seen &&
      r.width > 0 &&
      r.height > 0 &&
      r.bottom > 0 &&
      r.right > 0 &&
      r.top < window.innerHeight &&
      r.left < window.innerWidth
    );
  };
  const laidOut = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const buttonNamed = (name) =>
    [...document.querySelectorAll('button')].find(
      (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name,
    );
  const holds = () => {
    if (spec.page === 'blank') {
      const b = document.querySelector('button');
      return b !== null && inViewport(b);
    }
    if (spec.mode === 'press-run' && window.__pressed === undefined) {
      const runButton = buttonNamed('Run');
      if (runButton && !runButton.disabled) {
        window.__pressed = performance.now();
        runButton.click();
      }
    }
    // A usable step control: Next, or Previous when the run lands on its last step.
    const enabled = ['Next step', 'Previous step'].some((name) => {
      const b = buttonNamed(name);
      return b !== undefined && !b.disabled;
    });
    const narration = document.querySelector('[aria-label="Narration"]');
    if (!enabled || !narration) return false;
    return spec.laidOut ? laidOut(narration) : inViewport(narration);
  };
  // Checked in animation frames only, just before each frame is painted: a
  // condition that holds in the DOM but has not been painted yet (markup
  // parsed while the page's scripts still hold the first paint back) is not
  // yet something a learner can see or use.
  const frame = () => {
    if (holds()) {
      window.__ready = performance.now();
      // Drawn from the page's built markup, before the app's scripts ran?
      window.__built = document.querySelector('#root[data-prerendered]') !== null;
    } else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * One navigation in a fresh context: ms to ready, and the scripts (.js) the
 * page had started to fetch by then (its resource timing entries).
 */
async function measure(browser, url, spec, timeout = 30_000) {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    await page.addInitScript(probe, spec);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__ready !== undefined, null, { timeout });
    if (spec.page === 'app') {
      // For the phases: until the app has taken the page over (its first commit).
      await page
        .waitForFunction(
          () => performance.getEntriesByName('mpviz:first-commit').length > 0,
          null,
          {
            timeout,
          },
        )
        .catch(() => {});
    }
    return await page.evaluate(() => ({
      ms: window.__ready,
      built: window.__built ?? false,
      dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
      model: performance.getEntriesByName('mpviz:model')[0] ?? null,
      commit: performance.getEntriesByName('mpviz:first-commit')[0]?.startTime ?? null,
      scripts: performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime <= window.__ready && new URL(e.name).pathname.endsWith('.js'))
        .map((e) => new URL(e.name).pathname),
    }));
  } finally {
    await context.close();
  }
}

/** Opens the app once without a click: does the walkthrough appear by itself, on the first screen? */
async function detectMode(browser, url) {
  try {
    await measure(browser, url, { page: 'app', mode: 'arrive', laidOut: args['laid-out'] }, 5_000);
    return 'arrive';
  } catch {
    return 'press-run';
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// --- main -----------------------------------------------------------------------

const appDir = await buildApp();
const blankDir = await buildBlank();
const servers = [await serve(appDir, APP_PORT), await serve(blankDir, BLANK_PORT)];
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
});
try {
  const appUrl = `http://localhost:${APP_PORT}${args.path}`;
  const blankUrl = `http://localhost:${BLANK_PORT}/`;
  let mode = args.mode;
  // A page that runs on arrival is usable in well under 5 s.
  if (mode === 'auto') mode = await detectMode(browser, appUrl);
  // A page that waits for Run shows the walkthrough below its settings.
  const laidOut = args['laid-out'] || mode === 'press-run';
  const app = { page: 'app', mode, laidOut };
  const criterion =
    (mode === 'arrive' ? 'no click' : 'Run pressed as soon as it is enabled') +
    `; Next or Previous step enabled, the narration ${laidOut ? 'laid out' : 'in the viewport'}`;
  console.log(
    `${RUNS} runs of each page, alternating, in one Chromium (${executablePath ?? "Playwright's"}), ` +
      `a fresh context per run, ${viewport.width}×${viewport.height}`,
  );
  console.log(`app:   ${args.path} (mode ${mode}: ${criterion})`);
  console.log(`blank: bench/blank (one button in the viewport)`);

  // One untimed round of each, so that the first timed run does not pay for the browser's start.
  await measure(browser, blankUrl, { page: 'blank' });
  await measure(browser, appUrl, app);

  const times = { app: [], blank: [] };
  const phases = { dcl: [], modelStart: [], modelMs: [], commit: [], built: 0 };
  const fetched = new Set();
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['blank', 'app'] : ['app', 'blank'];
    for (const which of order) {
      const r =
        which === 'app'
          ? await measure(browser, appUrl, app)
          : await measure(browser, blankUrl, { page: 'blank' });
      times[which].push(r.ms);
      if (which === 'app') {
        for (const path of r.scripts) fetched.add(path);
        phases.dcl.push(r.dcl);
        if (r.built) phases.built += 1;
        if (r.model) {
          phases.modelStart.push(r.model.startTime);
          phases.modelMs.push(r.model.duration);
        }
        if (r.commit !== null) phases.commit.push(r.commit);
      }
    }
  }

  const row = (name, xs) =>
    `${name.padEnd(6)} median ${median(xs).toFixed(0).padStart(5)} ms   ` +
    `min ${Math.min(...xs)
      .toFixed(0)
      .padStart(5)}   max ${Math.max(...xs)
      .toFixed(0)
      .padStart(5)}`;
  console.log('');
  console.log(row('blank', times.blank));
  console.log(row('app', times.app));
  const ms = (xs) => `${median(xs).toFixed(0)} ms`;
  console.log(
    `       app phases (medians): usable ${phases.built} of ${RUNS} times from the built markup ` +
      `(before the app's scripts ran); document parsed (DOMContentLoaded) at ${ms(phases.dcl)}`,
  );
  if (phases.modelMs.length > 0 && phases.commit.length > 0) {
    console.log(
      `       the tab's own model run starts at ${ms(phases.modelStart)} and takes ` +
        `${ms(phases.modelMs)}; React has taken the page over (first commit) at ${ms(phases.commit)}`,
    );
  }
  const ratio = median(times.app) / median(times.blank);
  console.log(`load ratio (app / blank, medians): ${ratio.toFixed(2)}  (target ≤ 1.5)`);

  const appJs = initialJs(appDir);
  const blank = initialJs(blankDir);
  console.log('');
  console.log(
    `initial JS of the app (index.html's module script and modulepreloads, and the app's ` +
      `scripts first-paint.ts starts):`,
  );
  for (const f of appJs.list) {
    console.log(`  ${f.file.padEnd(44)} ${f.kb.toFixed(1).padStart(6)} KB gzip`);
  }
  console.log(`  total ${appJs.kb.toFixed(1)} KB gzip  (target ≤ 150)`);
  console.log(
    `  of which before the built first picture is shown: ${appJs.firstPicture.toFixed(1)} KB`,
  );
  const before = [...fetched];
  const beforeKb = before.reduce((a, p) => a + gzipKB(join(appDir, p.replace(/^\//, ''))), 0);
  console.log(
    `scripts the app fetched before it was usable (network log, any run): ${before.length}, ` +
      `${beforeKb.toFixed(1)} KB gzip`,
  );
  console.log(`initial JS of the blank page: ${blank.kb.toFixed(1)} KB gzip`);
} finally {
  await browser.close();
  for (const s of servers) s.kill();
  rmSync(blankDir, { recursive: true, force: true });
}
