/**
 * The `compare=` address parameter: two scenarios side by side
 * (`compare=1,3`, the other settings as usual) or two or three start methods
 * of the current scenario (`compare=fork,spawn`, `fork,spawn,forkserver`).
 * Anything else is refused with a reason, bounded in length, and the page
 * shows one walkthrough as if the parameter were absent.
 *
 * Pure: no DOM, no store.
 */
import { START_METHODS, startMethodError } from '../../src/sim/platforms';
import { SCENARIOS } from '../../src/sim/scenarios';
import type { Platform, StartMethod } from '../../src/sim/trace';
import { excerpt, messages } from '../messages';
import { compareMessages } from '../messages-compare';
import { PARAM_NAMES, type PageParams } from '../params';

export const COMPARE_PARAM = 'compare';
/** More characters than any valid value has: longer values are refused unread. */
const MAX_LENGTH = 40;

export type Comparison =
  | { readonly kind: 'scenarios'; readonly scenarios: readonly [number, number] }
  | { readonly kind: 'methods'; readonly methods: readonly StartMethod[] };

export type CompareParse =
  | { readonly ok: true; readonly comparison: Comparison }
  | { readonly ok: false; readonly notice: string };

const c = compareMessages.compare;

function refuse(raw: string, why: string): CompareParse {
  return { ok: false, notice: c.notice(excerpt(raw), why) };
}

/** Reads `compare=` as given (`raw`), for a page on `platform`. */
export function parseCompare(raw: string, platform: Platform): CompareParse {
  if (raw.length > MAX_LENGTH) return refuse(raw, c.whyLong);
  const parts = raw
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  if (parts.length === 0) return refuse(raw, c.whyEmpty);
  const numbers = parts.filter((p) => /^\d+$/.test(p));
  if (numbers.length > 0 && numbers.length < parts.length) return refuse(raw, c.whyMixed);
  if (new Set(parts).size !== parts.length) return refuse(raw, c.whySame);
  if (numbers.length > 0) {
    const bad = parts.find((p) => !SCENARIOS.some((s) => String(s.id) === String(Number(p))));
    if (bad !== undefined) return refuse(raw, c.whyScenario(excerpt(bad)));
    const ids = parts.map(Number);
    if (ids.length !== 2) return refuse(raw, c.whyCount);
    if (ids[0] === ids[1]) return refuse(raw, c.whySame);
    return { ok: true, comparison: { kind: 'scenarios', scenarios: [ids[0]!, ids[1]!] } };
  }
  const bad = parts.find((p) => !(START_METHODS as readonly string[]).includes(p));
  if (bad !== undefined) return refuse(raw, c.whyMethod(excerpt(bad)));
  const methods = parts as StartMethod[];
  if (methods.length < 2 || methods.length > 3) return refuse(raw, c.whyCount);
  const missing = methods.find((m) => startMethodError(platform, m) !== null);
  if (missing !== undefined) {
    return refuse(raw, c.whyPlatform(missing, messages.platformName(platform)));
  }
  return { ok: true, comparison: { kind: 'methods', methods } };
}

/**
 * The settings of each side: the page's, with the side's scenario (one of
 * the seed's: a composed scenario stays out) or start method (a composed
 * scenario under each).
 */
export function sideParams(base: PageParams, comparison: Comparison): PageParams[] {
  const { document: _composed, ...seed } = base;
  return comparison.kind === 'scenarios'
    ? comparison.scenarios.map((scenario) => ({ ...seed, scenario }))
    : comparison.methods.map((startMethod) => ({ ...base, startMethod }));
}

/** The value of `compare=` for a comparison. */
export function compareValue(comparison: Comparison): string {
  return comparison.kind === 'scenarios'
    ? comparison.scenarios.join(',')
    : comparison.methods.join(',');
}

/**
 * The query string of a side alone: its settings, the page's other settings,
 * in the page's order (the link "Open this side").
 */
export function withCompare(search: string, comparison: Comparison | null): string {
  const query = new URLSearchParams(search);
  query.delete(COMPARE_PARAM);
  if (comparison) query.set(COMPARE_PARAM, compareValue(comparison));
  const text = query.toString().replace(/%2C/g, ',');
  return text === '' ? '' : `?${text}`;
}

/** The scenario the page's "Compare with" link proposes for `scenario`: its counterpart. */
export function counterpart(scenario: number): number {
  // Pool vs Process: the same Lock, two routes; with a Manager, the same proxy twice.
  const pairs: Readonly<Record<number, number>> = { 1: 3, 2: 4, 3: 1, 4: 2, 5: 6, 6: 5 };
  return pairs[scenario] ?? 3;
}

/** The settings parameter a comparison of scenarios overrides. */
export const overridden = (comparison: Comparison): string =>
  comparison.kind === 'scenarios' ? PARAM_NAMES.scenario : PARAM_NAMES.startMethod;
