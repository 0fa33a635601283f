import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PALETTE_SIZE } from './palette';

// The palette's size lives in TypeScript (colour indexes wrap at it) and its
// colours in CSS: a colour added or removed on one side only must fail here.
const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');

describe('the process palette', () => {
  it('defines exactly PALETTE_SIZE colours, --proc-0 to --proc-(PALETTE_SIZE - 1)', () => {
    const defined = [...css.matchAll(/--proc-(\d+)\s*:/g)].map((m) => Number(m[1]));
    expect(defined.length).toBeGreaterThan(0);
    expect([...defined].sort((a, b) => a - b)).toEqual(
      Array.from({ length: PALETTE_SIZE }, (_, i) => i),
    );
  });
});
