/**
 * The free-running kernel, as one process (one Web Worker) sees it.
 *
 * The process's threads are the same programs the model runs, started and
 * advanced by the same `ProcessImage` the model's hosts use. Their system
 * calls are performed right here, on shared memory (system-calls.ts): a
 * semaphore is a word in the SharedArrayBuffer (acquire = an atomic
 * decrement), a pipe is a ring of bytes that the pickled messages really
 * travel through. Nothing arbitrates the order: processes race, as CPython's
 * do, and the trace records what happened in this browser (events.ts).
 *
 * Python threads of one process share this one JavaScript thread, as they
 * share one interpreter lock in CPython: a thread that would block is parked
 * (waits.ts) and another runs. When none can run, the worker sleeps in
 * `Atomics.wait` on the kernel's doorbell until a release, a write, a close
 * or an exit somewhere rings it (or a timeout is due).
 *
 * The main thread only answers what needs a new worker or a shared name
 * (fork, spawn, DuplicateHandle, semaphore names, listener addresses); those
 * requests go by postMessage and the answer comes back through this process's
 * reply slot (main-thread.ts).
 */
import { kernelEvents as ev, ProcessImage, type OutboxEntry } from '../../sim/kernel';
import { PROGRAMS } from '../../sim/programs';
import {
  KernelError,
  type ProcessMemory,
  type ProgramRef,
  type ProgramTable,
} from '../../sim/syscalls';
import { KernelMemory } from '../shared';
import type { ProcessContext } from './context';
import { ProcessEvents } from './events';
import { ProcessHandles } from './handles';
import { MainThreadCalls } from './main-thread';
import type { FreeProcessInit, FreeRequest } from './protocol';
import { execute } from './system-calls';
import { ProcessTables } from './tables';
import { deadlineOf, resumeWith, type Outcome, type Thread } from './threads';
import { check } from './waits';

/** Calls one thread makes in a row before the others get their turn. */
const BURST = 64;

export class FreeProcess implements ProcessContext {
  readonly init: FreeProcessInit;
  readonly mem: KernelMemory;
  readonly tables: ProcessTables;
  readonly events: ProcessEvents;
  readonly handles: ProcessHandles;
  readonly main: MainThreadCalls;
  /** The process's memory and its threads' generators, as every host keeps them. */
  private readonly image: ProcessImage;
  private readonly threads = new Map<number, Thread>();
  private readonly order: number[] = [];
  private exited = false;

  constructor(
    init: FreeProcessInit,
    post: (request: FreeRequest) => void,
    programs: ProgramTable = PROGRAMS,
  ) {
    this.init = init;
    this.mem = KernelMemory.attach(init.kernel);
    this.tables = ProcessTables.attach(init.tables, init.tableOptions);
    this.events = new ProcessEvents(this.mem, init.pid, init.runStart);
    this.handles = new ProcessHandles(
      this.mem,
      this.tables,
      this.events,
      init.slot,
      init.pid,
      init.config.platform,
    );
    this.main = new MainThreadCalls(this.tables, init.slot, post);
    this.image = new ProcessImage(
      programs,
      init.config,
      true,
      init.pid,
      init.ppid,
      init.memory ?? {},
    );
  }

  get memory(): ProcessMemory {
    return this.image.memory;
  }

  /** Runs the process to its end. Blocks the worker (Atomics.wait) whenever no thread can run. */
  run(): void {
    const init = this.init;
    // process.start and the handles it was born with are in the trace already:
    // the main thread wrote them when it created this worker.
    this.startThread(init.mainTid, 'MainThread', init.main);
    while (!this.exited) {
      const seen = this.mem.doorbell();
      if (this.killed()) return;
      let progressed = false;
      let nextDeadline = Infinity;
      for (const tid of [...this.order]) {
        const t = this.threads.get(tid);
        if (!t || t.done) continue;
        if (t.wait !== null) {
          const outcome = check(this, t, t.wait);
          if ('wait' in outcome) {
            // A wait that turned into another (a reply that now waits for an
            // exit) is progress: look again before sleeping.
            if (outcome.wait !== t.wait) progressed = true;
            t.wait = outcome.wait;
            const d = deadlineOf(outcome.wait);
            if (d !== null) nextDeadline = Math.min(nextDeadline, d);
            continue;
          }
          t.wait = null;
          t.resume = resumeWith(outcome);
        }
        progressed = true;
        this.runThread(t);
        if (this.exited) return;
      }
      if (!progressed) {
        const timeout =
          nextDeadline === Infinity ? null : Math.max(0, nextDeadline - performance.now());
        this.mem.waitDoorbell(seen, timeout);
      }
    }
  }

  // ── threads ───────────────────────────────────────────────────────────────

  startThread(tid: number, name: string, main: ProgramRef): void {
    this.image.startThread(tid, main);
    this.threads.set(tid, {
      tid,
      name,
      resume: { value: undefined },
      wait: null,
      done: false,
      at: { line: null, fn: null },
    });
    this.order.push(tid);
  }

  threadEnded(tid: number): boolean {
    const t = this.threads.get(tid);
    return !t || t.done;
  }

  /** Runs one thread until it must wait (or a burst of calls is done, to let the others run). */
  private runThread(t: Thread): void {
    for (let burst = 0; burst < BURST; burst++) {
      if (this.killed()) return;
      const r = t.resume;
      t.resume = { value: undefined };
      const step = this.image.resume(t.tid, r);
      // A bug in the model (not a Python exception): the worker reports it, the run fails.
      if ('crash' in step.next) throw crashed(step.next.crash);
      this.drain(t, step.outbox);
      if ('done' in step.next) {
        this.finishThread(t);
        return;
      }
      const call = step.next.call;
      t.at = call.at;
      let outcome: Outcome;
      try {
        outcome = execute(this, t, call);
      } catch (error) {
        if (!(error instanceof KernelError)) throw error;
        outcome = { error };
      }
      if (this.exited) return;
      if ('wait' in outcome) {
        // Try once at once: many waits are satisfied immediately.
        const now = check(this, t, outcome.wait);
        if ('wait' in now) {
          t.wait = now.wait;
          return;
        }
        t.resume = resumeWith(now);
        continue;
      }
      t.resume = resumeWith(outcome);
    }
  }

  private finishThread(t: Thread): void {
    t.done = true;
    if (t.tid === this.init.mainTid) {
      this.exit(0);
      return;
    }
    this.events.emit(t.tid, t.name, t.at, ev.THREAD_EXITED);
  }

  /** What the thread recorded while it ran, into the trace. */
  private drain(t: Thread, outbox: OutboxEntry[]): void {
    for (const { event, at } of outbox) this.events.emit(t.tid, t.name, at, event);
    outbox.length = 0;
  }

  // ── the end ───────────────────────────────────────────────────────────────

  /** Whether SIGTERM arrived; if so the process has ended (code -15). */
  private killed(): boolean {
    if (this.exited || !this.tables.killRequested(this.init.slot)) return this.exited;
    this.exit(-15, true);
    return true;
  }

  /** The process ends: close every handle (a held lock stays held), report the exit code. */
  exit(code: number, killed = false): void {
    if (this.exited) return;
    this.exited = true;
    const main = this.threads.get(this.init.mainTid);
    // Killed, it stops wherever it is: the closes belong to no line of the script.
    const at = killed ? { line: null, fn: null } : (main?.at ?? { line: null, fn: null });
    for (const e of this.handles.all()) {
      this.handles.remove(e.handle);
      this.events.emit(this.init.mainTid, 'MainThread', at, ev.handleClosed(e.handle, e.obj));
      this.handles.releaseEnds(e);
    }
    this.events.emit(this.init.mainTid, 'MainThread', at, ev.processExited(code));
    this.tables.setExited(this.init.slot, code);
    this.mem.ring();
    this.main.post({ op: 'exited', slot: this.init.slot, pid: this.init.pid, code });
  }
}

/** The error the worker reports for a thread that crashed (its stack, as the thread threw it). */
function crashed(stack: string): Error {
  const error = new Error(stack);
  error.stack = stack;
  return error;
}
