/**
 * What a prerendered first screen shows, as the `data-prerendered` key the
 * page compares before it hydrates (main.tsx): every setting, and whether the
 * page is cross-origin isolated (the engine line says so). The step it shows
 * is `data-prerendered-step`. Anything else in the store at arrival follows
 * from these.
 */
import { toSearch } from '../params';
import type { RunState } from '../store';

/** What the build's prerender (arrival.tsx) hands to vite.config.ts for index.html. */
export interface Prerendered {
  readonly html: string;
  /** `prerenderKey` of what `html` shows. */
  readonly key: string;
  /** The step it shows (where the story starts). */
  readonly step: number;
}

export const PRERENDER_KEY = 'prerendered';
export const PRERENDER_STEP = 'prerenderedStep';

/** The key of a store about to run; null if it cannot be what a build prerendered (it has notices). */
export function prerenderKey(
  state: Pick<RunState, 'params' | 'isolated' | 'notices'>,
): string | null {
  // A notice (a setting refused, no isolation for free mode) is the browser's to tell.
  if (state.notices.length > 0) return null;
  return `${toSearch(state.params, null, { every: true })}${state.isolated ? '' : '&isolated=0'}`;
}
