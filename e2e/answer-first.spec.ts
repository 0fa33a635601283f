/**
 * "Answer first": the page arrives already run, on one screen, and says at
 * once why the Pool fails. These tests open the page as a learner from a
 * search engine would (no click, no scroll) and write the screenshots the
 * issue asks for under test-results/answer-first-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MpvizPage } from './pages/mpviz-page';

const REFUSAL = '?scenario=1&start=fork&call=map&seed=1&step=171';
const LOCK_ERROR = 'Lock objects should only be shared between processes through inheritance';

const scrollY = (page: Page) => page.evaluate(() => window.scrollY);

test.describe('at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('/ arrives already run, with the step controls and the narration on the first screen', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const state = await mpviz.open();
    expect(state).toMatchObject({ scenario: 1, verdict: 'raised' });
    // Where the story starts, not at the end.
    expect(state.step).toBeGreaterThan(0);
    expect(state.step).toBeLessThan(state.stepCount);
    await expect(mpviz.nextStep).toBeEnabled();
    await expect(mpviz.nextStep).toBeInViewport({ ratio: 1 });
    await expect(mpviz.narration).toBeInViewport();
    expect(await scrollY(page)).toBe(0);
    // The controls' bottom edge is within the first screen.
    const controls = await mpviz.box(page.getByRole('group', { name: 'Timeline', exact: true }));
    expect(controls.y + controls.height).toBeLessThanOrEqual(900);
    // The verdict says where and why, in one line, on the first screen.
    await expect(mpviz.verdict).toBeInViewport();
    await expect(mpviz.verdict).toContainText(
      'The Pool’s task handler (Thread-2 (_handle_tasks) of MainProcess) could not pickle task 0',
    );
    // Nothing is clipped sideways.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('the refusal step opens exactly there, with the refusal and the Lock in view', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const state = await mpviz.open(REFUSAL);
    expect(state.step).toBe(171);
    expect(await scrollY(page)).toBe(0);
    const stage = page.getByRole('region', { name: 'Processes and the kernel', exact: true });
    const refusal = stage.getByText(LOCK_ERROR).first();
    await expect(refusal).toBeInViewport();
    await expect(stage.getByRole('group', { name: /^Lock\b/ }).first()).toBeInViewport();
    await expect(mpviz.narration).toContainText('Task 0 does not pickle');
    await page.screenshot({ path: 'test-results/answer-first-refusal-1440.png' });
  });

  test('Copy link carries every setting and the step, and opens there in a fresh tab', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const mpviz = new MpvizPage(page);
    await mpviz.open('?scenario=2&seed=3');
    await mpviz.gotoStep(40);
    await mpviz.share.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).search).toBe(
      '?scenario=2&start=fork&os=linux&py=3.12&call=map&seed=3&mode=lockstep&step=40&lang=en',
    );
    const fresh = new MpvizPage(await context.newPage());
    await fresh.page.setViewportSize({ width: 1440, height: 900 });
    await fresh.page.goto(link);
    await fresh.page.waitForFunction(() => window.mpviz?.getState().stepCount);
    expect(await fresh.state()).toMatchObject({ scenario: 2, seed: 3, step: 40 });
    await expect(fresh.narration).toBeInViewport();
    expect(await scrollY(fresh.page)).toBe(0);
  });

  test('changing a setting runs again at once', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    await mpviz.scenario.selectOption('3');
    await page.waitForFunction(() => {
      const s = window.mpviz!.getState();
      return s.scenario === 3 && !s.running && s.verdict !== null;
    });
    await expect(mpviz.verdict).toContainText('All 10 items arrived, in order.');
    expect(new URL(page.url()).searchParams.get('scenario')).toBe('3');
  });

  test('“fails” with every item there says only their order differs, and links to why', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open('?scenario=2');
    await expect(mpviz.verdict).toContainText('All 10 items arrived; only their order differs');
    await mpviz.verdict.getByRole('button', { name: 'Why the order varies' }).click();
    const tab = page.getByRole('tab', { name: 'Run it 100 times', exact: true });
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(tab).toBeFocused();
    await expect(page.getByRole('tabpanel', { name: 'Run it 100 times' })).toContainText(
      'Why the order varies',
    );
  });

  test('the code panel and the stage keep their place from step to step', async ({ page }) => {
    test.setTimeout(120_000);
    const mpviz = new MpvizPage(page);
    for (const search of ['?scenario=1', '?scenario=6', '?scenario=3&start=spawn']) {
      await mpviz.open(search);
      await mpviz.firstStep.click();
      const stage = page.getByRole('region', { name: 'Processes and the kernel', exact: true });
      const first = { code: await mpviz.box(mpviz.code), stage: await mpviz.box(stage) };
      for (let i = 0; i < 15 && (await mpviz.nextStep.isEnabled()); i += 1) {
        await mpviz.next();
        expect(await mpviz.box(mpviz.code)).toEqual(first.code);
        expect(await mpviz.box(stage)).toEqual(first.stage);
      }
    }
  });

  test('the first screen passes axe, in light and in dark', async ({ page }) => {
    // Axe alone takes most of 30 s on a busy 2-core machine.
    test.setTimeout(180_000);
    const mpviz = new MpvizPage(page);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await mpviz.open(REFUSAL);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(serious.map((v) => `${colorScheme} ${v.id}: ${v.help}`)).toEqual([]);
    }
  });
});

test.describe('at 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  // Where the story starts (a worker acting, low in the story) and the refusal (the parent's card).
  for (const [what, search] of [
    ['where the story starts', ''],
    ['the refusal', REFUSAL],
  ] as const) {
    test(`${what}: the narration and the acting process's card are on the first screen, above the controls`, async ({
      page,
    }) => {
      const mpviz = new MpvizPage(page);
      await mpviz.open(search);
      expect(await scrollY(page)).toBe(0);
      await expect(mpviz.narration).toBeInViewport({ ratio: 1 });
      const stage = page.getByRole('region', { name: 'Processes and the kernel', exact: true });
      const controls = await mpviz.box(page.getByRole('group', { name: 'Timeline', exact: true }));
      const acting = await mpviz.box(stage.locator('.story-card[data-current]').first());
      const shown = await mpviz.box(stage);
      // The stage's box shows the acting card's head, and the sticky controls cover none of it.
      expect(acting.y).toBeGreaterThanOrEqual(shown.y);
      expect(acting.y + 40).toBeLessThanOrEqual(Math.min(controls.y, shown.y + shown.height));
      expect(controls.y - shown.y).toBeGreaterThanOrEqual(200);
    });
  }

  test('the narration and the stage of the step are on the first screen', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open(REFUSAL);
    expect(await scrollY(page)).toBe(0);
    await expect(mpviz.narration).toBeInViewport({ ratio: 1 });
    const stage = page.getByRole('region', { name: 'Processes and the kernel', exact: true });
    await expect(stage).toBeInViewport();
    await expect(mpviz.nextStep).toBeInViewport({ ratio: 1 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-results/answer-first-refusal-390.png' });
    // The explanation is one tap away.
    await mpviz.verdict.getByRole('button', { name: 'Why?' }).click();
    await expect(mpviz.verdict).toContainText('could not pickle task 0');
  });

  for (const lang of ['en', 'zh-CN']) {
    test(`the engine line says all it says in its two lines (${lang})`, async ({ page }) => {
      const mpviz = new MpvizPage(page);
      await mpviz.goto(`?lang=${lang}`);
      await page.waitForFunction(() => (window.mpviz?.getState().stepCount ?? 0) > 0);
      await expect(mpviz.engineLine).toHaveAttribute('data-confirmation', 'confirmed');
      const cut = await mpviz.engineLine.evaluate((el) => el.scrollHeight - el.clientHeight);
      expect(cut).toBeLessThanOrEqual(1);
    });
  }

  test('passes axe', async ({ page }) => {
    test.setTimeout(90_000);
    const mpviz = new MpvizPage(page);
    await mpviz.open(REFUSAL);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

test.describe('the embed', () => {
  for (const [width, height] of [
    [800, 640],
    [400, 640],
  ] as const) {
    test(`at ${width}×${height} shows the story of the step, nothing covered`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto(`/embed.html${REFUSAL}`);
      await page.waitForFunction(() => window.mpviz?.getState().stepCount);
      const stage = page.getByRole('region', { name: 'Processes and the kernel', exact: true });
      await expect(stage).toBeVisible();
      const refusal = stage.getByText(LOCK_ERROR).first();
      await refusal.scrollIntoViewIfNeeded();
      await expect(refusal).toBeInViewport();
      // The step controls cover nothing: whatever is above them ends where they start.
      const controls = await page
        .getByRole('group', { name: 'Timeline', exact: true })
        .boundingBox();
      const note = await refusal.boundingBox();
      expect(controls && note && note.y + note.height <= controls.y).toBe(true);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      if (width === 800) await page.screenshot({ path: 'test-results/answer-first-embed-800.png' });
    });
  }
});
