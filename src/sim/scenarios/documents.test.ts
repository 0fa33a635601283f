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
import { disassemble } from '../pickle';
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
    call: fc.constantFrom('map', 'imap', 'imap_unordered', 'starmap', 'apply_async', 'apply'),
    read: fc.constantFrom(true, false, 'yes'),
    manager: fc.constantFrom('shared', 'per-object', 'one'),
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

/** Valid documents with a call, read and manager chosen too (and some combinations refused). */
const withChoices = fc
  .record({
    document: nearlyValid,
    call: fc.option(fc.constantFrom('map', 'imap', 'imap_unordered', 'starmap', 'apply_async'), {
      nil: undefined,
    }),
    read: fc.option(fc.boolean(), { nil: undefined }),
    manager: fc.option(fc.constantFrom('shared', 'per-object'), { nil: undefined }),
  })
  .map(({ document, call, read, manager }) => ({
    ...document,
    ...(call !== undefined ? { call } : {}),
    ...(read !== undefined ? { read } : {}),
    ...(manager !== undefined ? { manager } : {}),
  }));

describe('the schema and parseDocument', () => {
  it('accept exactly the same documents (but "initializer" equal to "name", which JSON Schema cannot say)', () => {
    fc.assert(
      fc.property(fc.oneof(documents, nearlyValid, withChoices), (document) => {
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
    // pool: 2×2 kinds × 4 route pairs; process: 2×2 kinds × tasks only = 20 scripts,
    // each with 6 locks: Lock, RLock, Semaphore(), Semaphore(2), BoundedSemaphore(), BoundedSemaphore(2).
    expect(specs.size).toBe(120);
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
  cases.push(
    [
      'a call with a Process per task',
      { ...seedDocument(3), call: 'starmap' },
      /"call" is a Pool method: with a Process per task there is none to call/,
    ],
    ['a call not modelled', { ...base, call: 'apply' }, /"call" must be one of map, imap/],
    [
      'read with map',
      { ...base, call: 'map', read: true },
      /"read" needs "call" to be imap, imap_unordered or apply_async/,
    ],
    [
      'read with no call',
      { ...base, read: false },
      /"read" needs "call" to be imap, imap_unordered or apply_async/,
    ],
    ['read not a boolean', { ...base, call: 'imap', read: 1 }, /"read" must be true or false/],
    [
      'a shared Manager with no proxy',
      { ...base, manager: 'shared' },
      /"manager" is given but no object comes from a Manager/,
    ],
    [
      'a Manager sharing that does not exist',
      { ...seedDocument(2), manager: 'one' },
      /"manager" must be one of shared, per-object/,
    ],
  );
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

describe('the Pool calls and the Managers of a document', () => {
  const script = (document: object): string =>
    scriptText(resolveSettings({ scenario: 1, document: parseOk(document) }));

  it('a document that names its call ignores the run setting; one without takes it', () => {
    const document = { ...seedDocument(1), call: 'imap_unordered' };
    expect(script(document)).toContain('    mypool.imap_unordered(jobfunc, iterator)\n');
    const withImap = resolveSettings({ scenario: 1, document: parseOk(document), call: 'imap' });
    expect(scriptText(withImap)).toBe(script(document));
    expect(script(seedDocument(1))).toContain('    mypool.map(jobfunc, iterator)\n');
  });

  it('writes each call as CPython runs it', () => {
    expect(script({ ...seedDocument(1), call: 'imap', read: true })).toContain(
      '    list(mypool.imap(jobfunc, iterator))\n',
    );
    const starmap = script({ ...seedDocument(1), call: 'starmap' });
    expect(starmap).toContain('def the_job(idx, lock, queue):\n');
    expect(starmap).not.toContain('args[0]');
    expect(script({ ...seedDocument(6), call: 'starmap' })).toContain(
      '    mypool.starmap(jobfunc, zip(args))\n',
    );
    expect(script({ ...seedDocument(1), call: 'apply_async' })).toContain(
      '    for task in iterator:\n        mypool.apply_async(jobfunc, (task,))\n',
    );
    expect(script({ ...seedDocument(1), call: 'apply_async', read: true })).toContain(
      '        results.append(mypool.apply_async(jobfunc, (task,)))\n' +
        '    for result in results:\n        result.get()\n',
    );
  });

  it('apply_async without .get(): the refusal is stored and nobody raises it', () => {
    const document = parseOk({ ...seedDocument(1), call: 'apply_async' });
    const r = runScenario({ scenario: 1, document });
    expect(r.verdict).toBe('fails');
    expect(r.stderr).toEqual([]);
    expect(r.stdout.at(-1)).toBe('Scenario 1 fails: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] != []');
    const stored = r.trace.events.filter((e) => e.kind === 'exception' && e.phase === 'stored');
    expect(stored).toHaveLength(10);
    const withGet = runScenario({ scenario: 1, document: { ...document, read: true } });
    expect(withGet.verdict).toBe('raised');
    expect(withGet.stderr.slice(-2)).toEqual([
      '    raise RuntimeError(',
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    ]);
  });

  it('mixes a plain object with a proxy, and shares one Manager between two proxies', () => {
    const mixed = {
      ...seedDocument(2),
      objects: [
        { type: 'Lock', from: 'manager', route: 'task' },
        { type: 'Queue', from: 'mp', route: 'task' },
      ],
    };
    const text = script(mixed);
    expect(text).toContain('WITH a Manager for the lock, WITHOUT one for the queue.');
    expect(text).toContain('    lock = mp.Manager().Lock()\n    queue = mp.Queue()\n');
    const shared = script({ ...mixed, manager: 'shared' });
    expect(shared).toContain('    manager = mp.Manager()\n    lock = manager.Lock()\n');
  });

  it('one Manager for both proxies: its address is pickled once, then a memo reference', () => {
    // CPython: every Token of a Manager holds its one `_address` str, so pickle's memo
    // (by identity) writes the second as BINGET; each proxy's authkey is an
    // AuthenticationString of its own (BaseProxy.__init__), so that one is written twice.
    const document = { ...seedDocument(2), manager: 'shared' as const };
    expect(parseDocument(document).ok).toBe(true);
    const r = runScenario({ scenario: 2, startMethod: 'spawn', document });
    expect(r.processes.filter((p) => p.name.startsWith('SyncManager'))).toHaveLength(1);
    const task = r.trace.events.find((e) => e.kind === 'pickle.done' && /task/.test(e.what));
    if (task?.kind !== 'pickle.done') throw new Error('no task was pickled');
    const ops = disassemble(Uint8Array.from(task.hex.match(/../g)!, (h) => parseInt(h, 16)));
    const address = ops.filter((o) => o.arg?.includes('/listener-'));
    expect(address).toHaveLength(1);
    const slot = ops[ops.indexOf(address[0]!) + 1]!;
    expect(slot.op).toBe('MEMOIZE');
    const refs = ops.filter((o) => o.op === 'BINGET' && o.memo === slot.memo);
    expect(refs).toHaveLength(1);
    // The same pickle with a Manager each writes two addresses and no reference.
    const perObject = runScenario({ scenario: 2, startMethod: 'spawn' });
    const alone = perObject.trace.events.find(
      (e) => e.kind === 'pickle.done' && /task/.test(e.what),
    );
    if (alone?.kind !== 'pickle.done') throw new Error('no task was pickled');
    const aloneOps = disassemble(Uint8Array.from(alone.hex.match(/../g)!, (h) => parseInt(h, 16)));
    expect(aloneOps.filter((o) => o.arg?.includes('/listener-'))).toHaveLength(2);
  });
});

describe('the job: a lambda or a local function', () => {
  const script = (document: object): string =>
    scriptText(resolveSettings({ scenario: 1, document: parseOk(document) }));
  const jobs = [31, 32, 33, 34, 35, 36, 37, 38].map((n) => {
    const document = parseOk(
      JSON.parse(readFileSync(`docs/scenarios/jobs-${n}.json`, 'utf8')) as object,
    );
    return { n, document };
  });
  const refusal =
    /^AttributeError: Can't pickle local object 'start_scenario\.<locals>\.(local_job|<lambda>)'$/;

  it('writes the function where CPython would look for it, and passes it on', () => {
    const local = script({ ...seedDocument(1), job: 'local' });
    expect(local).toContain(
      'def start_scenario(scenario_number=1):\n    """Starts one of the multiprocessing scenarios."""\n' +
        '    def local_job(args):\n        return the_job(args)\n\n',
    );
    expect(local).toContain('(local_job, args, ncores)');
    const lambda = script({ ...seedDocument(1), call: 'starmap', job: 'lambda' });
    expect(lambda).toContain('(lambda idx, lock, queue: the_job(idx, lock, queue), args, ncores)');
    expect(script({ ...seedDocument(1), job: 'module' })).toBe(script(seedDocument(1)));
  });

  it('is refused in every Pool task, under every start method', () => {
    for (const { n, document } of jobs.filter((j) => j.document.container === 'pool')) {
      for (const startMethod of START_METHODS) {
        const r = runScenario({ scenario: n, document, startMethod });
        const refused = r.pickles.filter((p) => p.what.startsWith('task ') && p.error !== null);
        expect(refused.length, `${n} ${startMethod}`).toBeGreaterThan(0);
        for (const p of refused) expect(p.error).toMatch(refusal);
        // A Pool worker's Process object holds only the Pool's own worker function.
        expect(r.pickles.filter((p) => /^Process object/.test(p.what) && p.error !== null)).toEqual(
          [],
        );
        expect(r.verdict, `${n} ${startMethod}`).toBe(
          document.claim?.includes('quietly') ? 'fails' : 'raised',
        );
      }
    }
  });

  it('refuses a Process’s target under spawn and forkserver, before the child exists; fork runs it', () => {
    for (const { n, document } of jobs.filter((j) => j.document.container === 'process')) {
      expect(runScenario({ scenario: n, document, startMethod: 'fork' }).verdict).toBe(
        'successful',
      );
      for (const startMethod of ['spawn', 'forkserver'] as const) {
        const r = runScenario({ scenario: n, document, startMethod });
        expect(r.verdict).toBe('raised');
        expect(r.error).toMatch(refusal);
        // popen_spawn_posix dumps it to fp, popen_forkserver to buf: both before the child.
        expect(
          r.stderr.filter((l) => /^ {4}reduction\.dump\(process_obj, (fp|buf)\)$/.test(l)),
        ).toHaveLength(1);
        expect(
          r.trace.events.some((e) => e.kind === 'process.start' && e.name === 'Process-1'),
        ).toBe(false);
      }
    }
  });

  it('on Windows creates the child first: it gets no handle, and dies reading the object', () => {
    for (const { n, document } of jobs.filter((j) => j.document.container === 'process')) {
      const r = runScenario({ scenario: n, document, platform: 'windows', startMethod: 'spawn' });
      expect(r.verdict).toBe('raised');
      expect(r.error).toMatch(refusal);
      expect(r.stderr).toContain('    reduction.dump(process_obj, to_child)');
      // Process-1, or Process-3 after two Managers.
      const refusedFor = r.pickles
        .find((p) => p.error !== null)!
        .what.replace('Process object ', '');
      const child = r.processes.find((p) => p.name === refusedFor)!;
      const events = r.trace.events.filter((e) => e.pid === child.pid);
      // The target is pickled before the args: no Lock or Queue handle was duplicated for it.
      expect(
        r.trace.events.filter(
          (e) => e.kind === 'handle.add' && e.pid === child.pid && e.origin === 'duplicated',
        ),
      ).toHaveLength(1);
      expect(events.find((e) => e.kind === 'exception' && e.phase === 'printed')).toMatchObject({
        error: 'EOFError: Ran out of input',
        frames: ['<string>:<module>', 'spawn.py:spawn_main', 'spawn.py:_main'],
      });
      expect(events.at(-1)).toMatchObject({ kind: 'process.exit', code: 1 });
      // The child's own traceback, after the parent's (Python 3.12, the default).
      expect(r.stderr.slice(-9)).toEqual([
        'Traceback (most recent call last):',
        '  File "<string>", line 1, in <module>',
        '  File ".../multiprocessing/spawn.py", line 122, in spawn_main',
        '    exitcode = _main(fd, parent_sentinel)',
        '               ^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  File ".../multiprocessing/spawn.py", line 132, in _main',
        '    self = reduction.pickle.load(from_parent)',
        '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        'EOFError: Ran out of input',
      ]);
    }
  });
});

describe('module globals: "route": "global"', () => {
  const doc = (n: number): ReturnType<typeof parseOk> =>
    parseOk(JSON.parse(readFileSync(`docs/scenarios/globals-${n}.json`, 'utf8')) as object);
  const run = (n: number, startMethod: 'fork' | 'spawn' | 'forkserver', python = '3.11' as const) =>
    runScenario({ scenario: n, document: doc(n), startMethod, python, seed: 1 });

  it('starts them as None, and sets them with `global` before the Pool starts', () => {
    const text = scriptText(resolveSettings({ scenario: 39, document: doc(39) }));
    expect(text).toContain('\n\nlock = None\nqueue = None\n');
    expect(text).toContain(
      '    global lock, queue\n    lock = mp.Lock()\n    queue = mp.Queue()\n    mypool = mp.Pool(ncores)\n',
    );
    expect(text).toContain('    """Runs a pool of processes; lock and queue as module globals.');
    const processes = scriptText(resolveSettings({ scenario: 40, document: doc(40) }));
    expect(processes).toContain('    do_job_single_processes(jobfunc, iter(args), ncores)\n');
  });

  it('under fork the children inherit them: nothing raises, every item arrives', () => {
    for (const n of [39, 40]) {
      const r = run(n, 'fork');
      expect(r.error).toBeNull();
      expect([...(r.result ?? [])].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('a spawned worker finds None; map() raises it with the worker’s traceback as its cause', () => {
    const r = run(39, 'spawn');
    expect(r.verdict).toBe('raised');
    expect(r.raisedIn).toEqual({ process: 'SpawnPoolWorker-1', thread: 'MainThread' });
    // CPython 3.11.7's own stderr, the paths as the model prints them.
    expect(r.stderr.slice(0, 17)).toEqual([
      'multiprocessing.pool.RemoteTraceback: ',
      '"""',
      'Traceback (most recent call last):',
      '  File ".../multiprocessing/pool.py", line 125, in worker',
      '    result = (True, func(*args, **kwds))',
      '                    ^^^^^^^^^^^^^^^^^^^',
      '  File ".../multiprocessing/pool.py", line 48, in mapstar',
      '    return list(map(*args))',
      '           ^^^^^^^^^^^^^^^^',
      '  File "scenarios.py", line 15, in the_job',
      '    lock.acquire()',
      '    ^^^^^^^^^^^^',
      "AttributeError: 'NoneType' object has no attribute 'acquire'",
      '"""',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
    ]);
    expect(r.stderr.at(-1)).toBe("AttributeError: 'NoneType' object has no attribute 'acquire'");
  });

  it('pickles the exception as each release does: 3.12+ add its name and args as state', () => {
    const resultOps = (python: '3.11' | '3.12') => {
      const r = runScenario({ scenario: 39, document: doc(39), startMethod: 'spawn', python });
      const sent = r.trace.events.find(
        (e) => e.kind === 'pickle.done' && e.what.startsWith('result of task'),
      );
      if (sent?.kind !== 'pickle.done') throw new Error('no result pickled');
      return disassemble(Uint8Array.from(sent.hex.match(/../g)!, (h) => parseInt(h, 16)));
    };
    const names = (ops: ReturnType<typeof resultOps>) => ops.map((o) => o.op);
    const v311 = resultOps('3.11');
    expect(v311.filter((o) => o.arg !== null).map((o) => o.arg)).toContain("'rebuild_exc'");
    expect(names(v311)).not.toContain('BUILD');
    const v312 = resultOps('3.12');
    const build = names(v312).indexOf('BUILD');
    expect(build).toBeGreaterThan(0);
    // The state's 'args' is the args tuple written before it: a memo reference.
    const tuple1 = v312.findIndex((o) => o.op === 'TUPLE1');
    const argsSlot = v312[tuple1 + 1]!.memo;
    expect(v312.slice(tuple1, build).some((o) => o.op === 'BINGET' && o.memo === argsSlot)).toBe(
      true,
    );
  });

  it('a spawned Process prints its own traceback and exits 1; the parent reads nothing', () => {
    const r = run(40, 'spawn');
    expect(r.verdict).toBe('fails');
    expect(r.result).toEqual([]);
    expect(r.stderr.slice(0, 2)).toEqual([
      'Process Process-1:',
      'Traceback (most recent call last):',
    ]);
    expect(r.stderr).toContain('    lock.acquire()');
  });
});
