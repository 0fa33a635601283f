/*
 * Cross-origin isolation for hosts that cannot send headers (GitHub Pages).
 *
 * mpviz needs `crossOriginIsolated` for SharedArrayBuffer (real workers). A
 * host that cannot set COOP/COEP can serve this service worker instead: it
 * fetches every same-scope request itself and adds the isolation headers to
 * the response, so the page (after one reload, once the worker controls it)
 * is isolated. Only builds made with `npm run build:pages` register it
 * (app/coi.ts); see docs/embedding.md. Without it the app still works, on
 * the model kernel.
 */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request the browser may only answer from cache cannot be re-fetched cross-origin.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      // Opaque responses (status 0) cannot be read or changed.
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
