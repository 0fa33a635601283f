/**
 * The story view of the stage (the default), as a person or a screen reader
 * finds it: the region "Processes and the kernel", one article per process
 * named by its heading, one group per object (`Lock`, `Queue`, `Task pipe`),
 * each card's list of what it holds, and the refusal as a note on the task
 * handler's thread. The arrows are aria-hidden; the cards say the same.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export class StoryPanel {
  readonly region: Locator;
  readonly internals: Locator;
  readonly cards: Locator;
  /** The task handler's refusal (a note on its thread row). */
  readonly refusal: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Processes and the kernel', exact: true });
    this.internals = this.region.getByRole('checkbox', { name: 'Show internals', exact: true });
    this.cards = this.region.getByRole('article');
    this.refusal = this.region.getByRole('note');
  }

  card(name: string): Locator {
    return this.region.getByRole('article', { name, exact: true });
  }

  /** A shared object (in the band, or inside a manager's card), by its name. */
  object(name: 'Lock' | 'Queue' | 'Task pipe'): Locator {
    return this.region.getByRole('group', { name, exact: true });
  }

  /** What a process holds, one row per object: `Lock: inherited (fork)`, `no Lock`. */
  holdings(name: string): Locator {
    return this.card(name)
      .getByRole('list', { name: `What ${name} holds` })
      .getByRole('listitem');
  }

  /** The story view is the one shown (internals off). */
  async expectStory(): Promise<void> {
    await expect(this.internals).not.toBeChecked();
    await expect(this.cards.first()).toBeVisible();
  }

  /**
   * Every card's and every object's box, relative to the stage, by name; and
   * the stage's own size (under `stage`). One round trip to the page.
   */
  boxes(): Promise<Record<string, Box>> {
    return this.region.evaluate((region) => {
      const origin = region.getBoundingClientRect();
      const out: Record<string, Box> = {
        stage: { x: 0, y: 0, width: origin.width, height: origin.height },
      };
      const named = region.querySelectorAll('article, [role="group"][aria-labelledby]');
      for (const el of Array.from(named)) {
        const id = el.getAttribute('aria-labelledby')!;
        const name = `${el.tagName === 'ARTICLE' ? 'card' : 'object'} ${document.getElementById(id)?.textContent}`;
        const r = el.getBoundingClientRect();
        out[name] = {
          x: Math.round(r.left - origin.left),
          y: Math.round(r.top - origin.top),
          width: Math.round(r.width),
          height: Math.round(r.height),
        };
      }
      return out;
    });
  }

  /**
   * The cards and objects the step's movement line (or the refusal's line)
   * runs through, other than where it starts and ends: sampled along the
   * drawn SVG paths. Empty when every line goes round what is in its way.
   */
  crossings(): Promise<string[]> {
    return this.region.evaluate((region) => {
      const named = Array.from(
        region.querySelectorAll('article, [role="group"][aria-labelledby]'),
      ).map((el) => ({
        name: document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent ?? '?',
        r: el.getBoundingClientRect(),
      }));
      const inside = (x: number, y: number, r: DOMRect, margin = 0) =>
        x > r.left - margin && x < r.right + margin && y > r.top - margin && y < r.bottom + margin;
      const hits = new Set<string>();
      const paths = region.querySelectorAll<SVGPathElement>(
        '.story-effect-path, .story-arrow-refused',
      );
      for (const path of Array.from(paths)) {
        const matrix = path.getScreenCTM();
        if (!matrix) continue;
        const length = path.getTotalLength();
        const at = (t: number) => {
          const p = path.getPointAtLength(length * t).matrixTransform(matrix);
          return [p.x, p.y] as const;
        };
        const [sx, sy] = at(0);
        const [ex, ey] = at(1);
        // Not in the way: the boxes the line starts or ends on, and what contains them.
        const ends = named.filter(({ r }) => inside(sx, sy, r, 2) || inside(ex, ey, r, 2));
        for (let k = 1; k < 100; k++) {
          const [x, y] = at(k / 100);
          for (const { name, r } of named) {
            if (ends.some((e) => e.name === name)) continue;
            // An object inside an end's card (a manager's) is not in the way either.
            if (
              ends.some(
                (e) =>
                  e.r.left <= r.left &&
                  e.r.right >= r.right &&
                  e.r.top <= r.top &&
                  e.r.bottom >= r.bottom,
              )
            )
              continue;
            if (inside(x, y, r)) hits.add(name);
          }
        }
      }
      return [...hits];
    });
  }
}
