/**
 * The builder's form as data: a draft document being edited, changed field
 * by field, and read with the format's own reader. Generic over the format's
 * choices (`FORMAT_CHOICES` in src/sim/scenario-format.ts): a field the
 * format adds there appears in the form without a change here. Pure.
 */
import {
  FORMAT_CHOICES,
  parseDocument,
  type DocumentResult,
  type FieldChoice,
  type ScenarioDocument,
} from '../../src/sim/scenario-format';
import { SCENARIOS } from '../../src/sim/scenarios';

type Json = Record<string, unknown>;

/**
 * A document being composed. `naming` says where its names come from: a
 * preset's (kept until a choice changes), the choices themselves ('auto':
 * renamed after each change), or the learner (never renamed).
 */
export interface Draft {
  readonly doc: Readonly<Json>;
  readonly naming: 'preset' | 'auto' | 'user';
}

export const draftOf = (doc: ScenarioDocument): Draft => ({ doc: { ...doc }, naming: 'preset' });

/** The number of a composed scenario: the first after the seed's. */
export const COMPOSED_NUMBER = Math.max(...SCENARIOS.map((s) => s.id)) + 1;

/** Labels for the one-line summary: the value's short label, or the value itself. */
export type ShortLabel = (field: string, value: string) => string;

/**
 * What the document does, in one line: its document-level choices, then
 * each object with its own (`Pool · Lock (mp, in each task) · Queue (…)`).
 */
export function summaryLine(doc: Readonly<Json>, short: ShortLabel): string {
  const parts: string[] = [];
  for (const field of FORMAT_CHOICES.document) {
    const value = doc[field.key];
    if (field.kind === 'choice' && typeof value === 'string') parts.push(short(field.key, value));
  }
  const objects = Array.isArray(doc['objects']) ? (doc['objects'] as unknown[]) : [];
  for (const o of objects) {
    if (typeof o !== 'object' || o === null) continue;
    const object = o as Json;
    const rest = FORMAT_CHOICES.object
      .filter((f) => f.kind === 'choice' && f.key !== 'type' && typeof object[f.key] === 'string')
      .map((f) => short(f.key, object[f.key] as string));
    parts.push(`${String(object['type'])}${rest.length > 0 ? ` (${rest.join(', ')})` : ''}`);
  }
  return parts.join(' · ');
}

/** One line of at most `max` characters, without the characters a title may not have. */
function titleOf(text: string, max: number): string {
  const clean = text.replace(/["\\\n\r]/g, '');
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

/** Fields that mean nothing for this document are left out; those that start to, suggested. */
function tidy(doc: Json): Json {
  for (const field of FORMAT_CHOICES.document) {
    if (field.kind !== 'text' || field.when === undefined) continue;
    if (!field.when(doc)) delete doc[field.key];
    else if (doc[field.key] === undefined && field.suggest !== undefined) {
      doc[field.key] = field.suggest;
    }
  }
  return doc;
}

/** A composed scenario's names, from its choices (while the learner has not named it). */
function named(doc: Json, short: ShortLabel): Json {
  const number = COMPOSED_NUMBER;
  const title = FORMAT_CHOICES.document.find((f) => f.key === 'title');
  const max = title?.kind === 'text' ? title.max : 80;
  const out: Json = { ...doc, number, name: `scenario_${number}_composed` };
  out['title'] = titleOf(summaryLine(out, short), max);
  delete out['summary'];
  delete out['claim'];
  return out;
}

/** After a choice changed: tidied, and renamed unless the learner named it. */
function chose(draft: Draft, doc: Json, short: ShortLabel): Draft {
  const tidied = tidy(doc);
  if (draft.naming === 'user') return { doc: tidied, naming: 'user' };
  return { doc: named(tidied, short), naming: 'auto' };
}

/** A document-level choice (`undefined`: left out, for an optional one). */
export function setChoice(
  draft: Draft,
  key: string,
  value: string | undefined,
  short: ShortLabel,
): Draft {
  const doc: Json = { ...draft.doc };
  if (value === undefined) delete doc[key];
  else doc[key] = value;
  return chose(draft, doc, short);
}

const objectsOf = (doc: Readonly<Json>): Json[] =>
  Array.isArray(doc['objects']) ? (doc['objects'] as Json[]).map((o) => ({ ...o })) : [];

/** One field of object `index`. */
export function setObjectField(
  draft: Draft,
  index: number,
  key: string,
  value: string | undefined,
  short: ShortLabel,
): Draft {
  const objects = objectsOf(draft.doc);
  const object = objects[index];
  if (object === undefined) return draft;
  if (value === undefined) delete object[key];
  else object[key] = value;
  return chose(draft, { ...draft.doc, objects }, short);
}

/** A new object of `type`, every other required choice at its first value. */
export function addObject(draft: Draft, type: string, short: ShortLabel): Draft {
  const object: Json = {};
  for (const field of FORMAT_CHOICES.object) {
    if (field.key === 'type') object[field.key] = type;
    else if (field.kind === 'choice' && field.required) object[field.key] = field.values[0];
  }
  return chose(draft, { ...draft.doc, objects: [...objectsOf(draft.doc), object] }, short);
}

export function removeObject(draft: Draft, index: number, short: ShortLabel): Draft {
  const objects = objectsOf(draft.doc).filter((_, i) => i !== index);
  return chose(draft, { ...draft.doc, objects }, short);
}

/**
 * A text or number field as typed: empty leaves an optional field out; a
 * number field keeps text that is not a whole number as it is, for the
 * reader to refuse with its reason. Editing a name makes the names the
 * learner's.
 */
export function setText(draft: Draft, field: FieldChoice, text: string): Draft {
  const doc: Json = { ...draft.doc };
  if (text === '' && !field.required) delete doc[field.key];
  else if (field.kind === 'number') doc[field.key] = /^\d{1,9}$/.test(text) ? Number(text) : text;
  else doc[field.key] = text;
  const naming = 'naming' in field && field.naming ? 'user' : draft.naming;
  return { doc, naming };
}

/** The draft as the format's reader sees it: the document, or every reason it is refused. */
export const check = (draft: Draft): DocumentResult => parseDocument(draft.doc);

/** The fields the form shows for this draft (those whose `when` holds). */
export const shownFields = (doc: Readonly<Json>): readonly FieldChoice[] =>
  FORMAT_CHOICES.document.filter((f) => f.kind !== 'text' || f.when === undefined || f.when(doc));
