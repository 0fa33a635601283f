/**
 * A pickle disassembler mirroring `pickletools.dis` (CPython 3.11): the same
 * opcode names, argument reprs, "(MARK at N)" / "(as N)" notes, MARK-block
 * indentation, column layout and sanity checks, so the UI can show learners
 * exactly what `python -m pickletools` would.
 *
 * Known differences: the arguments of protocol 0 text opcodes (STRING,
 * UNICODE, INT...) are decoded with a simplified escape decoder, and whether
 * a non-ASCII character is printable (kept as is in a str repr, or escaped)
 * follows the JS engine's Unicode tables rather than Python 3.11's (they only
 * differ for characters assigned after Unicode 14).
 */

import { decodeLong, decodeUtf8, reprBytes, reprFloat, reprStr, Utf8DecodeError } from './codec';
import { opcodeInfo, type ArgKind, type OpcodeInfo } from './opcodes';

export interface DisOp {
  /** Offset of the opcode byte. */
  pos: number;
  /** Offset just past the opcode's argument (the op covers `pos..end-1`). */
  end: number;
  /** `pickletools`' name: PROTO, FRAME, SHORT_BINUNICODE, MEMOIZE... */
  op: string;
  /** The opcode byte as pickletools prints it: `\x80`, `K`, `(`... */
  code: string;
  /** `repr(arg)` as pickletools prints it, or null for opcodes without one. */
  arg: string | null;
  /**
   * The memo slot the opcode stores into (MEMOIZE: the "(as N)" index;
   * BINPUT, LONG_BINPUT, PUT) or reads from (BINGET, LONG_BINGET, GET).
   */
  memo?: number;
  /** For opcodes that consume a MARK (TUPLE, APPENDS, SETITEMS...): where it was. */
  markAt?: number;
  /** MARK nesting level: pickletools indents the name by 4 spaces per level. */
  depth: number;
}

/** Malformed pickle; `ops` and `text` hold what was disassembled before the problem. */
export class DisassemblyError extends Error {
  constructor(
    message: string,
    readonly ops: DisOp[],
    readonly text: string,
  ) {
    super(message);
    this.name = 'DisassemblyError';
  }
}

/** The opcodes of a pickle, up to and including STOP, as `pickletools.dis` sees them. */
export function disassemble(bytes: Uint8Array): DisOp[] {
  const result = run(bytes);
  if (result.error !== null) throw new DisassemblyError(result.error, result.ops, result.text);
  return result.ops;
}

/**
 * Like `disassemble`, but returns what could be read instead of throwing: for
 * the `partial` bytes of a failed pickling, which have no STOP.
 */
export function tryDisassemble(bytes: Uint8Array): { ops: DisOp[]; error: string | null } {
  const { ops, error } = run(bytes);
  return { ops, error };
}

/** The text `pickletools.dis(bytes)` prints, ending with its "highest protocol" line. */
export function formatDis(bytes: Uint8Array): string {
  const result = run(bytes);
  if (result.error !== null) throw new DisassemblyError(result.error, result.ops, result.text);
  return result.text;
}

// ---------------------------------------------------------------------------

interface Arg {
  repr: string;
  /** The numeric value, for memo indices. */
  index?: number;
}

/** An opcode argument pickletools cannot read (missing bytes, bad text...). */
class BadArgument extends Error {}

class Reader {
  pos = 0;
  constructor(private readonly data: Uint8Array) {}

  get remaining(): number {
    return this.data.length - this.pos;
  }

  take(n: number): Uint8Array {
    const out = this.data.subarray(this.pos, this.pos + Math.min(n, this.remaining));
    this.pos += out.length;
    return out;
  }

  /** A little-endian unsigned integer; exact (as a bigint) even for uint8. */
  uint(width: number, what: string): bigint {
    if (this.remaining < width) throw new BadArgument(`not enough data in stream to read ${what}`);
    let v = 0n;
    for (let k = width - 1; k >= 0; k--) v = (v << 8n) | BigInt(this.data[this.pos + k]!);
    this.pos += width;
    return v;
  }

  /** A count or index that must fit a JS number (bigger ones cannot be satisfied anyway). */
  size(width: number, what: string): number {
    const v = this.uint(width, what);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }

  /** `f.readline()` that must end with a newline; returns it without. */
  line(what: string): Uint8Array {
    const nl = this.data.indexOf(0x0a, this.pos);
    if (nl < 0) {
      this.pos = this.data.length;
      throw new BadArgument(`no newline found when trying to read ${what}`);
    }
    const out = this.data.subarray(this.pos, nl);
    this.pos = nl + 1;
    return out;
  }

  counted(n: number, what: string): Uint8Array {
    const got = this.take(n);
    if (got.length !== n) {
      throw new BadArgument(`expected ${n} bytes in a ${what}, but only ${got.length} remain`);
    }
    return got;
  }
}

function utf8(data: Uint8Array): string {
  try {
    return decodeUtf8(data);
  } catch (err) {
    if (err instanceof Utf8DecodeError) throw new BadArgument(err.message);
    throw err;
  }
}

function latin1(data: Uint8Array): string {
  let s = '';
  for (const b of data) s += String.fromCharCode(b);
  return s;
}

/** `int(line)` for the decimal arguments of INT/LONG/GET/PUT. */
function parseDecimal(line: Uint8Array): bigint {
  const t = latin1(line).trim().replace(/_/g, '');
  if (!/^[+-]?\d+$/.test(t)) {
    throw new BadArgument(`invalid literal for int() with base 10: ${reprBytes(line)}`);
  }
  return BigInt(t);
}

const SIMPLE_ESCAPES = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['v', '\v'],
  ['\n', ''],
]);

/** `codecs.escape_decode(data)[0].decode('ascii')`, for STRING and GLOBAL lines. */
function escapeDecodeAscii(data: Uint8Array): string {
  const text = latin1(data);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[++i]!;
    const simple = SIMPLE_ESCAPES.get(next);
    if (simple !== undefined) out += simple;
    else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i))![0];
      out += String.fromCharCode(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else out += '\\' + next;
  }
  const bad = [...out].findIndex((c) => c.charCodeAt(0) >= 0x80);
  if (bad >= 0) {
    throw new BadArgument(
      `'ascii' codec can't decode byte 0x${out.charCodeAt(bad).toString(16)} in position ${bad}: ordinal not in range(128)`,
    );
  }
  return out;
}

/** `str(data, 'raw-unicode-escape')`. */
function rawUnicodeEscape(data: Uint8Array): string {
  const text = latin1(data);
  return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4: string, u8: string) =>
    String.fromCodePoint(parseInt(u4 ?? u8, 16)),
  );
}

function readArg(r: Reader, kind: ArgKind): Arg {
  switch (kind) {
    case 'uint1':
    case 'uint2':
    case 'uint4':
    case 'uint8': {
      const v = r.uint({ uint1: 1, uint2: 2, uint4: 4, uint8: 8 }[kind], kind);
      return { repr: v.toString(), index: Number(v) };
    }
    case 'int4': {
      const v = BigInt.asIntN(32, r.uint(4, kind));
      return { repr: v.toString(), index: Number(v) };
    }
    case 'long1':
    case 'long4': {
      const n =
        kind === 'long1' ? r.size(1, 'uint1') : Number(BigInt.asIntN(32, r.uint(4, 'int4')));
      if (n < 0) throw new BadArgument(`long4 byte count < 0: ${n}`);
      const data = r.take(n);
      if (data.length !== n) throw new BadArgument(`not enough data in stream to read ${kind}`);
      return { repr: decodeLong(data).toString() };
    }
    case 'float8': {
      if (r.remaining < 8) throw new BadArgument('not enough data in stream to read float8');
      const b = r.take(8);
      return { repr: reprFloat(new DataView(b.buffer, b.byteOffset, 8).getFloat64(0)) };
    }
    case 'string1':
    case 'string4': {
      const n =
        kind === 'string1' ? r.size(1, 'uint1') : Number(BigInt.asIntN(32, r.uint(4, 'int4')));
      if (n < 0) throw new BadArgument(`string4 byte count < 0: ${n}`);
      return { repr: reprStr(latin1(r.counted(n, kind))) };
    }
    case 'bytes1':
    case 'bytes4':
    case 'bytes8':
    case 'bytearray8': {
      const width = { bytes1: 1, bytes4: 4, bytes8: 8, bytearray8: 8 }[kind];
      const n = r.size(width, `uint${width}`);
      const repr = reprBytes(r.counted(n, kind));
      return { repr: kind === 'bytearray8' ? `bytearray(${repr})` : repr };
    }
    case 'unicodestring1':
    case 'unicodestring4':
    case 'unicodestring8': {
      const width = { unicodestring1: 1, unicodestring4: 4, unicodestring8: 8 }[kind];
      const n = r.size(width, `uint${width}`);
      return { repr: reprStr(utf8(r.counted(n, kind))) };
    }
    case 'decimalnl_short': {
      const line = r.line('stringnl');
      const text = latin1(line);
      if (text === '00') return { repr: 'False' };
      if (text === '01') return { repr: 'True' };
      const v = parseDecimal(line);
      return { repr: v.toString(), index: Number(v) };
    }
    case 'decimalnl_long': {
      const line = r.line('stringnl');
      const digits = line[line.length - 1] === 0x4c ? line.subarray(0, -1) : line;
      return { repr: parseDecimal(digits).toString() };
    }
    case 'floatnl': {
      const line = r.line('stringnl');
      const text = latin1(line).trim();
      const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
      const v = special
        ? special[2]!.toLowerCase() === 'nan'
          ? NaN
          : special[1] === '-'
            ? -Infinity
            : Infinity
        : Number(text);
      if (text === '' || (Number.isNaN(v) && !special) || /^0x/i.test(text)) {
        throw new BadArgument(`could not convert string to float: ${reprBytes(line)}`);
      }
      return { repr: reprFloat(v) };
    }
    case 'stringnl': {
      const line = r.line('stringnl');
      const q = line[0];
      if (q !== 0x22 && q !== 0x27)
        throw new BadArgument(`no string quotes around ${reprBytes(line)}`);
      if (line.length < 2 || line[line.length - 1] !== q) {
        throw new BadArgument(
          `strinq quote ${reprBytes(Uint8Array.of(q))} not found at both ends of ${reprBytes(line)}`,
        );
      }
      return { repr: reprStr(escapeDecodeAscii(line.subarray(1, line.length - 1))) };
    }
    case 'stringnl_noescape':
      return { repr: reprStr(escapeDecodeAscii(r.line('stringnl'))) };
    case 'stringnl_noescape_pair': {
      const module = escapeDecodeAscii(r.line('stringnl'));
      const name = escapeDecodeAscii(r.line('stringnl'));
      return { repr: reprStr(`${module} ${name}`) };
    }
    case 'unicodestringnl':
      return { repr: reprStr(rawUnicodeEscape(r.line('unicodestringnl'))) };
  }
}

/** `repr(opcode.code)[1:-1]`. */
function codeRepr(code: number): string {
  if (code >= 0x20 && code < 0x7f) return code === 0x5c ? '\\\\' : String.fromCharCode(code);
  return '\\x' + code.toString(16).padStart(2, '0');
}

interface RunResult {
  ops: DisOp[];
  text: string;
  error: string | null;
}

const MEMO_STORES = new Set(['PUT', 'BINPUT', 'LONG_BINPUT', 'MEMOIZE']);
const MEMO_LOADS = new Set(['GET', 'BINGET', 'LONG_BINGET']);

/** `pickletools.dis`, step by step: genops plus its stack and memo emulation. */
function run(bytes: Uint8Array): RunResult {
  const r = new Reader(bytes);
  const ops: DisOp[] = [];
  let text = '';
  /** Slot names, as pickletools tracks them ('mark' for MARKs). */
  const stack: string[] = [];
  const memo = new Map<number, string>();
  const markstack: number[] = [];
  let maxproto = -1;

  const fail = (message: string): RunResult => ({ ops, text, error: message });

  for (;;) {
    const pos = r.pos;
    if (r.remaining === 0) return fail('pickle exhausted before seeing STOP');
    const byte = r.take(1)[0]!;
    const info: OpcodeInfo | undefined = opcodeInfo(byte);
    if (info === undefined) {
      return fail(`at position ${pos}, opcode ${reprBytes(Uint8Array.of(byte))} unknown`);
    }
    let arg: Arg | null = null;
    if (info.arg !== null) {
      try {
        arg = readArg(r, info.arg);
      } catch (err) {
        if (err instanceof BadArgument) return fail(err.message);
        throw err;
      }
    }

    const op: DisOp = {
      pos,
      end: r.pos,
      op: info.name,
      code: codeRepr(byte),
      arg: arg?.repr ?? null,
      depth: markstack.length,
    };
    maxproto = Math.max(maxproto, info.proto);
    let after: readonly string[] = info.after;
    let numtopop = info.before.length;
    let markmsg: string | null = null;
    let errormsg: string | null = null;

    if (
      info.before.includes('mark') ||
      (info.name === 'POP' && stack.length > 0 && stack[stack.length - 1] === 'mark')
    ) {
      const markpos = markstack.pop();
      if (markpos !== undefined) {
        markmsg = `(MARK at ${markpos})`;
        op.markAt = markpos;
        while (stack.length > 0 && stack[stack.length - 1] !== 'mark') stack.pop();
        if (stack.length === 0) errormsg = 'MARK expected on the stack but not found';
        stack.pop();
        const idx = info.before.indexOf('mark');
        numtopop = idx >= 0 ? idx : 0;
      } else {
        errormsg = markmsg = 'no MARK exists on stack';
      }
    }

    if (MEMO_STORES.has(info.name)) {
      let idx: number;
      if (info.name === 'MEMOIZE') {
        idx = memo.size;
        markmsg = `(as ${idx})`;
      } else {
        idx = arg!.index!;
      }
      op.memo = idx;
      if (memo.has(idx)) errormsg = `memo key ${arg?.repr ?? 'None'} already defined`;
      else if (stack.length === 0) errormsg = "stack is empty -- can't store into memo";
      else if (stack[stack.length - 1] === 'mark') errormsg = "can't store markobject in the memo";
      else memo.set(idx, stack[stack.length - 1]!);
    } else if (MEMO_LOADS.has(info.name)) {
      const idx = arg!.index!;
      op.memo = idx;
      if (memo.has(idx)) after = [memo.get(idx)!];
      else errormsg = `memo key ${arg!.repr} has never been stored into`;
    }

    let line = `${String(pos).padStart(5)}: ${op.code.padEnd(4)} ${' '.repeat(4 * op.depth)}${info.name}`;
    if (arg !== null || markmsg !== null) {
      line += ' '.repeat(Math.max(0, 10 - info.name.length));
      if (arg !== null) line += ' ' + arg.repr;
      if (markmsg !== null) line += ' ' + markmsg;
    }
    text += line + '\n';
    ops.push(op);
    if (errormsg !== null) return fail(errormsg);

    if (stack.length < numtopop) {
      return fail(`tries to pop ${numtopop} items from stack with only ${stack.length} items`);
    }
    stack.length -= numtopop;
    if (after.includes('mark')) markstack.push(pos);
    stack.push(...after);

    if (info.name === 'STOP') break;
  }

  text += `highest protocol among opcodes = ${maxproto}\n`;
  if (stack.length > 0) return fail(`stack not empty after STOP: [${stack.join(', ')}]`);
  return { ops, text, error: null };
}
