/**
 * What the stage draws at a step, as pure functions of `(trace, step)`.
 *
 * The stage shows one card per process (its threads, the Python names it
 * holds, its handle table) above a band of kernel objects. Two things make
 * it readable rather than merely true:
 *
 * - **Stable places.** A layout computed once per trace (stage-layout.ts)
 *   gives every process a card slot and every kernel object a slot in its
 *   family, so nothing moves when a step adds or removes something elsewhere.
 * - **Families.** Twenty pipes and semaphores mean nothing one by one; "the
 *   Queue: a pipe, two locks and a counting semaphore" does. Objects are
 *   grouped by the Python object that made them, which their kobj.create
 *   says (`owner`, `role`).
 *
 * `stepEffect` says what the step's event moves (bytes down a pipe, a proxy
 * call to its manager) so the UI can animate it; the UI decides nothing
 * about semantics.
 */
import type { KernelObjectView, SimState } from '../../../src/sim/fold';
import { SEM_VALUE_MAX } from '../../../src/sim/syscalls';
import type {
  HandleOrigin,
  KernelObjectKind,
  Trace,
  TraceEvent,
  ValueView,
} from '../../../src/sim/trace';
import { messages } from '../../messages';
import { PALETTE_SIZE } from '../palette';
import { shortLabel } from '../object-names';
import { familyOf, memberName, stageLayout, type StageLayout } from './stage-layout';

const s = messages.stage;

// --- the view at a step ------------------------------------------------------------

export interface StageThread {
  readonly tid: number;
  readonly name: string;
  readonly state: 'running' | 'blocked' | 'exited';
  /** Where it is: `line 64` or `pool.py:_handle_tasks`. */
  readonly where: string | null;
  /** What it waits on, in words, when blocked. */
  readonly waitingOn: string | null;
  readonly waitingObj: number | null;
  /** This thread did the step's event. */
  readonly current: boolean;
  /** The step's event is an error on this thread: a refused pickle, an exception. */
  readonly alert: string | null;
}

export interface StageVar {
  readonly key: string;
  /** The Python name (`lock`), and the function whose local it is, if any. */
  readonly name: string;
  readonly scope: string | null;
  readonly value: ValueView;
  /** Set by the step's event (or copied in by it). */
  readonly fresh: boolean;
}

export interface StageHandle {
  readonly handle: number;
  /** `fd 3`, `sem …4a00`, `HANDLE 0x1a4`. */
  readonly label: string;
  readonly obj: number;
  readonly origin: HandleOrigin;
  readonly objectLabel: string;
  /** Added by the step's event. */
  readonly fresh: boolean;
}

export interface StageHandleGroup {
  readonly family: string;
  readonly handles: readonly StageHandle[];
}

export interface StageCard {
  readonly pid: number;
  readonly name: string;
  /** Palette index (order of appearance). */
  readonly colour: number;
  readonly birth: string;
  /** The process that started it (null for MainProcess). */
  readonly ppid: number | null;
  readonly runs: string;
  readonly exitCode: number | null;
  readonly threads: readonly StageThread[];
  readonly exitedThreads: number;
  readonly vars: readonly StageVar[];
  readonly handles: readonly StageHandleGroup[];
  readonly handleCount: number;
  /** Threading objects private to this process (a manager's registry, Pool._taskqueue). */
  readonly privateObjects: readonly StageObject[];
  readonly current: boolean;
  /**
   * A forked child whose copy of its parent's memory is not shown yet: fork
   * copies it all at once, but the trace lists the handles, then the memory.
   */
  readonly copying: boolean;
  /** The most live threads this card ever shows (to reserve its height). */
  readonly threadRows: number;
}

export interface StageObject {
  readonly id: number;
  readonly kind: KernelObjectKind;
  readonly member: string;
  readonly label: string;
  /** Semaphores: `count 1 of 1`; locks: `free` / `held`. */
  readonly summary: string;
  readonly holders: readonly string[];
  readonly waiters: readonly string[];
  /** Pipes: the messages in flight, oldest first (hex, with their sizes). */
  readonly messages: readonly { readonly hex: string; readonly size: number }[];
  readonly buffered: number;
  readonly unlinked: boolean;
  /** The step's event touched it. */
  readonly current: boolean;
}

export interface StageFamily {
  readonly family: string;
  /** Plumbing with many members (sentinels, manager connections): drawn as small marks. */
  readonly compact: boolean;
  /** One entry per slot; null where the slot is empty at this step. */
  readonly slots: readonly (StageObject | null)[];
  readonly live: number;
}

export interface StageView {
  readonly cards: readonly StageCard[];
  /** Processes not started yet keep no card; the layout still knows them. */
  readonly families: readonly StageFamily[];
  readonly currentPid: number | null;
}

function handleLabel(handle: number): string {
  // Small numbers are fds; POSIX sem_t* are addresses, shown by their tail
  // as a debugger would abbreviate them.
  if (handle < 1 << 20) return s.fd(handle);
  return s.semPointer(handle.toString(16).slice(-4));
}

function threadName(state: SimState, tid: number): string {
  for (const p of Object.values(state.processes)) {
    const t = p.threads[tid];
    if (t) return `${p.name} · ${t.name}`;
  }
  return `thread ${tid}`;
}

function eventObject(e: TraceEvent | null): number | null {
  if (!e) return null;
  return 'obj' in e && typeof e.obj === 'number' ? e.obj : null;
}

function objectView(
  state: SimState,
  layout: StageLayout,
  o: KernelObjectView,
  current: boolean,
): StageObject {
  let summary = '';
  if (o.kind === 'semaphore') {
    if (o.max === 1) summary = o.value === 1 ? s.lockFree : s.lockHeld;
    else if (o.max === SEM_VALUE_MAX)
      summary = o.value === SEM_VALUE_MAX ? s.countUnbounded : s.count(o.value ?? 0);
    else summary = s.countOf(o.value ?? 0, o.max ?? 0);
  } else if (o.kind === 'pipe' || o.kind === 'socket') {
    summary = o.messages.length === 0 ? s.empty : s.inFlight(o.messages.length, o.buffered);
  } else {
    summary = s.listening;
  }
  return {
    id: o.id,
    kind: o.kind,
    member: memberName(o, o.kind),
    label: o.label,
    summary,
    holders: o.holders.map((tid) => threadName(state, tid)),
    waiters: o.waiters.map((tid) => threadName(state, tid)),
    messages: o.messages.map(({ hex }) => ({ hex, size: hex.length / 2 })),
    buffered: o.buffered,
    unlinked: o.name === null && layout.named.has(o.id),
    current,
  };
}

/**
 * An object in a few words: `Pool._inqueue._rlock`, `connection to
 * SyncManager-4` (a connection's address names the manager).
 */
function shortName(state: SimState, layout: StageLayout, obj: number): string | null {
  const o = state.objects[obj];
  if (!o) return null;
  if (o.role === 'connection' && o.address !== null) {
    const manager = layout.managers.get(o.address);
    const name = manager === undefined ? undefined : state.processes[manager]?.name;
    return s.connectionTo(name ?? o.address);
  }
  return shortLabel(o);
}

function alertOf(e: TraceEvent): string | null {
  if (e.kind === 'pickle.refused') return s.alertRefused(e.what, e.error);
  if (e.kind === 'exception' && e.phase !== 'stored') return e.error;
  return null;
}

function splitVar(key: string): { name: string; scope: string | null } {
  const colon = key.lastIndexOf(':');
  return colon < 0
    ? { name: key, scope: null }
    : { name: key.slice(colon + 1), scope: key.slice(0, colon) };
}

/** The stage at `state` (the state after `state.step` events of `trace`). */
export function stageView(trace: Trace, state: SimState): StageView {
  const layout = stageLayout(trace);
  const e = state.last;
  const touched = eventObject(e);
  const freshVars = new Set<string>();
  if (e?.kind === 'var.set') freshVars.add(`${e.pid}:${e.name}`);
  if (e?.kind === 'memory.copy') for (const v of e.vars) freshVars.add(`${e.pid}:${v}`);

  const privateBy = new Map<number, StageObject[]>();
  for (const o of Object.values(state.objects)) {
    if (!o.private) continue;
    const owner = layout.creator.get(o.id);
    if (owner === undefined) continue;
    const list = privateBy.get(owner) ?? [];
    list.push(objectView(state, layout, o, o.id === touched));
    privateBy.set(owner, list);
  }

  const cards: StageCard[] = [];
  layout.pids.forEach((pid, colour) => {
    const p = state.processes[pid];
    if (!p) return;
    const threads = Object.values(p.threads);
    const liveThreads = threads.filter((t) => t.state !== 'exited');
    const byFamily = new Map<string, StageHandle[]>();
    const handles = Object.values(p.handles).sort((a, b) => a.handle - b.handle);
    for (const h of handles) {
      const o = state.objects[h.obj];
      const family = layout.slots.get(h.obj)?.family ?? (o ? familyOf(o) : s.familyOther);
      const list = byFamily.get(family) ?? [];
      list.push({
        handle: h.handle,
        label: handleLabel(h.handle),
        obj: h.obj,
        origin: h.origin,
        objectLabel: o ? `${o.kind} ${o.label}` : `object ${h.obj}`,
        fresh: e?.kind === 'handle.add' && e.pid === pid && e.handle === h.handle,
      });
      byFamily.set(family, list);
    }
    const familyOrder = (f: string) => {
      const i = layout.families.indexOf(f);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    cards.push({
      pid,
      name: p.name,
      colour: colour % PALETTE_SIZE,
      birth: p.birth,
      ppid: p.ppid,
      runs: p.runs,
      exitCode: p.exitCode,
      threads: liveThreads.map((t) => ({
        tid: t.tid,
        name: t.name,
        state: t.state,
        where: t.line !== null ? s.line(t.line) : t.fn,
        waitingOn: t.waitingOn !== null ? shortName(state, layout, t.waitingOn) : null,
        waitingObj: t.waitingOn,
        current: e !== null && e.pid === pid && e.tid === t.tid,
        alert: e !== null && e.pid === pid && e.tid === t.tid ? alertOf(e) : null,
      })),
      exitedThreads: threads.length - liveThreads.length,
      vars: Object.entries(p.vars).map(([key, value]) => ({
        key,
        ...splitVar(key),
        value,
        fresh: freshVars.has(`${pid}:${key}`),
      })),
      handles: [...byFamily.entries()]
        .sort((a, b) => familyOrder(a[0]) - familyOrder(b[0]))
        .map(([family, list]) => ({ family, handles: list })),
      handleCount: handles.length,
      privateObjects: privateBy.get(pid) ?? [],
      current: e !== null && e.pid === pid,
      copying: state.step < (layout.copiedAt.get(pid) ?? 0),
      threadRows: layout.maxThreads.get(pid) ?? 1,
    });
  });

  const families: StageFamily[] = layout.families.map((family) => {
    const size = layout.familySize.get(family) ?? 0;
    const row: (StageObject | null)[] = Array.from({ length: size }, () => null);
    let live = 0;
    for (const o of Object.values(state.objects)) {
      const placed = layout.slots.get(o.id);
      if (!placed || placed.family !== family) continue;
      row[placed.slot] = objectView(state, layout, o, o.id === touched);
      live += 1;
    }
    const compact = family === s.familySentinels || family === s.familyConnections;
    return { family, compact, slots: row, live };
  });

  return { cards, families: families.filter((f) => f.live > 0), currentPid: e?.pid ?? null };
}

// --- what the step moves -------------------------------------------------------------

/** A place on the stage: a process card, one of its threads, a kernel object. */
export type StagePlace =
  | { readonly at: 'process'; readonly pid: number }
  | { readonly at: 'thread'; readonly pid: number; readonly tid: number }
  | { readonly at: 'object'; readonly obj: number };

export interface StageEffect {
  /** What kind of movement: a message of bytes, a proxy call, a memory copy, a handle. */
  readonly kind: 'bytes' | 'call' | 'reply' | 'memory' | 'handle' | 'refused' | 'block' | 'wake';
  readonly from: StagePlace | null;
  readonly to: StagePlace;
  /** The token's text: `47 bytes`, `acquire()`, `memory`. */
  readonly label: string;
}

export function placeKey(place: StagePlace): string {
  switch (place.at) {
    case 'process':
      return `p:${place.pid}`;
    case 'thread':
      return `t:${place.pid}:${place.tid}`;
    case 'object':
      return `o:${place.obj}`;
  }
}

/**
 * The movement the event that produced `step` shows, if any: bytes written
 * travel from the writing thread to the pipe and read bytes from the pipe to
 * the reader; a proxy call travels to the manager's card and its reply back;
 * fork's copy of memory and inherited handles travel from parent to child.
 */
export function stepEffect(trace: Trace, step: number): StageEffect | null {
  const e = step > 0 ? trace.events[step - 1] : undefined;
  if (!e) return null;
  const layout = stageLayout(trace);
  const thread: StagePlace = { at: 'thread', pid: e.pid, tid: e.tid };
  switch (e.kind) {
    case 'pipe.write':
      return {
        kind: 'bytes',
        from: thread,
        to: { at: 'object', obj: e.obj },
        label: s.bytes(e.size),
      };
    case 'pipe.read':
      return {
        kind: 'bytes',
        from: { at: 'object', obj: e.obj },
        to: thread,
        label: s.bytes(e.size),
      };
    case 'proxy.request': {
      const manager = layout.managers.get(e.address);
      if (manager === undefined) return null;
      return {
        kind: 'call',
        from: thread,
        to: { at: 'process', pid: manager },
        label: s.call(e.method),
      };
    }
    case 'proxy.response': {
      const manager = layout.managers.get(e.address);
      if (manager === undefined) return null;
      return {
        kind: 'reply',
        from: { at: 'process', pid: manager },
        to: thread,
        label: e.ok ? s.reply(e.method) : s.replyError(e.method),
      };
    }
    case 'memory.copy':
      return {
        kind: 'memory',
        from: { at: 'process', pid: e.from },
        to: { at: 'process', pid: e.pid },
        label: s.memoryCopy(e.vars.length),
      };
    case 'handle.add':
      if (e.fromPid === undefined || e.fromPid === e.pid) return null;
      return {
        kind: 'handle',
        from: { at: 'process', pid: e.fromPid },
        to: { at: 'process', pid: e.pid },
        label: handleLabel(e.handle),
      };
    case 'pickle.refused':
      return { kind: 'refused', from: null, to: thread, label: s.refused };
    case 'pickle.done':
      return { kind: 'bytes', from: null, to: thread, label: s.pickled(e.size) };
    case 'unpickle':
      return { kind: 'bytes', from: null, to: thread, label: s.unpickled(e.size) };
    case 'sem.block':
    case 'pipe.block':
      return { kind: 'block', from: thread, to: { at: 'object', obj: e.obj }, label: s.waits };
    case 'sem.acquire':
      return e.waited
        ? { kind: 'wake', from: { at: 'object', obj: e.obj }, to: thread, label: s.wakes }
        : null;
    // No movement to show for the rest.
    case 'call':
    case 'exception':
    case 'handle.close':
    case 'kobj.create':
    case 'kobj.free':
    case 'kobj.unlink':
    case 'note':
    case 'pickle.start':
    case 'pipe.eof':
    case 'print':
    case 'process.exit':
    case 'process.rename':
    case 'process.start':
    case 'return':
    case 'sem.release':
    case 'sem.timeout':
    case 'sem.try-failed':
    case 'sleep':
    case 'thread.exit':
    case 'thread.rename':
    case 'thread.start':
    case 'var.set':
    case 'verdict':
      return null;
  }
}
