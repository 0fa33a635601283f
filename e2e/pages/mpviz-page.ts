/**
 * The mpviz page as a person (or a screen reader) finds it: every locator is
 * a role, a label or an accessible name, never a CSS class. `state()` and
 * `run()` go through the documented `window.mpviz` API (docs/page-api.md).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { MpvizParams, MpvizState } from '../../app/api';

export class MpvizPage {
  readonly heading: Locator;
  readonly scenario: Locator;
  readonly platform: Locator;
  readonly python: Locator;
  readonly startMethod: Locator;
  readonly seed: Locator;
  readonly runButton: Locator;
  readonly cancelButton: Locator;
  readonly notices: Locator;
  readonly verdict: Locator;
  readonly engineLine: Locator;
  readonly walkthrough: Locator;
  readonly code: Locator;
  readonly narration: Locator;
  readonly firstStep: Locator;
  readonly previousStep: Locator;
  readonly nextStep: Locator;
  readonly lastStep: Locator;
  readonly playButton: Locator;
  readonly pauseButton: Locator;
  readonly speed: Locator;
  readonly scrubber: Locator;
  /** What Next/Previous move by: story stops (default), key steps or every event. */
  readonly stepBy: Locator;
  /** The story's stops, a navigation landmark named "Story". */
  readonly story: Locator;
  /** Copy link, Copy embed code, Export trace, and what they said. */
  readonly share: Locator;
  /** The lanes, one per process and thread (in the Lanes tab). */
  readonly lanes: Locator;
  /** The traceback as of the current step (in the Traceback tab). */
  readonly stepTraceback: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'mpviz' });
    this.scenario = page.getByLabel('Scenario', { exact: true });
    this.platform = page.getByLabel('Operating system', { exact: true });
    this.python = page.getByLabel('Python', { exact: true });
    this.startMethod = page.getByLabel('Start method', { exact: true });
    this.seed = page.getByLabel('Seed', { exact: true });
    this.runButton = page.getByRole('button', { name: 'Run again', exact: true });
    this.cancelButton = page.getByRole('button', { name: 'Cancel', exact: true });
    this.notices = page.getByRole('list', { name: 'Notices' });
    this.verdict = page.getByRole('status', { name: 'Verdict', exact: true });
    this.engineLine = page.getByTestId('isolation-status');
    this.walkthrough = page.getByRole('region', { name: 'Walkthrough', exact: true });
    this.code = this.walkthrough.getByRole('region', { name: 'Code', exact: true });
    this.narration = this.walkthrough.getByRole('region', { name: 'Narration', exact: true });
    const button = (name: string) => this.walkthrough.getByRole('button', { name, exact: true });
    this.firstStep = button('First step');
    this.previousStep = button('Previous step');
    this.nextStep = button('Next step');
    this.lastStep = button('Last step');
    this.playButton = button('Play');
    this.pauseButton = button('Pause');
    this.speed = this.walkthrough.getByLabel('Speed', { exact: true });
    this.scrubber = this.walkthrough.getByLabel('Step', { exact: true });
    this.stepBy = this.walkthrough.getByLabel('Next moves by', { exact: true });
    this.story = this.walkthrough.getByRole('navigation', { name: 'Story', exact: true });
    this.share = this.walkthrough.getByRole('group', { name: 'Share', exact: true });
    // Below the first screen, each in its tab (moreTab opens it).
    this.lanes = page.getByRole('group', { name: 'Lanes', exact: true });
    this.stepTraceback = page
      .getByRole('tabpanel', { name: 'Traceback' })
      .getByRole('region', { name: 'Traceback', exact: true });
  }

  /** Opens the page with a query string (`''` or `'?scenario=3&…'`) and waits for the API. */
  async goto(search = ''): Promise<void> {
    await this.page.goto(`/${search}`);
    await expect(this.heading).toBeVisible();
    await this.page.waitForFunction(() => window.mpviz?.version === 1);
  }

  /**
   * Opens the page and waits for the run it starts on arrival to be on screen
   * and settled (confirmed by the workers, where they confirm it): the page
   * arrives already run, and a test goes on with the page at rest.
   */
  async open(search = ''): Promise<MpvizState> {
    await this.goto(search);
    await this.page.waitForFunction(() => {
      const s = window.mpviz!.getState();
      return !s.running && s.stepCount > 0;
    });
    await this.page.evaluate(() => window.mpviz!.settled());
    await expect(this.nextStep.or(this.previousStep).first()).toBeVisible();
    return this.state();
  }

  /** A tab below the first screen (Traceback, Console, Lanes, Run it 100 times…), selected. */
  async moreTab(name: string): Promise<Locator> {
    const tab = this.page
      .getByRole('tablist', { name: 'More about this run' })
      .getByRole('tab', { name, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    return this.page.getByRole('tabpanel', { name, exact: true });
  }

  /** The box of an element relative to the viewport (throws if it has none). */
  async box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await locator.boundingBox();
    if (!box) throw new Error('no box: the element is not rendered');
    return box;
  }

  /** One of a radio group's options, by the group's legend and the option's label. */
  radio(group: 'Pool call' | 'Scheduling', option: string): Locator {
    return this.page
      .getByRole('group', { name: group })
      .getByRole('radio', { name: option, exact: true });
  }

  /** The processes started, as the list shows them. */
  processes(): Locator {
    return this.page.getByRole('list', { name: /processes? started/ }).getByRole('listitem');
  }

  notice(text: string | RegExp): Locator {
    return this.notices.getByRole('listitem').filter({ hasText: text });
  }

  state(): Promise<MpvizState> {
    return this.page.evaluate(() => window.mpviz!.getState());
  }

  /**
   * Runs, and waits until real workers have confirmed the run on screen (if
   * they do: lockstep on an isolated page), so that a test goes on with the
   * page at rest. Resolves with the state then; e2e/workers.spec.ts checks
   * what `run()` itself resolves with.
   */
  run(): Promise<MpvizState> {
    return this.page.evaluate(async () => {
      await window.mpviz!.run();
      return window.mpviz!.settled();
    });
  }

  /** Makes Next, Previous and Play move one event at a time. */
  async stepByEvents(): Promise<void> {
    await this.stepBy.selectOption('events');
    await expect(this.stepBy).toHaveValue('events');
  }

  /**
   * Clicks Next and waits until the step has moved on. At a checkpoint not
   * answered yet, Next asks first: this skips the question (the explicit
   * choice the page offers), and resolves with the step it then moved to.
   */
  async next(): Promise<number> {
    const before = await this.step();
    await this.nextStep.click();
    const skip = this.narration.getByRole('button', { name: 'Skip this question', exact: true });
    await expect
      .poll(async () => (await this.step()) > before || (await skip.isVisible()))
      .toBe(true);
    if ((await this.step()) === before) await skip.click();
    await expect.poll(() => this.step()).toBeGreaterThan(before);
    return this.step();
  }

  /** Makes Next and Previous move by key steps. */
  async stepByKeySteps(): Promise<void> {
    await this.stepBy.selectOption('keys');
    await expect(this.stepBy).toHaveValue('keys');
  }

  /** The chip of the story's stop shown now. */
  currentStop(): Locator {
    return this.story.locator('[aria-current="step"]');
  }

  /** The header of the trace on screen (null before a run). */
  getTraceHeader(): Promise<{ seed: number; scenario: number } | null> {
    return this.page.evaluate(() => window.mpviz!.getTrace()?.header ?? null);
  }

  /** Shows a step of the walkthrough through `mpviz.goto`. */
  gotoStep(n: number): Promise<MpvizState> {
    return this.page.evaluate((step) => window.mpviz!.goto(step), n);
  }

  /** The walkthrough's current step, as the API reports it. */
  async step(): Promise<number> {
    return (await this.state()).step;
  }

  /** The first step whose event matches `kind` (and `what`/`method` prefix), from the trace. */
  stepOfEvent(kind: string, prefix = ''): Promise<number> {
    return this.page.evaluate(
      ([k, p]) => {
        const events = window.mpviz!.getTrace()!.events;
        const i = events.findIndex((e) => {
          if (e.kind !== k) return false;
          const text = 'what' in e ? e.what : 'method' in e ? e.method : '';
          return text.startsWith(p!);
        });
        return i + 1;
      },
      [kind, prefix],
    );
  }

  /** The timeline's lane labels, in order (`MainProcess · Thread-2 (_handle_tasks)`). */
  laneLabels(): Promise<string[]> {
    return this.lanes.getByRole('listitem').filter({ hasText: ' · ' }).allInnerTexts();
  }

  /** The line of the code panel marked with a process's name. */
  markedLine(process: string): Locator {
    return this.code.locator('[data-marked]').filter({ hasText: process });
  }

  setParams(partial: Partial<MpvizParams>): Promise<MpvizState> {
    return this.page.evaluate((p) => window.mpviz!.setParams(p), partial);
  }
}
