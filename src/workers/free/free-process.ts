/**
 * The free-running kernel, as one process (one Web Worker) sees it.
 *
 * The process's threads are the same programs the model runs. Their system
 * calls are performed right here, on shared memory: a semaphore is a word in
 * the SharedArrayBuffer (acquire = an atomic decrement), a pipe is a ring of
 * bytes that the pickled messages really travel through. Nothing arbitrates
 * the order: processes race, as CPython's do, and the trace records what
 * happened in this browser.
 *
 * Python threads of one process share this one JavaScript thread, as they
 * share one interpreter lock in CPython: a thread that would block is parked
 * and another runs. When none can run, the worker sleeps in `Atomics.wait` on
 * the kernel's doorbell until a release, a write, a close or an exit
 * somewhere rings it (or a timeout is due).
 *
 * The main thread only answers what needs a new worker or a shared name
 * (fork, spawn, DuplicateHandle, semaphore names, listener addresses); those
 * requests go by postMessage and the answer comes back through this process's
 * reply slot.
 */
import { KernelMemory, BrokenPipeError, SemaphoreOverflowError } from '../shared/kernel-memory';
import type { OutboxEntry } from '../../sim/kernel';
import { PROGRAMS } from '../../sim/programs';
import {
  KernelError,
  SEM_VALUE_MAX,
  type Call,
  type Loc,
  type ProcessMemory,
  type ProgramGen,
  type ProgramRef,
  type RunConfig,
  type ThreadEnv,
} from '../../sim/syscalls';
import { hex, type EventBody, type HandleOrigin } from '../../sim/trace';
import { connectTo, releaseEnds, retainEnds } from './ends';
import {
  KIND_LISTENER,
  KIND_PIPE,
  KIND_SEMAPHORE,
  KIND_SOCKET,
  ProcessTables,
  type HandleEntry,
  type TableOptions,
} from './tables';

/** What the main thread hands a new process worker. */
export interface FreeProcessInit {
  readonly kernel: SharedArrayBuffer;
  readonly tables: SharedArrayBuffer;
  readonly tableOptions: Required<TableOptions>;
  readonly slot: number;
  readonly pid: number;
  readonly ppid: number | null;
  readonly name: string;
  readonly birth: 'main' | 'fork' | 'spawn' | 'forkserver';
  readonly main: ProgramRef;
  readonly mainTid: number;
  readonly memory: ProcessMemory | null;
  readonly config: RunConfig;
  /** Absolute ms (performance.timeOrigin + now) at which the run started. */
  readonly runStart: number;
}

/** Requests to the main thread. */
export type FreeRequest =
  | {
      op: 'fork';
      slot: number;
      name: string;
      birth: 'fork' | 'forkserver';
      main: ProgramRef;
      memory: ProcessMemory;
      tid: number;
      at: Loc;
      thread: string;
    }
  | {
      op: 'spawn';
      slot: number;
      name: string;
      main: ProgramRef;
      pass: number[];
      origin: HandleOrigin;
      tid: number;
      at: Loc;
      thread: string;
    }
  | { op: 'dup'; slot: number; handle: number; toPid: number }
  | { op: 'sem-name'; slot: number; name: string; obj: number | null }
  | { op: 'listener'; slot: number; address: string; obj: number | null }
  | { op: 'kill'; slot: number; pid: number }
  | { op: 'slot-of'; slot: number; pid: number }
  | { op: 'rename'; pid: number; name: string }
  | { op: 'exited'; slot: number; pid: number; code: number };

type Wait =
  | {
      kind: 'sem';
      obj: number;
      handle: number;
      sem: number;
      deadline: number | null;
      blocked: boolean;
    }
  | { kind: 'recv'; obj: number; handle: number; pipe: number; fds: boolean; blocked: boolean }
  | {
      kind: 'send';
      obj: number;
      handle: number;
      pipe: number;
      bytes: Uint8Array;
      framed: boolean;
      blocked: boolean;
    }
  | { kind: 'accept'; pipe: number }
  | { kind: 'sleep'; deadline: number }
  | { kind: 'join'; tid: number }
  | { kind: 'wait'; slot: number }
  | { kind: 'ask'; request: FreeRequest; then: (reply: unknown) => Outcome }
  | { kind: 'reply'; then: (reply: unknown) => Outcome };

interface Thread {
  readonly tid: number;
  name: string;
  readonly gen: ProgramGen;
  readonly outbox: OutboxEntry[];
  resume: { value: unknown } | { error: KernelError };
  wait: Wait | null;
  done: boolean;
  at: Loc;
}

type Outcome = { value: unknown } | { error: KernelError } | { wait: Wait };

export class FreeProcess {
  private readonly mem: KernelMemory;
  private readonly tables: ProcessTables;
  private readonly threads = new Map<number, Thread>();
  private readonly order: number[] = [];
  private nextSemAddr: number;
  private exited = false;
  /**
   * Whether a thread of this process waits for the main thread's answer. The
   * process has one reply slot: a second thread that asks meanwhile (a Pool's
   * `_handle_workers` polling its workers while the main thread terminates
   * them) waits its turn, or its `expectReply` would wipe the first answer
   * and the first thread would wait for ever.
   */
  private asking = false;
  private readonly post: (request: FreeRequest) => void;
  /** Slots of processes this one started, by pid (for poll/wait). */
  private readonly children = new Map<number, number>();

  constructor(
    private readonly init: FreeProcessInit,
    post: (request: FreeRequest) => void,
  ) {
    this.mem = KernelMemory.attach(init.kernel);
    this.tables = ProcessTables.attach(init.tables, init.tableOptions);
    this.post = post;
    this.nextSemAddr = 0x7f0000000000 + (init.pid % 0xffff) * 0x1000000;
    this.memory = init.memory ?? {};
  }

  private readonly memory: ProcessMemory;

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
          const outcome = this.check(t, t.wait);
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
          t.resume = 'error' in outcome ? { error: outcome.error } : { value: outcome.value };
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

  private startThread(tid: number, name: string, main: ProgramRef): void {
    const program = PROGRAMS[main.program];
    if (!program) throw new Error(`unknown program ${main.program}`);
    const env: ThreadEnv = {
      pid: this.init.pid,
      ppid: this.init.ppid,
      tid,
      memory: this.memory,
      config: this.init.config,
      outbox: [],
      detailed: true,
    };
    const gen = (program as (env: ThreadEnv, ...args: unknown[]) => ProgramGen)(env, ...main.args);
    this.threads.set(tid, {
      tid,
      name,
      gen,
      outbox: env.outbox as OutboxEntry[],
      resume: { value: undefined },
      wait: null,
      done: false,
      at: { line: null, fn: null },
    });
    this.order.push(tid);
  }

  /** Runs one thread until it must wait (or a burst of calls is done, to let the others run). */
  private runThread(t: Thread): void {
    for (let burst = 0; burst < 64; burst++) {
      if (this.killed()) return;
      const r = t.resume;
      t.resume = { value: undefined };
      const step: IteratorResult<Call, unknown> =
        'error' in r ? t.gen.throw(r.error) : t.gen.next(r.value);
      this.drain(t);
      if (step.done) {
        this.finishThread(t);
        return;
      }
      t.at = step.value.at;
      let outcome: Outcome;
      try {
        outcome = this.execute(t, step.value);
      } catch (error) {
        if (!(error instanceof KernelError)) throw error;
        outcome = { error };
      }
      if (this.exited) return;
      if ('wait' in outcome) {
        // Try once at once: many waits are satisfied immediately.
        const now = this.check(t, outcome.wait);
        if ('wait' in now) {
          t.wait = now.wait;
          return;
        }
        t.resume = 'error' in now ? { error: now.error } : { value: now.value };
        continue;
      }
      t.resume = 'error' in outcome ? { error: outcome.error } : { value: outcome.value };
    }
  }

  private finishThread(t: Thread): void {
    t.done = true;
    if (t.tid === this.init.mainTid) {
      this.exit(0);
      return;
    }
    this.emit(t.tid, t.name, t.at, { kind: 'thread.exit' });
  }

  private drain(t: Thread): void {
    for (const { event, at } of t.outbox) this.emit(t.tid, t.name, at, event);
    t.outbox.length = 0;
  }

  // ── the trace ─────────────────────────────────────────────────────────────

  private now(): number {
    return Math.round((performance.timeOrigin + performance.now() - this.init.runStart) * 1000);
  }

  private emit(tid: number, thread: string, at: Loc, body: EventBody): void {
    this.mem.appendEvent(
      JSON.stringify({
        t: this.now(),
        pid: this.init.pid,
        tid,
        thread,
        line: at.line,
        fn: at.fn,
        ...body,
      }),
    );
  }

  private emitFor(t: Thread, body: EventBody): void {
    this.emit(t.tid, t.name, t.at, body);
  }

  // ── handles ───────────────────────────────────────────────────────────────

  private allocHandle(kind: number): number {
    if (this.init.config.platform === 'windows') return this.tables.nextWindowsHandle();
    if (kind === KIND_SEMAPHORE) {
      this.nextSemAddr += 0x1000;
      return this.nextSemAddr;
    }
    const used = new Set(this.tables.handles(this.init.slot).map((h) => h.handle));
    let fd = 3;
    while (used.has(fd)) fd++;
    return fd;
  }

  private addHandle(t: Thread, obj: number, end: 0 | 1, origin: HandleOrigin): number {
    const kind = this.tables.object(obj).kind;
    const handle = this.allocHandle(kind);
    this.tables.addHandle(this.init.slot, { handle, obj, end });
    this.emitFor(t, { kind: 'handle.add', handle, obj, origin });
    return handle;
  }

  private entry(handle: number): HandleEntry {
    const e = this.tables.lookup(this.init.slot, handle);
    if (e === null) throw new KernelError('EBADF', `Bad file descriptor ${handle}`);
    return e;
  }

  /** The pipe a handle writes into and the one it reads from. */
  private pipesOf(e: HandleEntry): { write: number; read: number } {
    const o = this.tables.object(e.obj);
    if (o.kind === KIND_PIPE)
      return e.end === 0 ? { write: o.a, read: -1 } : { write: -1, read: o.a };
    if (o.kind === KIND_SOCKET)
      return e.end === 0 ? { write: o.a, read: o.b } : { write: o.b, read: o.a };
    if (o.kind === KIND_LISTENER) return { write: -1, read: o.a };
    throw new KernelError('EINVAL', 'not a pipe');
  }

  private releaseEnds(e: HandleEntry): void {
    releaseEnds(this.mem, this.tables, e);
  }

  private retainEnds(e: HandleEntry): void {
    retainEnds(this.mem, this.tables, e);
  }

  // ── system calls ──────────────────────────────────────────────────────────

  /** A request the main thread answers in the reply slot; sent when no other thread's is outstanding. */
  private ask(request: FreeRequest, then: (reply: unknown) => Outcome): Outcome {
    return { wait: { kind: 'ask', request, then } };
  }

  private execute(t: Thread, call: Call): Outcome {
    switch (call.op) {
      case 'cpu':
      case 'emit':
        if (call.op === 'emit') this.emitFor(t, call.event);
        return { value: undefined };
      case 'random': {
        const words = new Uint32Array(1);
        crypto.getRandomValues(words);
        return { value: words[0] };
      }
      case 'print':
        this.emitFor(t, { kind: 'print', stream: call.stream, text: call.text });
        return { value: undefined };
      case 'sleep':
        this.emitFor(t, { kind: 'sleep', seconds: call.seconds });
        return { wait: { kind: 'sleep', deadline: performance.now() + call.seconds * 1000 } };

      case 'sem.create': {
        const sem = this.mem.createSemaphore(call.value, Math.min(call.max, SEM_VALUE_MAX));
        const obj = this.tables.newObject(KIND_SEMAPHORE, sem, -1, call.private);
        this.emitFor(t, {
          kind: 'kobj.create',
          obj,
          objKind: 'semaphore',
          label: call.label,
          value: call.value,
          max: Math.min(call.max, SEM_VALUE_MAX),
          name: call.name,
          ...(call.private ? { private: true } : {}),
        });
        if (call.name !== null) {
          if (call.unlink) this.emitFor(t, { kind: 'kobj.unlink', obj });
          else this.post({ op: 'sem-name', slot: this.init.slot, name: call.name, obj });
        }
        return { value: this.addHandle(t, obj, 0, 'created') };
      }
      case 'sem.open':
        return this.ask(
          { op: 'sem-name', slot: this.init.slot, name: call.name, obj: null },
          (reply) => {
            if (typeof reply !== 'number' || reply < 0)
              throw new KernelError('ENOENT', `no semaphore named ${call.name}`);
            return { value: this.addHandle(t, reply, 0, 'opened') };
          },
        );
      case 'sem.acquire': {
        const e = this.entry(call.handle);
        const sem = this.tables.object(e.obj).a;
        const deadline = call.timeout === null ? null : performance.now() + call.timeout * 1000;
        if (!call.block || call.timeout === 0) {
          if (this.mem.tryAcquire(sem)) {
            this.emitFor(t, {
              kind: 'sem.acquire',
              obj: e.obj,
              handle: call.handle,
              value: this.mem.value(sem),
              waited: false,
            });
            return { value: true };
          }
          this.emitFor(t, { kind: 'sem.try-failed', obj: e.obj, handle: call.handle });
          return { value: false };
        }
        return {
          wait: { kind: 'sem', obj: e.obj, handle: call.handle, sem, deadline, blocked: false },
        };
      }
      case 'sem.release': {
        const e = this.entry(call.handle);
        const sem = this.tables.object(e.obj).a;
        try {
          this.mem.release(sem);
        } catch (error) {
          if (error instanceof SemaphoreOverflowError) {
            throw new KernelError('EOVERFLOW', 'semaphore or lock released too many times');
          }
          throw error;
        }
        this.emitFor(t, {
          kind: 'sem.release',
          obj: e.obj,
          handle: call.handle,
          value: this.mem.value(sem),
          wakes: null,
        });
        return { value: undefined };
      }
      case 'sem.value': {
        const e = this.entry(call.handle);
        return { value: this.mem.value(this.tables.object(e.obj).a) };
      }

      case 'pipe.create': {
        if (call.duplex) {
          const [a, b] = this.mem.createSocketPair();
          const obj = this.tables.newObject(KIND_SOCKET, a, b);
          this.emitFor(t, { kind: 'kobj.create', obj, objKind: 'socket', label: call.label });
          return {
            value: [this.addHandle(t, obj, 1, 'created'), this.addHandle(t, obj, 0, 'created')],
          };
        }
        const pipe = this.mem.createPipe();
        const obj = this.tables.newObject(KIND_PIPE, pipe);
        this.emitFor(t, { kind: 'kobj.create', obj, objKind: 'pipe', label: call.label });
        // CPython's Pipe(duplex=False) returns (reader, writer).
        return {
          value: [this.addHandle(t, obj, 1, 'created'), this.addHandle(t, obj, 0, 'created')],
        };
      }
      case 'pipe.send': {
        const e = this.entry(call.handle);
        const { write } = this.pipesOf(e);
        if (write < 0) throw new KernelError('EBADF', 'pipe read end is not writable');
        const framed = call.framed !== false;
        const bytes = framed ? frame(call.payload) : call.payload;
        return {
          wait: {
            kind: 'send',
            obj: e.obj,
            handle: call.handle,
            pipe: write,
            bytes,
            framed,
            blocked: false,
          },
        };
      }
      case 'pipe.recv': {
        const e = this.entry(call.handle);
        const { read } = this.pipesOf(e);
        if (read < 0) throw new KernelError('EBADF', 'pipe write end is not readable');
        return {
          wait: {
            kind: 'recv',
            obj: e.obj,
            handle: call.handle,
            pipe: read,
            fds: false,
            blocked: false,
          },
        };
      }
      case 'pipe.poll': {
        const e = this.entry(call.handle);
        return { value: this.mem.poll(this.pipesOf(e).read) };
      }
      case 'close': {
        const e = this.tables.removeHandle(this.init.slot, call.handle);
        if (e === null) throw new KernelError('EBADF', 'Bad file descriptor');
        this.emitFor(t, { kind: 'handle.close', handle: call.handle, obj: e.obj });
        this.releaseEnds(e);
        return { value: undefined };
      }
      case 'listen': {
        const pipe = this.mem.createPipe();
        const obj = this.tables.newObject(KIND_LISTENER, pipe);
        this.emitFor(t, { kind: 'kobj.create', obj, objKind: 'listener', label: call.label });
        this.post({ op: 'listener', slot: this.init.slot, address: call.address, obj });
        return { value: this.addHandle(t, obj, 0, 'created') };
      }
      case 'accept': {
        const e = this.entry(call.handle);
        return { wait: { kind: 'accept', pipe: this.tables.object(e.obj).a } };
      }
      case 'connect':
        return this.ask(
          { op: 'listener', slot: this.init.slot, address: call.address, obj: null },
          (reply) => {
            if (typeof reply !== 'number' || reply < 0) throw refused();
            // The server end waits in the listener's backlog until accept() takes it;
            // a listener whose every handle is closed (its manager exited) refuses.
            const socket = connectTo(this.mem, this.tables, reply);
            if (socket === null) throw refused();
            this.emitFor(t, {
              kind: 'kobj.create',
              obj: socket.obj,
              objKind: 'socket',
              label: `connection to ${call.address}`,
            });
            return { value: this.addHandle(t, socket.obj, 0, 'connected') };
          },
        );
      case 'handle.dup':
        return this.ask(
          { op: 'dup', slot: this.init.slot, handle: call.handle, toPid: call.toPid },
          (reply) => {
            if (typeof reply !== 'number' || reply < 0)
              throw new KernelError('ESRCH', 'no such process');
            return { value: reply };
          },
        );
      case 'sock.sendfds': {
        const e = this.entry(call.handle);
        const entries = call.fds.map((fd) => this.entry(fd));
        for (const x of entries) this.retainEnds(x);
        // SCM_RIGHTS: the message carries (object, end) pairs for the receiver's table.
        const payload = new Int32Array(entries.flatMap((x) => [x.obj, x.end]));
        const bytes = new Uint8Array(payload.buffer);
        return {
          wait: {
            kind: 'send',
            obj: e.obj,
            handle: call.handle,
            pipe: this.pipesOf(e).write,
            bytes,
            framed: false,
            blocked: false,
          },
        };
      }
      case 'sock.recvfds': {
        const e = this.entry(call.handle);
        return {
          wait: {
            kind: 'recv',
            obj: e.obj,
            handle: call.handle,
            pipe: this.pipesOf(e).read,
            fds: true,
            blocked: false,
          },
        };
      }

      case 'proc.fork':
        return this.ask(
          {
            op: 'fork',
            slot: this.init.slot,
            name: call.name,
            birth: call.birth,
            main: call.main,
            memory: this.memory,
            tid: t.tid,
            at: t.at,
            thread: t.name,
          },
          (reply) => ({ value: this.child(reply as { pid: number; slot: number }).pid }),
        );
      case 'proc.spawn':
        return this.ask(
          {
            op: 'spawn',
            slot: this.init.slot,
            name: call.name,
            main: call.main,
            pass: [...call.pass],
            origin: call.origin,
            tid: t.tid,
            at: t.at,
            thread: t.name,
          },
          (reply) => {
            const r = reply as { pid: number; slot: number; handles: number[] };
            this.child(r);
            return { value: { pid: r.pid, handles: r.handles } };
          },
        );
      case 'proc.poll':
        return this.withSlot(call.pid, (slot) => ({
          value: slot === null ? null : this.tables.exitCode(slot),
        }));
      case 'proc.wait':
        return this.withSlot(call.pid, (slot) =>
          slot === null ? { value: null } : { wait: { kind: 'wait', slot } },
        );
      case 'proc.kill': {
        // A forkserver's children were forked by the server: this process may
        // not know their slot, but the main thread knows every pid.
        const slot = this.children.get(call.pid);
        if (slot === undefined || this.tables.exitCode(slot) === null) {
          this.post({ op: 'kill', slot: this.init.slot, pid: call.pid });
        }
        return { value: undefined };
      }
      case 'proc.rename':
        this.emitFor(t, { kind: 'process.rename', name: call.name });
        this.post({ op: 'rename', pid: call.pid, name: call.name });
        return { value: undefined };
      case 'thread.start': {
        const tid = this.tables.nextThreadId();
        this.emitFor(t, { kind: 'thread.start', newTid: tid, name: call.name });
        this.startThread(tid, call.name, call.main);
        return { value: tid };
      }
      case 'thread.join':
        return { wait: { kind: 'join', tid: call.tid } };
      case 'thread.rename':
        t.name = call.name;
        this.emitFor(t, { kind: 'thread.rename', name: call.name });
        return { value: undefined };
      case 'exit':
        this.exit(call.code);
        return { value: undefined };
    }
  }

  /**
   * The process table slot of `pid`. A forkserver's children are forked by
   * the server, so their parent learns their pid only from the server (over a
   * pipe): ask the main thread where they are the first time.
   */
  private withSlot(pid: number, then: (slot: number | null) => Outcome): Outcome {
    const known = this.children.get(pid);
    if (known !== undefined) return then(known);
    return this.ask({ op: 'slot-of', slot: this.init.slot, pid }, (reply) => {
      const slot = typeof reply === 'number' && reply >= 0 ? reply : null;
      if (slot !== null) this.children.set(pid, slot);
      return then(slot);
    });
  }

  private child(reply: { pid: number; slot: number }): { pid: number; slot: number } {
    this.children.set(reply.pid, reply.slot);
    return reply;
  }

  /** Whether a waiting call can complete now (tried without blocking). */
  private check(t: Thread, w: Wait): Outcome {
    const now = performance.now();
    switch (w.kind) {
      case 'sem': {
        if (this.mem.tryAcquire(w.sem)) {
          this.emitFor(t, {
            kind: 'sem.acquire',
            obj: w.obj,
            handle: w.handle,
            value: this.mem.value(w.sem),
            waited: w.blocked,
          });
          return { value: true };
        }
        if (w.deadline !== null && now >= w.deadline) {
          this.emitFor(t, { kind: 'sem.timeout', obj: w.obj, handle: w.handle });
          return { value: false };
        }
        if (!w.blocked) {
          w.blocked = true;
          this.emitFor(t, { kind: 'sem.block', obj: w.obj, handle: w.handle });
        }
        return { wait: w };
      }
      case 'recv': {
        const got = this.mem.read(w.pipe, 0);
        if (got === 'timeout') {
          if (!w.blocked) {
            w.blocked = true;
            this.emitFor(t, { kind: 'pipe.block', obj: w.obj, handle: w.handle, op: 'read' });
          }
          return { wait: w };
        }
        if (got === 'eof') {
          this.emitFor(t, { kind: 'pipe.eof', obj: w.obj, handle: w.handle });
          return { error: new KernelError('EOF', 'EOFError') };
        }
        this.emitFor(t, {
          kind: 'pipe.read',
          obj: w.obj,
          handle: w.handle,
          size: got.length,
          buffered: this.mem.buffered(w.pipe),
        });
        if (w.fds) {
          const pairs = new Int32Array(unframe(got).slice().buffer);
          const handles: number[] = [];
          for (let i = 0; i < pairs.length; i += 2) {
            handles.push(this.addHandle(t, pairs[i]!, pairs[i + 1] as 0 | 1, 'passed'));
          }
          return { value: handles };
        }
        return { value: unframe(got) };
      }
      case 'send': {
        try {
          // One leading byte tells the reader whether a Connection header follows.
          if (!this.mem.write(w.pipe, withFlag(w.framed, w.bytes), 0)) {
            if (!w.blocked) {
              w.blocked = true;
              this.emitFor(t, { kind: 'pipe.block', obj: w.obj, handle: w.handle, op: 'write' });
            }
            return { wait: w };
          }
        } catch (error) {
          if (error instanceof BrokenPipeError)
            return { error: new KernelError('EPIPE', 'Broken pipe') };
          throw error;
        }
        this.emitFor(t, {
          kind: 'pipe.write',
          obj: w.obj,
          handle: w.handle,
          hex: hex(w.bytes),
          size: w.bytes.length,
          buffered: this.mem.buffered(w.pipe),
        });
        return { value: undefined };
      }
      case 'accept': {
        const got = this.mem.read(w.pipe, 0);
        if (got === 'timeout' || got === 'eof') return { wait: w };
        const obj = new Int32Array(got.slice().buffer)[0]!;
        return { value: this.addHandle(t, obj, 1, 'accepted') };
      }
      case 'sleep':
        return now >= w.deadline ? { value: undefined } : { wait: w };
      case 'join': {
        const target = this.threads.get(w.tid);
        return !target || target.done ? { value: undefined } : { wait: w };
      }
      case 'wait': {
        const code = this.tables.exitCode(w.slot);
        return code === null ? { wait: w } : { value: code };
      }
      case 'ask': {
        if (this.asking) return { wait: w };
        this.asking = true;
        this.tables.expectReply(this.init.slot);
        this.post(w.request);
        return { wait: { kind: 'reply', then: w.then } };
      }
      case 'reply': {
        const reply = this.tables.takeReply(this.init.slot);
        if (reply === undefined) return { wait: w };
        this.asking = false;
        try {
          return w.then(reply);
        } catch (error) {
          if (error instanceof KernelError) return { error };
          throw error;
        }
      }
    }
  }

  /** Whether SIGTERM arrived; if so the process has ended (code -15). */
  private killed(): boolean {
    if (this.exited || !this.tables.killRequested(this.init.slot)) return this.exited;
    this.exit(-15, true);
    return true;
  }

  /** The process ends: close every handle (a held lock stays held), report the exit code. */
  private exit(code: number, killed = false): void {
    if (this.exited) return;
    this.exited = true;
    const main = this.threads.get(this.init.mainTid);
    // Killed, it stops wherever it is: the closes belong to no line of the script.
    const at = killed ? { line: null, fn: null } : (main?.at ?? { line: null, fn: null });
    for (const e of this.tables.handles(this.init.slot)) {
      this.tables.removeHandle(this.init.slot, e.handle);
      this.emit(this.init.mainTid, 'MainThread', at, {
        kind: 'handle.close',
        handle: e.handle,
        obj: e.obj,
      });
      this.releaseEnds(e);
    }
    this.emit(this.init.mainTid, 'MainThread', at, { kind: 'process.exit', code });
    this.tables.setExited(this.init.slot, code);
    this.mem.ring();
    this.post({ op: 'exited', slot: this.init.slot, pid: this.init.pid, code });
  }
}

function refused(): KernelError {
  return new KernelError('ECONNREFUSED', 'ConnectionRefusedError: [Errno 111] Connection refused');
}

function deadlineOf(w: Wait): number | null {
  if (w.kind === 'sleep') return w.deadline;
  if (w.kind === 'sem') return w.deadline;
  return null;
}

/** Connection framing: a 4-byte big-endian length, then the payload. */
function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 4);
  new DataView(out.buffer).setInt32(0, payload.length, false);
  out.set(payload, 4);
  return out;
}

function withFlag(framed: boolean, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = framed ? 1 : 0;
  out.set(bytes, 1);
  return out;
}

/** What the reader gets: the payload, without the Connection header a framed message carries. */
function unframe(message: Uint8Array): Uint8Array {
  return message[0] === 1 ? message.slice(5) : message.slice(1);
}
