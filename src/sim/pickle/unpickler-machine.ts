/**
 * The unpickler's machine: the input it reads, its stack with MARK fences,
 * its memo, and the containers it fills (dict keys compared with Python's
 * equality). unpickler.ts runs the opcodes on it.
 */

import {
  isDict,
  isGlobal,
  isList,
  isTuple,
  typeName,
  type PyDict,
  type PyList,
  type PyValue,
} from '../python';
import { decodeUtf8, hex, readUintLE, Utf8DecodeError } from './codec';
import { DEFAULT_HOOKS, UnpicklingError, type UnpicklerHooks } from './unpickler-hooks';

// ---------------------------------------------------------------------------
// Dict keys with Python's equality

const MAX_KEY_DEPTH = 500;
const identityKeys = new WeakMap<object, number>();
let nextIdentityKey = 0;

function identityKey(o: object): string {
  let k = identityKeys.get(o);
  if (k === undefined) {
    k = nextIdentityKey++;
    identityKeys.set(o, k);
  }
  return `#${k}`;
}

/** A string equal for exactly the keys Python's dict would consider equal. */
function hashKey(v: PyValue, depth = 0): string {
  if (depth > MAX_KEY_DEPTH) {
    throw new UnpicklingError(
      'maximum recursion depth exceeded while hashing a key',
      'RecursionError',
    );
  }
  if (v === null) return 'N';
  if (typeof v === 'boolean') return v ? 'i1' : 'i0';
  if (typeof v === 'number') return `i${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof Uint8Array) return `b${hex(v)}`;
  switch (v.t) {
    case 'float':
      if (Number.isInteger(v.v)) return `i${v.v}`;
      // NaN is only equal to itself (the same object).
      return Number.isNaN(v.v) ? identityKey(v) : `f${v.v}`;
    case 'tuple':
      return `(${v.items.map((x) => JSON.stringify(hashKey(x, depth + 1))).join(',')})`;
    case 'global':
      return `g${v.module} ${v.qualname}`;
    case 'obj':
      return identityKey(v);
    case 'list':
    case 'dict':
      throw new UnpicklingError(`unhashable type: '${v.t}'`, 'TypeError');
  }
}

// ---------------------------------------------------------------------------
// Short ASCII strings, decoded once

/**
 * The strings of multiprocessing's pickles recur in every message (module
 * and class names, method names, manager addresses): a short ASCII str is
 * looked up by a hash of its bytes instead of being decoded again, and the
 * same string object comes back each time. Bounded: cleared when full.
 */
const INTERNED = new Map<number, string>();
const MAX_INTERNED = 64;
const INTERNED_CAPACITY = 4096;

/** The str of `n` ASCII bytes at `data[pos]`, or null when one is not ASCII. */
function internAscii(data: Uint8Array, pos: number, n: number): string | null {
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) {
    const b = data[pos + i]!;
    if (b >= 0x80) return null;
    h = Math.imul(h ^ b, 0x01000193);
  }
  const known = INTERNED.get(h);
  if (known !== undefined && known.length === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = known.charCodeAt(i) === data[pos + i];
    if (same) return known;
  }
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(data[pos + i]!);
  if (INTERNED.size >= INTERNED_CAPACITY) INTERNED.clear();
  INTERNED.set(h, s);
  return s;
}

// ---------------------------------------------------------------------------

export class UnpicklerMachine {
  protected pos = 0;
  protected readonly stack: PyValue[] = [];
  /** Stack heights at each open MARK; the last is the current fence. */
  protected readonly marks: number[] = [];
  /** Memo slots by index (an array: indices are dense, from 0), and how many are filled. */
  protected readonly memo: PyValue[] = [];
  protected memoCount = 0;
  protected readonly hooks: Required<UnpicklerHooks>;
  /**
   * Key index of each dict filled here, for Python's replace-on-equal-key.
   * Made on the first SETITEM(S) (most pickles have none); a Map, not a
   * WeakMap: it dies with this unpickler, and weak tables are slow to collect.
   */
  protected dictKeys: Map<PyDict, Map<string, number>> | null = null;

  constructor(
    protected readonly data: Uint8Array,
    hooks: UnpicklerHooks,
  ) {
    this.hooks = {
      findGlobal: hooks.findGlobal ?? DEFAULT_HOOKS.findGlobal,
      newobj: hooks.newobj ?? DEFAULT_HOOKS.newobj,
      reduce: hooks.reduce ?? DEFAULT_HOOKS.reduce,
      build: hooks.build ?? DEFAULT_HOOKS.build,
    };
  }

  // --- reading ----------------------------------------------------------------

  protected read(n: number): Uint8Array {
    if (n > this.data.length - this.pos) throw new UnpicklingError('pickle data was truncated');
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  protected readUint(width: number): number {
    const at = this.pos;
    if (width > this.data.length - at) throw new UnpicklingError('pickle data was truncated');
    this.pos += width;
    if (width === 8) {
      // Sizes beyond 2**48 cannot be satisfied by any input here anyway.
      const high = readUintLE(this.data, at + 6, 2);
      return high > 0 ? Number.MAX_SAFE_INTEGER : readUintLE(this.data, at, 6);
    }
    return readUintLE(this.data, at, width);
  }

  /** One byte (a 1-byte argument): readUint(1) without the general case. */
  protected readByte(): number {
    if (this.pos >= this.data.length) throw new UnpicklingError('pickle data was truncated');
    return this.data[this.pos++]!;
  }

  protected readInt4(): number {
    return this.readUint(4) | 0;
  }

  /** A newline-terminated line (protocol 0 arguments), without the newline. */
  protected readLine(): Uint8Array {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) throw new UnpicklingError('pickle data was truncated');
    const line = this.data.subarray(this.pos, end);
    this.pos = end + 1;
    return line;
  }

  protected readStr(n: number): string {
    if (n <= MAX_INTERNED && n <= this.data.length - this.pos) {
      const s = internAscii(this.data, this.pos, n);
      if (s !== null) {
        this.pos += n;
        return s;
      }
    }
    const bytes = this.read(n);
    try {
      return decodeUtf8(bytes);
    } catch (err) {
      if (err instanceof Utf8DecodeError)
        throw new UnpicklingError(err.message, 'UnicodeDecodeError');
      throw err;
    }
  }

  // --- the stack --------------------------------------------------------------

  protected fence(): number {
    return this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
  }

  protected underflow(): UnpicklingError {
    return new UnpicklingError(
      this.marks.length > 0 ? 'unexpected MARK found' : 'unpickling stack underflow',
    );
  }

  protected push(v: PyValue): void {
    this.stack.push(v);
  }

  protected pop(): PyValue {
    if (this.stack.length <= this.fence()) throw this.underflow();
    return this.stack.pop()!;
  }

  protected top(): PyValue {
    if (this.stack.length <= this.fence()) throw this.underflow();
    return this.stack[this.stack.length - 1]!;
  }

  /** Everything above the innermost MARK, which is removed. */
  protected popMark(): PyValue[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw new UnpicklingError('could not find MARK');
    return this.stack.splice(mark);
  }

  protected popArgsTuple(): PyValue[] {
    const args = this.pop();
    if (!isTuple(args)) throw new UnpicklingError('argument list must be a tuple', 'TypeError');
    return [...args.items];
  }

  /** NEWOBJ / NEWOBJ_EX, checking their arguments in CPython's order. */
  protected newobj(op: 'NEWOBJ' | 'NEWOBJ_EX'): void {
    const kwargs = op === 'NEWOBJ_EX' ? this.pop() : null;
    const args = this.pop();
    const cls = this.pop();
    if (!isGlobal(cls)) {
      throw new UnpicklingError(`${op} class argument must be a type, not ${typeName(cls)}`);
    }
    if (!isTuple(args)) {
      throw new UnpicklingError(`${op} args argument must be a tuple, not ${typeName(args)}`);
    }
    if (op === 'NEWOBJ_EX' && !isDict(kwargs)) {
      throw new UnpicklingError(`${op} kwargs argument must be a dict, not ${typeName(kwargs)}`);
    }
    const result = isDict(kwargs)
      ? this.hooks.newobj(cls, [...args.items], kwargs)
      : this.hooks.newobj(cls, [...args.items]);
    this.push(result);
  }

  protected memoGet(idx: number): void {
    const v = this.memo[idx];
    if (v === undefined) throw new UnpicklingError(`Memo value not found at index ${idx}`);
    this.push(v);
  }

  protected memoPut(idx: number): void {
    const v = this.top();
    if (this.memo[idx] === undefined) this.memoCount++;
    this.memo[idx] = v;
  }

  // --- containers -------------------------------------------------------------

  protected listTarget(op: string): PyList {
    const target = this.top();
    if (!isList(target)) {
      throw new UnpicklingError(`${op} target is a ${typeName(target)}, not a list`, 'TypeError');
    }
    return target;
  }

  protected setItems(dict: PyValue, items: PyValue[]): void {
    if (!isDict(dict)) {
      throw new UnpicklingError(`SETITEM target is a ${typeName(dict)}, not a dict`, 'TypeError');
    }
    if (items.length % 2 !== 0) throw new UnpicklingError('odd number of items for SETITEMS');
    this.dictKeys ??= new Map();
    let keys = this.dictKeys.get(dict);
    if (keys === undefined) {
      keys = new Map();
      for (let i = 0; i < dict.entries.length; i++) keys.set(hashKey(dict.entries[i]![0]), i);
      this.dictKeys.set(dict, keys);
    }
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i]!;
      const value = items[i + 1]!;
      const h = hashKey(key);
      const at = keys.get(h);
      // Python keeps the first key object and its position, replacing the value.
      if (at !== undefined) dict.entries[at]![1] = value;
      else {
        keys.set(h, dict.entries.length);
        dict.entries.push([key, value]);
      }
    }
  }

  protected newDict(items: PyValue[]): PyDict {
    const d: PyDict = { t: 'dict', entries: [] };
    this.setItems(d, items);
    return d;
  }

  protected int(value: bigint): number {
    const n = Number(value);
    if (BigInt(n) !== value) {
      throw new UnpicklingError(
        `int ${value} does not fit the model's JS numbers`,
        'OverflowError',
      );
    }
    return n;
  }
}
