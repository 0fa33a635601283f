/**
 * A scenario document as the page takes it, from the address (`doc=`), the
 * builder panel, `mpviz.setDocument` or the embed's `mpviz:setDocument`:
 * read with the format's own reader (`parseDocument`), and a seed's own
 * document taken as that seed (`scenario=N`), so that its walkthrough, its
 * figures from CPython and its link are the seed's.
 *
 * Not in the page's first bundle: main.tsx loads it for an address with
 * `doc=`, the builder and the API when they are used. Loading it installs the
 * reader of `doc=` in params.ts.
 */
import {
  parseDocument,
  SCENARIO_FORMAT,
  type ScenarioDocument,
} from '../../src/sim/scenario-format';
import { reasonText, type Reason } from '../../src/sim/scenario-reasons';
import { SCENARIOS, seedDocument } from '../../src/sim/scenarios';
import { builderMessages } from '../messages-builder';
import { DOC_PARAM, installDocumentCodec, PARAM_NAMES, type DocumentRead } from '../params';
import { setDocument, setParams, type RunStore } from '../store';
// A hint to the bundler (see compare/bundle-hint.ts): the page has these
// already; importing them here keeps them in one chunk with store.ts and
// the messages, instead of two more chunks in the page's first bundle.
import 'react/jsx-runtime';
import '../store-context';

const t = builderMessages.builder.address;

/** At most this many reasons in a notice (a document can have a dozen faults). */
const REASONS_SHOWN = 3;
/** The longest `doc=` the page reads (a document is a few hundred characters). */
export const DOC_MAX = 4000;
/** `doc=`'s version prefix: the format's ("1" for mpviz-scenario/1). */
export const DOC_VERSION = SCENARIO_FORMAT.slice(SCENARIO_FORMAT.lastIndexOf('/') + 1);

/**
 * `doc=`'s text: the format's version, a dot, then the document's JSON
 * without its `format` field (the version says it), minified, as base64url
 * (RFC 4648 §5, no padding): `1.eyJudW1iZXIiOjcs…`.
 */
export function encodeDocument(doc: ScenarioDocument): string {
  const { format: _format, ...rest } = doc;
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(rest))) {
    binary += String.fromCharCode(byte);
  }
  const base64 = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${DOC_VERSION}.${base64}`;
}

/** JSON with every object's keys sorted: two documents that say the same compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The seed whose own document this is, if any. */
export function seedOf(value: unknown): number | null {
  const text = canonical(value);
  return SCENARIOS.find((s) => canonical(seedDocument(s.id)) === text)?.id ?? null;
}

/** The format's reasons in the page's language. */
export function reasonsShown(reasons: readonly Reason[]): string[] {
  return reasons.map((r) => reasonText(r, builderMessages.builder.reasons));
}

/** A few of the reasons, and how many more there are. */
function bounded(reasons: readonly string[]): string[] {
  if (reasons.length <= REASONS_SHOWN) return [...reasons];
  return [...reasons.slice(0, REASONS_SHOWN), t.more(reasons.length - REASONS_SHOWN)];
}

/** What a document (any JSON value) comes to: a composed scenario, a seed, or the reasons not. */
export type DocumentChoice =
  | { readonly document: ScenarioDocument }
  | { readonly scenario: number }
  | { readonly refused: readonly string[] };

export function readDocument(value: unknown): DocumentChoice {
  const result = parseDocument(value);
  if (!result.ok) return { refused: bounded(reasonsShown(result.reasons)) };
  const seed = seedOf(result.document);
  return seed !== null ? { scenario: seed } : { document: result.document };
}

/** `doc=`'s text as JSON, or why it is not (see DOC_PARAM in params.ts). */
export function decodeDocument(raw: string): { value: unknown } | { refused: string[] } {
  if (raw.length > DOC_MAX) return { refused: [t.tooLong(raw.length, DOC_MAX)] };
  const dot = raw.indexOf('.');
  const version = dot < 0 ? '' : raw.slice(0, dot);
  if (version !== DOC_VERSION) return { refused: [t.version(version, DOC_VERSION)] };
  const body = raw.slice(dot + 1);
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) return { refused: [t.notBase64] };
  let json: string;
  try {
    const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { refused: [t.notBase64] };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { refused: [t.notJson] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { refused: [t.notJson] };
  }
  // The version stood for the format field, which the address leaves out.
  return { value: { format: SCENARIO_FORMAT, ...value } };
}

/**
 * `doc=` as the page's settings take it (params.ts calls this, once
 * installed): refused, it changes nothing else, and a notice says why.
 */
export function readDocumentParam(
  raw: string,
  fallback: number,
  withScenario: boolean,
): DocumentRead {
  const decoded = decodeDocument(raw);
  const read = 'refused' in decoded ? decoded : readDocument(decoded.value);
  if ('refused' in read) {
    return { notices: [{ param: DOC_PARAM, text: t.refused(read.refused, fallback) }] };
  }
  const notices = withScenario ? [{ param: PARAM_NAMES.scenario, text: t.scenarioIgnored }] : [];
  return 'document' in read
    ? { document: read.document, scenario: read.document.number, notices }
    : { scenario: read.scenario, notices };
}

/**
 * Makes a document the page's scenario (a seed's own document: that seed),
 * keeping the other settings. Returns null when it did, or the reasons it
 * is refused (then nothing changes).
 */
export function applyDocument(store: RunStore, value: unknown): readonly string[] | null {
  const read = readDocument(value);
  if ('refused' in read) return read.refused;
  if ('scenario' in read) setParams(store, { scenario: read.scenario });
  else setDocument(store, read.document);
  return null;
}

/**
 * `applyDocument` for a caller that shows nothing itself (`mpviz.setDocument`):
 * a document as a JSON value or as `doc=`'s text; refused, a notice says why.
 */
export function applyDocumentOrSay(store: RunStore, value: unknown): readonly string[] | null {
  const decoded = typeof value === 'string' ? decodeDocument(value) : { value };
  const reasons = 'refused' in decoded ? decoded.refused : applyDocument(store, decoded.value);
  if (reasons !== null) {
    const text = t.refusedNow(reasons);
    store.setState((s) => ({
      notices: [...s.notices, { id: `notice-doc-${++said}`, param: DOC_PARAM, text }],
    }));
  }
  return reasons;
}
let said = 0;

installDocumentCodec({ read: readDocumentParam, write: encodeDocument });
