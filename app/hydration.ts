/**
 * The first picture arrives as HTML rendered when the page was built
 * (app/prerender.tsx, vite-prerender.ts), so a learner sees the walkthrough
 * before the app's JavaScript has loaded. Once the tab has run the same
 * settings, React hydrates that markup: it takes it over without redrawing
 * it. This module holds what the tab needs for that hand-over.
 *
 * first-paint.ts runs before: it shows the markup only when the address asks
 * for the settings it was built with (`data-shown` on #root), and queues what
 * the learner clicks or types before the hand-over, which `replayEarlyInput`
 * plays back afterwards.
 */
import { useSyncExternalStore } from 'react';
import { parseParams, sameParams } from './params';
import type { RunStore } from './store';

/** What first-paint.ts leaves on `window`: the input it queued, until `done`. */
export interface EarlyInput {
  readonly events: EarlyEvent[];
  done: boolean;
}
export type EarlyEvent =
  | { readonly type: 'click'; readonly path: readonly number[] }
  | { readonly type: 'change'; readonly path: readonly number[]; readonly value: string }
  | { readonly type: 'keydown'; readonly path: readonly number[]; readonly key: string };

declare global {
  interface Window {
    __mpvizEarlyInput?: EarlyInput;
    /** 'hydrated', or 'rendered' when React had to draw the page anew (a test reads it). */
    __mpvizFirstPicture?: 'hydrated' | 'rendered';
  }
}

/** The settings the built markup shows, from its <meta>, or null if there is none. */
function prerenderedSearch(): string | null {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="mpviz-prerendered"]');
  return meta?.content ?? null;
}

/**
 * Whether the built markup in `root` shows exactly what this store will show
 * after its first run: the same settings, no step asked for, no notice, and
 * the same isolation (the engine line depends on it).
 */
export function canHydrate(root: HTMLElement, store: RunStore): boolean {
  const search = prerenderedSearch();
  if (search === null || root.firstElementChild === null) return false;
  if (root.dataset.shown === undefined) return false;
  const s = store.getState();
  const shown = parseParams(`?${search}`);
  return (
    s.isolated &&
    s.pendingStep === null &&
    s.notices.length === 0 &&
    shown.notices.length === 0 &&
    sameParams(s.params, shown.params)
  );
}

/** Drops built markup the page will not use, and lets the page be seen again. */
export function discardPrerendered(root: HTMLElement): void {
  if (root.dataset.prerendered === undefined) return;
  root.replaceChildren();
  delete root.dataset.prerendered;
  delete root.dataset.shown;
  stopQueueing();
}

function stopQueueing(): EarlyEvent[] {
  const early = window.__mpvizEarlyInput;
  if (!early) return [];
  early.done = true;
  return early.events.splice(0);
}

function nodeAt(root: HTMLElement, path: readonly number[]): Element | null {
  let node: Element | null = root;
  for (const i of path) node = node?.children.item(i) ?? null;
  return node;
}

/** Plays back, on the hydrated page, what the learner did to the built markup. */
export function replayEarlyInput(root: HTMLElement): void {
  for (const e of stopQueueing()) {
    const target = nodeAt(root, e.path);
    if (!(target instanceof HTMLElement)) continue;
    if (e.type === 'click') target.click();
    else if (e.type === 'change' && target instanceof HTMLSelectElement) {
      target.value = e.value;
      target.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (e.type === 'keydown') {
      target.dispatchEvent(new KeyboardEvent('keydown', { key: e.key, bubbles: true }));
    }
  }
}

const never = () => () => {};

/**
 * False while React hydrates the built markup (as it was when built), true
 * from the render after: for what the build cannot know, such as how long
 * this tab's run took.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
