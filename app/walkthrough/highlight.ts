/**
 * A small Python tokenizer for the code panel's colours: keywords, builtins,
 * strings (prefixed, triple-quoted, spanning lines), comments, numbers,
 * decorators and the names that `def` and `class` define. Pure and
 * line-based: `highlightLines` carries an open triple-quoted string (or a
 * backslash-continued one) from one line to the next, so each line's tokens
 * can be rendered on their own. Anything it does not recognise is plain text;
 * joining a line's token texts always gives the line back.
 */

export type TokenKind =
  'keyword' | 'builtin' | 'string' | 'comment' | 'number' | 'decorator' | 'function' | 'class';

export interface Token {
  /** null: plain text (names, operators, spaces). */
  readonly kind: TokenKind | null;
  readonly text: string;
}

export type Dialect = 'py3' | 'py2';

const KEYWORDS_COMMON = [
  'and',
  'as',
  'assert',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
];

const KEYWORDS: Readonly<Record<Dialect, ReadonlySet<string>>> = {
  py3: new Set([...KEYWORDS_COMMON, 'False', 'None', 'True', 'async', 'await', 'nonlocal']),
  // Python 2: print and exec are statements; True, False and None are names.
  py2: new Set([...KEYWORDS_COMMON, 'print', 'exec']),
};

const BUILTINS_COMMON = [
  'abs',
  'all',
  'any',
  'bool',
  'callable',
  'chr',
  'classmethod',
  'dict',
  'dir',
  'divmod',
  'enumerate',
  'filter',
  'float',
  'format',
  'frozenset',
  'getattr',
  'globals',
  'hasattr',
  'hash',
  'hex',
  'id',
  'input',
  'int',
  'isinstance',
  'issubclass',
  'iter',
  'len',
  'list',
  'locals',
  'map',
  'max',
  'min',
  'next',
  'object',
  'oct',
  'open',
  'ord',
  'pow',
  'property',
  'range',
  'repr',
  'reversed',
  'round',
  'set',
  'setattr',
  'slice',
  'sorted',
  'staticmethod',
  'str',
  'sum',
  'super',
  'tuple',
  'type',
  'vars',
  'zip',
  '__name__',
  'Exception',
  'RuntimeError',
  'StopIteration',
  'ValueError',
  'TypeError',
  'KeyError',
  'IndexError',
  'OSError',
  'EOFError',
];

const BUILTINS: Readonly<Record<Dialect, ReadonlySet<string>>> = {
  py3: new Set([...BUILTINS_COMMON, 'print', 'bytes', 'exec']),
  py2: new Set([
    ...BUILTINS_COMMON,
    'True',
    'False',
    'None',
    'xrange',
    'unicode',
    'long',
    'raw_input',
    'basestring',
    'reduce',
    'file',
  ]),
};

/** What is still open at the end of a line. */
interface Open {
  /** The closing delimiter: `"""`, `'''`, or a single quote for a backslash-continued string. */
  readonly quote: string;
  readonly raw: boolean;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?)[jJlL]?/y;
const STRING_PREFIX = /(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?(?=['"])/y;
const DECORATOR = /@[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;

/**
 * Reads a string body from `start` (just after the opening quote) up to and
 * including its closing `quote`. Returns where it ended and whether it closed;
 * an unclosed single-quoted string that ends in a backslash continues on the
 * next line, any other unclosed single-quoted string ends with the line.
 */
function scanString(
  line: string,
  start: number,
  quote: string,
  raw: boolean,
): { end: number; open: Open | null } {
  let i = start;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      // Even in a raw string a backslash keeps the next quote from closing it.
      if (i + 1 >= line.length) return { end: line.length, open: { quote, raw } };
      i += 2;
      continue;
    }
    if (line.startsWith(quote, i)) return { end: i + quote.length, open: null };
    i += 1;
  }
  return { end: line.length, open: quote.length === 3 ? { quote, raw } : null };
}

/** Tokens of one line, given what the previous line left open; and what this one leaves open. */
function tokenizeLine(
  line: string,
  open: Open | null,
  dialect: Dialect,
): { tokens: Token[]; open: Open | null } {
  const tokens: Token[] = [];
  let plain = '';
  const push = (kind: TokenKind | null, text: string) => {
    if (text === '') return;
    if (kind === null) {
      plain += text;
      return;
    }
    if (plain !== '') {
      tokens.push({ kind: null, text: plain });
      plain = '';
    }
    tokens.push({ kind, text });
  };

  let i = 0;
  if (open) {
    const { end, open: still } = scanString(line, 0, open.quote, open.raw);
    push('string', line.slice(0, end));
    if (still) {
      if (plain !== '') tokens.push({ kind: null, text: plain });
      return { tokens, open: still };
    }
    i = end;
  }

  // The name a preceding `def` or `class` is about to define.
  let defining: 'function' | 'class' | null = null;
  const keywords = KEYWORDS[dialect];
  const builtins = BUILTINS[dialect];

  while (i < line.length) {
    const c = line[i]!;

    if (c === '#') {
      push('comment', line.slice(i));
      i = line.length;
      break;
    }

    STRING_PREFIX.lastIndex = i;
    const prefix = STRING_PREFIX.exec(line);
    if (prefix) {
      const q = line[i + prefix[0].length]!;
      const triple = line.startsWith(q.repeat(3), i + prefix[0].length);
      const quote = triple ? q.repeat(3) : q;
      const bodyStart = i + prefix[0].length + quote.length;
      const raw = /[rR]/.test(prefix[0]);
      const { end, open: still } = scanString(line, bodyStart, quote, raw);
      push('string', line.slice(i, end));
      i = end;
      if (still) {
        if (plain !== '') tokens.push({ kind: null, text: plain });
        return { tokens, open: still };
      }
      defining = null;
      continue;
    }

    IDENT.lastIndex = i;
    const ident = IDENT.exec(line);
    if (ident) {
      const word = ident[0];
      if (defining) {
        push(defining, word);
        defining = null;
      } else if (keywords.has(word)) {
        push('keyword', word);
        if (word === 'def') defining = 'function';
        else if (word === 'class') defining = 'class';
      } else if (builtins.has(word) && line[i - 1] !== '.') {
        push('builtin', word);
      } else {
        push(null, word);
      }
      i += word.length;
      continue;
    }

    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(line[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(line);
      if (number && number[0] !== '') {
        push('number', number[0]);
        i += number[0].length;
        continue;
      }
    }

    // A decorator starts a statement: only spaces before it on the line.
    if (c === '@' && line.slice(0, i).trim() === '') {
      DECORATOR.lastIndex = i;
      const decorator = DECORATOR.exec(line);
      if (decorator) {
        push('decorator', decorator[0]);
        i += decorator[0].length;
        continue;
      }
    }

    if (c !== ' ' && c !== '\t') defining = null;
    push(null, c);
    i += 1;
  }
  if (plain !== '') tokens.push({ kind: null, text: plain });
  return { tokens, open: null };
}

/** Every line's tokens, in order; strings may run from one line into the next. */
export function highlightLines(lines: readonly string[], dialect: Dialect = 'py3'): Token[][] {
  const out: Token[][] = [];
  let open: Open | null = null;
  for (const line of lines) {
    const result = tokenizeLine(line, open, dialect);
    out.push(result.tokens);
    open = result.open;
  }
  return out;
}

const caches: Readonly<Record<Dialect, WeakMap<readonly string[], Token[][]>>> = {
  py3: new WeakMap(),
  py2: new WeakMap(),
};

/** `highlightLines`, once per array of lines (scripts are cached, so their arrays are stable). */
export function highlighted(lines: readonly string[], dialect: Dialect = 'py3'): Token[][] {
  const cache = caches[dialect];
  let tokens = cache.get(lines);
  if (!tokens) {
    tokens = highlightLines(lines, dialect);
    cache.set(lines, tokens);
  }
  return tokens;
}
