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
import { createRunStore, runQuietly } from '../store';
import { CompareApp } from './CompareApp';
import './bundle-hint';
import { COMPARE_PARAM, parseCompare, sideParams, withCompare } from './param';

/**
 * Shows the comparison the address asks for; or, when `compare=` cannot be
 * compared, returns the notice that says why (main.tsx then shows the page).
 */
export function startCompare(
  root: HTMLElement,
  search = window.location.search,
  { embedded = false }: { readonly embedded?: boolean } = {},
): string | null {
  const raw = new URLSearchParams(search).get(COMPARE_PARAM) ?? '';
  const store = createRunStore({ search, writeSearch: () => {} });
  const parsed = parseCompare(raw, store.getState().params.platform);
  if (!parsed.ok) return parsed.notice;
  const comparison = parsed.comparison;
  const sides = sideParams(store.getState().params, comparison).map((params) =>
    createRunStore({ search: toSearch(params), writeSearch: () => {} }),
  );
  // `window.mpviz` drives the first side (for tests and the curious).
  installApi(sides[0]!);
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
  return null;
}
