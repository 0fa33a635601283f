import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { FIRST_PAINT, prerenderFirstPicture } from './scripts/vite-prerender';

/** The release a build is (package.json), which `<mpviz-embed>` reports as its `version`. */
export const MPVIZ_VERSION: string = (
  JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/**
 * Cross-origin isolation headers. They make `self.crossOriginIsolated` true, which the
 * worker kernel needs for SharedArrayBuffer and Atomics.wait. Keep in sync with
 * public/_headers (used by static hosts such as Netlify and Cloudflare Pages).
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
};

/**
 * The content security policy of the built app: only its own scripts, styles
 * and workers, no plugins, no inline code. (React and framer-motion set
 * styles through the CSSOM, which `style-src` does not restrict.)
 */
const CSP_BASE =
  "default-src 'self'; script-src 'self'; style-src 'self'; worker-src 'self'; " +
  "connect-src 'self'; img-src 'self'; font-src 'self'; object-src 'none'; " +
  "base-uri 'self'; form-action 'self'";

/**
 * Who may frame a page: the app decides for itself, and allows only its own
 * origin. The embed is made to be framed by any docs site, so its policy has
 * no `frame-ancestors` at all: `frame-ancestors *` would refuse a host in a
 * sandbox (an opaque origin matches no source expression).
 */
export const contentSecurityPolicy = {
  app: `${CSP_BASE}; frame-ancestors 'self'`,
  embed: CSP_BASE,
  /** Scripts and workers: their own policy, with no say about framing. */
  asset: CSP_BASE,
} as const;

/**
 * `vite` (dev) serves inline scripts (React Refresh's preamble), style
 * elements and a WebSocket for hot reload: its policy allows those, and
 * nothing else more than the build's.
 */
const DEV_CSP_BASE =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "worker-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; " +
  "base-uri 'self'";

/** Sent with every response, beside the isolation headers. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Which policy a path gets: the embed's page, the app's pages, or the rest (scripts, workers). */
export function policyKind(pathname: string): keyof typeof contentSecurityPolicy {
  if (/^\/embed(\.html)?$/.test(pathname)) return 'embed';
  if (pathname === '/' || pathname === '/index.html') return 'app';
  return 'asset';
}

/** Every header a response of `path` gets from the dev or preview server. */
export function responseHeaders(pathname: string, dev: boolean): Record<string, string> {
  const kind = policyKind(pathname);
  const csp = dev
    ? DEV_CSP_BASE + (kind === 'app' ? "; frame-ancestors 'self'" : '')
    : contentSecurityPolicy[kind];
  return {
    ...isolationHeaders,
    ...securityHeaders,
    'Content-Security-Policy': csp,
    // Scripts and styles may be fetched by any page: an embed in a sandbox
    // (an opaque origin) loads its own module script and CSS with CORS.
    ...(kind === 'asset' ? { 'Access-Control-Allow-Origin': '*' } : {}),
  };
}

/** Sets the isolation and security headers on every response of `vite` (dev) and `vite preview`. */
function crossOriginIsolation(): Plugin {
  const setHeaders =
    (dev: boolean) =>
    (
      req: { url?: string | undefined },
      res: { setHeader(name: string, value: string): unknown },
      next: () => void,
    ): void => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      for (const [name, value] of Object.entries(responseHeaders(pathname, dev)))
        res.setHeader(name, value);
      next();
    };
  return {
    name: 'mpviz:cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use(setHeaders(true));
    },
    configurePreviewServer(server) {
      server.middlewares.use(setHeaders(false));
    },
  };
}

export default defineConfig({
  root: '.',
  // Relative asset addresses: a build works from any folder, such as the
  // versioned `/v/<version>/` a docs site pins (scripts/release.mjs, docs/embedding.md).
  base: './',
  define: { __MPVIZ_VERSION__: JSON.stringify(MPVIZ_VERSION) },
  plugins: [react(), crossOriginIsolation(), prerenderFirstPicture()],
  server: { port: 5173, headers: isolationHeaders },
  preview: { port: 4173, strictPort: true, headers: isolationHeaders },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // The app, the embed for docs sites, and the <mpviz-embed> element's script,
      // which docs pages load by a stable name (no hash).
      input: {
        main: 'index.html',
        // Started by index.html's built markup before the app (vite-prerender.ts).
        [FIRST_PAINT]: 'app/first-paint.ts',
        embed: 'embed.html',
        'mpviz-embed': 'app/embed/element.ts',
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'mpviz-embed' ? 'mpviz-embed.js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
