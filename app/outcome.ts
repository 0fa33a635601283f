/**
 * What the result panel reads off a run: the verdict line as the script
 * prints it, and the part of stdout worth showing.
 */
import type { RunResult } from '../src/sim/run';

/** How many lines of stdout the page shows. */
export const OUTPUT_LINES = 200;

const VERDICT_LINE = /^Scenario \d+ (successful!|fails: .*)$/;

/**
 * The line the script ends with: its own verdict (`Scenario 2 fails: [...] != [...]`,
 * `Scenario 6 successful!`) or, when it raised, the last line of the traceback
 * (`RuntimeError: ...`). Null when the script never got that far (a hang).
 */
export function verdictLine(
  result: Pick<RunResult, 'verdict' | 'stdout' | 'stderr' | 'error'>,
): string | null {
  if (result.verdict === 'hang') return null;
  if (result.verdict === 'raised') {
    const last = [...result.stderr].reverse().find((line) => line.trim() !== '');
    return result.error ?? last ?? null;
  }
  for (let i = result.stdout.length - 1; i >= 0; i -= 1) {
    const line = result.stdout[i]!;
    if (VERDICT_LINE.test(line)) return line;
  }
  return null;
}

/** The first `OUTPUT_LINES` lines of stdout and how many there were. */
export function outputHead(stdout: readonly string[]): {
  text: string;
  shown: number;
  total: number;
} {
  const shown = Math.min(stdout.length, OUTPUT_LINES);
  return { text: stdout.slice(0, shown).join('\n'), shown, total: stdout.length };
}
