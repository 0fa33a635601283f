/**
 * The builder panel (app/builder/) as a person finds it: the Compose button
 * in the settings bar, then a dialog named "Compose a scenario" with its
 * presets, the format's choices, one group per shared object, the one-line
 * summary, the script, the reasons a combination cannot run, and Run.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class BuilderPanel {
  readonly open: Locator;
  readonly dialog: Locator;
  readonly presets: Locator;
  readonly load: Locator;
  readonly container: Locator;
  readonly job: Locator;
  readonly summary: Locator;
  readonly code: Locator;
  readonly status: Locator;
  readonly run: Locator;
  readonly close: Locator;

  constructor(readonly page: Page) {
    this.open = page.getByRole('button', { name: 'Compose…', exact: true });
    this.dialog = page.getByRole('dialog', { name: 'Compose a scenario' });
    this.presets = this.dialog.getByLabel('Start from', { exact: true });
    this.load = this.dialog.getByRole('button', { name: 'Load', exact: true });
    this.container = this.dialog.getByLabel('Runs the job in', { exact: true });
    this.job = this.dialog.getByLabel('The job', { exact: true });
    this.summary = this.dialog.getByTestId('builder-summary');
    this.code = this.dialog.getByRole('region', { name: 'The script', exact: true });
    this.status = this.dialog.getByRole('status');
    this.run = this.dialog.getByRole('button', { name: 'Run this scenario', exact: true });
    this.close = this.dialog.getByRole('button', { name: 'Close', exact: true });
  }

  async show(): Promise<void> {
    await this.open.click();
    await expect(this.dialog).toBeVisible();
    await expect(this.code).toContainText('def the_job');
  }

  /** One shared object's group ("Object 2: Queue"). */
  object(n: number, type: string): Locator {
    return this.dialog.getByRole('group', { name: `Object ${n}: ${type}`, exact: true });
  }

  /** A choice of one object, by its label ("Made by", "Reaches the job"). */
  objectChoice(n: number, type: string, label: string): Locator {
    return this.object(n, type).getByLabel(label, { exact: true });
  }

  async preset(label: string): Promise<void> {
    await this.presets.selectOption({ label });
    await this.load.click();
  }
}
