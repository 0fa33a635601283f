import { createRoot, hydrateRoot } from 'react-dom/client';
import { installApi } from './api';
import { isolateByServiceWorker } from './coi';
import { loadCompare } from './compare/load';
import { Page } from './page';
import { discardPrerender, matchingPrerender, revealPrerender } from './prerender/hydrate';
import { createRunStore, run, type RunStore } from './store';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// Builds for header-less hosts reload once under their service worker (coi.ts).
if (!(await isolateByServiceWorker())) {
  // `?compare=…`: walkthroughs side by side, loaded only for such an address.
  if (new URLSearchParams(window.location.search).has('compare')) {
    discardPrerender(root);
    void loadCompare().then((m) => m.startCompare(root, startPage));
  } else {
    startPage(root);
  }
}

function startPage(root: HTMLElement): RunStore {
  // The page arrives already run: no form to fill in before the answer shows.
  const store = createRunStore({ rerunOnChange: true });
  installApi(store);
  const prerendered = matchingPrerender(root, store.getState());
  const first = run(store).then(
    () => store.getState().step,
    () => null,
  );
  if (prerendered === null) {
    discardPrerender(root);
    createRoot(root).render(<Page store={store} />);
    return store;
  }
  // The build's HTML shows this very run (app/prerender): hydrate it once the
  // model's run (a microtask) is in the store, as it was in the build's.
  void first.then((step) => {
    if (step !== prerendered) {
      discardPrerender(root);
      createRoot(root).render(<Page store={store} />);
      return;
    }
    hydrateRoot(root, <Page store={store} onCommit={() => revealPrerender(root)} />, {
      onRecoverableError: (error) => console.error('mpviz: the prerendered page differed', error),
    });
  });
  return store;
}
