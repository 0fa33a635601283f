/**
 * The model kernel: implements every system call in memory, in virtual time,
 * with a seeded scheduler. Deterministic: the same programs, configuration
 * and seed give the same trace, byte for byte.
 *
 * Scheduling is discrete-event (scheduler.ts): the kernel always resumes the
 * thread that is ready earliest, performs the call it yields at that instant
 * (syscall-table.ts: one entry per op) and makes it ready again after the
 * call's cost. A thread that must wait (a held semaphore, an empty pipe, a
 * child that has not exited) is parked on the object and made ready by
 * whoever releases, writes or exits. There is no CPU or GIL contention in
 * this model: costs are calibrated to include it.
 *
 * The parts: semaphores.ts, streams.ts (pipes, sockets, listeners),
 * processes.ts (processes and threads), handles.ts (objects and handle
 * tables), trace-out.ts (event output).
 */
import type { ProgramRef, ProgramTable, RunConfig } from '../syscalls';
import { KernelError } from '../syscalls';
import type { TraceEvent } from '../trace';
import { CPYTHON_311_LINUX_2CORES, type CostTable } from './costs';
import { LocalHost, type ProgramHost, type StepResult } from './host';
import { Handles } from './handles';
import { firstPid, SEM_REGIONS, semRegion } from './numbering';
import type { Thread } from './objects';
import { Processes } from './processes';
import { Scheduler } from './scheduler';
import { Semaphores } from './semaphores';
import { Streams } from './streams';
import { execute, type KernelParts } from './syscall-table';
import { TraceOut } from './trace-out';

export interface KernelOptions {
  readonly programs: ProgramTable;
  /** Where the programs run (default: here, in a LocalHost). */
  readonly host?: ProgramHost;
  readonly config: RunConfig;
  readonly seed: number;
  readonly costs?: CostTable;
  /** Stop (as a hang) after this many events or this much virtual time. */
  readonly maxEvents?: number;
  readonly maxTimeUs?: number;
  /**
   * `all` (default) records the whole trace. `outcome` keeps only what a
   * verdict needs (prints, exceptions, process starts, the verdict): for
   * running many seeds quickly. `seq` still counts every event.
   */
  readonly record?: 'all' | 'outcome';
}

export interface KernelRun {
  readonly events: TraceEvent[];
  readonly processes: { pid: number; name: string; ppid: number | null }[];
  /** True when the run ended with threads still waiting and nothing left to wake them. */
  readonly hung: boolean;
  readonly endTime: number;
  readonly exitCode: number | null;
}

export class ModelKernel {
  private readonly host: ProgramHost;
  private readonly maxEvents: number;
  private readonly maxTimeUs: number;
  private readonly parts: KernelParts;
  private readonly sched: Scheduler;
  private readonly trace: TraceOut;
  private readonly procs: Processes;
  private mainPid = 0;
  private hung = false;

  constructor(options: KernelOptions) {
    const sched = new Scheduler(options.seed, options.costs ?? CPYTHON_311_LINUX_2CORES);
    this.maxEvents = options.maxEvents ?? 500_000;
    this.maxTimeUs = options.maxTimeUs ?? 600_000_000;
    const keepAll = (options.record ?? 'all') === 'all';
    this.host = options.host ?? new LocalHost(options.programs, options.config, keepAll);
    // Pids and semaphore addresses look like a real machine's, and differ per seed.
    const pid = firstPid(sched.random);
    const semAddr = semRegion(sched.random.int(SEM_REGIONS));
    const trace = new TraceOut(sched, keepAll);
    const handles = new Handles(options.config, sched, trace, semAddr);
    const sems = new Semaphores(sched, trace, handles);
    const streams = new Streams(sched, trace, handles);
    const procs = new Processes(sched, trace, handles, sems, this.host, pid);
    this.parts = { sched, trace, handles, sems, streams, procs };
    this.sched = sched;
    this.trace = trace;
    this.procs = procs;
  }

  /** Runs `main` as MainProcess until every process has exited (or nothing can move). */
  run(main: ProgramRef, name = 'MainProcess'): KernelRun {
    this.begin(main, name);
    for (let thread = this.next(); thread !== null; thread = this.next()) {
      if (thread.exiting !== null) {
        this.procs.exit(thread.proc, thread.exiting);
        continue;
      }
      const result = this.host.resume(thread.tid, this.sched.takeResume(thread));
      if (result instanceof Promise)
        throw new Error('run() needs a synchronous host: use runAsync()');
      this.complete(thread, result);
    }
    return this.end();
  }

  /**
   * The same run, with a host whose threads answer asynchronously (Web
   * Workers): one step at a time, in exactly the order `run()` would take.
   * `cancelled()` is polled between steps.
   */
  async runAsync(
    main: ProgramRef,
    cancelled: () => boolean = () => false,
    name = 'MainProcess',
  ): Promise<KernelRun> {
    this.begin(main, name);
    for (let thread = this.next(); thread !== null; thread = this.next()) {
      if (cancelled()) throw new Error('cancelled');
      if (thread.exiting !== null) {
        this.procs.exit(thread.proc, thread.exiting);
        continue;
      }
      const resume = this.sched.takeResume(thread);
      this.complete(thread, await this.host.resume(thread.tid, resume));
    }
    return this.end();
  }

  private begin(main: ProgramRef, name: string): void {
    this.mainPid = this.procs.create(name, null, null, 'main', main);
  }

  /** The thread to run now (the clock moved to its time), or null when the run is over. */
  private next(): Thread | null {
    const thread = this.sched.pickNext();
    // Chosen while still blocked: its timed wait ran out first.
    if (thread !== null && thread.state === 'blocked') this.parts.sems.timeOut(thread);
    if (thread === null) {
      this.hung = this.sched.live.some((t) => t.state === 'blocked');
      return null;
    }
    if (this.trace.count >= this.maxEvents || thread.readyAt > this.maxTimeUs) {
      this.hung = true;
      return null;
    }
    this.sched.now = Math.max(this.sched.now, thread.readyAt);
    // Its heavy stretch, if it was in one, is over: the others get its share of the cores.
    if (this.sched.load.running > 0) this.sched.load.end(this.sched.now, thread);
    return thread;
  }

  private end(): KernelRun {
    return {
      events: this.trace.events,
      processes: this.procs.started,
      hung: this.hung,
      endTime: this.sched.now,
      exitCode: this.procs.processes.get(this.mainPid)?.exitCode ?? null,
    };
  }

  /** What the thread did when it ran: record its events, then perform its call. */
  private complete(thread: Thread, result: StepResult): void {
    this.trace.drainOutbox(thread, result.outbox);
    const next = result.next;
    if ('crash' in next) {
      // Programs print Python tracebacks themselves: anything escaping a
      // program is a bug in the model, and must not pass unnoticed.
      throw new Error(
        `model bug in ${thread.name} of pid ${thread.pid} at ${thread.at.fn ?? '?'}: ${next.crash}`,
      );
    }
    if ('done' in next) {
      this.procs.finishThread(thread, 0);
      return;
    }
    const call = next.call;
    thread.at = call.at;
    try {
      execute(this.parts, thread, call);
    } catch (error) {
      if (!(error instanceof KernelError)) throw error;
      this.sched.fail(thread, error, this.sched.draw(this.sched.costs.other));
    }
  }
}
