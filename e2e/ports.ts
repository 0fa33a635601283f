/** The origins the end-to-end tests use (playwright.config.ts starts a server on each). */

/** The app and the embed, built, with the isolation headers (`vite preview`). */
export const APP_PORT = 4173;
/** A docs site: static pages that send no special headers (e2e/hosts). */
export const HOST_PORT = 4174;
/** The built app again, without the isolation headers (the embed's fallback). */
export const PLAIN_PORT = 4175;

export const APP_ORIGIN = `http://localhost:${APP_PORT}`;
export const HOST_ORIGIN = `http://localhost:${HOST_PORT}`;
export const PLAIN_ORIGIN = `http://localhost:${PLAIN_PORT}`;
/** A build for header-less hosts (`npm run build:pages`), served without headers. */
export const PAGES_PORT = 4176;
export const PAGES_ORIGIN = `http://localhost:${PAGES_PORT}`;
