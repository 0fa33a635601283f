/* global window */
// Times scenario runs on real workers in Chromium (and the lock-cost ratio).
//   npm run build && npx vite preview --port 4190 &  node scripts/bench-workers.mjs [url] [runs]
// Prints, per scenario and mode, the median wall time and the verdicts seen.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://localhost:4190/';
const runs = Number(process.argv[3] ?? 5);
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage();
await page.goto(url);
await page.waitForFunction(() => window.mpviz?.version === 1);
for (const mode of ['free', 'lockstep']) {
  for (const scenario of [1, 2, 3, 4, 5, 6]) {
    const times = [];
    const verdicts = {};
    for (let i = 0; i < runs; i++) {
      const t0 = Date.now();
      const state = await page.evaluate(
        ({ scenario, mode, seed }) => {
          window.mpviz.setParams({ scenario, mode, seed });
          return window.mpviz.run();
        },
        { scenario, mode, seed: i + 1 },
      );
      times.push(Date.now() - t0);
      verdicts[state.verdict] = (verdicts[state.verdict] ?? 0) + 1;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${mode.padEnd(8)} scenario ${scenario}: median ${times[Math.floor(times.length / 2)]} ms (min ${times[0]}, max ${times.at(-1)}), verdicts ${JSON.stringify(verdicts)}`,
    );
  }
}
const cost = await page.evaluate(() => window.mpviz.measureLockCost());
console.log(
  `lock cost: ${cost.atomicsNs.toFixed(0)} ns (shared-memory lock) vs ${cost.proxyUs.toFixed(1)} us (manager round trip): ratio ${cost.ratio.toFixed(0)}`,
);
await browser.close();
