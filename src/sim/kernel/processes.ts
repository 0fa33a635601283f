/**
 * The model kernel's processes and threads: fork (a copy of the memory and
 * the whole handle table), spawn (a new interpreter that gets only the
 * handles passed to it), waitpid, SIGTERM, thread start and join, and a
 * process's end (every thread stops, every handle closes; a held lock stays
 * held). Where programs run is the host's business (host.ts).
 */
import type { CallOf, ProgramRef } from '../syscalls';
import type { Birth, EventBody } from '../trace';
import { noSuchProcess } from './errors';
import * as ev from './events';
import type { Handles } from './handles';
import type { ProgramHost } from './host';
import { FIRST_FD, pidAfter } from './numbering';
import type { Process, Thread } from './objects';
import type { Scheduler } from './scheduler';
import type { Semaphores } from './semaphores';
import type { TraceOut } from './trace-out';

const NOWHERE = { line: null, fn: null } as const;

export class Processes {
  readonly processes = new Map<number, Process>();
  /** Every process started, in order, with its current name. */
  readonly started: { pid: number; name: string; ppid: number | null }[] = [];
  private nextPid: number;

  constructor(
    private readonly sched: Scheduler,
    private readonly trace: TraceOut,
    private readonly handles: Handles,
    private readonly sems: Semaphores,
    private readonly host: ProgramHost,
    /** The first pid (numbering.ts's firstPid, drawn by the kernel). */
    firstPid: number,
  ) {
    this.nextPid = firstPid;
  }

  private otherCost(): number {
    return this.sched.draw(this.sched.costs.other);
  }

  /** A new process running `main` in its MainThread; `populate` gives it its handles. */
  create(
    name: string,
    ppid: number | null,
    forkOf: number | null,
    birth: Birth,
    main: ProgramRef,
    populate?: (child: Process, mainTid: number) => void,
  ): number {
    const pid = this.nextPid;
    this.nextPid = pidAfter(pid, this.sched.random);
    const proc: Process = {
      pid,
      name,
      ppid,
      handles: new Map(),
      fdFloor: FIRST_FD,
      threads: [],
      exitCode: null,
      waiters: [],
    };
    this.processes.set(pid, proc);
    this.started.push({ pid, name, ppid });
    this.host.createProcess(pid, ppid, forkOf);
    const tid = this.sched.addThread(proc, 'MainThread').tid;
    this.trace.emitRaw(tid, pid, ev.processStarted(name, ppid, birth, main.program), NOWHERE);
    populate?.(proc, tid);
    this.host.createThread(pid, tid, main);
    return pid;
  }

  fork(thread: Thread, call: CallOf<'proc.fork'>): void {
    const proc = thread.proc;
    // The child gets a copy of this process's memory (the host copies it)
    // and of its whole handle table: same numbers, same kernel objects.
    const pid = this.create(call.name, proc.pid, proc.pid, call.birth, call.main, (child, tid) => {
      for (const [h, target] of proc.handles) {
        this.handles.install(child, target, h);
        const from = { fromPid: proc.pid, fromHandle: h };
        this.trace.emitRaw(
          tid,
          child.pid,
          ev.handleAdded(h, target.obj, 'inherited', from),
          thread.at,
        );
      }
    });
    const child = this.sched.threads.get(this.processes.get(pid)!.threads[0]!)!;
    const costs = this.sched.costs;
    child.readyAt = this.sched.now + this.sched.draw(costs.forkChild);
    this.sched.returns(thread, call.op, pid, this.sched.draw(costs.cpu.fork));
  }

  spawn(thread: Thread, call: CallOf<'proc.spawn'>): void {
    const proc = thread.proc;
    const passed: number[] = [];
    // The new interpreter's main program also receives the numbers its handles have there
    // (`passed` is filled in before the program is created).
    const main: ProgramRef = { program: call.main.program, args: [...call.main.args, passed] };
    const pid = this.create(call.name, proc.pid, null, 'spawn', main, (child, tid) => {
      for (const h of call.pass) {
        const target = this.handles.handleOf(proc, h);
        const nh = this.handles.install(
          child,
          target,
          call.origin === 'duplicated' ? undefined : h,
        );
        passed.push(nh);
        const from = { fromPid: proc.pid, fromHandle: h };
        // A new interpreter has run nothing yet: it is at no line (a forked
        // child, by contrast, is where its parent called fork).
        this.trace.emitRaw(
          tid,
          child.pid,
          ev.handleAdded(nh, target.obj, call.origin, from),
          NOWHERE,
        );
      }
    });
    const handles: readonly number[] = passed;
    this.sched.returns(
      thread,
      call.op,
      { pid, handles },
      this.sched.draw(this.sched.costs.cpu.fork),
    );
  }

  poll(thread: Thread, call: CallOf<'proc.poll'>): void {
    const p = this.processes.get(call.pid);
    this.sched.returns(
      thread,
      call.op,
      p ? p.exitCode : null,
      this.sched.draw(this.sched.costs.poll),
    );
  }

  wait(thread: Thread, call: CallOf<'proc.wait'>): void {
    const p = this.processes.get(call.pid);
    if (!p || p.exitCode !== null) {
      const code = p ? p.exitCode : null;
      this.sched.returns(thread, call.op, code, this.sched.draw(this.sched.costs.poll));
      return;
    }
    p.waiters.push(thread.tid);
    this.sched.block(thread, { on: 'wait', pid: call.pid });
  }

  kill(thread: Thread, call: CallOf<'proc.kill'>): void {
    // SIGTERM: the process stops wherever it is; whatever it held stays held.
    const p = this.processes.get(call.pid);
    if (p && p.exitCode === null) this.exit(p, -15);
    this.sched.returns(thread, call.op, undefined, this.otherCost());
  }

  rename(thread: Thread, call: CallOf<'proc.rename'>): void {
    const p = this.processes.get(call.pid);
    if (p) {
      p.name = call.name;
      const entry = this.started.find((s) => s.pid === call.pid);
      if (entry) entry.name = call.name;
      this.trace.emitFor(thread, ev.processRenamed(call.name), undefined, call.pid);
    }
    this.sched.returns(thread, call.op, undefined, 0);
  }

  /** DuplicateHandle(): a copy of one of the caller's handles in another process's table. */
  dup(thread: Thread, call: CallOf<'handle.dup'>): void {
    const proc = thread.proc;
    const target = this.handles.handleOf(proc, call.handle);
    const other = this.processes.get(call.toPid);
    if (!other || other.exitCode !== null) throw noSuchProcess();
    const from = { fromPid: proc.pid, fromHandle: call.handle };
    const h = this.handles.add(other, thread, target, 'duplicated', from);
    this.sched.returns(thread, call.op, h, this.otherCost());
  }

  startThread(thread: Thread, call: CallOf<'thread.start'>): void {
    const t = this.sched.addThread(thread.proc, call.name);
    this.host.createThread(thread.pid, t.tid, call.main);
    this.trace.emitFor(thread, ev.threadStarted(t.tid, call.name));
    const startCost =
      this.sched.draw(this.sched.costs.cpu['thread-start']) + this.sched.cpuWait(thread.pid);
    t.readyAt = this.sched.now + startCost;
    // Thread.start() waits until the new thread has signalled that it started.
    this.sched.returns(thread, call.op, t.tid, startCost);
  }

  join(thread: Thread, call: CallOf<'thread.join'>): void {
    const t = this.sched.threads.get(call.tid);
    if (!t || t.state === 'done') {
      this.sched.returns(thread, call.op, undefined, this.otherCost());
      return;
    }
    t.joiners.push(thread.tid);
    this.sched.block(thread, { on: 'join', tid: call.tid });
  }

  renameThread(thread: Thread, call: CallOf<'thread.rename'>): void {
    thread.name = call.name;
    this.trace.emitFor(thread, ev.threadRenamed(call.name));
    this.sched.returns(thread, call.op, undefined, 0);
  }

  /** The thread's program returned: a thread ends; a MainThread ends its process. */
  finishThread(thread: Thread, code: number): void {
    const proc = thread.proc;
    if (proc.threads[0] === thread.tid) {
      this.beginExit(thread, code);
      return;
    }
    thread.state = 'done';
    this.trace.emitFor(thread, ev.THREAD_EXITED);
    this.sched.forget(thread);
    for (const j of thread.joiners) {
      const joiner = this.sched.threads.get(j);
      if (joiner) this.sched.wake(joiner, 'thread.join', undefined, this.sched.wakeDelay());
    }
  }

  /** Interpreter shutdown takes a while; the process's other threads run on meanwhile. */
  beginExit(thread: Thread, code: number): void {
    thread.exiting = code;
    this.sched.makeReady(thread, { value: undefined }, this.sched.draw(this.sched.costs.exit));
  }

  /** The process ends with `code`: its threads stop, its handles close, its waiters wake. */
  exit(proc: Process, code: number): void {
    if (proc.exitCode !== null) return;
    const mainTid = proc.threads[0]!;
    const main = this.sched.threads.get(mainTid);
    // Every thread of the process stops where it is (daemon threads included).
    const unread: NonNullable<Thread['unread']>[] = [];
    for (const tid of proc.threads) {
      const t = this.sched.threads.get(tid);
      if (!t) continue;
      if (t.blocked?.on === 'sem') this.sems.forgetWaiter(t.blocked.obj, tid);
      if (t.unread !== null) unread.push(t.unread);
      t.unread = null;
      t.state = 'done';
      this.sched.forget(t);
    }
    proc.exitCode = code;
    this.host.destroyProcess(proc.pid);
    if (unread.length > 0) this.handles.readers?.putBack(unread);
    const at = main?.at ?? NOWHERE;
    const name = main?.name ?? 'MainThread';
    const emit = (body: EventBody): void => this.trace.emitRaw(mainTid, proc.pid, body, at, name);
    // Closing the handles may wake readers with EOF; a held lock stays held.
    for (const [h, target] of [...proc.handles]) {
      this.handles.drop(proc, h);
      this.handles.release(target);
      emit(ev.handleClosed(h, target.obj));
      this.handles.flushFreed(emit);
    }
    emit(ev.processExited(code));
    for (const w of proc.waiters) {
      const waiter = this.sched.threads.get(w);
      if (waiter) this.sched.wake(waiter, 'proc.wait', code, this.sched.wakeDelay());
    }
    proc.waiters = [];
    for (const t of this.sched.live) {
      if (
        t.state === 'blocked' &&
        t.blocked?.on === 'join' &&
        !this.sched.threads.has(t.blocked.tid)
      ) {
        this.sched.wake(t, 'thread.join', undefined, this.sched.wakeDelay());
      }
    }
  }
}
