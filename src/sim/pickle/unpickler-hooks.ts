/**
 * What the unpickler builds and how it fails: the hooks that stand for what
 * Python would construct by calling a class or function, their defaults (plain
 * PyObjects), and `UnpicklingError`, which carries the Python exception type
 * CPython raises for the same input.
 */

import {
  isDict,
  isTuple,
  pyobject,
  typeName,
  type PyDict,
  type PyGlobal,
  type PyObject,
  type PyValue,
} from '../python';

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

export const DEFAULT_HOOKS: Required<UnpicklerHooks> = {
  findGlobal: (module, qualname) => ({ t: 'global', module, qualname }),
  newobj: (cls) => pyobject(cls, freshAddress()),
  reduce: (callable, args) =>
    pyobject(callable, freshAddress(), { __args__: { t: 'tuple', items: args } }),
  build: defaultBuild,
};
