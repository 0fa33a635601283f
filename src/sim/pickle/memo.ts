/**
 * The pickler's memo: which values have been written, by memo index, so that
 * a second occurrence becomes BINGET/LONG_BINGET instead of a second copy.
 *
 * Every str, bytes, non-empty tuple, list, dict, global and object is
 * memoized (MEMOIZE) after it is written. CPython memoizes by identity; this
 * model memoizes containers, bytes and objects by JS identity. A JS string
 * has no identity, so a str is found again by value only when CPython would
 * hold one object for it: identifiers and dotted module names (interned:
 * names, attribute names, `__module__`), the empty string and one character
 * (singletons). Other equal strings, such as `dir` and `orig_dir` in the
 * preparation data, are separate objects in CPython and are written again
 * (each still takes a memo slot). Globals are found again by name.
 */

import type { PyFloat, PyGlobal, PyValue } from '../python';

/** The values CPython memoizes (everything but None, bools, ints, floats and ()). */
export type Memoizable = Exclude<PyValue, null | boolean | number | PyFloat>;

/** Memo entries searched one by one; beyond this many they are indexed in Maps. */
const MEMO_SCAN_MAX = 32;

/** Strings CPython holds as one object wherever they appear (see the module comment). */
const INTERNED = /^(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?$/;

export function isInterned(s: string): boolean {
  return s.length <= 1 || INTERNED.test(s);
}

function isGlobalValue(v: Memoizable): v is PyGlobal {
  return typeof v === 'object' && !(v instanceof Uint8Array) && v.t === 'global';
}

/** A key no value can equal: the slot of an object CPython would not share. */
function unmatchable(): Memoizable {
  return { t: 'list', items: [] } as Memoizable;
}

export class Memo {
  /**
   * What was memoized, by memo index: str by value, bytes, containers and
   * objects by identity, globals by name. Searched in place while short (a
   * message memoizes a dozen things; Maps per dumps() were a real cost), then
   * indexed in `byValue` and `globals`.
   */
  private readonly keys: Memoizable[] = [];
  private byValue: Map<Memoizable, number> | null = null;
  private globals: Map<string, Map<string, number>> | null = null;
  /** Shared str objects other than the interned one of the same text, by kind and text. */
  private readonly aliases = new Map<string, Memoizable>();

  /** The memo index of `v`, if it was memoized. */
  indexOf(v: Memoizable): number | undefined {
    const g = isGlobalValue(v) ? v : null;
    if (this.byValue !== null) {
      return g !== null ? this.globals!.get(g.module)?.get(g.qualname) : this.byValue.get(v);
    }
    const keys = this.keys;
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

  /** Takes the next slot for `v` (the caller writes MEMOIZE). */
  put(v: Memoizable): void {
    // A str CPython would not share takes a slot no later value can match.
    if (typeof v === 'string' && !isInterned(v)) v = unmatchable();
    const idx = this.keys.length;
    this.keys.push(v);
    if (this.byValue !== null) this.index(v, idx);
    else if (idx + 1 === MEMO_SCAN_MAX) {
      this.byValue = new Map();
      this.globals = new Map();
      for (let i = 0; i <= idx; i++) this.index(this.keys[i]!, i);
    }
  }

  /** Whether the last slot taken is the str `s` found by value (an interned one). */
  lastIs(s: string): boolean {
    return this.keys[this.keys.length - 1] === s;
  }

  /**
   * Gives the last slot taken a new key: what was found by it no longer is
   * (an earlier slot with the same str keeps matching it).
   */
  rekeyLast(key: Memoizable = unmatchable()): void {
    const idx = this.keys.length - 1;
    const old = this.keys[idx]!;
    this.keys[idx] = key;
    if (this.byValue === null) return;
    this.byValue.delete(old);
    this.byValue.set(key, idx);
    if (typeof old === 'string') {
      const earlier = this.keys.indexOf(old);
      if (earlier >= 0) this.byValue.set(old, earlier);
    }
  }

  /** The key standing for one shared str object of this kind and text (see PyGlobal.names). */
  alias(kind: string, s: string): Memoizable {
    const key = `${kind}:${s}`;
    let alias = this.aliases.get(key);
    if (alias === undefined) this.aliases.set(key, (alias = unmatchable()));
    return alias;
  }

  private index(v: Memoizable, idx: number): void {
    if (isGlobalValue(v)) {
      let byName = this.globals!.get(v.module);
      if (byName === undefined) this.globals!.set(v.module, (byName = new Map()));
      byName.set(v.qualname, idx);
    } else this.byValue!.set(v, idx);
  }
}
