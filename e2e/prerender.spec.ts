/**
 * The build's prerendered first screen (app/prerender): `/` hydrates the HTML
 * the build wrote (the very elements the browser laid out while the scripts
 * loaded become React's), and an address that shows anything else never
 * shows that HTML: it is removed before React renders.
 */
import { expect, test, type Page } from '@playwright/test';
import { PLAIN_ORIGIN } from './ports';
import { MpvizPage } from './pages/mpviz-page';

declare global {
  interface Window {
    /** The prerendered narration, as the HTML parser made it (before any script ran). */
    __prerenderedNarration?: Element | null;
    /** Whether any frame showed the prerendered HTML before it was hydrated. */
    __prerenderShown?: boolean;
  }
}

/** Keeps what the parser made of `#root`, and watches every frame until the page is React's. */
async function watchPrerender(page: Page): Promise<string[]> {
  await page.addInitScript(() => {
    window.__prerenderShown = false;
    const observer = new MutationObserver(() => {
      const narration = document.querySelector('#root [aria-label="Narration"]');
      if (narration) {
        window.__prerenderedNarration = narration;
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    // A frame is where the page is painted (after its stylesheets, which block rendering).
    const frame = () => {
      const root = document.getElementById('root');
      if (root?.hasAttribute('data-prerendered')) {
        if (getComputedStyle(root).visibility !== 'hidden') window.__prerenderShown = true;
        requestAnimationFrame(frame);
      } else if (root === null) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

const prerendered = (page: Page) =>
  page.evaluate(() => ({
    parsed: window.__prerenderedNarration != null,
    shownBeforeHydration: window.__prerenderShown ?? null,
    kept: window.__prerenderedNarration?.isConnected ?? false,
    marked: document.getElementById('root')?.hasAttribute('data-prerendered') ?? null,
  }));

test('/ hydrates the prerendered first screen: the same elements, no mismatch, no CSP refusal', async ({
  page,
}) => {
  const problems = await watchPrerender(page);
  const mpviz = new MpvizPage(page);
  const state = await mpviz.open();
  expect(state).toMatchObject({ scenario: 1, verdict: 'raised' });
  expect(await prerendered(page)).toEqual({
    parsed: true,
    shownBeforeHydration: false,
    kept: true,
    marked: false,
  });
  await expect(mpviz.narration).toBeVisible();
  await expect(mpviz.nextStep).toBeEnabled();
  // What only this tab knows is said once hydrated: the model's time in it.
  await expect(mpviz.engineLine).toContainText(/computed in this tab in \d/);
  expect(problems).toEqual([]);
  // Hydrated, it is the page: a step forward works.
  const before = state.step;
  await mpviz.nextStep.click();
  await expect.poll(async () => (await mpviz.state()).step).toBeGreaterThan(before);
});

for (const search of ['?scenario=2', '?scenario=1&step=80', '?scenario=1&start=spawn']) {
  test(`${search} never shows the prerendered default: it is removed before React renders`, async ({
    page,
  }) => {
    const problems = await watchPrerender(page);
    const mpviz = new MpvizPage(page);
    const state = await mpviz.open(search);
    expect(await prerendered(page)).toEqual({
      parsed: true,
      shownBeforeHydration: false,
      kept: false,
      marked: false,
    });
    const asked = new URLSearchParams(search);
    expect(state.scenario).toBe(Number(asked.get('scenario')));
    if (asked.has('step')) expect(state.step).toBe(Number(asked.get('step')));
    expect(problems).toEqual([]);
  });
}

test('a page without cross-origin isolation renders its own first screen (it says so)', async ({
  page,
}) => {
  const problems = await watchPrerender(page);
  const mpviz = new MpvizPage(page);
  await page.goto(`${PLAIN_ORIGIN}/`);
  await expect(mpviz.engineLine).toHaveAttribute('data-isolated', 'false');
  await expect(mpviz.nextStep).toBeEnabled();
  expect((await prerendered(page)).kept).toBe(false);
  expect(problems).toEqual([]);
});
