import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ComparePage } from './pages/compare-page';
import { MpvizPage } from './pages/mpviz-page';

/** Saves the whole comparison under test-results/ (and a copy in /tmp/mpviz-compare/ to look at). */
async function shoot(page: Page, name: string): Promise<void> {
  const path = `test-results/compare-${name}.png`;
  await page.screenshot({ path, fullPage: true });
  mkdirSync('/tmp/mpviz-compare', { recursive: true });
  copyFileSync(path, `/tmp/mpviz-compare/${name}.png`);
}

/** Each side's box, by its name. */
async function boxes(sides: Locator): Promise<{ x: number; y: number; width: number }[]> {
  return sides.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.left), y: Math.round(r.top + window.scrollY), width: r.width };
    }),
  );
}

const POOL = 'Pool, no Manager';
const PROCESS = 'Processes, no Manager';

test.describe('two comparisons, stepped together, at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('?compare=1,3: the refusal beside the inheritance, side by side', async ({ page }) => {
    const compare = new ComparePage(page);
    await compare.open('?compare=1,3');
    await expect(compare.sides).toHaveCount(2);
    const pool = compare.side(1, POOL, 'fork');
    const process = compare.side(3, PROCESS, 'fork');
    await expect(pool).toBeVisible();
    await expect(process).toBeVisible();
    // Side by side: one row, two columns, each wide enough for its stage.
    const [a, b] = await boxes(compare.sides);
    expect(a!.y).toBe(b!.y);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
    expect(a!.width).toBeGreaterThanOrEqual(600);

    // One Next moves both sides.
    const before = [await compare.stepOf(pool), await compare.stepOf(process)];
    await compare.next.click();
    await expect.poll(() => compare.stepOf(pool)).toBeGreaterThan(before[0]!);
    await expect.poll(() => compare.stepOf(process)).toBeGreaterThan(before[1]!);

    // The route: the task handler's refusal beside the child that inherits the same Lock.
    await compare.toRoute();
    await expect(compare.stopTitle(pool)).toHaveText('assert_spawning refuses the Lock');
    await expect(compare.stopTitle(process)).toHaveText('Process-1 is created with the Lock');
    await expect(compare.journey(pool, 'Lock')).toContainText(
      'refused when pickled for task 0 (RuntimeError)',
    );
    await expect(compare.journey(process, 'Lock')).toContainText(
      'inherited by fork into Process-1',
    );
    await expect(pool.getByRole('note')).toContainText('Lock objects should only be shared');
    await shoot(page, '1-3-1440');

    // Previous moves both back together; the arrow keys do the same.
    const at = [await compare.stepOf(pool), await compare.stepOf(process)];
    await compare.previous.click();
    await expect.poll(() => compare.stepOf(pool)).toBeLessThan(at[0]!);
    await expect.poll(() => compare.stepOf(process)).toBeLessThanOrEqual(at[1]!);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => compare.stepOf(pool)).toBe(at[0]);
    await expect.poll(() => compare.stepOf(process)).toBe(at[1]);
    // The moments are listed; a click on one goes there, on every side.
    const moments = page.getByRole('navigation', { name: 'Moments', exact: true });
    await expect(moments.getByRole('button', { name: /\(the route\)$/ })).toHaveAttribute(
      'aria-current',
      'step',
    );
    await moments.getByRole('button', { name: /^Moment 1:/ }).click();
    await expect(compare.position).toContainText('moment 1 of');
    await expect.poll(() => compare.stepOf(pool)).toBe(before[0]);
  });

  test('?compare=fork,spawn: scenario 1 under each start method, refused the same way', async ({
    page,
  }) => {
    const compare = new ComparePage(page);
    await compare.open('?compare=fork,spawn');
    await expect(compare.sides).toHaveCount(2);
    const fork = compare.side(1, POOL, 'fork');
    const spawn = compare.side(1, POOL, 'spawn');
    await compare.toRoute();
    await expect(compare.stopTitle(fork)).toHaveText('assert_spawning refuses the Lock');
    await expect(compare.stopTitle(spawn)).toHaveText('assert_spawning refuses the Lock');
    await expect(compare.journey(fork, 'Lock')).toContainText('forked before it existed');
    await expect(compare.journey(spawn, 'Lock')).toContainText('started before it existed');
    const [a, b] = await boxes(compare.sides);
    expect(a!.y).toBe(b!.y);
    await shoot(page, 'fork-spawn-1440');
  });

  test('a composed scenario under each start method: module globals, inherited or None', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await new MpvizPage(page).open();
    const document: unknown = JSON.parse(readFileSync('docs/scenarios/globals-39.json', 'utf8'));
    const doc = await page.evaluate(async (d) => {
      await window.mpviz!.setDocument(d);
      return new URLSearchParams(window.location.search).get('doc')!;
    }, document);
    const compare = new ComparePage(page);
    await compare.open(`?doc=${doc}&compare=fork,spawn`);
    await expect(compare.sides).toHaveCount(2);
    const title = 'Lock and queue as module globals';
    await expect(compare.side(39, title, 'fork')).toBeVisible();
    await expect(compare.side(39, title, 'spawn')).toBeVisible();
    // The moment the two differ: fork's workers inherit the globals, spawn's start without.
    await expect(
      page.getByRole('button', {
        name: /The workers inherit the globals \| The workers start without the globals/,
      }),
    ).toBeVisible();
    expect(errors).toEqual([]);
    await shoot(page, 'composed-fork-spawn-1440');
  });

  test('?compare=fork,spawn,forkserver: three sides, the third below the first two', async ({
    page,
  }) => {
    const compare = new ComparePage(page);
    await compare.open('?scenario=3&compare=fork,spawn,forkserver');
    await expect(compare.sides).toHaveCount(3);
    const [a, b, c] = await boxes(compare.sides);
    expect(a!.y).toBe(b!.y);
    expect(c!.y).toBeGreaterThan(a!.y);
    await compare.toRoute();
    await expect(compare.journey(compare.side(3, PROCESS, 'spawn'), 'Lock')).toContainText(
      'reopened by name in Process-1 (pickled while spawning)',
    );
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('the page links to both comparisons, and back', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open('?scenario=1&seed=3');
    const links = page.getByRole('navigation', { name: 'Compare', exact: true });
    await links.getByRole('link', { name: 'with scenario 3' }).click();
    await expect(page).toHaveURL(/[?&]compare=1,3(&|$)/);
    await expect(page).toHaveURL(/[?&]seed=3(&|$)/);
    const compare = new ComparePage(page);
    await expect(compare.sides).toHaveCount(2);
    await page.getByRole('link', { name: 'Back to one walkthrough' }).click();
    await expect(mpviz.walkthrough).toBeVisible();
    await expect(page).not.toHaveURL(/compare=/);
    await page
      .getByRole('navigation', { name: 'Compare', exact: true })
      .getByRole('link', { name: 'start methods' })
      .click();
    await expect(page).toHaveURL(/[?&]compare=fork,spawn,forkserver(&|$)/);
    await expect(compare.sides).toHaveCount(3);
  });

  test('a value that cannot be compared: a notice, and one walkthrough as usual', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    for (const [search, why] of [
      ['?compare=1,9', '“9” is not a scenario (1–6)'],
      ['?os=windows&compare=fork,spawn', 'Windows has no “fork” start method'],
      [`?compare=${'1,'.repeat(500)}`, 'longer than a comparison can be'],
    ] as const) {
      await mpviz.open(search);
      await expect(mpviz.notice(/cannot be compared/)).toContainText(why);
      await expect(mpviz.notice(/cannot be compared/)).toContainText('Showing one walkthrough.');
      // Bounded: one notice, a line or two, and nothing else changed.
      expect((await mpviz.notice(/cannot be compared/).innerText()).length).toBeLessThan(240);
      await expect(mpviz.notices.getByRole('listitem')).toHaveCount(1);
      await expect(mpviz.walkthrough).toBeVisible();
      await expect(new ComparePage(page).sides).toHaveCount(0);
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the comparison passes axe (${colorScheme})`, async ({ page }) => {
      // Axe over two whole walkthroughs takes a while on a busy 2-core machine.
      test.slow();
      await page.emulateMedia({ colorScheme });
      const compare = new ComparePage(page);
      await compare.open('?compare=1,3');
      await compare.toRoute();
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
      ).toEqual([]);
    });
  }
});

test.describe('two comparisons on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const [search, name] of [
    ['?compare=1,3', '1-3-390'],
    ['?compare=fork,spawn', 'fork-spawn-390'],
  ] as const) {
    test(`${search}: the sides stack, the controls stay at hand`, async ({ page }) => {
      const compare = new ComparePage(page);
      await compare.open(search);
      const [a, b] = await boxes(compare.sides);
      expect(b!.y).toBeGreaterThan(a!.y);
      expect(a!.width).toBeLessThanOrEqual(390);
      await compare.toRoute();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // Scrolled to the second side, Next is still on screen.
      await compare.sides.nth(1).scrollIntoViewIfNeeded();
      await expect(compare.next).toBeInViewport();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot(page, name);
    });
  }
});

test.describe('the embed', () => {
  test.use({ viewport: { width: 800, height: 900 } });

  test('accepts compare= too', async ({ page }) => {
    await page.goto('/embed.html?compare=1,3');
    const compare = new ComparePage(page);
    await expect(compare.position).toContainText(/moment 1 of \d+/, { timeout: 30_000 });
    await expect(compare.sides).toHaveCount(2);
    await expect(compare.side(1, POOL, 'fork')).toBeVisible();
    await compare.toRoute();
    await expect(compare.stopTitle(compare.side(1, POOL, 'fork'))).toHaveText(
      'assert_spawning refuses the Lock',
    );
  });
});
