/**
 * The page's language: `lang=` in the address, else the browser's
 * (`navigator.languages`), else English. English is built into the first
 * bundle; another locale's messages are a chunk of their own that
 * locale-load.ts fetches before the first render, and that pours its
 * strings into the live message objects registered here (so every
 * `messages.x` reads the locale). No imports: the message modules register
 * themselves, without a cycle. Kept small: it is in the first bundle.
 */

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
/** Each language by its own name (endonyms): a reader looks for their own language's name. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '中文' };
export const LANG_PARAM = 'lang';

/**
 * A language tag as a supported locale: `zh`, `zh-CN`, `zh-Hans`, `zh_SG`… →
 * zh-CN (not zh-TW, zh-HK or zh-Hant: Traditional is another translation);
 * `en`, `en-GB`… → en.
 */
export function parseLang(raw: string): Locale | null {
  const tag = raw.trim();
  if (/^zh([-_](cn|sg|hans)\b.*)?$/i.test(tag)) return 'zh-CN';
  return /^en([-_].*)?$/i.test(tag) ? 'en' : null;
}

/**
 * The locale: the address's `lang=` if mpviz has it (then `named`: the
 * address keeps it), else the first of the browser's languages mpviz has,
 * else English.
 */
export function pickLocale(
  search: string,
  languages: readonly string[],
): { readonly locale: Locale; readonly named: boolean } {
  const asked = parseLang(new URLSearchParams(search).get(LANG_PARAM) ?? '');
  const locale = asked ?? languages.map(parseLang).find((l) => l !== null) ?? 'en';
  return { locale, named: asked !== null };
}

let current: Locale = 'en';
/** Whether the address (or the switch) named the locale: then the address keeps `lang=`. */
let named = false;

export const currentLocale = (): Locale => current;
/** `lang=` for the address bar: the locale when it was asked for by name, else nothing. */
export const namedLocale = (): Locale | null => (named ? current : null);

/** Pours a locale's part into a live messages object (the locale's chunk has the code). */
export type Translate = (name: string, part: object) => void;

const registered = new Map<string, object>();
let translate: Translate | null = null;

/** A messages module announces its live object (`name` is its part in a locale's chunk). */
export function registerMessages<T extends object>(name: string, part: T): T {
  registered.set(name, part);
  translate?.(name, part);
  return part;
}

/**
 * Switches to a locale: English is built in (no `into`); another locale's
 * chunk gives the function that pours its strings into each registered
 * object, now and for those a chunk registers later (the comparison's).
 */
export function setLocale(locale: Locale, byName: boolean, into: Translate | null = null): void {
  current = locale;
  named = byName;
  translate = into;
  if (into) for (const [name, part] of registered) into(name, part);
  document.documentElement.lang = locale;
}

/**
 * The shape a locale's messages must have: the English module's, with its
 * literal strings widened to `string`. A key missing on either side fails
 * the typecheck (a missing one is required, an extra one is an excess property).
 */
export type Translation<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Translation<R>
    : T extends readonly (infer U)[]
      ? readonly Translation<U>[]
      : T extends object
        ? { readonly [K in keyof T]: Translation<T[K]> }
        : T;

/** The keys of T, at any depth, that U lacks (never when there are none). */
type ExtraKeys<T, U> = T extends (...args: never[]) => unknown
  ? never
  : T extends object
    ? { [K in keyof T]: K extends keyof U ? ExtraKeys<T[K], U[K]> : K }[keyof T]
    : never;

/**
 * T itself when it has no key that U lacks; otherwise a type that names the
 * extra keys, so that assigning T to it fails the typecheck (a key only a
 * translation has would never be shown).
 */
export type NoExtraKeys<T, U> = [ExtraKeys<T, U>] extends [never]
  ? T
  : { extraKeys: ExtraKeys<T, U> };
