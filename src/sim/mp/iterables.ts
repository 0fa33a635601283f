/**
 * Iterables as plain data: a list being iterated, or a generator expression
 * of the script (`make_iterator` returns one). CPython holds a generator
 * object; the model holds its state (the arguments, the position and the
 * line it was written on) in the process's heap, so that a Pool's task
 * handler can consume it lazily (imap) and fork can copy it. Each item of
 * the generator is produced inside a `<genexpr>` frame on that line, in
 * whichever thread asks for it.
 */
import { global, tuple, type PyValue } from '../python';
import type { Gen } from '../syscalls';
import { SCRIPT_FILE } from '../cpython';
import type { Py } from './runtime';

export type PyIterable =
  | { readonly kind: 'list'; readonly items: PyValue[]; pos: number }
  | { readonly kind: 'genexpr'; readonly addr: number };

export const GENERATOR = global('builtins', 'generator');

/**
 * `((arg, *extras) for arg in args)`, written on the script's line `line`, as
 * a generator object in this process's heap.
 */
export function makeGenerator(
  py: Py,
  args: PyValue[],
  extras: PyValue[],
  line: number,
): PyIterable {
  const gen = py.register(
    py.newObject(GENERATOR, {
      __model_args: tuple(...args),
      __model_extras: tuple(...extras),
      __model_pos: 0,
      __model_line: line,
    }),
  );
  return { kind: 'genexpr', addr: gen.addr };
}

/** next(it), or undefined on StopIteration. */
export function* nextFromIterable(py: Py, it: PyIterable): Gen<PyValue | undefined> {
  if (it.kind === 'list') {
    if (it.pos >= it.items.length) return undefined;
    return it.items[it.pos++];
  }
  const gen = py.mem.heap.get(it.addr)!;
  const args = (gen.dict['__model_args'] as { items: PyValue[] }).items;
  const extras = (gen.dict['__model_extras'] as { items: PyValue[] }).items;
  const pos = gen.dict['__model_pos'] as number;
  if (pos >= args.length) return undefined;
  gen.dict['__model_pos'] = pos + 1;
  return yield* py.frame(
    SCRIPT_FILE,
    '<genexpr>',
    () => genexprItem(py, args[pos]!, extras),
    gen.dict['__model_line'] as number,
  );
}

// A named generator, not a `function* () {}` closure (see connection.ts's sendBody).
function* genexprItem(py: Py, arg: PyValue, extras: PyValue[]): Gen<PyValue> {
  yield* py.cpu('python');
  return tuple(arg, ...extras);
}
