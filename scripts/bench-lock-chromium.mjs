/* global window */
// The free-mode lock in Chromium, side by side: the lock-cost measurement of
// each build given (e.g. the one before a change and the one after), in one
// browser, alternating, several passes.
//   npx vite build --outDir /tmp/a && npx vite preview --outDir /tmp/a --port 4411 &
//   node scripts/bench-lock-chromium.mjs http://localhost:4411/ [http://localhost:4412/ …]
// Prints, per build, the median ns per uncontended acquire+release, the median
// ns of a bare Atomics.compareExchange pair timed in the same worker (when the
// build measures it), and their ratio.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const urls = process.argv.slice(2);
const passes = 5;
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const pages = [];
for (const url of urls) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.mpviz?.version === 1);
  pages.push(page);
}
const seen = urls.map(() => ({ lock: [], bare: [] }));
for (let p = 0; p < passes; p++) {
  for (const [i, page] of pages.entries()) {
    const cost = await page.evaluate(() => window.mpviz.measureLockCost());
    seen[i].lock.push(cost.atomicsNs);
    if (cost.baselineNs !== undefined) seen[i].bare.push(cost.baselineNs);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [i, url] of urls.entries()) {
  const lock = median(seen[i].lock);
  const bare = seen[i].bare.length > 0 ? median(seen[i].bare) : null;
  console.log(
    `${url}: lock ${lock.toFixed(1)} ns per acquire+release` +
      (bare === null
        ? ' (this build does not time a bare compareExchange pair)'
        : `, bare compareExchange pair ${bare.toFixed(1)} ns, ratio ${(lock / bare).toFixed(2)}`),
  );
}
if (urls.length === 2)
  console.log(`second / first: ${(median(seen[1].lock) / median(seen[0].lock)).toFixed(2)}`);
await browser.close();
