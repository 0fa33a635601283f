/**
 * The comparison (`?compare=…`) as a person or a screen reader finds it:
 * one region per side, named by its scenario and start method; one group of
 * controls, "Step all sides", with Previous stop and Next stop and the
 * moment it is at.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class ComparePage {
  readonly controls: Locator;
  readonly next: Locator;
  readonly previous: Locator;
  readonly position: Locator;
  readonly sides: Locator;

  constructor(readonly page: Page) {
    this.controls = page.getByRole('group', { name: 'Step all sides', exact: true });
    this.next = this.controls.getByRole('button', { name: 'Next stop' });
    this.previous = this.controls.getByRole('button', { name: 'Previous stop' });
    this.position = this.controls.locator('output');
    this.sides = page.getByRole('region', { name: /^Scenario \d+: .* · (fork|spawn|forkserver)$/ });
  }

  /** Opens a comparison and waits until every side has run. */
  async open(search: string): Promise<void> {
    await this.page.goto(`/${search}`);
    await expect(this.position).toContainText(/moment 1 of \d+/, { timeout: 30_000 });
  }

  side(scenario: number, title: string, method: string): Locator {
    return this.page.getByRole('region', {
      name: `Scenario ${scenario}: ${title} · ${method}`,
      exact: true,
    });
  }

  /** The step a side shows (`step 171 / 337`). */
  async stepOf(side: Locator): Promise<number> {
    const text = await side.getByText(/^step \d+ \/ \d+$/).innerText();
    return Number(/step (\d+)/.exec(text)![1]);
  }

  /** Clicks Next until the moment is the route (where the Lock travels, or is refused). */
  async toRoute(): Promise<void> {
    for (let i = 0; i < 15; i += 1) {
      if ((await this.position.innerText()).includes('the route')) return;
      const before = await this.position.innerText();
      await this.next.click();
      await expect(this.position).not.toHaveText(before);
    }
    throw new Error('no route moment');
  }

  /** The stop title a side shows. */
  stopTitle(side: Locator): Locator {
    return side.getByRole('heading', { level: 4 }).first();
  }

  /** One object's journey on a side: the list of its parts. */
  journey(side: Locator, object: 'Lock' | 'Queue'): Locator {
    return side.getByRole('list', { name: `The ${object}’s journey`, exact: true });
  }
}
