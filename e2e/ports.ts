/**
 * The origins the end-to-end tests use (playwright.config.ts starts a server on each).
 * `MPVIZ_E2E_PORT_BASE` moves all four (default 4173), so that two checkouts on one
 * machine can run their suites at once without reusing each other's servers.
 */
const base = Number(process.env.MPVIZ_E2E_PORT_BASE ?? '4173');
if (!Number.isInteger(base) || base < 1024 || base > 65_000) {
  throw new Error(`MPVIZ_E2E_PORT_BASE must be a port number (1024-65000), not ${base}`);
}

/** The app and the embed, built, with the isolation headers (`vite preview`). */
export const APP_PORT = base;
/** A docs site: static pages that send no special headers (e2e/hosts). */
export const HOST_PORT = base + 1;
/** The built app again, without the isolation headers (the embed's fallback). */
export const PLAIN_PORT = base + 2;
/** A build for header-less hosts (`npm run build:pages`), served without headers. */
export const PAGES_PORT = base + 3;

export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
export const HOST_ORIGIN = `http://localhost:${HOST_PORT}`;
export const PLAIN_ORIGIN = `http://localhost:${PLAIN_PORT}`;
export const PAGES_ORIGIN = `http://localhost:${PAGES_PORT}`;
