/**
 * Hands the page's store to the components. `useRunState(selector)` reads it
 * with a module-level selector; `useRunStoreApi()` gives the store itself, to
 * pass to the actions in store.ts.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { RunState, RunStore } from './store';

const StoreContext = createContext<RunStore | null>(null);

export function RunStoreProvider({ store, children }: { store: RunStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useRunStoreApi(): RunStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useRunStoreApi outside <RunStoreProvider>');
  return store;
}

/**
 * The selected slice of the store's current state. Unlike zustand's `useStore`,
 * the server snapshot is the current state too, not the store's initial one:
 * the first picture is rendered at build time from a store that has already
 * run (prerender.tsx), and the page hydrates it from a store in the same state.
 */
export function useRunState<T>(selector: (state: RunState) => T): T {
  const store = useRunStoreApi();
  const slice = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, slice, slice);
}
