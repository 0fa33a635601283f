/**
 * The state of a run at any step, folded from its trace.
 *
 * `step` counts events applied: step 0 is before the first event, step N is
 * after events 0..N-1, and step `events.length` is the end. `applyEvent` is
 * the whole semantics of the view: the UI renders a `SimState` and decides
 * nothing itself. `TraceIndex` keeps a snapshot every few hundred events so
 * that seeking anywhere in a long trace costs at most one snapshot copy plus
 * a few hundred event applications, and stepping back is exact.
 */
import {
  EVENT_KINDS,
  type Birth,
  type HandleOrigin,
  type KernelObjectKind,
  type ObjectOwner,
  type ObjectRole,
  type Trace,
  type TraceEvent,
  type ValueView,
  type Verdict,
} from './trace';

export interface ThreadView {
  readonly tid: number;
  name: string;
  line: number | null;
  fn: string | null;
  state: 'running' | 'blocked' | 'exited';
  /** Kernel object the thread waits on, when blocked. */
  waitingOn: number | null;
}

export interface HandleView {
  readonly handle: number;
  readonly obj: number;
  readonly origin: HandleOrigin;
  readonly fromPid: number | null;
}

export interface ProcessView {
  readonly pid: number;
  name: string;
  readonly ppid: number | null;
  readonly birth: Birth;
  readonly runs: string;
  exitCode: number | null;
  /** By tid, in creation order. */
  threads: Record<number, ThreadView>;
  /** The Python names this process holds, in binding order. */
  vars: Record<string, ValueView>;
  handles: Record<number, HandleView>;
}

export interface KernelObjectView {
  readonly id: number;
  readonly kind: KernelObjectKind;
  /** Display text; whose it is is `owner` and `role` (see ObjectOwner, ObjectRole). */
  readonly label: string;
  readonly owner: ObjectOwner;
  readonly role: ObjectRole;
  /** A Popen's pipes: the child they are for; a listener or a connection: the listener's address. */
  readonly process: string | null;
  readonly address: string | null;
  readonly private: boolean;
  /** Semaphores: count now, maximum, POSIX name (null once unlinked). */
  value: number | null;
  readonly max: number | null;
  name: string | null;
  /** Locks (max 1): the threads that acquired and did not release yet. */
  holders: number[];
  waiters: number[];
  /**
   * Pipes and sockets: the messages in flight, oldest first. A pipe.write
   * appends one, a pipe.read takes the oldest: the one place the FIFO of
   * messages per kernel object is kept (the Chrome trace export pairs writes
   * with reads by it).
   */
  messages: MessageView[];
  buffered: number;
}

/** A message in flight on a pipe or socket. */
export interface MessageView {
  /** Its bytes. */
  readonly hex: string;
  /** The pipe.write event that sent it. */
  readonly seq: number;
}

export interface OutputLine {
  readonly pid: number;
  readonly tid: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly seq: number;
}

export interface SimState {
  step: number;
  t: number;
  processes: Record<number, ProcessView>;
  objects: Record<number, KernelObjectView>;
  output: OutputLine[];
  /** Manager requests so far (each proxy method call is one). */
  requests: number;
  pickles: { done: number; refused: number };
  /** The last exception event, as the traceback panel shows it. */
  exception: {
    phase: string;
    error: string;
    frames: readonly string[];
    pid: number;
    thread: string;
  } | null;
  verdict: { verdict: Verdict | 'hang'; result: readonly number[] | null } | null;
  /** The event that produced this step (null at step 0). */
  last: TraceEvent | null;
}

export function initialState(): SimState {
  return {
    step: 0,
    t: 0,
    processes: {},
    objects: {},
    output: [],
    requests: 0,
    pickles: { done: 0, refused: 0 },
    exception: null,
    verdict: null,
    last: null,
  };
}

/** Applies one event to `state` in place. */
export function applyEvent(state: SimState, e: TraceEvent): void {
  state.step += 1;
  state.t = e.t;
  state.last = e;
  const proc = state.processes[e.pid];
  const thread = proc?.threads[e.tid];
  if (thread) {
    thread.line = e.line;
    thread.fn = e.fn;
    if (thread.state === 'blocked' && !EVENT_KINDS[e.kind].blocks) {
      thread.state = 'running';
      thread.waitingOn = null;
    }
  }
  switch (e.kind) {
    case 'process.start':
      state.processes[e.pid] = {
        pid: e.pid,
        name: e.name,
        ppid: e.ppid,
        birth: e.birth,
        runs: e.runs,
        exitCode: null,
        threads: {
          [e.tid]: {
            tid: e.tid,
            name: 'MainThread',
            line: e.line,
            fn: e.fn,
            state: 'running',
            waitingOn: null,
          },
        },
        vars: {},
        handles: {},
      };
      return;
    case 'process.rename':
      if (proc) proc.name = e.name;
      return;
    case 'process.exit':
      if (!proc) return;
      proc.exitCode = e.code;
      for (const t of Object.values(proc.threads)) {
        t.state = 'exited';
        t.waitingOn = null;
      }
      for (const obj of Object.values(state.objects)) {
        obj.waiters = obj.waiters.filter((tid) => !(tid in proc.threads));
      }
      return;
    case 'memory.copy': {
      const parent = state.processes[e.from];
      if (proc && parent) proc.vars = { ...parent.vars };
      return;
    }
    case 'thread.start':
      if (proc) {
        proc.threads[e.newTid] = {
          tid: e.newTid,
          name: e.name,
          line: null,
          fn: null,
          state: 'running',
          waitingOn: null,
        };
      }
      return;
    case 'thread.rename':
      if (thread) thread.name = e.name;
      return;
    case 'thread.exit':
      if (thread) thread.state = 'exited';
      return;
    case 'kobj.create':
      state.objects[e.obj] = {
        id: e.obj,
        kind: e.objKind,
        label: e.label,
        owner: e.owner,
        role: e.role,
        process: e.process ?? null,
        address: e.address ?? null,
        private: e.private === true,
        value: e.value ?? null,
        max: e.max ?? null,
        name: e.name ?? null,
        holders: [],
        waiters: [],
        messages: [],
        buffered: 0,
      };
      return;
    case 'kobj.free':
      delete state.objects[e.obj];
      return;
    case 'kobj.unlink': {
      const obj = state.objects[e.obj];
      if (obj) obj.name = null;
      return;
    }
    case 'handle.add':
      if (proc) {
        proc.handles[e.handle] = {
          handle: e.handle,
          obj: e.obj,
          origin: e.origin,
          fromPid: e.fromPid ?? null,
        };
      }
      return;
    case 'handle.close':
      if (proc) delete proc.handles[e.handle];
      return;
    case 'sem.acquire': {
      const obj = state.objects[e.obj];
      if (!obj) return;
      obj.value = e.value;
      obj.waiters = obj.waiters.filter((tid) => tid !== e.tid);
      if (obj.max === 1) obj.holders.push(e.tid);
      if (thread) {
        thread.state = 'running';
        thread.waitingOn = null;
      }
      return;
    }
    case 'sem.block': {
      const obj = state.objects[e.obj];
      if (obj && !obj.waiters.includes(e.tid)) obj.waiters.push(e.tid);
      if (thread) {
        thread.state = 'blocked';
        thread.waitingOn = e.obj;
      }
      return;
    }
    case 'sem.timeout': {
      const obj = state.objects[e.obj];
      if (obj) obj.waiters = obj.waiters.filter((tid) => tid !== e.tid);
      return;
    }
    case 'sem.release': {
      const obj = state.objects[e.obj];
      if (!obj) return;
      obj.value = e.value;
      // A lock may be released by another thread than the one that took it.
      if (obj.max === 1)
        obj.holders = obj.holders.includes(e.tid)
          ? obj.holders.filter((t) => t !== e.tid)
          : obj.holders.slice(1);
      return;
    }
    case 'pipe.write': {
      const obj = state.objects[e.obj];
      if (!obj) return;
      obj.messages.push({ hex: e.hex, seq: e.seq });
      obj.buffered = e.buffered;
      return;
    }
    case 'pipe.read': {
      const obj = state.objects[e.obj];
      if (!obj) return;
      obj.messages.shift();
      obj.buffered = e.buffered;
      return;
    }
    case 'pipe.block':
      if (thread) {
        thread.state = 'blocked';
        thread.waitingOn = e.obj;
      }
      return;
    case 'var.set':
      if (!proc) return;
      if (e.value === null) delete proc.vars[e.name];
      else proc.vars[e.name] = e.value;
      return;
    case 'print':
      state.output.push({ pid: e.pid, tid: e.tid, stream: e.stream, text: e.text, seq: e.seq });
      return;
    case 'pickle.done':
      state.pickles.done += 1;
      return;
    case 'pickle.refused':
      state.pickles.refused += 1;
      return;
    case 'proxy.request':
      state.requests += 1;
      return;
    case 'exception':
      state.exception = {
        phase: e.phase,
        error: e.error,
        frames: e.frames,
        pid: e.pid,
        thread: e.thread,
      };
      return;
    case 'verdict':
      state.verdict = { verdict: e.verdict, result: e.result };
      return;
    // The rest change no state but the step, the time and the line.
    case 'call':
    case 'note':
    case 'pickle.start':
    case 'pipe.eof':
    case 'proxy.response':
    case 'return':
    case 'sem.try-failed':
    case 'sleep':
    case 'unpickle':
      return;
  }
}

/**
 * A copy that `applyEvent` can mutate without touching the original. Views
 * that are never mutated in place (ValueView, HandleView, MessageView, output
 * lines, events) are shared.
 */
export function cloneState(s: SimState): SimState {
  const processes: Record<number, ProcessView> = {};
  for (const [pid, p] of Object.entries(s.processes)) {
    const threads: Record<number, ThreadView> = {};
    for (const [tid, t] of Object.entries(p.threads)) threads[Number(tid)] = { ...t };
    processes[Number(pid)] = { ...p, threads, vars: { ...p.vars }, handles: { ...p.handles } };
  }
  const objects: Record<number, KernelObjectView> = {};
  for (const [id, o] of Object.entries(s.objects)) {
    objects[Number(id)] = {
      ...o,
      holders: o.holders.slice(),
      waiters: o.waiters.slice(),
      messages: o.messages.slice(),
    };
  }
  return { ...s, processes, objects, output: s.output.slice(), pickles: { ...s.pickles } };
}

/** Folds events 0..step-1 from scratch. */
export function foldTrace(events: readonly TraceEvent[], step: number = events.length): SimState {
  const state = initialState();
  const end = Math.min(Math.max(0, step), events.length);
  for (let i = 0; i < end; i++) applyEvent(state, events[i]!);
  return state;
}

/** Seeks any step of a trace quickly: snapshots every `interval` events. */
export class TraceIndex {
  readonly trace: Trace;
  private readonly interval: number;
  private readonly snapshots: SimState[] = [];

  constructor(trace: Trace, interval = 256) {
    this.trace = trace;
    this.interval = interval;
    const state = initialState();
    this.snapshots.push(cloneState(state));
    const events = trace.events;
    for (let i = 0; i < events.length; i++) {
      applyEvent(state, events[i]!);
      if ((i + 1) % interval === 0) this.snapshots.push(cloneState(state));
    }
  }

  get length(): number {
    return this.trace.events.length;
  }

  /** The state after the first `step` events (clamped to 0..length). A fresh object each call. */
  stateAt(step: number): SimState {
    const target = Math.min(Math.max(0, Math.floor(step)), this.length);
    const k = Math.floor(target / this.interval);
    const state = cloneState(this.snapshots[k]!);
    const events = this.trace.events;
    for (let i = k * this.interval; i < target; i++) applyEvent(state, events[i]!);
    return state;
  }
}
