/**
 * Sample values for the pickle tests, shared by the CPython comparison and
 * the disassembler tests. Test-only (no runtime code imports it); pure
 * TypeScript so it type-checks with the rest of src/sim.
 */

import {
  dict,
  float,
  global,
  list,
  pyobject,
  tuple,
  type PyGlobal,
  type PyObject,
  type PyValue,
} from '../python';
import type { Reduction } from './pickler';

export interface Sample {
  name: string;
  value: PyValue;
}

export const mapstar = global('multiprocessing.pool', 'mapstar');
export const worker = global('multiprocessing.pool', 'worker');
const Plain = global('__main__', 'Plain');

function ascii(n: number): string {
  return 'abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(n / 26)).slice(0, n);
}

function byteRange(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);
}

/** Plain data (plus globals and plain instances): CPython pickles these from the value alone. */
export function plainSamples(): Sample[] {
  const shared = list([1, 'two']);
  const sharedDict = dict([['k', 1]]);
  const sharedBytes = Uint8Array.of(1, 2, 3);
  const ints = [
    0,
    1,
    255,
    256,
    65535,
    65536,
    -1,
    -255,
    -256,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    -(2 ** 31) - 1,
    2 ** 32,
    -(2 ** 39),
    -(2 ** 39) - 1,
    2 ** 47,
    2 ** 53 - 1,
    -(2 ** 53 - 1),
    -(2 ** 53),
    2 ** 63,
    -(2 ** 63),
    2 ** 64,
    1e300,
  ];
  const samples: Sample[] = [
    { name: 'none', value: null },
    { name: 'true', value: true },
    { name: 'false', value: false },
    { name: 'ints', value: list(ints) },
    ...ints.map((n) => ({ name: `int ${n}`, value: n })),
    { name: 'str empty', value: '' },
    { name: 'str short', value: 'a' },
    { name: 'str ascii', value: 'hello world' },
    { name: 'str unicode', value: 'héllo, 日本語 😀' },
    { name: 'str lone surrogate', value: 'a\ud800b' },
    { name: 'str controls', value: '\x00\n\t\r\x7f\u0085\u2028 \u00a0' },
    { name: 'str quotes', value: tuple("it's", 'say "hi"', `both ' and "`, 'back\\slash') },
    { name: 'str 255 bytes', value: ascii(255) },
    { name: 'str 256 bytes', value: ascii(256) },
    { name: 'str 256 utf8 bytes', value: ascii(254) + 'é' },
    { name: 'bytes empty', value: new Uint8Array(0) },
    { name: 'bytes short', value: Uint8Array.of(0, 0x27, 0x5c, 0x41, 0xff) },
    { name: 'bytes quote', value: Uint8Array.from("it's", (c) => c.charCodeAt(0)) },
    { name: 'bytes 255', value: byteRange(255) },
    { name: 'bytes 256', value: byteRange(256) },
    {
      name: 'floats',
      value: list(
        [
          0,
          -0,
          1.5,
          -2.25,
          1 / 3,
          1e16,
          1e15,
          1e-4,
          1e-5,
          5e-324,
          1.7976931348623157e308,
          Infinity,
          -Infinity,
          NaN,
          123456789.123,
        ].map(float),
      ),
    },
    { name: 'tuple 0', value: tuple() },
    { name: 'tuple 1', value: tuple(1) },
    { name: 'tuple 2', value: tuple(1, 'a') },
    { name: 'tuple 3', value: tuple(1, 'a', null) },
    { name: 'tuple 4', value: tuple(1, 2, 3, 4) },
    { name: 'tuple 5', value: tuple(1, tuple(), tuple(tuple()), 4, tuple(5, 6, 7, 8, 9)) },
    { name: 'list empty', value: list() },
    { name: 'list 1', value: list([1]) },
    { name: 'list 3', value: list([1, 'x', list()]) },
    { name: 'list 1000', value: list(Array.from({ length: 1000 }, (_, i) => i)) },
    { name: 'list 1001', value: list(Array.from({ length: 1001 }, (_, i) => i)) },
    { name: 'list 2001 strs', value: list(Array.from({ length: 2001 }, (_, i) => `s${i % 500}`)) },
    { name: 'dict empty', value: dict() },
    { name: 'dict 1', value: dict([['a', 1]]) },
    {
      name: 'dict 2',
      value: dict([
        ['a', 1],
        [2, 'b'],
      ]),
    },
    {
      name: 'dict tuple keys',
      value: dict([
        [tuple(1, 2), null],
        [tuple(), list()],
      ]),
    },
    {
      name: 'dict 1000',
      value: dict(Array.from({ length: 1000 }, (_, i): [PyValue, PyValue] => [`k${i}`, i])),
    },
    {
      name: 'dict 1001',
      value: dict(Array.from({ length: 1001 }, (_, i): [PyValue, PyValue] => [i, `v${i}`])),
    },
    { name: 'global', value: mapstar },
    { name: 'global builtin', value: global('builtins', 'len') },
    { name: 'global dotted', value: global('multiprocessing.pool', 'Pool.map') },
    { name: 'global twice', value: tuple(mapstar, worker, mapstar) },
    { name: 'repeated str', value: tuple('abc', 'abc', list(['abc'])) },
    { name: 'shared list', value: tuple(shared, shared, list([shared])) },
    {
      name: 'shared dict and bytes',
      value: list([sharedDict, sharedBytes, sharedDict, sharedBytes]),
    },
    {
      name: 'pool task',
      value: tuple(0, 3, mapstar, tuple(worker, tuple(tuple(3, null, null))), dict()),
    },
    {
      name: 'nested',
      value: dict([['a', list([tuple(1, 2), dict([['b', list([null, true])]])])]]),
    },
    {
      name: 'plain instance',
      value: pyobject(Plain, 0x7f0000001000, { a: 1, b: 'x', items: list([1, 2]) }),
    },
    { name: 'plain instance empty', value: pyobject(Plain, 0x7f0000001100) },
    (() => {
      const p = pyobject(Plain, 0x7f0000001200, { n: 5 });
      return { name: 'plain instance twice', value: tuple(p, p, list([p])) };
    })(),
    (() => {
      // A list inside a tuple that refers back to the tuple: CPython's POP + BINGET path.
      const inner = list([]);
      const t = tuple(1, inner);
      inner.items.push(t);
      return { name: 'recursive tuple', value: t };
    })(),
    (() => {
      const inner = list([]);
      const t = tuple(1, 2, 3, inner);
      inner.items.push(t);
      return { name: 'recursive tuple 4', value: t };
    })(),
    (() => {
      const l = list([1]);
      l.items.push(l);
      return { name: 'self list', value: l };
    })(),
  ];
  return samples;
}

/** Values of more than 64 KiB: multiple frames, and str/bytes written outside frames. */
export function largeSamples(): Sample[] {
  return [
    { name: 'large bytes', value: new Uint8Array(70000) },
    { name: 'large str then small', value: tuple(ascii(65536), 5, 'z') },
    { name: 'just under bypass', value: list([new Uint8Array(65535), 'tail']) },
    { name: 'many strs', value: list(Array.from({ length: 20000 }, (_, i) => `str${i}`)) },
    { name: 'many ints', value: list(Array.from({ length: 40000 }, (_, i) => i * 3)) },
    {
      name: 'many tuples',
      value: list(Array.from({ length: 9000 }, (_, i) => tuple(i, `x${i}`, null, 1, 2))),
    },
  ];
}

/**
 * A filler of `n` bytes followed by one of every kind of value: as `n` varies,
 * CPython's 64 KiB frame boundary falls before each of them in turn.
 */
export function frameBoundarySample(n: number): Sample {
  const obj = pyobject(Plain, 0x7f0000002000, { k: 1 });
  return {
    name: `boundary ${n}`,
    value: list([
      list([new Uint8Array(n)]),
      null,
      true,
      tuple(),
      7,
      300,
      -7,
      2 ** 40,
      float(0.5),
      'str',
      'str',
      Uint8Array.of(1),
      tuple(1),
      tuple(tuple()),
      tuple(1, 2, 3, 4),
      list([]),
      list([1, 2]),
      dict([['a', 1]]),
      mapstar,
      mapstar,
      obj,
      obj,
      pyobject(Plain, 0x7f0000002100),
    ]),
  };
}

// --- Real multiprocessing objects -------------------------------------------------

export const managers = 'multiprocessing.managers';
export const TokenClass = global(managers, 'Token');
export const AcquirerProxy = global(managers, 'AcquirerProxy');
export const RebuildProxy = global(managers, 'RebuildProxy');

export function token(typeid: string, address: string, id: string): PyObject {
  return pyobject(TokenClass, 0x7f56cdc50000, { typeid, address, id });
}

/** `Token.__reduce_ex__(4)` (it has __slots__ and a tuple __getstate__), and BaseProxy.__reduce__. */
export function mpReduce(obj: PyObject): Reduction {
  const is = (g: PyGlobal): boolean =>
    obj.cls.module === g.module && obj.cls.qualname === g.qualname;
  if (is(TokenClass)) {
    const d = obj.dict;
    return {
      kind: 'newobj',
      cls: obj.cls,
      args: [],
      state: tuple(d.typeid!, d.address!, d.id!),
    };
  }
  if (is(AcquirerProxy)) {
    return {
      kind: 'reduce',
      callable: RebuildProxy,
      args: [obj.cls, obj.dict._token!, obj.dict._serializer!, dict()],
    };
  }
  const entries = Object.entries(obj.dict);
  return { kind: 'newobj', cls: obj.cls, args: [], state: entries.length ? dict(entries) : null };
}

export function lockProxy(): PyValue {
  const tok = token('Lock', '/tmp/pymp-ud0k6032/listener-26f76o2k', '7f56cdc42d40');
  const proxy = pyobject(AcquirerProxy, 0x7f56cdc42e00, { _token: tok, _serializer: 'pickle' });
  return tuple(3, proxy);
}

/** `ForkingPickler.dumps((3, manager.Lock()))` in CPython 3.11.7, with the token below (175 bytes). */
export const LOCK_PROXY_HEX =
  '800495a4000000000000004b038c186d756c746970726f63657373696e672e6d616e616765727394' +
  '8c0c52656275696c6450726f78799493942868008c0d416371756972657250726f78799493946800' +
  '8c05546f6b656e9493942981948c044c6f636b948c242f746d702f70796d702d7564306b36303332' +
  '2f6c697374656e65722d32366637366f326b948c0c376635366364633432643430948794628c0670' +
  '69636b6c65947d947494529486942e';

/** `pickletools.dis` of LOCK_PROXY_HEX, verbatim. */
export const LOCK_PROXY_DIS = `    0: \\x80 PROTO      4
    2: \\x95 FRAME      164
   11: K    BININT1    3
   13: \\x8c SHORT_BINUNICODE 'multiprocessing.managers'
   39: \\x94 MEMOIZE    (as 0)
   40: \\x8c SHORT_BINUNICODE 'RebuildProxy'
   54: \\x94 MEMOIZE    (as 1)
   55: \\x93 STACK_GLOBAL
   56: \\x94 MEMOIZE    (as 2)
   57: (    MARK
   58: h        BINGET     0
   60: \\x8c     SHORT_BINUNICODE 'AcquirerProxy'
   75: \\x94     MEMOIZE    (as 3)
   76: \\x93     STACK_GLOBAL
   77: \\x94     MEMOIZE    (as 4)
   78: h        BINGET     0
   80: \\x8c     SHORT_BINUNICODE 'Token'
   87: \\x94     MEMOIZE    (as 5)
   88: \\x93     STACK_GLOBAL
   89: \\x94     MEMOIZE    (as 6)
   90: )        EMPTY_TUPLE
   91: \\x81     NEWOBJ
   92: \\x94     MEMOIZE    (as 7)
   93: \\x8c     SHORT_BINUNICODE 'Lock'
   99: \\x94     MEMOIZE    (as 8)
  100: \\x8c     SHORT_BINUNICODE '/tmp/pymp-ud0k6032/listener-26f76o2k'
  138: \\x94     MEMOIZE    (as 9)
  139: \\x8c     SHORT_BINUNICODE '7f56cdc42d40'
  153: \\x94     MEMOIZE    (as 10)
  154: \\x87     TUPLE3
  155: \\x94     MEMOIZE    (as 11)
  156: b        BUILD
  157: \\x8c     SHORT_BINUNICODE 'pickle'
  165: \\x94     MEMOIZE    (as 12)
  166: }        EMPTY_DICT
  167: \\x94     MEMOIZE    (as 13)
  168: t        TUPLE      (MARK at 57)
  169: \\x94 MEMOIZE    (as 14)
  170: R    REDUCE
  171: \\x94 MEMOIZE    (as 15)
  172: \\x86 TUPLE2
  173: \\x94 MEMOIZE    (as 16)
  174: .    STOP
highest protocol among opcodes = 4
`;
