/** One tabulated line of a stdlib function (stdlib-lines.ts says what and where). */
export interface StdlibLine {
  readonly line: number;
  readonly text: string;
  readonly approximate?: boolean;
  /** The sub-expression that runs when an exception passes (see python/carets.ts). */
  readonly expr?: string;
  /** 3.13+: what follows a statement that spans several lines. */
  readonly more?: readonly string[];
}
