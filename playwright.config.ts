import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import {
  APP_PORT,
  CSP_SITES_PORT,
  HOST_PORT,
  PAGES_PORT,
  PLAIN_PORT,
  RELEASE_ORIGIN,
  RELEASE_PORT,
  RELEASE_URL,
  SITES_PORT,
  documentedCsp,
} from './e2e/ports';

const isCI = Boolean(process.env.CI);
const port = APP_PORT;

// Playwright cannot download its own browsers here: use the system Chromium
// (Debian: `apt-get install chromium`) unless CHROMIUM_PATH names another one.
// If neither exists, fall back to Playwright's own (`npx playwright install chromium`).
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const launchPath = existsSync(chromiumPath) ? { executablePath: chromiumPath } : {};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: 0,
  // Two at a time in CI too: every test waits on state, and the suite holds on a busy 2-core machine.
  ...(isCI ? { workers: 2 } : {}),
  reporter: isCI
    ? 'list'
    : [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  // Assertions wait on state: 15 s, not 5, before a busy machine's slow load counts as a failure.
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        headless: true,
        launchOptions: {
          ...launchPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `npm run build && node scripts/release.mjs && npx vite preview --port ${port} --strictPort`,
      url: `http://localhost:${port}`,
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // The other origins of e2e/embed.spec.ts: a docs host that sends no headers,
    // and the built app served without the isolation headers (the fallback).
    {
      command: `node scripts/static-server.mjs --root e2e/hosts --port ${HOST_PORT}`,
      url: `http://localhost:${HOST_PORT}/__health`,
      reuseExistingServer: !isCI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node scripts/static-server.mjs --root dist --port ${PLAIN_PORT}`,
      url: `http://localhost:${PLAIN_PORT}/__health`,
      reuseExistingServer: !isCI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // The release layout a docs site pins (scripts/release.mjs, written by the first server's command).
    {
      command: `node scripts/static-server.mjs --root dist-release --port ${RELEASE_PORT} --isolate`,
      url: `http://localhost:${RELEASE_PORT}/__health`,
      reuseExistingServer: !isCI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // Real docs sites (Sphinx with the extension, MkDocs with the recipe) pinned
    // to that release, served with no headers, and again with the documented CSP.
    {
      command: `node e2e/sites/build.mjs && node scripts/static-server.mjs --root e2e/.sites --port ${SITES_PORT}`,
      url: `http://localhost:${SITES_PORT}/__health`,
      env: { MPVIZ_URL: RELEASE_URL },
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node scripts/static-server.mjs --root e2e/.sites --port ${CSP_SITES_PORT} --csp "${documentedCsp(RELEASE_ORIGIN)}"`,
      url: `http://localhost:${CSP_SITES_PORT}/__health`,
      reuseExistingServer: !isCI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    // The GitHub Pages build: isolated by its service worker, with no headers at all.
    {
      command: `npm run build:pages && node scripts/static-server.mjs --root dist-pages --port ${PAGES_PORT}`,
      url: `http://localhost:${PAGES_PORT}/__health`,
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
