/**
 * The narration at every step of every scenario under every start method:
 * real sentences (no placeholder, no template left unfilled), no name
 * repeated in a list ("including lock, args, lock"), and no running count
 * that repeats or goes backwards ("request 4 so far").
 */
import { describe, expect, it } from 'vitest';
import type { StartMethod } from '../../src/sim/trace';
import { traceOf } from './test-traces';
import { narration } from './view';

const METHODS: readonly StartMethod[] = ['fork', 'spawn', 'forkserver'];

/** What a sentence with a hole in it looks like. */
const PLACEHOLDER = /undefined|\bnull\b|NaN|\[object |\$\{|kernel object \d|\bpid \d/;
/** The fallback template: "MainProcess: Call." */
const TEMPLATE = /^[^.:]+: [A-Z][a-z]+( [a-z-]+)?\.$/;

/** The problems of one narration, in words (empty when it is fine). */
export function problems(text: string): string[] {
  const found: string[] = [];
  if (PLACEHOLDER.test(text)) found.push(`placeholder in “${text}”`);
  if (TEMPLATE.test(text)) found.push(`template “${text}”`);
  // A list of names: "including a, b, c" or "a, b and c".
  for (const m of text.matchAll(/including ([^.:;]+)/g)) {
    const names = m[1]!.split(/, | and /).map((s) => s.trim());
    if (new Set(names).size !== names.length) found.push(`repeated name in “${text}”`);
  }
  return found;
}

describe('narration quality', () => {
  it('finds the problems it looks for', () => {
    expect(problems('MainProcess: Call.')).toHaveLength(1);
    expect(problems('A copy of the memory, including lock, args, lock.')).toHaveLength(1);
    expect(problems('The pipe “undefined”.')).toHaveLength(1);
    expect(problems('MainProcess calls main().')).toEqual([]);
  });

  for (const scenario of [1, 2, 3, 4, 5, 6]) {
    for (const method of METHODS) {
      it(`scenario ${scenario} under ${method}: every step reads as a sentence, counts only grow`, () => {
        const trace = traceOf(scenario, method);
        const bad: string[] = [];
        let lastCount = 0;
        for (let step = 0; step <= trace.events.length; step += 1) {
          const text = narration(trace, step);
          for (const p of problems(text)) bad.push(`step ${step}: ${p}`);
          const count = /request (\d+) so far/.exec(text);
          if (count) {
            const n = Number(count[1]);
            if (n <= lastCount) bad.push(`step ${step}: request ${n} after ${lastCount}`);
            lastCount = n;
          }
        }
        expect(bad.slice(0, 10)).toEqual([]);
      });
    }
  }
});

describe('the authentication handshake of a connection to a manager', () => {
  // Its messages are raw bytes, not pickles: the narration says which one each write is.
  for (const python of ['3.11', '3.12'] as const) {
    it(`${python}: each write says challenge, digest or welcome, and none is called pickled`, () => {
      const trace = traceOf(2, 'fork', { python });
      const seen = new Set<string>();
      trace.events.forEach((e, i) => {
        if (e.kind !== 'pipe.write') return;
        const text = narration(trace, i + 1);
        if (!text.includes('authkey')) return;
        expect(text).not.toMatch(/pickled first/);
        if (text.includes('#CHALLENGE#')) seen.add('challenge');
        else if (text.includes('HMAC')) seen.add('digest');
        else if (text.includes('#WELCOME#')) seen.add('welcome');
        else seen.add(`unexplained: ${text}`);
      });
      expect([...seen].sort()).toEqual(['challenge', 'digest', 'welcome']);
    });
  }

  it('a pickled request on the same connection is still narrated as pickled bytes', () => {
    const trace = traceOf(2, 'fork');
    const request = trace.events.findIndex(
      (e, i) =>
        e.kind === 'pipe.write' &&
        trace.events[i - 1]?.kind === 'pickle.done' &&
        i > 0 &&
        (trace.events[i - 1] as { what?: string }).what === 'request create',
    );
    expect(request).toBeGreaterThan(0);
    expect(narration(trace, request + 1)).toMatch(/pickled first/);
  });
});
