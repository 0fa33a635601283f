/**
 * Whether this render may show what only this browser knows. False while the
 * page's prerendered HTML (app/prerender) is hydrated, and on the server;
 * true from the render after. React renders with the server snapshot while
 * it hydrates, then again with the client's, without a mismatch — the way to
 * show a value such as the model's wall-clock time, which the build could not
 * know.
 */
import { useSyncExternalStore } from 'react';

const neverChanges = (): (() => void) => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    neverChanges,
    () => true,
    () => false,
  );
}
