/**
 * The embed's entry (embed.html). Reads its options, makes the same store as
 * the app (minus writing the address: an iframe's address is the host's
 * business), starts the run at once, and connects the postMessage bridge.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installApi } from '../api';
import { loadAddress, loadCompare, loadDocumentReader } from '../compare/load';
import { startLocale } from '../locale-load';
import { loadModel } from '../../src/workers';
import { createRunStore, gotoStep, play, run, type RunStore } from '../store';
import { RunStoreProvider } from '../store-context';
import '../styles.css';
import { installBridge } from './bridge';
import { EmbedApp } from './EmbedApp';
import { parseEmbedOptions } from './options';

const root = document.getElementById('root');
if (!root) throw new Error('embed.html has no #root element');

const { options, rest } = parseEmbedOptions(window.location.search);
// The theme first, so that nothing is ever painted in the other one.
if (options.theme !== 'auto') document.documentElement.dataset.theme = options.theme;
// lang= → the browser's → English, as on the page. The model meanwhile, so
// that the first render shows the run (engine.ts's modelRun); a model that
// fails to load fails the run, which the page shows. `doc=`: a composed
// scenario, whose reader is a chunk of its own.
await Promise.all([startLocale(), loadModel().catch(() => {}), loadDocumentReader(rest)]);

// `compare=…`: the comparison, side by side, in the frame (loaded only for such an address).
if (new URLSearchParams(rest).has('compare')) {
  void loadCompare().then((m) => m.startCompare(root, startEmbed, rest, { embedded: true }));
} else {
  startEmbed(root);
}

function startEmbed(root: HTMLElement): RunStore {
  const store = createRunStore({ search: rest, writeSearch: () => {} });
  const api = installApi(store, window, loadAddress);
  installBridge(store, api, window);

  run(store)
    .then(() => {
      if (!options.autoplay) return;
      gotoStep(store, 0);
      play(store);
    })
    .catch(() => {
      // Shown by the page (the store keeps the error); a cancelled run was replaced.
    });

  // The app's index.html sits next to this page.
  const appBase = new URL('./', window.location.href).toString();

  createRoot(root).render(
    <StrictMode>
      <RunStoreProvider store={store}>
        <EmbedApp options={options} appBase={appBase} />
      </RunStoreProvider>
    </StrictMode>,
  );
  return store;
}
