import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tuple, PyException, pyobject, global } from '../python';
import { disassemble, DisassemblyError, formatDis, tryDisassemble } from './disassemble';
import { dumps, PicklingFailure } from './pickler';
import { LOCK_PROXY_DIS, LOCK_PROXY_HEX } from './samples.fixture';

function fromHex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
}

const DIS_TEXTS: [string, string, string][] = [
  [
    'protocol 0',
    '286c70300a49310a615661e95c75303030610a70310a6146312e350a614e614930310a614c313138303539313632303731373431313330333432344c0a61635f636f646563730a656e636f64650a70320a2856780a70330a566c6174696e310a70340a7470350a5270360a6128636d756c746970726f63657373696e672e706f6f6c0a6d6170737461720a70370a7470380a612e',
    "    0: (    MARK\n    1: l        LIST       (MARK at 0)\n    2: p    PUT        0\n    5: I    INT        1\n    8: a    APPEND\n    9: V    UNICODE    'a\u00e9\\n'\n   19: p    PUT        1\n   22: a    APPEND\n   23: F    FLOAT      1.5\n   28: a    APPEND\n   29: N    NONE\n   30: a    APPEND\n   31: I    INT        True\n   35: a    APPEND\n   36: L    LONG       1180591620717411303424\n   61: a    APPEND\n   62: c    GLOBAL     '_codecs encode'\n   78: p    PUT        2\n   81: (    MARK\n   82: V        UNICODE    'x'\n   85: p        PUT        3\n   88: V        UNICODE    'latin1'\n   96: p        PUT        4\n   99: t        TUPLE      (MARK at 81)\n  100: p    PUT        5\n  103: R    REDUCE\n  104: p    PUT        6\n  107: a    APPEND\n  108: (    MARK\n  109: c        GLOBAL     'multiprocessing.pool mapstar'\n  139: p        PUT        7\n  142: t        TUPLE      (MARK at 108)\n  143: p    PUT        8\n  146: a    APPEND\n  147: .    STOP\nhighest protocol among opcodes = 0\n",
  ],
  [
    'protocol 2 with sets and bytearray',
    '800228636d756c746970726f63657373696e672e706f6f6c0a6d6170737461720a71006800635f5f6275696c74696e5f5f0a7365740a71015d7102284b014b0265857103527104635f5f6275696c74696e5f5f0a66726f7a656e7365740a71055d71064b0361857107527108635f5f6275696c74696e5f5f0a6279746561727261790a7109635f636f646563730a656e636f64650a710a58020000006162710b58060000006c6174696e31710c86710d52710e85710f5271107471112e',
    "    0: \\x80 PROTO      2\n    2: (    MARK\n    3: c        GLOBAL     'multiprocessing.pool mapstar'\n   33: q        BINPUT     0\n   35: h        BINGET     0\n   37: c        GLOBAL     '__builtin__ set'\n   54: q        BINPUT     1\n   56: ]        EMPTY_LIST\n   57: q        BINPUT     2\n   59: (        MARK\n   60: K            BININT1    1\n   62: K            BININT1    2\n   64: e            APPENDS    (MARK at 59)\n   65: \\x85     TUPLE1\n   66: q        BINPUT     3\n   68: R        REDUCE\n   69: q        BINPUT     4\n   71: c        GLOBAL     '__builtin__ frozenset'\n   94: q        BINPUT     5\n   96: ]        EMPTY_LIST\n   97: q        BINPUT     6\n   99: K        BININT1    3\n  101: a        APPEND\n  102: \\x85     TUPLE1\n  103: q        BINPUT     7\n  105: R        REDUCE\n  106: q        BINPUT     8\n  108: c        GLOBAL     '__builtin__ bytearray'\n  131: q        BINPUT     9\n  133: c        GLOBAL     '_codecs encode'\n  149: q        BINPUT     10\n  151: X        BINUNICODE 'ab'\n  158: q        BINPUT     11\n  160: X        BINUNICODE 'latin1'\n  171: q        BINPUT     12\n  173: \\x86     TUPLE2\n  174: q        BINPUT     13\n  176: R        REDUCE\n  177: q        BINPUT     14\n  179: \\x85     TUPLE1\n  180: q        BINPUT     15\n  182: R        REDUCE\n  183: q        BINPUT     16\n  185: t        TUPLE      (MARK at 2)\n  186: q    BINPUT     17\n  188: .    STOP\nhighest protocol among opcodes = 2\n",
  ],
  [
    'protocol 5 bytearray',
    '8005950d000000000000009602000000000000006162942e',
    "    0: \\x80 PROTO      5\n    2: \\x95 FRAME      13\n   11: \\x96 BYTEARRAY8 bytearray(b'ab')\n   22: \\x94 MEMOIZE    (as 0)\n   23: .    STOP\nhighest protocol among opcodes = 5\n",
  ],
  [
    'POP of a MARK',
    '800428304e2e',
    '    0: \\x80 PROTO      4\n    2: (    MARK\n    3: 0        POP        (MARK at 2)\n    4: N    NONE\n    5: .    STOP\nhighest protocol among opcodes = 2\n',
  ],
];
const DIS_ERRORS: [string, string, string, string][] = [
  [
    'unknown opcode',
    '8004ff',
    "at position 2, opcode b'\\xff' unknown",
    '    0: \\x80 PROTO      4\n',
  ],
  [
    'truncated str',
    '80048c056162',
    'expected 5 bytes in a unicodestring1, but only 2 remain',
    '    0: \\x80 PROTO      4\n',
  ],
  [
    'truncated int',
    '80044a01',
    'not enough data in stream to read int4',
    '    0: \\x80 PROTO      4\n',
  ],
  [
    'no STOP',
    '80044b01',
    'pickle exhausted before seeing STOP',
    '    0: \\x80 PROTO      4\n    2: K    BININT1    1\n',
  ],
  [
    'memo never stored',
    '800468032e',
    'memo key 3 has never been stored into',
    '    0: \\x80 PROTO      4\n    2: h    BINGET     3\n',
  ],
  [
    'no MARK',
    '8004742e',
    'no MARK exists on stack',
    '    0: \\x80 PROTO      4\n    2: t    TUPLE      no MARK exists on stack\n',
  ],
  [
    'stack not empty',
    '80044b014b022e',
    'stack not empty after STOP: [int]',
    '    0: \\x80 PROTO      4\n    2: K    BININT1    1\n    4: K    BININT1    2\n    6: .    STOP\nhighest protocol among opcodes = 2\n',
  ],
  [
    'memo stored twice',
    '80044b019471002e',
    'memo key 0 already defined',
    '    0: \\x80 PROTO      4\n    2: K    BININT1    1\n    4: \\x94 MEMOIZE    (as 0)\n    5: q    BINPUT     0\n',
  ],
  [
    'memoized MARK',
    '800428942e',
    "can't store markobject in the memo",
    '    0: \\x80 PROTO      4\n    2: (    MARK\n    3: \\x94     MEMOIZE    (as 0)\n',
  ],
  [
    'stack underflow',
    '8004612e',
    'tries to pop 2 items from stack with only 0 items',
    '    0: \\x80 PROTO      4\n    2: a    APPEND\n',
  ],
];

describe('formatDis matches pickletools.dis', () => {
  it('for the manager Lock proxy pickle (the dis in the brief)', () => {
    expect(formatDis(fromHex(LOCK_PROXY_HEX))).toBe(LOCK_PROXY_DIS);
  });

  it.each(DIS_TEXTS)('for %s', (_name, h, text) => {
    expect(formatDis(fromHex(h))).toBe(text);
  });

  it.each(DIS_ERRORS)('reports %s as pickletools does', (_name, h, message, text) => {
    let err: unknown;
    try {
      formatDis(fromHex(h));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DisassemblyError);
    expect((err as DisassemblyError).message).toBe(message);
    expect((err as DisassemblyError).text).toBe(text);
  });
});

describe('disassemble', () => {
  const ops = disassemble(fromHex(LOCK_PROXY_HEX));
  const at = (pos: number) => ops.find((o) => o.pos === pos)!;

  it('gives positions, extents, names and argument reprs', () => {
    expect(at(0)).toEqual({ pos: 0, end: 2, op: 'PROTO', code: '\\x80', arg: '4', depth: 0 });
    expect(at(13)).toMatchObject({
      end: 39,
      op: 'SHORT_BINUNICODE',
      arg: "'multiprocessing.managers'",
    });
    expect(ops.map((o) => o.op).slice(-3)).toEqual(['TUPLE2', 'MEMOIZE', 'STOP']);
  });

  it('gives memo slots, MARK positions and nesting depth', () => {
    expect(at(39).memo).toBe(0);
    expect(at(58)).toMatchObject({ op: 'BINGET', memo: 0, depth: 1 });
    expect(at(171)).toMatchObject({ op: 'MEMOIZE', memo: 15, depth: 0 });
    expect(at(168)).toMatchObject({ op: 'TUPLE', markAt: 57, depth: 1 });
    expect(at(57)).toMatchObject({ op: 'MARK', depth: 0 });
  });

  it('shows what a failed pickling wrote before the failure', () => {
    let failure: PicklingFailure | null = null;
    try {
      dumps(tuple(0, 1, pyobject(global('multiprocessing.synchronize', 'Lock'), 1)), {
        reduce: () => {
          throw new PyException('RuntimeError', 'Lock objects should only be shared ...');
        },
      });
    } catch (e) {
      failure = e as PicklingFailure;
    }
    const { ops: partialOps, error } = tryDisassemble(failure!.partial);
    expect(partialOps.map((o) => `${o.op} ${o.arg ?? ''}`.trim())).toEqual([
      'PROTO 4',
      'FRAME 4',
      'BININT1 0',
      'BININT1 1',
    ]);
    expect(error).toBe('pickle exhausted before seeing STOP');
    expect(() => disassemble(failure!.partial)).toThrow(DisassemblyError);
  });

  it('only ever throws DisassemblyError, on any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        for (const input of [bytes, Uint8Array.from([0x80, 4, ...bytes])]) {
          try {
            disassemble(input);
          } catch (err) {
            if (!(err instanceof DisassemblyError)) throw err;
          }
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
