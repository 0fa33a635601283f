/**
 * Opt-in isolation by service worker, for hosts that cannot send headers
 * (GitHub Pages): builds made with `npm run build:pages` (mode `pages`, see
 * .env.pages) register public/coi-serviceworker.js and reload once it
 * controls the page. Every other build leaves this off, so a page served
 * without headers shows the model-kernel fallback, as intended.
 */

/** A reload in flight is remembered for this tab, so a failure cannot loop. */
const RELOADED = 'mpviz:coi-reloaded';

/**
 * Resolves true when the page is about to reload under the service worker
 * (the caller should render nothing), false when it can go on as it is.
 */
export async function isolateByServiceWorker(): Promise<boolean> {
  if (import.meta.env.VITE_COI_SERVICE_WORKER !== '1') return false;
  if (self.crossOriginIsolated || !window.isSecureContext || !('serviceWorker' in navigator)) {
    return false;
  }
  try {
    const url = new URL(`${import.meta.env.BASE_URL}coi-serviceworker.js`, window.location.href);
    await navigator.serviceWorker.register(url, { scope: import.meta.env.BASE_URL });
    await navigator.serviceWorker.ready;
  } catch {
    return false;
  }
  if (sessionStorage.getItem(RELOADED) !== null) return false;
  sessionStorage.setItem(RELOADED, '1');
  window.location.reload();
  return true;
}
