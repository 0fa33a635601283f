/**
 * Pickler behaviour that needs no python3: a golden CPython pickle, framing,
 * memo, errors and the partial output of a failed pickling.
 * (pickler.cpython.test.ts compares hundreds of values with live CPython.)
 */

import { describe, expect, it } from 'vitest';
import {
  PyException,
  dict,
  global,
  list,
  pyobject,
  tuple,
  type Frame,
  type PyValue,
} from '../python';
import { hex } from './codec';
import { disassemble, tryDisassemble } from './disassemble';
import { dumps, PicklingFailure, type Reduction } from './pickler';
import { LOCK_PROXY_HEX, lockProxy, mapstar, mpReduce } from './samples.fixture';

function failure(run: () => unknown): PicklingFailure {
  try {
    run();
  } catch (err) {
    if (err instanceof PicklingFailure) return err;
    throw err;
  }
  throw new Error('expected a PicklingFailure');
}

function opNames(bytes: Uint8Array): string[] {
  return disassemble(bytes).map((op) => op.op);
}

describe('golden CPython 3.11 output', () => {
  it('pickles a manager Lock proxy as ForkingPickler.dumps((3, manager.Lock())) does', () => {
    expect(hex(dumps(lockProxy(), { reduce: mpReduce }))).toBe(LOCK_PROXY_HEX);
  });

  it('protocol 5 differs only in the PROTO byte', () => {
    const p5 = dumps(lockProxy(), { reduce: mpReduce, protocol: 5 });
    expect(hex(p5)).toBe('8005' + LOCK_PROXY_HEX.slice(4));
  });

  it.each([
    ['None', null, '80044e2e'],
    ['1', 1, '80044b012e'],
    ['-1', -1, '80049506000000000000004affffffff2e'],
    ['256', 256, '80049504000000000000004d00012e'],
    ["'a'", 'a', '80049505000000000000008c0161942e'],
    ['[]', list(), '80045d942e'],
    ['()', tuple(), '8004292e'],
    ['{}', dict(), '80047d942e'],
    ["b''", new Uint8Array(0), '80049504000000000000004300942e'],
  ] as const)('%s (frames under 4 bytes lose their header)', (_name, value, expected) => {
    expect(hex(dumps(value as PyValue))).toBe(expected);
  });
});

describe('framing', () => {
  it('writes a large bytes payload outside any frame, then opens a new one', () => {
    const ops = disassemble(dumps(tuple(new Uint8Array(70000), 5)));
    expect(ops.map((o) => o.op)).toEqual([
      'PROTO',
      'BINBYTES',
      'FRAME',
      'MEMOIZE',
      'BININT1',
      'TUPLE2',
      'MEMOIZE',
      'STOP',
    ]);
    expect(ops[2]!.arg).toBe('6');
  });

  it('closes a frame at 64 KiB at the start of the next save, even of None', () => {
    // The first frame holds the list, the bytes and APPEND; None starts a second
    // frame of 3 bytes (N e .), which therefore has no FRAME header.
    const ops = disassemble(dumps(list([list([new Uint8Array(65530)]), null])));
    expect(ops.filter((o) => o.op === 'FRAME').map((o) => o.arg)).toEqual(['65542']);
    const withInt = disassemble(dumps(list([list([new Uint8Array(65530)]), 1])));
    expect(withInt.filter((o) => o.op === 'FRAME').map((o) => o.arg)).toEqual(['65542', '4']);
  });
});

describe('memo', () => {
  it('memoizes strings by value and globals by name', () => {
    const ops = disassemble(dumps(tuple('abc', 'abc', mapstar, mapstar)));
    // 'abc' is memo 0; the global is memo 3 (after its module and name strings).
    expect(ops.filter((o) => o.op === 'BINGET').map((o) => o.memo)).toEqual([0, 3]);
    expect(ops.filter((o) => o.op === 'STACK_GLOBAL')).toHaveLength(1);
  });

  it('memoizes containers and objects by identity', () => {
    const shared = list([1]);
    const obj = pyobject(global('__main__', 'Plain'), 0x7f0000000100, { a: 1 });
    const ops = disassemble(dumps(tuple(shared, list([1]), shared, obj, obj)));
    expect(ops.filter((o) => o.op === 'EMPTY_LIST')).toHaveLength(2);
    expect(ops.filter((o) => o.op === 'NEWOBJ')).toHaveLength(1);
    expect(ops.filter((o) => o.op === 'BINGET')).toHaveLength(2);
  });

  it('switches to LONG_BINGET past memo index 255', () => {
    const strs = Array.from({ length: 300 }, (_, i) => `s${i}`);
    const ops = disassemble(dumps(list([...strs, 's0', 's299'])));
    const gets = ops.filter((o) => o.op.endsWith('BINGET'));
    expect(gets.map((o) => [o.op, o.memo])).toEqual([
      ['BINGET', 1],
      ['LONG_BINGET', 300],
    ]);
  });
});

describe('errors', () => {
  const frames: Frame[] = [
    {
      file: 'synchronize.py',
      dir: '/usr/lib/python3.11/multiprocessing/',
      func: '__getstate__',
      line: 101,
      text: 'context.assert_spawning(self)',
      pid: 1,
      thread: 'Thread-1 (_handle_tasks)',
    },
  ];
  const Lock = global('multiprocessing.synchronize', 'Lock');

  it("passes a reducer's exception through unchanged, with the bytes written so far", () => {
    const thrown = new PyException(
      'RuntimeError',
      'Lock objects should only be shared between processes through inheritance',
      frames,
    );
    const lock = pyobject(Lock, 0x7f0000000200);
    const f = failure(() =>
      dumps(tuple(0, 1, lock), {
        reduce: () => {
          throw thrown;
        },
      }),
    );
    expect(f.exception).toBe(thrown);
    expect(f.exception.frames).toBe(frames);
    expect(f.message).toBe(thrown.text);
    expect(hex(f.partial)).toBe('8004' + '950400000000000000' + '4b00' + '4b01');
    const { ops, error } = tryDisassemble(f.partial);
    expect(ops.map((o) => o.op)).toEqual(['PROTO', 'FRAME', 'BININT1', 'BININT1']);
    expect(error).toBe('pickle exhausted before seeing STOP');
  });

  it('drops the frame header of a partial frame under 4 bytes', () => {
    const f = failure(() =>
      dumps(tuple(0, pyobject(Lock, 1)), {
        reduce: () => {
          throw new PyException('RuntimeError', 'no');
        },
      }),
    );
    expect(hex(f.partial)).toBe('80044b00');
  });

  it('refuses lambdas and local functions with the CPython 3.11 messages', () => {
    const lambda = failure(() =>
      dumps(tuple(1, global('__main__', '<lambda>')), { addressOf: () => 0x7f83d4edc720 }),
    );
    expect(lambda.exception.text).toBe(
      "_pickle.PicklingError: Can't pickle <function <lambda> at 0x7f83d4edc720>: " +
        'attribute lookup <lambda> on __main__ failed',
    );
    expect(lambda.exception.frames).toEqual([]);
    expect(hex(lambda.partial)).toBe('80044b01');

    // <locals> is refused before resolveGlobal is even asked.
    const local = failure(() =>
      dumps(global('scenarios', 'main.<locals>.job'), { resolveGlobal: () => true }),
    );
    expect(local.exception.text).toBe(
      "AttributeError: Can't pickle local object 'main.<locals>.job'",
    );
  });

  it('gives each global a different fixed-looking default address', () => {
    const address = (qualname: string): string =>
      /at (0x[0-9a-f]+)>/.exec(
        failure(() => dumps(global('__main__', qualname))).exception.pyMessage,
      )![1]!;
    expect(address('<lambda>')).toMatch(/^0x7f[0-9a-f]{10}$/);
    expect(address('<lambda>')).toBe(address('<lambda>'));
    expect(address('C.<lambda>')).not.toBe(address('<lambda>'));
  });

  it('asks resolveGlobal about every global, including reduction classes', () => {
    const asked: string[] = [];
    const resolveGlobal = (g: { qualname: string }): boolean => {
      asked.push(g.qualname);
      return g.qualname !== 'Gone';
    };
    const obj = pyobject(global('__main__', 'Gone'), 1);
    const f = failure(() => dumps(list([mapstar, obj]), { resolveGlobal }));
    expect(asked).toEqual(['mapstar', 'Gone']);
    expect(f.exception.pyMessage).toMatch(/attribute lookup Gone on __main__ failed$/);
  });

  it('raises RecursionError at the nesting depth CPython 3.11 does', () => {
    // Measured with a module-level ForkingPickler.dumps: nested lists and dicts
    // fail at 499 levels, tuples at 997.
    const nested = (n: number, wrap: (v: PyValue) => PyValue, leaf: PyValue): PyValue => {
      let v = leaf;
      for (let i = 0; i < n; i++) v = wrap(v);
      return v;
    };
    const lists = (n: number): PyValue => nested(n, (v) => list([v]), list());
    const dicts = (n: number): PyValue => nested(n, (v) => dict([['a', v]]), dict());
    const tuples = (n: number): PyValue => nested(n, (v) => tuple(v), tuple());
    expect(() => dumps(lists(498))).not.toThrow();
    expect(failure(() => dumps(lists(499))).exception.text).toBe(
      'RecursionError: maximum recursion depth exceeded while pickling an object',
    );
    expect(() => dumps(dicts(498))).not.toThrow();
    expect(() => dumps(dicts(499))).toThrow(PicklingFailure);
    expect(() => dumps(tuples(996))).not.toThrow();
    expect(() => dumps(tuples(997))).toThrow(PicklingFailure);
    // Deeper callers leave less room.
    expect(() => dumps(tuples(996), { stackDepth: 10 })).toThrow(PicklingFailure);
  });

  it('stops a cyclic structure CPython could not build with RecursionError, not a JS stack overflow', () => {
    const items: PyValue[] = [];
    const t = { t: 'tuple' as const, items };
    items.push(t);
    expect(failure(() => dumps(t)).exception.pyType).toBe('RecursionError');
  });

  it('refuses fractional numbers, which the model keeps in PyFloat', () => {
    expect(failure(() => dumps(1.5)).exception.pyType).toBe('TypeError');
  });

  it('lets bugs in a reducer (non-Python exceptions) through as they are', () => {
    const bug = new TypeError('reducer bug');
    expect(() =>
      dumps(pyobject(Lock, 1), {
        reduce: () => {
          throw bug;
        },
      }),
    ).toThrow(bug);
  });
});

describe('reductions', () => {
  it('hands options.context to the reducer untouched', () => {
    const context = { pid: 42 };
    let seen: unknown;
    const reduce = (_obj: unknown, ctx: unknown): Reduction => {
      seen = ctx;
      return { kind: 'reduce', callable: mapstar, args: [] };
    };
    dumps(pyobject(global('multiprocessing.synchronize', 'Lock'), 1), { reduce, context });
    expect(seen).toBe(context);
  });

  it('writes NEWOBJ/REDUCE, MEMOIZE, then state BUILD unless the state is None', () => {
    const obj = pyobject(global('m', 'C'), 1);
    const names = (r: Reduction): string[] => opNames(dumps(obj, { reduce: () => r }));
    expect(names({ kind: 'newobj', cls: obj.cls, args: [], state: null })).toEqual([
      'PROTO',
      'FRAME',
      'SHORT_BINUNICODE',
      'MEMOIZE',
      'SHORT_BINUNICODE',
      'MEMOIZE',
      'STACK_GLOBAL',
      'MEMOIZE',
      'EMPTY_TUPLE',
      'NEWOBJ',
      'MEMOIZE',
      'STOP',
    ]);
    expect(
      names({ kind: 'reduce', callable: mapstar, args: [1], state: dict([['a', 1]]) }),
    ).toEqual([
      'PROTO',
      'FRAME',
      'SHORT_BINUNICODE',
      'MEMOIZE',
      'SHORT_BINUNICODE',
      'MEMOIZE',
      'STACK_GLOBAL',
      'MEMOIZE',
      'BININT1',
      'TUPLE1',
      'MEMOIZE',
      'REDUCE',
      'MEMOIZE',
      'EMPTY_DICT',
      'MEMOIZE',
      'SHORT_BINUNICODE',
      'MEMOIZE',
      'BININT1',
      'SETITEM',
      'BUILD',
      'STOP',
    ]);
  });
});
