/**
 * Real docs sites (issue 16): a Sphinx project with the `.. mpviz::`
 * extension and an MkDocs site with the recipe of docs/embedding.md, built by
 * e2e/sites/build.mjs with the real generators (Debian's Sphinx 5.3 and
 * MkDocs 1.4.2), pinned to the versioned release (scripts/release.mjs), and
 * served with no headers at all, then with the documented CSP.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Frame, type Page } from '@playwright/test';
import type { MpvizState } from '../app/api';
import {
  CSP_SITES_ORIGIN,
  MPVIZ_VERSION,
  RELEASE_ORIGIN,
  RELEASE_URL,
  SITES_ORIGIN,
} from './ports';

type Site = 'sphinx' | 'mkdocs';
const PAGE: Record<Site, { index: string; drive: string }> = {
  sphinx: { index: 'index.html', drive: 'drive.html' },
  mkdocs: { index: 'index.html', drive: 'drive.html' },
};

/** Skips when a generator is missing (never under CI: build.mjs fails there). */
function needs(site: Site): void {
  const missing = new URL(`./.sites/${site}/MISSING`, import.meta.url);
  test.skip(existsSync(missing), existsSync(missing) ? readFileSync(missing, 'utf8') : '');
}

/** The CSP violations of every frame of the page, as the browser reports them. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}`),
    );
  });
}

/**
 * The violations of a page with the documented CSP, less the theme's own: the
 * inline `style="…"` attributes and `<script>` elements of the generator's
 * HTML (alabaster's hidden search box, MkDocs' `base_url` script), which the
 * browser reports against the page itself. What is left is mpviz's.
 */
async function mpvizViolations(page: Page, html: string): Promise<string[]> {
  const violations = await page.evaluate(
    () => (window as unknown as { violations: string[] }).violations,
  );
  const theme = [
    ...Array<string>(html.match(/\sstyle="/g)?.length ?? 0).fill('style-src-attr'),
    ...Array<string>(html.match(/<script>/g)?.length ?? 0).fill('script-src-elem'),
  ];
  const left = [...violations];
  for (const directive of theme) {
    const at = left.findIndex((v) => v === `${directive} inline ${page.url()}`);
    if (at >= 0) left.splice(at, 1);
  }
  return left;
}

/** The embed frames of the page (the release's embed.html), in document order. */
async function embedFrames(page: Page, count: number): Promise<Frame[]> {
  await expect
    .poll(() => page.frames().filter((f) => f.url().startsWith(`${RELEASE_URL}embed.html`)).length)
    .toBe(count);
  return page.frames().filter((f) => f.url().startsWith(`${RELEASE_URL}embed.html`));
}

async function settled(frame: Frame): Promise<MpvizState> {
  await frame.waitForFunction(() => {
    const s = window.mpviz?.getState();
    return s !== undefined && !s.running && s.verdict !== null;
  });
  return frame.evaluate(() => window.mpviz!.settled());
}

/** Isolated on real workers: the model's run on screen, confirmed by workers in lockstep. */
function expectOnWorkers(state: MpvizState): void {
  expect(state).toMatchObject({
    isolated: true,
    engine: 'model',
    confirmation: { state: 'confirmed', engine: 'workers-lockstep', events: state.stepCount },
  });
}

/** Two `<mpviz-embed>` in a row: each its own block, with a gap between them. */
async function expectTwoWithGap(page: Page): Promise<void> {
  const boxes = await page
    .locator('mpviz-embed')
    .evaluateAll((els) =>
      els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })),
    );
  expect(boxes).toHaveLength(2);
  expect(boxes[1]!.top - boxes[0]!.bottom).toBeGreaterThanOrEqual(16);
}

for (const site of ['sphinx', 'mkdocs'] as const) {
  test.describe(`a ${site === 'sphinx' ? 'Sphinx' : 'MkDocs'} site`, () => {
    test.beforeEach(() => needs(site));

    test('two embeds, pinned to the release, isolated on workers, with a gap between them', async ({
      page,
    }) => {
      await page.goto(`${SITES_ORIGIN}/${site}/${PAGE[site].index}`);
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
      await expect(page.locator(`script[src="${RELEASE_URL}mpviz-embed.js"]`)).toHaveAttribute(
        'type',
        'module',
      );
      const [first, second] = await embedFrames(page, 2);
      expect(first!.url()).toContain('scenario=1');
      expect(second!.url()).toContain('scenario=6');
      expect(await first!.evaluate(() => self.crossOriginIsolated)).toBe(true);
      const state = await settled(first!);
      expectOnWorkers(state);
      expect(state).toMatchObject({ scenario: 1, step: 171, verdict: 'raised' });
      await expect(page.locator('mpviz-embed iframe').first()).toHaveAttribute(
        'title',
        'Scenario 1: a Pool without a Manager refuses the Lock',
      );
      const version = await page.evaluate(
        () => (customElements.get('mpviz-embed') as unknown as { version: string }).version,
      );
      expect(version).toBe(MPVIZ_VERSION);
      await expectTwoWithGap(page);
      // The fallback link of the extension's markup is not shown once the element runs.
      if (site === 'sphinx') await expect(page.locator('a.mpviz-fallback').first()).toBeHidden();
    });

    test('the host drives it: a goto sent on ready lands, and the page follows the steps', async ({
      page,
    }) => {
      await page.goto(`${SITES_ORIGIN}/${site}/${PAGE[site].drive}`);
      const [frame] = await embedFrames(page, 1);
      const state = await settled(frame!);
      expectOnWorkers(state);
      expect(state.step).toBe(50);
      await expect(page.locator('output[data-mpviz-shows]')).toHaveText('step 50');
      await page.getByRole('button', { name: 'Show step 40' }).click();
      await expect(page.locator('output[data-mpviz-shows]')).toHaveText('step 40');
      expect(await frame!.evaluate(() => window.mpviz!.getState().step)).toBe(40);
    });

    test('with the documented Content-Security-Policy, the element works', async ({ page }) => {
      await recordViolations(page);
      const response = await page.goto(`${CSP_SITES_ORIGIN}/${site}/${PAGE[site].drive}`);
      expect(response!.headers()['content-security-policy']).toContain(
        `frame-src ${RELEASE_ORIGIN}`,
      );
      const [frame] = await embedFrames(page, 1);
      const state = await settled(frame!);
      expectOnWorkers(state);
      expect(state.step).toBe(50);
      await page.getByRole('button', { name: 'Show step 40' }).click();
      await expect(page.locator('output[data-mpviz-shows]')).toHaveText('step 40');
      // Nothing of mpviz's was refused: not its script, its frame, nor a style of its own.
      expect(await mpvizViolations(page, await response!.text())).toEqual([]);
    });
  });
}

test.describe('the Sphinx extension’s iframe form', () => {
  test.beforeEach(() => needs('sphinx'));

  test('a plain iframe, no script of mpviz on the page; the host file drives it', async ({
    page,
  }) => {
    await recordViolations(page);
    const response = await page.goto(`${CSP_SITES_ORIGIN}/sphinx/frame.html`);
    await expect(page.locator('script[src$="mpviz-embed.js"]')).toHaveCount(0);
    const iframe = page.locator('iframe.mpviz-frame');
    await expect(iframe).toHaveAttribute('title', 'Scenario 1 in a plain iframe');
    await expect(iframe).toHaveAttribute('allow', 'cross-origin-isolated');
    // No inline style: the extension's stylesheet removes the border.
    expect(await iframe.getAttribute('style')).toBeNull();
    expect(await iframe.evaluate((el) => getComputedStyle(el).borderTopWidth)).toBe('0px');
    const [frame] = await embedFrames(page, 1);
    const state = await settled(frame!);
    expectOnWorkers(state);
    expect(state.step).toBe(50);
    await expect(page.locator('output[data-mpviz-shows]')).toHaveText('step 50');
    await page.getByRole('button', { name: 'Show step 40' }).click();
    await expect(page.locator('output[data-mpviz-shows]')).toHaveText('step 40');
    expect(await mpvizViolations(page, await response!.text())).toEqual([]);
  });
});

test.describe('the Sphinx extension refuses what would make a bad page', () => {
  test.beforeEach(() => needs('sphinx'));

  /** Builds a one-page project with the extension; returns the exit status and stderr. */
  function sphinx(conf: string, page: string, builder = 'html') {
    const dir = mkdtempSync(join(tmpdir(), 'mpviz-sphinx-'));
    const ext = fileURLToPath(new URL('../integrations/sphinx', import.meta.url));
    writeFileSync(
      join(dir, 'conf.py'),
      `import sys\nsys.path.insert(0, ${JSON.stringify(ext)})\nextensions = ["mpviz_sphinx"]\n${conf}\n`,
    );
    writeFileSync(join(dir, 'index.rst'), `Page\n====\n\n${page}\n`);
    const out = join(dir, '_build');
    const result = spawnSync('sphinx-build', ['-q', '-W', '-b', builder, dir, out], {
      encoding: 'utf8',
    });
    return { status: result.status, stderr: result.stderr, out };
  }
  const directive = (title: string) => `.. mpviz::${title}\n   :scenario: 1\n   :step: 171\n`;
  const host = 'mpviz_host = "https://mpviz.example.org"';

  test('a directive without a title (screen readers need one)', () => {
    const { status, stderr } = sphinx(host, directive(''));
    expect(status).not.toBe(0);
    expect(stderr).toContain('1 argument(s) required, 0 supplied');
  });

  test('no pinned release in conf.py', () => {
    const { status, stderr } = sphinx('', directive(' A title'));
    expect(status).not.toBe(0);
    expect(stderr).toContain('set mpviz_host in conf.py');
  });

  test('an option out of range', () => {
    const { status, stderr } = sphinx(host, `.. mpviz:: A title\n   :scenario: 9\n`);
    expect(status).not.toBe(0);
    expect(stderr).toContain('scenario must be 1 to 6');
  });

  test('a language the embed does not speak', () => {
    const { status, stderr } = sphinx(host, `.. mpviz:: A title\n   :lang: fr\n`);
    expect(status).not.toBe(0);
    expect(stderr).toContain('lang must be en or zh-CN');
  });

  test('lang goes into the embed’s address and the app’s, as the app writes it (lang= after step)', () => {
    const page =
      `.. mpviz:: 锁\n   :scenario: 3\n   :step: 12\n   :lang: zh-CN\n   :autoplay:\n\n` +
      `.. mpviz:: A frame\n   :form: iframe\n   :lang: EN\n`;
    const html = sphinx(host, page);
    expect(html.stderr).toBe('');
    const out = readFileSync(join(html.out, 'index.html'), 'utf8');
    const app = `https://mpviz.example.org/v/${MPVIZ_VERSION}/`;
    expect(out).toContain(
      `<mpviz-embed scenario="3" step="12" lang="zh-CN" autoplay="1" title="锁" height="640px">` +
        `<a class="mpviz-fallback" href="${app}?scenario=3&amp;step=12&amp;lang=zh-CN">在 mpviz 中打开“锁”</a>`,
    );
    expect(out).toContain(`src="${app}embed.html?lang=en"`);
    const text = sphinx(host, page, 'text');
    expect(readFileSync(join(text.out, 'index.txt'), 'utf8')).toContain('在 mpviz 中打开“锁”');
  });

  test('builders other than HTML get a link to the pinned app', () => {
    const { status, stderr, out } = sphinx(host, directive(' A Pool refuses the Lock'), 'text');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const text = readFileSync(join(out, 'index.txt'), 'utf8');
    expect(text).toContain('Open “A Pool refuses the Lock” in mpviz');
    expect(text).not.toContain('mpviz-embed');
  });
});
