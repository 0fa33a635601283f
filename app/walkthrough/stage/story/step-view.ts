/**
 * The story view at a step: what the question is about, and nothing else.
 *
 * The full stage draws every handle of every process; the story draws the
 * actors a learner asks about — the parent with the threads that matter
 * (MainThread, the Pool's task handler), each child or worker, each manager —
 * and three objects: the script's Lock, its Queue (one object, not its four
 * kernel parts) and the pipe a Pool's tasks travel through. Each process
 * says, for each object, whether it holds it and how it got it (inherited by
 * fork, opened by name while spawning, a proxy...), and one arrow per holder
 * points at the one object: two processes holding one semaphore are two
 * arrows to one box.
 *
 * As with the full stage, a layout computed once per trace (layout.ts) gives
 * every card and every object its slot for the whole run, so nothing moves
 * between steps; this file reads the folded state at the step against it.
 * Everything here is pure: the UI only measures and draws.
 */
import type { KernelObjectView, SimState } from '../../../../src/sim/fold';
import type { Trace } from '../../../../src/sim/trace';
import { messages } from '../../../messages';
import { shortLabel } from '../../object-names';
import { storyEffect, type StoryEffect } from './effect';
import { anchor, proxyKeyOf, type StoryHow, type StoryKey, type StoryRole } from './keys';
import {
  refusalAt,
  storyLayout,
  type StoryActor,
  type StoryLayout,
  type StoryRefusal,
} from './layout';

const s = messages.story;

/** What a card says about one object. */
export interface StoryHolding {
  readonly key: StoryKey;
  /**
   * held: a live handle or proxy now (an arrow is drawn); none: never holds
   * it; later: will get it at a later step; closed: held it, no longer does.
   */
  readonly state: 'held' | 'none' | 'later' | 'closed';
  readonly how: StoryHow | null;
  /** The row's words: `Lock: inherited by fork`, `no Lock`. */
  readonly text: string;
  /** The same as a sentence, for assistive technology and tooltips. */
  readonly sentence: string;
}

export interface StoryThread {
  readonly tid: number;
  readonly name: string;
  readonly state: 'not-started' | 'running' | 'blocked' | 'exited';
  /** `line 64`, `waits on the task pipe`. */
  readonly status: string;
  /** What it last did with a task or the refusal: the note under the thread. */
  readonly note: string | null;
  readonly refused: StoryRefusal | null;
  readonly current: boolean;
}

export interface StoryCard {
  readonly pid: number;
  readonly name: string;
  readonly role: StoryRole;
  readonly colour: number;
  readonly state: 'not-started' | 'running' | 'exited';
  readonly birth: string;
  /** One line: what it is doing (`running · line 27`, `exited with code 0`). */
  readonly status: string;
  readonly holdings: readonly StoryHolding[];
  /** The parent only: the threads that matter. */
  readonly threads: readonly StoryThread[];
  /** Managers: the real objects that live inside. */
  readonly inside: readonly StoryObject[];
  readonly current: boolean;
}

export interface StoryObject {
  readonly key: StoryKey;
  readonly title: string;
  /** What it is, in one line: `one semaphore in the kernel`. */
  readonly what: string;
  /** Its state now: `free`, `held by Process-3`, `2 tasks in flight`. */
  readonly summary: string;
  /** Tasks or items in flight (drawn as marks). */
  readonly inFlight: number;
  readonly exists: boolean;
  /** Names of the processes that hold it now. */
  readonly holders: readonly string[];
  readonly refused: boolean;
  readonly current: boolean;
  /** The manager whose process it lives in, if any. */
  readonly managerPid: number | null;
}

/** An arrow from a card's row (or a thread) to an object. */
export interface StoryArrow {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly how: StoryHow;
  readonly colour: number;
}

export interface StoryView {
  readonly main: StoryCard | null;
  readonly children: readonly StoryCard[];
  readonly managers: readonly StoryCard[];
  readonly objects: readonly StoryObject[];
  readonly arrows: readonly StoryArrow[];
  readonly effect: StoryEffect | null;
  readonly refusal: StoryRefusal | null;
  /** The run refuses a shared object at some step: objects keep a line for saying so. */
  readonly refusable: boolean;
  /** The run's first refusal (its words reserve the room every refusal takes). */
  readonly firstRefusal: StoryRefusal | null;
  readonly columns: number;
}

function procName(state: SimState, pid: number): string {
  return state.processes[pid]?.name ?? String(pid);
}

function holderName(state: SimState, tid: number): string {
  for (const p of Object.values(state.processes)) if (p.threads[tid]) return p.name;
  return String(tid);
}

/** The story objects each process holds now, and how. */
function heldNow(layout: StoryLayout, state: SimState): Map<string, StoryHow> {
  const held = new Map<string, StoryHow>();
  for (const p of Object.values(state.processes)) {
    if (p.exitCode !== null) continue;
    for (const h of Object.values(p.handles)) {
      const key = layout.members.get(h.obj);
      if (!key) continue;
      const k = `${p.pid}:${key}`;
      // The first handle decides (the Queue's pipe before its locks).
      if (!held.has(k)) held.set(k, layout.holds.get(k)?.how ?? h.origin);
    }
    for (const [name, value] of Object.entries(p.vars)) {
      const key = proxyKeyOf(name, value.type);
      if (key) held.set(`${p.pid}:${key}`, 'proxy');
    }
  }
  return held;
}

function holdingOf(
  layout: StoryLayout,
  held: ReadonlyMap<string, StoryHow>,
  pid: number,
  key: StoryKey,
  step: number,
  birth: string,
): StoryHolding {
  const k = `${pid}:${key}`;
  const now = held.get(k);
  const object = s.objectName[key]!;
  const row = s.rowName[key]!;
  if (now) {
    return {
      key,
      state: 'held',
      how: now,
      text: s.heldRow(row, s.how(now)),
      sentence: s.heldSentence(object, s.howLong(now, birth)),
    };
  }
  const span = layout.holds.get(k);
  if (!span) {
    const created = layout.createdAt.get(key);
    const started = layout.startOf.get(pid);
    const before = created !== undefined && started !== undefined && started < created;
    return {
      key,
      state: 'none',
      how: null,
      text: before ? s.noneBeforeRow(row) : s.noneRow(row),
      sentence: before ? s.noneBeforeSentence(object) : s.noneSentence(object),
    };
  }
  if (step < span.first)
    return {
      key,
      state: 'later',
      how: span.how,
      text: s.laterRow(row),
      sentence: s.laterSentence(object),
    };
  return {
    key,
    state: 'closed',
    how: span.how,
    text: s.closedRow(row),
    sentence: s.closedSentence(object, s.howLong(span.how, birth)),
  };
}

function threadStatus(
  state: SimState,
  layout: StoryLayout,
  t: { state: string; line: number | null; fn: string | null; waitingOn: number | null },
): string {
  if (t.state === 'blocked' && t.waitingOn !== null) {
    const key = layout.members.get(t.waitingOn);
    if (key) return s.waitsOnStory(s.objectName[key]!);
    return waitWords(state.objects[t.waitingOn] ?? null);
  }
  if (t.line !== null) return s.atLine(t.line);
  if (t.fn) return s.inFunction(t.fn);
  return s.running;
}

/** What a thread waits on, in a learner's words where the object is plumbing. */
function waitWords(o: KernelObjectView | null): string {
  if (o === null) return s.waitsOn(s.somethingElse);
  if (o.owner === 'MapResult' && o.role === '_event') return s.waitsForResults;
  if (o.owner === 'Pool' && o.role === '_taskqueue') return s.waitsForTasks;
  if (o.owner === 'Server' && o.role === 'stop_event') return s.serving;
  if (o.owner === 'Pool._outqueue') return s.waitsForResultPipe;
  if (o.role === 'connection' && (o.owner === 'BaseManager' || o.owner === 'BaseProxy')) {
    return s.waitsForManager;
  }
  return s.waitsOn(shortLabel(o));
}

export function storyView(trace: Trace, state: SimState): StoryView {
  const layout = storyLayout(trace);
  const step = state.step;
  const held = heldNow(layout, state);
  const e = state.last;
  const refusal = refusalAt(layout, step);

  const cardOf = (actor: StoryActor): StoryCard => {
    const p = state.processes[actor.pid];
    const birth = p?.birth ?? 'fork';
    const stateOf = !p ? 'not-started' : p.exitCode !== null ? 'exited' : 'running';
    let status: string;
    if (!p) status = s.notStarted;
    else if (p.exitCode !== null) status = s.exited(p.exitCode);
    else {
      const threads = Object.values(p.threads).filter((t) => t.state !== 'exited');
      const acting = threads.find((t) => e?.pid === p.pid && t.tid === e.tid);
      const mainT = threads.find((t) => t.name === 'MainThread');
      const t = acting ?? mainT ?? threads[0];
      status = t ? threadStatus(state, layout, t) : s.running;
    }
    const rows = actor.role === 'manager' ? [] : layout.rows;
    const threads: StoryThread[] =
      actor.role === 'main'
        ? layout.mainThreads.map(({ tid, name }) => {
            const t = p?.threads[tid];
            const refused = refusal && refusal.tid === tid ? refusal : null;
            return {
              tid,
              name: t?.name ?? name,
              state: !t ? 'not-started' : t.state,
              status: !t
                ? s.threadLater
                : t.state === 'exited'
                  ? s.threadExited
                  : threadStatus(state, layout, t),
              note: refused ? null : threadNote(trace, layout, tid, step),
              refused,
              current: e !== null && e.tid === tid,
            };
          })
        : [];
    const inside: StoryObject[] =
      actor.role === 'manager'
        ? layout.keys
            .filter((k) => layout.managerOf.get(k) === actor.pid)
            .map((k) => objectOf(k, actor.pid))
        : [];
    return {
      pid: actor.pid,
      name: p?.name ?? actor.name,
      role: actor.role,
      colour: actor.colour,
      state: stateOf,
      birth: s.birth[birth] ?? birth,
      status,
      holdings: rows.map((k) => holdingOf(layout, held, actor.pid, k, step, birth)),
      threads,
      inside,
      current: e !== null && e.pid === actor.pid,
    };
  };

  const touched = e && 'obj' in e && typeof e.obj === 'number' ? e.obj : null;

  function objectOf(key: StoryKey, managerPid: number | null): StoryObject {
    const holders: string[] = [];
    // Before it is made, "not created yet"; after its last holder let go, "gone".
    const absent = (layout.createdAt.get(key) ?? Infinity) <= step ? s.gone : s.notYet;
    for (const [k] of held) {
      const [pid, hk] = k.split(':');
      if (hk === key) holders.push(procName(state, Number(pid)));
    }
    const title = s.objectTitle[key]!;
    if (managerPid !== null) {
      const o = Object.values(state.objects).find((x) => layout.managed.get(x.id) === key);
      let summary: string = absent;
      if (o && key === 'lock') summary = o.value === 0 ? s.lockHeld : s.lockFree;
      else if (o) summary = s.managedQueue;
      return {
        key,
        title,
        what: s.managedWhat[key]!,
        summary,
        inFlight: 0,
        exists: o !== undefined,
        holders,
        refused: false,
        current:
          (touched !== null && layout.managed.get(touched) === key) ||
          (e?.kind === 'proxy.request' && layout.managerOf.get(key) === managerPid),
        managerPid,
      };
    }
    const parts = Object.values(state.objects).filter((o) => layout.members.get(o.id) === key);
    const exists = parts.length > 0;
    let summary: string = absent;
    let inFlight = 0;
    if (exists && key === 'lock') {
      const sem = parts[0]!;
      const who = sem.holders.map((tid) => holderName(state, tid));
      const waiting = sem.waiters.map((tid) => holderName(state, tid));
      summary = who.length > 0 ? s.heldBy(who.join(', ')) : s.lockFree;
      if (waiting.length > 0) summary = `${summary}; ${s.waiting(waiting.join(', '))}`;
    } else if (exists) {
      const pipe = parts.find((o) => o.kind === 'pipe');
      inFlight = pipe?.messages.length ?? 0;
      summary = key === 'pipe' ? s.tasksInFlight(inFlight) : s.itemsWaiting(inFlight);
    }
    return {
      key,
      title,
      what: s.objectWhat[key]!,
      summary,
      inFlight,
      exists,
      holders,
      refused: refusal !== null && refusal.key === key,
      current: touched !== null && layout.members.get(touched) === key,
      managerPid: null,
    };
  }

  const main = layout.main ? cardOf(layout.main) : null;
  const children = layout.children.map(cardOf);
  const managers = layout.managers.map(cardOf);
  const objects = layout.bandObjects.map((k) => objectOf(k, null));

  const arrows: StoryArrow[] = [];
  const colourOf = new Map<number, number>();
  for (const a of [layout.main, ...layout.children, ...layout.managers])
    if (a) colourOf.set(a.pid, a.colour);
  for (const [k, how] of held) {
    const [pidText, key] = k.split(':') as [string, StoryKey];
    const pid = Number(pidText);
    if (!layout.rows.includes(key)) continue;
    if (layout.managers.some((m) => m.pid === pid)) continue;
    arrows.push({
      id: k,
      from: anchor.row(pid, key),
      to: anchor.object(key),
      how,
      colour: colourOf.get(pid) ?? 0,
    });
  }
  // A fixed order for React's keys. Not localeCompare: its first call builds an
  // ICU collator, about 8 ms on the page's first render.
  arrows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    main,
    children,
    managers,
    objects,
    arrows,
    effect: storyEffect(trace, step),
    refusal,
    refusable: layout.refusals.some((r) => r.key !== null),
    firstRefusal: layout.refusals[0] ?? null,
    columns: layout.columns,
  };
}

/** What the task handler last did: pickled task 3 and wrote it to the pipe. */
function threadNote(trace: Trace, layout: StoryLayout, tid: number, step: number): string | null {
  if (tid !== layout.taskHandler) return null;
  for (let i = step - 1; i >= 0; i--) {
    const e = trace.events[i]!;
    if (e.tid !== tid) continue;
    if (e.kind === 'pickle.done' && /^task/.test(e.what)) return s.pickledTask(e.what, e.size);
    if (e.kind === 'pickle.start' && /^task/.test(e.what)) return s.picklingTask(e.what);
  }
  return s.handlerIdle;
}
