/**
 * The space of scenario documents (space.ts): every document in it is valid
 * (to the reader and to the JSON Schema), no two are the same script, the
 * seed's six scenarios are in it, every choice the schema offers is used,
 * nothing valid lies beyond its longest list, and a sample is seeded.
 */
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { Random } from '../random';
import { objectsRefused, parseDocument } from '../scenario-format';
import type { PoolCall } from '../trace';
import { resolveSettings } from '../settings';
import { scenarioSchema as schema, SCENARIOS, scriptText } from '../scenarios';
import {
  choices,
  documentSpace,
  IDENTITY_FIELDS,
  MAX_LIST,
  RUN_CALLS,
  sampleSpace,
  substance,
} from './space';

const validate = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
}).compile(schema);
const defs = schema.$defs as Record<string, Record<string, unknown>>;
/** An object the schema's own object definition takes (its rules between fields included). */
const validObject = new Ajv2020({ strict: false }).compile({ ...defs['object'], $defs: defs });
const space = documentSpace();
/** RUN_CALLS is every PoolCall: a call added to the type and not to the list fails to compile here. */
const everyCall: [Exclude<PoolCall, (typeof RUN_CALLS)[number]>] extends [never] ? true : false =
  true;

const properties = schema.properties as Record<string, Record<string, unknown>>;
const choiceFields = Object.keys(properties).filter(
  (k) => !(IDENTITY_FIELDS as readonly string[]).includes(k),
);

describe('the space of documents', () => {
  it('holds the v1 space at least (pool: 2 kinds × 4 route pairs; process: 2 kinds)', () => {
    expect(space.length).toBeGreaterThanOrEqual(10);
  });

  it('holds only documents the reader and the schema accept', () => {
    for (const { document } of space) {
      expect(parseDocument(document), JSON.stringify(document)).toEqual({ ok: true, document });
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('holds no two documents that are the same script (names and numbers aside)', () => {
    const keys = space.map(({ document }) => substance(document));
    expect(new Set(keys).size).toBe(keys.length);
    // …and names and numbers are not what makes them differ: each has its own.
    expect(new Set(space.map(({ document }) => document.name)).size).toBe(space.length);
  });

  it('holds each of the seed’s six scenarios, once, labelled', () => {
    const labels = space.map((d) => d.label).filter((l) => l.startsWith('seed '));
    expect(labels.sort()).toEqual(SCENARIOS.map(({ id }) => `seed ${id}`).sort());
  });

  it('uses every choice the schema offers for each field (an item’s, for a list)', () => {
    for (const key of choiceFields) {
      const offered = choices(properties[key]!, key).map((v) => JSON.stringify(v));
      const values = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
      // Items the schema rules out by themselves (a value on a Lock) cannot be used.
      const offeredItems = new Set(
        offered
          .flatMap((v) => values(JSON.parse(v)))
          .filter((x) => key !== 'objects' || validObject(x))
          .map((x) => JSON.stringify(x)),
      );
      const used = new Set(
        space.flatMap(({ document }) =>
          key in document
            ? values((document as unknown as Record<string, unknown>)[key]).map((x) =>
                JSON.stringify(x),
              )
            : // An absent field is its default (the space keeps one document per
              // script, and the one with read: false or manager: "per-object" has none).
              'default' in properties[key]!
              ? [JSON.stringify(properties[key]!['default'])]
              : [],
        ),
      );
      for (const item of offeredItems) expect(used, `${key}: ${item}`).toContain(item);
    }
  });

  it(`finds nothing valid with more than ${MAX_LIST} objects (the longest list it tries)`, () => {
    const random = new Random(20261202);
    const items = choices(
      (schema.$defs as Record<string, Record<string, unknown>>)['object']!,
      'object',
    );
    for (let i = 0; i < 300; i++) {
      const { document } = random.pick(space);
      const objects = [...document.objects];
      while (objects.length <= MAX_LIST)
        objects.push(random.pick(items) as (typeof objects)[number]);
      expect(parseDocument({ ...document, objects }).ok, JSON.stringify(objects)).toBe(false);
    }
  });

  it('skips only lists the reader refuses in every document (the shortcut it takes)', () => {
    const random = new Random(20261204);
    const lists = choices(properties['objects']!, 'objects') as unknown[][];
    const refusedLists = lists.filter((list) => objectsRefused(list));
    // The shortcut is worth taking: almost every list is refused on its own…
    expect(refusedLists.length).toBeGreaterThan(lists.length * 0.9);
    // …and none of them is accepted with any other fields.
    for (let i = 0; i < 2000; i++) {
      const { document } = random.pick(space);
      const objects = random.pick(refusedLists);
      expect(parseDocument({ ...document, objects }).ok, JSON.stringify(objects)).toBe(false);
    }
  });

  it('gives the run’s Pool calls that change the script, each once, and more than one for some', () => {
    for (const { document, calls } of space) {
      expect(calls.length).toBeGreaterThan(0);
      for (const call of calls) expect(RUN_CALLS).toContain(call);
      const scripts = calls.map((call) =>
        scriptText(resolveSettings({ scenario: document.number, document, call })),
      );
      expect(new Set(scripts).size, document.title).toBe(calls.length);
    }
    expect(space.some(({ calls }) => calls.length > 1)).toBe(true);
    expect(everyCall).toBe(true);
  });
});

describe('a sample of the space', () => {
  it('is seeded: the same seed, the same documents; another seed, others', () => {
    const a = sampleSpace(4, 1).map((d) => d.label);
    expect(sampleSpace(4, 1).map((d) => d.label)).toEqual(a);
    expect(new Set(a).size).toBe(4);
    const others = [2, 3, 4, 5].map((seed) =>
      sampleSpace(4, seed)
        .map((d) => d.label)
        .join(),
    );
    expect(others.some((o) => o !== a.join())).toBe(true);
  });

  it('is the whole space when it asks for as many or more', () => {
    expect(sampleSpace(space.length + 5, 1)).toHaveLength(space.length);
  });
});
