/**
 * An exception raised by the job inside a Pool worker, on its way back to the
 * parent (pool.py): the worker catches it (`except Exception as e`), wraps it
 * in an `ExceptionWithTraceback` that holds the worker's traceback as text,
 * and sends `(job, i, (False, wrapped))` to the result handler. Pickling the
 * wrapper writes `rebuild_exc(exc, tb)`; unpickling it in the parent makes the
 * exception again with `__cause__ = RemoteTraceback(tb)` (pool.ts registers
 * rebuild_exc), which is what the parent prints above its own traceback when
 * `get()` raises it.
 */
import {
  PyException,
  formatTraceback,
  global,
  isObject,
  isTuple,
  tuple,
  type PyObject,
  type PyValue,
} from '../python';
import { C } from './classes';
import type { Reduction } from '../pickle';
import type { Py } from './runtime';

/**
 * `ExceptionWithTraceback(e, e.__traceback__)`: the exception object and its
 * traceback's text (`wrapped`), and that traceback line by line (`lines`).
 */
export function exceptionWithTraceback(
  py: Py,
  error: PyException,
): { wrapped: PyObject; lines: string[] } {
  const lines = formatTraceback(error, py.config.python);
  // traceback.format_exception(...) joined, inside '\n"""\n%s"""'.
  const tb = `\n"""\n${lines.join('\n')}\n"""`;
  const name = /has no attribute '(\w+)'$/.exec(error.pyMessage)?.[1];
  const exc = py.newObject(global('builtins', error.pyType, 'c-type'), {
    args: tuple(error.pyMessage),
    ...(error.pyType === 'AttributeError' && name !== undefined ? { name } : {}),
  });
  return { wrapped: py.newObject(C.ExceptionWithTraceback, { exc, tb }), lines };
}

/** A builtin exception instance as the model holds one: its class and `args`. */
export function isExceptionObject(v: PyValue): boolean {
  return isObject(v) && v.cls.module === 'builtins' && isTuple(v.dict['args']);
}

/** ExceptionWithTraceback.__reduce__: `(rebuild_exc, (self.exc, self.tb))`. */
export function reduceExceptionWithTraceback(obj: PyObject): Reduction {
  return { kind: 'reduce', callable: C.rebuild_exc, args: [obj.dict['exc']!, obj.dict['tb']!] };
}

/**
 * BaseException.__reduce__: `(type(self), self.args)`, and in 3.12+ an
 * AttributeError adds its state, `{'name': …, 'args': self.args}` (its `obj`
 * is left out: gh-103352), the one args tuple written once and referred to.
 */
export function reduceException(py: Py, obj: PyObject): Reduction {
  const args = obj.dict['args'];
  if (!isTuple(args)) throw new Error('an exception object without args');
  const name = obj.dict['name'];
  const withState = py.config.python !== '3.11' && typeof name === 'string';
  return {
    kind: 'reduce',
    callable: obj.cls,
    args: [...args.items],
    argsTuple: args,
    ...(withState
      ? {
          state: {
            t: 'dict',
            entries: [
              ['name', name],
              ['args', args],
            ],
          },
        }
      : {}),
  };
}

/** What the parent raises for a worker's `(False, exc)`: the exception, its cause the worker's traceback. */
export function remoteError(value: PyValue): PyException {
  if (!isObject(value) || !isExceptionObject(value)) {
    return new PyException('Exception', String(value));
  }
  const message = (value.dict['args'] as { items: PyValue[] }).items[0];
  const error = new PyException(value.cls.qualname, typeof message === 'string' ? message : '');
  const cause = value.dict['__cause__'];
  if (isObject(cause) && typeof cause.dict['tb'] === 'string') {
    error.cause = new PyException('multiprocessing.pool.RemoteTraceback', cause.dict['tb']);
  }
  return error;
}
