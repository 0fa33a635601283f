/**
 * The marker lines under a traceback's source line, as CPython printed them
 * for these statements (3.11.7, 3.12.1, 3.13.0 on this machine, a function
 * raising from inside the call): 3.13 skips the markers for `return f(...)`
 * and for `x = <a call>` with `x` a plain name, but not for `self.x = ...`
 * nor `return self.f(...)` (traceback.py's `_should_show_carets`, the same
 * in the 3.14.2 that Pyodide ships).
 */
import { describe, expect, it } from 'vitest';
import { caretLine } from './carets';

const CASES: [statement: string, before313: string | null, from313: string | null][] = [
  ['x = boom(1, 2)', '    ^^^^^^^^^^', null],
  ['c.x = boom(1)', '      ^^^^^^^', '      ~~~~^^^'],
  ['return boom(3)', '       ^^^^^^^', null],
  ['return c.f(4)', '       ^^^^^^', '       ~~~^^^'],
  ['x = c.f(5)', '    ^^^^^^', null],
  ['boom(6)', null, '~~~~^^^'],
];

describe('caretLine', () => {
  it.each(CASES)('%s', (statement, before313, from313) => {
    expect(caretLine('3.11', statement)).toBe(before313);
    expect(caretLine('3.12', statement)).toBe(before313);
    expect(caretLine('3.13', statement)).toBe(from313);
    expect(caretLine('3.14', statement)).toBe(from313);
  });
});
