/**
 * Pickle opcodes, named exactly as `pickletools` prints them.
 *
 * `OP` holds the byte values the pickler writes and the unpickler reads;
 * `OPCODES` describes every opcode `pickletools` knows (protocols 0..5) with
 * its argument encoding and stack effect, which the disassembler needs to
 * print any valid pickle and to indent MARK blocks the way `pickletools.dis`
 * does.
 */

export const OP = {
  // Protocol 0..1 basics.
  MARK: 0x28, // '('
  STOP: 0x2e, // '.'
  POP: 0x30, // '0'
  POP_MARK: 0x31, // '1'
  DUP: 0x32, // '2'
  NONE: 0x4e, // 'N'
  BININT: 0x4a, // 'J'
  BININT1: 0x4b, // 'K'
  BININT2: 0x4d, // 'M'
  BINFLOAT: 0x47, // 'G'
  BINSTRING: 0x54, // 'T'
  SHORT_BINSTRING: 0x55, // 'U'
  BINUNICODE: 0x58, // 'X'
  EMPTY_TUPLE: 0x29, // ')'
  TUPLE: 0x74, // 't'
  EMPTY_LIST: 0x5d, // ']'
  APPEND: 0x61, // 'a'
  APPENDS: 0x65, // 'e'
  LIST: 0x6c, // 'l'
  EMPTY_DICT: 0x7d, // '}'
  SETITEM: 0x73, // 's'
  SETITEMS: 0x75, // 'u'
  DICT: 0x64, // 'd'
  GLOBAL: 0x63, // 'c'
  REDUCE: 0x52, // 'R'
  BUILD: 0x62, // 'b'
  BINGET: 0x68, // 'h'
  LONG_BINGET: 0x6a, // 'j'
  BINPUT: 0x71, // 'q'
  LONG_BINPUT: 0x72, // 'r'
  // Protocol 2.
  PROTO: 0x80,
  NEWOBJ: 0x81,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  LONG1: 0x8a,
  LONG4: 0x8b,
  // Protocol 3.
  BINBYTES: 0x42, // 'B'
  SHORT_BINBYTES: 0x43, // 'C'
  // Protocol 4.
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE8: 0x8d,
  BINBYTES8: 0x8e,
  EMPTY_SET: 0x8f,
  ADDITEMS: 0x90,
  FROZENSET: 0x91,
  NEWOBJ_EX: 0x92,
  STACK_GLOBAL: 0x93,
  MEMOIZE: 0x94,
  FRAME: 0x95,
  // Protocol 5.
  BYTEARRAY8: 0x96,
} as const;

/** How an opcode's inline argument is encoded (names from `pickletools`). */
export type ArgKind =
  | 'uint1'
  | 'uint2'
  | 'int4'
  | 'uint4'
  | 'uint8'
  | 'long1'
  | 'long4'
  | 'float8'
  | 'string1'
  | 'string4'
  | 'bytes1'
  | 'bytes4'
  | 'bytes8'
  | 'bytearray8'
  | 'unicodestring1'
  | 'unicodestring4'
  | 'unicodestring8'
  // Protocol 0 text arguments, terminated by a newline.
  | 'decimalnl_short'
  | 'decimalnl_long'
  | 'floatnl'
  | 'stringnl'
  | 'stringnl_noescape'
  | 'stringnl_noescape_pair'
  | 'unicodestringnl';

/**
 * A stack slot in `pickletools`' crude stack emulation, by its name there:
 * `mark` is the MARK object, `stackslice` everything above it, the others
 * name the kind of object an opcode pushes (`int`, `str`, `any`...).
 */
export type StackSlot = string;

export interface OpcodeInfo {
  readonly name: string;
  readonly code: number;
  /** The protocol that introduced the opcode. */
  readonly proto: number;
  readonly arg: ArgKind | null;
  /** Stack effect, as `pickletools` declares it. */
  readonly before: readonly StackSlot[];
  readonly after: readonly StackSlot[];
}

function op(
  name: string,
  code: number,
  proto: number,
  arg: ArgKind | null,
  before: StackSlot[],
  after: StackSlot[],
): OpcodeInfo {
  return { name, code, proto, arg, before, after };
}

/** Every opcode `pickletools` (3.11) knows, in its order, as `pickletools.opcodes` lists them. */
export const OPCODES: readonly OpcodeInfo[] = [
  op('INT', 0x49, 0, 'decimalnl_short', [], ['int_or_bool']),
  op('BININT', 0x4a, 1, 'int4', [], ['int']),
  op('BININT1', 0x4b, 1, 'uint1', [], ['int']),
  op('BININT2', 0x4d, 1, 'uint2', [], ['int']),
  op('LONG', 0x4c, 0, 'decimalnl_long', [], ['int']),
  op('LONG1', 0x8a, 2, 'long1', [], ['int']),
  op('LONG4', 0x8b, 2, 'long4', [], ['int']),
  op('STRING', 0x53, 0, 'stringnl', [], ['bytes_or_str']),
  op('BINSTRING', 0x54, 1, 'string4', [], ['bytes_or_str']),
  op('SHORT_BINSTRING', 0x55, 1, 'string1', [], ['bytes_or_str']),
  op('BINBYTES', 0x42, 3, 'bytes4', [], ['bytes']),
  op('SHORT_BINBYTES', 0x43, 3, 'bytes1', [], ['bytes']),
  op('BINBYTES8', 0x8e, 4, 'bytes8', [], ['bytes']),
  op('BYTEARRAY8', 0x96, 5, 'bytearray8', [], ['bytearray']),
  op('NEXT_BUFFER', 0x97, 5, null, [], ['buffer']),
  op('READONLY_BUFFER', 0x98, 5, null, ['buffer'], ['buffer']),
  op('NONE', 0x4e, 0, null, [], ['None']),
  op('NEWTRUE', 0x88, 2, null, [], ['bool']),
  op('NEWFALSE', 0x89, 2, null, [], ['bool']),
  op('UNICODE', 0x56, 0, 'unicodestringnl', [], ['str']),
  op('SHORT_BINUNICODE', 0x8c, 4, 'unicodestring1', [], ['str']),
  op('BINUNICODE', 0x58, 1, 'unicodestring4', [], ['str']),
  op('BINUNICODE8', 0x8d, 4, 'unicodestring8', [], ['str']),
  op('FLOAT', 0x46, 0, 'floatnl', [], ['float']),
  op('BINFLOAT', 0x47, 1, 'float8', [], ['float']),
  op('EMPTY_LIST', 0x5d, 1, null, [], ['list']),
  op('APPEND', 0x61, 0, null, ['list', 'any'], ['list']),
  op('APPENDS', 0x65, 1, null, ['list', 'mark', 'stackslice'], ['list']),
  op('LIST', 0x6c, 0, null, ['mark', 'stackslice'], ['list']),
  op('EMPTY_TUPLE', 0x29, 1, null, [], ['tuple']),
  op('TUPLE', 0x74, 0, null, ['mark', 'stackslice'], ['tuple']),
  op('TUPLE1', 0x85, 2, null, ['any'], ['tuple']),
  op('TUPLE2', 0x86, 2, null, ['any', 'any'], ['tuple']),
  op('TUPLE3', 0x87, 2, null, ['any', 'any', 'any'], ['tuple']),
  op('EMPTY_DICT', 0x7d, 1, null, [], ['dict']),
  op('DICT', 0x64, 0, null, ['mark', 'stackslice'], ['dict']),
  op('SETITEM', 0x73, 0, null, ['dict', 'any', 'any'], ['dict']),
  op('SETITEMS', 0x75, 1, null, ['dict', 'mark', 'stackslice'], ['dict']),
  op('EMPTY_SET', 0x8f, 4, null, [], ['set']),
  op('ADDITEMS', 0x90, 4, null, ['set', 'mark', 'stackslice'], ['set']),
  op('FROZENSET', 0x91, 4, null, ['mark', 'stackslice'], ['frozenset']),
  op('POP', 0x30, 0, null, ['any'], []),
  op('DUP', 0x32, 0, null, ['any'], ['any', 'any']),
  op('MARK', 0x28, 0, null, [], ['mark']),
  op('POP_MARK', 0x31, 1, null, ['mark', 'stackslice'], []),
  op('GET', 0x67, 0, 'decimalnl_short', [], ['any']),
  op('BINGET', 0x68, 1, 'uint1', [], ['any']),
  op('LONG_BINGET', 0x6a, 1, 'uint4', [], ['any']),
  op('PUT', 0x70, 0, 'decimalnl_short', [], []),
  op('BINPUT', 0x71, 1, 'uint1', [], []),
  op('LONG_BINPUT', 0x72, 1, 'uint4', [], []),
  op('MEMOIZE', 0x94, 4, null, ['any'], ['any']),
  op('EXT1', 0x82, 2, 'uint1', [], ['any']),
  op('EXT2', 0x83, 2, 'uint2', [], ['any']),
  op('EXT4', 0x84, 2, 'int4', [], ['any']),
  op('GLOBAL', 0x63, 0, 'stringnl_noescape_pair', [], ['any']),
  op('STACK_GLOBAL', 0x93, 4, null, ['str', 'str'], ['any']),
  op('REDUCE', 0x52, 0, null, ['any', 'any'], ['any']),
  op('BUILD', 0x62, 0, null, ['any', 'any'], ['any']),
  op('INST', 0x69, 0, 'stringnl_noescape_pair', ['mark', 'stackslice'], ['any']),
  op('OBJ', 0x6f, 1, null, ['mark', 'any', 'stackslice'], ['any']),
  op('NEWOBJ', 0x81, 2, null, ['any', 'any'], ['any']),
  op('NEWOBJ_EX', 0x92, 4, null, ['any', 'any', 'any'], ['any']),
  op('PROTO', 0x80, 2, 'uint1', [], []),
  op('STOP', 0x2e, 0, null, ['any'], []),
  op('FRAME', 0x95, 4, 'uint8', [], []),
  op('PERSID', 0x50, 0, 'stringnl_noescape', [], ['any']),
  op('BINPERSID', 0x51, 1, null, ['any'], ['any']),
];

const BY_CODE: ReadonlyMap<number, OpcodeInfo> = new Map(OPCODES.map((o) => [o.code, o]));

/** The opcode for a byte, or undefined if `pickletools` would call it unknown. */
export function opcodeInfo(code: number): OpcodeInfo | undefined {
  return BY_CODE.get(code);
}

/** `pickletools`' name for an opcode byte (`PROTO`, `SHORT_BINUNICODE`...). */
export function opcodeName(code: number): string | undefined {
  return BY_CODE.get(code)?.name;
}
