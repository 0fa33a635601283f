/**
 * The marker line CPython prints under a traceback's source line (PEP 657):
 * which part of the line was executing when the exception passed through.
 *
 * 3.11 and 3.12 underline the executing expression with `^`, and print
 * nothing when it is the whole line. 3.13 and later mark a call's callee with
 * `~` and its argument list with `^`, even when that is the whole line, but
 * not for `return f(...)` with `f` a plain name, or `x = <a call>` with `x`
 * a plain name (not `self.x`), the call covering the rest of the statement
 * (traceback.py's `_should_show_carets`). `raise`
 * statements get no marker.
 *
 * The model only meets simple lines here: an expression statement, an
 * assignment or a return whose value is a call, or a raise.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
  /** Where the argument list of the call starts (the `(`), if the span is a call. */
  readonly paren: number | null;
}

/**
 * The executing span of `text` (a stripped source line). `expr`, when given,
 * names the sub-expression that was running (for a call nested in another).
 */
export function executingSpan(text: string, expr?: string): Span | null {
  if (/^raise\b/.test(text)) return null;
  let start: number;
  if (expr !== undefined) {
    start = text.indexOf(expr);
    if (start < 0) return null;
  } else {
    const prefix = /^(return\s+|[A-Za-z_][\w.]*\s*=\s*)/.exec(text);
    start = prefix ? prefix[0].length : 0;
  }
  const end = expr !== undefined ? start + expr.length : text.length;
  const body = text.slice(start, end);
  return { start, end, paren: body.endsWith(')') ? start + openingParen(body) : null };
}

/** Index of the `(` matching a string's final `)`. */
function openingParen(body: string): number {
  let depth = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    if (body[i] === ')') depth++;
    else if (body[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

/** The marker line (without the 4-space indent), or null when CPython prints none. */
export function caretLine(version: string, text: string, expr?: string): string | null {
  const span = executingSpan(text, expr);
  if (span === null) return null;
  const pad = ' '.repeat(span.start);
  if (version === '3.11' || version === '3.12') {
    if (span.start === 0 && span.end === text.length) return null;
    return pad + '^'.repeat(span.end - span.start);
  }
  const callee = text.slice(span.start, span.paren ?? span.end);
  // The statement without a trailing comment: `x = f(...)  # note` is still all `f(...)`.
  const statementEnd = text.replace(/\s+#.*$/, '').length;
  const wholeValue = span.end === statementEnd && span.start > 0;
  // `return f(...)` with `f` a name; `x = <any call>` with `x` a name (not `self.x`).
  const isCall = span.paren !== null && span.paren >= 0;
  const plainStatement = /^return\b/.test(text)
    ? /^[A-Za-z_]\w*$/.test(callee)
    : /^[A-Za-z_]\w*\s*=[^=]/.test(text);
  if (wholeValue && isCall && plainStatement) return null;
  if (span.paren === null || span.paren < 0) {
    return span.start === 0 && span.end === text.length
      ? null
      : pad + '^'.repeat(span.end - span.start);
  }
  return pad + '~'.repeat(span.paren - span.start) + '^'.repeat(span.end - span.paren);
}
