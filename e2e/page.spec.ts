import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { scriptText } from '../src/sim/scenarios';
import { MpvizPage } from './pages/mpviz-page';
import { withoutIsolation } from './pages/without-isolation';

/** The page's default settings, as the script's source reads them. */
const SETTINGS = {
  platform: 'linux',
  python: '3.12',
  startMethod: 'fork',
  call: 'map',
  scenario: 1,
} as const;

const LOCK_ERROR =
  'RuntimeError: Lock objects should only be shared between processes through inheritance';

test('with no parameters, the page arrives already run with the defaults', async ({ page }) => {
  const mpviz = new MpvizPage(page);
  const state = await mpviz.open();

  expect(state).toMatchObject({
    scenario: 1,
    startMethod: 'fork',
    platform: 'linux',
    python: '3.12',
    call: 'map',
    seed: 1,
    mode: 'lockstep',
    isolated: true,
    verdict: 'raised',
    running: false,
  });
  // It opens where the story starts: after the first child starts, before the end.
  expect(state.step).toBeGreaterThan(0);
  expect(state.step).toBeLessThan(state.stepCount);
  await expect(mpviz.scenario).toHaveValue('1');
  await expect(mpviz.scenario).toHaveAccessibleDescription(/task handler cannot pickle them/);
  await expect(mpviz.platform).toHaveValue('linux');
  await expect(mpviz.python).toHaveValue('3.12');
  await expect(mpviz.startMethod).toHaveValue('fork');
  await expect(mpviz.radio('Pool call', 'map')).toBeChecked();
  await expect(mpviz.seed).toHaveValue('1');
  await expect(mpviz.radio('Scheduling', 'lockstep')).toBeChecked();
  await expect(mpviz.runButton).toBeEnabled();
  await expect(mpviz.cancelButton).toHaveCount(0);
  await expect(mpviz.notices).toHaveCount(0);
  await expect(mpviz.engineLine).toHaveAttribute('data-isolated', 'true');
  // The address stays clean: the step shown is the one a bare address shows.
  expect(new URL(page.url()).search).toBe('');
});

test('every parameter in the address is honoured', async ({ page }) => {
  const mpviz = new MpvizPage(page);
  await mpviz.goto('?scenario=3&start=spawn&os=macos&py=3.11&call=imap&seed=7&mode=free');

  expect(await mpviz.state()).toMatchObject({
    scenario: 3,
    startMethod: 'spawn',
    platform: 'macos',
    python: '3.11',
    call: 'imap',
    seed: 7,
    mode: 'free',
  });
  await expect(mpviz.scenario).toHaveValue('3');
  await expect(mpviz.scenario).toHaveAccessibleDescription(/as Process arguments/);
  await expect(mpviz.platform).toHaveValue('macos');
  await expect(mpviz.python).toHaveValue('3.11');
  await expect(mpviz.startMethod).toHaveValue('spawn');
  await expect(mpviz.radio('Pool call', 'imap')).toBeChecked();
  await expect(mpviz.seed).toHaveValue('7');
  await expect(mpviz.radio('Scheduling', 'free')).toBeChecked();
  await expect(mpviz.notices).toHaveCount(0);
});

test('bad values fall back to the defaults, with a polite notice for each', async ({ page }) => {
  const mpviz = new MpvizPage(page);
  await mpviz.goto('?scenario=9&os=windows&start=fork&seed=-3&zzz=1');

  expect(await mpviz.state()).toMatchObject({
    scenario: 1,
    platform: 'windows',
    startMethod: 'spawn',
    seed: 1,
    python: '3.12',
  });
  await expect(mpviz.notices).toBeVisible();
  // The notices sit in a polite live region.
  await expect(page.locator('[aria-live="polite"]').filter({ has: mpviz.notices })).toHaveCount(1);
  await expect(mpviz.notices.getByRole('listitem')).toHaveCount(4);
  await expect(
    mpviz.notice('“scenario=9” is not a scenario (1–6); showing scenario 1.'),
  ).toBeVisible();
  await expect(
    mpviz.notice(
      "Windows has no “fork” start method (CPython: ValueError: cannot find context for 'fork'); using spawn.",
    ),
  ).toBeVisible();
  await expect(mpviz.notice('“seed=-3”')).toBeVisible();
  await expect(mpviz.notice('“zzz”')).toBeVisible();

  // Windows offers spawn only.
  await expect(mpviz.startMethod.getByRole('option')).toHaveText(['spawn (default)']);

  // Notices can be dismissed, one at a time or all together.
  await mpviz
    .notice('“zzz”')
    .getByRole('button', { name: /^Dismiss/ })
    .click();
  await expect(mpviz.notices.getByRole('listitem')).toHaveCount(3);
  await expect(mpviz.notice('“zzz”')).toHaveCount(0);
  await page.getByRole('button', { name: 'Dismiss all' }).click();
  await expect(mpviz.notices).toHaveCount(0);
  await expect(mpviz.scenario).toBeFocused();
});

test('a very long value in the address: a bounded excerpt, no sideways scrolling', async ({
  page,
}) => {
  const mpviz = new MpvizPage(page);
  await mpviz.goto(`?seed=${'A'.repeat(300)}&${'q'.repeat(5000)}=1`);
  const seed = mpviz.notice('“seed=');
  await expect(seed).toContainText('… (300 characters)');
  await expect(mpviz.notice('(5,000 characters)')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(seed.getByRole('button', { name: /^Dismiss/ })).toBeInViewport();
});

test('scenario 1 says where the RuntimeError is raised and why', async ({ page }) => {
  const mpviz = new MpvizPage(page);
  await mpviz.open();

  await expect(mpviz.verdict).toContainText(LOCK_ERROR);
  await expect(mpviz.verdict).toContainText('Raised');
  await expect(mpviz.verdict).toContainText(
    'The Pool’s task handler (Thread-2 (_handle_tasks) of MainProcess) could not pickle task 0',
  );
  await mpviz.lastStep.click();
  const traceback = await mpviz.moreTab('Traceback');
  await expect(traceback).toContainText('Traceback (most recent call last):');
  await expect(traceback).toContainText(LOCK_ERROR);
  // One traceback on the page, not three copies.
  await expect(page.getByText('Traceback (most recent call last):')).toHaveCount(1);
  await mpviz.moreTab('This run');
  await expect(mpviz.processes().first()).toContainText('MainProcess');
  await expect(mpviz.processes()).toHaveCount(4);

  const state = await mpviz.state();
  expect(state).toMatchObject({ verdict: 'raised', running: false });
  expect(state.step).toBe(state.stepCount);
});

test('mpviz.run() on scenario 6 with spawn ends with the script’s verdict', async ({ page }) => {
  const mpviz = new MpvizPage(page);
  await mpviz.open('?scenario=6&start=spawn');
  const state = await mpviz.run();

  expect(['successful', 'fails']).toContain(state.verdict);
  expect(state).toMatchObject({ scenario: 6, startMethod: 'spawn', running: false });
  expect(state.stepCount).toBeGreaterThan(0);
  await expect(mpviz.verdict).toContainText(/Scenario 6 (successful!|fails: )/);
  await mpviz.lastStep.click();
  const console_ = await mpviz.moreTab('Console');
  await expect(console_).toContainText('einhundertelfzigelf');
  await mpviz.moreTab('Traceback');
  await expect(mpviz.stepTraceback).toContainText('Nothing has been raised up to this step.');
  await mpviz.moreTab('This run');
  await expect(mpviz.processes().filter({ hasText: 'SpawnPoolWorker-1' })).toHaveCount(1);
});

test('a script’s mpviz.run(), called as soon as the API is there, is not replaced by the page’s own run', async ({
  page,
}) => {
  // The model's chunk is held back until the test has called run(), if the
  // API is there before the model: the page's arrival run, which waits for
  // the model, must then not cancel the script's run (CI caught this race).
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let requested: () => void = () => {};
  const modelRequested = new Promise<void>((resolve) => (requested = resolve));
  await page.route(/\/assets\/run-[^/]*\.js$/, async (route) => {
    requested();
    await held;
    await route.continue();
  });
  // scenario=3: an address whose picture is not built into the page.
  await page.goto('/?scenario=3');
  await modelRequested;
  const early = await page.evaluate(() => {
    if (!window.mpviz) return false;
    window.mpviz.setParams({ scenario: 2 });
    (window as { __early?: Promise<unknown> }).__early = window.mpviz.run();
    return true;
  });
  release();
  const state = await page.evaluate(async (early) => {
    const w = window as { __early?: Promise<unknown> };
    if (early) return w.__early;
    // The API appears once the page's own run has started: a run now replaces it.
    while (!window.mpviz) await new Promise((r) => requestAnimationFrame(r));
    window.mpviz.setParams({ scenario: 2 });
    return window.mpviz.run();
  }, early);
  expect(state).toMatchObject({ scenario: 2, running: false });
  await expect(new MpvizPage(page).verdict).toContainText('Scenario 2');
});

test('controls and setParams keep the address in sync and run again at once', async ({ page }) => {
  const mpviz = new MpvizPage(page);
  await mpviz.open();

  await mpviz.scenario.selectOption('2');
  await mpviz.platform.selectOption('windows');
  await mpviz.radio('Pool call', 'imap').check();
  await mpviz.seed.fill('42');
  await expect(page).toHaveURL(/\?scenario=2&os=windows&call=imap&seed=42$/);
  await page.waitForFunction(() => {
    const s = window.mpviz!.getState();
    return s.seed === 42 && !s.running && s.verdict !== null;
  });
  expect(await mpviz.state()).toMatchObject({
    scenario: 2,
    platform: 'windows',
    startMethod: 'spawn',
    call: 'imap',
    seed: 42,
  });
  expect((await mpviz.getTraceHeader())?.seed).toBe(42);

  const state = await mpviz.setParams({ platform: 'linux', python: '3.14' });
  expect(state.startMethod).toBe('forkserver');
  await expect(page).toHaveURL(/\?scenario=2&py=3\.14&call=imap&seed=42$/);
  await expect(mpviz.python).toHaveValue('3.14');
  await expect(mpviz.startMethod).toHaveValue('forkserver');
  await page.waitForFunction(() => window.mpviz!.getTrace()?.header.python === '3.14');
});

// A route still fetching when a test ends (the favicon) must not fail the worker
// (and skip the tests after it): the routes are removed, their errors ignored.
test.afterEach(async ({ page }) => {
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('without cross-origin isolation, the model kernel runs in the tab and says so', async ({
  page,
}) => {
  await withoutIsolation(page);
  const mpviz = new MpvizPage(page);
  const state = await mpviz.open();

  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await expect(mpviz.engineLine).toHaveAttribute('data-isolated', 'false');
  await expect(mpviz.engineLine).toContainText('This page is not cross-origin isolated');
  expect(state).toMatchObject({ isolated: false, verdict: 'raised', engine: 'model' });
  await expect(mpviz.verdict).toContainText(LOCK_ERROR);
});

test('without isolation, mode=free says it cannot race and reports the mode that ran', async ({
  page,
}) => {
  await withoutIsolation(page);
  const mpviz = new MpvizPage(page);
  await mpviz.goto('?mode=free');
  await expect(mpviz.notice('“mode=free”')).toContainText('cross-origin isolated');
  const state = await mpviz.run();
  expect(state).toMatchObject({ engine: 'model', mode: 'lockstep', verdict: 'raised' });
});

test('the page can be used with the keyboard alone', async ({ page }) => {
  const mpviz = new MpvizPage(page);
  await mpviz.open();
  await mpviz.scenario.focus();
  await page.keyboard.press('ArrowDown'); // scenario 2, run at once
  await expect(mpviz.verdict).toContainText('Scenario 2');
  expect((await mpviz.state()).scenario).toBe(2);
  // Tab through the settings to "Run again" and press it.
  for (let i = 0; i < 14; i += 1) {
    if (await mpviz.runButton.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(mpviz.runButton).toBeFocused();
  const before = await page.evaluate(() => window.mpviz!.getTrace());
  await page.keyboard.press('Enter');
  await page.waitForFunction((old) => {
    const trace = window.mpviz!.getTrace();
    return (
      trace !== null &&
      JSON.stringify(trace.header) === JSON.stringify(old?.header) &&
      !window.mpviz!.getState().running
    );
  }, before);
  await expect(mpviz.verdict).toContainText('Scenario 2');
});

test('“Download this script” in This run saves the code panel’s script for the settings', async ({
  page,
}) => {
  const mpviz = new MpvizPage(page);
  await mpviz.open('?scenario=2&py=3.13&start=spawn');
  // The Python select stays short; its tooltip and description name the release.
  await expect(mpviz.python).toHaveAttribute('title', 'Python 3.13 — line numbers of 3.13.0');
  await expect(mpviz.python).toHaveAccessibleDescription('Python 3.13 — line numbers of 3.13.0');
  const panel = await mpviz.moreTab('This run');
  const button = panel.getByRole('button', { name: 'Download this script' });
  await expect(button).toHaveAccessibleDescription(/python3 scenarios\.py/);
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('scenarios.py');
  const saved = readFileSync(await download.path(), 'utf8');
  expect(saved).toBe(
    scriptText({ ...SETTINGS, scenario: 2, python: '3.13', startMethod: 'spawn' }),
  );
  // It is the script the code panel shows, line for line.
  const shown = await page.locator('.code-scroll').innerText();
  for (const line of saved
    .split('\n')
    .filter((l) => /\w/.test(l))
    .slice(0, 12)) {
    expect(shown).toContain(line.trim());
  }
});
