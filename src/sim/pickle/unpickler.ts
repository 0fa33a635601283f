/**
 * An unpickler for protocols 2-5: a stack machine over the binary opcodes
 * (everything the pickler writes, plus GLOBAL, BINPUT/LONG_BINPUT, NEWOBJ_EX,
 * TUPLE, LIST, DICT, POP, POP_MARK, DUP, LONG4, BINSTRING, BYTEARRAY8 and the
 * set opcodes).
 *
 * It turns bytes into model values, so what Python would construct by
 * calling a class or function is delegated to hooks (the simulation decides
 * what `RebuildProxy(...)` or `Token.__new__` produce); the defaults build
 * plain PyObjects, described on `UnpicklerHooks`.
 *
 * Model choices:
 * - sets and frozensets (EMPTY_SET, ADDITEMS, FROZENSET) come back as lists:
 *   the object model has no set type;
 * - a bytearray (BYTEARRAY8) comes back as bytes;
 * - an int must fit a JS number exactly (any |n| <= 2**53, and larger ones
 *   that happen to be representable); others are refused;
 * - dict keys keep Python's equality: 1, True and 1.0 are the same key;
 *   a key of tuples nested more than 500 deep is refused (RecursionError)
 *   where CPython would accept it.
 *
 * It never reads out of bounds and never loops (every opcode consumes at
 * least one byte). Malformed input raises `UnpicklingError`, whose `pyType`
 * is what CPython would raise (`_pickle.UnpicklingError`, `EOFError`,
 * `ValueError`, `TypeError`, `UnicodeDecodeError`...). Exceptions thrown by
 * hooks pass through unchanged.
 */

import {
  isDict,
  isGlobal,
  isList,
  isTuple,
  pyobject,
  typeName,
  type PyDict,
  type PyGlobal,
  type PyList,
  type PyObject,
  type PyTuple,
  type PyValue,
} from '../python';
import { decodeLong, decodeUtf8, hex, readUintLE, Utf8DecodeError } from './codec';
import { OP, opcodeInfo } from './opcodes';

export class UnpicklingError extends Error {
  /** The Python exception type CPython raises for the same input. */
  readonly pyType: string;

  constructor(message: string, pyType = '_pickle.UnpicklingError') {
    super(message);
    this.name = 'UnpicklingError';
    this.pyType = pyType;
  }
}

export interface UnpicklerHooks {
  /**
   * `find_class(module, qualname)` for GLOBAL and STACK_GLOBAL; may throw a
   * PyException (e.g. the AttributeError a spawned child raises for a function
   * it cannot find). Default: the PyGlobal itself.
   */
  findGlobal?(module: string, qualname: string): PyValue;
  /**
   * `cls.__new__(cls, *args, **kwargs)` for NEWOBJ / NEWOBJ_EX. Default: a
   * PyObject of `cls` with a fresh address and an empty dict (args ignored,
   * as `object.__new__` ignores them).
   */
  newobj?(cls: PyGlobal, args: PyValue[], kwargs?: PyDict): PyValue;
  /**
   * `callable(*args)` for REDUCE. Default: a PyObject whose class is the
   * callable and whose dict is `{ __args__: (args...) }`, so that tests can see
   * what would have been called.
   */
  reduce?(callable: PyGlobal, args: PyValue[]): PyValue;
  /**
   * BUILD: apply `state` to `obj` (`__setstate__` or a `__dict__` update) and
   * return the object that stays on the stack (normally `obj`, mutated in
   * place so that memo references see the change). Default: for a PyObject,
   * a dict with str keys is assigned into `obj.dict`; a `(dict | None,
   * slots dict)` pair has both merged in; any other state is stored as
   * `obj.dict.__state__`. BUILD on anything but a PyObject raises
   * AttributeError, as it does in CPython for objects without a `__dict__`.
   */
  build?(obj: PyValue, state: PyValue): PyValue;
}

/** `pickle.loads(bytes)`. */
export function loads(bytes: Uint8Array, hooks: UnpicklerHooks = {}): PyValue {
  return new Unpickler(bytes, hooks).load();
}

// ---------------------------------------------------------------------------
// Default hooks

/** Addresses for the objects the default hooks create: unique within a run. */
let nextAddress = 0x7f1000000000;

function freshAddress(): number {
  nextAddress += 0x40;
  return nextAddress;
}

function setAttr(obj: PyObject, key: string, value: PyValue): void {
  // defineProperty, not assignment: a key such as `__proto__` must stay data.
  Object.defineProperty(obj.dict, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

function isStrKeyedDict(v: PyValue): v is PyDict {
  return isDict(v) && v.entries.every(([k]) => typeof k === 'string');
}

function defaultBuild(obj: PyValue, state: PyValue): PyValue {
  if (typeof obj !== 'object' || obj === null || obj instanceof Uint8Array || obj.t !== 'obj') {
    // What CPython's BUILD says when the object has neither __setstate__ nor __dict__.
    throw new UnpicklingError(
      `'${typeName(obj)}' object has no attribute '__dict__'`,
      'AttributeError',
    );
  }
  const assignAll = (d: PyDict): void => {
    for (const [k, v] of d.entries) setAttr(obj, k as string, v);
  };
  if (isStrKeyedDict(state)) {
    assignAll(state);
  } else if (
    isTuple(state) &&
    state.items.length === 2 &&
    (state.items[0] === null || isStrKeyedDict(state.items[0]!)) &&
    isStrKeyedDict(state.items[1]!)
  ) {
    if (state.items[0] !== null) assignAll(state.items[0] as PyDict);
    assignAll(state.items[1] as PyDict);
  } else {
    setAttr(obj, '__state__', state);
  }
  return obj;
}

const DEFAULT_HOOKS: Required<UnpicklerHooks> = {
  findGlobal: (module, qualname) => ({ t: 'global', module, qualname }),
  newobj: (cls) => pyobject(cls, freshAddress()),
  reduce: (callable, args) =>
    pyobject(callable, freshAddress(), { __args__: { t: 'tuple', items: args } }),
  build: defaultBuild,
};

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

const HIGHEST_PROTOCOL = 5;

class Unpickler {
  private pos = 0;
  private readonly stack: PyValue[] = [];
  /** Stack heights at each open MARK; the last is the current fence. */
  private readonly marks: number[] = [];
  /** Memo slots by index (an array: indices are dense, from 0), and how many are filled. */
  private readonly memo: PyValue[] = [];
  private memoCount = 0;
  private readonly hooks: Required<UnpicklerHooks>;
  /**
   * Key index of each dict filled here, for Python's replace-on-equal-key.
   * Made on the first SETITEM(S) (most pickles have none); a Map, not a
   * WeakMap: it dies with this unpickler, and weak tables are slow to collect.
   */
  private dictKeys: Map<PyDict, Map<string, number>> | null = null;

  constructor(
    private readonly data: Uint8Array,
    hooks: UnpicklerHooks,
  ) {
    this.hooks = {
      findGlobal: hooks.findGlobal ?? DEFAULT_HOOKS.findGlobal,
      newobj: hooks.newobj ?? DEFAULT_HOOKS.newobj,
      reduce: hooks.reduce ?? DEFAULT_HOOKS.reduce,
      build: hooks.build ?? DEFAULT_HOOKS.build,
    };
  }

  load(): PyValue {
    for (;;) {
      if (this.pos >= this.data.length) throw new UnpicklingError('Ran out of input', 'EOFError');
      const code = this.data[this.pos++]!;
      if (code === OP.STOP) return this.pop();
      this.step(code);
    }
  }

  // --- reading ----------------------------------------------------------------

  private read(n: number): Uint8Array {
    if (n > this.data.length - this.pos) throw new UnpicklingError('pickle data was truncated');
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private readUint(width: number): number {
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
  private readByte(): number {
    if (this.pos >= this.data.length) throw new UnpicklingError('pickle data was truncated');
    return this.data[this.pos++]!;
  }

  private readInt4(): number {
    return this.readUint(4) | 0;
  }

  /** A newline-terminated line (protocol 0 arguments), without the newline. */
  private readLine(): Uint8Array {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) throw new UnpicklingError('pickle data was truncated');
    const line = this.data.subarray(this.pos, end);
    this.pos = end + 1;
    return line;
  }

  private readStr(n: number): string {
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

  private fence(): number {
    return this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
  }

  private underflow(): UnpicklingError {
    return new UnpicklingError(
      this.marks.length > 0 ? 'unexpected MARK found' : 'unpickling stack underflow',
    );
  }

  private push(v: PyValue): void {
    this.stack.push(v);
  }

  private pop(): PyValue {
    if (this.stack.length <= this.fence()) throw this.underflow();
    return this.stack.pop()!;
  }

  private top(): PyValue {
    if (this.stack.length <= this.fence()) throw this.underflow();
    return this.stack[this.stack.length - 1]!;
  }

  /** Everything above the innermost MARK, which is removed. */
  private popMark(): PyValue[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw new UnpicklingError('could not find MARK');
    return this.stack.splice(mark);
  }

  private popArgsTuple(): PyValue[] {
    const args = this.pop();
    if (!isTuple(args)) throw new UnpicklingError('argument list must be a tuple', 'TypeError');
    return [...args.items];
  }

  /** NEWOBJ / NEWOBJ_EX, checking their arguments in CPython's order. */
  private newobj(op: 'NEWOBJ' | 'NEWOBJ_EX'): void {
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

  private memoGet(idx: number): void {
    const v = this.memo[idx];
    if (v === undefined) throw new UnpicklingError(`Memo value not found at index ${idx}`);
    this.push(v);
  }

  private memoPut(idx: number): void {
    const v = this.top();
    if (this.memo[idx] === undefined) this.memoCount++;
    this.memo[idx] = v;
  }

  // --- containers -------------------------------------------------------------

  private listTarget(op: string): PyList {
    const target = this.top();
    if (!isList(target)) {
      throw new UnpicklingError(`${op} target is a ${typeName(target)}, not a list`, 'TypeError');
    }
    return target;
  }

  private setItems(dict: PyValue, items: PyValue[]): void {
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

  private newDict(items: PyValue[]): PyDict {
    const d: PyDict = { t: 'dict', entries: [] };
    this.setItems(d, items);
    return d;
  }

  private int(value: bigint): number {
    const n = Number(value);
    if (BigInt(n) !== value) {
      throw new UnpicklingError(
        `int ${value} does not fit the model's JS numbers`,
        'OverflowError',
      );
    }
    return n;
  }

  // --- opcodes ----------------------------------------------------------------

  private step(code: number): void {
    switch (code) {
      case OP.PROTO: {
        const proto = this.readByte();
        if (proto > HIGHEST_PROTOCOL) {
          throw new UnpicklingError(`unsupported pickle protocol: ${proto}`, 'ValueError');
        }
        return;
      }
      case OP.FRAME: {
        // Frames only matter for streaming reads; check the promised bytes exist.
        const size = this.readUint(8);
        if (size > this.data.length - this.pos)
          throw new UnpicklingError('pickle data was truncated');
        return;
      }

      case OP.NONE:
        return this.push(null);
      case OP.NEWTRUE:
        return this.push(true);
      case OP.NEWFALSE:
        return this.push(false);
      case OP.BININT:
        return this.push(this.readInt4());
      case OP.BININT1:
        return this.push(this.readByte());
      case OP.BININT2:
        return this.push(this.readUint(2));
      case OP.LONG1:
        return this.push(this.int(decodeLong(this.read(this.readUint(1)))));
      case OP.LONG4: {
        const n = this.readInt4();
        if (n < 0) throw new UnpicklingError('LONG pickle has negative byte count');
        return this.push(this.int(decodeLong(this.read(n))));
      }
      case OP.BINFLOAT: {
        const b = this.read(8);
        return this.push({ t: 'float', v: new DataView(b.buffer, b.byteOffset, 8).getFloat64(0) });
      }

      case OP.SHORT_BINUNICODE:
        return this.push(this.readStr(this.readByte()));
      case OP.BINUNICODE:
        return this.push(this.readStr(this.readUint(4)));
      case OP.BINUNICODE8:
        return this.push(this.readStr(this.readUint(8)));
      case OP.SHORT_BINSTRING:
      case OP.BINSTRING: {
        // Python 2 str, decoded with the default encoding='ASCII'.
        const n = code === OP.SHORT_BINSTRING ? this.readUint(1) : this.readInt4();
        if (n < 0) throw new UnpicklingError('BINSTRING pickle has negative byte count');
        const bytes = this.read(n);
        const bad = bytes.findIndex((b) => b >= 0x80);
        if (bad >= 0) {
          throw new UnpicklingError(
            `'ascii' codec can't decode byte 0x${bytes[bad]!.toString(16)} in position ${bad}: ordinal not in range(128)`,
            'UnicodeDecodeError',
          );
        }
        let text = '';
        for (const b of bytes) text += String.fromCharCode(b);
        return this.push(text);
      }
      case OP.SHORT_BINBYTES:
        return this.push(this.read(this.readUint(1)).slice());
      case OP.BINBYTES:
        return this.push(this.read(this.readUint(4)).slice());
      case OP.BINBYTES8:
      case OP.BYTEARRAY8:
        return this.push(this.read(this.readUint(8)).slice());

      case OP.EMPTY_TUPLE:
        return this.push({ t: 'tuple', items: [] });
      case OP.TUPLE1:
      case OP.TUPLE2:
      case OP.TUPLE3: {
        // The last item is popped first; array literals, not unshift().
        const c = this.pop();
        if (code === OP.TUPLE1) return this.push({ t: 'tuple', items: [c] } satisfies PyTuple);
        const b = this.pop();
        if (code === OP.TUPLE2) return this.push({ t: 'tuple', items: [b, c] } satisfies PyTuple);
        const a = this.pop();
        return this.push({ t: 'tuple', items: [a, b, c] } satisfies PyTuple);
      }
      case OP.TUPLE:
        return this.push({ t: 'tuple', items: this.popMark() });

      case OP.EMPTY_LIST:
      case OP.EMPTY_SET:
        return this.push({ t: 'list', items: [] });
      case OP.LIST:
      case OP.FROZENSET:
        return this.push({ t: 'list', items: this.popMark() });
      case OP.APPEND: {
        const item = this.pop();
        this.listTarget('APPEND').items.push(item);
        return;
      }
      case OP.APPENDS:
      case OP.ADDITEMS: {
        const items = this.popMark();
        const target = this.listTarget(code === OP.APPENDS ? 'APPENDS' : 'ADDITEMS');
        for (const item of items) target.items.push(item);
        return;
      }

      case OP.EMPTY_DICT:
        return this.push({ t: 'dict', entries: [] });
      case OP.DICT:
        return this.push(this.newDict(this.popMark()));
      case OP.SETITEM: {
        const value = this.pop();
        const key = this.pop();
        this.setItems(this.top(), [key, value]);
        return;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        this.setItems(this.top(), items);
        return;
      }

      case OP.MARK:
        this.marks.push(this.stack.length);
        return;
      case OP.POP:
        // A POP with nothing above the innermost MARK discards that MARK (as CPython does).
        if (this.stack.length === this.fence() && this.marks.length > 0) this.marks.pop();
        else this.pop();
        return;
      case OP.POP_MARK:
        this.popMark();
        return;
      case OP.DUP:
        return this.push(this.top());

      case OP.BINGET:
        return this.memoGet(this.readByte());
      case OP.LONG_BINGET:
        return this.memoGet(this.readUint(4));
      case OP.BINPUT:
        return this.memoPut(this.readByte());
      case OP.LONG_BINPUT:
        return this.memoPut(this.readUint(4));
      case OP.MEMOIZE:
        return this.memoPut(this.memoCount);

      case OP.GLOBAL: {
        const module = this.lineStr();
        const qualname = this.lineStr();
        return this.push(this.hooks.findGlobal(module, qualname));
      }
      case OP.STACK_GLOBAL: {
        const qualname = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof qualname !== 'string') {
          throw new UnpicklingError('STACK_GLOBAL requires str');
        }
        return this.push(this.hooks.findGlobal(module, qualname));
      }
      case OP.REDUCE: {
        const args = this.popArgsTuple();
        const callable = this.pop();
        if (!isGlobal(callable)) {
          throw new UnpicklingError(`'${typeName(callable)}' object is not callable`, 'TypeError');
        }
        return this.push(this.hooks.reduce(callable, args));
      }
      case OP.NEWOBJ:
      case OP.NEWOBJ_EX:
        return this.newobj(code === OP.NEWOBJ ? 'NEWOBJ' : 'NEWOBJ_EX');
      case OP.BUILD: {
        const state = this.pop();
        const obj = this.pop();
        return this.push(this.hooks.build(obj, state));
      }

      default: {
        const known = opcodeInfo(code);
        if (known !== undefined) {
          // Protocol 0/1 text opcodes, persistent ids, the extension registry
          // and out-of-band buffers: never written for the values modelled here.
          throw new UnpicklingError(`opcode ${known.name} is not supported by this unpickler`);
        }
        const shown =
          code >= 0x20 && code < 0x7f
            ? String.fromCharCode(code)
            : `\\x${code.toString(16).padStart(2, '0')}`;
        throw new UnpicklingError(`invalid load key, '${shown}'.`);
      }
    }
  }

  private lineStr(): string {
    const line = this.readLine();
    try {
      return decodeUtf8(line);
    } catch (err) {
      if (err instanceof Utf8DecodeError)
        throw new UnpicklingError(err.message, 'UnicodeDecodeError');
      throw err;
    }
  }
}
