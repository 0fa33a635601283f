/**
 * `npm run sim -- [options]`: run the model headless.
 *
 * Without --json it prints what the Python script would print (stdout, then
 * the traceback on stderr). With --json it prints one JSON object describing
 * the run (see `toJson`). --runs N runs seeds 1..N and adds the verdict counts.
 */
import { parseArgs, UsageError, USAGE } from './args';
import { runScenario, type RunResult } from '../sim/run';
import { resolveSettings } from '../sim/settings';
import { scriptText } from '../sim/scenarios';
import { STDLIB_RELEASE, stdlibTable } from '../sim/cpython';
import { PYTHON_VERSIONS } from '../sim/platforms';
import { ORIGINAL_PYTHON2, PYTHON2_RELEASE, PYTHON2_TRACEBACK_END } from '../sim/scenarios';
import { manyRuns } from './many-runs';
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { parseDocument, type ScenarioDocument } from '../sim/scenario-format';

/** The document `--spec` names (a file, or '-' for standard input), or a one-line error. */
function readDocument(spec: string): ScenarioDocument {
  let text: string;
  try {
    text = readFileSync(spec === '-' ? 0 : spec, 'utf8');
  } catch (error) {
    throw new UsageError(`--spec ${spec}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--spec ${spec}: not JSON (${(error as Error).message})`);
  }
  const parsed = parseDocument(value);
  if (!parsed.ok) throw new UsageError(`--spec ${spec}: ${parsed.errors.join('; ')}`);
  return parsed.document;
}

function toJson(r: RunResult): Record<string, unknown> {
  return {
    scenario: r.scenario,
    startMethod: r.startMethod,
    platform: r.platform,
    python: r.python,
    call: r.call,
    seed: r.seed,
    verdict: r.verdict,
    result: r.result,
    error: r.error,
    frames: r.frames,
    raisedIn: r.raisedIn,
    processes: r.processes,
    stdout: r.stdout,
    stderr: r.stderr,
    pickles: r.pickles,
    managerRequests: r.managerRequests,
    elapsedSeconds: Math.round(r.elapsedUs) / 1e6,
    events: r.events,
  };
}

async function main(argv: string[]): Promise<number> {
  let options;
  let document: ScenarioDocument | undefined;
  try {
    options = parseArgs(argv);
    if (options.spec !== null) document = readDocument(options.spec);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sim: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const base = {
    scenario: document?.number ?? options.scenario,
    ...(document !== undefined ? { document } : {}),
    ...(options.startMethod !== undefined ? { startMethod: options.startMethod } : {}),
    platform: options.platform,
    python: options.python,
    call: options.call,
  };
  if (options.printStdlibLines) {
    const table = Object.fromEntries(
      PYTHON_VERSIONS.map((v) => [v, { release: STDLIB_RELEASE[v], lines: stdlibTable(v) }]),
    );
    process.stdout.write(JSON.stringify(table) + '\n');
    return 0;
  }
  if (options.printOriginal) {
    process.stdout.write(
      options.json
        ? JSON.stringify({ release: PYTHON2_RELEASE, tracebackEnd: PYTHON2_TRACEBACK_END }) + '\n'
        : ORIGINAL_PYTHON2.join('\n') + '\n',
    );
    return 0;
  }
  if (options.printScript) {
    // The very text of the page's code panel for these settings.
    process.stdout.write(scriptText(resolveSettings(base)));
    return 0;
  }
  if (options.runs !== null) {
    // Seed 1 in full (for --json), on this thread after its share of the seeds.
    let first!: RunResult;
    const verdicts = await manyRuns(base, options.runs, () => {
      first = runScenario({ ...base, seed: 1 });
    });
    if (options.json) {
      process.stdout.write(
        JSON.stringify({ ...toJson(first), runs: options.runs, verdicts }) + '\n',
      );
    } else {
      const parts = Object.entries(verdicts).map(([v, n]) => `${v} ${n}`);
      process.stdout.write(
        `scenario ${document ? `${document.number} (${document.name})` : options.scenario}, ${first.startMethod} on ${first.platform}, Python ${first.python}, ${first.call}: ${parts.join(', ')} (seeds 1..${options.runs})\n`,
      );
    }
    return 0;
  }
  const r = runScenario({ ...base, seed: options.seed });
  if (options.json) {
    process.stdout.write(JSON.stringify(toJson(r)) + '\n');
    return 0;
  }
  for (const line of r.stdout) process.stdout.write(line + '\n');
  for (const line of r.stderr) process.stderr.write(line + '\n');
  return r.verdict === 'raised' ? 1 : 0;
}

// In a worker thread (see many-runs.ts) this module is loaded only for its code.
if (isMainThread) process.exitCode = await main(process.argv.slice(2));
