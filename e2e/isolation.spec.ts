import { expect, test } from '@playwright/test';

// The worker kernel needs SharedArrayBuffer, which browsers only expose to
// cross-origin-isolated pages. These headers come from vite.config.ts.
const isolationHeaders = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'cross-origin',
  'document-isolation-policy': 'isolate-and-require-corp',
};

test('the page is cross-origin isolated and can use SharedArrayBuffer', async ({ page }) => {
  const response = await page.goto('/');
  expect(response, 'navigation response').not.toBeNull();
  expect(response!.ok()).toBe(true);

  const headers = await response!.allHeaders();
  for (const [name, value] of Object.entries(isolationHeaders)) {
    expect(headers[name], name).toBe(value);
  }

  const isolation = await page.evaluate(() => ({
    crossOriginIsolated: window.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer,
  }));
  expect(isolation.crossOriginIsolated).toBe(true);
  expect(isolation.sharedArrayBuffer).toBe('function');

  await expect(page.getByRole('heading', { level: 1, name: 'mpviz' })).toBeVisible();
  await expect(page.getByTestId('isolation-status')).toHaveAttribute('data-isolated', 'true');
});
