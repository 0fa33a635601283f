/**
 * What a pickler is told about the values it cannot see into: how an object
 * reduces, whether a global can be found by name, and where the call stands.
 * The defaults are what CPython does for plain instances and module globals.
 */

import type { PyGlobal, PyObject, PyTuple, PyValue } from '../python';

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
  | {
      kind: 'reduce';
      callable: PyGlobal;
      args: PyValue[];
      state?: PyValue;
      /**
       * The arguments as the one tuple object the state also holds, so that the
       * state's copy is a memo reference: BaseException.__reduce__ in 3.12+
       * returns `(type, self.args, {..., 'args': self.args})`.
       */
      argsTuple?: PyTuple;
    };

export interface PicklerOptions {
  /** 4 (CPython 3.8-3.13's default) or 5 (3.14's). */
  protocol?: 4 | 5;
  /**
   * The minor version whose pickler errors to imitate ('3.11' by default):
   * 3.13 words a local object's error anew, and 3.14 words both of save_global's
   * errors anew and adds exception notes (see pickler.ts's module comment).
   */
  python?: string;
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
  /**
   * Strs that are one object wherever this process holds them, so that a
   * second occurrence in one pickle is a memo reference although the text does
   * not look interned: a Manager's address, which every Token of that Manager
   * refers to (`Token(typeid, self._address, id)`). Default: none.
   */
  sharedStrings?: readonly string[];
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

export function defaultResolveGlobal(g: PyGlobal): boolean {
  return !g.qualname.includes('<lambda>') && !g.qualname.includes('<locals>');
}

export function defaultReduce(obj: PyObject): Reduction {
  const entries = Object.entries(obj.dict);
  return {
    kind: 'newobj',
    cls: obj.cls,
    args: [],
    state: entries.length === 0 ? null : { t: 'dict', entries },
  };
}

/** A fixed-looking CPython heap address, different for each global. */
export function defaultAddressOf(g: PyGlobal): number {
  let h = 0x811c9dc5;
  for (const ch of `${g.module}.${g.qualname}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return 0x7f0000000000 + (h % 0x10000000) * 0x10;
}
