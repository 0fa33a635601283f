import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installApi } from './api';
import { App } from './App';
import { isolateByServiceWorker } from './coi';
import { loadCompare } from './compare/load';
import { startLocale } from './locale-load';
import { RunStoreProvider } from './store-context';
import { createRunStore, runQuietly, type RunStore } from './store';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Builds for header-less hosts reload once under their service worker (coi.ts).
if (!(await isolateByServiceWorker())) {
  // The language first (lang= → the browser's → English): a Chinese page fetches its messages.
  await startLocale();
  // `?compare=…`: walkthroughs side by side, loaded only for such an address.
  if (new URLSearchParams(window.location.search).has('compare')) {
    void loadCompare().then((m) => m.startCompare(root, startPage));
  } else {
    startPage(root);
  }
}

function startPage(root: HTMLElement): RunStore {
  // The page arrives already run: no form to fill in before the answer shows.
  const store = createRunStore({ rerunOnChange: true });
  installApi(store);
  runQuietly(store);
  createRoot(root).render(
    <StrictMode>
      <RunStoreProvider store={store}>
        <App />
      </RunStoreProvider>
    </StrictMode>,
  );
  return store;
}
