import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { validateChromeTrace } from '../src/sim/export';
import { EmbedHost } from './pages/embed-host';
import { MpvizPage } from './pages/mpviz-page';
import { APP_ORIGIN } from './ports';

test.describe('sharing', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('Copy link copies a deep link to every setting and this step; it opens there', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_ORIGIN });
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=2');
    await mpviz.run();
    await mpviz.gotoStep(40);
    await mpviz.share.getByRole('button', { name: 'Copy link' }).click();
    await expect(mpviz.share.getByRole('status')).toHaveText('Copied.');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(
      `${APP_ORIGIN}/?scenario=2&start=fork&os=linux&py=3.12&call=map&seed=1&mode=lockstep&step=40&lang=en`,
    );

    const other = new MpvizPage(await context.newPage());
    await other.page.goto(link);
    // Already run on arrival, at that step.
    await other.page.waitForFunction(() => window.mpviz?.getState().stepCount);
    expect((await other.state()).step).toBe(40);
    expect(await other.narration.innerText()).toBe(await mpviz.narration.innerText());
  });

  test('Copy embed code copies an iframe that shows the same step in a docs page', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_ORIGIN });
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=1');
    await mpviz.run();
    await mpviz.gotoStep(171);
    await mpviz.share.getByRole('button', { name: 'Copy embed code' }).click();
    const code = await page.evaluate(() => navigator.clipboard.readText());
    expect(code).toMatch(/^<iframe src="[^"]+" title="mpviz: scenario 1, [^"]+" /);
    expect(code).toContain('allow="cross-origin-isolated"');
    const src = /src="([^"]+)"/.exec(code)![1]!.replace(/&amp;/g, '&');
    expect(src).toBe(
      `${APP_ORIGIN}/embed.html?scenario=1&start=fork&os=linux&py=3.12&call=map&seed=1&mode=lockstep&step=171&lang=en`,
    );

    const host = new EmbedHost(await context.newPage());
    await host.open('isolated', '?step=171');
    expect((await host.settled()).step).toBe(171);
    await expect(host.narration).toContainText('Task 0 does not pickle');
  });

  test('without clipboard access, the text is shown selected to copy by hand', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=1');
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new Error('denied')) },
      });
    });
    await mpviz.run();
    await mpviz.share.getByRole('button', { name: 'Copy link' }).click();
    await expect(mpviz.share.getByRole('status')).toContainText('Could not copy');
    const manual = mpviz.share.getByRole('textbox', { name: 'Copy link' });
    const { step } = await mpviz.state();
    await expect(manual).toHaveValue(
      `${APP_ORIGIN}/?scenario=1&start=fork&os=linux&py=3.12&call=map&seed=1&mode=lockstep&step=${step}&lang=en`,
    );
  });

  test('Export trace downloads Chrome Trace Event JSON that validates', async ({ page }) => {
    const mpviz = new MpvizPage(page);
    await mpviz.goto('?scenario=1');
    await mpviz.run();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      mpviz.share.getByRole('button', { name: 'Export trace' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      // The trace on screen: the model's (confirmed by the workers' run, event for event).
      'mpviz-scenario-1-fork-linux-py3.12-map-seed1.trace.json',
    );
    const json: unknown = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(validateChromeTrace(json)).toEqual([]);
    const events = (
      json as { traceEvents: { ph: string; name: string; args?: { name?: string } }[] }
    ).traceEvents;
    const threadNames = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    expect(threadNames.map((e) => e.args?.name)).toContain('Thread-2 (_handle_tasks)');
    expect(events.some((e) => e.ph === 's')).toBe(true);
  });
});
