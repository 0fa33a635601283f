/**
 * Response headers: every response of the app's server carries the isolation
 * headers, a Content-Security-Policy, X-Content-Type-Options and
 * Referrer-Policy; the embed may be framed by any site (its policy has no
 * frame-ancestors), the app only by
 * itself; and both engines run under the policy without one violation (in
 * the page, in the embed's frame, or in a worker, whose run would fail).
 */
import { readdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { APP_ORIGIN, HOST_ORIGIN } from './ports';
import { EmbedHost } from './pages/embed-host';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Collects every CSP violation of every frame of the page (and what the console says of them). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

async function violationsIn(page: Page): Promise<string[]> {
  const all: string[] = [];
  for (const frame of page.frames()) {
    if (!frame.url().startsWith('http')) continue;
    all.push(...(await frame.evaluate(() => window.cspViolations ?? [])));
  }
  return all;
}

// A worker script of the build: the free-mode process worker.
const workerAsset = readdirSync(new URL('../dist/assets', import.meta.url)).find((f) =>
  /^free-worker.*\.js$/.test(f),
);

test('every response carries the isolation and security headers; one policy per path', async ({
  request,
}) => {
  expect(workerAsset).toBeDefined();
  for (const [path, framing] of [
    ['/', "frame-ancestors 'self'"],
    ['/index.html', "frame-ancestors 'self'"],
    ['/embed.html', null],
    [`/assets/${workerAsset}`, null],
    ['/mpviz-embed.js', null],
  ] as const) {
    const response = await request.get(`${APP_ORIGIN}${path}`);
    expect(response.status(), path).toBe(200);
    const h = response.headers();
    expect(h['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(h['cross-origin-embedder-policy'], path).toBe('require-corp');
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('no-referrer');
    const csp = h['content-security-policy'] ?? '';
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "worker-src 'self'",
      "object-src 'none'",
    ]) {
      expect(csp, path).toContain(directive);
    }
    expect(csp, path).not.toContain('unsafe');
    if (framing === null) expect(csp, path).not.toContain('frame-ancestors');
    else expect(csp, path).toContain(framing);
  }
});

test('both engines run in the app with no CSP violation', async ({ page }) => {
  const console = await watchViolations(page);
  await page.goto(`${APP_ORIGIN}/?scenario=2`);
  await page.waitForFunction(() => window.mpviz?.version === 1);
  for (const mode of ['lockstep', 'free'] as const) {
    const state = await page.evaluate(async (m) => {
      window.mpviz!.setParams({ mode: m });
      await window.mpviz!.run();
      // Lockstep shows the model's run at once; the workers' run confirms it.
      return window.mpviz!.settled();
    }, mode);
    if (mode === 'lockstep') {
      expect(state.engine).toBe('model');
      expect(state.confirmation).toMatchObject({
        state: 'confirmed',
        engine: 'workers-lockstep',
      });
    } else {
      expect(state.engine).toBe('workers-free');
    }
    expect(['successful', 'fails']).toContain(state.verdict);
  }
  // The walkthrough's stage, animations included.
  await page.evaluate(() => window.mpviz!.goto(40));
  await page.getByRole('button', { name: 'Next step', exact: true }).click();
  expect(await violationsIn(page)).toEqual([]);
  expect(console).toEqual([]);
});

test('a docs site can frame the embed, which runs with no CSP violation', async ({ page }) => {
  const console = await watchViolations(page);
  const host = new EmbedHost(page);
  await host.open('isolated', '?scenario=1&mode=free');
  const state = await host.settled();
  expect(state).toMatchObject({ engine: 'workers-free', verdict: 'raised' });
  expect(await violationsIn(page)).toEqual([]);
  expect(console).toEqual([]);
});

test('another site cannot frame the app', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/frame-ancestors/.test(m.text())) refused.push(m.text());
  });
  await page.goto(`${HOST_ORIGIN}/iframe.html?src=${encodeURIComponent(`${APP_ORIGIN}/`)}`);
  // Chromium replaces a refused frame's document with its error page.
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  const app = page.frames().find((f) => f.url().startsWith(APP_ORIGIN));
  expect(app === undefined || (await app.evaluate(() => window.mpviz === undefined))).toBe(true);
});
