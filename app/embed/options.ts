/**
 * The embed's own address parameters, on top of the app's (scenario, start,
 * os, py, call, seed, mode, step, lang): `autoplay`, `controls` and `theme`. They
 * are taken out of the query before the app's parser sees it, so they are
 * not reported as unknown. Pure.
 */
import { toSearch, type PageParams } from '../params';

export type Theme = 'light' | 'dark' | 'auto';

export interface EmbedOptions {
  /** Play from the first step once the run is done. Default off. */
  readonly autoplay: boolean;
  /** Show the step controls and lanes. Default on. */
  readonly controls: boolean;
  readonly theme: Theme;
}

export const EMBED_DEFAULTS: EmbedOptions = { autoplay: false, controls: true, theme: 'auto' };

const EMBED_PARAMS = ['embed', 'autoplay', 'controls', 'theme'] as const;

function parseFlag(raw: string | null, fallback: boolean): boolean {
  if (raw === null) return fallback;
  const value = raw.trim().toLowerCase();
  if (['', '1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  return fallback;
}

function parseTheme(raw: string | null): Theme {
  return raw === 'light' || raw === 'dark' || raw === 'auto' ? raw : EMBED_DEFAULTS.theme;
}

/** The embed's options, and the query string that is left for the app's parser. */
export function parseEmbedOptions(search: string): { options: EmbedOptions; rest: string } {
  const query = new URLSearchParams(search);
  const options: EmbedOptions = {
    autoplay: parseFlag(query.get('autoplay'), EMBED_DEFAULTS.autoplay),
    controls: parseFlag(query.get('controls'), EMBED_DEFAULTS.controls),
    theme: parseTheme(query.get('theme')),
  };
  for (const name of EMBED_PARAMS) query.delete(name);
  const rest = query.toString();
  return { options, rest: rest === '' ? '' : `?${rest}` };
}

/** The full app at the same settings and step: the embed's "Open in mpviz" link. */
export function appUrl(appBase: string, params: PageParams, step: number | null): string {
  const url = new URL(appBase);
  url.search = toSearch(params, step, { every: true });
  return url.toString();
}

/** The embed's address for these settings and options (used by "Copy embed code"). */
export function embedUrl(
  embedPage: string,
  params: PageParams,
  step: number | null,
  options: Partial<EmbedOptions> = {},
): string {
  const url = new URL(embedPage);
  const query = new URLSearchParams(toSearch(params, step, { every: true }));
  const merged = { ...EMBED_DEFAULTS, ...options };
  if (merged.autoplay !== EMBED_DEFAULTS.autoplay)
    query.set('autoplay', merged.autoplay ? '1' : '0');
  if (merged.controls !== EMBED_DEFAULTS.controls)
    query.set('controls', merged.controls ? '1' : '0');
  if (merged.theme !== EMBED_DEFAULTS.theme) query.set('theme', merged.theme);
  const text = query.toString();
  url.search = text === '' ? '' : `?${text}`;
  return url.toString();
}
