/**
 * One colour per process: the Okabe–Ito palette without black (used for
 * text), in order of appearance. The colours themselves are `--proc-0` to
 * `--proc-6` in app/base.css, each with its `[data-colour]` rule;
 * palette.test.ts fails if the two part.
 */

export const PALETTE_SIZE = 7;

/**
 * A process's colour as an attribute: base.css sets the `--proc` custom
 * property the cards, chips and lanes draw with from `data-colour`. An
 * attribute, not an inline style: the same markup is then valid under a CSP
 * that refuses style attributes, in static HTML as well as from React.
 */
export function colourProps(colour: number): { readonly 'data-colour': number } {
  return { 'data-colour': colour };
}
