/**
 * What the walkthrough shows at a step, as pure functions of `(trace, step)`:
 * the current line of each process (for the code panel), the narration of
 * the step, and the checkpoints where the learner predicts before stepping
 * on. No DOM, no store: the words come from messages/ and the state from
 * `TraceIndex` (one per trace, memoized), so stepping back is exact.
 */
import { TraceIndex, type SimState, type ThreadView } from '../../src/sim/fold';
import { handshakeMessage } from '../../src/sim/handshake-bytes';
import type { HandleOrigin, Trace, TraceEvent } from '../../src/sim/trace';
import { messages } from '../messages';
import { verdictLine } from '../outcome';
import { refusalOf } from '../refusal';
import { shortLabel } from './object-names';
import { PALETTE_SIZE } from './palette';

const n = messages.narrate;

/** How a handle's arrival is told, by how it entered the table (`handle.add`'s origin). */
const HANDLE_ADDED = {
  inherited: n.handleInherited,
  duplicated: (name, _handle, obj) => n.handleDuplicated(name, obj),
  opened: (name, _handle, obj) => n.handleOpened(name, obj),
  created: (name, _handle, obj) => n.handleCreated(name, obj),
  passed: (name, _handle, obj) => n.handleOther(name, obj),
  accepted: (name, _handle, obj) => n.handleOther(name, obj),
  connected: (name, _handle, obj) => n.handleOther(name, obj),
} satisfies Record<HandleOrigin, (name: string, handle: number, obj: string) => string>;

const indexes = new WeakMap<Trace, TraceIndex>();

/** The trace's index, built once per trace object. */
export function indexFor(trace: Trace): TraceIndex {
  let index = indexes.get(trace);
  if (!index) {
    index = new TraceIndex(trace);
    indexes.set(trace, index);
  }
  return index;
}

/** The state after the first `step` events (clamped). */
export function stateAt(trace: Trace, step: number): SimState {
  return indexFor(trace).stateAt(step);
}

// --- the code panel ----------------------------------------------------------

export interface ProcessLine {
  readonly pid: number;
  readonly name: string;
  /** Index into the palette: the process's order of appearance (stable across steps). */
  readonly colour: number;
  /** The script line the process is on, or null while it runs only library code. */
  readonly line: number | null;
  /** The thread whose line it is (null when no thread is on a script line). */
  readonly thread: string | null;
  readonly exited: boolean;
}

function isLive(t: ThreadView): boolean {
  return t.state !== 'exited';
}

/**
 * Each process's current line: its MainThread's line, or else the line of
 * the thread that acted last (the thread of the step's event, when it
 * belongs to this process), or else any live thread's line.
 */
export function currentLines(state: SimState): ProcessLine[] {
  // Pids grow as processes start, and processes stay in the state after they
  // exit, so the order (and the colour) of a process never changes.
  const pids = Object.keys(state.processes)
    .map(Number)
    .sort((a, b) => a - b);
  return pids.map((pid, i) => {
    const p = state.processes[pid]!;
    const threads = Object.values(p.threads).filter(isLive);
    const main = threads.find((t) => t.name === 'MainThread' && t.line !== null);
    const lastTid = state.last?.pid === pid ? state.last.tid : null;
    const last = threads.find((t) => t.tid === lastTid && t.line !== null);
    const any = threads.find((t) => t.line !== null);
    const chosen = main ?? last ?? any ?? null;
    return {
      pid,
      name: p.name,
      colour: i % PALETTE_SIZE,
      line: chosen?.line ?? null,
      thread: chosen?.name ?? null,
      exited: p.exitCode !== null,
    };
  });
}

// --- the narration ---------------------------------------------------------------

/** Who acted, in words: "The task handler thread", "MainProcess", … */
function who(state: SimState, e: TraceEvent): string {
  const process = state.processes[e.pid]?.name ?? `pid ${e.pid}`;
  const thread = e.thread;
  if (thread.includes('_handle_tasks')) return n.who.taskHandler;
  if (thread.includes('_handle_results')) return n.who.resultHandler;
  if (thread.includes('_handle_workers')) return n.who.workerHandler;
  if (thread === 'QueueFeederThread') return n.who.feeder(process);
  if (thread === 'MainThread') return n.who.main(process);
  return n.who.thread(process, thread);
}

function processName(state: SimState, pid: number): string {
  return state.processes[pid]?.name ?? `pid ${pid}`;
}

/**
 * A kernel object in words (n.object): `the semaphore “Lock”`, `the pipe
 * “Pool._inqueue”` (a pipe that is its owner's only pipe by the owner's name:
 * the sentence says it is a pipe), `the listener “manager listener /tmp/…”`.
 */
function objectName(state: SimState, obj: number): string {
  const o = state.objects[obj];
  if (!o) return `kernel object ${obj}`;
  const short = o.role === 'pipe' ? o.owner : o.kind === 'listener' ? o.label : shortLabel(o);
  return n.object(o.kind, short);
}

/** A socket a manager's client connected (a server call's, a proxy's): both ends of it. */
function isManagerConnection(state: SimState, obj: number): boolean {
  const o = state.objects[obj];
  return o?.role === 'connection' && (o.owner === 'BaseManager' || o.owner === 'BaseProxy');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function verdictText(state: SimState): string {
  const v = state.verdict;
  if (!v) return '';
  if (v.verdict === 'hang') return n.verdictHang;
  if (v.verdict === 'raised') return n.verdictRaised(state.exception?.error ?? 'an exception');
  const line = verdictLine({
    verdict: v.verdict,
    stdout: state.output.filter((o) => o.stream === 'stdout').map((o) => o.text),
    stderr: state.output.filter((o) => o.stream === 'stderr').map((o) => o.text),
    error: state.exception?.error ?? null,
  });
  return n.verdict(line ?? v.verdict);
}

/**
 * One or two plain sentences about step `step`: why the event that produced
 * it (event `step - 1`) happened. Step 0 gets an introduction, the last step
 * the run's verdict.
 */
export function narration(trace: Trace, step: number): string {
  const index = indexFor(trace);
  const target = Math.min(Math.max(0, Math.floor(step)), index.length);
  if (target === 0) return n.start;
  if (target === index.length && index.length > 0) {
    const end = index.stateAt(target);
    if (end.verdict) return n.end(verdictText(end));
  }
  // Names as they were just before the event (a process's own start names it).
  const before = index.stateAt(target - 1);
  const after = index.stateAt(target);
  const e = trace.events[target - 1]!;
  const text = describe(e, before, after, proxyCounts(trace)[target - 1] ?? 0);
  return target === firstInterleaving(trace)
    ? `${text} ${n.interleave(processName(after, e.pid))}`
    : text;
}

const proxyCountCache = new WeakMap<Trace, readonly number[]>();

/**
 * The requests sent to any manager up to and including each event: the
 * run's running count (the trace's own `count` is per process, so it
 * repeats across workers and would seem to go backwards).
 */
function proxyCounts(trace: Trace): readonly number[] {
  const cached = proxyCountCache.get(trace);
  if (cached) return cached;
  let count = 0;
  const counts = trace.events.map((e) => (e.kind === 'proxy.request' ? (count += 1) : count));
  proxyCountCache.set(trace, counts);
  return counts;
}

const interleavings = new WeakMap<Trace, number>();

/**
 * The first step at which a process other than MainProcess acts while
 * MainProcess is still running: where the learner must stop reading the
 * steps as one program. 0 when it never happens.
 */
export function firstInterleaving(trace: Trace): number {
  const cached = interleavings.get(trace);
  if (cached !== undefined) return cached;
  const main = trace.events[0]?.pid;
  let found = 0;
  for (let i = 0; i < trace.events.length; i += 1) {
    const e = trace.events[i]!;
    if (e.pid === main && e.kind === 'process.exit') break;
    // A child's own start is its parent's doing; its first own step is the interleaving.
    if (e.pid !== main && e.kind !== 'process.start') {
      found = i + 1;
      break;
    }
  }
  interleavings.set(trace, found);
  return found;
}

/** A variable's own name: `lock` for `scenario_5_pool_initializer_lock:lock`. */
function shortName(name: string): string {
  return name.split(':').pop() ?? name;
}

function describe(e: TraceEvent, before: SimState, after: SimState, proxyCount: number): string {
  const actor = who(after, e);
  switch (e.kind) {
    case 'process.start': {
      const parent = e.ppid === null ? '' : processName(before, e.ppid);
      switch (e.birth) {
        case 'main':
          return n.mainStart(e.name);
        case 'fork':
          return n.forkStart(e.name, parent);
        case 'spawn':
          return n.spawnStart(e.name, parent);
        case 'forkserver':
          return n.forkserverStart(e.name);
      }
      break;
    }
    case 'memory.copy': {
      // The same name bound in two frames (a global and a local `lock`) is named once.
      const vars = [...new Set(e.vars.map(shortName))];
      const list = vars.length > 0 ? n.memoryVars(vars.join(', ')) : '';
      return n.memoryCopy(processName(after, e.pid), processName(after, e.from), list);
    }
    case 'handle.add': {
      const name = processName(after, e.pid);
      const obj = objectName(after, e.obj);
      return HANDLE_ADDED[e.origin](name, e.handle, obj);
    }
    case 'pickle.start':
      return e.spawning ? n.pickleStartSpawning(actor, e.what) : n.pickleStart(actor, e.what);
    case 'pickle.done':
      return n.pickleDone(actor, e.what, e.size);
    case 'pickle.refused': {
      const refusal = refusalOf(e.error);
      return refusal?.kind === 'object'
        ? n.pickleRefusedLock(actor, e.what, refusal.type, refusal.errorType)
        : n.pickleRefused(actor, e.what, e.error);
    }
    case 'unpickle':
      return n.unpickle(actor, e.what, e.size);
    case 'exception':
      switch (e.phase) {
        case 'raised':
          return n.exceptionRaised(actor, e.error);
        case 'stored':
          return n.exceptionStored(actor);
        case 'reraised':
          return n.exceptionReraised(actor, e.error);
        case 'printed':
          // The script's own process ends the script; a child ends itself (exit code 1).
          return after.processes[e.pid]?.ppid === null
            ? n.exceptionPrinted(processName(after, e.pid))
            : n.exceptionPrintedChild(processName(after, e.pid));
      }
      break;
    case 'proxy.request':
      return n.proxyRequest(actor, e.method, proxyCount);
    case 'proxy.response':
      return n.proxyResponse(actor, e.method, e.ok);
    case 'sem.block':
      return n.semBlock(actor, objectName(after, e.obj));
    case 'sem.acquire':
      return e.waited
        ? n.semAcquireWaited(actor, objectName(after, e.obj))
        : n.semAcquire(actor, objectName(after, e.obj));
    case 'sem.release':
      return n.semRelease(actor, objectName(after, e.obj), e.wakes !== null);
    case 'pipe.write': {
      const handshake = isManagerConnection(after, e.obj) ? handshakeMessage(e.hex) : null;
      return handshake !== null
        ? n.handshakeWrite(actor, e.size, objectName(after, e.obj), handshake)
        : n.pipeWrite(actor, e.size, objectName(after, e.obj));
    }
    case 'pipe.read':
      return n.pipeRead(actor, e.size, objectName(after, e.obj));
    case 'pipe.block':
      return n.pipeBlock(actor, objectName(after, e.obj));
    case 'print':
      return e.stream === 'stdout' ? n.print(actor, e.text) : n.printErr(actor, e.text);
    case 'thread.start':
      return n.threadStart(actor, e.name);
    case 'process.exit':
      return n.processExit(processName(after, e.pid), e.code);
    case 'verdict':
      return verdictText(after);
    case 'note':
      return n.note(e.text);
    case 'call':
      return n.call(actor, e.func, e.args);
    case 'return':
      return n.returns(actor, e.func);
    case 'var.set':
      return n.bind(actor, shortName(e.name), e.value?.repr ?? null);
    case 'kobj.create': {
      const label = objectName(after, e.obj);
      return e.private ? n.kobjCreatePrivate(actor, label) : n.kobjCreate(actor, label);
    }
    case 'kobj.unlink':
      return n.kobjUnlink(actor, objectName(before, e.obj));
    case 'kobj.free':
      return n.kobjFree(objectName(before, e.obj));
    case 'handle.close':
      return n.handleClose(processName(after, e.pid), objectName(before, e.obj));
    case 'thread.exit':
      return n.threadExit(e.thread, processName(after, e.pid));
    case 'thread.rename':
      return n.threadRename(n.who.thread(processName(after, e.pid), e.thread), e.name);
    case 'process.rename':
      return n.processRename(processName(before, e.pid), e.name);
    case 'sleep':
      return n.sleep(actor, e.seconds);
    case 'sem.timeout':
      return n.semTimeout(actor, objectName(after, e.obj));
    case 'sem.try-failed':
      return n.semTryFailed(actor, objectName(after, e.obj));
    case 'pipe.eof':
      return n.pipeEof(actor, objectName(after, e.obj));
    default:
      break;
  }
  return n.generic(actor, capitalise(e.kind).replace('.', ' '));
}

// --- checkpoints --------------------------------------------------------------------

export interface Checkpoint {
  /** The step at which the question is asked: the event that settles it comes next. */
  readonly step: number;
  /** What the question is about (`task 0`, `Process object ForkProcess-1`, `ForkPoolWorker-1`). */
  readonly what: string;
  readonly question: string;
  /** The two answers the learner chooses between. */
  readonly yes: string;
  readonly no: string;
  /** The step at which the outcome is known (after the event that settles it). */
  readonly answerStep: number;
  /** Whether "yes" is right. */
  readonly answer: boolean;
  /** The answer, in words: why the right answer is right. */
  readonly reveal: string;
  /** What the wrong answer reveals: the misconception behind it, named. */
  readonly misconception: string;
}

const checkpointCache = new WeakMap<Trace, readonly Checkpoint[]>();

const TASK = /^task \d+/;
const PROCESS = /^Process object/;
/** The script's lock, wherever it is bound (`lock`, `scenario_6_…:lock`). */
const LOCK_NAME = /(^|:)lock$/;

/**
 * The first pickling of a task, and of a Process object (spawn and
 * forkserver): will it pickle? The next pickle.done or pickle.refused answers.
 */
function pickleCheckpoints(events: readonly TraceEvent[]): Checkpoint[] {
  const w = messages.walkthrough;
  const found: Checkpoint[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    if (e.kind !== 'pickle.start') continue;
    const kind = TASK.test(e.what) ? 'task' : PROCESS.test(e.what) ? 'process' : null;
    if (kind === null || seen.has(kind)) continue;
    for (let j = i + 1; j < events.length; j += 1) {
      const r = events[j]!;
      if ((r.kind === 'pickle.done' || r.kind === 'pickle.refused') && r.what === e.what) {
        seen.add(kind);
        found.push({
          step: i,
          what: e.what,
          question: kind === 'task' ? w.checkpointTask(e.what) : w.checkpointProcess(e.what),
          yes: w.checkpointYes,
          no: w.checkpointNo,
          answerStep: j + 1,
          answer: r.kind === 'pickle.done',
          reveal:
            r.kind === 'pickle.done'
              ? w.checkpointPickles(capitalise(e.what))
              : w.checkpointRefused(capitalise(e.what), r.error),
          misconception:
            kind === 'task'
              ? r.kind === 'pickle.done'
                ? w.misconception.taskRefused
                : w.misconception.taskPickles
              : r.kind === 'pickle.done'
                ? w.misconception.processRefused
                : w.misconception.processPickles,
        });
        break;
      }
    }
  }
  return found;
}

/**
 * The first child forked from the script: will it have the script's lock,
 * without pickling? Its memory copy answers. Under fork the answer depends
 * only on whether the lock existed when the child was forked, which the
 * code shows: a Pool made before `mp.Lock()` forks its workers without it.
 */
function forkCheckpoint(events: readonly TraceEvent[]): Checkpoint | null {
  const w = messages.walkthrough;
  const start = events.findIndex((e) => e.kind === 'process.start' && e.birth === 'fork');
  if (start < 0) return null;
  const child = events[start]!;
  if (child.kind !== 'process.start') return null;
  const copied = events.findIndex(
    (e, j) => j > start && e.kind === 'memory.copy' && e.pid === child.pid,
  );
  const copy = events[copied];
  if (!copy || copy.kind !== 'memory.copy') return null;
  const hasLock = copy.vars.some((v) => LOCK_NAME.test(v));
  return {
    step: start,
    what: child.name,
    question: w.checkpointFork(child.name),
    yes: w.checkpointForkYes,
    no: w.checkpointForkNo,
    answerStep: copied + 1,
    answer: hasLock,
    reveal: hasLock ? w.checkpointForkHas(child.name) : w.checkpointForkHasNot(child.name),
    misconception: hasLock ? w.misconception.forkHas : w.misconception.forkHasNot,
  };
}

/**
 * Before a forked child first acquires the script's Lock: is it the
 * parent's? (Copy-on-write is the natural wrong answer.)
 */
function acquireCheckpoint(events: readonly TraceEvent[]): Checkpoint | null {
  const w = messages.walkthrough;
  const main = events[0]?.pid;
  const lock = events.find((e) => e.kind === 'kobj.create' && e.owner === 'Lock');
  if (!lock || lock.kind !== 'kobj.create' || lock.pid !== main) return null;
  const at = events.findIndex(
    (e) => e.kind === 'sem.acquire' && e.obj === lock.obj && e.pid !== main,
  );
  if (at < 0) return null;
  const name = [...events.slice(0, at)]
    .reverse()
    .find(
      (e) =>
        (e.kind === 'process.start' || e.kind === 'process.rename') && e.pid === events[at]!.pid,
    );
  const child =
    name && (name.kind === 'process.start' || name.kind === 'process.rename')
      ? name.name
      : 'The child';
  return {
    step: at,
    what: child,
    question: w.checkpointAcquire(child),
    yes: w.checkpointAcquireYes,
    no: w.checkpointAcquireNo,
    answerStep: at + 1,
    answer: true,
    reveal: w.checkpointAcquireReveal,
    misconception: w.misconception.acquireCopy,
  };
}

/** Before the first call on a proxy: where does it run? */
function proxyCheckpoint(events: readonly TraceEvent[]): Checkpoint | null {
  const w = messages.walkthrough;
  const at = events.findIndex((e) => e.kind === 'proxy.request' && e.id !== null);
  const e = events[at];
  if (!e || e.kind !== 'proxy.request') return null;
  const answered = events.findIndex(
    (r, j) => j > at && r.kind === 'proxy.response' && r.pid === e.pid && r.tid === e.tid,
  );
  return {
    step: at,
    what: `${e.method}()`,
    question: w.checkpointProxy(e.method),
    yes: w.checkpointProxyYes,
    no: w.checkpointProxyNo,
    answerStep: (answered >= 0 ? answered : at) + 1,
    answer: true,
    reveal: w.checkpointProxyReveal(e.method),
    misconception: w.misconception.proxyHere,
  };
}

/** The trace's checkpoints, in the order they are asked. */
export function checkpoints(trace: Trace): readonly Checkpoint[] {
  const cached = checkpointCache.get(trace);
  if (cached) return cached;
  const events = trace.events;
  const candidates = [
    forkCheckpoint(events),
    acquireCheckpoint(events),
    proxyCheckpoint(events),
    ...pickleCheckpoints(events),
  ].filter((c): c is Checkpoint => c !== null);
  // One question at a time: a checkpoint asked before the previous one is answered waits out.
  const found: Checkpoint[] = [];
  for (const c of candidates.sort((a, b) => a.step - b.step)) {
    const last = found.at(-1);
    if (!last || c.step >= last.answerStep) found.push(c);
  }
  checkpointCache.set(trace, found);
  return found;
}

/** The checkpoint asked at `step`, if any. */
export function isCheckpoint(trace: Trace, step: number): Checkpoint | null {
  return checkpoints(trace).find((c) => c.step === step) ?? null;
}

/** The checkpoint answered at `step` (its outcome is the step's event), if any. */
export function answeredAt(trace: Trace, step: number): Checkpoint | null {
  return checkpoints(trace).find((c) => c.answerStep === step) ?? null;
}
