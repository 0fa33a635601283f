/**
 * Hands the page's store to the components. `useRunState(selector)` reads it
 * with a module-level selector; `useRunStoreApi()` gives the store itself, to
 * pass to the actions in store.ts.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
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

export function useRunState<T>(selector: (state: RunState) => T): T {
  return useStore(useRunStoreApi(), selector);
}
