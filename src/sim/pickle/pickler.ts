/**
 * A pickler that writes the same bytes as CPython 3.11's C pickler
 * (`_pickle.Pickler`, which `multiprocessing.reduction.ForkingPickler.dumps`
 * uses) for every value the object model can express, protocol 4 (3.11's
 * default) or 5 (3.14's default: identical apart from the PROTO byte for
 * these values).
 *
 * Rules reproduced from CPython, each checked byte for byte against it (see
 * pickler.cpython.test.ts):
 * - Framing: PROTO is written outside any frame. A frame opens at the next
 *   write and is closed ("committed") when it holds 64 KiB or more at the
 *   start of saving any object (even None), and at the end after STOP. A
 *   committed frame shorter than 4 bytes loses its FRAME header, so a last
 *   frame of e.g. `N e .` is invisible. A str or bytes payload of 64 KiB or
 *   more is written outside any frame: the open frame is committed first, and
 *   the next write opens a new one.
 * - Memo: every str, bytes, non-empty tuple, list, dict, global and object
 *   is memoized (MEMOIZE) after it is written; a second occurrence becomes
 *   BINGET/LONG_BINGET. CPython memoizes by identity; this model memoizes
 *   containers, bytes and objects by JS identity. A JS string has no
 *   identity, so a str is found again by value only when CPython would
 *   hold one object for it: identifiers and dotted module names (interned:
 *   names, attribute names, `__module__`), the empty string and one
 *   character (singletons). Other equal strings, such as `dir` and
 *   `orig_dir` in the preparation data, are separate objects in CPython and
 *   are written again (each still takes a memo slot).
 * - Lists and dicts are written empty, memoized, then filled in batches of
 *   1000 (APPENDS/SETITEMS after a MARK; a single item uses APPEND/SETITEM).
 *   A dict whose size is a non-zero multiple of 1000 gets one extra empty
 *   `MARK SETITEMS` batch: CPython's dict loop only stops on a short batch.
 */

import {
  PyException,
  type PyDict,
  type PyFloat,
  type PyGlobal,
  type PyList,
  type PyObject,
  type PyTuple,
  type PyValue,
} from '../python';
import { encodeLong, encodeUtf8, reprStr, uintLE } from './codec';
import { OP } from './opcodes';

/**
 * How an object is rebuilt, i.e. what its `__reduce_ex__(protocol)` returned,
 * restricted to the two forms multiprocessing's objects use:
 * - `newobj`: `copyreg.__newobj__` (plain instances, `Token`...), written as
 *   `cls args NEWOBJ`;
 * - `reduce`: any other callable (`RebuildProxy`, `rebuild_connection`...),
 *   written as `callable args REDUCE`.
 * A `state` other than undefined/None is then written and applied by BUILD.
 */
export type Reduction =
  | { kind: 'newobj'; cls: PyGlobal; args: PyValue[]; state?: PyValue }
  | { kind: 'reduce'; callable: PyGlobal; args: PyValue[]; state?: PyValue };

export interface PicklerOptions {
  /** 4 (CPython 3.8-3.13's default) or 5 (3.14's). */
  protocol?: 4 | 5;
  /**
   * Whether `getattr(import(g.module), g.qualname)` finds the global. Defaults
   * to true unless the qualname contains `<lambda>` or `<locals>`. A qualname
   * with `<locals>` is refused whatever this returns, as CPython does.
   */
  resolveGlobal?: (g: PyGlobal) => boolean;
  /**
   * `obj.__reduce_ex__(protocol)`. May throw a PyException (e.g. the
   * RuntimeError of `SemLock.__getstate__`), which the pickler passes on
   * unchanged inside a PicklingFailure. Defaults to `newobj` of `obj.cls`
   * with no arguments and, as state, a dict of `obj.dict` (None if empty):
   * what `object.__reduce_ex__(4)` does for a plain instance.
   */
  reduce?: (obj: PyObject, context: unknown) => Reduction;
  /** `id(g)`, shown in CPython's PicklingError message. */
  addressOf?: (g: PyGlobal) => number;
  /** Passed untouched to `reduce`; the pickler never looks at it. */
  context?: unknown;
  /**
   * Python frames already on the stack when `dumps` is called, which count
   * against the recursion limit (1000) together with the nesting of the value.
   * Default 2: a module-level `ForkingPickler.dumps(...)` call.
   */
  stackDepth?: number;
}

/**
 * Pickling failed: `exception` is what CPython would raise from
 * `ForkingPickler.dumps` (a reducer's exception, unchanged, with its frames;
 * the pickler's own exceptions have no frames). `partial` is what had been
 * written when it failed, with the open frame closed as CPython would close it
 * (its FRAME header filled in, or dropped if under 4 bytes) so that it can be
 * disassembled; it has no STOP. CPython itself discards these bytes.
 */
export class PicklingFailure extends Error {
  readonly exception: PyException;
  readonly partial: Uint8Array;

  constructor(exception: PyException, partial: Uint8Array) {
    super(exception.text);
    this.name = 'PicklingFailure';
    this.exception = exception;
    this.partial = partial;
  }
}

/** `pickle.dumps(value, protocol)` with CPython 3.11's C pickler. */
export function dumps(value: PyValue, options: PicklerOptions = {}): Uint8Array {
  const pickler = new Pickler(options);
  try {
    return pickler.dump(value);
  } catch (err) {
    // Anything but a PyException is a bug in the caller or here: let it show.
    if (!(err instanceof PyException)) throw err;
    throw new PicklingFailure(err, pickler.out.partial());
  } finally {
    pickler.out.release();
  }
}

/** Frames target 64 KiB; big str/bytes payloads bypass frames. */
const FRAME_SIZE_TARGET = 64 * 1024;
/** A frame whose payload is shorter than this gets no FRAME header. */
const FRAME_SIZE_MIN = 4;
const FRAME_HEADER_SIZE = 9;
const BATCH_SIZE = 1000;
/** `sys.getrecursionlimit()`'s default. */
const RECURSION_LIMIT = 1000;

let scratch: Uint8Array | null = new Uint8Array(4096);
const SCRATCH_MAX = 1 << 20;

/** The output buffer with CPython's framing (`_Pickler_Write`, `_Pickler_CommitFrame`). */
class Output {
  private buf: Uint8Array;
  private len = 0;
  /** Where the open frame's reserved header starts, or -1 when no frame is open. */
  private frameStart = -1;
  framing = false;

  constructor() {
    // Reuse one scratch buffer between dumps() calls: `bytes()` copies out of it.
    this.buf = scratch ?? new Uint8Array(256);
    scratch = null;
  }

  /** Hands the buffer back for the next dumps(). */
  release(): void {
    if (this.buf.length <= SCRATCH_MAX) scratch = this.buf;
  }

  write(bytes: ArrayLike<number>): void {
    this.open(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  byte(b: number): void {
    this.open(1);
    this.buf[this.len++] = b;
  }

  /** Two bytes (an opcode and its 1-byte argument), without building an array. */
  byte2(a: number, b: number): void {
    this.open(2);
    this.buf[this.len++] = a;
    this.buf[this.len++] = b;
  }

  /** An opcode and a little-endian 4-byte argument. */
  byteUint4(op: number, n: number): void {
    this.open(5);
    const buf = this.buf;
    buf[this.len++] = op;
    buf[this.len++] = n & 0xff;
    buf[this.len++] = (n >>> 8) & 0xff;
    buf[this.len++] = (n >>> 16) & 0xff;
    buf[this.len++] = (n >>> 24) & 0xff;
  }

  /**
   * SHORT_BINUNICODE of a short all-ASCII str, straight into the buffer:
   * what `payload([op, n], encodeUtf8(s))` writes, without the two arrays.
   */
  asciiStr(op: number, s: string): void {
    const n = s.length;
    this.open(2 + n);
    const buf = this.buf;
    buf[this.len++] = op;
    buf[this.len++] = n;
    for (let i = 0; i < n; i++) buf[this.len++] = s.charCodeAt(i);
  }

  /** Makes room for `n` bytes, opening a frame first when framing and none is open. */
  private open(n: number): void {
    const framed = this.framing && this.frameStart === -1;
    this.reserve(n + (framed ? FRAME_HEADER_SIZE : 0));
    if (framed) {
      this.frameStart = this.len;
      this.len += FRAME_HEADER_SIZE;
    }
  }

  /** A str/bytes payload: large ones go out unframed, between two frames. */
  payload(header: number[], data: Uint8Array): void {
    if (data.length < FRAME_SIZE_TARGET) {
      this.write(header);
      this.write(data);
      return;
    }
    this.commitFrame();
    const framing = this.framing;
    this.framing = false;
    this.write(header);
    this.write(data);
    this.framing = framing;
  }

  /** `_Pickler_OpcodeBoundary`: close the frame once it reaches the target size. */
  boundary(): void {
    if (this.framing && this.frameStart !== -1 && this.frameLength() >= FRAME_SIZE_TARGET) {
      this.commitFrame();
    }
  }

  commitFrame(): void {
    if (!this.framing || this.frameStart === -1) return;
    const frameLen = this.frameLength();
    if (frameLen >= FRAME_SIZE_MIN) {
      this.buf[this.frameStart] = OP.FRAME;
      // The 8-byte little-endian length, written in place (no array per frame).
      let v = frameLen;
      for (let k = 1; k <= 8; k++) {
        this.buf[this.frameStart + k] = v % 256;
        v = Math.floor(v / 256);
      }
    } else {
      this.buf.copyWithin(this.frameStart, this.frameStart + FRAME_HEADER_SIZE, this.len);
      this.len -= FRAME_HEADER_SIZE;
    }
    this.frameStart = -1;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** What has been written so far, with the open frame closed (see PicklingFailure). */
  partial(): Uint8Array {
    this.commitFrame();
    return this.bytes();
  }

  private frameLength(): number {
    return this.len - this.frameStart - FRAME_HEADER_SIZE;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.len));
    this.buf = grown;
  }
}

function defaultResolveGlobal(g: PyGlobal): boolean {
  return !g.qualname.includes('<lambda>') && !g.qualname.includes('<locals>');
}

function defaultReduce(obj: PyObject): Reduction {
  const entries = Object.entries(obj.dict);
  return {
    kind: 'newobj',
    cls: obj.cls,
    args: [],
    state: entries.length === 0 ? null : { t: 'dict', entries },
  };
}

/** A fixed-looking CPython heap address, different for each global. */
function defaultAddressOf(g: PyGlobal): number {
  let h = 0x811c9dc5;
  for (const ch of `${g.module}.${g.qualname}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return 0x7f0000000000 + (h % 0x10000000) * 0x10;
}

/** The values CPython memoizes (everything but None, bools, ints, floats and ()). */
type Memoizable = Exclude<PyValue, null | boolean | number | PyFloat>;

/** Memo entries searched one by one; beyond this many they are indexed in Maps. */
const MEMO_SCAN_MAX = 32;

function isGlobalValue(v: Memoizable): v is PyGlobal {
  return typeof v === 'object' && !(v instanceof Uint8Array) && v.t === 'global';
}

/** Whether every UTF-16 unit of `s` is ASCII (its UTF-8 is then the units themselves). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

class Pickler {
  readonly out = new Output();
  private readonly protocol: 4 | 5;
  private readonly resolveGlobal: (g: PyGlobal) => boolean;
  private readonly reduce: (obj: PyObject, context: unknown) => Reduction;
  private readonly addressOf: (g: PyGlobal) => number;
  private readonly context: unknown;
  /**
   * What was memoized, by memo index: str by value, bytes, containers and
   * objects by identity, globals by name. Searched in place while short (a
   * message memoizes a dozen things; Maps per dumps() were a real cost), then
   * indexed in `memo` and `globalMemo`.
   */
  private readonly memoKeys: Memoizable[] = [];
  private memo: Map<Memoizable, number> | null = null;
  private globalMemo: Map<string, Map<string, number>> | null = null;
  /** Python's recursion depth: the caller's frames plus CPython's recursion guards entered so far. */
  private depth: number;

  constructor(options: PicklerOptions) {
    this.protocol = options.protocol ?? 4;
    this.resolveGlobal = options.resolveGlobal ?? defaultResolveGlobal;
    this.reduce = options.reduce ?? defaultReduce;
    this.addressOf = options.addressOf ?? defaultAddressOf;
    this.context = options.context;
    this.depth = options.stackDepth ?? 2;
  }

  dump(value: PyValue): Uint8Array {
    this.out.byte2(OP.PROTO, this.protocol);
    this.out.framing = true;
    this.save(value);
    this.out.byte(OP.STOP);
    this.out.commitFrame();
    this.out.framing = false;
    return this.out.bytes();
  }

  private save(v: PyValue): void {
    this.out.boundary();
    if (v === null) return this.out.byte(OP.NONE);
    if (typeof v === 'boolean') return this.out.byte(v ? OP.NEWTRUE : OP.NEWFALSE);
    if (typeof v === 'number') return this.saveInt(v);
    if (typeof v === 'string')
      return isInterned(v) && this.memoGet(v) ? undefined : this.saveStr(v);
    if (v instanceof Uint8Array) return this.memoGet(v) ? undefined : this.saveBytes(v);
    if (v.t === 'float') return this.saveFloat(v.v);
    if (this.memoGet(v)) return;

    this.enter();
    try {
      switch (v.t) {
        case 'tuple':
          this.saveTuple(v);
          break;
        case 'list':
          this.saveList(v);
          break;
        case 'dict':
          this.saveDict(v);
          break;
        case 'global':
          this.saveGlobal(v);
          break;
        case 'obj':
          this.saveObject(v);
          break;
      }
    } finally {
      this.depth--;
    }
  }

  /**
   * `Py_EnterRecursiveCall(" while pickling an object")`: CPython enters it
   * once per container, global or object it saves (atoms, str, bytes and memo
   * hits excepted) and once more around the items of a non-empty list or
   * dict, so nested lists hit the limit at half the depth of nested tuples.
   * The caller leaves (`depth--`) in a `finally`.
   */
  private enter(): void {
    if (++this.depth >= RECURSION_LIMIT) {
      // The caller's `finally` will not run: undo the increment here.
      this.depth--;
      throw new PyException(
        'RecursionError',
        'maximum recursion depth exceeded while pickling an object',
      );
    }
  }

  private saveInt(n: number): void {
    if (!Number.isInteger(n)) {
      // The model keeps floats in PyFloat; a fractional number is a bug upstream.
      throw new PyException('TypeError', `int expected, got the non-integer number ${n}`);
    }
    if (n >= -0x80000000 && n <= 0x7fffffff) {
      if (n >= 0 && n <= 0xff) this.out.byte2(OP.BININT1, n);
      else if (n >= 0 && n <= 0xffff) this.out.write([OP.BININT2, n & 0xff, n >> 8]);
      else this.out.byteUint4(OP.BININT, n);
      return;
    }
    const data = encodeLong(BigInt(n));
    if (data.length < 256) this.out.write([OP.LONG1, data.length]);
    else this.out.write([OP.LONG4, ...uintLE(data.length, 4)]);
    this.out.write(data);
  }

  private saveFloat(x: number): void {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setFloat64(0, x, false);
    this.out.write([OP.BINFLOAT]);
    this.out.write(data);
  }

  private saveStr(s: string): void {
    if (s.length <= 0xff && isAscii(s)) {
      this.out.asciiStr(OP.SHORT_BINUNICODE, s);
      this.memoPut(s);
      return;
    }
    const data = encodeUtf8(s);
    const n = data.length;
    if (n <= 0xff) this.out.payload([OP.SHORT_BINUNICODE, n], data);
    else if (n <= 0xffffffff) this.out.payload([OP.BINUNICODE, ...uintLE(n, 4)], data);
    else this.out.payload([OP.BINUNICODE8, ...uintLE(n, 8)], data);
    this.memoPut(s);
  }

  private saveBytes(b: Uint8Array): void {
    const n = b.length;
    if (n <= 0xff) this.out.payload([OP.SHORT_BINBYTES, n], b);
    else if (n <= 0xffffffff) this.out.payload([OP.BINBYTES, ...uintLE(n, 4)], b);
    else this.out.payload([OP.BINBYTES8, ...uintLE(n, 8)], b);
    this.memoPut(b);
  }

  private saveTuple(t: PyTuple): void {
    const n = t.items.length;
    // () is a singleton in CPython: never memoized.
    if (n === 0) return this.out.byte(OP.EMPTY_TUPLE);
    if (n <= 3) {
      for (let k = 0; k < n; k++) this.save(t.items[k]!);
      // A tuple reached again through its own items (via a list) is already
      // memoized: CPython drops the items it pushed and fetches the memo.
      if (this.isMemoized(t)) {
        for (let k = 0; k < n; k++) this.out.byte(OP.POP);
        this.memoGet(t);
        return;
      }
      // TUPLE1, TUPLE2, TUPLE3 are consecutive opcodes.
      this.out.byte(OP.TUPLE1 + n - 1);
    } else {
      this.out.byte(OP.MARK);
      for (let k = 0; k < n; k++) this.save(t.items[k]!);
      if (this.isMemoized(t)) {
        this.out.byte(OP.POP_MARK);
        this.memoGet(t);
        return;
      }
      this.out.byte(OP.TUPLE);
    }
    this.memoPut(t);
  }

  private saveList(list: PyList): void {
    const items = list.items;
    this.out.byte(OP.EMPTY_LIST);
    this.memoPut(list);
    if (items.length === 0) return;
    this.enter();
    try {
      this.listItems(items);
    } finally {
      this.depth--;
    }
  }

  private listItems(items: readonly PyValue[]): void {
    if (items.length === 1) {
      this.save(items[0]!);
      this.out.byte(OP.APPEND);
      return;
    }
    let done = 0;
    while (done < items.length) {
      this.out.byte(OP.MARK);
      const end = Math.min(done + BATCH_SIZE, items.length);
      for (; done < end; done++) this.save(items[done]!);
      this.out.byte(OP.APPENDS);
    }
  }

  private saveDict(d: PyDict): void {
    this.out.byte(OP.EMPTY_DICT);
    this.memoPut(d);
    if (d.entries.length === 0) return;
    this.enter();
    try {
      this.dictItems(d.entries);
    } finally {
      this.depth--;
    }
  }

  private dictItems(entries: readonly [PyValue, PyValue][]): void {
    if (entries.length === 1) {
      this.save(entries[0]![0]);
      this.save(entries[0]![1]);
      this.out.byte(OP.SETITEM);
      return;
    }
    // Mirrors CPython's do { ... } while (batch was full): see the module comment.
    let done = 0;
    let batch: number;
    do {
      this.out.byte(OP.MARK);
      batch = 0;
      while (done < entries.length && batch < BATCH_SIZE) {
        this.save(entries[done]![0]);
        this.save(entries[done]![1]);
        done++;
        batch++;
      }
      this.out.byte(OP.SETITEMS);
    } while (batch === BATCH_SIZE);
  }

  private saveGlobal(g: PyGlobal): void {
    // CPython checks the dotted path for <locals> before importing anything.
    if (g.qualname.split('.').includes('<locals>')) {
      throw new PyException('AttributeError', `Can't pickle local object ${reprStr(g.qualname)}`);
    }
    if (!this.resolveGlobal(g)) {
      const address = '0x' + this.addressOf(g).toString(16);
      throw new PyException(
        '_pickle.PicklingError',
        `Can't pickle <function ${g.qualname} at ${address}>: ` +
          `attribute lookup ${g.qualname} on ${g.module} failed`,
      );
    }
    if (g.names === 'c-type') this.saveAliasStr(g.module, 'c-type-module');
    else this.save(g.module);
    if (g.names === undefined) this.save(g.qualname);
    else this.saveFreshStr(g.qualname);
    this.out.byte(OP.STACK_GLOBAL);
    this.memoPut(g);
  }

  /** A str object CPython makes afresh: written again, in a slot nothing later matches. */
  private saveFreshStr(s: string): void {
    this.saveStr(s);
    // saveStr memoized it by value if it looks interned: make that slot unmatchable.
    const idx = this.memoKeys.length - 1;
    if (isInterned(s) && this.memoKeys[idx] === s) {
      const placeholder = { t: 'list', items: [] } as Memoizable;
      this.memoKeys[idx] = placeholder;
      if (this.memo !== null) {
        this.memo.delete(s);
        this.memo.set(placeholder, idx);
        // An earlier equal interned str keeps its own slot.
        const earlier = this.memoKeys.indexOf(s);
        if (earlier >= 0) this.memo.set(s, earlier);
      }
    }
  }

  /** One shared str object other than the interned one of the same text (see PyGlobal.names). */
  private saveAliasStr(s: string, kind: string): void {
    const key = `${kind}:${s}`;
    let alias = this.aliases.get(key);
    if (alias === undefined)
      this.aliases.set(key, (alias = { t: 'list', items: [] } as Memoizable));
    if (this.memoGet(alias)) return;
    this.saveStr(s);
    const idx = this.memoKeys.length - 1;
    if (this.memoKeys[idx] === s) {
      this.memoKeys[idx] = alias;
      if (this.memo !== null) {
        this.memo.delete(s);
        this.memo.set(alias, idx);
        const earlier = this.memoKeys.indexOf(s);
        if (earlier >= 0) this.memo.set(s, earlier);
      }
    } else {
      // Not interned: saveStr gave it a placeholder slot; name that slot the alias.
      this.memoKeys[idx] = alias;
      if (this.memo !== null) this.memo.set(alias, idx);
    }
  }

  private readonly aliases = new Map<string, Memoizable>();

  private saveObject(obj: PyObject): void {
    const r = this.reduce(obj, this.context);
    if (r.kind === 'newobj') this.save(r.cls);
    else this.save(r.callable);
    this.save({ t: 'tuple', items: r.args });
    this.out.byte(r.kind === 'newobj' ? OP.NEWOBJ : OP.REDUCE);
    // Reached again through its own arguments: keep the first copy.
    if (this.isMemoized(obj)) {
      this.out.byte(OP.POP);
      this.memoGet(obj);
      return;
    }
    this.memoPut(obj);
    if (r.state !== undefined && r.state !== null) {
      this.save(r.state);
      this.out.byte(OP.BUILD);
    }
  }

  // --- memo -----------------------------------------------------------------

  private memoIndex(v: Memoizable): number | undefined {
    const g = isGlobalValue(v) ? v : null;
    if (this.memo !== null) {
      return g !== null ? this.globalMemo!.get(g.module)?.get(g.qualname) : this.memo.get(v);
    }
    const keys = this.memoKeys;
    if (g !== null) {
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (isGlobalValue(k) && k.module === g.module && k.qualname === g.qualname) return i;
      }
      return undefined;
    }
    for (let i = 0; i < keys.length; i++) if (keys[i] === v) return i;
    return undefined;
  }

  private isMemoized(v: Memoizable): boolean {
    return this.memoIndex(v) !== undefined;
  }

  /** Write BINGET/LONG_BINGET if `v` was memoized; report whether it was. */
  private memoGet(v: Memoizable): boolean {
    const idx = this.memoIndex(v);
    if (idx === undefined) return false;
    if (idx < 256) this.out.byte2(OP.BINGET, idx);
    else this.out.byteUint4(OP.LONG_BINGET, idx);
    return true;
  }

  private memoPut(v: Memoizable): void {
    // A str CPython would not share takes a slot no later value can match.
    if (typeof v === 'string' && !isInterned(v)) v = { t: 'list', items: [] } as Memoizable;
    const idx = this.memoKeys.length;
    this.memoKeys.push(v);
    if (this.memo !== null) this.index(v, idx);
    else if (idx + 1 === MEMO_SCAN_MAX) {
      this.memo = new Map();
      this.globalMemo = new Map();
      for (let i = 0; i <= idx; i++) this.index(this.memoKeys[i]!, i);
    }
    this.out.byte(OP.MEMOIZE);
  }

  private index(v: Memoizable, idx: number): void {
    if (isGlobalValue(v)) {
      let byName = this.globalMemo!.get(v.module);
      if (byName === undefined) this.globalMemo!.set(v.module, (byName = new Map()));
      byName.set(v.qualname, idx);
    } else this.memo!.set(v, idx);
  }
}

/** Strings CPython holds as one object wherever they appear (see the memo note above). */
const INTERNED = /^(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?$/;

function isInterned(s: string): boolean {
  return s.length <= 1 || INTERNED.test(s);
}
