/* global window */
// Free-mode soak: many runs on real workers in Chromium, counting verdicts,
// hangs and internal errors (a run whose promise rejects).
//   npm run build && npx vite preview --port 4190 &
//   node scripts/soak-free.mjs --url http://localhost:4190/ --runs 1000 --scenarios 1,5 --start fork
// Prints one line per scenario and exits with status 1 if any run failed or hung.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4190/' },
    runs: { type: 'string', default: '1000' },
    scenarios: { type: 'string', default: '1,5' },
    start: { type: 'string', default: 'fork' },
  },
});
const runs = Number(values.runs);
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage();
await page.goto(values.url);
await page.waitForFunction(() => window.mpviz?.version === 1);
let bad = 0;
for (const scenario of values.scenarios.split(',').map(Number)) {
  const verdicts = {};
  const errors = {};
  let slowest = 0;
  const t0 = Date.now();
  for (let i = 0; i < runs; i++) {
    const r = await page.evaluate(
      async ({ scenario, start }) => {
        window.mpviz.setParams({ scenario, mode: 'free', startMethod: start });
        const t = performance.now();
        try {
          const state = await window.mpviz.run();
          return { verdict: state.verdict, engine: state.engine, ms: performance.now() - t };
        } catch (error) {
          return {
            error: String(error?.message ?? error).split('\n')[0],
            ms: performance.now() - t,
          };
        }
      },
      { scenario, start: values.start },
    );
    slowest = Math.max(slowest, r.ms);
    if (r.error !== undefined) {
      const key = r.error.replace(/\d+/g, 'N');
      errors[key] = (errors[key] ?? 0) + 1;
      bad++;
    } else {
      if (r.engine !== 'workers-free') throw new Error(`ran on ${r.engine}, not workers-free`);
      verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
      if (r.verdict === 'hang') bad++;
    }
  }
  console.log(
    `free ${values.start} scenario ${scenario}: ${runs} runs in ${((Date.now() - t0) / 1000).toFixed(0)} s (slowest ${slowest.toFixed(0)} ms); verdicts ${JSON.stringify(verdicts)}; internal errors ${JSON.stringify(errors)}`,
  );
}
await browser.close();
process.exit(bad > 0 ? 1 : 0);
