/**
 * A pickler that writes the same bytes as CPython 3.11's C pickler
 * (`_pickle.Pickler`, which `multiprocessing.reduction.ForkingPickler.dumps`
 * uses) for every value the object model can express, protocol 4 (3.11's
 * default) or 5 (3.14's default: identical apart from the PROTO byte for
 * these values).
 *
 * Rules reproduced from CPython, each checked byte for byte against it (see
 * pickler.cpython.test.ts):
 * - Framing: see frames.ts.
 * - Memo: see memo.ts.
 * - Lists and dicts are written empty, memoized, then filled in batches of
 *   1000 (APPENDS/SETITEMS after a MARK; a single item uses APPEND/SETITEM).
 *   A dict whose size is a non-zero multiple of 1000 gets one extra empty
 *   `MARK SETITEMS` batch: CPython's dict loop only stops on a short batch.
 */

import {
  PyException,
  type PyDict,
  type PyGlobal,
  type PyList,
  type PyObject,
  type PyTuple,
  type PyValue,
} from '../python';
import { encodeLong, encodeUtf8, reprStr, uintLE } from './codec';
import { Output } from './frames';
import { isInterned, Memo, type Memoizable } from './memo';
import { OP } from './opcodes';
import {
  defaultAddressOf,
  defaultReduce,
  defaultResolveGlobal,
  type PicklerOptions,
  type Reduction,
} from './pickler-options';

export type { PicklerOptions, Reduction } from './pickler-options';

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

const BATCH_SIZE = 1000;
/** `sys.getrecursionlimit()`'s default. */
const RECURSION_LIMIT = 1000;

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
  private readonly memo = new Memo();
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
    if (isInterned(s) && this.memo.lastIs(s)) this.memo.rekeyLast();
  }

  /** One shared str object other than the interned one of the same text (see PyGlobal.names). */
  private saveAliasStr(s: string, kind: string): void {
    const alias = this.memo.alias(kind, s);
    if (this.memoGet(alias)) return;
    this.saveStr(s);
    // Found by value (interned) or in a placeholder slot (not): either way, the alias's now.
    this.memo.rekeyLast(alias);
  }

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

  private isMemoized(v: Memoizable): boolean {
    return this.memo.indexOf(v) !== undefined;
  }

  /** Write BINGET/LONG_BINGET if `v` was memoized; report whether it was. */
  private memoGet(v: Memoizable): boolean {
    const idx = this.memo.indexOf(v);
    if (idx === undefined) return false;
    if (idx < 256) this.out.byte2(OP.BINGET, idx);
    else this.out.byteUint4(OP.LONG_BINGET, idx);
    return true;
  }

  private memoPut(v: Memoizable): void {
    this.memo.put(v);
    this.out.byte(OP.MEMOIZE);
  }
}
