/** The page's React tree, one definition for the browser (main.tsx) and the build's prerender. */
import { StrictMode, useLayoutEffect } from 'react';
import { App } from './App';
import { RunStoreProvider } from './store-context';
import type { RunStore } from './store';

/** Calls `onCommit` once, when the tree is first committed (for a hydration, when it is done). */
function FirstCommit({ onCommit }: { onCommit: () => void }) {
  useLayoutEffect(() => onCommit(), [onCommit]);
  return null;
}

export function Page({ store, onCommit }: { store: RunStore; onCommit?: () => void }) {
  return (
    <StrictMode>
      <RunStoreProvider store={store}>
        <App />
      </RunStoreProvider>
      {onCommit && <FirstCommit onCommit={onCommit} />}
    </StrictMode>
  );
}
