/**
 * Run one scenario on the model kernel and read the outcome off the trace:
 * the verdict, the result list, the exception with its frames and where it
 * was first raised, the processes, stdout, and every pickling attempt.
 */
import { ModelKernel } from './kernel';
import type { CostTable } from './kernel';
import { PROGRAMS } from './programs';
import { defaultStartMethod, startMethodError } from './platforms';
import type { RunConfig } from './syscalls';
import {
  TRACE_VERSION,
  type Platform,
  type PoolCall,
  type PythonVersion,
  type StartMethod,
  type Trace,
  type TraceEvent,
  type TraceHeader,
  type Verdict,
} from './trace';

export interface RunOptions {
  readonly scenario: number;
  readonly startMethod?: StartMethod;
  readonly platform?: Platform;
  readonly python?: PythonVersion;
  readonly call?: PoolCall;
  readonly seed?: number;
  readonly costs?: CostTable;
  /** `outcome`: keep only the events a verdict needs (see KernelOptions.record). */
  readonly record?: 'all' | 'outcome';
}

export interface PickleAttempt {
  readonly process: string;
  readonly thread: string;
  readonly what: string;
  /** The bytes the pickle produced (and were sent); empty when it was refused. */
  readonly hex: string;
  /**
   * A refused pickle writes nothing to the pipe: this is only the pickler's
   * buffer when it gave up, never sent (empty when the pickle succeeded).
   */
  readonly unsentHex: string;
  readonly error: string | null;
}

export interface RunResult {
  readonly scenario: number;
  readonly startMethod: StartMethod;
  readonly platform: Platform;
  readonly python: PythonVersion;
  readonly call: PoolCall;
  readonly seed: number;
  readonly verdict: Verdict | 'hang';
  readonly result: number[] | null;
  readonly error: string | null;
  readonly frames: string[];
  readonly raisedIn: { process: string; thread: string } | null;
  readonly processes: { pid: number; name: string }[];
  readonly stdout: string[];
  readonly stderr: string[];
  readonly pickles: PickleAttempt[];
  /** Requests sent to managers (each proxy call is one round trip). */
  readonly managerRequests: number;
  readonly events: number;
  /** Virtual time at the end, in microseconds. */
  readonly elapsedUs: number;
  readonly trace: Trace;
}

export function resolveConfig(options: RunOptions): RunConfig & { seed: number } {
  const platform = options.platform ?? 'linux';
  const python = options.python ?? '3.12';
  const startMethod = options.startMethod ?? defaultStartMethod(platform, python);
  const error = startMethodError(platform, startMethod);
  if (error !== null) throw new Error(error);
  return {
    scenario: options.scenario,
    platform,
    python,
    startMethod,
    call: options.call ?? 'map',
    seed: options.seed ?? 1,
  };
}

export function runScenario(options: RunOptions): RunResult {
  const config = resolveConfig(options);
  const kernel = new ModelKernel({
    programs: PROGRAMS,
    config,
    seed: config.seed,
    ...(options.costs ? { costs: options.costs } : {}),
    ...(options.record ? { record: options.record } : {}),
  });
  const run = kernel.run({ program: 'main', args: [] });
  const trace: Trace = { header: traceHeader(config, 'model'), events: run.events };
  return summarize(trace, run.processes, run.hung, run.endTime);
}

/** The header of a trace recorded for `config` by `engine`. */
export function traceHeader(
  config: RunConfig & { seed: number },
  engine: TraceHeader['engine'],
): TraceHeader {
  return {
    version: TRACE_VERSION,
    scenario: config.scenario,
    startMethod: config.startMethod,
    platform: config.platform,
    python: config.python,
    call: config.call,
    seed: config.seed,
    engine,
  };
}

/** Everything the command line and the tests read off a trace. */
export function summarize(
  trace: Trace,
  processes: { pid: number; name: string }[],
  hung: boolean,
  endTime: number,
): RunResult {
  const names = new Map<number, string>();
  for (const e of trace.events) {
    if (e.kind === 'process.start' || e.kind === 'process.rename') names.set(e.pid, e.name);
  }
  const nameOf = (e: TraceEvent): string => names.get(e.pid) ?? String(e.pid);
  let verdict: Verdict | 'hang' = 'hang';
  let result: number[] | null = null;
  let error: string | null = null;
  let frames: string[] = [];
  let raisedIn: RunResult['raisedIn'] = null;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const pickles: PickleAttempt[] = [];
  let managerRequests = 0;
  const pendingPickles = new Map<string, { process: string; thread: string; what: string }>();
  for (const e of trace.events) {
    switch (e.kind) {
      case 'verdict':
        verdict = e.verdict;
        result = e.result === null ? null : [...e.result];
        break;
      case 'exception':
        if (e.phase === 'raised' && raisedIn === null)
          raisedIn = { process: nameOf(e), thread: e.thread };
        if (e.phase === 'printed' && e.pid === trace.events[0]?.pid) {
          error = e.error;
          frames = [...e.frames];
        }
        break;
      case 'print':
        (e.stream === 'stdout' ? stdout : stderr).push(...splitLines(e.text));
        break;
      case 'pickle.start':
        pendingPickles.set(`${e.tid}`, { process: nameOf(e), thread: e.thread, what: e.what });
        break;
      case 'pickle.done':
        pickles.push({
          ...pendingPickles.get(`${e.tid}`)!,
          hex: e.hex,
          unsentHex: '',
          error: null,
        });
        break;
      case 'pickle.refused':
        pickles.push({
          ...pendingPickles.get(`${e.tid}`)!,
          hex: '',
          unsentHex: e.partialHex,
          error: e.error,
        });
        break;
      case 'proxy.request':
        managerRequests += 1;
        break;
      default:
        break;
    }
  }
  if (hung) verdict = 'hang';
  if (verdict === 'raised' && raisedIn === null && error !== null) {
    const first = trace.events.find((e) => e.kind === 'exception');
    if (first) raisedIn = { process: nameOf(first), thread: first.thread };
  }
  return {
    scenario: trace.header.scenario,
    startMethod: trace.header.startMethod,
    platform: trace.header.platform,
    python: trace.header.python,
    call: trace.header.call,
    seed: trace.header.seed,
    verdict,
    result: verdict === 'raised' ? null : result,
    error,
    frames,
    raisedIn: verdict === 'raised' ? raisedIn : null,
    processes: processes.map((p) => ({ pid: p.pid, name: names.get(p.pid) ?? p.name })),
    stdout,
    stderr,
    pickles,
    managerRequests,
    events: trace.events.length === 0 ? 0 : trace.events[trace.events.length - 1]!.seq + 1,
    elapsedUs: endTime,
    trace,
  };
}

/** print() output as lines: `print('x\n')` is the line `x` and an empty line. */
function splitLines(text: string): string[] {
  return text.split('\n');
}
