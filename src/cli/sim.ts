/**
 * `npm run sim -- [options]`: run the model headless.
 *
 * Without --json it prints what the Python script would print (stdout, then
 * the traceback on stderr). With --json it prints one JSON object describing
 * the run (see `toJson`). --runs N runs seeds 1..N and adds the verdict counts.
 * `--batch` answers many commands in one process (see `batch`).
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
import { createInterface } from 'node:readline';
import { isMainThread } from 'node:worker_threads';
import { parseDocument, type ScenarioDocument } from '../sim/scenario-format';

/**
 * Where a command's input comes from and its output goes (the process's, or a
 * batch line's), and how many threads its `--runs` may use.
 */
interface Io {
  readonly stdin: () => string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly maxThreads?: number;
}

const PROCESS_IO: Io = {
  stdin: () => readFileSync(0, 'utf8'),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** The document `--spec` names (a file, or '-' for standard input), or a one-line error. */
function readDocument(spec: string, io: Io): ScenarioDocument {
  let text: string;
  try {
    text = spec === '-' ? io.stdin() : readFileSync(spec, 'utf8');
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

async function main(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  if (argv.length === 1 && argv[0] === '--batch') return batch();
  let options;
  let document: ScenarioDocument | undefined;
  try {
    options = parseArgs(argv);
    if (options.spec !== null) document = readDocument(options.spec, io);
    // One place per choice: a document that names its call leaves none to --call.
    if (document?.call !== undefined && argv.some((x) => x === '--call' || x.startsWith('--call=')))
      throw new UsageError(
        `--call: the document calls ${document.call} itself (--call is for documents without "call")`,
      );
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`sim: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    io.out(USAGE);
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
    io.out(JSON.stringify(table) + '\n');
    return 0;
  }
  if (options.printOriginal) {
    io.out(
      options.json
        ? JSON.stringify({ release: PYTHON2_RELEASE, tracebackEnd: PYTHON2_TRACEBACK_END }) + '\n'
        : ORIGINAL_PYTHON2.join('\n') + '\n',
    );
    return 0;
  }
  if (options.printScript) {
    // The very text of the page's code panel for these settings.
    io.out(scriptText(resolveSettings(base)));
    return 0;
  }
  if (options.runs !== null) {
    // Seed 1 in full (for --json), on this thread after its share of the seeds.
    let first!: RunResult;
    const verdicts = await manyRuns(
      base,
      options.runs,
      () => {
        first = runScenario({ ...base, seed: 1 });
      },
      io.maxThreads,
    );
    if (options.json) {
      io.out(JSON.stringify({ ...toJson(first), runs: options.runs, verdicts }) + '\n');
    } else {
      const parts = Object.entries(verdicts).map(([v, n]) => `${v} ${n}`);
      io.out(
        `scenario ${document ? `${document.number} (${document.name})` : options.scenario}, ${first.startMethod} on ${first.platform}, Python ${first.python}, ${first.call}: ${parts.join(', ')} (seeds 1..${options.runs})\n`,
      );
    }
    return 0;
  }
  const r = runScenario({ ...base, seed: options.seed });
  if (options.json) {
    io.out(JSON.stringify(toJson(r)) + '\n');
    return 0;
  }
  for (const line of r.stdout) io.out(line + '\n');
  for (const line of r.stderr) io.err(line + '\n');
  return r.verdict === 'raised' ? 1 : 0;
}

/**
 * `--batch`: one command per line of standard input, a JSON object
 * `{"args": [...], "stdin": "..."}` (`stdin` for `--spec -`), answered by one
 * line `{"code": N, "stdout": "...", "stderr": "..."}` in the same order. The
 * sweep (scripts/sweep.py) runs thousands of cells through one process this
 * way, instead of starting Node twice per cell. A line that is not such an
 * object is answered with code 2 and the reason, and the batch goes on.
 */
async function batch(): Promise<number> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    let stdout = '';
    let stderr = '';
    let code: number;
    const command = parseBatchLine(line);
    if (typeof command === 'string') {
      stderr = `sim: --batch: ${command}\n`;
      code = 2;
    } else {
      const io: Io = {
        // A batch's caller runs several batches side by side: one warm thread
        // each does more than a cold worker thread started per command.
        maxThreads: 1,
        stdin: () => command.stdin,
        out: (text) => void (stdout += text),
        err: (text) => void (stderr += text),
      };
      try {
        code = await main(command.args, io);
      } catch (error) {
        // A bug, not a bad command: said as such, and the batch goes on.
        stderr += `sim: internal error: ${(error as Error).stack ?? String(error)}\n`;
        code = 70;
      }
    }
    process.stdout.write(JSON.stringify({ code, stdout, stderr }) + '\n');
  }
  return 0;
}

/** A batch line's command, or why it is not one (bounded: a line may be anything). */
function parseBatchLine(line: string): { args: string[]; stdin: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return `not JSON: ${line.slice(0, 80)}`;
  }
  const { args, stdin = '' } = (value ?? {}) as { args?: unknown; stdin?: unknown };
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
    return 'each line must be {"args": [strings], "stdin"?: string}';
  if (args.includes('--batch')) return '--batch cannot be nested';
  if (typeof stdin !== 'string') return '"stdin" must be a string';
  return { args, stdin };
}

// In a worker thread (see many-runs.ts) this module is loaded only for its code.
if (isMainThread) process.exitCode = await main(process.argv.slice(2));
