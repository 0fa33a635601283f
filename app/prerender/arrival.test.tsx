import { describe, expect, it } from 'vitest';
import { createRunStore, run } from '../store';
import { prerenderArrival } from './arrival';
import { prerenderKey } from './key';

describe('the prerendered arrival (the build writes it into index.html)', () => {
  it('is the default run where the story starts, keyed by what a page arriving at / will show', async () => {
    const { html, key, step } = await prerenderArrival();
    const page = createRunStore({ search: '', isolated: true, writeSearch: () => {} });
    expect(key).toBe(prerenderKey(page.getState()));
    await run(page);
    expect(step).toBe(page.getState().step);
    expect(step).toBeGreaterThan(0);
    expect(html).toContain('aria-label="Narration"');
    expect(html).toContain('aria-label="Next step"');
  });

  it('has no style attribute (the CSP refuses them) and no Suspense left to the browser', async () => {
    const { html } = await prerenderArrival();
    expect(html).not.toMatch(/<[^>]+\sstyle="/);
    // `<!--$!-->` marks a boundary the server gave up on: hydration would render it again.
    expect(html).not.toContain('<!--$!-->');
  });

  it('does not know this tab’s time: the engine line leaves it out', async () => {
    const { html } = await prerenderArrival();
    expect(html).toContain('computed in this tab.');
    expect(html).not.toMatch(/computed in this tab in \d/);
  });
});
