/**
 * A free-running run, seen from the main thread: it owns the shared memory,
 * starts one Web Worker per simulated process, answers the requests that need
 * a new worker or a shared name, and assembles the trace from the shared
 * event log once every process has exited.
 *
 * The main thread never blocks: it only uses the non-waiting calls of
 * KernelMemory (a browser's main thread may not Atomics.wait).
 */
import { firstPid, kernelEvents as ev, pidAfter, type Draw } from '../../sim/kernel';
import { KernelMemory } from '../shared';
import type { ProcessMemory, ProgramRef, RunConfig } from '../../sim/syscalls';
import { traceHeader } from '../../sim/run';
import { type EventBody, type HandleOrigin, type Trace, type TraceEvent } from '../../sim/trace';
import { retainEnds } from './ends';
import type { FreeProcessInit, FreeRequest } from './protocol';
import { ProcessTables, type HandleEntry, type TableOptions } from './tables';

/** A free run's numbers are drawn the machine's way, not from a seed. */
const MATH_RANDOM: Draw = { int: (n) => Math.floor(Math.random() * n) };

export interface FreeRunOutcome {
  readonly trace: Trace;
  readonly processes: { pid: number; name: string; ppid: number | null }[];
  readonly hung: boolean;
  readonly endTime: number;
}

interface Proc {
  readonly pid: number;
  readonly slot: number;
  name: string;
  readonly ppid: number | null;
  readonly mainTid: number;
  worker: ProcessWorker | null;
}

/**
 * What a FreeRun needs of a process's worker: a Web Worker's own surface
 * (in Node, the conformance suite adapts worker_threads to it).
 */
export interface ProcessWorker {
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Starts the worker of one process (`name`: what the browser's tools call it). */
export type StartWorker = (name: string) => ProcessWorker;

/** In the browser: a module Worker running free-worker.ts. */
const startWebWorker: StartWorker = (name) =>
  new Worker(new URL('./free-worker.ts', import.meta.url), { type: 'module', name });

export class FreeRun {
  private readonly mem: KernelMemory;
  private readonly tables: ProcessTables;
  private readonly tableOptions: Required<TableOptions>;
  private readonly procs = new Map<number, Proc>();
  private readonly bySlot = new Map<number, Proc>();
  private readonly semNames = new Map<string, number>();
  private readonly listeners = new Map<string, number>();
  private readonly started: { pid: number; name: string; ppid: number | null }[] = [];
  private readonly runStart = performance.timeOrigin + performance.now();
  private nextPid = firstPid(MATH_RANDOM);
  private mainPid = -1;
  private finished = false;
  private resolve: (outcome: FreeRunOutcome) => void = () => {};
  private reject: (error: unknown) => void = () => {};
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Every worker started, for the tests' and the UI's counts. */
  readonly workers: ProcessWorker[] = [];

  constructor(
    private readonly config: RunConfig,
    private readonly timeoutMs = 60_000,
    private readonly startWorker: StartWorker = startWebWorker,
  ) {
    // A run of scenario 2 makes ~150 semaphores and ~600 pipes (every manager
    // connection is a socket: two pipes); rings are allocated as pipes are made.
    this.mem = KernelMemory.create({
      maxSemaphores: 4096,
      maxPipes: 4096,
      pipeCapacity: 16_384,
      pipeHeapBytes: 48 * 1024 * 1024,
      logBytes: 24 * 1024 * 1024,
    });
    const { tables, options } = ProcessTables.create({ maxObjects: 8192, maxProcs: 64 });
    this.tables = tables;
    this.tableOptions = options;
  }

  /** Starts MainProcess running `main`; resolves when every process has exited. */
  start(main: ProgramRef = { program: 'main', args: [] }): Promise<FreeRunOutcome> {
    return new Promise<FreeRunOutcome>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.timer = setTimeout(() => this.finish(true), this.timeoutMs);
      try {
        this.mainPid = this.createProcess('MainProcess', null, 'main', main, null, []);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /** Stops everything now (cancel, reset, another scenario). */
  dispose(): void {
    this.finished = true;
    if (this.timer !== null) clearTimeout(this.timer);
    for (const p of this.procs.values()) {
      p.worker?.terminate();
      p.worker = null;
    }
  }

  // ── processes ─────────────────────────────────────────────────────────────

  private createProcess(
    name: string,
    ppid: number | null,
    birth: FreeProcessInit['birth'],
    main: ProgramRef,
    memory: ProcessMemory | null,
    handles: { entry: HandleEntry; origin: HandleOrigin; fromPid: number; fromHandle: number }[],
  ): number {
    const pid = this.nextPid;
    this.nextPid = pidAfter(pid, MATH_RANDOM);
    const slot = this.tables.claimSlot(pid);
    const mainTid = this.tables.nextThreadId();
    const proc: Proc = { pid, slot, name, ppid, mainTid, worker: null };
    this.procs.set(pid, proc);
    this.bySlot.set(slot, proc);
    this.started.push({ pid, name, ppid });
    const at = { line: null, fn: null };
    this.log(pid, mainTid, 'MainThread', ev.processStarted(name, ppid, birth, main.program), at);
    for (const h of handles) {
      this.tables.addHandle(slot, h.entry);
      retainEnds(this.mem, this.tables, h.entry);
      this.log(
        pid,
        mainTid,
        'MainThread',
        ev.handleAdded(h.entry.handle, h.entry.obj, h.origin, h),
        at,
      );
    }
    const worker = this.startWorker(`mpviz ${name} (${pid})`);
    this.workers.push(worker);
    proc.worker = worker;
    worker.onmessage = (
      event: MessageEvent<FreeRequest | { op: 'crash'; pid: number; message: string }>,
    ) => {
      try {
        this.handle(proc, event.data);
      } catch (error) {
        this.fail(error);
      }
    };
    worker.onerror = (event) => this.fail(new Error(`worker of ${name} failed: ${event.message}`));
    const init: FreeProcessInit = {
      kernel: this.mem.buffer,
      tables: this.tables.buffer,
      tableOptions: this.tableOptions,
      slot,
      pid,
      ppid,
      name,
      birth,
      main,
      mainTid,
      memory,
      config: this.config,
      runStart: this.runStart,
    };
    worker.postMessage(init);
    return pid;
  }

  private handle(
    from: Proc,
    request: FreeRequest | { op: 'crash'; pid: number; message: string },
  ): void {
    if (this.finished) return;
    switch (request.op) {
      case 'crash':
        this.fail(new Error(`model bug in pid ${request.pid}: ${request.message}`));
        return;
      case 'fork': {
        // Same handle numbers, same objects: the whole table is copied.
        const handles = this.tables.handles(from.slot).map((entry) => ({
          entry,
          origin: 'inherited' as const,
          fromPid: from.pid,
          fromHandle: entry.handle,
        }));
        const pid = this.createProcess(
          request.name,
          from.pid,
          request.birth,
          request.main,
          request.memory,
          handles,
        );
        this.tables.postReply(from.slot, { pid, slot: this.procs.get(pid)!.slot });
        break;
      }
      case 'spawn': {
        const windows = this.config.platform === 'windows';
        const handles = request.pass.map((h) => {
          const e = this.tables.lookup(from.slot, h)!;
          const number =
            request.origin === 'duplicated' || windows ? this.tables.nextWindowsHandle() : h;
          return {
            entry: { handle: number, obj: e.obj, end: e.end },
            origin: request.origin,
            fromPid: from.pid,
            fromHandle: h,
          };
        });
        const main: ProgramRef = {
          program: request.main.program,
          args: [...request.main.args, handles.map((x) => x.entry.handle)],
        };
        const pid = this.createProcess(request.name, from.pid, 'spawn', main, null, handles);
        this.tables.postReply(from.slot, {
          pid,
          slot: this.procs.get(pid)!.slot,
          handles: handles.map((x) => x.entry.handle),
        });
        break;
      }
      case 'dup': {
        const target = this.procs.get(request.toPid);
        const e = this.tables.lookup(from.slot, request.handle);
        if (!target || !e || this.tables.exitCode(target.slot) !== null) {
          this.tables.postReply(from.slot, -1);
          break;
        }
        const entry = { handle: this.tables.nextWindowsHandle(), obj: e.obj, end: e.end };
        this.tables.addHandle(target.slot, entry);
        retainEnds(this.mem, this.tables, entry);
        this.log(
          target.pid,
          target.mainTid,
          'MainThread',
          ev.handleAdded(entry.handle, entry.obj, 'duplicated', {
            fromPid: from.pid,
            fromHandle: request.handle,
          }),
          { line: null, fn: null },
        );
        this.tables.postReply(from.slot, entry.handle);
        break;
      }
      // A registration is answered too: the registering call returns only once the
      // name is known here, so another process that learns of it (through a pipe,
      // faster than this message) and looks it up finds it.
      case 'sem-name':
        if (request.obj !== null) this.semNames.set(request.name, request.obj);
        this.tables.postReply(from.slot, this.semNames.get(request.name) ?? -1);
        break;
      case 'listener':
        if (request.obj !== null) this.listeners.set(request.address, request.obj);
        this.tables.postReply(from.slot, this.listeners.get(request.address) ?? -1);
        break;
      case 'kill':
        this.kill(request.pid);
        return;
      case 'slot-of':
        this.tables.postReply(from.slot, this.procs.get(request.pid)?.slot ?? -1);
        break;
      case 'rename': {
        const p = this.procs.get(request.pid);
        if (p) p.name = request.name;
        const s = this.started.find((x) => x.pid === request.pid);
        if (s) s.name = request.name;
        return;
      }
      case 'exited':
        from.worker?.terminate();
        from.worker = null;
        if ([...this.procs.values()].every((p) => this.tables.exitCode(p.slot) !== null))
          this.finish(false);
        return;
    }
    this.mem.ring();
  }

  /**
   * SIGTERM. The process's own worker ends it at its next system call (or at
   * once if it sleeps: the bell wakes it): it closes its handles — a lock it
   * held stays held — and reports exit code -15. Doing that here, while the
   * worker may be closing the same handles in its own exit, closed ends twice.
   */
  private kill(pid: number): void {
    const p = this.procs.get(pid);
    if (!p || this.tables.exitCode(p.slot) !== null) return;
    this.tables.requestKill(p.slot);
    this.mem.ring();
  }

  // ── the trace ─────────────────────────────────────────────────────────────

  private log(
    pid: number,
    tid: number,
    thread: string,
    body: EventBody,
    at: { line: number | null; fn: string | null },
  ): void {
    const t = Math.round((performance.timeOrigin + performance.now() - this.runStart) * 1000);
    this.mem.appendEvent(
      JSON.stringify({ t, pid, tid, thread, line: at.line, fn: at.fn, ...body }),
    );
  }

  private finish(hung: boolean): void {
    if (this.finished) return;
    this.dispose();
    const events: TraceEvent[] = this.mem
      .readEvents(0)
      .map((r) => ({ ...(JSON.parse(r.json) as object), seq: r.seq }) as TraceEvent);
    const trace: Trace = {
      header: traceHeader({ ...this.config, seed: 0 }, 'workers-free'),
      events,
    };
    const endTime = events.reduce((m, e) => Math.max(m, e.t), 0);
    this.resolve({ trace, processes: this.started, hung, endTime });
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.dispose();
    this.reject(error);
  }

  get mainProcessPid(): number {
    return this.mainPid;
  }
}
