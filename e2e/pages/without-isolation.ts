import type { Page } from '@playwright/test';

/**
 * Serves every response without the cross-origin isolation headers, as a host
 * that sends none would. A test that uses it must remove its routes when it
 * ends (`page.unrouteAll({ behavior: 'ignoreErrors' })` in an afterEach): a
 * fetch still in flight then (the favicon) would otherwise fail the worker.
 */
export async function withoutIsolation(page: Page): Promise<void> {
  const stripped = new Set([
    'cross-origin-opener-policy',
    'cross-origin-embedder-policy',
    'cross-origin-resource-policy',
    'document-isolation-policy',
  ]);
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = Object.fromEntries(
      Object.entries(response.headers()).filter(([name]) => !stripped.has(name.toLowerCase())),
    );
    await route.fulfill({ response, headers });
  });
}
