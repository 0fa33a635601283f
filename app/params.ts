/**
 * The page's settings and the address bar. `parseParams` reads them from
 * `location.search`; anything it cannot use falls back to the default and
 * leaves a notice that says so. `toSearch` writes them back (only what
 * differs from the defaults, in a stable order) and `updateParams` applies a
 * change from the controls or from `window.mpviz.setParams`.
 *
 * Pure: no DOM, no store; the notices' words come from messages/.
 */
import {
  PLATFORMS,
  PYTHON_VERSIONS,
  START_METHODS,
  defaultStartMethod,
  startMethodError,
} from '../src/sim/platforms';
import type { ScenarioDocument } from '../src/sim/scenario-format';
import { SCENARIOS, specOf } from '../src/sim/scenarios';
import { RUN_DEFAULTS } from '../src/sim/settings';
import type { PoolCall } from '../src/sim/trace';
import type { EngineMode, EngineOptions } from '../src/workers';
import { LANG_PARAM, currentLocale, namedLocale, parseLang, type Locale } from './locale';
import { messages } from './messages';

/**
 * The page's settings are what the engine takes: one of the seed's six
 * scenarios, or a composed one (`document`, docs/scenario-format.md), whose
 * number is then `scenario`. A document only ever comes in checked: from the
 * address (`doc=`, read by builder/address.ts), the builder panel, or
 * `mpviz.setDocument`; `updateParams` never takes one.
 */
export type PageParams = EngineOptions;

/** The settings, with `document` only when there is one (an absent field, never `undefined`). */
function withDocument(
  params: Omit<PageParams, 'document'>,
  document: ScenarioDocument | undefined,
): PageParams {
  return document !== undefined ? { ...params, document } : params;
}

/** Something the page could not use as given, and what it did instead. */
export interface Notice {
  /** Stable within a page load: used to dismiss it. */
  readonly id: string;
  /** The address parameter (or setting) it is about. */
  readonly param: string;
  readonly text: string;
}

export interface ParsedParams {
  readonly params: PageParams;
  readonly notices: Notice[];
}

export const CALLS: readonly PoolCall[] = ['map', 'imap'];
export const MODES: readonly EngineMode[] = ['lockstep', 'free'];
export const SEED_MAX = 0xffff_ffff;

/** The address parameters, in the order `toSearch` writes them. */
export const PARAM_NAMES = {
  scenario: 'scenario',
  document: 'doc',
  startMethod: 'start',
  platform: 'os',
  python: 'py',
  call: 'call',
  seed: 'seed',
  mode: 'mode',
} as const satisfies Record<keyof PageParams, string>;

const SEARCH_ORDER: readonly Exclude<keyof PageParams, 'document'>[] = [
  'scenario',
  'startMethod',
  'platform',
  'python',
  'call',
  'seed',
  'mode',
];

export const DEFAULTS = {
  ...RUN_DEFAULTS,
  mode: 'lockstep',
} as const satisfies Omit<PageParams, 'startMethod' | 'document'>;

export function defaultParams(): PageParams {
  return {
    ...DEFAULTS,
    startMethod: defaultStartMethod(DEFAULTS.platform, DEFAULTS.python),
  };
}

/** Whether a scenario calls `Pool.map`/`Pool.imap` (the Process scenarios call neither). */
export function usesPoolCall(settings: Pick<PageParams, 'scenario' | 'document'>): boolean {
  if (settings.document === undefined && !SCENARIOS.some((s) => s.id === settings.scenario)) {
    return false;
  }
  return specOf(settings).container === 'pool';
}

// --- a composed scenario in the address -------------------------------------

/**
 * `doc=`: a composed scenario's document, compact and safe in a query string
 * (builder/address.ts reads and writes it; docs/embedding.md describes it).
 * The page's first bundle has no document reader: main.tsx loads that module
 * for an address with `doc=`, and the builder and the API load it before
 * they set a document, so it is installed whenever a document is in play.
 */
export const DOC_PARAM = PARAM_NAMES.document;

/** What the address's `doc=` comes to: a scenario and the notices about it. */
export interface DocumentRead {
  /** A composed scenario; absent for a seed's own document, or a refused one. */
  readonly document?: ScenarioDocument;
  /** The seed whose own document it is, or the document's number. Absent when refused. */
  readonly scenario?: number;
  readonly notices: readonly { readonly param: string; readonly text: string }[];
}

export interface DocumentCodec {
  /** Reads `doc=`; `fallback` is the scenario shown if it is refused. */
  read(raw: string, fallback: number, withScenario: boolean): DocumentRead;
  write(doc: ScenarioDocument): string;
}

let codec: DocumentCodec | null = null;

export function installDocumentCodec(installed: DocumentCodec): void {
  codec = installed;
}

/** Whether two settings name the same composed scenario (or both none). */
function sameDocument(a?: ScenarioDocument, b?: ScenarioDocument): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

// --- the step of the walkthrough -------------------------------------------

/**
 * The address parameter of the walkthrough's step. It is not a setting: it
 * says which step of the run to show once the run is done, and it is in the
 * address only when that is not the last step.
 */
export const STEP_PARAM = 'step';
export const STEP_MAX = 10_000_000;

function parseStepValue(raw: string): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n <= STEP_MAX ? n : null;
}

/** The step the address asks for (`step=N`), or null when it asks for none or for nonsense. */
export function parseStep(search: string): number | null {
  const raw = new URLSearchParams(search).get(STEP_PARAM);
  return raw === null ? null : parseStepValue(raw);
}

// --- validators: raw text in, a value or null out -------------------------

function parseScenario(raw: string): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return SCENARIOS.some((s) => s.id === n) ? n : null;
}

function parseSeed(raw: string): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n <= SEED_MAX ? n : null;
}

function oneOf<T extends string>(allowed: readonly T[]): (raw: string) => T | null {
  return (raw) => {
    const lower = raw.trim().toLowerCase();
    return allowed.find((a) => a === lower) ?? null;
  };
}

const parsePlatform = oneOf(PLATFORMS);
const parsePython = oneOf(PYTHON_VERSIONS);
const parseStartMethod = oneOf(START_METHODS);
const parseCall = oneOf(CALLS);
const parseMode = oneOf(MODES);

/** Builds the notices with ids unique within the page load. */
class NoticeList {
  private static next = 0;
  readonly list: Notice[] = [];
  add(param: string, text: string): void {
    NoticeList.next += 1;
    this.list.push({ id: `notice-${NoticeList.next}`, param, text });
  }
}

/**
 * Reads the settings from a query string (`location.search`, with or without
 * the `?`). Never throws: whatever it cannot use becomes a default and a notice.
 */
export function parseParams(search: string): ParsedParams {
  const query = new URLSearchParams(search);
  const notices = new NoticeList();
  // `compare=` is the comparison view's (app/compare/param.ts); `lang=` the page's language (locale.ts).
  const known = new Set<string>([...Object.values(PARAM_NAMES), STEP_PARAM, 'compare', LANG_PARAM]);

  /** The value of one parameter: absent → default; unusable → default and a notice. */
  function read<T>(
    key: keyof PageParams,
    parse: (raw: string) => T | null,
    fallback: T,
    complain: (raw: string, fallback: T) => string,
  ): T {
    const raw = query.get(PARAM_NAMES[key]);
    if (raw === null) return fallback;
    const value = parse(raw);
    if (value !== null) return value;
    notices.add(PARAM_NAMES[key], complain(raw, fallback));
    return fallback;
  }

  let scenario = read('scenario', parseScenario, DEFAULTS.scenario, messages.notices.badScenario);
  let document: ScenarioDocument | undefined;
  const rawDoc = query.get(DOC_PARAM);
  if (rawDoc !== null && codec) {
    const got = codec.read(rawDoc, scenario, query.has(PARAM_NAMES.scenario));
    for (const n of got.notices) notices.add(n.param, n.text);
    document = got.document;
    scenario = got.scenario ?? scenario;
  }
  const platform = read('platform', parsePlatform, DEFAULTS.platform, messages.notices.badPlatform);
  const python = read('python', parsePython, DEFAULTS.python, messages.notices.badPython);
  const fallbackStart = defaultStartMethod(platform, python);
  let startMethod = read(
    'startMethod',
    parseStartMethod,
    fallbackStart,
    messages.notices.badStartMethod,
  );
  const cpythonError = startMethodError(platform, startMethod);
  if (cpythonError !== null) {
    notices.add(
      PARAM_NAMES.startMethod,
      messages.notices.startMethodUnavailable(platform, startMethod, cpythonError, fallbackStart),
    );
    startMethod = fallbackStart;
  }
  const call = read('call', parseCall, DEFAULTS.call, messages.notices.badCall);
  const seed = read('seed', parseSeed, DEFAULTS.seed, messages.notices.badSeed);
  const mode = read('mode', parseMode, DEFAULTS.mode, messages.notices.badMode);
  const rawStep = query.get(STEP_PARAM);
  if (rawStep !== null && parseStepValue(rawStep) === null) {
    notices.add(STEP_PARAM, messages.notices.badStep(rawStep, STEP_MAX));
  }
  const rawLang = query.get(LANG_PARAM);
  if (rawLang !== null && parseLang(rawLang) === null) {
    notices.add(LANG_PARAM, messages.notices.badLang(rawLang));
  }

  // Then what is wrong with the address as a whole.
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) notices.add(name, messages.notices.unknownParam(name));
    else if (query.getAll(name).length > 1)
      notices.add(name, messages.notices.repeatedParam(name, query.get(name) ?? ''));
  }

  return {
    params: withDocument({ scenario, startMethod, platform, python, call, seed, mode }, document),
    notices: notices.list,
  };
}

/**
 * The query string for these settings, in a stable order: only the values
 * that differ from the defaults (the start method is compared with the
 * platform's default for that OS and Python) — or, with `every`, all of them,
 * so that a shared link means the same run even if a default changes later.
 * `lang=` comes last: with `every`, the page's language (a shared link opens
 * in it); otherwise the locale the address or the switch named (none when the
 * page follows the browser's language). `''` when nothing is written,
 * otherwise it starts with `?`.
 */
export function toSearch(
  params: PageParams,
  step: number | null = null,
  {
    every = false,
    lang = every ? currentLocale() : namedLocale(),
  }: { readonly every?: boolean; readonly lang?: Locale | null } = {},
): string {
  const defaults: PageParams = {
    ...defaultParams(),
    startMethod: defaultStartMethod(params.platform, params.python),
  };
  const query = new URLSearchParams();
  for (const key of SEARCH_ORDER) {
    // A composed scenario is its document (whose number is `scenario`).
    if (key === 'scenario' && params.document !== undefined && codec) {
      query.set(DOC_PARAM, codec.write(params.document));
    } else if (every || params[key] !== defaults[key]) {
      query.set(PARAM_NAMES[key], String(params[key]));
    }
  }
  if (step !== null) query.set(STEP_PARAM, String(step));
  if (lang !== null) query.set(LANG_PARAM, lang);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export function sameParams(a: PageParams, b: PageParams): boolean {
  return SEARCH_ORDER.every((key) => a[key] === b[key]) && sameDocument(a.document, b.document);
}

/**
 * Applies a change to the settings. Values are checked as if they had come
 * from the address (so `window.mpviz.setParams` from plain JavaScript cannot
 * set nonsense); unusable ones are dropped with a notice. A document is not
 * taken here (see `PageParams`): a composed scenario stays until a seed's
 * `scenario` is chosen.
 *
 * The start method follows the platform: when the OS or Python version
 * changes and no start method is given, a start method that was the old
 * default becomes the new default, and one the new OS lacks is replaced by
 * the new default (with a notice only when the caller asked for it).
 */
export function updateParams(current: PageParams, partial: Partial<PageParams>): ParsedParams {
  const notices = new NoticeList();
  function take<T>(
    key: keyof PageParams,
    parse: (raw: string) => T | null,
    currentValue: T,
    complain: (raw: string, fallback: T) => string,
  ): T {
    if (!(key in partial) || partial[key] === undefined) return currentValue;
    const raw = String(partial[key]);
    const value = parse(raw);
    if (value !== null) return value;
    notices.add(PARAM_NAMES[key], complain(raw, currentValue));
    return currentValue;
  }

  const scenario = take('scenario', parseScenario, current.scenario, messages.notices.badScenario);
  const chosen = partial.scenario !== undefined && parseScenario(String(partial.scenario)) !== null;
  const document = chosen ? undefined : current.document;
  const platform = take('platform', parsePlatform, current.platform, messages.notices.badPlatform);
  const python = take('python', parsePython, current.python, messages.notices.badPython);
  const oldDefault = defaultStartMethod(current.platform, current.python);
  const newDefault = defaultStartMethod(platform, python);
  const followDefault = current.startMethod === oldDefault ? newDefault : current.startMethod;
  const requested =
    partial.startMethod === undefined ? null : parseStartMethod(String(partial.startMethod));
  let startMethod = take(
    'startMethod',
    parseStartMethod,
    followDefault,
    messages.notices.badStartMethod,
  );
  const cpythonError = startMethodError(platform, startMethod);
  if (cpythonError !== null) {
    if (requested === startMethod) {
      notices.add(
        PARAM_NAMES.startMethod,
        messages.notices.startMethodUnavailable(platform, startMethod, cpythonError, newDefault),
      );
    }
    startMethod = newDefault;
  }
  const call = take('call', parseCall, current.call, messages.notices.badCall);
  const seed = take('seed', parseSeed, current.seed, messages.notices.badSeed);
  const mode = take('mode', parseMode, current.mode, messages.notices.badMode);

  return {
    params: withDocument({ scenario, startMethod, platform, python, call, seed, mode }, document),
    notices: notices.list,
  };
}

/**
 * Free mode races real workers, which only a cross-origin isolated page has.
 * Elsewhere the model kernel runs with its own schedule, so the settings say
 * so (lockstep) and a notice tells why, instead of reporting `mode: 'free'`
 * for a run that was not.
 */
export function withIsolation(parsed: ParsedParams, isolated: boolean): ParsedParams {
  if (isolated || parsed.params.mode !== 'free') return parsed;
  const notices = new NoticeList();
  notices.add(PARAM_NAMES.mode, messages.notices.freeNeedsIsolation);
  return {
    params: { ...parsed.params, mode: 'lockstep' },
    notices: [...parsed.notices, ...notices.list],
  };
}
