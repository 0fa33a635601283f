/**
 * Where programs run. The kernel decides *when* each thread runs and performs
 * its system calls; a `ProgramHost` keeps the threads' generators and the
 * processes' memory and advances a thread when asked.
 *
 * `LocalHost` keeps them in this JavaScript realm (the model). The worker
 * engine's host keeps each process in its own Web Worker: the same programs,
 * the same calls, so the same trace for the same seed.
 */
import {
  KernelError,
  type Call,
  type Loc,
  type ProcessMemory,
  type ProgramGen,
  type ProgramRef,
  type ProgramTable,
  type RunConfig,
  type ThreadEnv,
} from '../syscalls';
import type { EventBody } from '../trace';
import { cloneMemory } from './clone';

export interface OutboxEntry {
  readonly event: EventBody;
  readonly at: Loc;
}

/** How a blocked or running thread is resumed: with a call's result, or with a failed call's error. */
export type Resume =
  { readonly value: unknown } | { readonly kernelError: { code: string; message: string } };

export interface StepResult {
  /** What the thread recorded while it ran (drained by the kernel, in order). */
  readonly outbox: OutboxEntry[];
  readonly next: { readonly call: Call } | { readonly done: true } | { readonly crash: string };
}

export interface ProgramHost {
  /** A new process with empty memory, or with a copy of `forkOf`'s memory as it is now. */
  createProcess(pid: number, ppid: number | null, forkOf: number | null): void;
  /** A new thread of `pid` running `main` (its generator is not started yet). */
  createThread(pid: number, tid: number, main: ProgramRef): void;
  /** Runs thread `tid` until its next system call (or its end). */
  resume(tid: number, resume: Resume): StepResult | Promise<StepResult>;
  /** The process is gone: its threads will not be resumed again. */
  destroyProcess(pid: number): void;
}

/** A host's view of one process: its memory and its threads. */
export class ProcessImage {
  readonly memory: ProcessMemory;
  private readonly threads = new Map<number, { gen: ProgramGen; outbox: OutboxEntry[] }>();

  constructor(
    private readonly programs: ProgramTable,
    private readonly config: RunConfig,
    private readonly detailed: boolean,
    readonly pid: number,
    readonly ppid: number | null,
    memory: ProcessMemory,
  ) {
    this.memory = memory;
  }

  startThread(tid: number, main: ProgramRef): void {
    const program = this.programs[main.program];
    if (!program) throw new Error(`unknown program ${main.program}`);
    const env: ThreadEnv = {
      pid: this.pid,
      ppid: this.ppid,
      tid,
      memory: this.memory,
      config: this.config,
      outbox: [],
      detailed: this.detailed,
    };
    const gen = (program as (env: ThreadEnv, ...args: unknown[]) => ProgramGen)(env, ...main.args);
    this.threads.set(tid, { gen, outbox: env.outbox as OutboxEntry[] });
  }

  resume(tid: number, resume: Resume): StepResult {
    const thread = this.threads.get(tid);
    if (!thread) return { outbox: [], next: { crash: `no thread ${tid} in pid ${this.pid}` } };
    let result: IteratorResult<Call, unknown>;
    try {
      result =
        'kernelError' in resume
          ? thread.gen.throw(new KernelError(resume.kernelError.code, resume.kernelError.message))
          : thread.gen.next(resume.value);
    } catch (error) {
      return {
        outbox: thread.outbox,
        next: { crash: error instanceof Error ? (error.stack ?? error.message) : String(error) },
      };
    }
    if (result.done) {
      this.threads.delete(tid);
      return { outbox: thread.outbox, next: { done: true } };
    }
    return { outbox: thread.outbox, next: { call: result.value } };
  }
}

/** Programs run right here; fork copies memory with `cloneMemory`. */
export class LocalHost implements ProgramHost {
  private readonly images = new Map<number, ProcessImage>();
  /** Each thread's process, by tid (tids are small and never reused): looked up on every step. */
  private readonly threadImage: ProcessImage[] = [];

  constructor(
    private readonly programs: ProgramTable,
    private readonly config: RunConfig,
    private readonly detailed: boolean,
  ) {}

  createProcess(pid: number, ppid: number | null, forkOf: number | null): void {
    const memory = forkOf === null ? {} : cloneMemory(this.images.get(forkOf)!.memory);
    this.images.set(
      pid,
      new ProcessImage(this.programs, this.config, this.detailed, pid, ppid, memory),
    );
  }

  createThread(pid: number, tid: number, main: ProgramRef): void {
    const image = this.images.get(pid)!;
    this.threadImage[tid] = image;
    image.startThread(tid, main);
  }

  resume(tid: number, resume: Resume): StepResult {
    return this.threadImage[tid]!.resume(tid, resume);
  }

  destroyProcess(pid: number): void {
    const image = this.images.get(pid);
    this.images.delete(pid);
    for (let tid = 0; tid < this.threadImage.length; tid++) {
      if (this.threadImage[tid] === image) delete this.threadImage[tid];
    }
  }
}
