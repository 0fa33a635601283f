import { StrictMode, type ReactNode } from 'react';
import { App } from './App';
import { RunStoreProvider } from './store-context';
import type { RunStore } from './store';

/** The tree the page renders: the same in the tab and when the page is built (prerender.tsx). */
export function page(store: RunStore, extra?: ReactNode): ReactNode {
  return (
    <StrictMode>
      <RunStoreProvider store={store}>
        <App />
        {extra}
      </RunStoreProvider>
    </StrictMode>
  );
}
