/**
 * The pickler's errors as CPython 3.14 raises them, compared with a real 3.14:
 * the interpreter of the devDependency Pyodide (node_modules/pyodide, which
 * reports 3.14.2) pickles the same shapes, and each exception's type, message
 * and notes ("when serializing tuple item 1" …) must be the model's. The
 * first case is the shape of a Pool task that carries a plain Lock: the
 * refusal the page is about, as 3.14 prints it.
 *
 * Slow-ish (Pyodide loads in a few seconds), so one load for every case.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dict,
  global,
  list,
  pyobject,
  PyException,
  tuple,
  type PyObject,
  type PyValue,
} from '../python';
import { dumps, PicklingFailure, type Reduction } from './pickler';
import { defaultReduce } from './pickler-options';

/** A plain multiprocessing object's `__getstate__`: `RuntimeError` outside spawning. */
const BAD = global('__main__', 'Bad');
const bad = (addr: number): PyObject => pyobject(BAD, addr);
const refuse = (obj: PyObject): Reduction => {
  if (obj.cls === BAD) throw new PyException('RuntimeError', 'no');
  if (obj.cls.qualname === 'R') return { kind: 'reduce', callable: obj.cls, args: [1, bad(9)] };
  if (obj.cls.qualname === 'C1') {
    return { kind: 'reduce', callable: global('__main__', '<lambda>'), args: [] };
  }
  return defaultReduce(obj);
};

/** Each case: the Python that builds the value in 3.14, and the model's value. */
const CASES: { name: string; python: string; value: PyValue }[] = [
  {
    name: 'a Pool task with a plain Lock in its first item',
    python: '(0, 0, mapstar, ((the_job, ((0, Bad(), 3), (1, None, 3))),), {})',
    value: tuple(
      0,
      0,
      global('__main__', 'mapstar'),
      tuple(tuple(global('__main__', 'the_job'), tuple(tuple(0, bad(1), 3), tuple(1, null, 3)))),
      dict(),
    ),
  },
  { name: 'a list item', python: '[1, Bad()]', value: list([1, bad(2)]) },
  {
    name: 'a dict value',
    python: "{'a': 1, 'k': Bad()}",
    value: dict([
      ['a', 1],
      ['k', bad(3)],
    ]),
  },
  {
    name: "an object's state",
    python: 'Holder()',
    value: pyobject(global('__main__', 'Holder'), 4, { a: 1, b: bad(5) }),
  },
  {
    name: "an object's reconstructor arguments",
    python: 'R()',
    value: pyobject(global('__main__', 'R'), 6),
  },
  {
    name: "an object's reconstructor",
    python: 'C1()',
    value: pyobject(global('__main__', 'C1'), 7),
  },
  {
    name: 'a local function',
    python: '(1, local)',
    value: tuple(1, global('__main__', 'mk.<locals>.g')),
  },
  { name: 'a lambda', python: '(1, f)', value: tuple(1, global('__main__', '<lambda>')) },
];

const PYTHON_SETUP = `
import pickle
class Bad:
    def __getstate__(self): raise RuntimeError('no')
class Holder:
    def __init__(self): self.a = 1; self.b = Bad()
class R:
    def __reduce__(self): return (R, (1, Bad()))
f = lambda: 0
class C1:
    def __reduce__(self): return (f, ())
def mk():
    def g(): pass
    return g
local = mk()
def mapstar(args): pass
def the_job(args): pass
`;

interface Raised {
  readonly type: string;
  readonly message: string;
  readonly notes: readonly string[];
}

/** Heap addresses differ run to run: `0x…` stands for any. */
const anyAddress = (s: string): string => s.replace(/0x[0-9a-f]+/g, '0x…');

let cpython: Raised[] = [];
let release = '';

beforeAll(async () => {
  const { loadPyodide } = await import('pyodide');
  const py = await loadPyodide();
  py.runPython(PYTHON_SETUP);
  release = py.runPython('import sys; sys.version.split()[0]') as string;
  const json = py.runPython(`
import json
out = []
for value in [${CASES.map((c) => c.python).join(', ')}]:
    try:
        pickle.dumps(value, protocol=5)
        out.append(None)
    except Exception as e:
        name = type(e).__qualname__
        if type(e).__module__ not in ('builtins', '__main__'):
            name = type(e).__module__ + '.' + name
        out.append({'type': name, 'message': str(e), 'notes': getattr(e, '__notes__', [])})
json.dumps(out)
`) as string;
  cpython = (JSON.parse(json) as Raised[]).map((r) => ({ ...r, message: anyAddress(r.message) }));
}, 120_000);

function modelRaises(value: PyValue): Raised {
  try {
    dumps(value, { protocol: 5, python: '3.14', reduce: refuse });
  } catch (error) {
    if (!(error instanceof PicklingFailure)) throw error;
    const e = error.exception;
    return { type: e.pyType, message: anyAddress(e.pyMessage), notes: [...e.notes] };
  }
  throw new Error('the model pickled it');
}

describe('pickling errors as CPython 3.14 raises them (Pyodide)', () => {
  it('runs a 3.14 interpreter', () => {
    expect(release).toMatch(/^3\.14\./);
  });

  CASES.forEach((c, i) => {
    it(c.name, () => {
      expect(modelRaises(c.value)).toEqual(cpython[i]);
    });
  });

  it('before 3.14 there are no notes, and 3.13 gets a local object rather than pickling it', () => {
    const raised = (python: string, value: PyValue) => {
      try {
        dumps(value, { python, reduce: refuse });
      } catch (error) {
        const e = (error as PicklingFailure).exception;
        return `${e.text}${e.notes.length ? ` + ${e.notes.length} notes` : ''}`;
      }
      return 'pickled';
    };
    // Seen under 3.11.7, 3.12.1 and 3.13.0 here (pyenv).
    expect(raised('3.11', CASES[0]!.value)).toBe('RuntimeError: no');
    expect(raised('3.12', CASES[6]!.value)).toBe(
      "AttributeError: Can't pickle local object 'mk.<locals>.g'",
    );
    expect(raised('3.13', CASES[6]!.value)).toBe(
      "AttributeError: Can't get local object 'mk.<locals>.g'",
    );
  });
});
