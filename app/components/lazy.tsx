/**
 * The page's panels that the first picture does not need (they sit below the
 * walkthrough, and carry the oracle's figures): each is loaded when it is
 * first rendered, in its own chunk, and shows nothing until it arrives.
 */
import { lazy, Suspense } from 'react';

const RunManyPanel = lazy(() => import('./RunMany').then((m) => ({ default: m.RunMany })));
const LockCostPanel = lazy(() => import('./LockCost').then((m) => ({ default: m.LockCost })));

export function RunMany() {
  return (
    <Suspense fallback={null}>
      <RunManyPanel />
    </Suspense>
  );
}

export function LockCost() {
  return (
    <Suspense fallback={null}>
      <LockCostPanel />
    </Suspense>
  );
}
