/**
 * One colour per process: the Okabe–Ito palette without black (used for
 * text), in order of appearance. The colours themselves are `--proc-0` to
 * `--proc-6` in app/styles.css; palette.test.ts fails if the two counts part.
 */
import type { CSSProperties } from 'react';

export const PALETTE_SIZE = 7;

/** A process's colour as a style: the `--proc` custom property the cards, chips and lanes draw with. */
export function colourStyle(colour: number): CSSProperties {
  return { '--proc': `var(--proc-${colour})` } as CSSProperties;
}
