/**
 * The Python object model the simulation works with.
 *
 * Every value a simulated Python process holds is plain, structured-cloneable
 * data: that is what lets `fork` copy a process's memory (a deep copy), lets a
 * Web Worker receive it (structured clone), and lets the pickler turn it into
 * real pickle bytes. Behaviour lives in the code that reads these values
 * (`src/sim/mp`), never inside them.
 *
 * Mapping to Python:
 * - `null` is `None`, `boolean` is `bool`, `number` is `int` (always an
 *   integer here; floats are `PyFloat`), `string` is `str`, `Uint8Array` is
 *   `bytes`;
 * - `PyTuple`, `PyList`, `PyDict` are the containers (a dict keeps insertion
 *   order, as Python's does);
 * - `PyGlobal` is anything pickled *by reference*: a function or class, named
 *   by module and qualified name (`__main__.the_job`,
 *   `multiprocessing.pool.mapstar`);
 * - `PyObject` is an instance of a class: its `cls`, its `id()` (`addr`) and
 *   its `__dict__` (`dict`). Kernel handles appear inside an object's dict as
 *   plain numbers, exactly as CPython stores them (`SemLock.handle`,
 *   `Connection._handle`).
 */

import { reprBytes, reprFloat, reprStr } from './repr';

export type PyValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | PyFloat
  | PyTuple
  | PyList
  | PyDict
  | PyGlobal
  | PyObject;

export interface PyFloat {
  readonly t: 'float';
  readonly v: number;
}

export interface PyTuple {
  readonly t: 'tuple';
  readonly items: readonly PyValue[];
}

export interface PyList {
  readonly t: 'list';
  items: PyValue[];
}

export interface PyDict {
  readonly t: 'dict';
  /** Insertion-ordered entries; keys are hashable values (str, int, tuple...). */
  entries: [PyValue, PyValue][];
}

export interface PyGlobal {
  readonly t: 'global';
  /** `__module__`, e.g. `__main__` or `multiprocessing.managers`. */
  readonly module: string;
  /** `__qualname__`, e.g. `the_job`, `<lambda>`, `outer.<locals>.inner`, `Pool.map`. */
  readonly qualname: string;
  /**
   * Where CPython's pickler gets the two names from, which decides whether a
   * later equal name is the same object (memo): by default both are shared
   * (interned). A C function (`getattr`, `_thread.allocate_lock`) makes its
   * `__qualname__` afresh; a static C type (`list`, `dict`) too, and its
   * `__module__` is the type machinery's own `'builtins'`, another object
   * than the `builtins` module's `__name__` that C functions give.
   */
  readonly names?: 'c-function' | 'c-type';
}

export interface PyObject {
  readonly t: 'obj';
  readonly cls: PyGlobal;
  /** `id(obj)`: a CPython-looking address such as 0x7f56cdc42d40. */
  readonly addr: number;
  /** The instance's `__dict__` (or its slots), in assignment order. */
  dict: Record<string, PyValue>;
}

export const None = null;

export function tuple(...items: PyValue[]): PyTuple {
  return { t: 'tuple', items };
}

export function list(items: PyValue[] = []): PyList {
  return { t: 'list', items };
}

export function dict(entries: [PyValue, PyValue][] = []): PyDict {
  return { t: 'dict', entries };
}

export function float(v: number): PyFloat {
  return { t: 'float', v };
}

export function global(
  module: string,
  qualname: string,
  names?: 'c-function' | 'c-type',
): PyGlobal {
  return names === undefined
    ? { t: 'global', module, qualname }
    : { t: 'global', module, qualname, names };
}

export function pyobject(
  cls: PyGlobal,
  addr: number,
  dict: Record<string, PyValue> = {},
): PyObject {
  return { t: 'obj', cls, addr, dict };
}

export function isTuple(v: PyValue | undefined): v is PyTuple {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.t === 'tuple';
}

export function isList(v: PyValue | undefined): v is PyList {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.t === 'list';
}

export function isDict(v: PyValue | undefined): v is PyDict {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.t === 'dict';
}

export function isGlobal(v: PyValue | undefined): v is PyGlobal {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.t === 'global';
}

export function isObject(v: PyValue | undefined): v is PyObject {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.t === 'obj';
}

export function isInstanceOf(v: PyValue, module: string, qualname: string): v is PyObject {
  return isObject(v) && v.cls.module === module && v.cls.qualname === qualname;
}

/** `type(obj).__name__`, as used in CPython's error messages. */
export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof Uint8Array) return 'bytes';
  switch (v.t) {
    case 'float':
      return 'float';
    case 'tuple':
      return 'tuple';
    case 'list':
      return 'list';
    case 'dict':
      return 'dict';
    case 'global':
      return 'function';
    case 'obj': {
      const dot = v.cls.qualname.lastIndexOf('.');
      return dot < 0 ? v.cls.qualname : v.cls.qualname.slice(dot + 1);
    }
  }
}

/** Python's `repr()` for the values the scenarios print (results, errors). */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return reprStr(v);
  if (v instanceof Uint8Array) return reprBytes(v);
  switch (v.t) {
    case 'float':
      return reprFloat(v.v);
    case 'tuple':
      return v.items.length === 1
        ? `(${pyRepr(v.items[0]!)},)`
        : `(${v.items.map(pyRepr).join(', ')})`;
    case 'list':
      return `[${v.items.map(pyRepr).join(', ')}]`;
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
    case 'global':
      return `<function ${v.qualname} at 0x7f0000000000>`;
    case 'obj':
      return `<${v.cls.module}.${v.cls.qualname} object at 0x${v.addr.toString(16)}>`;
  }
}

/** Structural equality (Python `==` for the value kinds the model uses). */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return (
      a instanceof Uint8Array &&
      b instanceof Uint8Array &&
      a.length === b.length &&
      a.every((x, i) => x === b[i])
    );
  }
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'float':
      return a.v === (b as PyFloat).v;
    case 'tuple':
    case 'list': {
      const bi = (b as PyTuple | PyList).items;
      return a.items.length === bi.length && a.items.every((x, i) => pyEquals(x, bi[i]!));
    }
    case 'dict': {
      const be = (b as PyDict).entries;
      return (
        a.entries.length === be.length &&
        a.entries.every(([k, v]) => be.some(([k2, v2]) => pyEquals(k, k2) && pyEquals(v, v2)))
      );
    }
    case 'global':
      return a.module === (b as PyGlobal).module && a.qualname === (b as PyGlobal).qualname;
    case 'obj':
      return a.addr === (b as PyObject).addr;
  }
}
