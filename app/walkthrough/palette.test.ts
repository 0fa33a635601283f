/**
 * The palette is defined twice — its size in palette.ts (PALETTE_SIZE, which colours
 * processes modulo it) and its colours in base.css — so this test keeps the
 * two in step: one `--proc-N` and one `[data-colour='N']` rule per colour.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { colourProps, PALETTE_SIZE } from './palette';

const app = new URL('../', import.meta.url);
const css = readFileSync(new URL('base.css', app), 'utf8');
/** Every style sheet of the app, so that "nothing else sets it" means nothing else. */
const allCss = readdirSync(app, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.css'))
  .map((name) => readFileSync(new URL(name, app), 'utf8'))
  .join('\n');
const numbers = (pattern: RegExp) =>
  [...css.matchAll(pattern)].map((m) => Number(m[1])).sort((a, b) => a - b);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the process palette', () => {
  it('has one colour in base.css per colour of PALETTE_SIZE', () => {
    expect(numbers(/^\s*--proc-(\d+):/gm)).toEqual(upTo(PALETTE_SIZE));
  });

  it('sets --proc from data-colour for each of them, and nothing else sets it', () => {
    expect(numbers(/\[data-colour='(\d+)'\]\s*\{\s*--proc: var\(--proc-\1\);/g)).toEqual(
      upTo(PALETTE_SIZE),
    );
    expect(allCss.match(/--proc:/g)).toHaveLength(PALETTE_SIZE);
  });

  it('is given as an attribute, not an inline style', () => {
    expect(colourProps(3)).toEqual({ 'data-colour': 3 });
  });
});
