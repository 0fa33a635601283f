/**
 * The language switch in the page's header: each language by its own name.
 * A link to this address with `lang=` set (it works as a plain link too); a
 * click loads the address as it is then, with `lang=`, in place of the page,
 * so that the strings computed once per run (the story, the notices) are in
 * the new language as well. The address holds every setting and the step
 * (store.ts keeps it).
 */
import type { MouseEvent } from 'react';
import { LANG_PARAM, LOCALES, LOCALE_NAMES, currentLocale, type Locale } from '../locale';
import { messages } from '../messages';
import { toSearch } from '../params';
import { selectParams, selectShareStep } from '../store';
import { useRunState } from '../store-context';

function withLang(search: string, locale: Locale): string {
  const query = new URLSearchParams(search);
  query.set(LANG_PARAM, locale);
  return `?${query.toString()}`;
}

/** The links, for an address's query (`search`, its `lang=` replaced). */
export function LanguageLinks({ search }: { search: string }) {
  const current = currentLocale();
  const go = (locale: Locale) => (e: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window keeps the browser's way; a plain click reads the address as it is now.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (locale !== current) window.location.assign(withLang(window.location.search, locale));
  };
  return (
    <nav className="lang-switch" aria-label={messages.language}>
      {LOCALES.map((locale) => (
        <a
          key={locale}
          href={withLang(search, locale)}
          lang={locale}
          hrefLang={locale}
          aria-current={locale === current ? 'true' : undefined}
          onClick={go(locale)}
        >
          {LOCALE_NAMES[locale]}
        </a>
      ))}
    </nav>
  );
}

/**
 * The page's switch: its links written from the store (the settings and the
 * step), the same when the page is built (prerender.tsx) and in the tab.
 */
export function LanguageSwitch() {
  const params = useRunState(selectParams);
  const step = useRunState(selectShareStep);
  return <LanguageLinks search={toSearch(params, step, { lang: null })} />;
}
