/**
 * The model kernel: implements every system call in memory, in virtual time,
 * with a seeded scheduler. Deterministic: the same programs, configuration
 * and seed give the same trace, byte for byte.
 *
 * Scheduling is discrete-event: each thread is ready at some virtual time; the
 * kernel always resumes the thread that is ready earliest (ties broken by a
 * seeded draw), performs the call it yields at that instant, and makes it
 * ready again after the call's cost. A thread that must wait (a held
 * semaphore, an empty pipe, a child that has not exited) is parked on the
 * object and made ready by whoever releases, writes or exits. There is no CPU
 * or GIL contention in this model: costs are calibrated to include it.
 */
import { Random } from '../random';
import type { Call, Loc, ProgramRef, ProgramTable, RunConfig } from '../syscalls';
import { KernelError, SEM_VALUE_MAX } from '../syscalls';
import { hex, type Birth, type EventBody, type HandleOrigin, type TraceEvent } from '../trace';
import { CPYTHON_311_LINUX_2CORES, type Cost, type CostTable } from './costs';
import { CpuLoad, HEAVY } from './cpu-load';
import {
  LocalHost,
  type OutboxEntry,
  type ProgramHost,
  type Resume,
  type StepResult,
} from './host';

const NO_VALUE: Resume = { value: undefined };

// ── kernel objects ──────────────────────────────────────────────────────────

interface Semaphore {
  readonly kind: 'semaphore';
  readonly id: number;
  value: number;
  readonly max: number;
  name: string | null;
  readonly label: string;
  /** Threads parked in sem_wait, in arrival order. */
  waiters: number[];
}

/** A pipe (one direction) or a socket pair (two directions). Messages are whole. */
interface Stream {
  readonly kind: 'pipe' | 'socket';
  readonly id: number;
  readonly label: string;
  /** dirs[d]: messages written by end d (pipe: only d = 0, written by the write end). */
  readonly dirs: [Message[], Message[]];
  readonly buffered: [number, number];
  /** Open handles per end (pipe: end 0 = write end, end 1 = read end). */
  readonly open: [number, number];
  /** SCM_RIGHTS: kernel objects in flight, per direction. */
  readonly fds: [HandleTarget[][], HandleTarget[][]];
}

interface Message {
  /** What the writer passed; the reader gets these bytes. */
  readonly payload: Uint8Array;
  /**
   * Whether a Connection length header goes in front of `payload` on the
   * wire. It is counted in `size` (and shown in the trace) but never built
   * on its own: a copy of each message was a cost of every send.
   */
  readonly framed: boolean;
  /** Bytes on the wire: the payload, plus the 4-byte header when framed. */
  readonly size: number;
}

interface Listener {
  readonly kind: 'listener';
  readonly id: number;
  readonly address: string;
  readonly label: string;
  /** Server ends of connections not yet accepted. */
  backlog: HandleTarget[];
  open: number;
}

type KernelObject = Semaphore | Stream | Listener;

/** What a handle points at: an object, and for streams, which end. */
interface HandleTarget {
  readonly obj: number;
  /** Streams: the end this handle is (pipe 0 = write, 1 = read; socket 0/1). */
  readonly end: 0 | 1;
}

interface Process {
  readonly pid: number;
  name: string;
  readonly ppid: number | null;
  readonly handles: Map<number, HandleTarget>;
  /** Every file descriptor from 3 below this one is open: the search for a free one starts here. */
  fdFloor: number;
  readonly threads: number[];
  exitCode: number | null;
  /** Threads waiting in waitpid() for this process. */
  waiters: number[];
}

type Blocked =
  | {
      readonly on: 'sem';
      readonly obj: number;
      readonly handle: number;
      readonly deadline: number | null;
    }
  | {
      readonly on: 'recv';
      readonly obj: number;
      readonly handle: number;
      readonly dir: 0 | 1;
      /** recvfds(): the message carries kernel objects (SCM_RIGHTS). */
      readonly fds: boolean;
    }
  | {
      readonly on: 'send';
      readonly obj: number;
      readonly handle: number;
      readonly dir: 0 | 1;
      readonly msg: Message;
    }
  | { readonly on: 'accept'; readonly obj: number }
  | { readonly on: 'wait'; readonly pid: number }
  | { readonly on: 'join'; readonly tid: number };

/**
 * A wait as the kernel stores it: every kind with the same fields in the
 * same order, so that all of them share one hidden class. The scans made on
 * every step (the next thread to run, the readers of a pipe) read these
 * fields of every parked thread; six shapes made each read a slow lookup.
 */
function uniform(b: Blocked): Blocked {
  const u = {
    on: b.on as Blocked['on'],
    obj: -1,
    handle: -1,
    deadline: null as number | null,
    dir: 0 as 0 | 1,
    fds: false,
    msg: null as Message | null,
    pid: -1,
    tid: -1,
  };
  switch (b.on) {
    case 'sem':
      u.obj = b.obj;
      u.handle = b.handle;
      u.deadline = b.deadline;
      break;
    case 'recv':
      u.obj = b.obj;
      u.handle = b.handle;
      u.dir = b.dir;
      u.fds = b.fds;
      break;
    case 'send':
      u.obj = b.obj;
      u.handle = b.handle;
      u.dir = b.dir;
      u.msg = b.msg;
      break;
    case 'accept':
      u.obj = b.obj;
      break;
    case 'wait':
      u.pid = b.pid;
      break;
    case 'join':
      u.tid = b.tid;
      break;
  }
  return u as Blocked;
}

interface Thread {
  readonly tid: number;
  readonly pid: number;
  /** The thread's process (its pid's entry in `processes`). */
  readonly proc: Process;
  name: string;
  state: 'ready' | 'blocked' | 'done';
  readyAt: number;
  tie: number;
  /** Set when the thread is shutting its process down: the exit code, applied when it runs next. */
  exiting: number | null;
  resume: Resume;
  at: Loc;
  blocked: Blocked | null;
  joiners: number[];
  /** In `runnable`: ready, or parked in a timed semaphore wait. */
  runnable: boolean;
}

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

/**
 * The events kept in `outcome` mode. A switch, not a Set: asked for every
 * event of every run.
 */
function isOutcomeKind(kind: string): boolean {
  switch (kind) {
    case 'process.start':
    case 'process.rename':
    case 'print':
    case 'exception':
    case 'verdict':
    case 'proxy.request':
      return true;
    default:
      return false;
  }
}

export interface KernelRun {
  readonly events: TraceEvent[];
  readonly processes: { pid: number; name: string; ppid: number | null }[];
  /** True when the run ended with threads still waiting and nothing left to wake them. */
  readonly hung: boolean;
  readonly endTime: number;
  readonly exitCode: number | null;
}

const PIPE_CAPACITY = 65_536;

export class ModelKernel {
  private readonly host: ProgramHost;
  private readonly config: RunConfig;
  private readonly random: Random;
  /**
   * The machine's own randomness: whether a cost hits its rare tail (the other
   * jobs on the machine holding the CPU). A stream of its own, so that a tail
   * added or tuned leaves every other draw of a seed where it was.
   */
  private readonly machine: Random;
  private readonly costs: CostTable;
  private readonly load: CpuLoad;
  private readonly maxEvents: number;
  private readonly maxTimeUs: number;

  private now = 0;
  private readonly events: TraceEvent[] = [];
  private readonly keepAll: boolean;
  /** Events produced, kept or not (the next `seq`). */
  private produced = 0;
  /** Kernel objects by id (ids count up from 1: an array, looked up on most calls). */
  private readonly objects: (KernelObject | undefined)[] = [];
  private readonly listeners = new Map<string, number>();
  private readonly semNames = new Map<string, number>();
  private readonly processes = new Map<number, Process>();
  private readonly threads = new Map<number, Thread>();
  /**
   * The same threads in creation order (the Map's order), for the scans done
   * on every step (the next thread to run, the readers of a pipe): iterating
   * an array is much cheaper than iterating a Map.
   */
  private readonly live: Thread[] = [];
  /**
   * The threads the scheduler chooses from: the ready ones and those in a
   * timed wait (whose deadline may come first). A handful at any time, where
   * most of the live threads sit in untimed waits.
   */
  private readonly runnable: Thread[] = [];
  /** Threads parked in a write to a full pipe: rare, so every read need not look for one. */
  private parkedWriters = 0;
  private readonly started: { pid: number; name: string; ppid: number | null }[] = [];
  private nextObj = 1;
  /** Handles (and in-flight references) per kernel object, by id. */
  private readonly refs: (number | undefined)[] = [];
  /** Objects whose last reference just went away: `kobj.free` follows the `handle.close`. */
  private freed: number[] = [];
  private nextTid = 1;
  private nextPid: number;
  private nextSemAddr: number;
  private nextWinHandle = 0x1a0;
  private mainPid = 0;

  constructor(options: KernelOptions) {
    this.config = options.config;
    this.random = new Random(options.seed);
    // The salt is one under which seed 1, the page's default (the one the stories, goldens
    // and deep links are written around), meets no hiccup in any scenario on Linux: the
    // default run is the typical one; the rare overtaking is a few seeds away.
    this.machine = new Random((options.seed ^ 0x3c6ef362) >>> 0);
    this.costs = options.costs ?? CPYTHON_311_LINUX_2CORES;
    this.load = new CpuLoad(this.costs.cores);
    this.maxEvents = options.maxEvents ?? 500_000;
    this.maxTimeUs = options.maxTimeUs ?? 600_000_000;
    this.keepAll = (options.record ?? 'all') === 'all';
    this.host = options.host ?? new LocalHost(options.programs, options.config, this.keepAll);
    // Pids and semaphore addresses look like a real machine's, and differ per seed.
    this.nextPid = 4_000 + this.random.int(60_000);
    this.nextSemAddr = 0x7f0000000000 + this.random.int(0xffff) * 0x1000000;
  }

  /** Runs `main` as MainProcess until every process has exited (or nothing can move). */
  run(main: ProgramRef, name = 'MainProcess'): KernelRun {
    this.begin(main, name);
    for (let thread = this.next(); thread !== null; thread = this.next()) {
      if (thread.exiting !== null) {
        this.exitProcess(thread.proc, thread.exiting);
        continue;
      }
      const result = this.host.resume(thread.tid, this.takeResume(thread));
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
        this.exitProcess(thread.proc, thread.exiting);
        continue;
      }
      this.complete(thread, await this.host.resume(thread.tid, this.takeResume(thread)));
    }
    return this.end();
  }

  private hung = false;

  private begin(main: ProgramRef, name: string): void {
    this.mainPid = this.createProcess(name, null, null, 'main', main);
  }

  /** The thread to run now (the clock moved to its time), or null when the run is over. */
  private next(): Thread | null {
    const thread = this.pickNext();
    if (thread === null) {
      this.hung = this.live.some((t) => t.state === 'blocked');
      return null;
    }
    if (this.produced >= this.maxEvents || thread.readyAt > this.maxTimeUs) {
      this.hung = true;
      return null;
    }
    this.now = Math.max(this.now, thread.readyAt);
    return thread;
  }

  private end(): KernelRun {
    return {
      events: this.events,
      processes: this.started,
      hung: this.hung,
      endTime: this.now,
      exitCode: this.processes.get(this.mainPid)?.exitCode ?? null,
    };
  }

  private takeResume(thread: Thread): Resume {
    const r = thread.resume;
    thread.resume = NO_VALUE;
    return r;
  }

  // ── scheduling ────────────────────────────────────────────────────────────

  private pickNext(): Thread | null {
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
    if (best !== null && best.state === 'blocked') {
      // A timed wait ran out.
      const b = best.blocked as Extract<Blocked, { on: 'sem' }>;
      const sem = this.objects[b.obj] as Semaphore;
      sem.waiters = sem.waiters.filter((w) => w !== best.tid);
      this.now = Math.max(this.now, bestAt);
      this.emitFor(best, { kind: 'sem.timeout', obj: b.obj, handle: b.handle });
      this.makeReady(best, { value: false }, 0);
    }
    return best;
  }

  /** The call returns `value` after `cost`. Most calls return nothing: they share one resume object. */
  private ready(thread: Thread, value: unknown, cost: number): void {
    this.makeReady(thread, value === undefined ? NO_VALUE : { value }, cost);
  }

  private makeReady(thread: Thread, resume: Thread['resume'], delay: number): void {
    if (thread.blocked?.on === 'send') this.parkedWriters--;
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

  /** A thread started while heavy work outnumbers the cores waits for one (see cpu-load.ts). */
  private cpuWait(): number {
    if (!this.load.saturated(this.now)) return 0;
    const c = this.costs.cpuWait;
    return this.machine.duration(c.median, c.sigma);
  }

  private wakeDelay(): number {
    return this.draw(this.costs.wake);
  }

  private draw(cost: Cost): number {
    let d = cost.sigma === 0 ? cost.median : this.random.duration(cost.median, cost.sigma);
    if (cost.tail && this.machine.next() < cost.tail.p) {
      d += this.machine.duration(cost.tail.median, cost.tail.sigma);
    }
    return d;
  }

  /** What the thread did when it ran: record its events, then perform its call. */
  private complete(thread: Thread, result: StepResult): void {
    this.drainOutbox(thread, result.outbox);
    const next = result.next;
    if ('crash' in next) {
      // Programs print Python tracebacks themselves: anything escaping a
      // program is a bug in the model, and must not pass unnoticed.
      throw new Error(
        `model bug in ${thread.name} of pid ${thread.pid} at ${thread.at.fn ?? '?'}: ${next.crash}`,
      );
    }
    if ('done' in next) {
      this.finishThread(thread, 0);
      return;
    }
    const call = next.call;
    thread.at = call.at;
    try {
      this.execute(thread, call);
    } catch (error) {
      if (!(error instanceof KernelError)) throw error;
      this.makeReady(
        thread,
        { kernelError: { code: error.code, message: error.message } },
        this.draw(this.costs.other),
      );
    }
  }

  /** Appends what the thread recorded while it ran (see ThreadEnv.outbox). */
  private drainOutbox(thread: Thread, outbox: OutboxEntry[]): void {
    const n = outbox.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const { event, at } = outbox[i]!;
      if (!this.keep(event.kind)) continue;
      this.events.push({
        seq: this.produced++,
        t: Math.round(this.now),
        pid: thread.pid,
        tid: thread.tid,
        thread: thread.name,
        line: at.line,
        fn: at.fn,
        ...event,
      } as TraceEvent);
    }
    // pop(), not `length = 0`: setting an array's length is a call into the runtime.
    for (let i = 0; i < n; i++) outbox.pop();
  }

  private finishThread(thread: Thread, code: number): void {
    const proc = thread.proc;
    const isMain = proc.threads[0] === thread.tid;
    if (isMain) {
      this.beginExit(thread, code);
      return;
    }
    thread.state = 'done';
    this.emitFor(thread, { kind: 'thread.exit' });
    this.forget(thread);
    for (const j of thread.joiners) {
      const joiner = this.threads.get(j);
      if (joiner) this.makeReady(joiner, { value: undefined }, this.wakeDelay());
    }
  }

  // ── system calls ──────────────────────────────────────────────────────────

  private execute(thread: Thread, call: Call): void {
    const proc = thread.proc;
    switch (call.op) {
      case 'cpu': {
        const c = this.costs.cpu[call.cost];
        const d = this.draw(c) * (call.units ?? 1);
        if (HEAVY.has(call.cost)) this.load.busy(this.now, this.now + d);
        this.ready(thread, undefined, d);
        return;
      }
      case 'sleep':
        this.emitFor(thread, { kind: 'sleep', seconds: call.seconds });
        this.ready(thread, undefined, call.seconds * 1e6 + this.draw(this.costs.sleepOvershoot));
        return;
      case 'random':
        this.ready(thread, this.random.nextUint32(), 0);
        return;
      case 'print':
        this.emitFor(thread, { kind: 'print', stream: call.stream, text: call.text });
        this.ready(thread, undefined, this.draw(this.costs.cpu.print));
        return;
      case 'emit':
        this.emitFor(thread, call.event);
        this.ready(thread, undefined, 0);
        return;

      // semaphores
      case 'sem.create': {
        if (call.name !== null && this.semNames.has(call.name)) {
          throw new KernelError('EEXIST', `semaphore ${call.name} exists`);
        }
        const id = this.nextObj++;
        const sem: Semaphore = {
          kind: 'semaphore',
          id,
          value: call.value,
          max: call.max > SEM_VALUE_MAX ? SEM_VALUE_MAX : call.max,
          name: call.name,
          label: call.label,
          waiters: [],
        };
        this.objects[id] = sem;
        this.emitFor(thread, {
          kind: 'kobj.create',
          obj: id,
          objKind: 'semaphore',
          label: call.label,
          value: call.value,
          max: sem.max,
          name: call.name,
          ...(call.private ? { private: true } : {}),
        });
        if (call.name !== null) {
          if (call.unlink) this.emitFor(thread, { kind: 'kobj.unlink', obj: id });
          else this.semNames.set(call.name, id);
        }
        sem.name = call.unlink ? null : call.name;
        const h = this.addHandle(proc, thread, { obj: id, end: 0 }, 'created');
        this.ready(thread, h, this.draw(this.costs.other));
        return;
      }
      case 'sem.open': {
        const id = this.semNames.get(call.name);
        if (id === undefined) throw new KernelError('ENOENT', `no semaphore named ${call.name}`);
        const h = this.addHandle(proc, thread, { obj: id, end: 0 }, 'opened');
        this.ready(thread, h, this.draw(this.costs.other));
        return;
      }
      case 'sem.acquire': {
        const { sem } = this.semOf(proc, call.handle);
        if (sem.value > 0) {
          sem.value -= 1;
          this.emitFor(thread, {
            kind: 'sem.acquire',
            obj: sem.id,
            handle: call.handle,
            value: sem.value,
            waited: false,
          });
          this.ready(thread, true, this.draw(this.costs.semOp));
          return;
        }
        if (!call.block || call.timeout === 0) {
          this.emitFor(thread, { kind: 'sem.try-failed', obj: sem.id, handle: call.handle });
          this.ready(thread, false, this.draw(this.costs.semOp));
          return;
        }
        this.emitFor(thread, { kind: 'sem.block', obj: sem.id, handle: call.handle });
        sem.waiters.push(thread.tid);
        this.block(thread, {
          on: 'sem',
          obj: sem.id,
          handle: call.handle,
          deadline: call.timeout === null ? null : this.now + call.timeout * 1e6,
        });
        return;
      }
      case 'sem.release': {
        const { sem } = this.semOf(proc, call.handle);
        if (sem.waiters.length > 0) {
          // POSIX does not say which waiter sem_post wakes: draw one.
          const i = this.random.int(sem.waiters.length);
          const tid = sem.waiters.splice(i, 1)[0]!;
          const waiter = this.threads.get(tid)!;
          const b = waiter.blocked as Extract<Blocked, { on: 'sem' }>;
          this.emitFor(thread, {
            kind: 'sem.release',
            obj: sem.id,
            handle: call.handle,
            value: sem.value,
            wakes: tid,
          });
          // The count stays 0: the semaphore passes straight to the woken thread.
          this.emitFor(waiter, {
            kind: 'sem.acquire',
            obj: sem.id,
            handle: b.handle,
            value: sem.value,
            waited: true,
          });
          this.makeReady(waiter, { value: true }, this.wakeDelay());
          this.ready(thread, undefined, this.draw(this.costs.semOp));
          return;
        }
        if (sem.value >= sem.max) {
          throw new KernelError('EOVERFLOW', 'semaphore or lock released too many times');
        }
        sem.value += 1;
        this.emitFor(thread, {
          kind: 'sem.release',
          obj: sem.id,
          handle: call.handle,
          value: sem.value,
          wakes: null,
        });
        this.ready(thread, undefined, this.draw(this.costs.semOp));
        return;
      }
      case 'sem.value': {
        const { sem } = this.semOf(proc, call.handle);
        this.ready(thread, sem.value, this.draw(this.costs.semOp));
        return;
      }

      // pipes and sockets
      case 'pipe.create': {
        const id = this.nextObj++;
        const stream: Stream = {
          kind: call.duplex ? 'socket' : 'pipe',
          id,
          label: call.label,
          dirs: [[], []],
          buffered: [0, 0],
          open: [0, 0],
          fds: [[], []],
        };
        this.objects[id] = stream;
        this.emitFor(thread, {
          kind: 'kobj.create',
          obj: id,
          objKind: stream.kind,
          label: call.label,
        });
        // CPython's Pipe(duplex=False) returns (reader, writer).
        const first = this.addHandle(proc, thread, { obj: id, end: 1 }, 'created');
        const second = this.addHandle(proc, thread, { obj: id, end: 0 }, 'created');
        this.ready(thread, [first, second], this.draw(this.costs.other));
        return;
      }
      case 'pipe.send': {
        const { stream, target } = this.streamOf(proc, call.handle);
        const dir = this.writeDir(stream, target);
        if (stream.open[this.readerEnd(stream, dir)] === 0) {
          throw new KernelError('EPIPE', 'Broken pipe');
        }
        const framed = call.framed !== false;
        this.send(thread, stream, call.handle, dir, {
          payload: call.payload,
          framed,
          size: call.payload.length + (framed ? 4 : 0),
        });
        return;
      }
      case 'pipe.recv': {
        const { stream, target } = this.streamOf(proc, call.handle);
        const dir = this.readDir(stream, target);
        if (stream.dirs[dir].length > 0) {
          const bytes = this.takeMessage(thread, stream, call.handle, dir);
          this.ready(thread, bytes, this.draw(this.costs.pipeRecv));
          return;
        }
        if (stream.open[this.writerEnd(stream, dir)] === 0) {
          this.emitFor(thread, { kind: 'pipe.eof', obj: stream.id, handle: call.handle });
          throw new KernelError('EOF', 'EOFError');
        }
        this.emitFor(thread, {
          kind: 'pipe.block',
          obj: stream.id,
          handle: call.handle,
          op: 'read',
        });
        this.block(thread, { on: 'recv', obj: stream.id, handle: call.handle, dir, fds: false });
        return;
      }
      case 'pipe.poll': {
        const { stream, target } = this.streamOf(proc, call.handle);
        const dir = this.readDir(stream, target);
        const readable =
          stream.dirs[dir].length > 0 || stream.open[this.writerEnd(stream, dir)] === 0;
        this.ready(thread, readable, this.draw(this.costs.poll));
        return;
      }
      case 'listen': {
        const id = this.nextObj++;
        const listener: Listener = {
          kind: 'listener',
          id,
          address: call.address,
          label: call.label,
          backlog: [],
          open: 0,
        };
        this.objects[id] = listener;
        this.listeners.set(call.address, id);
        this.emitFor(thread, {
          kind: 'kobj.create',
          obj: id,
          objKind: 'listener',
          label: call.label,
        });
        const h = this.addHandle(proc, thread, { obj: id, end: 0 }, 'created');
        this.ready(thread, h, this.draw(this.costs.other));
        return;
      }
      case 'accept': {
        const target = this.handleOf(proc, call.handle);
        const listener = this.objects[target.obj] as Listener;
        const pending = listener.backlog.shift();
        if (pending) {
          const h = this.addHandle(proc, thread, pending, 'accepted');
          // The backlog's reference moves to the new handle.
          (this.objects[pending.obj] as Stream).open[pending.end] -= 1;
          this.ready(thread, h, this.draw(this.costs.other));
          return;
        }
        this.block(thread, { on: 'accept', obj: listener.id });
        return;
      }
      case 'connect': {
        const id = this.listeners.get(call.address);
        const listener = id === undefined ? undefined : (this.objects[id] as Listener);
        if (listener === undefined || listener.open === 0) {
          throw new KernelError(
            'ECONNREFUSED',
            `ConnectionRefusedError: [Errno 111] Connection refused`,
          );
        }
        const sid = this.nextObj++;
        const stream: Stream = {
          kind: 'socket',
          id: sid,
          label: `connection to ${call.address}`,
          dirs: [[], []],
          buffered: [0, 0],
          open: [0, 0],
          fds: [[], []],
        };
        this.objects[sid] = stream;
        this.emitFor(thread, {
          kind: 'kobj.create',
          obj: sid,
          objKind: 'socket',
          label: stream.label,
        });
        const h = this.addHandle(proc, thread, { obj: sid, end: 0 }, 'connected');
        const serverEnd: HandleTarget = { obj: sid, end: 1 };
        const acceptor = this.findThread(
          (t) => t.blocked?.on === 'accept' && t.blocked.obj === listener.id,
        );
        if (acceptor) {
          const ah = this.addHandle(acceptor.proc, acceptor, serverEnd, 'accepted');
          this.makeReady(acceptor, { value: ah }, this.wakeDelay());
        } else {
          // Not accepted yet: the server end is open in the listener's backlog.
          listener.backlog.push(serverEnd);
          this.retain(serverEnd);
        }
        this.ready(thread, h, this.draw(this.costs.other));
        return;
      }
      case 'close': {
        this.closeHandle(proc, thread, call.handle);
        this.ready(thread, undefined, this.draw(this.costs.other));
        return;
      }
      case 'sock.sendfds': {
        const { stream, target } = this.streamOf(proc, call.handle);
        const dir = this.writeDir(stream, target);
        stream.fds[dir].push(call.fds.map((fd) => this.handleOf(proc, fd)));
        for (const fd of call.fds) this.retain(this.handleOf(proc, fd));
        // The message that carries SCM_RIGHTS: sendfds writes one byte per descriptor count.
        this.send(thread, stream, call.handle, dir, {
          payload: new Uint8Array([call.fds.length]),
          framed: false,
          size: 1,
        });
        return;
      }
      case 'sock.recvfds': {
        const { stream, target } = this.streamOf(proc, call.handle);
        const dir = this.readDir(stream, target);
        const batch = stream.fds[dir][0];
        if (batch === undefined || stream.dirs[dir].length === 0) {
          this.emitFor(thread, {
            kind: 'pipe.block',
            obj: stream.id,
            handle: call.handle,
            op: 'read',
          });
          this.block(thread, { on: 'recv', obj: stream.id, handle: call.handle, dir, fds: true });
          return;
        }
        this.ready(
          thread,
          this.completeRecvFds(thread, proc, stream, call.handle, dir),
          this.draw(this.costs.pipeRecv),
        );
        return;
      }
      case 'handle.dup': {
        const target = this.handleOf(proc, call.handle);
        const other = this.processes.get(call.toPid);
        if (!other || other.exitCode !== null) throw new KernelError('ESRCH', 'no such process');
        const h = this.addHandle(
          other,
          thread,
          target,
          'duplicated',
          { fromPid: proc.pid, fromHandle: call.handle },
          other.pid,
        );
        this.ready(thread, h, this.draw(this.costs.other));
        return;
      }

      // processes and threads
      case 'proc.fork': {
        // The child gets a copy of this process's memory (the host copies it)
        // and of its whole handle table: same numbers, same kernel objects.
        const pid = this.createProcess(
          call.name,
          proc.pid,
          proc.pid,
          call.birth,
          call.main,
          (child, childMain) => {
            for (const [h, target] of proc.handles) {
              child.handles.set(h, target);
              this.retain(target);
              this.emitRaw(
                childMain,
                child.pid,
                {
                  kind: 'handle.add',
                  handle: h,
                  obj: target.obj,
                  origin: 'inherited',
                  fromPid: proc.pid,
                  fromHandle: h,
                },
                thread.at,
              );
            }
          },
        );
        const child = this.threads.get(this.processes.get(pid)!.threads[0]!)!;
        child.readyAt = this.now + this.draw(this.costs.forkChild);
        this.ready(thread, pid, this.draw(this.costs.cpu.fork));
        return;
      }
      case 'proc.spawn': {
        const passed: number[] = [];
        // The new interpreter's main program also receives the numbers its handles have there
        // (`passed` is filled in before the program is created).
        const main: ProgramRef = { program: call.main.program, args: [...call.main.args, passed] };
        const pid = this.createProcess(
          call.name,
          proc.pid,
          null,
          'spawn',
          main,
          (child, childMain) => {
            for (const h of call.pass) {
              const target = this.handleOf(proc, h);
              const nh = call.origin === 'duplicated' ? this.allocHandle(child, target) : h;
              child.handles.set(nh, target);
              this.retain(target);
              passed.push(nh);
              this.emitRaw(
                childMain,
                child.pid,
                {
                  kind: 'handle.add',
                  handle: nh,
                  obj: target.obj,
                  origin: call.origin,
                  fromPid: proc.pid,
                  fromHandle: h,
                },
                // A new interpreter has run nothing yet: it is at no line (a forked
                // child, by contrast, is where its parent called fork).
                { line: null, fn: null },
              );
            }
          },
        );
        this.ready(thread, { pid, handles: passed }, this.draw(this.costs.cpu.fork));
        return;
      }
      case 'proc.poll': {
        const p = this.processes.get(call.pid);
        this.ready(thread, p ? p.exitCode : null, this.draw(this.costs.poll));
        return;
      }
      case 'proc.wait': {
        const p = this.processes.get(call.pid);
        if (!p || p.exitCode !== null) {
          this.ready(thread, p ? p.exitCode : null, this.draw(this.costs.poll));
          return;
        }
        p.waiters.push(thread.tid);
        this.block(thread, { on: 'wait', pid: call.pid });
        return;
      }
      case 'proc.kill': {
        // SIGTERM: the process stops wherever it is; whatever it held stays held.
        const p = this.processes.get(call.pid);
        if (p && p.exitCode === null) this.exitProcess(p, -15);
        this.ready(thread, undefined, this.draw(this.costs.other));
        return;
      }
      case 'proc.rename': {
        const p = this.processes.get(call.pid);
        if (p) {
          p.name = call.name;
          const entry = this.started.find((s) => s.pid === call.pid);
          if (entry) entry.name = call.name;
          this.emitFor(thread, { kind: 'process.rename', name: call.name }, undefined, call.pid);
        }
        this.ready(thread, undefined, 0);
        return;
      }
      case 'thread.start': {
        const tid = this.addThread(proc, call.name);
        this.host.createThread(proc.pid, tid, call.main);
        this.emitFor(thread, { kind: 'thread.start', newTid: tid, name: call.name });
        const t = this.threads.get(tid)!;
        const startCost = this.draw(this.costs.cpu['thread-start']) + this.cpuWait();
        t.readyAt = this.now + startCost;
        // Thread.start() waits until the new thread has signalled that it started.
        this.ready(thread, tid, startCost);
        return;
      }
      case 'thread.join': {
        const t = this.threads.get(call.tid);
        if (!t || t.state === 'done') {
          this.ready(thread, undefined, this.draw(this.costs.other));
          return;
        }
        t.joiners.push(thread.tid);
        this.block(thread, { on: 'join', tid: call.tid });
        return;
      }
      case 'thread.rename':
        thread.name = call.name;
        this.emitFor(thread, { kind: 'thread.rename', name: call.name });
        this.ready(thread, undefined, 0);
        return;
      case 'exit':
        this.beginExit(thread, call.code);
        return;
    }
  }

  /** Writes one message, or parks the writer while the pipe is full. */
  private send(thread: Thread, stream: Stream, handle: number, dir: 0 | 1, msg: Message): void {
    if (stream.buffered[dir] > 0 && stream.buffered[dir] + msg.size > PIPE_CAPACITY) {
      this.emitFor(thread, { kind: 'pipe.block', obj: stream.id, handle, op: 'write' });
      this.block(thread, { on: 'send', obj: stream.id, handle, dir, msg });
      return;
    }
    this.deliver(thread, stream, handle, dir, msg);
    this.makeReady(
      thread,
      { value: undefined },
      this.draw(this.costs.pipeSend) + msg.size * this.costs.pipeSendPerByte,
    );
  }

  private deliver(thread: Thread, stream: Stream, handle: number, dir: 0 | 1, msg: Message): void {
    stream.dirs[dir].push(msg);
    stream.buffered[dir] += msg.size;
    if (!this.keepAll) {
      // Skip building the event (and its hex) altogether.
      this.produced += 1;
      this.wakeReaders(stream, dir);
      return;
    }
    this.emitFor(thread, {
      kind: 'pipe.write',
      obj: stream.id,
      handle,
      hex: hex(msg.framed ? frame(msg.payload) : msg.payload),
      size: msg.size,
      buffered: stream.buffered[dir],
    });
    this.wakeReaders(stream, dir);
  }

  private wakeReaders(stream: Stream, dir: 0 | 1): void {
    // Wake one reader per message available (several may be parked on one end):
    // count them, draw one, then find it (no list: this runs on every write).
    const live = this.live;
    let count = 0;
    for (let i = 0; i < live.length; i++) if (this.isReaderOf(live[i]!, stream, dir)) count++;
    if (count === 0) return;
    let k = this.random.int(count);
    let reader!: Thread;
    for (let i = 0; i < live.length; i++) {
      if (this.isReaderOf(live[i]!, stream, dir) && k-- === 0) {
        reader = live[i]!;
        break;
      }
    }
    const b = reader.blocked as Extract<Blocked, { on: 'recv' }>;
    const proc = reader.proc;
    if (stream.dirs[dir].length === 0) {
      this.emitFor(reader, { kind: 'pipe.eof', obj: stream.id, handle: b.handle });
      this.makeReady(
        reader,
        { kernelError: { code: 'EOF', message: 'EOFError' } },
        this.wakeDelay(),
      );
      return;
    }
    const value = b.fds
      ? this.completeRecvFds(reader, proc, stream, b.handle, dir)
      : this.takeMessage(reader, stream, b.handle, dir);
    this.makeReady(reader, { value }, this.wakeDelay());
  }

  private isReaderOf(t: Thread, stream: Stream, dir: 0 | 1): boolean {
    const b = t.blocked;
    return b?.on === 'recv' && b.obj === stream.id && b.dir === dir && t.state === 'blocked';
  }

  private completeRecvFds(
    thread: Thread,
    proc: Process,
    stream: Stream,
    handle: number,
    dir: 0 | 1,
  ): number[] {
    this.takeMessage(thread, stream, handle, dir);
    const batch = stream.fds[dir].shift() ?? [];
    return batch.map((target) => {
      const h = this.addHandle(proc, thread, target, 'passed');
      this.release(target);
      return h;
    });
  }

  private takeMessage(thread: Thread, stream: Stream, handle: number, dir: 0 | 1): Uint8Array {
    const msg = stream.dirs[dir].shift()!;
    stream.buffered[dir] -= msg.size;
    this.emitFor(thread, {
      kind: 'pipe.read',
      obj: stream.id,
      handle,
      size: msg.size,
      buffered: stream.buffered[dir],
    });
    // A writer parked on a full pipe may go on now.
    const writer =
      this.parkedWriters === 0
        ? undefined
        : this.findThread(
            (t) => t.blocked?.on === 'send' && t.blocked.obj === stream.id && t.blocked.dir === dir,
          );
    if (writer) {
      const b = writer.blocked as Extract<Blocked, { on: 'send' }>;
      if (stream.buffered[dir] + b.msg.size <= PIPE_CAPACITY || stream.buffered[dir] === 0) {
        this.deliver(writer, stream, b.handle, dir, b.msg);
        this.makeReady(writer, { value: undefined }, this.wakeDelay());
      }
    }
    return msg.payload;
  }

  /** The first blocked thread matching `test`, in creation order. */
  private findThread(test: (t: Thread) => boolean): Thread | undefined {
    for (const t of this.live) if (t.state === 'blocked' && test(t)) return t;
    return undefined;
  }

  private block(thread: Thread, blocked: Blocked): void {
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

  // ── processes ─────────────────────────────────────────────────────────────

  private createProcess(
    name: string,
    ppid: number | null,
    forkOf: number | null,
    birth: Birth,
    main: ProgramRef,
    populate?: (child: Process, mainTid: number) => void,
  ): number {
    const pid = this.nextPid;
    this.nextPid += 1 + this.random.int(3);
    const proc: Process = {
      pid,
      name,
      ppid,
      handles: new Map(),
      fdFloor: 3,
      threads: [],
      exitCode: null,
      waiters: [],
    };
    this.processes.set(pid, proc);
    this.started.push({ pid, name, ppid });
    this.host.createProcess(pid, ppid, forkOf);
    const tid = this.addThread(proc, 'MainThread');
    this.emitRaw(
      tid,
      pid,
      { kind: 'process.start', name, ppid, birth, runs: main.program },
      { line: null, fn: null },
    );
    populate?.(proc, tid);
    this.host.createThread(pid, tid, main);
    return pid;
  }

  /** A thread of `proc`, ready now; its program is started by the caller through the host. */
  private addThread(proc: Process, name: string): number {
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
    };
    this.threads.set(tid, thread);
    this.live.push(thread);
    this.runnable.push(thread);
    proc.threads.push(tid);
    return tid;
  }

  /** The thread is gone: it is no longer scheduled, found or woken. */
  private forget(thread: Thread): void {
    if (thread.blocked?.on === 'send') this.parkedWriters--;
    this.threads.delete(thread.tid);
    this.live.splice(this.live.indexOf(thread), 1);
    this.unschedule(thread);
  }

  /** Interpreter shutdown takes a while; the process's other threads run on meanwhile. */
  private beginExit(thread: Thread, code: number): void {
    thread.exiting = code;
    this.makeReady(thread, { value: undefined }, this.draw(this.costs.exit));
  }

  private exitProcess(proc: Process, code: number): void {
    if (proc.exitCode !== null) return;
    const mainTid = proc.threads[0]!;
    const main = this.threads.get(mainTid);
    // Every thread of the process stops where it is (daemon threads included).
    for (const tid of proc.threads) {
      const t = this.threads.get(tid);
      if (!t) continue;
      if (t.blocked?.on === 'sem') {
        const sem = this.objects[t.blocked.obj] as Semaphore;
        sem.waiters = sem.waiters.filter((w) => w !== tid);
      }
      t.state = 'done';
      this.forget(t);
    }
    proc.exitCode = code;
    this.host.destroyProcess(proc.pid);
    // Closing the handles may wake readers with EOF; a held lock stays held.
    for (const [h, target] of [...proc.handles]) {
      this.dropHandle(proc, h);
      this.release(target);
      const emit = (body: EventBody): void =>
        this.emitRaw(
          mainTid,
          proc.pid,
          body,
          main?.at ?? { line: null, fn: null },
          main?.name ?? 'MainThread',
        );
      emit({ kind: 'handle.close', handle: h, obj: target.obj });
      this.flushFreed(emit);
    }
    this.emitRaw(
      mainTid,
      proc.pid,
      { kind: 'process.exit', code },
      main?.at ?? { line: null, fn: null },
      main?.name ?? 'MainThread',
    );
    for (const w of proc.waiters) {
      const waiter = this.threads.get(w);
      if (waiter) this.makeReady(waiter, { value: code }, this.wakeDelay());
    }
    proc.waiters = [];
    for (const t of this.live) {
      if (t.state === 'blocked' && t.blocked?.on === 'join' && !this.threads.has(t.blocked.tid)) {
        this.makeReady(t, { value: undefined }, this.wakeDelay());
      }
    }
  }

  // ── handles ───────────────────────────────────────────────────────────────

  private allocHandle(proc: Process, target: HandleTarget): number {
    const obj = this.objects[target.obj]!;
    if (this.config.platform === 'windows') {
      // Windows HANDLE values: multiples of 4, shared counter, never the same twice.
      this.nextWinHandle += 4 * (1 + this.random.int(3));
      return this.nextWinHandle;
    }
    if (obj.kind === 'semaphore') {
      // A POSIX semaphore is not a file descriptor: it is a sem_t* mapping.
      this.nextSemAddr += 0x1000;
      return this.nextSemAddr;
    }
    // The lowest free descriptor, as POSIX gives.
    let fd = proc.fdFloor;
    while (proc.handles.has(fd)) fd++;
    proc.fdFloor = fd;
    return fd;
  }

  private dropHandle(proc: Process, handle: number): void {
    proc.handles.delete(handle);
    if (handle < proc.fdFloor) proc.fdFloor = handle;
  }

  private addHandle(
    proc: Process,
    thread: Thread,
    target: HandleTarget,
    origin: HandleOrigin,
    from?: { fromPid: number; fromHandle: number },
    eventPid?: number,
  ): number {
    const h = this.allocHandle(proc, target);
    proc.handles.set(h, target);
    this.retain(target);
    const body: EventBody = {
      kind: 'handle.add',
      handle: h,
      obj: target.obj,
      origin,
      ...(from ?? {}),
    };
    if (eventPid !== undefined && eventPid !== thread.pid) {
      this.emitRaw(thread.tid, eventPid, body, thread.at, thread.name);
    } else {
      this.emitFor(thread, body);
    }
    return h;
  }

  private retain(target: HandleTarget): void {
    const obj = this.objects[target.obj];
    if (!obj) return;
    this.refs[obj.id] = (this.refs[obj.id] ?? 0) + 1;
    if (obj.kind === 'pipe' || obj.kind === 'socket') obj.open[target.end] += 1;
    if (obj.kind === 'listener') obj.open += 1;
  }

  private release(target: HandleTarget): void {
    const obj = this.objects[target.obj];
    if (!obj) return;
    const refs = (this.refs[obj.id] ?? 1) - 1;
    this.refs[obj.id] = refs;
    // Nothing refers to it any more (a named semaphore can still be opened by name).
    if (refs === 0 && !(obj.kind === 'semaphore' && obj.name !== null)) this.freed.push(obj.id);
    if (obj.kind === 'listener') {
      obj.open -= 1;
      return;
    }
    if (obj.kind !== 'pipe' && obj.kind !== 'socket') return;
    obj.open[target.end] -= 1;
    if (obj.open[target.end] === 0) {
      // The last writer of a direction went away: its readers see EOF once it is drained.
      const dirs: (0 | 1)[] = obj.kind === 'pipe' ? (target.end === 0 ? [0] : []) : [target.end];
      for (const dir of dirs) {
        if (obj.dirs[dir].length === 0) this.wakeReaders(obj, dir);
      }
    }
  }

  /** Forgets the objects nothing refers to any more, and says so in the trace. */
  private flushFreed(emit: (body: EventBody) => void): void {
    for (const id of this.freed) {
      const obj = this.objects[id];
      if (!obj) continue;
      this.objects[id] = undefined;
      this.refs[id] = undefined;
      if (obj.kind === 'listener') this.listeners.delete(obj.address);
      emit({ kind: 'kobj.free', obj: id });
    }
    this.freed = [];
  }

  private closeHandle(proc: Process, thread: Thread, handle: number): void {
    const target = proc.handles.get(handle);
    if (!target) throw new KernelError('EBADF', 'Bad file descriptor');
    this.dropHandle(proc, handle);
    this.emitFor(thread, { kind: 'handle.close', handle, obj: target.obj });
    this.release(target);
    this.flushFreed((body) => this.emitFor(thread, body));
  }

  private handleOf(proc: Process, handle: number): HandleTarget {
    const target = proc.handles.get(handle);
    if (!target) throw new KernelError('EBADF', `Bad file descriptor ${handle} in ${proc.name}`);
    return target;
  }

  private semOf(proc: Process, handle: number): { sem: Semaphore } {
    const target = this.handleOf(proc, handle);
    const obj = this.objects[target.obj];
    if (obj?.kind !== 'semaphore') throw new KernelError('EINVAL', 'not a semaphore');
    return { sem: obj };
  }

  private streamOf(proc: Process, handle: number): { stream: Stream; target: HandleTarget } {
    const target = this.handleOf(proc, handle);
    const obj = this.objects[target.obj];
    if (obj?.kind !== 'pipe' && obj?.kind !== 'socket')
      throw new KernelError('EINVAL', 'not a pipe');
    return { stream: obj, target };
  }

  /** The direction a handle writes into. Pipe: only the write end (0) writes, into dir 0. */
  private writeDir(stream: Stream, target: HandleTarget): 0 | 1 {
    if (stream.kind === 'pipe' && target.end !== 0)
      throw new KernelError('EBADF', 'pipe read end is not writable');
    return target.end;
  }

  private readDir(stream: Stream, target: HandleTarget): 0 | 1 {
    if (stream.kind === 'pipe') {
      if (target.end !== 1) throw new KernelError('EBADF', 'pipe write end is not readable');
      return 0;
    }
    return target.end === 0 ? 1 : 0;
  }

  private writerEnd(stream: Stream, dir: 0 | 1): 0 | 1 {
    return stream.kind === 'pipe' ? 0 : dir;
  }

  private readerEnd(stream: Stream, dir: 0 | 1): 0 | 1 {
    return stream.kind === 'pipe' ? 1 : dir === 0 ? 1 : 0;
  }

  // ── trace ─────────────────────────────────────────────────────────────────

  private keep(kind: string): boolean {
    if (this.keepAll || isOutcomeKind(kind)) return true;
    this.produced += 1;
    return false;
  }

  private emitFor(thread: Thread, body: EventBody, t?: number, pid?: number): void {
    if (!this.keep(body.kind)) return;
    this.events.push({
      seq: this.produced++,
      t: Math.round(t ?? this.now),
      pid: pid ?? thread.pid,
      tid: thread.tid,
      thread: thread.name,
      line: thread.at.line,
      fn: thread.at.fn,
      ...body,
    } as TraceEvent);
  }

  private emitRaw(
    tid: number,
    pid: number,
    body: EventBody,
    at: Loc,
    threadName = 'MainThread',
  ): void {
    if (!this.keep(body.kind)) return;
    this.events.push({
      seq: this.produced++,
      t: Math.round(this.now),
      pid,
      tid,
      thread: threadName,
      line: at.line,
      fn: at.fn,
      ...body,
    } as TraceEvent);
  }
}

/** Connection framing: a 4-byte big-endian signed length, then the payload. */
function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 4);
  const n = payload.length;
  out[0] = (n >>> 24) & 0xff;
  out[1] = (n >>> 16) & 0xff;
  out[2] = (n >>> 8) & 0xff;
  out[3] = n & 0xff;
  out.set(payload, 4);
  return out;
}
