/**
 * The language switch in the page's header: each language by its own name.
 * A link to this address with `lang=` set (it works as a plain link too);
 * a click loads it in place of the page, so that the strings computed once
 * per run (the story, the notices) are in the new language as well. The
 * address already holds every setting and the step (store.ts keeps it).
 */
import type { MouseEvent } from 'react';
import { LANG_PARAM, LOCALES, currentLocale, type Locale } from '../locale';
import { messages } from '../messages';

/** Endonyms: a reader looks for their own language's name, not its name in another. */
const NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '中文' };

function addressIn(locale: Locale): string {
  const url = new URL(window.location.href);
  url.searchParams.set(LANG_PARAM, locale);
  return url.toString();
}

export function LanguageSwitch() {
  const current = currentLocale();
  const go = (locale: Locale) => (e: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window keeps the browser's way; a plain click reads the address as it is now.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (locale !== current) window.location.assign(addressIn(locale));
  };
  return (
    <nav className="lang-switch" aria-label={messages.language}>
      {LOCALES.map((locale) => (
        <a
          key={locale}
          href={addressIn(locale)}
          lang={locale}
          hrefLang={locale}
          aria-current={locale === current ? 'true' : undefined}
          onClick={go(locale)}
        >
          {NAMES[locale]}
        </a>
      ))}
    </nav>
  );
}
