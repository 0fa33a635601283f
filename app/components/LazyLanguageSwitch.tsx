/**
 * The language switch, loaded with the comparison's links (compare/load.ts:
 * one chunk the page fetches after its first picture). Until it arrives a
 * hidden copy of its links holds its place, the same size, so the header does
 * not move: on a phone the switch has a row of its own, and an empty box there
 * lifted the whole walkthrough by that row while the chunk loaded.
 */
import { lazy, Suspense } from 'react';
import { loadLanguageSwitch } from '../compare/load';
import { LOCALES, LOCALE_NAMES, currentLocale } from '../locale';
import './lang-switch.css';

const LanguageSwitch = lazy(loadLanguageSwitch);

function Placeholder() {
  const current = currentLocale();
  return (
    <span className="lang-switch lang-switch-placeholder" aria-hidden="true">
      {LOCALES.map((locale) => (
        <a key={locale} lang={locale} aria-current={locale === current ? 'true' : undefined}>
          {LOCALE_NAMES[locale]}
        </a>
      ))}
    </span>
  );
}

export function LazyLanguageSwitch() {
  return (
    <Suspense fallback={<Placeholder />}>
      <LanguageSwitch />
    </Suspense>
  );
}
