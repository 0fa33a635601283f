/**
 * The settings bar's Compose button, loaded with the comparison's links
 * (compare/load.ts: one chunk the page fetches after its first picture).
 * Until it arrives a box of its size holds its place, so the bar does not move.
 */
import { lazy, Suspense } from 'react';
import { loadComposeButton } from '../compare/load';

const ComposeButton = lazy(loadComposeButton);

export function LazyComposeButton() {
  return (
    <Suspense fallback={<span className="compose-button compose-placeholder" aria-hidden="true" />}>
      <ComposeButton />
    </Suspense>
  );
}
