import { copyFileSync, mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator } from '@playwright/test';
import { MpvizPage } from './pages/mpviz-page';

/** Saves a screenshot under test-results/ and a copy under /tmp/mpviz-walkthrough/. */
async function shoot(mpviz: MpvizPage, name: string): Promise<void> {
  const path = `test-results/walkthrough-${name}.png`;
  await mpviz.walkthrough.scrollIntoViewIfNeeded();
  await mpviz.page.screenshot({ path, fullPage: true });
  mkdirSync('/tmp/mpviz-walkthrough', { recursive: true });
  copyFileSync(path, `/tmp/mpviz-walkthrough/${name}.png`);
}

test.describe('the walkthrough', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('opens where the story starts; the last step narrates the verdict', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    const state = await mpviz.open();
    await expect(mpviz.walkthrough).toBeVisible();
    await expect(mpviz.narration).toHaveAttribute('aria-live', 'polite');
    // The story's first stop: ForkPoolWorker-1, forked before the Lock exists.
    await expect(mpviz.narration).toContainText('ForkPoolWorker-1');
    await expect(mpviz.narration).toContainText('The workers start before the Lock exists');
    await expect(mpviz.currentStop()).toHaveAccessibleName(
      /The workers start before the Lock exists/,
    );
    await expect(mpviz.walkthrough).toContainText(
      `step ${state.step.toLocaleString('en')} / ${state.stepCount.toLocaleString('en')}`,
    );

    await mpviz.lastStep.click();
    await expect(mpviz.narration).toContainText(
      'The run is over. The script ends with an uncaught exception: RuntimeError: Lock objects ' +
        'should only be shared between processes through inheritance.',
    );
    await mpviz.firstStep.click();
    await expect(mpviz.narration).toContainText('Nothing has run yet');
    expect(await mpviz.step()).toBe(0);
    await mpviz.lastStep.click();
    await expect(mpviz.narration).toContainText('The run is over.');
    expect(await mpviz.step()).toBe(state.stepCount);
  });

  test('the Story list navigates: Next moves by stops, a click goes there, the address follows', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    const chips = mpviz.story.getByRole('button');
    const count = await chips.count();
    expect(count).toBeGreaterThanOrEqual(5);
    expect(count).toBeLessThanOrEqual(15);
    await expect(chips.first()).toHaveAttribute('aria-current', 'step');

    await mpviz.nextStep.click();
    await expect(chips.nth(1)).toHaveAttribute('aria-current', 'step');
    await expect(mpviz.narration).toContainText('The Lock is created in the parent alone');

    const refused = mpviz.story.getByRole('button', { name: /assert_spawning refuses the Lock/ });
    await refused.click();
    await expect(refused).toHaveAttribute('aria-current', 'step');
    await expect(mpviz.narration).toContainText('assert_spawning refuses the Lock');
    const step = await mpviz.step();
    await expect(page).toHaveURL(new RegExp(`[?&]step=${step}(&|$)`));
    await mpviz.previousStep.click();
    await expect(mpviz.narration).toContainText('The task handler pickles task 0');
  });

  test('the console shows what was printed up to the step, tagged by process', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open('?scenario=3');
    await mpviz.lastStep.click();
    await mpviz.moreTab('Console');
    const console_ = page.getByRole('log', { name: 'Console' });
    await expect(console_).toContainText('By run 9');
    await expect(console_).toContainText('Process-10');
    await expect(console_).toContainText('Scenario 3 successful!');
    await mpviz.firstStep.click();
    await expect(console_).toContainText('Nothing printed yet.');
  });

  test('a second tab shows the question’s original Python 2 script', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto();
    await mpviz.run();
    const tab = page.getByRole('tab', { name: 'The question (Python 2)' });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    const original = page.getByRole('region', { name: 'The question (Python 2)' });
    await expect(original).toContainText("print 'I'");
    await expect(original).toContainText('task = iterator.next()');
    await page.getByRole('tab', { name: 'Python 3 (what runs)' }).click();
    await expect(page.getByRole('region', { name: 'Code' })).toContainText("print('I')");
  });

  test('stepping back and forth returns identical narration', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto();
    await mpviz.run();
    const refused = await mpviz.stepOfEvent('pickle.refused', 'task 0');
    await mpviz.stepByEvents();
    for (const k of [1, 40, refused - 1, refused]) {
      await mpviz.gotoStep(k);
      await expect(mpviz.walkthrough).toContainText(`step ${k.toLocaleString('en')} /`);
      const before = await mpviz.narration.innerText();
      await mpviz.nextStep.click();
      await expect(mpviz.walkthrough).toContainText(`step ${(k + 1).toLocaleString('en')} /`);
      await mpviz.previousStep.click();
      await expect(mpviz.walkthrough).toContainText(`step ${k.toLocaleString('en')} /`);
      expect(await mpviz.narration.innerText()).toBe(before);
    }
  });

  test('key steps skip the bookkeeping, and come back to the same narration', async ({ page }) => {
    // 24 clicks, each waited on: at load 20 on 2 cores they took 34 s in all.
    test.slow();
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=2');
    const { stepCount } = await mpviz.run();
    await expect(mpviz.stepBy).toHaveValue('stops');
    await mpviz.stepByKeySteps();
    await mpviz.firstStep.click();
    const seen: { step: number; text: string }[] = [];
    for (let i = 0; i < 12; i += 1) {
      await mpviz.nextStep.click();
      const step = await mpviz.step();
      await expect(mpviz.walkthrough).toContainText(
        `step ${step.toLocaleString('en')} / ${stepCount.toLocaleString('en')}`,
      );
      seen.push({ step, text: await mpviz.narration.innerText() });
    }
    // Fewer stops than events, and none of them a handle being copied.
    expect(seen.at(-1)!.step).toBeGreaterThan(12);
    // (A checkpoint's question is asked after whatever event came before it.)
    for (const { text } of seen.filter((s) => !s.text.includes('Predict:')))
      expect(text).not.toMatch(/inherits handle|gets a handle to|creates .* and gets a handle/);
    for (const { step, text } of seen.reverse().slice(1)) {
      await mpviz.previousStep.click();
      expect(await mpviz.step()).toBe(step);
      expect(await mpviz.narration.innerText()).toBe(text);
    }
  });

  test('scenario 1: the refused pickle is narrated, and MainProcess’s line marked', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto();
    await mpviz.run();
    const refused = await mpviz.stepOfEvent('pickle.refused', 'task 0');

    // The checkpoint before it asks first.
    await mpviz.gotoStep(refused - 2);
    await expect(mpviz.narration).toContainText('Will this task pickle?');
    await mpviz.narration.getByRole('button', { name: 'No, pickling fails' }).click();
    await expect(mpviz.narration).toContainText('Your prediction: “No, pickling fails”.');
    await mpviz.gotoStep(refused);
    // The stop says why and where; the answer says what was raised. Nothing twice.
    await expect(mpviz.narration).toContainText(
      'Lock.__getstate__ asks context.assert_spawning: is this thread creating a child process now?',
    );
    await expect(mpviz.narration).toContainText(
      'Task 0 does not pickle: RuntimeError: Lock objects should only be shared between ' +
        'processes through inheritance',
    );
    await expect(mpviz.narration).toContainText('You predicted right.');
    await expect(mpviz.narration).not.toContainText('The task handler thread tried to pickle');

    await expect(mpviz.markedLine('MainProcess')).toHaveCount(1);
    await expect(mpviz.markedLine('MainProcess')).toContainText('mypool.map(jobfunc, iterator)');
    await shoot(mpviz, 'scenario-1-pickle-refused');
  });

  test('Play stops at the next checkpoint; a wrong answer names its misconception', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    const ask = (await mpviz.stepOfEvent('pickle.refused', 'task 0')) - 2;
    await mpviz.speed.selectOption('4');
    await mpviz.playButton.click();
    // Playing stops to ask before the task handler pickles task 0.
    await expect(mpviz.narration).toContainText('Will this task pickle?', { timeout: 30_000 });
    await expect(mpviz.playButton).toBeVisible();
    expect(await mpviz.step()).toBe(ask);
    await mpviz.narration.getByRole('button', { name: 'Yes, it pickles' }).click();
    await mpviz.pauseButton.click();
    await mpviz.gotoStep(ask + 2);
    await expect(mpviz.narration).toContainText('Not this time.');
    await expect(mpviz.narration).toContainText(
      'A Lock is not plain data: it stands for a kernel semaphore',
    );
  });

  test('keyboard shortcuts work inside the walkthrough only', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto();
    const { stepCount } = await mpviz.run();
    await mpviz.stepByEvents();
    await mpviz.gotoStep(10);

    // Outside the walkthrough, the keys are the page's.
    await mpviz.seed.focus();
    await page.keyboard.press('Home');
    await page.locator('body').focus();
    await page.keyboard.press('ArrowRight');
    expect(await mpviz.step()).toBe(10);

    await mpviz.walkthrough.focus();
    await page.keyboard.press('ArrowRight');
    expect(await mpviz.step()).toBe(11);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await mpviz.step()).toBe(9);
    await page.keyboard.press('End');
    expect(await mpviz.step()).toBe(stepCount);
    await page.keyboard.press('Home');
    expect(await mpviz.step()).toBe(0);
    await expect(mpviz.narration).toContainText('Nothing has run yet');

    // From a control inside it, too; Space plays and pauses.
    await mpviz.code.focus();
    await page.keyboard.press('ArrowRight');
    expect(await mpviz.step()).toBe(1);
    await page.keyboard.press(' ');
    await expect(mpviz.pauseButton).toBeVisible();
    await page.keyboard.press(' ');
    await expect(mpviz.playButton).toBeVisible();
  });

  test('a deep link to a step is shown after the run, and after a reload', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=1&step=60');
    expect((await mpviz.run()).step).toBe(60);
    await expect(mpviz.walkthrough).toContainText('step 60 /');
    await expect(mpviz.scrubber).toHaveValue('60');
    await expect(page).toHaveURL(/[?&]step=60$/);

    await mpviz.stepByEvents();
    await mpviz.nextStep.click();
    await expect(page).toHaveURL(/[?&]step=61$/);
    await mpviz.previousStep.click();
    await expect(page).toHaveURL(/[?&]step=60$/);
    const narration = await mpviz.narration.innerText();

    await page.reload();
    await page.waitForFunction(() => window.mpviz?.version === 1);
    expect((await mpviz.run()).step).toBe(60);
    await expect(mpviz.walkthrough).toContainText('step 60 /');
    expect(await mpviz.narration.innerText()).toBe(narration);
  });

  test('play advances at the chosen speed and pauses', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto();
    await mpviz.run();
    // From just after the first checkpoint (the fork's), so that none stops it at once.
    const from = await mpviz.stepOfEvent('memory.copy');
    await mpviz.gotoStep(from);
    await mpviz.speed.selectOption('4');
    // The page's timers now move only when the test moves its clock: one tick
    // is 400 ms / 4. (On a busy machine, waiting in real time let playing reach
    // the checkpoint at step 169 and pause itself just before the click on
    // Pause landed: the click, on the same toggle now labelled Play, played on.)
    await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
    await page.clock.pauseAt(new Date('2026-01-01T00:01:00Z'));
    await mpviz.playButton.click();
    await expect(mpviz.pauseButton).toBeVisible();
    const seen = [await mpviz.step()];
    for (let i = 0; i < 3; i++) {
      await page.clock.runFor(99);
      expect(await mpviz.step()).toBe(seen.at(-1));
      await page.clock.runFor(1);
      seen.push(await mpviz.step());
      expect(seen.at(-1)).toBeGreaterThan(seen.at(-2)!);
    }
    await mpviz.pauseButton.click();
    await expect(mpviz.playButton).toBeVisible();
    const paused = await mpviz.step();
    expect(paused).toBe(seen.at(-1));
    await page.clock.runFor(10_000);
    expect(await mpviz.step()).toBe(paused);
  });

  test('scenario 2: a proxy call, narrated as a round trip', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=2');
    await mpviz.run();
    const request = await mpviz.stepOfEvent('proxy.request', 'acquire');
    expect(request).toBeGreaterThan(0);
    await mpviz.gotoStep(request);
    await expect(mpviz.narration).toContainText(
      'sends a request to the manager process: “acquire”',
    );
    await shoot(mpviz, 'scenario-2-proxy-request');
  });

  test('scenario 3: fork copies memory', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=3');
    await mpviz.run();
    await mpviz.gotoStep(await mpviz.stepOfEvent('memory.copy'));
    // A stop that reveals an answer: its story says it (the event's sentence is left out).
    await expect(mpviz.narration).toContainText(
      'Process-1 is forked while p.start() runs. Its copy of the memory holds the Lock',
    );
    await expect(mpviz.markedLine('MainProcess')).toHaveCount(1);
    await shoot(mpviz, 'scenario-3-memory-copy');
  });

  test('the code is syntax-highlighted, on both tabs', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto();
    await mpviz.run();
    const colour = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).color);
    const keyword = mpviz.code.getByText('def', { exact: true }).first();
    const docstring = mpviz.code.getByText('"""The job for multiprocessing.', { exact: true });
    const name = mpviz.code.getByText('the_job', { exact: true }).first();
    const plain = mpviz.code;
    const colours = new Set(await Promise.all([keyword, docstring, name, plain].map(colour)));
    expect(colours.size).toBe(4);
    // The docstring's inner lines are string too, not code.
    const inner = mpviz.code.getByText('finally puts the input into a queue.', { exact: true });
    expect(await colour(inner)).toBe(await colour(docstring));

    await page.getByRole('tab', { name: 'The question (Python 2)' }).click();
    const original = page.getByRole('region', { name: 'The question (Python 2)' });
    // Python 2: print is a statement, coloured as a keyword.
    const print = original.getByText('print', { exact: true }).first();
    expect(await colour(print)).toBe(
      await colour(original.getByText('def', { exact: true }).first()),
    );
  });

  test('scenario 1: the lanes list every process and thread, and a click jumps', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    await mpviz.moreTab('Lanes');
    await expect(mpviz.lanes).toBeVisible();
    expect(await mpviz.laneLabels()).toEqual([
      'MainProcess · MainThread',
      'MainProcess · Thread-1 (_handle_workers)',
      'MainProcess · Thread-2 (_handle_tasks)',
      'MainProcess · Thread-3 (_handle_results)',
      'ForkPoolWorker-1 · MainThread',
      'ForkPoolWorker-2 · MainThread',
      'ForkPoolWorker-3 · MainThread',
    ]);

    // A click on the task handler's lane shows a step that lane's thread made.
    const handler = mpviz.lanes
      .getByRole('listitem')
      .filter({ hasText: 'MainProcess · Thread-2 (_handle_tasks)' });
    const box = (await handler.boundingBox())!;
    await handler.click({ position: { x: box.width * 0.55, y: box.height / 2 } });
    const step = await mpviz.step();
    const thread = await page.evaluate(
      (n) => window.mpviz!.getTrace()!.events[n - 1]!.thread,
      step,
    );
    expect(thread).toBe('Thread-2 (_handle_tasks)');
    await expect(handler).toHaveAttribute('aria-current', 'true');
  });

  test('scenario 1: the traceback at the last step marks the frames of the task handler', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    await mpviz.lastStep.click();
    await mpviz.moreTab('Traceback');
    const traceback = mpviz.stepTraceback;
    await expect(traceback).toContainText('Traceback (most recent call last):');
    await expect(traceback).toContainText(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
    await expect(traceback).toContainText('── ran in MainProcess · MainThread ──');
    await expect(traceback).toContainText(
      '── ran in another thread: MainProcess · Thread-2 (_handle_tasks) ──',
    );
    const text = await traceback.innerText();
    expect(text.indexOf('Thread-2 (_handle_tasks) ──')).toBeLessThan(
      text.indexOf('line 540, in _handle_tasks'),
    );
    expect(text.indexOf('in scenario_1_pool_no_manager')).toBeLessThan(
      text.indexOf('Thread-2 (_handle_tasks) ──'),
    );
    await shoot(mpviz, 'scenario-1-traceback');

    await mpviz.firstStep.click();
    await expect(traceback).toContainText('Nothing has been raised up to this step.');
  });

  test('the code panel and every tab below the first screen pass axe', async ({ page }) => {
    test.setTimeout(300_000);
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    await mpviz.lastStep.click();
    for (const tab of ['Traceback', 'Console', 'Lanes', 'Run it 100 times', 'This run']) {
      await mpviz.moreTab(tab);
      const results = await new AxeBuilder({ page })
        .include('.code-panel')
        .include('.more')
        .analyze();
      expect(results.violations.map((v) => `${tab}: ${v.id}: ${v.help}`)).toEqual([]);
    }
  });

  test('is usable at 390 px wide', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const mpviz = new MpvizPage(page);
    await mpviz.goto();
    await mpviz.run();
    await mpviz.gotoStep(await mpviz.stepOfEvent('pickle.refused', 'task 0'));
    await mpviz.nextStep.scrollIntoViewIfNeeded();
    await expect(mpviz.nextStep).toBeInViewport();
    await mpviz.nextStep.click();
    // Next moves to the story's next stop.
    await expect(mpviz.narration).toContainText('The error is stored on the job’s result');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(mpviz, 'scenario-1-narrow');
  });
});
