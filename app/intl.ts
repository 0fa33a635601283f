/**
 * Numbers and plurals through `Intl`, for the messages of every locale:
 * `1,664 bytes`, `1 process started` / `2 processes started` (English),
 * `1,664 字节` (Chinese has no plural forms). Formatters are made on first
 * use and kept: a page formats the same few kinds of number at every step.
 *
 * What goes through here is a quantity or a position in a sentence (bytes,
 * counts, milliseconds, step 1,200 / 3,162). Names that happen to be
 * numbers stay as Python or the address writes them: a pid, an fd, a
 * handle, a line number, an exit code, a seed, a scenario's or a task's
 * number, and the bounds of what the address takes (`seed=` up to
 * 4294967295, `step=` up to 10000000), written as one would type them.
 * Whatever Python prints (the console, tracebacks, the script) is shown
 * exactly as CPython printed it, never through here.
 */
import { currentLocale } from './locale';

export interface LocaleIntl {
  /**
   * A number as the locale writes it: with exactly `digits` decimals, or,
   * without `digits`, every decimal it has (0.1 stays 0.1, 3 stays 3).
   */
  readonly num: (n: number, digits?: number) => string;
  /**
   * The locale's form for n (`one` when n takes the singular and `one` is
   * given, else `other`), with `#` in it replaced by n as `num` writes it:
   * `plural(2, { one: '# handle', other: '# handles' })` is `2 handles`.
   */
  readonly plural: (n: number, forms: { readonly one?: string; readonly other: string }) => string;
}

const formats = new Map<string, Intl.NumberFormat>();
const rules = new Map<string, Intl.PluralRules>();

/** The formatters of one locale (each made on first use, then kept). */
export function intlFor(locale: string): LocaleIntl {
  const num = (n: number, digits = -1): string => {
    const key = `${locale} ${digits}`;
    let format = formats.get(key);
    if (!format) {
      // maximumFractionDigits 20: Intl writes a double's shortest decimal (0.1, not 0.1000…).
      format = new Intl.NumberFormat(
        locale,
        digits < 0
          ? { maximumFractionDigits: 20 }
          : { minimumFractionDigits: digits, maximumFractionDigits: digits },
      );
      formats.set(key, format);
    }
    return format.format(n);
  };
  return {
    num,
    plural: (n, forms) => {
      let rule = rules.get(locale);
      if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale)));
      return ((rule.select(n) === 'one' && forms.one) || forms.other).split('#').join(num(n));
    },
  };
}

/** A number in the page's locale (LocaleIntl.num). */
export const num = (n: number, digits?: number): string => intlFor(currentLocale()).num(n, digits);

/** The page's locale's plural form of n, with `#` as n (LocaleIntl.plural). */
export const plural: LocaleIntl['plural'] = (n, forms) => intlFor(currentLocale()).plural(n, forms);
