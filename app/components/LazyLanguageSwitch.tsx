/**
 * The language switch, loaded with the comparison's links (compare/load.ts:
 * one chunk the page fetches after its first picture). Until it arrives a
 * box of its size holds its place, so the header does not move.
 */
import { lazy, Suspense } from 'react';
import { loadLanguageSwitch } from '../compare/load';
import './lang-switch.css';

const LanguageSwitch = lazy(loadLanguageSwitch);

export function LazyLanguageSwitch() {
  return (
    <Suspense fallback={<span className="lang-switch" aria-hidden="true" />}>
      <LanguageSwitch />
    </Suspense>
  );
}
