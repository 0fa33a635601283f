import { readFileSync } from 'node:fs';

/**
 * The origins the end-to-end tests use (playwright.config.ts starts a server on each).
 * `MPVIZ_E2E_PORT_BASE` moves all seven (default 4173: base to base + 6), so that two checkouts on one
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

/** The release layout a docs site pins (scripts/release.mjs): dist-release/v/<version>/, isolated. */
export const RELEASE_PORT = base + 4;
/** The docs sites built with Sphinx and MkDocs (e2e/sites/build.mjs), sent with no headers. */
export const SITES_PORT = base + 5;
/** The same sites with the Content-Security-Policy docs/embedding.md documents. */
export const CSP_SITES_PORT = base + 6;

export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
export const HOST_ORIGIN = `http://localhost:${HOST_PORT}`;
export const PLAIN_ORIGIN = `http://localhost:${PLAIN_PORT}`;
export const PAGES_ORIGIN = `http://localhost:${PAGES_PORT}`;
export const RELEASE_ORIGIN = `http://localhost:${RELEASE_PORT}`;
export const SITES_ORIGIN = `http://localhost:${SITES_PORT}`;
export const CSP_SITES_ORIGIN = `http://localhost:${CSP_SITES_PORT}`;

/** The version the release layout is under (package.json's). */
export const MPVIZ_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
/** The pinned release a docs site loads: `<release origin>/v/<version>/`. */
export const RELEASE_URL = `${RELEASE_ORIGIN}/v/${MPVIZ_VERSION}/`;

/**
 * The policy docs/embedding.md tells a docs host to send (no 'unsafe-inline'
 * anywhere), for an mpviz at `mpviz`.
 */
export function documentedCsp(mpviz: string): string {
  return `default-src 'self'; script-src 'self' ${mpviz}; frame-src ${mpviz}`;
}
