import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installApi } from './api';
import { App } from './App';
import { isolateByServiceWorker } from './coi';
import { RunStoreProvider } from './store-context';
import { createRunStore } from './store';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Builds for header-less hosts reload once under their service worker (coi.ts).
if (!(await isolateByServiceWorker())) {
  const store = createRunStore();
  installApi(store);
  createRoot(root).render(
    <StrictMode>
      <RunStoreProvider store={store}>
        <App />
      </RunStoreProvider>
    </StrictMode>,
  );
}
