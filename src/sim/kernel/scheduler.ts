/**
 * The model kernel's scheduler: discrete-event, on a virtual clock. Each
 * thread is ready at some virtual time; the kernel resumes the one ready
 * earliest (ties broken by a seeded draw) and makes it ready again after its
 * call's cost. A thread that must wait is parked (`block`) and made ready by
 * whoever releases, writes or exits.
 *
 * Every seeded draw of a run is made here, in the order the run makes them:
 * the same seed gives the same trace, byte for byte.
 */
import { Random } from '../random';
import type { SyscallOp, SyscallResult } from '../syscalls';
import type { KernelError } from '../syscalls';
import type { Cost, CostTable } from './costs';
import { CpuLoad } from './cpu-load';
import type { Resume } from './host';
import { NO_VALUE, uniform, type Blocked, type Clock, type Process, type Thread } from './objects';

export class Scheduler implements Clock {
  now = 0;
  readonly random: Random;
  /**
   * The machine's own randomness: whether a cost hits its rare tail (the other
   * jobs on the machine holding the CPU). A stream of its own, so that a tail
   * added or tuned leaves every other draw of a seed where it was.
   */
  private readonly machine: Random;
  readonly costs: CostTable;
  /** How busy the cores are with heavy work (cpu-load.ts). */
  readonly load: CpuLoad;
  readonly threads = new Map<number, Thread>();
  /**
   * The same threads in creation order (the Map's order), for the scans done
   * on every step (the next thread to run, the readers of a pipe): iterating
   * an array is much cheaper than iterating a Map.
   */
  readonly live: Thread[] = [];
  /**
   * The threads the scheduler chooses from: the ready ones and those in a
   * timed wait (whose deadline may come first). A handful at any time, where
   * most of the live threads sit in untimed waits.
   */
  private readonly runnable: Thread[] = [];
  /** Threads parked in a write to a full pipe: rare, so every read need not look for one. */
  parkedWriters = 0;
  private nextTid = 1;

  constructor(seed: number, costs: CostTable) {
    this.random = new Random(seed);
    // The salt is one under which seed 1, the page's default (the one the stories, goldens
    // and deep links are written around), meets no hiccup in any scenario on Linux: the
    // default run is the typical one; the rare overtaking is a few seeds away.
    this.machine = new Random((seed ^ 0x3c6ef362) >>> 0);
    this.costs = costs;
    this.load = new CpuLoad(costs.cores);
  }

  /**
   * The thread to run next: the earliest ready, or one whose timed wait runs
   * out first (still blocked: the caller times it out). Null when none can run.
   */
  pickNext(): Thread | null {
    let best: Thread | null = null;
    let bestAt = Infinity;
    const runnable = this.runnable;
    for (let i = 0; i < runnable.length; i++) {
      const t = runnable[i]!;
      let at: number;
      if (t.state === 'ready') at = t.readyAt;
      else if (t.state === 'blocked' && t.blocked?.on === 'sem' && t.blocked.deadline !== null) {
        at = t.blocked.deadline;
      } else continue;
      // Earliest first, then the seeded tie, then creation order (the order of `live`).
      if (
        at < bestAt ||
        (at === bestAt &&
          best !== null &&
          (t.tie < best.tie || (t.tie === best.tie && t.tid < best.tid)))
      ) {
        best = t;
        bestAt = at;
      }
    }
    return best;
  }

  /**
   * The call `op` returns `value` after `cost`: typed by the op's
   * `SyscallResult`. Most calls return nothing: they share one resume object.
   */
  returns<Op extends SyscallOp>(
    thread: Thread,
    _op: Op,
    value: SyscallResult[Op],
    cost: number,
  ): void {
    this.makeReady(thread, value === undefined ? NO_VALUE : { value }, cost);
  }

  /** A parked thread's call `op` completes with `value`, after `delay`. */
  wake<Op extends SyscallOp>(
    thread: Thread,
    _op: Op,
    value: SyscallResult[Op],
    delay: number,
  ): void {
    this.makeReady(thread, { value }, delay);
  }

  /** The thread's call fails with `error`, after `delay`. */
  fail(thread: Thread, error: KernelError, delay: number): void {
    this.makeReady(thread, { kernelError: { code: error.code, message: error.message } }, delay);
  }

  makeReady(thread: Thread, resume: Resume, delay: number): void {
    if (thread.blocked?.on === 'send') this.parkedWriters--;
    // Made ready by another's call (its process shutting down): its heavy stretch, if any, ends.
    if (this.load.running > 0) this.load.end(this.now, thread);
    if (!thread.runnable) {
      thread.runnable = true;
      this.runnable.push(thread);
    }
    thread.state = 'ready';
    thread.blocked = null;
    thread.resume = resume;
    thread.readyAt = this.now + delay;
    thread.tie = this.random.next();
  }

  wakeDelay(): number {
    return this.draw(this.costs.wake);
  }

  /** A thread that process `pid` starts now may have to wait for a core (see cpu-load.ts). */
  cpuWait(pid: number): number {
    const chance = this.load.waitChance(this.now, pid);
    if (chance === 0 || (chance < 1 && this.machine.next() >= chance)) return 0;
    const c = this.costs.cpuWait;
    return this.machine.duration(c.median, c.sigma);
  }

  draw(cost: Cost): number {
    let d = cost.sigma === 0 ? cost.median : this.random.duration(cost.median, cost.sigma);
    if (cost.tail && this.machine.next() < cost.tail.p) {
      d += this.machine.duration(cost.tail.median, cost.tail.sigma);
    }
    return d;
  }

  /** The first blocked thread matching `test`, in creation order. */
  findThread(test: (t: Thread) => boolean): Thread | undefined {
    for (const t of this.live) if (t.state === 'blocked' && test(t)) return t;
    return undefined;
  }

  block(thread: Thread, blocked: Blocked): void {
    thread.state = 'blocked';
    thread.blocked = uniform(blocked);
    if (blocked.on === 'send') this.parkedWriters++;
    if (!(blocked.on === 'sem' && blocked.deadline !== null)) this.unschedule(thread);
  }

  /** The thread is not to be chosen until it is made ready again. */
  private unschedule(thread: Thread): void {
    if (!thread.runnable) return;
    thread.runnable = false;
    this.runnable.splice(this.runnable.indexOf(thread), 1);
  }

  /** A thread of `proc`, ready now; its program is started by the caller through the host. */
  addThread(proc: Process, name: string): Thread {
    const tid = this.nextTid++;
    const thread: Thread = {
      tid,
      pid: proc.pid,
      proc,
      name,
      state: 'ready',
      readyAt: this.now,
      tie: this.random.next(),
      resume: NO_VALUE,
      at: { line: null, fn: null },
      blocked: null,
      joiners: [],
      exiting: null,
      runnable: true,
      unread: null,
    };
    this.threads.set(tid, thread);
    this.live.push(thread);
    this.runnable.push(thread);
    proc.threads.push(tid);
    return thread;
  }

  /** The thread is gone: it is no longer scheduled, found or woken. */
  forget(thread: Thread): void {
    if (thread.blocked?.on === 'send') this.parkedWriters--;
    if (this.load.running > 0) this.load.end(this.now, thread);
    this.threads.delete(thread.tid);
    this.live.splice(this.live.indexOf(thread), 1);
    this.unschedule(thread);
  }

  /** How a thread resumes now: its pending result, handed over once. */
  takeResume(thread: Thread): Resume {
    const r = thread.resume;
    thread.resume = NO_VALUE;
    thread.unread = null;
    return r;
  }
}
