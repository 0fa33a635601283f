import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { MpvizPage } from './pages/mpviz-page';
import { StagePanel } from './pages/stage-panel';

const oracle = JSON.parse(
  readFileSync(new URL('../oracle/cpython-3.11.json', import.meta.url), 'utf8'),
) as {
  seedCells: { scenario: number; startMethod: string; call: string; verdicts: object }[];
};

/** The verdicts CPython gave for a scenario under fork with map. */
function cpythonVerdicts(scenario: number): string[] {
  const cell = oracle.seedCells.find(
    (c) => c.scenario === scenario && c.startMethod === 'fork' && c.call === 'map',
  )!;
  return Object.keys(cell.verdicts);
}

/** Saves the stage under test-results/ and a copy under /tmp/mpviz-stage/ to look at. */
async function shoot(stage: StagePanel, name: string): Promise<void> {
  const path = `test-results/stage-${name}.png`;
  await stage.region.scrollIntoViewIfNeeded();
  await stage.page.screenshot({ path, fullPage: true });
  mkdirSync('/tmp/mpviz-stage', { recursive: true });
  copyFileSync(path, `/tmp/mpviz-stage/${name}.png`);
}

/**
 * Runs scenario 6 and steps (Next, one event at a time) onto its first
 * pipe.write, the step whose bytes travel to a pipe. Returns that step.
 */
async function stepOntoFirstPipeWrite(mpviz: MpvizPage): Promise<number> {
  await mpviz.goto('?scenario=6');
  await mpviz.run();
  const stage = new StagePanel(mpviz.page);
  await stage.showInternals();
  await mpviz.stepByEvents();
  const write = await mpviz.stepOfEvent('pipe.write');
  await mpviz.gotoStep(write - 1);
  await stage.watchToken();
  await mpviz.nextStep.click();
  return write;
}

/** For each scenario, the event whose step best shows what the scenario is about. */
const KEY_STEP: Record<number, readonly [kind: string, prefix: string]> = {
  1: ['pickle.refused', 'task'],
  2: ['proxy.request', 'acquire'],
  3: ['memory.copy', ''],
  4: ['proxy.request', 'put'],
  5: ['pickle.refused', 'task'],
  6: ['sem.block', ''],
};

test.describe('the stage', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  for (const scenario of [1, 2, 3, 4, 5, 6]) {
    test(`scenario ${scenario}: stepping to the end shows CPython's verdict`, async ({ page }) => {
      const mpviz = new MpvizPage(page);
      const stage = new StagePanel(page);
      await mpviz.goto(`?scenario=${scenario}`);
      const state = await mpviz.run();
      await stage.showInternals();
      expect(cpythonVerdicts(scenario)).toContain(state.verdict);

      await mpviz.firstStep.click();
      await expect(stage.cards).toHaveCount(0);
      await mpviz.nextStep.click();
      await expect(stage.card('MainProcess')).toBeVisible();
      let previous = await mpviz.step();
      for (let i = 0; i < 3; i += 1) {
        const now = await mpviz.next();
        expect(now).toBeGreaterThan(previous);
        previous = now;
      }

      await mpviz.lastStep.click();
      expect(await mpviz.step()).toBe(state.stepCount);
      const verdictWords: Record<string, RegExp> = {
        raised: /uncaught exception/,
        fails: new RegExp(`Scenario ${scenario} fails: \\[`),
        successful: /successful/,
      };
      await expect(mpviz.narration).toContainText(verdictWords[state.verdict!]!);
      // One card per process the run started, MainProcess first.
      const started = await page.evaluate(
        () => window.mpviz!.getTrace()!.events.filter((e) => e.kind === 'process.start').length,
      );
      const cards = await stage.cardNames();
      expect(cards[0]).toBe('MainProcess');
      expect(cards).toHaveLength(started);

      const [kind, prefix] = KEY_STEP[scenario]!;
      const key = await mpviz.stepOfEvent(kind, prefix);
      expect(key).toBeGreaterThan(0);
      await mpviz.gotoStep(key);
      await expect(mpviz.walkthrough).toContainText(
        `step ${key.toLocaleString('en')} / ${state.stepCount.toLocaleString('en')}`,
      );
      await shoot(stage, `scenario-${scenario}`);
    });
  }

  test('scenario 1: the task handler’s refusal, on its own thread, with the Lock in the kernel', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const stage = new StagePanel(page);
    await mpviz.goto('?scenario=1');
    await mpviz.run();
    await stage.showInternals();
    await mpviz.gotoStep(await mpviz.stepOfEvent('pickle.refused', 'task 0'));

    expect(await stage.cardNames()).toEqual([
      'MainProcess',
      'ForkPoolWorker-1',
      'ForkPoolWorker-2',
      'ForkPoolWorker-3',
    ]);
    const main = stage.card('MainProcess');
    const handler = main.getByRole('listitem').filter({ hasText: 'Thread-2 (_handle_tasks)' });
    await expect(handler).toContainText(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
    await expect(handler).toContainText('now');
    // The workers were forked before the script made its Lock: they do not hold it.
    await expect(stage.variable('MainProcess', 'lock')).toContainText('<Lock>');
    await expect(stage.variable('ForkPoolWorker-1', 'lock')).toHaveCount(0);
    await expect(stage.card('ForkPoolWorker-1')).toContainText('forked: a copy of its parent');
    await expect(stage.family('Lock')).toContainText('semaphore');
    await expect(stage.family('Queue')).toContainText('pipe');
  });

  test('scenario 1 under spawn: a child starts empty, then unpickles what it was sent', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const stage = new StagePanel(page);
    await mpviz.goto('?scenario=1&start=spawn');
    await mpviz.run();
    await stage.showInternals();
    const born = await page.evaluate(() => {
      const events = window.mpviz!.getTrace()!.events;
      return events.findIndex((e) => e.kind === 'process.start' && e.birth === 'spawn') + 1;
    });
    await mpviz.gotoStep(born);
    const child = stage.cards.nth(1);
    await expect(child).toContainText('spawned: a fresh interpreter');
    await expect(child).toContainText('Nothing yet.');
    await expect(child).toContainText('Handle table: empty');
  });

  test('bytes travel to the pipe when stepping forward, and lines join handles to objects', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const stage = new StagePanel(page);
    await StagePanel.recordAnimations(page);
    const write = await stepOntoFirstPipeWrite(mpviz);
    const size = await page.evaluate((i) => {
      const e = window.mpviz!.getTrace()!.events[i - 1]!;
      return e.kind === 'pipe.write' ? e.size : -1;
    }, write);
    await expect(stage.token).toHaveText(`${size.toLocaleString('en')} bytes`);
    // The flight lasts 0.55 s: seen halfway by seeking it, not by polling in
    // time (on a busy machine the polls missed it and saw opacity 0 throughout).
    await expect.poll(() => stage.tokenMidFlightOpacity()).toBeGreaterThan(0.5);
    // One faint line per family of the writer's handle table, one strong for the handle used.
    expect(await stage.links.count()).toBeGreaterThan(1);
    await expect(stage.strongLinks).toHaveCount(1);
    // Or one line for each handle of the writer's table, the one in use still strong.
    const writer = stage.cards.filter({ has: page.locator('[data-current]') }).first();
    const handles = await writer.locator('[data-handle]').count();
    expect(handles).toBeGreaterThan(3);
    await stage.everyHandle.check();
    await expect(stage.links).toHaveCount(handles);
    await expect(stage.strongLinks).toHaveCount(1);
    await stage.everyHandle.uncheck();

    // Jumping (not stepping) moves nothing.
    await mpviz.gotoStep(write + 5);
    await expect
      .poll(async () => Number(await stage.token.evaluate((el) => getComputedStyle(el).opacity)))
      .toBe(0);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the whole page passes axe (${colorScheme})`, async ({ page }) => {
      // axe walks the whole page (~2,700 elements) in the page's one thread: on a
      // busy 2-core machine that alone took most of the default 30 s.
      test.slow();
      await page.emulateMedia({ colorScheme });
      const mpviz = new MpvizPage(page);
      const stage = new StagePanel(page);
      await mpviz.goto('?scenario=2');
      await mpviz.run();
      await stage.showInternals();
      await mpviz.gotoStep(await mpviz.stepOfEvent('proxy.request'));
      await expect(stage.card('MainProcess')).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    });
  }
});

test.describe('with reduced motion', () => {
  test.use({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });

  test('stepping changes the stage at once, with nothing moving', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    const stage = new StagePanel(page);
    await StagePanel.recordAnimations(page);
    const write = await stepOntoFirstPipeWrite(mpviz);
    await expect(mpviz.walkthrough).toContainText(`step ${write.toLocaleString('en')} /`);
    // The token never flies: no animation of it ever made it visible.
    expect(await stage.tokenMidFlightOpacity()).toBeNull();
    expect(await stage.token.evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
    // And no CSS animation runs anywhere on the stage.
    const running = await stage.region.evaluate(
      (el) => el.getAnimations({ subtree: true }).filter((a) => a.playState === 'running').length,
    );
    expect(running).toBe(0);
  });
});
