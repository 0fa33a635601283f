/**
 * Command-line options of `npm run sim`. Defaults are RUN_DEFAULTS (src/sim/settings.ts):
 * Linux, Python 3.12, the platform's default start method, `map`, seed 1. A bad
 * option is a one-line error naming it and the allowed values (exit status 2).
 */
import { PLATFORMS, PYTHON_VERSIONS, START_METHODS, startMethodError } from '../sim/platforms';
import { SCENARIOS } from '../sim/scenarios';
import { RUN_DEFAULTS } from '../sim/settings';
import type { RunSettings, StartMethod } from '../sim/trace';

export class UsageError extends Error {}

/** A run's settings (the start method left to the platform unless given), and what to print. */
export type CliOptions = {
  -readonly [K in keyof Omit<RunSettings, 'startMethod'>]: RunSettings[K];
} & {
  startMethod: StartMethod | undefined;
  /** `--spec`: a scenario document's file, or '-' for standard input (sim.ts reads it). */
  spec: string | null;
  runs: number | null;
  json: boolean;
  printScript: boolean;
  printOriginal: boolean;
  printStdlibLines: boolean;
  help: boolean;
};

export const USAGE = `usage: npm run sim -- [options]

Runs one of the seed's multiprocessing scenarios on the model and prints what
the Python script would print.

  --scenario 1..6                      which scenario (default ${RUN_DEFAULTS.scenario})
${SCENARIOS.map((s) => `                                         ${s.id}: ${s.title}`).join('\n')}
  --spec FILE|-                        a composed scenario: a document (docs/scenario-format.md)
                                       in a file, or - for standard input; instead of --scenario
  --start-method fork|spawn|forkserver (default: the platform's)
  --platform linux|macos|windows       (default ${RUN_DEFAULTS.platform})
  --python 3.11|3.12|3.13|3.14         (default ${RUN_DEFAULTS.python})
  --call map|imap                      Pool method (default ${RUN_DEFAULTS.call}); a document's
                                       own "call" replaces it
  --seed N                             scheduler seed (default ${RUN_DEFAULTS.seed})
  --runs N                             run seeds 1..N and count verdicts
  --json                               one JSON object instead of the script's output
  --print-script                       print the Python script the page shows for these settings
  --print-original                     print the question's Python 2 script (--json: how 2.7 ends)
  --print-stdlib-lines                 print, as JSON, every stdlib traceback line the model can show
  --batch                              alone: one command per line of standard input, as JSON
                                       {"args": [...], "stdin"?: "..."}, each answered by one line
                                       {"code": N, "stdout": "...", "stderr": "..."}
  --help
`;

function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T {
  if (value === undefined || !allowed.includes(value as T)) {
    throw new UsageError(
      `${option} must be one of ${allowed.join(', ')}${value === undefined ? '' : ` (got '${value}')`}`,
    );
  }
  return value as T;
}

function positiveInt(option: string, value: string | undefined, min: number, max: number): number {
  const n = value === undefined || !/^\d+$/.test(value) ? NaN : Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${option} must be an integer from ${min} to ${max}${value === undefined ? '' : ` (got '${value}')`}`,
    );
  }
  return n;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    ...RUN_DEFAULTS,
    startMethod: undefined,
    spec: null,
    runs: null,
    json: false,
    printScript: false,
    printOriginal: false,
    printStdlibLines: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--scenario':
        options.scenario = Number(
          oneOf(
            '--scenario',
            value(),
            SCENARIOS.map((s) => String(s.id)),
          ),
        );
        break;
      case '--start-method':
        options.startMethod = oneOf('--start-method', value(), START_METHODS);
        break;
      case '--platform':
        options.platform = oneOf('--platform', value(), PLATFORMS);
        break;
      case '--python':
        options.python = oneOf('--python', value(), PYTHON_VERSIONS);
        break;
      case '--call':
        options.call = oneOf('--call', value(), ['map', 'imap'] as const);
        break;
      case '--seed':
        options.seed = positiveInt('--seed', value(), 0, 2 ** 32 - 1);
        break;
      case '--runs':
        options.runs = positiveInt('--runs', value(), 1, 1_000_000);
        break;
      case '--spec': {
        const file = value();
        if (file === undefined || file === '') {
          throw new UsageError('--spec needs a file name, or - for standard input');
        }
        options.spec = file;
        break;
      }
      case '--json':
        options.json = true;
        break;
      case '--print-script':
        options.printScript = true;
        break;
      case '--print-original':
        options.printOriginal = true;
        break;
      case '--print-stdlib-lines':
        options.printStdlibLines = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown option '${arg}' (see --help)`);
    }
  }
  if (
    options.spec !== null &&
    argv.some((a) => a === '--scenario' || a.startsWith('--scenario='))
  ) {
    throw new UsageError('give --scenario or --spec, not both: a document is its own scenario');
  }
  if (options.startMethod !== undefined) {
    const error = startMethodError(options.platform, options.startMethod);
    if (error !== null) {
      throw new UsageError(
        `--start-method ${options.startMethod} is not available on ${options.platform}: ${error} (allowed: spawn)`,
      );
    }
  }
  return options;
}
