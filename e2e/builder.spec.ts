/**
 * The builder panel (issue 14): compose a scenario from the format's
 * choices, watch its script change, run it, share it by address, reload it,
 * embed it; a combination the format refuses shows the reader's reason; axe
 * finds nothing serious; screenshots at 1440×900 and 390×844.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { BuilderPanel } from './pages/builder-panel';
import { EmbedHost } from './pages/embed-host';
import { MpvizPage } from './pages/mpviz-page';
import { APP_ORIGIN, HOST_ORIGIN } from './ports';

const SHOTS = 'test-results';

test.describe('the builder panel', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('composes a scenario, shows its script change, runs it, and the address carries it', async ({
    page,
    context,
  }) => {
    test.setTimeout(120_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_ORIGIN });
    const mpviz = new MpvizPage(page);
    const builder = new BuilderPanel(page);
    await mpviz.open('?scenario=1');
    await builder.show();
    await expect(builder.summary).toHaveText(
      'Pool · Lock (mp, in each task) · Queue (mp, in each task)',
    );
    await expect(builder.code).not.toContainText('initializer=');

    // The Queue through the initializer: the script changes, and says where.
    await builder.objectChoice(2, 'Queue', 'Reaches the job').selectOption({
      label: 'through the Pool’s initializer',
    });
    await expect(builder.code).toContainText('initializer=initialize, initargs=(queue,)');
    await expect(builder.summary).toHaveText(
      'Pool · Lock (mp, in each task) · Queue (mp, via the initializer)',
    );
    await expect(builder.code.locator('[data-changed]').first()).toBeVisible();
    await expect(builder.status).toContainText(/\d+ lines? changed/);

    // An impossible combination: the reader's reason, and Run is off.
    await builder.container.selectOption({ label: 'one Process per task' });
    await expect(builder.status).toContainText('only a Pool has an initializer');
    await expect(builder.run).toHaveAttribute('aria-disabled', 'true');
    await expect(builder.code).toHaveCount(0);
    await builder.container.selectOption({ label: 'a Pool of 3 workers' });
    await expect(builder.run).not.toHaveAttribute('aria-disabled');
    await page.screenshot({ path: `${SHOTS}/builder-1440.png` });

    const axe = await new AxeBuilder({ page }).include('dialog').analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // Run: the walkthrough shows the composed scenario, and the address carries it.
    await builder.run.click();
    await expect(builder.dialog).toBeHidden();
    await expect(mpviz.code).toContainText('initializer=initialize, initargs=(queue,)');
    await expect(mpviz.verdict).toContainText('task 0');
    const state = await mpviz.state();
    expect(state.scenario).toBe(7);
    expect(state.document?.objects).toEqual([
      { type: 'Lock', from: 'mp', route: 'task' },
      { type: 'Queue', from: 'mp', route: 'initializer' },
    ]);
    expect(page.url()).toMatch(/\?doc=1\.[A-Za-z0-9_-]+/);
    await expect(mpviz.scenario).toHaveValue('composed');
    await expect(mpviz.scenario.locator('option:checked')).toHaveText(/^7\. .*\(composed\)$/);
    await page.screenshot({ path: `${SHOTS}/builder-ran-1440.png` });

    // Copy link carries it; the link opens it, and so does a reload.
    await mpviz.share.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/^http:\/\/[^?]+\/\?doc=1\.[A-Za-z0-9_-]+&start=fork&/);
    const other = new MpvizPage(await context.newPage());
    await other.page.goto(link);
    await other.page.waitForFunction(() => window.mpviz?.getState().stepCount);
    expect((await other.state()).document).toEqual(state.document);
    await expect(other.code).toContainText('initializer=initialize, initargs=(queue,)');
    await page.reload();
    await mpviz.open(new URL(page.url()).search);
    expect((await mpviz.state()).document).toEqual(state.document);

    // The builder opens on what is shown; a seed's preset runs as that seed.
    await builder.show();
    await expect(builder.summary).toContainText('Queue (mp, via the initializer)');
    await builder.preset("5. The answer's fix, as written");
    await builder.run.click();
    await expect(builder.dialog).toBeHidden();
    await expect.poll(async () => (await mpviz.state()).scenario).toBe(5);
    expect((await mpviz.state()).document).toBeUndefined();
    expect(page.url()).toContain('scenario=5');
    expect(page.url()).not.toContain('doc=');
  });

  test('a local function as the job: the script defines it, spawn refuses it in the parent, Windows after the child', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const builder = new BuilderPanel(page);
    await mpviz.open('?scenario=3&start=spawn');
    await builder.show();
    await builder.job.selectOption({ label: 'a function defined inside start_scenario' });
    await expect(builder.code).toContainText('def local_job(args):');
    // The script's view scrolls to what changed, far below its first lines.
    await expect(builder.code.getByText('def local_job(args):')).toBeInViewport();
    await expect(builder.code).toContainText('(local_job, args, ncores)');
    await expect(builder.summary).toHaveText(
      'a Process per task · a local job · Lock (mp, in each task) · Queue (mp, in each task)',
    );
    await page.screenshot({ path: `${SHOTS}/builder-job-1440.png` });
    await builder.run.click();
    await expect(builder.dialog).toBeHidden();
    await expect(mpviz.verdict).toContainText(
      "AttributeError: Can't pickle local object 'start_scenario.<locals>.local_job'",
    );
    await expect(mpviz.verdict).toContainText(
      'defined inside start_scenario() (start_scenario.<locals>.local_job) cannot be found',
    );
    await page.screenshot({ path: `${SHOTS}/builder-job-ran-1440.png` });
    // Under fork nothing is pickled: the same document runs.
    await mpviz.startMethod.selectOption('fork');
    await expect(mpviz.verdict).toContainText('Scenario 7 successful!');

    // Windows creates the child first: it dies reading the object that never comes.
    await mpviz.platform.selectOption('windows');
    await expect(mpviz.startMethod).toHaveValue('spawn');
    await expect(mpviz.verdict).toContainText(
      "AttributeError: Can't pickle local object 'start_scenario.<locals>.local_job'",
    );
    await mpviz.story.getByRole('button', { name: /Process-1 runs out of input/ }).click();
    await expect(mpviz.narration).toContainText('EOFError: Ran out of input');
    await expect(mpviz.narration).toContainText('a second traceback, the child’s');
    await page.screenshot({ path: `${SHOTS}/builder-job-windows-1440.png` });
  });

  test('module globals: inherited under fork, None in a spawned worker, and the page says why', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const builder = new BuilderPanel(page);
    await mpviz.open('?scenario=6&start=spawn');
    await builder.show();
    for (const [n, type] of [
      [1, 'Lock'],
      [2, 'Queue'],
    ] as const) {
      await builder.objectChoice(n, type, 'Reaches the job').selectOption({
        label: 'a module global (global lock)',
      });
    }
    await expect(builder.code).toContainText('global lock, queue');
    await expect(builder.code).toContainText('mypool = mp.Pool(ncores)');
    await expect(builder.code).not.toContainText('initializer=');
    await expect(builder.summary).toHaveText('Pool · Lock (mp, a global) · Queue (mp, a global)');
    await builder.run.click();
    await expect(builder.dialog).toBeHidden();
    await expect(mpviz.verdict).toContainText(
      "AttributeError: 'NoneType' object has no attribute 'acquire'",
    );
    await expect(mpviz.verdict).toContainText('found lock None');
    await expect(mpviz.verdict).toContainText('imports the script afresh');
    await mpviz.story.getByRole('button', { name: /finds lock None/ }).click();
    await expect(mpviz.narration).toContainText('ExceptionWithTraceback');
    await page.screenshot({ path: `${SHOTS}/globals-spawn-1440.png` });
    let traceback = await mpviz.moreTab('Traceback');
    // At this step the worker's own frames, with their lines, before anything is printed.
    await expect(traceback).toContainText('line 125, in worker');
    await expect(traceback).toContainText('lock.acquire()');
    // At the end, the parent's printed traceback, the worker's as its cause.
    await mpviz.lastStep.click();
    traceback = await mpviz.moreTab('Traceback');
    await expect(traceback).toContainText('multiprocessing.pool.RemoteTraceback');
    await expect(traceback).toContainText(
      'The above exception was the direct cause of the following exception:',
    );
    // Under fork the workers inherit the globals: every item arrives.
    await mpviz.startMethod.selectOption('fork');
    await expect(mpviz.verdict).toContainText('All 10 items arrived');
    await mpviz.story.getByRole('button', { name: /The workers inherit the globals/ }).click();
    await expect(mpviz.narration).toContainText('only because fork copies the parent');
  });

  test('a document the format refuses in the address is a notice; the rest applies', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    // {"number":7} alone: no name, no title, no objects.
    await mpviz.open('?doc=1.eyJudW1iZXIiOjd9&seed=4');
    await expect(mpviz.notices).toContainText('“doc=” is not a scenario mpviz can run');
    await expect(mpviz.notices).toContainText('showing scenario 1');
    const state = await mpviz.state();
    expect(state).toMatchObject({ scenario: 1, seed: 4 });
    expect(state.document).toBeUndefined();
  });

  test('mpviz.setDocument runs a document, and rejects one the format refuses', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    const reasons = await page.evaluate(() =>
      window.mpviz!.setDocument({ format: 'mpviz-scenario/1' }).then(
        () => null,
        (e: { reasons?: string[] }) => e.reasons,
      ),
    );
    expect(reasons).toContain('"number" must be a whole number from 1 to 999 (got undefined)');
    await expect(mpviz.notices).toContainText('nothing changed');
    const doc = await page.evaluate(async () => {
      const s = await window.mpviz!.setDocument({
        format: 'mpviz-scenario/1',
        number: 9,
        name: 'scenario_9_processes_manager_queue',
        title: 'Processes, Manager proxies',
        container: 'process',
        objects: [
          { type: 'Lock', from: 'manager', route: 'task' },
          { type: 'Queue', from: 'manager', route: 'task' },
        ],
      });
      return s.document?.number;
    });
    expect(doc).toBe(9);
    await page.waitForFunction(() => window.mpviz!.getState().verdict !== null);
    await expect(mpviz.code).toContainText('def scenario_9_processes_manager_queue');
  });
});

test.describe('the builder on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('fills the screen, and the walkthrough keeps the first screen', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    const builder = new BuilderPanel(page);
    await mpviz.open();
    // The bar stays one row: Compose is a glyph beside Run again.
    const bar = await mpviz.box(mpviz.scenario);
    expect((await mpviz.box(builder.open)).y).toBeLessThan(bar.y + bar.height);
    await builder.show();
    const box = await mpviz.box(builder.dialog);
    expect(box.width).toBe(390);
    await builder.objectChoice(1, 'Lock', 'Made by').selectOption({ label: 'a Manager (a proxy)' });
    await builder
      .objectChoice(2, 'Queue', 'Made by')
      .selectOption({ label: 'a Manager (a proxy)' });
    await expect(builder.summary).toHaveText(
      'Pool · Lock (Manager, in each task) · Queue (Manager, in each task)',
    );
    await page.screenshot({ path: `${SHOTS}/builder-390.png` });
    await builder.code.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/builder-390-code.png` });
    await builder.run.click();
    await expect(builder.dialog).toBeHidden();
    await page.waitForFunction(() => window.mpviz!.getState().document?.number === 7);
    await expect(mpviz.narration).toBeInViewport();
    await expect(mpviz.nextStep.or(mpviz.previousStep).first()).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/builder-ran-390.png` });
  });

  test('the module-globals preset under spawn: the verdict says why, above the story', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    const builder = new BuilderPanel(page);
    await mpviz.open('?start=spawn');
    await builder.show();
    await builder.preset('10. Lock and queue as module globals');
    await builder.run.click();
    await expect(builder.dialog).toBeHidden();
    await expect(mpviz.verdict).toContainText('found lock None');
    await expect(mpviz.verdict).toBeInViewport();
    await mpviz.story.getByRole('button', { name: /finds lock None/ }).click();
    await expect(mpviz.narration).toContainText('The job runs lock.acquire() with lock = None');
    // The story's list is below the stage on a phone: back up to the narration.
    await mpviz.narration.scrollIntoViewIfNeeded();
    await expect(mpviz.narration).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/globals-spawn-390.png` });
  });
});

test.describe('a composed scenario embedded', () => {
  test.use({ viewport: { width: 1000, height: 800 } });

  test('the embed takes doc= and mpviz:setDocument, and says why it refuses one', async ({
    page,
  }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    const doc = await page.evaluate(async () => {
      await window.mpviz!.setDocument({
        format: 'mpviz-scenario/1',
        number: 7,
        name: 'scenario_7_pool_manager_initializer',
        title: 'Manager proxies through the initializer',
        container: 'pool',
        objects: [
          { type: 'Lock', from: 'manager', route: 'initializer' },
          { type: 'Queue', from: 'manager', route: 'initializer' },
        ],
        initializer: 'initialize',
      });
      return new URLSearchParams(window.location.search).get('doc');
    });
    expect(doc).toMatch(/^1\./);

    const host = new EmbedHost(page);
    await host.open('isolated', `?doc=${doc}`);
    const state = await host.settled();
    expect(state.document?.title).toBe('Manager proxies through the initializer');
    await expect(host.frame.getByRole('heading', { level: 1 })).toContainText(
      'Manager proxies through the initializer',
    );

    await host.send({ type: 'mpviz:setDocument', document: { format: 'mpviz-scenario/1' } });
    await expect.poll(async () => (await host.receivedOf('mpviz:refused')).length).toBe(1);
    const refused = (await host.receivedOf('mpviz:refused'))[0]!;
    expect(refused['reasons']).toContain('"name" is missing');

    await host.send({
      type: 'mpviz:setDocument',
      document: {
        format: 'mpviz-scenario/1',
        number: 8,
        name: 'scenario_8_processes_manager',
        title: 'Processes and proxies',
        container: 'process',
        objects: [
          { type: 'Lock', from: 'manager', route: 'task' },
          { type: 'Queue', from: 'manager', route: 'task' },
        ],
      },
    });
    await expect
      .poll(
        async () =>
          ((await host.receivedOf('mpviz:verdict')).at(-1)?.['state'] as never)?.['scenario'],
      )
      .toBe(8);
  });
});

test.describe('<mpviz-embed doc>', () => {
  test('the element takes doc as an attribute, and setDocument', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.open();
    const doc = await page.evaluate(async () => {
      await window.mpviz!.setDocument({
        format: 'mpviz-scenario/1',
        number: 12,
        name: 'scenario_12_processes',
        title: 'Processes, no Manager, composed',
        container: 'process',
        objects: [
          { type: 'Lock', from: 'mp', route: 'task' },
          { type: 'Queue', from: 'mp', route: 'task' },
        ],
      });
      return new URLSearchParams(window.location.search).get('doc')!;
    });
    await page.goto(
      `${HOST_ORIGIN}/element.html?script=${encodeURIComponent(`${APP_ORIGIN}/mpviz-embed.js`)}`,
    );
    type Element = HTMLElement & {
      setDocument(d: unknown): void;
      state: { document?: { number: number } } | null;
    };
    await page.evaluate((d) => {
      const el = document.querySelector('mpviz-embed') as Element;
      el.addEventListener('refused', (e) =>
        window.events!.push({ type: 'refused', detail: (e as CustomEvent).detail }),
      );
      el.removeAttribute('scenario');
      el.setAttribute('doc', d);
    }, doc);
    await expect(page.locator('mpviz-embed iframe')).toHaveAttribute(
      'src',
      `${APP_ORIGIN}/embed.html?doc=${doc}&start=fork`,
    );
    const numberShown = () =>
      page.evaluate(
        () => (document.querySelector('mpviz-embed') as Element).state?.document?.number,
      );
    await expect.poll(numberShown).toBe(12);
    await page.evaluate(() =>
      (document.querySelector('mpviz-embed') as Element).setDocument({ format: 'nonsense' }),
    );
    await expect
      .poll(() => page.evaluate(() => window.events!.filter((e) => e.type === 'refused').length))
      .toBe(1);
    await expect.poll(numberShown).toBe(12);
  });
});
