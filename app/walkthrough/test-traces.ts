/**
 * The scenario traces the walkthrough's tests read: the model's run of a
 * scenario on Linux, Python 3.12, `map`, seed 1, unless a test says
 * otherwise. (Imported by tests only.)
 */
import { runScenario, type RunOptions } from '../../src/sim/run';
import type { StartMethod, Trace } from '../../src/sim/trace';

export function traceOf(
  scenario: number,
  startMethod: StartMethod = 'fork',
  options: Partial<RunOptions> = {},
): Trace {
  // The other settings are RUN_DEFAULTS (src/sim/settings.ts).
  return runScenario({ scenario, startMethod, ...options }).trace;
}
