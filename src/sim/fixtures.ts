/**
 * Traces built for tests and benchmarks.
 */
import { ModelKernel, type KernelRun } from './kernel';
import { RUN_DEFAULTS } from './settings';
import { runScenario } from './run';
import type {
  Call,
  Gen,
  ProgramTable,
  RunConfig,
  Syscall,
  SyscallResult,
  ThreadEnv,
} from './syscalls';
import type { Trace, TraceEvent } from './trace';
import { trampoline } from './trampoline';

/** A hand-written program: a generator of system calls, as the library's programs are. */
export type HandWrittenProgram = (env: ThreadEnv, ...args: never[]) => Gen<unknown>;

const HAND_WRITTEN_CONFIG: RunConfig = {
  scenario: RUN_DEFAULTS.scenario,
  platform: RUN_DEFAULTS.platform,
  python: RUN_DEFAULTS.python,
  startMethod: 'fork',
  call: RUN_DEFAULTS.call,
};

/** One system call of a hand-written program, made at no line of any script. */
export function* sys<C extends Syscall>(call: C): Gen<SyscallResult[C['op']]> {
  return (yield { ...call, at: { line: null, fn: 'test' } } as Call) as SyscallResult[C['op']];
}

/** A new Lock (a semaphore of value and maximum 1, no name): its handle. */
export function newLock(): Gen<number> {
  return sys({
    op: 'sem.create',
    value: 1,
    max: 1,
    name: null,
    label: 'Lock',
    of: { owner: 'Lock', role: '_semlock' },
    unlink: true,
    private: false,
  });
}

/** Forks the program `child`, which receives `lock`: the child's pid. */
export function forkChild(lock: number): Gen<number> {
  return sys({
    op: 'proc.fork',
    name: 'child',
    main: { program: 'child', args: [lock] },
    birth: 'fork',
  });
}

/** Hand-written programs as a kernel runs them (each under the trampoline, as the library's are). */
export function handWrittenTable(programs: Record<string, HandWrittenProgram>): ProgramTable {
  return Object.fromEntries(
    Object.entries(programs).map(([name, fn]) => [
      name,
      ((env: ThreadEnv, ...args: never[]) => trampoline(fn(env, ...args))) as ProgramTable[string],
    ]),
  );
}

/** Runs hand-written programs on the model kernel, from the one named `parent`. */
export function runHandWritten(
  programs: Record<string, HandWrittenProgram>,
  seed = 1,
  config: RunConfig = HAND_WRITTEN_CONFIG,
): KernelRun {
  const table = handWrittenTable(programs);
  return new ModelKernel({ programs: table, config, seed }).run({ program: 'parent', args: [] });
}

/**
 * A child that takes a Lock and is killed while it holds it: the parent
 * creates the lock, forks the child, waits a little, kills and reaps it,
 * then tries the lock for 50 ms (and times out: nothing released it).
 */
export function lockHolderKilled(): KernelRun {
  return runHandWritten({
    *parent() {
      const lock = yield* newLock();
      const child = yield* forkChild(lock);
      yield* sys({ op: 'sleep', seconds: 0.01 });
      yield* sys({ op: 'proc.kill', pid: child });
      yield* sys({ op: 'proc.wait', pid: child });
      yield* sys({ op: 'sem.acquire', handle: lock, block: true, timeout: 0.05 });
    },
    *child(_env, lock: number) {
      yield* sys({ op: 'sem.acquire', handle: lock, block: true, timeout: null });
      yield* sys({ op: 'sleep', seconds: 10 });
    },
  });
}

/** Distinct runs a long trace is made of; later rounds repeat them with new pids, tids and objects. */
const LONG_TRACE_SEEDS = 8;

/**
 * A long trace: runs one after another, renumbered so that every round has
 * processes, threads and objects of its own. Rounds cycle through the runs of
 * LONG_TRACE_SEEDS seeds (each made once): the model's time went into making
 * 190 runs, not into what a fold or a seek of them does.
 */
export function longTrace(minEvents: number): Trace {
  const events: TraceEvent[] = [];
  const made: Trace[] = [];
  let seed = 1;
  let header: Trace['header'] | null = null;
  while (events.length < minEvents) {
    const slot = (seed - 1) % LONG_TRACE_SEEDS;
    const r = { trace: (made[slot] ??= runScenario({ scenario: 2, seed: slot + 1 }).trace) };
    seed++;
    header ??= r.trace.header;
    const offsetPid = seed * 100_000;
    const offsetTid = seed * 10_000;
    const offsetObj = seed * 10_000;
    for (const e of r.trace.events) {
      const moved = {
        ...e,
        seq: events.length,
        pid: e.pid + offsetPid,
        tid: e.tid + offsetTid,
      } as Record<string, unknown>;
      for (const key of ['obj', 'newTid', 'from', 'ppid', 'wakes', 'fromPid']) {
        const v = moved[key];
        if (typeof v !== 'number') continue;
        moved[key] =
          key === 'obj'
            ? v + offsetObj
            : key === 'newTid' || key === 'wakes'
              ? v + offsetTid
              : v + offsetPid;
      }
      events.push(moved as unknown as TraceEvent);
    }
  }
  return { header: header!, events };
}
