import { useEffect } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { installApi } from './api';
import { isolateByServiceWorker } from './coi';
import { loadAddress, loadCompare, loadDocumentReader } from './compare/load';
import { canHydrate, discardPrerendered, replayEarlyInput } from './hydration';
import { startLocale } from './locale-load';
import { page } from './page-tree';
import { createRunStore, run, runQuietly, type RunStore } from './store';
import { loadModel } from '../src/workers';
import './styles.css';

// The model is not in the page's first scripts (its first picture is built
// in): every way on needs it, so it starts loading now, beside the rest.
// A model that fails to load fails the run, which the page then shows.
const modelLoaded = loadModel().catch(() => {});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Builds for header-less hosts reload once under their service worker (coi.ts).
if (!(await isolateByServiceWorker())) {
  // The language first (lang= → the browser's → English): a Chinese page fetches its messages.
  // And for `doc=`, a composed scenario, its reader (a chunk of its own).
  await Promise.all([startLocale(), loadDocumentReader()]);
  // `?compare=…`: walkthroughs side by side, loaded only for such an address.
  if (new URLSearchParams(window.location.search).has('compare')) {
    discardPrerendered(root);
    void Promise.all([loadCompare(), modelLoaded]).then(([m]) => m.startCompare(root, startPage));
  } else {
    startPage(root);
  }
}

/** After React has taken over the built markup: what was clicked meanwhile happens now. */
function AfterHydration({ root }: { root: HTMLElement }) {
  useEffect(() => {
    window.__mpvizFirstPicture ??= 'hydrated';
    replayEarlyInput(root);
  }, [root]);
  return null;
}

function startPage(root: HTMLElement): RunStore {
  // The page arrives already run: no form to fill in before the answer shows.
  const store = createRunStore({ rerunOnChange: true });
  if (canHydrate(root, store)) {
    installApi(store, window, loadAddress);
    // The built markup shows these settings: take it over once this tab's run
    // is in the store (hydrating renders from the same state it was built from).
    run(store).then(
      () =>
        hydrateRoot(root, page(store, <AfterHydration root={root} />), {
          onRecoverableError: () => {
            // React drew the page anew instead: still right, but not seamless.
            window.__mpvizFirstPicture = 'rendered';
          },
        }),
      () => render(root, store),
    );
  } else {
    // Nothing is drawn for these settings yet: the model first, so that the
    // first render shows their run (engine.ts's modelRun), not a blank stage.
    // The API appears only once the arrival run has started: a script's
    // `mpviz.run()` is then never replaced (cancelled) by the page's own run.
    void modelLoaded.then(() => {
      runQuietly(store);
      installApi(store, window, loadAddress);
      render(root, store);
    });
  }
  return store;
}

function render(root: HTMLElement, store: RunStore): void {
  discardPrerendered(root);
  createRoot(root).render(page(store));
}
