import { describe, expect, it } from 'vitest';
import { ORIGINAL_PYTHON2 } from '../../src/sim/scenarios';
import { scriptSource } from '../../src/sim/scenarios';
import { resolveConfig } from '../../src/sim/run';
import { highlightLines, highlighted, type Token, type TokenKind } from './highlight';

/** The tokens of one line, as `kind:text` (plain text as is), spaces dropped. */
function show(tokens: readonly Token[]): string[] {
  return tokens
    .filter((t) => t.text.trim() !== '')
    .map((t) => (t.kind === null ? t.text.trim() : `${t.kind}:${t.text}`));
}

function one(line: string, dialect: 'py3' | 'py2' = 'py3'): string[] {
  return show(highlightLines([line], dialect)[0]!);
}

function kinds(tokens: readonly Token[], kind: TokenKind): string[] {
  return tokens.filter((t) => t.kind === kind).map((t) => t.text);
}

describe('highlightLines', () => {
  it('marks keywords, builtins, names and numbers', () => {
    expect(one('    args = list(range(10))')).toEqual([
      'args =',
      'builtin:list',
      '(',
      'builtin:range',
      '(',
      'number:10',
      '))',
    ]);
    expect(one('    while not queue.empty():')).toEqual([
      'keyword:while',
      'keyword:not',
      'queue.empty():',
    ]);
    expect(one('if __name__ == "__main__":')).toEqual([
      'keyword:if',
      'builtin:__name__',
      '==',
      'string:"__main__"',
      ':',
    ]);
  });

  it('names the function a def defines, and the class a class defines', () => {
    expect(one('def scenario_1_pool_no_manager(jobfunc, args, ncores):')).toEqual([
      'keyword:def',
      'function:scenario_1_pool_no_manager',
      '(jobfunc, args, ncores):',
    ]);
    expect(one('class Job(object):')).toEqual([
      'keyword:class',
      'class:Job',
      '(',
      'builtin:object',
      '):',
    ]);
  });

  it('does not take the digits of a name for a number, nor a method for a builtin', () => {
    expect(one('scenario_2 = x.map(y)')).toEqual(['scenario_2 = x.map(y)']);
  });

  it('reads numbers in their Python forms', () => {
    for (const n of ['0', '42', '3.14', '.5', '1e-3', '0x1F', '0o17', '0b101', '1_000', '2j']) {
      expect(one(`x = ${n}`)).toEqual(['x =', `number:${n}`]);
    }
    expect(one('x = 10L', 'py2')).toEqual(['x =', 'number:10L']);
  });

  it('keeps a # inside a string out of the comment', () => {
    expect(one("print('# not a comment')  # a comment")).toEqual([
      'builtin:print',
      '(',
      "string:'# not a comment'",
      ')',
      'comment:# a comment',
    ]);
    expect(one('x = "a \\" # still a string"')).toEqual(['x =', 'string:"a \\" # still a string"']);
  });

  it('reads string prefixes and escaped quotes', () => {
    expect(one("s = rb'\\d+' + f\"{x}\" + u'é'")).toEqual([
      's =',
      "string:rb'\\d+'",
      '+',
      'string:f"{x}"',
      '+',
      "string:u'é'",
    ]);
    expect(one("s = 'it\\'s'")).toEqual(['s =', "string:'it\\'s'"]);
  });

  it('carries a docstring over several lines, with a # and quotes inside it', () => {
    const lines = [
      'def f():',
      '    """Starts here.',
      '',
      "    # not a comment, 'not a string' either",
      '    """',
      '    return 1  # done',
    ];
    const tokens = highlightLines(lines);
    expect(show(tokens[1]!)).toEqual(['string:"""Starts here.']);
    expect(tokens[2]).toEqual([]);
    // Inside the string, even the indentation and the # are the string's.
    expect(tokens[3]).toEqual([{ kind: 'string', text: lines[3] }]);
    expect(kinds(tokens[4]!, 'string')).toEqual(['    """']);
    expect(show(tokens[5]!)).toEqual(['keyword:return', 'number:1', 'comment:# done']);
  });

  it("ends a ''' string only at its own quotes", () => {
    const tokens = highlightLines(['x = \'\'\'one """ two', "three''' + 'y'"]);
    expect(kinds(tokens[0]!, 'string')).toEqual(['\'\'\'one """ two']);
    expect(show(tokens[1]!)).toEqual(["string:three'''", '+', "string:'y'"]);
  });

  it('continues a single-quoted string after a trailing backslash, and ends an unclosed one', () => {
    const tokens = highlightLines(["x = 'one \\", "two' + 1", "y = 'oops", 'z = 2']);
    expect(kinds(tokens[0]!, 'string')).toEqual(["'one \\"]);
    expect(show(tokens[1]!)).toEqual(["string:two'", '+', 'number:1']);
    expect(kinds(tokens[2]!, 'string')).toEqual(["'oops"]);
    expect(show(tokens[3]!)).toEqual(['z =', 'number:2']);
  });

  it('marks decorators only where a statement starts', () => {
    expect(one('    @functools.wraps(f)')).toEqual(['decorator:@functools.wraps', '(f)']);
    expect(one('c = a @ b')).toEqual(['c = a @ b']);
  });

  it('knows Python 2: print is a statement, xrange a builtin, True a name', () => {
    expect(one("    print 'I'", 'py2')).toEqual(['keyword:print', "string:'I'"]);
    expect(one('    print(x)', 'py3')).toEqual(['builtin:print', '(x)']);
    expect(one('for i in xrange(3): ok = True', 'py2')).toEqual([
      'keyword:for',
      'i',
      'keyword:in',
      'builtin:xrange',
      '(',
      'number:3',
      '): ok =',
      'builtin:True',
    ]);
    expect(one('ok = True', 'py3')).toEqual(['ok =', 'keyword:True']);
  });

  it('gives every line back: the tokens join to the text', () => {
    const py3 = scriptSource(resolveConfig({ scenario: 4, startMethod: 'spawn' })).lines;
    for (const [lines, dialect] of [
      [py3, 'py3'],
      [ORIGINAL_PYTHON2, 'py2'],
    ] as const) {
      const tokens = highlightLines(lines, dialect);
      expect(tokens).toHaveLength(lines.length);
      tokens.forEach((line, i) => expect(line.map((t) => t.text).join('')).toBe(lines[i]));
    }
  });

  it('colours the scripts: docstrings whole, def names, no stray comments', () => {
    const lines = ORIGINAL_PYTHON2;
    const tokens = highlightLines(lines, 'py2');
    const at = (text: string) => tokens[lines.indexOf(text)]!;
    // Inside do_job_single_processes's docstring: a ":param" line is string, not code.
    expect(at('    :param jobfunc: Job to do')).toEqual([
      { kind: 'string', text: '    :param jobfunc: Job to do' },
    ]);
    expect(kinds(at('    process_dict = {} # Dict containing all subprocees'), 'comment')).toEqual([
      '# Dict containing all subprocees',
    ]);
    expect(kinds(at('def the_job(args):'), 'function')).toEqual(['the_job']);
  });
});

describe('highlighted', () => {
  it('tokenizes an array of lines once', () => {
    const lines = ['x = 1'];
    expect(highlighted(lines)).toBe(highlighted(lines));
  });
});
