/**
 * Numbers and plurals through `Intl`, for a locale's messages module
 * (messages-zh-CN/: `1,234`; Chinese has no plural forms). English's own
 * module spells its one/other forms out, so that none of this is in the
 * first bundle.
 */
export interface LocaleIntl {
  /** A number as the locale writes it, with `digits` decimals (default none). */
  readonly num: (n: number, digits?: number) => string;
  /** `one` when n takes the locale's singular form (and one is given), else `other`. */
  readonly plural: (n: number, forms: { readonly one?: string; readonly other: string }) => string;
}

export function intlFor(locale: string): LocaleIntl {
  const rules = new Intl.PluralRules(locale);
  return {
    num: (n, digits = 0) =>
      n.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    plural: (n, forms) => (rules.select(n) === 'one' && forms.one) || forms.other,
  };
}
