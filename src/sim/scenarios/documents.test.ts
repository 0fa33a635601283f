/**
 * The scenario format: the six seeds are documents that run exactly as the
 * scenarios they describe; the JSON Schema and parseDocument accept the same
 * documents (a seeded property over valid and broken ones); and a broken
 * document is refused with its reason.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import { parseDocument, SCENARIO_FORMAT } from '../scenario-format';
import { resolveSettings } from '../settings';
import { SCENARIOS, scenarioSpec, scriptText, seedDocument, specOfDocument } from '.';
import schema from './scenario.schema.json';

const validate = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
}).compile(schema);
const START_METHODS = ['fork', 'spawn', 'forkserver'] as const;

describe('the seed documents', () => {
  for (const { id } of SCENARIOS) {
    it(`scenario ${id}: valid, the same spec, the same script and the same trace`, () => {
      const document = seedDocument(id);
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
      expect(parseDocument(document)).toEqual({ ok: true, document });
      expect(specOfDocument(document)).toEqual(scenarioSpec(id));
      for (const startMethod of START_METHODS) {
        for (const call of ['map', 'imap'] as const) {
          const given = { scenario: id, startMethod, call, seed: 3 };
          const byDocument = { ...given, scenario: 99, document };
          expect(scriptText(resolveSettings(byDocument))).toBe(scriptText(resolveSettings(given)));
          const a = runScenario(given);
          const b = runScenario(byDocument);
          expect(b.scenario).toBe(id);
          expect(b.events).toEqual(a.events);
          expect(b.verdict).toBe(a.verdict);
        }
      }
    });

    it(`docs/scenarios/seed-${id}.json is scenario ${id}'s document`, () => {
      const file = new URL(`../../../docs/scenarios/seed-${id}.json`, import.meta.url);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(seedDocument(id));
    });
  }
});

/** Documents near the valid ones: each field valid, broken, or missing. */
const documents = fc.record(
  {
    format: fc.constantFrom(SCENARIO_FORMAT, 'mpviz-scenario/2', 1),
    number: fc.oneof(fc.integer({ min: -2, max: 1002 }), fc.constant(1.5), fc.constant('7')),
    name: fc.constantFrom(
      'my_scenario',
      'initialize',
      '2bad',
      'main',
      'lambda',
      'x'.repeat(61),
      '',
    ),
    title: fc.constantFrom(
      'A title',
      ' ',
      'two\nlines',
      'say "hi"',
      't'.repeat(81),
      '🙂'.repeat(80),
      5,
    ),
    summary: fc.constantFrom('One line.', '', 's'.repeat(201)),
    claim: fc.constantFrom('FAILS!', 'back\\slash', 'c'.repeat(121)),
    container: fc.constantFrom('pool', 'process', 'thread'),
    objects: fc.oneof(
      fc.array(
        fc.oneof(
          fc.record(
            {
              type: fc.constantFrom(
                'Lock',
                'Queue',
                'RLock',
                'Semaphore',
                'SimpleQueue',
                'JoinableQueue',
                'Event',
              ),
              from: fc.constantFrom('mp', 'manager', 'threading'),
              route: fc.constantFrom('task', 'initializer', 'pipe'),
              value: fc.constantFrom(1, 2, 10, 0, 11, 1.5, '2'),
              extra: fc.constant(true),
            },
            { requiredKeys: [] },
          ),
          fc.constant(5),
        ),
        { maxLength: 3 },
      ),
      fc.constant('lock'),
    ),
    initializer: fc.constantFrom('initialize', 'my_scenario', 'queue', 'init it'),
    other: fc.constant(1),
  },
  { requiredKeys: [] },
);

/** Mostly valid documents: the seeds' space, each field from its allowed values. */
const nearlyValid = fc
  .record({
    container: fc.constantFrom('pool', 'process'),
    lockType: fc.constantFrom('Lock', 'RLock', 'Semaphore', 'BoundedSemaphore'),
    value: fc.option(fc.constant(2), { nil: undefined, freq: 2 }),
    lockFrom: fc.constantFrom('mp', 'manager'),
    queueFrom: fc.constantFrom('mp', 'manager'),
    lockRoute: fc.constantFrom('task', 'initializer'),
    queueRoute: fc.constantFrom('task', 'initializer'),
    initializer: fc.option(fc.constantFrom('initialize', 'my_scenario'), {
      nil: undefined,
      freq: 2,
    }),
    order: fc.boolean(),
  })
  .map((choice) => {
    const { container, lockType, value, lockFrom, queueFrom } = choice;
    const { lockRoute, queueRoute, initializer, order } = choice;
    const objects = [
      { type: lockType, from: lockFrom, route: lockRoute, ...(value ? { value } : {}) },
      { type: 'Queue', from: queueFrom, route: queueRoute },
    ];
    return {
      format: SCENARIO_FORMAT,
      number: 7,
      name: 'my_scenario',
      title: 'Mine',
      container,
      objects: order ? objects : objects.reverse(),
      ...(initializer !== undefined ? { initializer } : {}),
    };
  });

describe('the schema and parseDocument', () => {
  it('accept exactly the same documents (but "initializer" equal to "name", which JSON Schema cannot say)', () => {
    fc.assert(
      fc.property(fc.oneof(documents, nearlyValid), (document) => {
        const parsed = parseDocument(document);
        const sameName =
          typeof document === 'object' &&
          'initializer' in document &&
          'name' in document &&
          document.initializer === document.name;
        if (sameName) expect(parsed.ok).toBe(false);
        else expect(parsed.ok, JSON.stringify(document)).toBe(validate(document));
      }),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it('finds valid documents beyond the seeds among those it accepts', () => {
    const accepted = fc
      .sample(nearlyValid, { seed: 7, numRuns: 10000 })
      .filter((d) => parseDocument(d).ok);
    const specs = new Set(accepted.map((d) => JSON.stringify(specOfDocument(parseOk(d)))));
    // pool: 2 kinds × 4 route pairs; process: 2 kinds × tasks only = 10 scripts,
    // each with 6 locks: Lock, RLock, Semaphore(), Semaphore(2), BoundedSemaphore(), BoundedSemaphore(2).
    expect(specs.size).toBe(60);
  });
});

function parseOk(value: unknown) {
  const parsed = parseDocument(value);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.document;
}

describe('a document that cannot be run says why', () => {
  const base = seedDocument(5);
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /is a JSON object/],
    ['an unknown field', { ...base, lambda: true }, /"lambda" is not a field of mpviz-scenario\/1/],
    [
      'a long unknown field, cut with an ellipsis',
      { ...base, ['x'.repeat(50)]: 1 },
      /^"x{38}…" is not a field of mpviz-scenario\/1$/m,
    ],
    [
      'another version',
      { ...base, format: 'mpviz-scenario/2' },
      /"format" must be "mpviz-scenario\/1"/,
    ],
    [
      'an initializer with a Process per task',
      { ...base, container: 'process' },
      /only a Pool has an initializer/,
    ],
    [
      'an initializer route with no initializer',
      { ...base, initializer: undefined },
      /"initializer" must name it/,
    ],
    [
      'two Locks',
      { ...base, objects: [base.objects[0], base.objects[0]] },
      /exactly one lock \(Lock, RLock, Semaphore or BoundedSemaphore\) \(it holds 2\)/,
    ],
    ['a name the script uses', { ...base, name: 'main' }, /the script already uses it/],
    [
      'a type not modelled',
      { ...base, objects: [{ type: 'Event', from: 'mp', route: 'task' }, base.objects[1]] },
      /type must be one of Lock, RLock, Semaphore, BoundedSemaphore, Queue, SimpleQueue, JoinableQueue \(got "Event"\)/,
    ],
  ];
  for (const [what, document, reason] of cases) {
    it(what, () => {
      const parsed = parseDocument(JSON.parse(JSON.stringify(document)));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(reason);
    });
  }

  it('runs a composed scenario the seeds do not have: Manager proxies through the initializer', () => {
    const document = {
      ...seedDocument(6),
      number: 7,
      name: 'scenario_7_pool_manager_initializer',
      title: 'Manager proxies through the initializer',
      objects: [
        { type: 'Lock', from: 'manager', route: 'initializer' },
        { type: 'Queue', from: 'manager', route: 'initializer' },
      ],
    } as const;
    const r = runScenario({ scenario: 7, document });
    expect(r.scenario).toBe(7);
    expect(r.stdout.join('\n')).toMatch(/Scenario 7 (successful|fails)/);
    expect(scriptText(resolveSettings({ scenario: 7, document }))).toContain(
      'def scenario_7_pool_manager_initializer(jobfunc, args, ncores):',
    );
  });
});
