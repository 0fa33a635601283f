/**
 * The stage of the walkthrough with "Show internals" on (the full view), as
 * a person (or a screen reader) finds it: process cards are articles named by their heading, the kernel band is a
 * region, and each family of objects has a heading. Only the overlay (the
 * lines and the moving token, both hidden from assistive technology) is
 * reached by its class, since it has no accessible name by design.
 */
import { expect, type Locator, type Page } from '@playwright/test';

declare global {
  interface Window {
    /** Every Web Animation started on the page, with its element (see `recordAnimations`). */
    mpvizAnimations?: { el: Element; animation: Animation }[];
  }
}

export class StagePanel {
  readonly region: Locator;
  readonly kernel: Locator;
  readonly cards: Locator;
  /** The token that carries a step's movement (aria-hidden: decoration of the narration). */
  readonly token: Locator;
  /** The curves from the focused card's handles to the objects. */
  readonly links: Locator;
  readonly strongLinks: Locator;
  /** Switches from one line per row of the handle table to one per handle. */
  readonly everyHandle: Locator;
  /** Swaps the story view (the default) for the full view described here. */
  readonly internals: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Processes and the kernel', exact: true });
    this.kernel = this.region.getByRole('region', { name: /^Kernel objects/ });
    this.cards = this.region.getByRole('article');
    this.token = this.region.locator('.stage-token');
    this.links = this.region.locator('svg.stage-links path');
    this.strongLinks = this.region.locator('svg.stage-links path[data-strong]');
    this.everyHandle = this.region.getByRole('checkbox', { name: 'A line for every handle' });
    this.internals = this.region.getByRole('checkbox', { name: 'Show internals', exact: true });
  }

  /** Turns the full view on: every locator above is of the full view. */
  async showInternals(): Promise<void> {
    await this.internals.check();
    await expect(this.internals).toBeChecked();
    await expect(this.kernel).toBeVisible();
  }

  /**
   * Starts recording the token's highest opacity, frame by frame, so that a
   * test can ask whether it showed without racing its short flight.
   */
  watchToken(): Promise<void> {
    return this.page.evaluate(() => {
      const w = window as unknown as { mpvizTokenPeak: number };
      w.mpvizTokenPeak = 0;
      const tick = () => {
        const token = document.querySelector('.stage-token');
        if (token)
          w.mpvizTokenPeak = Math.max(w.mpvizTokenPeak, Number(getComputedStyle(token).opacity));
        requestAnimationFrame(tick);
      };
      tick();
    });
  }

  /** The token's highest opacity since `watchToken()`. */
  tokenPeak(): Promise<number> {
    return this.page.evaluate(
      () => (window as unknown as { mpvizTokenPeak: number }).mpvizTokenPeak,
    );
  }

  /**
   * Keeps every Web Animation the page starts (framer-motion animates the
   * token with WAAPI), so a test can look at a flight after it ended instead
   * of racing the clock to see it. Call before the page loads.
   */
  static async recordAnimations(page: Page): Promise<void> {
    await page.addInitScript(() => {
      const kept: { el: Element; animation: Animation }[] = [];
      window.mpvizAnimations = kept;
      const animate = Element.prototype.animate;
      Element.prototype.animate = function (this: Element, ...args: Parameters<typeof animate>) {
        const animation = animate.apply(this, args);
        kept.push({ el: this, animation });
        return animation;
      };
    });
  }

  /**
   * The token's opacity halfway through its last flight, seen by seeking that
   * animation (whether or not it has ended): about 1 for a flight, null if
   * the token never flew since `recordAnimations`.
   */
  async tokenMidFlightOpacity(): Promise<number | null> {
    return this.token.evaluate((el) => {
      const flights = (window.mpvizAnimations ?? []).filter(
        (a) =>
          a.el === el &&
          a.animation.effect instanceof KeyframeEffect &&
          a.animation.effect.getKeyframes().some((k) => Number(k['opacity'] ?? 0) > 0),
      );
      const last = flights.at(-1)?.animation;
      if (!last) return null;
      const duration = Number(last.effect!.getTiming().duration);
      last.pause();
      last.currentTime = duration / 2;
      const opacity = Number(getComputedStyle(el).opacity);
      last.finish();
      return opacity;
    });
  }

  /** A process's card, by its name (`MainProcess`, `ForkPoolWorker-1`). */
  card(name: string): Locator {
    return this.region.getByRole('article', { name: new RegExp(`^${name} pid \\d+$`) });
  }

  /** A name a process holds in its memory: the term and its value (`lock` → `<Lock>`). */
  variable(process: string, name: string): Locator {
    return this.card(process)
      .getByRole('list', { name: 'Memory (its own copy)' })
      .getByRole('listitem')
      .filter({ hasText: new RegExp(`^${name}(in |global)`) });
  }

  /** A family of kernel objects in the band, by its heading (`Lock`, `Queue`). */
  family(name: string): Locator {
    return this.kernel.getByRole('listitem').filter({
      has: this.page.getByRole('heading', { name: new RegExp(`^${name} \\d+ objects?$`) }),
    });
  }

  /** The card names, in their order on the stage. */
  async cardNames(): Promise<string[]> {
    const names = await this.cards.getByRole('heading', { level: 4 }).allInnerTexts();
    return names.map((n) => n.replace(/\s+pid \d+$/, ''));
  }
}
