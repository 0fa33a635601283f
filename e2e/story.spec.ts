import { copyFileSync, mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { MpvizPage } from './pages/mpviz-page';
import { StoryPanel } from './pages/story-panel';

/** Saves the stage under test-results/ (and a copy in /tmp/mpviz-story/ to look at). */
async function shoot(story: StoryPanel, name: string): Promise<void> {
  const path = `test-results/story-${name}.png`;
  await story.region.scrollIntoViewIfNeeded();
  await story.region.screenshot({ path });
  mkdirSync('/tmp/mpviz-story', { recursive: true });
  copyFileSync(path, `/tmp/mpviz-story/${name}.png`);
}

/** Opens an address and shows `step` of its run (running it first if the page has not). */
async function openAt(page: Page, search: string, step?: number): Promise<MpvizPage> {
  const mpviz = new MpvizPage(page);
  await mpviz.goto(search);
  let state = await mpviz.state();
  if (state.stepCount === 0 || state.running) state = await mpviz.run();
  if (step !== undefined && state.step !== step) await mpviz.gotoStep(step);
  if (step !== undefined) await expect.poll(() => mpviz.step()).toBe(step);
  return mpviz;
}

/** Clicks Next and waits until the step has moved on (skipping a checkpoint's question). */
function next(mpviz: MpvizPage): Promise<number> {
  return mpviz.next();
}

const REFUSAL =
  'RuntimeError: Lock objects should only be shared between processes through inheritance';

test.describe('the story view at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('scenario 1, step 171: the refusal on the task handler, the Lock it could not pickle', async ({
    page,
  }) => {
    await openAt(page, '?scenario=1&start=fork&call=map&seed=1&step=171', 171);
    const story = new StoryPanel(page);
    await story.expectStory();
    const main = story.card('MainProcess');
    await expect(story.refusal).toBeVisible();
    await expect(story.refusal).toContainText(REFUSAL);
    await expect(main.getByRole('listitem').filter({ has: page.getByRole('note') })).toContainText(
      'Thread-2 (_handle_tasks)',
    );
    const lock = story.object('Lock');
    await expect(lock).toBeVisible();
    await expect(lock).toContainText('Refused');
    // The refusal is at least 13 px, and both it and the Lock are on the first screen.
    const size = await story.refusal.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(13);
    for (const n of [1, 2, 3])
      await expect(story.holdings(`ForkPoolWorker-${n}`).first()).toHaveText(
        'no Lock (made after this process)',
      );
    await shoot(story, 'refusal-1440');
  });

  test('scenario 3: a forked child inherits the one Lock; a spawned one opens it by name', async ({
    page,
  }) => {
    for (const [start, how] of [
      ['fork', 'Lock: inherited (fork)'],
      ['spawn', 'Lock: opened by name'],
    ] as const) {
      const mpviz = await openAt(page, `?scenario=3&start=${start}`);
      const step = await page.evaluate(() => {
        const events = window.mpviz!.getTrace()!.events;
        const main = events[0]!.pid;
        return (
          events.findIndex(
            (e) => e.kind === 'var.set' && e.pid !== main && e.name === 'the_job:lock',
          ) + 1
        );
      });
      await mpviz.gotoStep(step);
      const story = new StoryPanel(page);
      const child = 'Process-1'; // mp.Process children, under every start method
      await expect(story.holdings(child).first()).toHaveText(how);
      await expect(story.holdings('MainProcess').first()).toHaveText('Lock: created here');
      // Two holders, one object.
      await expect(story.object('Lock')).toContainText(`Held by: MainProcess, ${child}.`);
      await shoot(story, `scenario-3-${start}`);
    }
  });

  test('Next asks before it passes an unanswered checkpoint; skipping is explicit, by keyboard too', async ({
    page,
  }) => {
    const mpviz = await openAt(page, '?scenario=1&start=fork&call=map&seed=1');
    const ask = (await mpviz.stepOfEvent('pickle.refused', 'task 0')) - 2;
    await mpviz.gotoStep(ask - 1);
    await mpviz.nextStep.click();
    await expect.poll(() => mpviz.step()).toBe(ask);
    // At the checkpoint Next does not move: it asks, with the question in the focus.
    await mpviz.nextStep.click();
    const question = mpviz.narration.getByRole('group', { name: /Will this task pickle\?/ });
    const skip = question.getByRole('button', { name: 'Skip this question', exact: true });
    await expect(skip).toBeVisible();
    await expect(question).toBeFocused();
    await expect(question).toContainText('Next waits for your answer.');
    expect(await mpviz.step()).toBe(ask);
    const axe = await new AxeBuilder({ page }).include('section.narration').analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // The arrow key asks the same, and the skip is a Tab or three away.
    await page.keyboard.press('ArrowRight');
    expect(await mpviz.step()).toBe(ask);
    await page.keyboard.press('Tab');
    await expect(question.getByRole('button', { name: 'Yes, it pickles' })).toBeFocused();
    await skip.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => mpviz.step()).toBe(ask + 2);
    // The answer is still revealed, without a verdict on a prediction never made.
    await expect(mpviz.narration).toContainText('does not pickle');
    await expect(mpviz.narration).not.toContainText('Not this time.');
    // Skipped once, it no longer holds Next.
    await mpviz.gotoStep(ask);
    await expect(mpviz.narration).toContainText('You skipped this question.');
    await mpviz.nextStep.click();
    await expect.poll(() => mpviz.step()).toBeGreaterThan(ask);
  });

  test('Play from the first step stops at the first checkpoint', async ({ page }) => {
    const mpviz = await openAt(page, '?scenario=1&start=fork&call=map&seed=1');
    const first = await page.evaluate(() => {
      const events = window.mpviz!.getTrace()!.events;
      return events.findIndex((e) => e.kind === 'process.start' && e.birth === 'fork');
    });
    await mpviz.firstStep.click();
    await mpviz.speed.selectOption('4');
    await mpviz.playButton.click();
    await expect(mpviz.narration).toContainText('Will ForkPoolWorker-1 have the script’s lock', {
      timeout: 30_000,
    });
    await expect(mpviz.playButton).toBeVisible();
    expect(await mpviz.step()).toBe(first);
  });

  test('the checkpoint fits the narration column at 1440×900, its answers on screen', async ({
    page,
  }) => {
    const mpviz = await openAt(page, '?scenario=1&start=fork&call=map&seed=1');
    const ask = (await mpviz.stepOfEvent('pickle.refused', 'task 0')) - 2;
    await mpviz.gotoStep(ask);
    const before = await mpviz.box(mpviz.code);
    const answer = mpviz.narration.getByRole('button', { name: 'No, pickling fails' });
    await expect(answer).toBeInViewport({ ratio: 1 });
    const inside = await answer.evaluate((el) => {
      const panel = el.closest('section')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return box.top >= panel.top && box.bottom <= panel.bottom;
    });
    expect(inside).toBe(true);
    // Asking keeps the code panel (and everything else) where it was.
    await mpviz.nextStep.click();
    await expect(mpviz.narration.getByRole('button', { name: 'Skip this question' })).toBeVisible();
    expect(await mpviz.box(mpviz.code)).toEqual(before);
  });

  test('the switch shows the full view, as it was, and back', async ({ page }) => {
    await openAt(page, '?scenario=1&start=fork&call=map&seed=1&step=171', 171);
    const story = new StoryPanel(page);
    await story.internals.check();
    await expect(story.region.getByRole('region', { name: /^Kernel objects/ })).toBeVisible();
    await story.internals.uncheck();
    await expect(story.object('Lock')).toBeVisible();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the story passes axe (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await openAt(page, '?scenario=2&start=fork', undefined);
      const mpviz = new MpvizPage(page);
      await mpviz.gotoStep(await mpviz.stepOfEvent('proxy.request', 'acquire'));
      const story = new StoryPanel(page);
      await expect(story.card('SyncManager-4')).toBeVisible();
      const results = await new AxeBuilder({ page }).include('section.stage').analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
      ).toEqual([]);
    });
  }

  for (const scenario of [1, 2, 3, 4, 5, 6]) {
    for (const start of ['fork', 'spawn'] as const) {
      test(`scenario ${scenario} (${start}): no card or object moves from step to step`, async ({
        page,
      }) => {
        const mpviz = await openAt(page, `?scenario=${scenario}&start=${start}`);
        const story = new StoryPanel(page);
        // Every key step, not only the story's few stops: more states to compare.
        await mpviz.stepByKeySteps();
        await mpviz.firstStep.click();
        await expect.poll(() => mpviz.step()).toBe(0);
        const first = await story.boxes();
        const names = Object.keys(first);
        expect(names.filter((n) => n.startsWith('card ')).length).toBe(
          await page.evaluate(
            // Every process but the resource tracker (it only unlinks semaphore names at the end).
            () =>
              window
                .mpviz!.getTrace()!
                .events.filter(
                  (e) => e.kind === 'process.start' && e.runs !== 'resource_tracker.main',
                ).length,
          ),
        );
        // Fits its box: nothing wider than the stage.
        for (const [name, box] of Object.entries(first))
          expect(box.x + box.width, name).toBeLessThanOrEqual(first.stage!.width + 1);
        const check = async (where: string) => {
          expect(await story.boxes(), where).toEqual(first);
          // The step's line goes round the cards and objects between its ends.
          expect(await story.crossings(), where).toEqual([]);
        };
        for (let i = 0; i < 8; i += 1) await check(`after Next to step ${await next(mpviz)}`);
        // The stops the scenario is about, and the steps after them.
        const key = await page.evaluate(() => {
          const events = window.mpviz!.getTrace()!.events;
          const i = events.findIndex(
            (e) =>
              e.kind === 'pickle.refused' ||
              (e.kind === 'proxy.request' && e.id !== null) ||
              e.kind === 'sem.block',
          );
          return i + 1;
        });
        if (key > 0) {
          await mpviz.gotoStep(key - 1);
          for (let i = 0; i < 3; i += 1) await check(`after Next to step ${await next(mpviz)}`);
        }
        await mpviz.lastStep.click();
        await check('at the last step');
        if (key > 0) {
          await mpviz.gotoStep(key);
          await shoot(story, `scenario-${scenario}-${start}`);
        }
      });
    }
  }
});

test.describe('the story view in the box the page gives it', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  // At 1440×900 the first screen gives the stage about 880×580 px: the story
  // must fit that box as it is, with nothing to scroll.
  for (const scenario of [1, 2, 3, 4, 5, 6]) {
    test(`scenario ${scenario}: fits the page's box without scrolling, text 13 px or more, no name cut`, async ({
      page,
    }) => {
      // Two runs and six steps of a long trace: more than the default budget on a busy machine.
      test.slow();
      const sizes: string[] = [];
      for (const start of ['fork', 'spawn'] as const) {
        const mpviz = await openAt(page, `?scenario=${scenario}&start=${start}`);
        const story = new StoryPanel(page);
        for (const at of [0.25, 0.5, 1]) {
          const count = (await mpviz.state()).stepCount;
          await mpviz.gotoStep(Math.floor(count * at));
          const measured = await story.region.evaluate((region) => {
            let smallest = Infinity;
            for (const el of Array.from(region.querySelectorAll('*'))) {
              const text = Array.from(el.childNodes).some(
                (n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '',
              );
              const style = getComputedStyle(el);
              if (!text || style.visibility === 'hidden' || style.display === 'none') continue;
              smallest = Math.min(smallest, parseFloat(style.fontSize));
            }
            const cut = Array.from(region.querySelectorAll('article h4'))
              .filter((h) => h.scrollWidth > h.clientWidth + 1)
              .map((h) => `${h.textContent} ${h.scrollWidth}>${h.clientWidth}`);
            const box = region.getBoundingClientRect();
            return {
              width: box.width,
              height: box.height,
              overflow: region.scrollHeight - region.clientHeight,
              smallest,
              cut,
            };
          });
          sizes.push(`${scenario} ${start} ${at}: ${JSON.stringify(measured)}`);
          expect(measured.width, `scenario ${scenario} ${start}`).toBeGreaterThanOrEqual(860);
          expect(measured.height, `scenario ${scenario} ${start}`).toBeGreaterThanOrEqual(480);
          expect(measured.overflow, `scenario ${scenario} ${start}`).toBeLessThanOrEqual(1);
          expect(measured.smallest).toBeGreaterThanOrEqual(13);
          expect(measured.cut, `scenario ${scenario} ${start} at ${at}`).toEqual([]);
        }
      }
      test.info().annotations.push({ type: 'sizes', description: sizes.join('\n') });
    });
  }
});

test.describe('the story view on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('scenario 1, step 171: two columns, the refusal and the Lock shown', async ({ page }) => {
    await openAt(page, '?scenario=1&start=fork&call=map&seed=1&step=171', 171);
    const story = new StoryPanel(page);
    await expect(story.refusal).toContainText(REFUSAL);
    await expect(story.object('Lock')).toBeVisible();
    const boxes = await story.boxes();
    expect(boxes['card ForkPoolWorker-1']!.y).toBe(boxes['card ForkPoolWorker-2']!.y);
    expect(boxes['card ForkPoolWorker-3']!.y).toBeGreaterThan(boxes['card ForkPoolWorker-1']!.y);
    expect(boxes.stage!.width).toBeLessThanOrEqual(390);
    await shoot(story, 'refusal-390');
  });
});

test.describe('the story view with reduced motion', () => {
  test.use({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });

  test('a step’s movement is drawn at once, with nothing animating', async ({ page }) => {
    const mpviz = await openAt(page, '?scenario=2&start=fork');
    await mpviz.gotoStep((await mpviz.stepOfEvent('proxy.request', 'acquire')) - 1);
    await next(mpviz);
    const story = new StoryPanel(page);
    await expect(story.object('Lock')).toBeVisible();
    const moving = await story.region.evaluate((region) => ({
      running: region.getAnimations({ subtree: true }).filter((a) => a.playState === 'running')
        .length,
      // framer draws a path's length with stroke-dasharray: with reduced motion it starts whole.
      partial: Array.from(region.querySelectorAll('path')).filter((p) => {
        const dash = p.getAttribute('stroke-dasharray');
        return dash !== null && /^0(\.0+)?px?\b/.test(dash.trim());
      }).length,
    }));
    expect(moving).toEqual({ running: 0, partial: 0 });
  });
});
