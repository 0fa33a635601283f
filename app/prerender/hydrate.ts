/**
 * The browser's side of the prerendered first screen (arrival.tsx): whether
 * the HTML in `#root` shows what this page's store is about to show, and
 * what to do with it either way. The HTML stays hidden (styles.css) until it
 * is hydrated or removed, so that an address with other settings never
 * flashes the default scenario.
 */
import type { RunState } from '../store';
import { PRERENDER_KEY, PRERENDER_STEP, prerenderKey } from './key';

/**
 * The step the prerendered HTML shows, if it shows this store's settings on
 * this kind of page and the address asks for no other step; else null.
 */
export function matchingPrerender(
  root: HTMLElement,
  state: Pick<RunState, 'params' | 'isolated' | 'notices' | 'pendingStep'>,
): number | null {
  const key = root.dataset[PRERENDER_KEY];
  const step = Number(root.dataset[PRERENDER_STEP]);
  if (key === undefined || !Number.isInteger(step) || key !== prerenderKey(state)) return null;
  return state.pendingStep === null || state.pendingStep === step ? step : null;
}

/** Shows the hydrated HTML (it is React's now). */
export function revealPrerender(root: HTMLElement): void {
  delete root.dataset[PRERENDER_KEY];
  delete root.dataset[PRERENDER_STEP];
}

/** Removes prerendered HTML that does not show this page, before React renders into `root`. */
export function discardPrerender(root: HTMLElement): void {
  if (root.dataset[PRERENDER_KEY] === undefined) return;
  root.replaceChildren();
  revealPrerender(root);
}
