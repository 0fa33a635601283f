import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dict,
  float,
  global,
  isList,
  isObject,
  isTuple,
  list,
  pyEquals,
  pyobject,
  tuple,
  type PyObject,
  type PyValue,
} from '../python';
import { hex } from './codec';
import { dumps } from './pickler';
import {
  AcquirerProxy,
  LOCK_PROXY_HEX,
  mapstar,
  plainSamples,
  RebuildProxy,
  TokenClass,
  worker,
} from './samples.fixture';
import { loads, UnpicklingError } from './unpickler';

function fromHex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function bytesOf(...parts: (number | string)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else for (const ch of p) out.push(ch.charCodeAt(0));
  }
  return Uint8Array.from(out);
}

// --- arbitrary model values (no objects) ------------------------------------------

/** str from arbitrary UTF-16 code units: lone surrogates included. */
const pyStr = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
const pyInt = fc.oneof(
  fc.integer({ min: -300, max: 70000 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 63), 2 ** 64),
);
const pyGlobal = fc.constantFrom(mapstar, worker, global('builtins', 'len'));

/** Hashable keys of kinds that never compare equal across kinds (so no accidental merges). */
const keyArb: fc.Arbitrary<PyValue> = fc.oneof(
  pyStr,
  fc.integer(),
  fc.tuple(pyStr, fc.integer()).map(([s, n]) => tuple(s, n)),
);

function keyId(k: PyValue): string {
  return JSON.stringify(isTuple(k) ? ['t', ...k.items] : [typeof k, k]);
}

function valueArb(withNaN: boolean): fc.Arbitrary<PyValue> {
  const leaf: fc.Arbitrary<PyValue> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    pyInt,
    pyStr,
    fc.uint8Array({ maxLength: 40 }),
    fc.double({ noNaN: !withNaN }).map(float),
    pyGlobal,
  );
  const { value } = fc.letrec<{ value: PyValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 5 }).map((items) => tuple(...items)),
      fc.array(tie('value'), { maxLength: 5 }).map((items) => list(items)),
      fc
        .uniqueArray(fc.tuple(keyArb, tie('value')), {
          maxLength: 4,
          selector: ([k]) => keyId(k),
        })
        .map((entries) => dict(entries)),
    ),
  }));
  return value;
}

const protocols = [4, 5] as const;

describe('loads(dumps(v)) round trip', () => {
  it.each(protocols)('is structurally equal for arbitrary values (protocol %i)', (protocol) => {
    fc.assert(
      fc.property(valueArb(false), (v) => {
        expect(pyEquals(loads(dumps(v, { protocol })), v)).toBe(true);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it.each(protocols)('re-pickles to the same bytes, NaN included (protocol %i)', (protocol) => {
    fc.assert(
      fc.property(valueArb(true), (v) => {
        const once = dumps(v, { protocol });
        expect(hex(dumps(loads(once), { protocol }))).toBe(hex(once));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('keeps shared containers shared (memo identity)', () => {
    fc.assert(
      fc.property(valueArb(false), valueArb(false), (a, b) => {
        const shared = list([a]);
        const sharedDict = dict([['k', b]]);
        const root = loads(dumps(tuple(shared, b, list([shared, sharedDict]), sharedDict)));
        if (!isTuple(root)) throw new Error('expected a tuple');
        const [first, , inner, lastDict] = root.items;
        if (!isList(inner)) throw new Error('expected a list');
        expect(inner.items[0]!).toBe(first!);
        expect(inner.items[1]).toBe(lastDict);
        expect(pyEquals(first!, shared)).toBe(true);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('round-trips every fixture sample without objects', () => {
    for (const { name, value } of plainSamples()) {
      if (name.includes('instance')) continue;
      const once = dumps(value);
      expect(hex(dumps(loads(once))), name).toBe(hex(once));
    }
  });

  it('rebuilds recursive structures', () => {
    const l = list([1]);
    l.items.push(l);
    const back = loads(dumps(l));
    if (!isList(back)) throw new Error('expected a list');
    expect(back.items[1]).toBe(back);
  });
});

describe('objects and hooks', () => {
  const lockProxyBytes = fromHex(LOCK_PROXY_HEX);

  it('builds default objects for NEWOBJ/REDUCE/BUILD', () => {
    const root = loads(lockProxyBytes);
    if (!isTuple(root)) throw new Error('expected a tuple');
    expect(root.items[0]).toBe(3);
    const proxy = root.items[1] as PyObject;
    expect(isObject(proxy)).toBe(true);
    expect(proxy.cls).toEqual(RebuildProxy);
    const args = proxy.dict.__args__!;
    if (!isTuple(args)) throw new Error('expected the REDUCE arguments');
    expect(args.items[0]).toEqual(AcquirerProxy);
    const token = args.items[1] as PyObject;
    expect(token.cls).toEqual(TokenClass);
    // Token's state is a tuple, not a dict: kept as __state__.
    expect(
      pyEquals(
        token.dict.__state__!,
        tuple('Lock', '/tmp/pymp-ud0k6032/listener-26f76o2k', '7f56cdc42d40'),
      ),
    ).toBe(true);
    expect(args.items.slice(2)).toEqual(['pickle', dict()]);
  });

  it('gives each default object a fresh address', () => {
    const obj = pyobject(global('__main__', 'Plain'), 1, { a: 1 });
    const back = loads(dumps(tuple(obj, pyobject(obj.cls, 2)))) as { items: PyObject[] };
    expect(back.items[0]!.addr).not.toBe(back.items[1]!.addr);
    expect(back.items[0]!.dict).toEqual({ a: 1 });
  });

  it('lets hooks decide what classes and callables produce', () => {
    const calls: string[] = [];
    const root = loads(lockProxyBytes, {
      findGlobal: (module, qualname) => {
        calls.push(`find ${module}.${qualname}`);
        return global(module, qualname);
      },
      newobj: (cls, args) => {
        calls.push(`new ${cls.qualname}(${args.length})`);
        return pyobject(cls, 0x1000);
      },
      build: (obj, state) => {
        const o = obj as PyObject;
        const [typeid, address, id] = (state as { items: PyValue[] }).items;
        Object.assign(o.dict, { typeid, address, id });
        calls.push(`build ${o.cls.qualname}`);
        return o;
      },
      reduce: (callable, args) => {
        calls.push(`call ${callable.qualname}`);
        return pyobject(args[0] as ReturnType<typeof global>, 0x2000, { _token: args[1]! });
      },
    });
    expect(calls).toEqual([
      'find multiprocessing.managers.RebuildProxy',
      'find multiprocessing.managers.AcquirerProxy',
      'find multiprocessing.managers.Token',
      'new Token(0)',
      'build Token',
      'call RebuildProxy',
    ]);
    const proxy = (root as { items: PyObject[] }).items[1]!;
    expect(proxy.cls).toEqual(AcquirerProxy);
    expect((proxy.dict._token as PyObject).dict.typeid).toBe('Lock');
  });

  it('merges a (dict, slots) state and never lets a key touch the prototype', () => {
    const obj = pyobject(global('m', 'C'), 1);
    const state = tuple(
      dict([
        ['a', 1],
        ['__proto__', list([2])],
      ]),
      dict([['s', 3]]),
    );
    const back = loads(
      dumps(obj, { reduce: () => ({ kind: 'newobj', cls: obj.cls, args: [], state }) }),
    );
    const o = back as PyObject;
    expect(Object.keys(o.dict)).toEqual(['a', '__proto__', 's']);
    expect(Object.getPrototypeOf(o.dict)).toBe(Object.prototype);
  });

  it('lets exceptions thrown by hooks through unchanged', () => {
    const boom = new Error('no such attribute');
    expect(() =>
      loads(dumps(mapstar), {
        findGlobal: () => {
          throw boom;
        },
      }),
    ).toThrow(boom);
  });
});

describe('Python semantics', () => {
  it('treats 1, True and 1.0 as the same dict key, keeping the first key', () => {
    // {1: 'a', True: 'b', 1.0: 'c', 'x': 'd'} == {1: 'c', 'x': 'd'}
    const pickled = dumps(
      dict([
        [1, 'a'],
        [true, 'b'],
        [float(1), 'c'],
        ['x', 'd'],
      ]),
    );
    const back = loads(pickled);
    expect(
      pyEquals(
        back,
        dict([
          [1, 'c'],
          ['x', 'd'],
        ]),
      ),
    ).toBe(true);
  });

  it('reads sets and frozensets as lists', () => {
    // pickle.dumps({1, 2}, 4) and pickle.dumps(frozenset({3}), 4)
    expect(loads(fromHex('80049509000000000000008f94284b014b02902e'))).toEqual(list([1, 2]));
    expect(loads(fromHex('8004950600000000000000284b0391942e'))).toEqual(list([3]));
  });

  it('reads GLOBAL, BINPUT, NEWOBJ_EX and protocol 2 pickles', () => {
    // pickle.dumps((mapstar, mapstar), 2)
    const p2 = fromHex(
      '8002636d756c746970726f63657373696e672e706f6f6c0a6d6170737461720a710068008671012e',
    );
    expect(loads(p2)).toEqual(tuple(mapstar, mapstar));
    const newobjEx = bytesOf(0x80, 4, 'cm\nC\n', ')', '}', 0x92, '.');
    expect(isObject(loads(newobjEx))).toBe(true);
  });

  it('refuses ints that a JS number cannot hold exactly', () => {
    // LONG1 of 2**53 + 1
    const big = bytesOf(0x80, 4, 0x8a, 8, 1, 0, 0, 0, 0, 0, 0x20, 0, '.');
    expect(() => loads(big)).toThrow(UnpicklingError);
    expect(loads(bytesOf(0x80, 4, 0x8a, 8, 0, 0, 0, 0, 0, 0, 0x20, 0, '.'))).toBe(2 ** 53);
  });
});

describe('malformed input', () => {
  // Messages and exception types as CPython 3.11's pickle.loads reports them.
  it.each([
    ['', 'EOFError', 'Ran out of input'],
    ['8004', 'EOFError', 'Ran out of input'],
    ['80044b', '_pickle.UnpicklingError', 'pickle data was truncated'],
    ['800495ff000000000000004e2e', '_pickle.UnpicklingError', 'pickle data was truncated'],
    ['80064e2e', 'ValueError', 'unsupported pickle protocol: 6'],
    ['ff', '_pickle.UnpicklingError', "invalid load key, '\\xff'."],
    ['5a', '_pickle.UnpicklingError', "invalid load key, 'Z'."],
    ['80046805 2e', '_pickle.UnpicklingError', 'Memo value not found at index 5'],
    ['8004742e', '_pickle.UnpicklingError', 'could not find MARK'],
    ['8004612e', '_pickle.UnpicklingError', 'unpickling stack underflow'],
    ['8004284e302e', '_pickle.UnpicklingError', 'unexpected MARK found'],
    ['800428612e', '_pickle.UnpicklingError', 'unexpected MARK found'],
    ['8004282e', '_pickle.UnpicklingError', 'unexpected MARK found'],
    ['80044b4b4b01932e', '_pickle.UnpicklingError', 'STACK_GLOBAL requires str'],
    [
      '80044e4e812e',
      '_pickle.UnpicklingError',
      'NEWOBJ class argument must be a type, not NoneType',
    ],
    ['80044e4e522e', 'TypeError', 'argument list must be a tuple'],
    ['80048a ff2e', '_pickle.UnpicklingError', 'pickle data was truncated'],
    ['80047d5d4e732e', 'TypeError', "unhashable type: 'list'"],
    ['80048bffffffff2e', '_pickle.UnpicklingError', 'LONG pickle has negative byte count'],
  ])('%s -> %s: %s', (h, pyType, message) => {
    let err: unknown;
    try {
      loads(fromHex(h.replace(/ /g, '')));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnpicklingError);
    expect((err as UnpicklingError).pyType).toBe(pyType);
    expect((err as UnpicklingError).message).toBe(message);
  });

  it('reports invalid UTF-8 as UnicodeDecodeError', () => {
    const err = (() => {
      try {
        loads(fromHex('80048c02fffe2e'));
      } catch (e) {
        return e as UnpicklingError;
      }
      return null;
    })();
    expect(err?.pyType).toBe('UnicodeDecodeError');
    expect(err?.message).toBe(
      "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
    );
  });

  /** loads either returns a value or throws UnpicklingError: nothing else, and it terminates. */
  function loadsOnlyFailsCleanly(bytes: Uint8Array): void {
    try {
      loads(bytes);
    } catch (err) {
      if (!(err instanceof UnpicklingError)) throw err;
    }
  }

  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => loadsOnlyFailsCleanly(bytes)),
      { seed: 42, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) =>
        loadsOnlyFailsCleanly(Uint8Array.from([0x80, 4, ...bytes])),
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('survives truncated and mutated valid pickles', () => {
    const mutation = fc.record({
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      kind: fc.constantFrom('truncate', 'replace', 'insert', 'delete'),
    });
    fc.assert(
      fc.property(valueArb(true), fc.array(mutation, { minLength: 1, maxLength: 3 }), (v, muts) => {
        const bytes = Array.from(dumps(v));
        for (const m of muts) {
          const i = m.at % (bytes.length + 1);
          if (m.kind === 'truncate') bytes.length = i;
          else if (m.kind === 'replace' && i < bytes.length) bytes[i] = m.byte;
          else if (m.kind === 'insert') bytes.splice(i, 0, m.byte);
          else bytes.splice(i, 1);
        }
        loadsOnlyFailsCleanly(Uint8Array.from(bytes));
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('does not overflow the JS stack on deeply nested tuple keys', () => {
    // 2000 nested TUPLE1s used as a dict key. CPython accepts it; the model
    // refuses keys nested over 500 deep rather than risk the JS stack.
    const deep = [0x80, 4, 0x7d, 0x4e, ...Array(2000).fill(0x85), 0x4e, 0x73, 0x2e];
    expect(() => loads(Uint8Array.from(deep))).toThrow(UnpicklingError);
  });
});
