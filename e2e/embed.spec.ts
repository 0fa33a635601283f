import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { EmbedHost } from './pages/embed-host';
import { MpvizPage } from './pages/mpviz-page';
import { APP_ORIGIN, HOST_ORIGIN, PAGES_ORIGIN } from './ports';

/** Records errors thrown in any frame of the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('favicon')) errors.push(m.text());
  });
  return errors;
}

test.describe('embedded in a docs page that sends no headers', () => {
  test('Chromium isolates the embed, which runs on real workers', async ({ page }) => {
    const host = new EmbedHost(page);
    const errors = watchErrors(page);
    await host.open('isolated', '?scenario=1&step=171');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
    expect(await host.embedFrame()!.evaluate(() => self.crossOriginIsolated)).toBe(true);

    const state = await host.settled();
    // The model's run on screen, confirmed event for event by real workers.
    expect(state).toMatchObject({
      isolated: true,
      engine: 'model',
      verdict: 'raised',
      confirmation: { state: 'confirmed', engine: 'workers-lockstep', events: state.stepCount },
    });
    await expect.poll(async () => (await host.receivedOf('mpviz:confirmation')).length).toBe(1);
    expect((await host.receivedOf('mpviz:confirmation'))[0]).toMatchObject({
      confirmation: { state: 'confirmed' },
    });
    expect(state.step).toBe(171);
    await expect(host.narration).toContainText('Task 0 does not pickle');
    // The verdict waits for the last step (before it, it would give the checkpoints away).
    await expect(host.verdict).toHaveText('');
    await expect(host.engineLine).toHaveCount(0);
    // "Open in mpviz": the full app, same settings and step, in a new tab.
    await expect(host.openInMpviz).toHaveAttribute(
      'href',
      `${APP_ORIGIN}/?scenario=1&start=fork&os=linux&py=3.12&call=map&seed=1&mode=lockstep&step=171&lang=en`,
    );
    await expect(host.openInMpviz).toHaveAttribute('target', '_blank');
    await host.send({ type: 'mpviz:goto', step: state.stepCount });
    await expect(host.verdict).toContainText('RuntimeError: Lock objects should only be shared');
    await expect(host.openInMpviz).toHaveAttribute(
      'href',
      `${APP_ORIGIN}/?scenario=1&start=fork&os=linux&py=3.12&call=map&seed=1&mode=lockstep&step=${state.stepCount}&lang=en`,
    );
    expect(errors).toEqual([]);
  });

  test('served without isolation headers, it runs the model and reaches the same verdicts', async ({
    page,
  }) => {
    const host = new EmbedHost(page);
    for (const [scenario, verdict] of [
      [1, 'raised'],
      [3, 'successful'],
    ] as const) {
      await host.open('plain', `?scenario=${scenario}`);
      expect(await host.embedFrame()!.evaluate(() => self.crossOriginIsolated)).toBe(false);
      const state = await host.settled();
      expect(state).toMatchObject({
        isolated: false,
        engine: 'model',
        verdict,
        confirmation: null,
      });
      await expect(host.engineLine).toContainText('running on the model kernel');
      // It opens at the story's first stop: scenario 1's workers, forked before the Lock
      // exists; scenario 3's Lock, created before any child.
      await expect(host.narration).toContainText(
        scenario === 1 ? 'The workers start before the Lock exists' : 'The Lock is created',
      );
    }
  });

  test('a host served in a sandbox (an opaque origin): the embed runs on the model and says why', async ({
    page,
  }) => {
    const host = new EmbedHost(page);
    await host.open('isolated', '?scenario=1', 'sandboxed.html');
    expect(await page.evaluate(() => self.origin)).toBe('null');
    await expect.poll(() => host.embedFrame()?.evaluate(() => self.origin)).toBe('null');
    const state = await host.settled();
    expect(state).toMatchObject({ engine: 'model', verdict: 'raised' });
    await expect(host.engineLine).toHaveAttribute('data-sandboxed', 'true');
    await expect(host.engineLine).toContainText('sandbox');
    // The host still hears from it and drives it.
    await expect.poll(async () => (await host.receivedOf('mpviz:ready')).length).toBe(1);
    await host.send({ type: 'mpviz:goto', step: 40 });
    await expect
      .poll(async () => (await host.receivedOf('mpviz:stepchange')).at(-1)?.step)
      .toBe(40);
  });

  test('the host drives it: ready, goto, play, pause, a new scenario; it reports steps and verdicts', async ({
    page,
  }) => {
    const host = new EmbedHost(page);
    await host.open('isolated', '?scenario=1');
    await expect.poll(async () => (await host.receivedOf('mpviz:ready')).length).toBe(1);
    expect((await host.receivedOf('mpviz:ready'))[0]).toMatchObject({ version: 1 });
    await host.settled();
    await expect.poll(async () => (await host.receivedOf('mpviz:verdict')).length).toBe(1);
    expect((await host.receivedOf('mpviz:verdict'))[0]).toMatchObject({ verdict: 'raised' });

    await host.send({ type: 'mpviz:goto', step: 40 });
    await expect
      .poll(async () => (await host.receivedOf('mpviz:stepchange')).at(-1)?.step)
      .toBe(40);
    await expect(host.narration).toContainText('step 40 / ');

    // Playing's timers move only with the test's clock (the whole context's),
    // so that "it stopped" is a fact, not a wait.
    await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
    await page.clock.pauseAt(new Date('2026-01-01T00:01:00Z'));
    await host.send({ type: 'mpviz:play' });
    await page.clock.runFor(400);
    await expect
      .poll(async () => ((await host.receivedOf('mpviz:stepchange')).at(-1)?.step as number) ?? 0)
      .toBeGreaterThan(40);
    await host.send({ type: 'mpviz:pause' });
    await host.sync();
    const paused = (await host.state()).step;
    expect(paused).toBeGreaterThan(40);
    await page.clock.runFor(10_000);
    expect((await host.state()).step).toBe(paused);

    await host.send({ type: 'mpviz:setScenario', scenario: 3 });
    await expect
      .poll(async () => (await host.receivedOf('mpviz:verdict')).at(-1)?.verdict)
      .toBe('successful');
    expect((await host.state()).scenario).toBe(3);

    await host.send({ type: 'mpviz:getState' });
    await expect
      .poll(async () => (await host.receivedOf('mpviz:state')).at(-1)?.state)
      .toMatchObject({ scenario: 3 });
  });

  // Issue 16: a goto sent in answer to ready lands, on every engine.
  for (const [server, mode, engine] of [
    ['isolated', 'lockstep', 'model'],
    ['isolated', 'free', 'workers-free'],
    ['plain', 'lockstep', 'model'],
  ] as const) {
    test(`a goto sent in answer to ready lands (${server}, ${mode})`, async ({ page }) => {
      const host = new EmbedHost(page);
      await host.open(
        server,
        `?scenario=1&start=fork&mode=${mode}`,
        'iframe.html',
        '&gotoOnReady=50',
      );
      const state = await host.settled();
      expect(state).toMatchObject({ isolated: server === 'isolated', engine, step: 50 });
      const received = await host.received();
      // Ready came before the run was on screen; the goto waited for it.
      expect(received[0]).toMatchObject({ type: 'mpviz:ready', state: { stepCount: 0 } });
      expect(received.filter((m) => m.type === 'mpviz:stepchange').at(-1)).toMatchObject({
        step: 50,
      });
      await expect(host.narration).toContainText('step 50 / ');
    });
  }

  test('only the page that embeds it can drive it', async ({ page }) => {
    const host = new EmbedHost(page);
    await host.open('isolated', '?scenario=1&step=10');
    await host.settled();
    const other = page.frames().find((f) => f.url().endsWith('/other.html'))!;
    const before = await host.received();
    await other.evaluate(() => window.sendToSibling!({ type: 'mpviz:goto', step: 99 }));
    await other.evaluate(() => window.sendToSibling!({ type: 'mpviz:play' }));
    // The sibling's messages were posted first: once the host's own question
    // is answered, the embed has had them (and ignored them).
    await host.sync();
    expect((await host.state()).step).toBe(10);
    expect((await host.received()).filter((m) => m.type !== 'mpviz:state')).toEqual(
      before.filter((m) => m.type !== 'mpviz:state'),
    );
    expect((await host.state()).running).toBe(false);
  });

  test('a few thousand random and malformed messages: nothing throws, nothing changes', async ({
    page,
  }) => {
    const host = new EmbedHost(page);
    const errors = watchErrors(page);
    await host.open('isolated', '?scenario=2&step=100');
    const before = await host.settled();
    const receivedBefore = (await host.received()).length;

    const sent = await page.evaluate((seed) => {
      // A seeded generator (mulberry32), so a failure can be replayed.
      let a = seed;
      const random = () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const junk = (): unknown =>
        pick<() => unknown>([
          () => null,
          () => undefined,
          () => random() * 1e6 - 5e5,
          () => -1,
          () => 1.5,
          () => Number.NaN,
          () => '7',
          () => 'mpviz:play',
          () => '',
          () => true,
          () => [1, 2, 3],
          () => ({ nested: { deep: [random()] } }),
          () => new Date(0),
          () => new Uint8Array(3),
          () => ({}),
        ])();
      const types = ['mpviz:goto', 'mpviz:play', 'mpviz:pause', 'mpviz:setScenario'];
      // Each message is broken in at least one way, so none is a valid command.
      const broken = (): unknown =>
        pick<() => unknown>([
          junk,
          () => ({ type: pick([null, 7, '', 'play', 'mpviz:', 'mpviz:Play', ['mpviz:play']]) }),
          () => ({ type: `mpviz:${Math.floor(random() * 1e6)}` }),
          () => ({ type: 'mpviz:goto', step: pick([-1, 0.5, '3', null, 1e12, Number.NaN]) }),
          () => ({ type: 'mpviz:goto', step: 3, extra: junk() }),
          () => ({ type: pick(types), [`x${Math.floor(random() * 9)}`]: junk() }),
          () => ({ type: 'mpviz:setScenario', scenario: pick([0, 7, -1, '2', 2.5, null]) }),
          () => ({ type: 'mpviz:setParams', params: junk() }),
          () => ({ type: 'mpviz:setParams', params: { seed: pick([-1, '5', 2 ** 40, 0.5]) } }),
          () => ({ type: 'mpviz:setParams', params: { startMethod: pick(['vfork', 'Fork', 1]) } }),
          // Valid in form, but what it already shows: nothing to change or run.
          () => ({ type: 'mpviz:setScenario', scenario: 2 }),
          () => ({ type: 'mpviz:setParams', params: { platform: 'windows', startMethod: 'fork' } }),
          () => ({ type: 'mpviz:setParams', params: { bogus: 1 } }),
          () => [{ type: 'mpviz:play' }],
          () => ({ TYPE: 'mpviz:play' }),
          () => ({ type: 'MPVIZ:PLAY' }),
        ])();
      let count = 0;
      for (let i = 0; i < 3000; i += 1) {
        window.send!(broken());
        count += 1;
      }
      return count;
    }, 20261126);
    expect(sent).toBe(3000);

    // Messages arrive in order: once a valid question sent last is answered,
    // every broken one before it has been handled (and ignored).
    await host.sync();
    expect(await host.state()).toEqual(before);
    expect((await host.received()).length).toBe(receivedBefore + 1);
    expect(errors).toEqual([]);
    // And it still obeys a valid command afterwards.
    await host.send({ type: 'mpviz:goto', step: 101 });
    await expect.poll(async () => (await host.state()).step).toBe(101);
  });
});

test.describe('<mpviz-embed>', () => {
  test('writes an isolated, titled iframe and forwards the API and its events', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto(
      `${HOST_ORIGIN}/element.html?script=${encodeURIComponent(`${APP_ORIGIN}/mpviz-embed.js`)}`,
    );
    const iframe = page.locator('mpviz-embed iframe');
    await expect(iframe).toHaveAttribute('allow', 'cross-origin-isolated');
    await expect(iframe).toHaveAttribute('title', /mpviz/);
    await expect(iframe).toHaveAttribute('src', `${APP_ORIGIN}/embed.html?scenario=1&start=fork`);

    const eventsOf = (type: string) =>
      page.evaluate((t) => window.events!.filter((e) => e.type === t), type);
    await expect.poll(async () => (await eventsOf('ready')).length).toBe(1);
    await expect.poll(async () => (await eventsOf('verdict')).length).toBe(1);
    expect((await eventsOf('verdict'))[0]!.detail).toMatchObject({ verdict: 'raised' });

    // The element's API, as a docs page's script would use it (app/embed/element.ts).
    type Element = { goto(step: number): void; state: { step: number } | null };
    await page.evaluate(() =>
      (document.querySelector('mpviz-embed') as unknown as Element).goto(40),
    );
    await expect
      .poll(() =>
        page.evaluate(
          () => (document.querySelector('mpviz-embed') as unknown as Element).state?.step,
        ),
      )
      .toBe(40);
    const frame = page.frameLocator('mpviz-embed iframe');
    await expect(frame.getByRole('region', { name: 'Narration' })).toContainText('step 40 / ');
    expect(
      await page
        .frames()
        .find((f) => f.url().includes('/embed.html'))!
        .evaluate(() => self.crossOriginIsolated),
    ).toBe(true);
    expect(errors).toEqual([]);
  });
});

test.describe('<mpviz-embed> and its commands', () => {
  test('a goto given as the tag is written lands; two tags in a row have a gap', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto(
      `${HOST_ORIGIN}/element.html?script=${encodeURIComponent(`${APP_ORIGIN}/mpviz-embed.js`)}`,
    );
    // A second tag right after the first, told where to go before its frame has even loaded.
    await page.evaluate(async () => {
      await customElements.whenDefined('mpviz-embed');
      const el = document.createElement('mpviz-embed') as HTMLElement & { goto(n: number): void };
      el.id = 'second';
      el.setAttribute('scenario', '3');
      document.getElementById('viz')!.after(el);
      el.goto(60);
    });
    const second = page.locator('#second');
    await expect
      .poll(() =>
        second.evaluate((el) => (el as unknown as { state?: { step: number } }).state?.step),
      )
      .toBe(60);
    const [a, b] = await page
      .locator('mpviz-embed')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
    expect(b!.top - a!.bottom).toBeGreaterThanOrEqual(16);
    // No style attribute anywhere (a host's CSP would refuse one).
    expect(
      await page.evaluate(() =>
        Array.from(document.querySelectorAll('mpviz-embed'), (el) => el.getAttribute('style')),
      ),
    ).toEqual([null, null]);
    expect(errors).toEqual([]);
  });
});

test.describe('the GitHub Pages build (npm run build:pages)', () => {
  test('isolates itself with its service worker on a host that sends no headers', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const mpviz = new MpvizPage(page);
    await page.goto(`${PAGES_ORIGIN}/?scenario=1`);
    // It reloads once under its service worker, then the API appears.
    await page.waitForFunction(() => window.mpviz?.version === 1);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    await mpviz.run();
    const state = await page.evaluate(() => window.mpviz!.settled());
    expect(state).toMatchObject({
      isolated: true,
      engine: 'model',
      verdict: 'raised',
      confirmation: { state: 'confirmed', engine: 'workers-lockstep' },
    });
    expect(errors).toEqual([]);
  });
});

test.describe('the embed on its own', () => {
  for (const width of [400, 800]) {
    test(`fits an iframe ${width} px wide, and passes axe`, async ({ page }) => {
      test.slow(); // axe is slow on a busy machine (see stage.spec.ts)
      await page.setViewportSize({ width, height: 640 });
      await page.goto(`${APP_ORIGIN}/embed.html?scenario=2&step=203`);
      await page.waitForFunction(() => window.mpviz?.getState().stepCount);
      const narration = page.getByRole('region', { name: 'Narration', exact: true });
      await expect(narration).toContainText('step 203 / ');
      await expect(page.getByRole('button', { name: 'Next step' })).toBeInViewport();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // The views: the processes, the code, the console.
      await page.getByRole('tab', { name: 'Code' }).click();
      await expect(page.getByRole('tabpanel')).toContainText('mp.Manager().Lock()');
      await page.getByRole('tab', { name: 'Processes' }).click();
      await expect(page.getByRole('article', { name: /^MainProcess/ })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
      await page.screenshot({ path: `test-results/embed-${width}.png`, fullPage: false });
    });
  }

  test('bad parameters: the embed shows a notice for each, as the app does', async ({ page }) => {
    await page.goto(`${APP_ORIGIN}/embed.html?scenario=9&seed=${'A'.repeat(300)}`);
    const notices = page.getByRole('list', { name: 'Notices' });
    await expect(notices.getByRole('listitem')).toHaveCount(2);
    await expect(notices).toContainText('“scenario=9” is not a scenario');
    await expect(notices).toContainText('… (300 characters)');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('theme, controls and autoplay', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${APP_ORIGIN}/embed.html?scenario=3&theme=dark&controls=0&autoplay=1`);
    await page.waitForFunction(() => window.mpviz?.getState().stepCount);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(
      'dark',
    );
    await expect(page.getByRole('button', { name: 'Next step' })).toHaveCount(0);
    // Autoplay starts from the first step and plays until the first checkpoint,
    // where it waits for the learner's answer, and the answer plays on.
    await expect.poll(() => page.evaluate(() => window.mpviz!.getState().step)).toBeGreaterThan(0);
    const narration = page.getByRole('region', { name: 'Narration', exact: true });
    await expect(narration.getByText('Predict')).toBeVisible({ timeout: 30_000 });
    const asked = await page.evaluate(() => window.mpviz!.getState().step);
    await narration.getByRole('button').first().click();
    await expect
      .poll(() => page.evaluate(() => window.mpviz!.getState().step), { timeout: 30_000 })
      .toBeGreaterThan(asked);
  });
});
