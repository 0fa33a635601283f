/**
 * The kernel's ProgramHost for real workers: each process the kernel creates
 * gets its own Web Worker (`process-worker.ts`), reached through comlink.
 *
 * Calls to one worker are answered in the order they were sent, which is what
 * makes fork exact: the snapshot of the parent's memory is requested at the
 * fork, before the parent can be resumed, so the child starts from the memory
 * the parent had at that instant.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { ProgramHost, Resume, StepResult } from '../sim/kernel';
import type { ProgramRef, RunConfig } from '../sim/syscalls';
import type { ProcessWorkerApi } from './process-worker';

interface HostedProcess {
  readonly worker: Worker;
  readonly api: Remote<ProcessWorkerApi>;
  /** Settles once the worker holds its memory and every thread started so far. */
  ready: Promise<void>;
  /**
   * Rejects if the worker itself fails (its script does not load, or it throws
   * outside a call): a comlink call to it would otherwise never settle, and the
   * run, or the confirmation waiting on it, would wait for ever.
   */
  readonly failed: Promise<never>;
}

export class WorkerHost implements ProgramHost {
  private readonly processes = new Map<number, HostedProcess>();
  private readonly threadPid = new Map<number, number>();
  private readonly all: Worker[] = [];
  private failure: unknown = null;

  constructor(
    private readonly config: RunConfig,
    private readonly detailed: boolean,
    private readonly names: (pid: number) => string = (pid) => `mpviz process ${pid}`,
  ) {}

  /** How many workers this host started (one per simulated process). */
  get workersStarted(): number {
    return this.all.length;
  }

  createProcess(pid: number, ppid: number | null, forkOf: number | null): void {
    const worker = new Worker(new URL('./process-worker.ts', import.meta.url), {
      type: 'module',
      name: this.names(pid),
    });
    this.all.push(worker);
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener(
        'error',
        (event) => {
          event.preventDefault();
          const why = event.message || 'its script did not load';
          reject(new Error(`the worker of process ${pid} failed: ${why}`));
        },
        { once: true },
      );
    });
    // Raced wherever the worker is waited on; a failure nobody waits on is not unhandled.
    failed.catch(() => {});
    const api = wrap<ProcessWorkerApi>(worker);
    // Ask for the parent's memory now: the parent is stopped in its fork() call.
    const memory =
      forkOf === null ? Promise.resolve(null) : this.processes.get(forkOf)!.api.snapshot();
    const ready = memory.then((m) => api.init(pid, ppid, m, this.config, this.detailed));
    this.processes.set(pid, { worker, api, failed, ready: this.watch(ready, failed) });
  }

  createThread(pid: number, tid: number, main: ProgramRef): void {
    const p = this.processes.get(pid)!;
    this.threadPid.set(tid, pid);
    p.ready = this.watch(
      p.ready.then(() => p.api.startThread(tid, main)),
      p.failed,
    );
  }

  async resume(tid: number, resume: Resume): Promise<StepResult> {
    if (this.failure !== null) throw this.failure;
    const p = this.processes.get(this.threadPid.get(tid)!)!;
    await p.ready;
    return Promise.race([p.api.resume(tid, resume), p.failed]);
  }

  destroyProcess(pid: number): void {
    const p = this.processes.get(pid);
    if (!p) return;
    this.processes.delete(pid);
    p.api[releaseProxy]();
    p.worker.terminate();
  }

  /** Terminates every worker still alive (the run ended, failed or was cancelled). */
  dispose(): void {
    for (const pid of [...this.processes.keys()]) this.destroyProcess(pid);
    for (const w of this.all) w.terminate();
  }

  private watch(p: Promise<void>, failed: Promise<never>): Promise<void> {
    return Promise.race([p, failed]).catch((error: unknown) => {
      this.failure ??= error;
      throw error;
    });
  }
}
