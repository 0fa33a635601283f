// The builder's form model and the address's `doc=`: what a learner's
// choices make, what the reader refuses, and that a seed's own document is
// that seed.
import { describe, expect, it } from 'vitest';
import { SCENARIO_FORMAT, type ScenarioDocument } from '../../src/sim/scenario-format';
import { seedDocument } from '../../src/sim/scenarios';
import { parseParams, toSearch, defaultParams } from '../params';
import { createRunStore } from '../store';
import {
  applyDocument,
  decodeDocument,
  DOC_MAX,
  encodeDocument,
  readDocument,
  seedOf,
} from './address';
import {
  addObject,
  check,
  COMPOSED_NUMBER,
  draftOf,
  removeObject,
  setChoice,
  setObjectField,
  setText,
  shownFields,
  summaryLine,
} from './form';
import { shortLabel } from './labels';
import { PRESETS } from './presets';

const composed: ScenarioDocument = {
  format: SCENARIO_FORMAT,
  number: 7,
  name: 'scenario_7_composed',
  title: 'Pool · Lock (Manager, in each task)',
  container: 'pool',
  objects: [
    { type: 'Lock', from: 'manager', route: 'task' },
    { type: 'Queue', from: 'manager', route: 'initializer' },
  ],
  initializer: 'initialize',
};

describe('the form', () => {
  it('renames a preset after its choices once one changes, and tidies the initializer', () => {
    let draft = draftOf(seedDocument(1));
    expect(shownFields(draft.doc).some((f) => f.key === 'initializer')).toBe(false);
    draft = setObjectField(draft, 1, 'route', 'initializer', shortLabel);
    expect(draft.naming).toBe('auto');
    expect(draft.doc['number']).toBe(COMPOSED_NUMBER);
    expect(draft.doc['initializer']).toBe('initialize');
    expect(draft.doc['summary']).toBeUndefined();
    expect(draft.doc['title']).toBe(
      'Pool · Lock (mp, in each task) · Queue (mp, via the initializer)',
    );
    expect(check(draft).ok).toBe(true);
    draft = setObjectField(draft, 1, 'route', 'task', shortLabel);
    expect(draft.doc['initializer']).toBeUndefined();
    expect(check(draft).ok).toBe(true);
  });

  it('keeps names the learner typed', () => {
    let draft = draftOf(seedDocument(2));
    const title = shownFields(draft.doc).find((f) => f.key === 'title')!;
    draft = setText(draft, title, 'My own');
    draft = setChoice(draft, 'container', 'process', shortLabel);
    expect(draft.doc['title']).toBe('My own');
    expect(draft.doc['name']).toBe('scenario_2_pool_manager');
  });

  it("shows the reader's reason for an impossible combination, and never throws", () => {
    let draft = draftOf(seedDocument(5));
    draft = setChoice(draft, 'container', 'process', shortLabel);
    const result = check(draft);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toContain(
        'only a Pool has an initializer: with a Process per task, objects go in the task',
      );
    draft = removeObject(draft, 0, shortLabel);
    const again = check(draft);
    expect(!again.ok && again.errors.some((e) => /exactly one Lock/.test(e))).toBe(true);
    draft = addObject(draft, 'Lock', shortLabel);
    expect((draft.doc['objects'] as unknown[]).length).toBe(2);
    const number = shownFields(draft.doc).find((f) => f.key === 'number')!;
    const bad = check(setText(draft, number, 'seven'));
    expect(!bad.ok && bad.errors.some((e) => /"number" must be a whole number/.test(e))).toBe(true);
  });

  it('sums a document up in one line', () => {
    expect(summaryLine(seedDocument(3) as never, shortLabel)).toBe(
      'a Process per task · Lock (mp, in each task) · Queue (mp, in each task)',
    );
  });

  it('has presets the reader takes, each a distinct scenario', () => {
    for (const doc of PRESETS) expect(check(draftOf(doc)).ok, doc.title).toBe(true);
    expect(new Set(PRESETS.map((d) => d.number)).size).toBe(PRESETS.length);
  });
});

describe('doc= in the address', () => {
  it('round-trips a document, compactly', () => {
    const text = encodeDocument(composed);
    expect(text).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(400);
    expect(decodeDocument(text)).toEqual({ value: composed });
    expect(readDocument(composed)).toEqual({ document: composed });
  });

  it('takes a seed’s own document as that seed, in any key order', () => {
    const seed = seedDocument(4);
    const shuffled = Object.fromEntries(Object.entries(seed).reverse());
    expect(seedOf(shuffled)).toBe(4);
    expect(parseParams(`?doc=${encodeDocument(seed)}`).params).toMatchObject({ scenario: 4 });
    expect(parseParams(`?doc=${encodeDocument(seed)}`).params.document).toBeUndefined();
  });

  it('runs a composed one, and writes it back', () => {
    const { params, notices } = parseParams(`?doc=${encodeDocument(composed)}&start=spawn`);
    expect(notices).toEqual([]);
    expect(params).toMatchObject({ scenario: 7, document: composed, startMethod: 'spawn' });
    const search = toSearch(params);
    expect(search).toBe(`?doc=${encodeDocument(composed)}&start=spawn`);
    expect(parseParams(search).params).toEqual(params);
  });

  it.each([
    ['x'.repeat(DOC_MAX + 1), /at most 4000 are read/],
    ['2.eyJ9', /version 2 of the format; this page reads version 1/],
    ['eyJ9', /does not start with the format’s version/],
    ['1.***', /not base64url/],
    ['1.bm90IGpzb24', /not a JSON object/],
    [encodeDocument({ ...composed, container: 'thread' } as never), /"container" must be one of/],
  ])('refuses %s with a bounded notice and changes nothing else', (raw, reason) => {
    const { params, notices } = parseParams(`?doc=${raw}&seed=9&scenario=3`);
    expect(params).toEqual({ ...defaultParams(), scenario: 3, seed: 9 });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.param).toBe('doc');
    expect(notices[0]!.text).toMatch(reason);
    expect(notices[0]!.text).toMatch(/showing scenario 3\.$/);
    expect(notices[0]!.text.length).toBeLessThan(400);
  });

  it('says so when scenario= is given beside doc=', () => {
    const { notices } = parseParams(`?scenario=2&doc=${encodeDocument(composed)}`);
    expect(notices.map((n) => n.param)).toEqual(['scenario']);
  });

  it('shows at most three reasons of a document with many', () => {
    const read = readDocument({ format: 'x', number: 0, a: 1, b: 2, c: 3 });
    expect('refused' in read && read.refused.length).toBe(4);
    expect('refused' in read && read.refused[3]).toMatch(/^and \d+ more$/);
  });
});

describe('applyDocument', () => {
  it('makes a composed document the scenario, a seed’s the seed, and refuses nonsense', () => {
    const written: string[] = [];
    const store = createRunStore({
      search: '?seed=5',
      isolated: false,
      writeSearch: (s) => written.push(s),
    });
    expect(applyDocument(store, composed)).toBeNull();
    expect(store.getState().params).toMatchObject({ scenario: 7, document: composed, seed: 5 });
    expect(written.at(-1)).toContain('doc=1.');
    expect(applyDocument(store, seedDocument(6))).toBeNull();
    expect(store.getState().params.document).toBeUndefined();
    expect(store.getState().params.scenario).toBe(6);
    const before = store.getState().params;
    expect(applyDocument(store, { ...composed, objects: [] })).not.toBeNull();
    expect(store.getState().params).toBe(before);
  });
});
