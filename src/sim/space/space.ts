/**
 * The space of scenario documents: every valid document of the format, or a
 * seeded sample of it, for the differential check against CPython
 * (scripts/sweep.py) and its property tests. A folder of its own, outside the
 * scenarios' entry, which the page loads first: the space needs the reader.
 *
 * It is read off the format's JSON Schema (scenario.schema.json), not a hand
 * list: each field's choices are its `enum`, `const`, `oneOf`/`anyOf`
 * branches, both booleans, an object's properties multiplied out (an optional
 * one may also be absent), an array's items as multisets; then
 * `parseDocument`, the format's own reader, keeps the valid ones (the rules a
 * schema states with `if`/`contains`, and the one only the reader knows). A
 * field added to the schema with an `enum` flows in with no change here; a
 * free value (a string, an integer) that is substance names its
 * representative values in the schema's `examples` (or takes the field's own
 * name, a Python identifier — what `initializer` needs).
 *
 * The fields that only name a document (its number, function name, title,
 * summary, claim) are not choices: every document of the space gets its own.
 * Two documents are the same in substance when their scripts are (with the
 * same identity, for every Pool call a run can be given): the space keeps
 * one of each.
 */
import { objectsRefused, parseDocument, type ScenarioDocument } from '../scenario-format';
import { Random } from '../random';
import { resolveSettings } from '../settings';
import type { PoolCall } from '../trace';
import { scenarioSchema, SCENARIOS, scriptText, seedDocument, specOfDocument } from '../scenarios';

/** The run setting `call`: every PoolCall (space.test.ts fails to compile if one is missing). */
export const RUN_CALLS = ['map', 'imap'] as const satisfies readonly PoolCall[];

/** The fields that name a document rather than choose its script. */
export const IDENTITY_FIELDS = ['number', 'name', 'title', 'summary', 'claim'] as const;

/**
 * The longest list of objects tried when the schema sets no `maxItems`: the
 * multisets grow as (variants)^n. space.test.ts checks that no longer list
 * is valid, so a format that allows more objects fails it rather than being
 * silently cut.
 */
export const MAX_LIST = 3;

type Schema = Readonly<Record<string, unknown>>;
const ROOT = scenarioSchema as Schema;
/** A property the document leaves out. */
const ABSENT = Symbol('absent');
type Choice = unknown;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null;

/** A schema with its `$ref` followed (the referring schema's own keywords kept beside). */
function resolve(s: Schema): Schema {
  const ref = s['$ref'];
  if (typeof ref !== 'string') return s;
  let target: unknown = ROOT;
  for (const key of ref.replace(/^#\//, '').split('/')) target = (target as Schema)[key];
  if (!isSchema(target)) throw new Error(`scenario.schema.json: ${ref} names nothing`);
  const rest = Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref'));
  return resolve({ ...target, ...rest });
}

/** The values a field can take, as far as its schema says; `key` names a free one. */
export function choices(schema: Schema, key: string): Choice[] {
  const s = resolve(schema);
  if ('const' in s) return [s['const']];
  if (Array.isArray(s['enum'])) return [...(s['enum'] as unknown[])];
  const branches = (s['oneOf'] ?? s['anyOf']) as Schema[] | undefined;
  if (Array.isArray(branches)) {
    const own = Object.fromEntries(
      Object.entries(s).filter(([k]) => k !== 'oneOf' && k !== 'anyOf'),
    );
    return branches.flatMap((b) => choices(mergeBranch(own, b), key));
  }
  if (Array.isArray(s['examples'])) return [...(s['examples'] as unknown[])];
  switch (s['type']) {
    case 'boolean':
      return [false, true];
    case 'integer':
    case 'number':
      return [s['default'] ?? s['minimum'] ?? 0];
    case 'string':
      return [s['default'] ?? key];
    case 'object':
      return objects(s);
    case 'array':
      return lists(s, key);
    default:
      throw new Error(`scenario.schema.json: no choices for "${key}"`);
  }
}

/** A oneOf branch with the surrounding schema's keywords (its properties merged). */
function mergeBranch(own: Schema, branch: Schema): Schema {
  const b = resolve(branch);
  const properties = { ...(own['properties'] as Schema), ...(b['properties'] as Schema) };
  const required = [
    ...((own['required'] as string[]) ?? []),
    ...((b['required'] as string[]) ?? []),
  ];
  return { ...own, ...b, properties, required };
}

/** Every object the properties make, multiplied out (an optional property may be absent). */
function objects(s: Schema, skip: readonly string[] = []): Record<string, unknown>[] {
  return [...eachObject(s, skip)];
}

/**
 * The same objects one at a time: the top level multiplies out to tens of
 * millions of candidates, most of which the reader refuses, and holding them
 * all at once would spend the time collecting garbage.
 */
function* eachObject(s: Schema, skip: readonly string[] = []): Generator<Record<string, unknown>> {
  const properties = (s['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((s['required'] as string[] | undefined) ?? []);
  const fields = Object.entries(properties)
    .filter(([key]) => !skip.includes(key))
    .map(([key, property]) => ({
      key,
      values: [...(required.has(key) ? [] : [ABSENT]), ...choices(property, key)] as Choice[],
    }));
  if (fields.some(({ values }) => values.length === 0)) return;
  // An odometer over the fields' choices, the first field turning slowest.
  const at = fields.map(() => 0);
  for (;;) {
    const o: Record<string, unknown> = {};
    fields.forEach(({ key, values }, j) => {
      const v = values[at[j]!];
      if (v !== ABSENT) o[key] = v;
    });
    yield o;
    let j = fields.length - 1;
    while (j >= 0 && ++at[j]! === fields[j]!.values.length) at[j--] = 0;
    if (j < 0) return;
  }
}

/** Lists of the items' choices: multisets (one order each), of every allowed length. */
function lists(s: Schema, key: string): Choice[][] {
  const items = choices((s['items'] ?? {}) as Schema, `${key}[]`);
  const min = (s['minItems'] as number | undefined) ?? 0;
  const max = Math.min((s['maxItems'] as number | undefined) ?? MAX_LIST, MAX_LIST);
  const out: Choice[][] = [];
  const grow = (list: Choice[], from: number): void => {
    if (list.length >= min) out.push(list);
    if (list.length === max) return;
    for (let i = from; i < items.length; i++) grow([...list, items[i]], i);
  };
  grow([], 0);
  return out;
}

/** One document of the space, with the identity given to it. */
export interface SpaceDocument {
  readonly document: ScenarioDocument;
  /** The run settings' Pool calls that give this document different scripts (one at least). */
  readonly calls: readonly PoolCall[];
  /** `seed N` when it is one of the seed's scenarios in substance, else `doc N`. */
  readonly label: string;
}

/** The identity every candidate has while its substance is compared. */
const PLACEHOLDER = { number: 7, name: 'composed_scenario', title: 'Composed' } as const;

/** A script's text for a document and a call (under fork, on the defaults otherwise). */
const scriptOf = (doc: ScenarioDocument, call: PoolCall): string =>
  scriptText(resolveSettings({ scenario: doc.number, document: doc, call, startMethod: 'fork' }));

/** What a document's scripts are, identity aside: two documents are the same in substance when these are. */
export function substance(doc: ScenarioDocument): string {
  const same = { ...withoutIdentity(doc), ...PLACEHOLDER } as ScenarioDocument;
  return RUN_CALLS.map((call) => scriptOf(same, call)).join('\0');
}

const withoutIdentity = (doc: ScenarioDocument): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(doc).filter(([k]) => !(IDENTITY_FIELDS as readonly string[]).includes(k)),
  );

/** The spec a document describes, but for what only names things (the seeds name their initializers). */
function specSubstance(doc: ScenarioDocument): string {
  const spec: Record<string, unknown> = { ...specOfDocument(doc) };
  for (const k of SPEC_NAMES) delete spec[k];
  return JSON.stringify(spec);
}
const SPEC_NAMES = ['id', 'functionName', 'title', 'summary', 'docVerdict', 'initializerName'];

let space: readonly SpaceDocument[] | undefined;

/** Every valid document of the format, one per substance, in the schema's order of choices. */
export function documentSpace(): readonly SpaceDocument[] {
  if (space !== undefined) return space;
  const seeds = new Map(SCENARIOS.map(({ id }) => [specSubstance(seedDocument(id)), id]));
  const seen = new Set<string>();
  const out: SpaceDocument[] = [];
  // Most lists of objects are refused on their own (not one lock and one queue):
  // asked once per list, not once per candidate that holds it.
  const refusedLists = new Map<unknown, boolean>();
  for (const candidate of eachObject(ROOT, IDENTITY_FIELDS)) {
    const list = candidate['objects'];
    let refusedList = refusedLists.get(list);
    if (refusedList === undefined) refusedLists.set(list, (refusedList = objectsRefused(list)));
    if (refusedList) continue;
    const parsed = parseDocument({ ...candidate, ...PLACEHOLDER });
    if (!parsed.ok) continue;
    const key = substance(parsed.document);
    if (seen.has(key)) continue;
    seen.add(key);
    const n = out.length + 1;
    const seed = seeds.get(specSubstance(parsed.document));
    const doc = { ...parsed.document, ...identity(n, parsed.document) };
    out.push({ document: doc, calls: callsOf(doc), label: seed ? `seed ${seed}` : `doc ${n}` });
  }
  return (space = out);
}

/** The identity of the space's n-th document: its number (1–999, so it repeats past 999), name and title. */
function identity(
  n: number,
  doc: ScenarioDocument,
): Pick<ScenarioDocument, 'number' | 'name' | 'title'> {
  const parts = Object.entries(withoutIdentity(doc))
    .filter(([k]) => k !== 'format')
    .map(([, v]) =>
      Array.isArray(v) ? v.map((o) => Object.values(o as object).join(' ')).join(', ') : String(v),
    );
  const title = parts.join('; ');
  return {
    number: ((n - 1) % 999) + 1,
    name: `sweep_${n}`,
    title: [...title].length > 80 ? `${[...title].slice(0, 79).join('')}…` : title,
  };
}

/** The Pool calls of the run settings that change the script (a Process per task has one). */
function callsOf(doc: ScenarioDocument): PoolCall[] {
  const seen = new Set<string>();
  return RUN_CALLS.filter((call) => {
    const text = scriptOf(doc, call);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** `n` documents of the space, chosen by `seed` (the same seed, the same sample); all when n ≥ its size. */
export function sampleSpace(n: number, seed: number): readonly SpaceDocument[] {
  const all = [...documentSpace()];
  if (n >= all.length) return all;
  const random = new Random(seed);
  // A partial Fisher–Yates shuffle: the first n are a uniform sample.
  for (let i = 0; i < n; i++) {
    const j = i + random.int(all.length - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, n);
}
