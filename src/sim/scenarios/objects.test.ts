/**
 * The lock slot's other types (scenario-objects.ts): RLock, Semaphore and
 * BoundedSemaphore, plain or from a Manager. The documents in
 * docs/scenarios/objects-*.json are the ones scripts/cpython_check.py runs
 * under CPython 3.11.7, 3.12.1 and 3.13.0 (docs/scenario-format.md has the
 * table); here: they are valid, their scripts say what they make, and the
 * model gives the outcomes CPython gave.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import { parseDocument, type ScenarioDocument } from '../scenario-format';
import { resolveSettings } from '../settings';
import { scriptText, seedDocument, specOfDocument } from '.';
import schema from './scenario.schema.json';

const validate = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
}).compile(schema);

const dir = new URL('../../../docs/scenarios/', import.meta.url);
const files = readdirSync(dir).filter((f) => /^objects-\d+\.json$/.test(f));
const documents = files.map(
  (f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as ScenarioDocument,
);
const START_METHODS = ['fork', 'spawn', 'forkserver'] as const;

/** The document of seed 1, 5 or 3 with its Lock replaced. */
function withLock(seed: number, lock: Record<string, unknown>): ScenarioDocument {
  const base = seedDocument(seed);
  return {
    ...base,
    number: 40,
    name: 'scenario_40',
    objects: [{ ...base.objects[0]!, ...lock }, base.objects[1]!],
  } as ScenarioDocument;
}

const run = (document: ScenarioDocument, startMethod: (typeof START_METHODS)[number]) =>
  runScenario({ scenario: document.number, document, startMethod, seed: 2 });

describe('docs/scenarios/objects-*.json', () => {
  it('are the twenty checked documents: three lock types in five shapes, a SimpleQueue in three, a JoinableQueue in two', () => {
    expect(files).toHaveLength(20);
    const types = new Set(documents.flatMap((d) => d.objects.map((o) => o.type)));
    expect([...types].sort()).toEqual([
      'BoundedSemaphore',
      'JoinableQueue',
      'Lock',
      'Queue',
      'RLock',
      'Semaphore',
      'SimpleQueue',
    ]);
  });

  for (const [i, document] of documents.entries()) {
    it(`${files[i]}: valid for the schema and the reader, and its script makes its lock`, () => {
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
      expect(parseDocument(document)).toEqual({ ok: true, document });
      const script = scriptText(resolveSettings({ scenario: document.number, document }));
      for (const [name, o] of [
        ['lock', document.objects[0]!],
        ['queue', document.objects[1]!],
      ] as const) {
        const call = `${o.type}(${o.value ?? ''})`;
        expect(script).toContain(
          `    ${name} = ${o.from === 'manager' ? `mp.Manager().${call}` : `mp.${call}`}\n`,
        );
      }
    });
  }
});

describe('what the model does with each lock type, as CPython does', () => {
  for (const type of ['RLock', 'Semaphore', 'BoundedSemaphore'] as const) {
    it(`a plain ${type} in every Pool task: its task handler cannot pickle it`, () => {
      for (const startMethod of START_METHODS) {
        const r = run(withLock(1, { type }), startMethod);
        expect(r.verdict).toBe('raised');
        expect(r.error).toBe(
          `RuntimeError: ${type} objects should only be shared between processes through inheritance`,
        );
        // Raised in the task handler's thread, then again by map() in MainThread.
        expect(r.raisedIn).toEqual({ process: 'MainProcess', thread: 'Thread-2 (_handle_tasks)' });
        expect(r.stderr.at(-5)).toMatch(/synchronize\.py", line \d+, in __getstate__$/);
      }
    });

    it(`a ${type} from a Manager in every Pool task: a proxy pickles, every job runs`, () => {
      const both = withLock(2, { type });
      for (const startMethod of START_METHODS) {
        const ok = run(both, startMethod);
        expect(['successful', 'fails']).toContain(ok.verdict);
        expect(ok.stdout.filter((l) => l.startsWith(' By run '))).toHaveLength(10);
      }
    });

    it(`a plain ${type} through the initializer, and as a Process argument: every job runs`, () => {
      for (const seed of [6, 3]) {
        for (const startMethod of START_METHODS) {
          const r = run(withLock(seed, { type }), startMethod);
          expect(['successful', 'fails']).toContain(r.verdict);
          expect(r.stdout.filter((l) => l.startsWith(' By run '))).toHaveLength(10);
        }
      }
    });
  }

  it('pickles the SemLock state CPython does while spawning: (handle, kind, maxvalue, name)', () => {
    // synchronize.py: RLock is (RECURSIVE_MUTEX=0, 1, 1), Semaphore (SEMAPHORE=1, value,
    // SEM_VALUE_MAX), BoundedSemaphore (1, value, value): the kind and the maximum are in the bytes.
    const semlockState = (lock: Record<string, unknown>): string => {
      const r = run(withLock(3, lock), 'spawn');
      const sent = r.pickles.find((p) => p.error === null && p.what.startsWith('Process object'));
      return sent?.hex ?? '';
    };
    const rlock = semlockState({ type: 'RLock' });
    const semaphore = semlockState({ type: 'Semaphore', value: 2 });
    const bounded = semlockState({ type: 'BoundedSemaphore', value: 2 });
    // BININT1 0 / 1 for the kind, then BININT1 1 (RLock's max), BININT 0x7fffffff, BININT1 2.
    expect(rlock).toContain('4b004b01');
    expect(semaphore).toContain('4b014affffff7f');
    expect(bounded).toContain('4b014b02');
  });

  it('makes a Semaphore(2) that two jobs hold at once', () => {
    const r = run(withLock(6, { type: 'Semaphore', value: 2 }), 'fork');
    const created = r.trace.events.find(
      (e) => e.kind === 'kobj.create' && e.label.startsWith('Semaphore'),
    );
    expect(created).toMatchObject({ value: 2 });
    const sem = created !== undefined && 'obj' in created ? created.obj : -1;
    const values = r.trace.events.flatMap((e) =>
      e.kind === 'sem.acquire' && e.obj === sem ? [e.value] : [],
    );
    expect(values).toContain(0);
  });
});

describe('a SimpleQueue in the queue slot', () => {
  const withQueue = (seed: number): ScenarioDocument => {
    const base = seedDocument(seed);
    return {
      ...base,
      objects: [base.objects[0]!, { ...base.objects[1]!, type: 'SimpleQueue' }],
    } as ScenarioDocument;
  };

  it('in every Pool task (the Lock through the initializer): SimpleQueue.__getstate__ refuses it', () => {
    for (const startMethod of START_METHODS) {
      const r = run(withQueue(5), startMethod);
      expect(r.error).toBe(
        'RuntimeError: SimpleQueue objects should only be shared between processes through inheritance',
      );
      // SimpleQueue's own __getstate__ (3.12.1, the default Python: line 373), not Queue's (58).
      expect(r.stderr.at(-5)).toBe(
        '  File ".../multiprocessing/queues.py", line 373, in __getstate__',
      );
    }
  });

  it('through the initializer or as Process arguments: every job puts, in its own thread', () => {
    for (const seed of [6, 3]) {
      for (const startMethod of START_METHODS) {
        const r = run(withQueue(seed), startMethod);
        expect(['successful', 'fails']).toContain(r.verdict);
        const items = r.pickles.filter((p) => p.what.startsWith('queue item'));
        expect(items).toHaveLength(10);
        // No feeder thread: the job pickles its item where it runs.
        expect(new Set(items.map((p) => p.thread))).toEqual(new Set(['MainThread']));
      }
    }
  });

  it('from a Manager is refused: SyncManager has no SimpleQueue', () => {
    const base = seedDocument(4);
    const document = {
      ...base,
      objects: [base.objects[0]!, { ...base.objects[1]!, type: 'SimpleQueue' }],
    };
    const parsed = parseDocument(document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(/a Manager has no SimpleQueue/);
    expect(validate(document)).toBe(false);
  });
});

describe('a JoinableQueue in the queue slot', () => {
  const withQueue = (seed: number, from: 'mp' | 'manager'): ScenarioDocument => {
    const base = seedDocument(seed);
    return {
      ...base,
      objects: [base.objects[0]!, { ...base.objects[1]!, type: 'JoinableQueue', from }],
    } as ScenarioDocument;
  };

  it('from a Manager: an AutoProxy[JoinableQueue] whose Token says JoinableQueue', () => {
    for (const seed of [2, 4]) {
      const r = run(withQueue(seed, 'manager'), 'spawn');
      expect(['successful', 'fails']).toContain(r.verdict);
      expect(r.stdout.filter((l) => l.startsWith(' By run '))).toHaveLength(10);
      // 'JoinableQueue' as SHORT_BINUNICODE: the create request and the pickled Token.
      const name = Buffer.from('JoinableQueue').toString('hex');
      expect(r.pickles.filter((p) => p.hex.includes(`8c0d${name}`)).length).toBeGreaterThan(1);
    }
  });

  it('plain is refused: the model has no Condition yet', () => {
    const parsed = parseDocument(withQueue(2, 'mp'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.join('\n')).toMatch(/a plain JoinableQueue is not modelled yet/);
    }
    expect(validate(withQueue(2, 'mp'))).toBe(false);
  });
});

describe('a lock the format refuses, with the reason', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'a value for an RLock',
      withLock(5, { type: 'RLock', value: 2 }),
      /objects\[0\]\.value is given, but only a Semaphore or a BoundedSemaphore takes a value/,
    ],
    [
      'a Semaphore of 0 (every job would wait for ever)',
      withLock(5, { type: 'Semaphore', value: 0 }),
      /objects\[0\]\.value must be a whole number from 1 to 10 \(got 0\)/,
    ],
    [
      'an RLock and a Lock',
      {
        ...seedDocument(1),
        objects: [...seedDocument(1).objects, { type: 'RLock', from: 'mp', route: 'task' }],
      },
      /exactly one lock \(Lock, RLock, Semaphore or BoundedSemaphore\) \(it holds 2\)/,
    ],
  ];
  for (const [what, document, reason] of cases) {
    it(what, () => {
      const parsed = parseDocument(JSON.parse(JSON.stringify(document)));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(reason);
      expect(validate(document)).toBe(false);
    });
  }

  it('a Semaphore without a value is mp.Semaphore(), and its spec says no value', () => {
    const document = withLock(3, { type: 'Semaphore' });
    expect(specOfDocument(document)).toMatchObject({ lockType: 'Semaphore' });
    expect(specOfDocument(document)).not.toHaveProperty('lockValue');
    expect(scriptText(resolveSettings({ scenario: 40, document }))).toContain(
      '    lock = mp.Semaphore()\n',
    );
  });
});
