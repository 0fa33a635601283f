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
 *
 * Errors, by release (3.11.7, 3.12.1 and 3.13.0 run here; 3.14 in the
 * devDependency Pyodide, whose interpreter reports 3.14.2):
 * - A global whose qualname has `<locals>`: AttributeError "Can't pickle local
 *   object 'q'" (3.11, 3.12), "Can't get local object 'q'" (3.13); 3.14:
 *   `_pickle.PicklingError: Can't pickle local object <function q at 0x…>`.
 * - A global not found by name: `_pickle.PicklingError: Can't pickle <function
 *   q at 0x…>: attribute lookup q on m failed`; 3.14: "…: it's not found as
 *   m.q", raised while handling the lookup's AttributeError, which 3.14 prints
 *   first ("During handling of the above exception…") and the model does not:
 *   the page offers no document that pickles such a function.
 * - 3.14 adds a note to the exception at each container it unwinds through
 *   (`_PyErr_FormatNote` in _pickle.c), innermost first: "when serializing
 *   tuple item 1" (and list item), "when serializing dict item 'k'" (a value;
 *   a key's error gets none), and for an object "when serializing T
 *   reconstructor" / "T class" / "T reconstructor arguments" / "T state"
 *   followed by "when serializing T object", T its type's qualified name. The
 *   reduction itself raising (a `__getstate__`'s RuntimeError) gets no note of
 *   its own object.
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

/** `pickle.dumps(value, protocol)` with the C pickler of CPython 3.11 (or `options.python`). */
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
const PICKLING_ERROR = '_pickle.PicklingError';

/** 11 for '3.11'. */
function minorOf(python: string): number {
  return Number(python.split('.')[1] ?? 11);
}

/** `%T`: a type's qualified name, without the module for builtins and __main__. */
function qualifiedName(cls: PyGlobal): string {
  return cls.module === 'builtins' || cls.module === '__main__'
    ? cls.qualname
    : `${cls.module}.${cls.qualname}`;
}

/** `%R` of a dict key: the keys the model writes are str (and, rarely, int). */
function reprKey(key: PyValue): string {
  return typeof key === 'string' ? reprStr(key) : String(key);
}

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
  private readonly sharedStrings: readonly string[] | null;
  private readonly python: string;
  /** 3.14+: notes on an exception as it passes each container (see the module comment). */
  private readonly notes: boolean;
  private readonly memo = new Memo();
  /** Python's recursion depth: the caller's frames plus CPython's recursion guards entered so far. */
  private depth: number;

  constructor(options: PicklerOptions) {
    this.protocol = options.protocol ?? 4;
    this.resolveGlobal = options.resolveGlobal ?? defaultResolveGlobal;
    this.reduce = options.reduce ?? defaultReduce;
    this.addressOf = options.addressOf ?? defaultAddressOf;
    this.context = options.context;
    this.sharedStrings = options.sharedStrings?.length ? options.sharedStrings : null;
    this.depth = options.stackDepth ?? 2;
    this.python = options.python ?? '3.11';
    this.notes = minorOf(this.python) >= 14;
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
    if (typeof v === 'string') {
      if (this.sharedStrings?.includes(v)) return this.saveAliasStr(v, 'shared');
      return isInterned(v) && this.memoGet(v) ? undefined : this.saveStr(v);
    }
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
      for (let k = 0; k < n; k++) this.saveItem(t.items[k]!, 'tuple', k);
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
      for (let k = 0; k < n; k++) this.saveItem(t.items[k]!, 'tuple', k);
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
      this.saveItem(items[0]!, 'list', 0);
      this.out.byte(OP.APPEND);
      return;
    }
    let done = 0;
    while (done < items.length) {
      this.out.byte(OP.MARK);
      const end = Math.min(done + BATCH_SIZE, items.length);
      for (; done < end; done++) this.saveItem(items[done]!, 'list', done);
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
      this.saveValue(entries[0]!);
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
        this.saveValue(entries[done]!);
        done++;
        batch++;
      }
      this.out.byte(OP.SETITEMS);
    } while (batch === BATCH_SIZE);
  }

  private saveGlobal(g: PyGlobal): void {
    const minor = minorOf(this.python);
    const fn = () => `<function ${g.qualname} at 0x${this.addressOf(g).toString(16)}>`;
    // CPython checks the dotted path for <locals> before importing anything.
    if (g.qualname.split('.').includes('<locals>')) {
      if (minor >= 14) throw new PyException(PICKLING_ERROR, `Can't pickle local object ${fn()}`);
      const verb = minor >= 13 ? 'get' : 'pickle';
      throw new PyException('AttributeError', `Can't ${verb} local object ${reprStr(g.qualname)}`);
    }
    if (!this.resolveGlobal(g)) {
      throw new PyException(
        PICKLING_ERROR,
        minor >= 14
          ? `Can't pickle ${fn()}: it's not found as ${g.module}.${g.qualname}`
          : `Can't pickle ${fn()}: attribute lookup ${g.qualname} on ${g.module} failed`,
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
    if (r.kind === 'newobj') this.saveOf(obj, 'class', r.cls);
    else this.saveOf(obj, 'reconstructor', r.callable);
    const args = r.kind === 'reduce' && r.argsTuple !== undefined ? r.argsTuple : null;
    this.saveOf(obj, 'reconstructor arguments', args ?? { t: 'tuple', items: r.args });
    this.out.byte(r.kind === 'newobj' ? OP.NEWOBJ : OP.REDUCE);
    // Reached again through its own arguments: keep the first copy.
    if (this.isMemoized(obj)) {
      this.out.byte(OP.POP);
      this.memoGet(obj);
      return;
    }
    this.memoPut(obj);
    if (r.state !== undefined && r.state !== null) {
      this.saveOf(obj, 'state', r.state);
      this.out.byte(OP.BUILD);
    }
  }

  // --- 3.14's notes -----------------------------------------------------------

  /** Item `k` of a tuple or list: "when serializing tuple item 1". */
  private saveItem(v: PyValue, container: 'tuple' | 'list', k: number): void {
    if (!this.notes) return this.save(v);
    this.noting(v, () => [`when serializing ${container} item ${k}`]);
  }

  /** A dict's value (its key's error gets no note): "when serializing dict item 'k'". */
  private saveValue([key, value]: readonly [PyValue, PyValue]): void {
    if (!this.notes) return this.save(value);
    this.noting(value, () => [`when serializing dict item ${reprKey(key)}`]);
  }

  /** A part of an object's reduction: "when serializing T state", then "… T object". */
  private saveOf(obj: PyObject, part: string, v: PyValue): void {
    if (!this.notes) return this.save(v);
    const type = qualifiedName(obj.cls);
    this.noting(v, () => [`when serializing ${type} ${part}`, `when serializing ${type} object`]);
  }

  private noting(v: PyValue, notes: () => string[]): void {
    try {
      this.save(v);
    } catch (error) {
      if (error instanceof PyException) error.notes.push(...notes());
      throw error;
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
