/**
 * Puts the page in its language before the first render: English is built
 * in; zh-CN's messages are a chunk of their own (messages-zh-CN/), so English
 * readers download none of them. (The switch, components/LanguageSwitch.tsx,
 * loads the page again with `lang=`.)
 */
import { intlFor } from './intl';
import { pickLocale, setLocale, type Locale } from './locale';
import './locale.css';
import { EXCERPT_MAX } from './messages';

export async function startLocale(search: string = window.location.search): Promise<Locale> {
  let { locale, named } = pickLocale(search, navigator.languages);
  let into = null;
  if (locale !== 'en') {
    // Offline, or a deploy replaced the chunk: the page in English rather than no page.
    const zh = await import('./messages-zh-CN').catch(() => null);
    if (zh) {
      zh.provide({ excerptMax: EXCERPT_MAX, intlFor });
      into = zh.translate;
    } else [locale, named] = ['en', false];
  }
  setLocale(locale, named, into);
  return locale;
}
