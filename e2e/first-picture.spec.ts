/**
 * The first picture is built into index.html (app/prerender.tsx): a learner
 * sees the walkthrough before the app's scripts have run, and the tab then
 * takes that markup over (hydration) without redrawing or moving it. An
 * address with other settings never shows it; a click on it before the app
 * has loaded is played back, not lost.
 */
import { expect, test, type Page } from '@playwright/test';
import { MpvizPage } from './pages/mpviz-page';

interface Viewport {
  readonly width: number;
  readonly height: number;
}

/** How the page's first picture was drawn (app/main.tsx), or null if it was not built into the page. */
const firstPicture = (page: Page) =>
  page.evaluate(() => (window as { __mpvizFirstPicture?: string }).__mpvizFirstPicture ?? null);

/** What must not move when the tab takes the picture over, by accessible name. */
const STEADY = ['Narration', 'Code', 'Walkthrough'] as const;

async function steadyBoxes(mpviz: MpvizPage): Promise<Record<string, string>> {
  const boxes: Record<string, string> = {};
  const add = async (name: string, locator: ReturnType<Page['locator']>) => {
    const { x, y, width, height } = await mpviz.box(locator);
    boxes[name] = [x, y, width, height].map(Math.round).join(',');
  };
  for (const name of STEADY) {
    await add(name, mpviz.page.getByRole('region', { name, exact: true }));
  }
  await add('Next step', mpviz.nextStep);
  await add('Verdict', mpviz.verdict);
  await add('Timeline', mpviz.page.getByRole('group', { name: 'Timeline', exact: true }));
  return boxes;
}

/**
 * Holds the app's entry script back (until `release`), so the page stays as
 * built: what app/first-paint.ts has done, and nothing of the app.
 */
async function holdApp(page: Page): Promise<{ release: () => void }> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/main-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return { release };
}

const appStarted = (page: Page) => page.evaluate(() => 'mpviz' in window);

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] satisfies Viewport[]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the built page already shows the walkthrough, its narration and step controls', async ({
      context,
      page,
    }) => {
      const built = new MpvizPage(await context.newPage());
      await holdApp(built.page);
      await built.page.goto('/');
      await expect(built.narration).toBeInViewport();
      await expect(built.narration).toContainText('The workers start before the Lock exists');
      await expect(built.nextStep).toBeEnabled();
      await expect(built.nextStep).toBeInViewport();
      await expect(built.verdict).toContainText('RuntimeError');
      // It says where it came from: the build, not this tab.
      await expect(built.engineLine).toContainText('computed when this page was built');
      await built.page.screenshot({
        path: `test-results/first-picture-built-${viewport.width}.png`,
      });
      expect(await appStarted(built.page)).toBe(false);
      const builtBoxes = await steadyBoxes(built);
      await built.page.close();

      // The tab runs the same settings and hydrates the markup: same nodes, same places.
      await page.addInitScript(() => {
        new MutationObserver((_, observer) => {
          const narration = document.querySelector('[aria-label="Narration"]');
          if (!narration) return;
          (window as unknown as { builtNarration: Element }).builtNarration = narration;
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const live = new MpvizPage(page);
      await live.open();
      expect(await firstPicture(page)).toBe('hydrated');
      expect(
        await page.evaluate(
          () =>
            (window as unknown as { builtNarration: Element }).builtNarration ===
            document.querySelector('[aria-label="Narration"]'),
        ),
        'the narration is the built node, not a new one',
      ).toBe(true);
      expect(errors).toEqual([]);
      await expect(live.engineLine).not.toContainText('computed when this page was built');
      expect(await steadyBoxes(live)).toEqual(builtBoxes);
    });
  });
}

test('an address with other settings never shows the built picture', async ({ page }) => {
  const { release } = await holdApp(page);
  const mpviz = new MpvizPage(page);
  await page.goto('/?scenario=3', { waitUntil: 'domcontentloaded' });
  // Never shown (app/first-paint.ts, page.css), so scenario 1 never flashes.
  await expect(page.locator('#root')).toHaveAttribute('data-prerendered');
  await expect(page.locator('#root')).not.toHaveAttribute('data-shown');
  await expect(mpviz.narration).toBeHidden();
  release();
  const state = await mpviz.open('?scenario=3');
  expect(state.scenario).toBe(3);
  await expect(mpviz.narration).toBeVisible();
  await expect(mpviz.narration).not.toContainText('The workers start before the Lock exists');
  await expect(page.locator('#root')).not.toHaveAttribute('data-prerendered');
  expect(await firstPicture(page)).toBeNull();
});

test('a click on the built picture before the app has loaded is played back', async ({
  page,
  context,
}) => {
  // Where one Next from the start of the story leads, on a page loaded as usual.
  const reference = new MpvizPage(await context.newPage());
  const landing = (await reference.open()).step;
  const afterNext = await reference.next();
  expect(afterNext).toBeGreaterThan(landing);
  await reference.page.close();

  const { release } = await holdApp(page);
  const mpviz = new MpvizPage(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await expect(mpviz.nextStep).toBeEnabled();
  await mpviz.nextStep.click();
  expect(await appStarted(page)).toBe(false);
  release();
  await expect.poll(() => firstPicture(page)).toBe('hydrated');
  await expect.poll(() => mpviz.step()).toBe(afterNext);
});
