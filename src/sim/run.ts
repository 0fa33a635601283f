/**
 * Run one scenario on the model kernel and read the outcome off the trace:
 * the verdict, the result list, the exception with its frames and where it
 * was first raised, the processes, stdout, and every pickling attempt.
 */
import { ModelKernel, type KernelOptions, type KernelRun } from './kernel';
import type { CostTable } from './kernel';
import { PROGRAMS } from './programs';
import { resolveSettings, settingsOf, type RunSettingsGiven } from './settings';
import type { ProgramRef } from './syscalls';
import {
  TRACE_VERSION,
  type RunSettings,
  type Trace,
  type TraceEvent,
  type TraceHeader,
  type Verdict,
} from './trace';

/** A run of the model: its settings (defaults filled in by resolveSettings) and the kernel's options. */
export interface RunOptions extends RunSettingsGiven {
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

export interface RunResult extends RunSettings {
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

/** Every run starts the scenario's script: the program `main` of PROGRAMS. */
export const MAIN: ProgramRef = { program: 'main', args: [] };

/**
 * The model kernel of a run with `settings`, whoever performs its calls (this
 * thread, or Web Workers through `options.host`): with `resultOf`, the one way
 * a run is made.
 */
export function modelKernel(
  settings: RunSettings,
  options: Omit<KernelOptions, 'programs' | 'config' | 'seed'> = {},
): ModelKernel {
  return new ModelKernel({ programs: PROGRAMS, config: settings, seed: settings.seed, ...options });
}

/** A kernel's run with `settings`, recorded by `engine`, read off into a RunResult. */
export function resultOf(
  settings: RunSettings,
  engine: TraceHeader['engine'],
  run: KernelRun,
): RunResult {
  const trace: Trace = { header: traceHeader(settings, engine), events: run.events };
  return summarize(trace, run.processes, run.hung, run.endTime);
}

export function runScenario(options: RunOptions): RunResult {
  const settings = resolveSettings(options);
  const kernel = modelKernel(settings, {
    ...(options.costs ? { costs: options.costs } : {}),
    ...(options.record ? { record: options.record } : {}),
  });
  return resultOf(settings, 'model', kernel.run(MAIN));
}

/** The header of a trace recorded with `settings` by `engine`. */
export function traceHeader(settings: RunSettings, engine: TraceHeader['engine']): TraceHeader {
  return { version: TRACE_VERSION, ...settingsOf(settings), engine };
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
      // The rest are not part of a run's summary.
      case 'call':
      case 'handle.add':
      case 'handle.close':
      case 'kobj.create':
      case 'kobj.free':
      case 'kobj.unlink':
      case 'memory.copy':
      case 'note':
      case 'pipe.block':
      case 'pipe.eof':
      case 'pipe.read':
      case 'pipe.write':
      case 'process.exit':
      case 'process.rename':
      case 'process.start':
      case 'proxy.response':
      case 'return':
      case 'sem.acquire':
      case 'sem.block':
      case 'sem.release':
      case 'sem.timeout':
      case 'sem.try-failed':
      case 'sleep':
      case 'thread.exit':
      case 'thread.rename':
      case 'thread.start':
      case 'unpickle':
      case 'var.set':
        break;
    }
  }
  if (hung) verdict = 'hang';
  if (verdict === 'raised' && raisedIn === null && error !== null) {
    const first = trace.events.find((e) => e.kind === 'exception');
    if (first) raisedIn = { process: nameOf(first), thread: first.thread };
  }
  return {
    ...settingsOf(trace.header),
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
