/**
 * The page's links to the comparison, loaded with the comparison's chunk
 * (compare/load.ts); nothing until then. The page and the embed hand it to
 * the stage, which shows it beside its title: the stage does not import the
 * comparison, whose chunk imports the stage.
 */
import { lazy, Suspense } from 'react';
import { loadCompareLinks } from './load';

const CompareLinks = lazy(loadCompareLinks);

export function LazyCompareLinks() {
  return (
    <Suspense fallback={null}>
      <CompareLinks />
    </Suspense>
  );
}
