/**
 * Hands the page's store to the components. `useRunState(selector)` reads it
 * with a module-level selector; `useRunStoreApi()` gives the store itself, to
 * pass to the actions in store.ts.
 */
import {
  createContext,
  useCallback,
  useContext,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
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
 * A slice of the store's state. zustand's `useStore` would answer hydration
 * with the store's *initial* state; the page hydrates its prerendered HTML
 * (app/prerender) with a store that has already run, exactly as the build's
 * did, so the server snapshot is the current state too.
 */
export function useRunState<T>(selector: (state: RunState) => T): T {
  const store = useRunStoreApi();
  const snapshot = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(store.subscribe, snapshot, snapshot);
}
