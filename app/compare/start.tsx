/**
 * The page with `compare=` in its address (main.tsx loads this on demand):
 * two or three walkthroughs side by side, each with its own store, stepped
 * together. A value that cannot be compared comes back as a notice, and the
 * page is the usual one walkthrough, as if the parameter were absent.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installApi } from '../api';
import { toSearch } from '../params';
import { RunStoreProvider } from '../store-context';
import { createRunStore, runQuietly, type RunStore } from '../store';
import { CompareApp } from './CompareApp';
import './bundle-hint';

export { default as CompareLinks } from './CompareLinks';
export { LanguageSwitch } from '../components/LanguageSwitch';
export { ComposeButton } from '../components/ComposeButton';
import { loadAddress } from '../builder/load';
export { loadAddress };
export { Journeys as JourneysPanel } from '../walkthrough/story/Journeys';
import { COMPARE_PARAM, parseCompare, sideParams, withCompare } from './param';

/**
 * Shows the comparison the address asks for; or, when `compare=` cannot be
 * compared, the usual page (`startPage`, main.tsx's), with a notice that
 * says why.
 */
export function startCompare(
  root: HTMLElement,
  startPage: (root: HTMLElement) => RunStore,
  search = window.location.search,
  { embedded = false }: { readonly embedded?: boolean } = {},
): void {
  const raw = new URLSearchParams(search).get(COMPARE_PARAM) ?? '';
  const store = createRunStore({ search, writeSearch: () => {} });
  const parsed = parseCompare(raw, store.getState().params.platform);
  if (!parsed.ok) {
    const page = startPage(root);
    const notice = { id: 'notice-compare', param: COMPARE_PARAM, text: parsed.notice };
    page.setState((s) => ({ notices: [...s.notices, notice] }));
    return;
  }
  const comparison = parsed.comparison;
  const sides = sideParams(store.getState().params, comparison).map((params) =>
    createRunStore({ search: toSearch(params), writeSearch: () => {} }),
  );
  // `window.mpviz` drives the first side (for tests and the curious).
  installApi(sides[0]!, window, loadAddress);
  for (const side of sides) runQuietly(side);
  createRoot(root).render(
    <StrictMode>
      <RunStoreProvider store={store}>
        <CompareApp
          comparison={comparison}
          sides={sides}
          singleSearch={withCompare(search, null)}
          embedded={embedded}
        />
      </RunStoreProvider>
    </StrictMode>,
  );
}
