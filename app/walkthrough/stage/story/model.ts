/**
 * The story view: what the question is about, and nothing else.
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
 * As with the full stage, a layout computed once per trace gives every card
 * and every object its slot for the whole run, so nothing moves between
 * steps. Everything here is pure: the UI only measures and draws.
 */
import type { SimState } from '../../../../src/sim/fold';
import type { HandleOrigin, Trace } from '../../../../src/sim/trace';
import { messages } from '../../../messages';
import { PALETTE_SIZE } from '../../palette';
import { familyOf, stageLayout } from '../model';

const s = messages.story;

/** The objects of the story. */
export type StoryKey = 'lock' | 'queue' | 'pipe';
export const STORY_KEYS: readonly StoryKey[] = ['lock', 'queue', 'pipe'];

/** How a process got what it holds: a handle's origin, or a Manager proxy. */
export type StoryHow = HandleOrigin | 'proxy';

export type StoryRole = 'main' | 'manager' | 'child';

/** Which story object a kernel object is part of, from its label. */
export function storyKeyOf(label: string): StoryKey | null {
  if (/^Lock\b/.test(label)) return 'lock';
  if (familyOf(label) === 'Queue') return 'queue';
  if (familyOf(label) === 'Pool._inqueue') return 'pipe';
  return null;
}

/** A manager's real object, from the label of its private object. */
function managedKeyOf(label: string): StoryKey | null {
  if (/^threading\.(R?Lock)\b.*\(managed\)/.test(label)) return 'lock';
  if (/^queue\.Queue\b.*\(managed\)/.test(label)) return 'queue';
  return null;
}

/** A Python name that holds a Manager proxy for the lock or the queue. */
function proxyKeyOf(name: string, type: string): StoryKey | null {
  if (!/Proxy/.test(type)) return null;
  const bare = name.slice(name.lastIndexOf(':') + 1);
  if (/lock/i.test(bare) || /^AcquirerProxy$/.test(type)) return 'lock';
  if (/queue/i.test(bare) || /Queue/.test(type)) return 'queue';
  return null;
}

/** The object a refusal names: `RuntimeError: Queue objects should only be shared…`. */
function refusedKeyOf(error: string): StoryKey {
  return /\bQueue objects\b/.test(error) ? 'queue' : 'lock';
}

// --- the layout, once per trace --------------------------------------------------

export interface StoryActor {
  readonly pid: number;
  /** The name it first had (a card that has not started yet shows it). */
  readonly name: string;
  readonly role: StoryRole;
  /** Palette index: the same colour as on the full stage and the code panel. */
  readonly colour: number;
  /** The step at which it starts (1-based: the state after its process.start). */
  readonly startStep: number;
}

export interface StoryRefusal {
  /** The step whose event is the refusal. */
  readonly step: number;
  readonly pid: number;
  readonly tid: number;
  readonly thread: string;
  readonly what: string;
  readonly error: string;
  readonly key: StoryKey;
}

interface HoldSpan {
  readonly first: number;
  readonly how: StoryHow;
}

export interface StoryLayout {
  readonly main: StoryActor | null;
  /** Children and workers, in start order: the grid's cells. */
  readonly children: readonly StoryActor[];
  /** Managers, in start order (drawn in the band, beside what they serve). */
  readonly managers: readonly StoryActor[];
  /** The manager that holds the real lock / queue, when the script uses a Manager. */
  readonly managerOf: ReadonlyMap<StoryKey, number>;
  /** The objects drawn in the band (not inside a manager), in a fixed order. */
  readonly bandObjects: readonly StoryKey[];
  /** Every story key that appears at all (in the band or in a manager). */
  readonly keys: readonly StoryKey[];
  /** Kernel object id → the story object it is part of. */
  readonly members: ReadonlyMap<number, StoryKey>;
  /** A manager's private object id → the story object it is. */
  readonly managed: ReadonlyMap<number, StoryKey>;
  /** The parent's threads worth showing (MainThread, the task handler, a feeder), by tid. */
  readonly mainThreads: readonly { readonly tid: number; readonly name: string }[];
  /** Keys each card has a row for (the same rows at every step). */
  readonly rows: readonly StoryKey[];
  /** `pid:key` → the first step it holds the object, and how it got it. */
  readonly holds: ReadonlyMap<string, HoldSpan>;
  readonly refusals: readonly StoryRefusal[];
  /** Grid columns for the children on a wide stage (chosen once per trace). */
  readonly columns: number;
  /** The step each story object is first created at. */
  readonly createdAt: ReadonlyMap<StoryKey, number>;
  /** The step each process starts at. */
  readonly startOf: ReadonlyMap<number, number>;
  /** The thread that writes tasks to the task pipe (the Pool's task handler), if any. */
  readonly taskHandler: number | null;
}

const layouts = new WeakMap<Trace, StoryLayout>();

/** The most grid columns the children get (story.css has a rule for each count up to it). */
export const MAX_COLUMNS = 6;
/** The most boxes the band lays out in one row (story.css has a rule for each count up to it). */
export const MAX_BAND = 8;

function columnsFor(n: number): number {
  if (n <= 3) return Math.max(n, 1);
  if (n === 4) return 4;
  if (n <= 10) return 5;
  return MAX_COLUMNS;
}

export function storyLayout(trace: Trace): StoryLayout {
  const cached = layouts.get(trace);
  if (cached) return cached;
  const full = stageLayout(trace);
  const managerPids = new Set(full.managers.values());
  const starts = new Map<number, { name: string; step: number }>();
  // The resource tracker only unlinks semaphore names at the end: no part of the story.
  const helpers = new Set<number>();
  const members = new Map<number, StoryKey>();
  const managed = new Map<number, StoryKey>();
  const managerOf = new Map<StoryKey, number>();
  const keys = new Set<StoryKey>();
  const refusals: StoryRefusal[] = [];
  const holds = new Map<string, HoldSpan>();
  let mainPid: number | null = null;
  const mainThreads: { tid: number; name: string }[] = [];
  let taskHandler: number | null = null;
  let hasPipe = false;
  // The type of each Python name of each process, as the trace goes (proxies travel with fork).
  const createdAt = new Map<StoryKey, number>();
  const varTypes = new Map<number, Map<string, string>>();

  const hold = (pid: number, key: StoryKey, step: number, how: StoryHow) => {
    const k = `${pid}:${key}`;
    if (!holds.has(k)) holds.set(k, { first: step, how });
  };

  trace.events.forEach((e, i) => {
    const step = i + 1;
    switch (e.kind) {
      case 'process.start':
        starts.set(e.pid, { name: e.name, step });
        if (e.runs === 'resource_tracker.main') helpers.add(e.pid);
        if (e.ppid === null && mainPid === null) {
          mainPid = e.pid;
          mainThreads.push({ tid: e.tid, name: 'MainThread' });
        }
        break;
      case 'thread.start':
        if (e.pid === mainPid) {
          if (/_handle_tasks\)$/.test(e.name)) {
            mainThreads.push({ tid: e.newTid, name: e.name });
            taskHandler = e.newTid;
          } else if (/^QueueFeederThread/.test(e.name)) {
            mainThreads.push({ tid: e.newTid, name: e.name });
          }
        }
        break;
      case 'kobj.create': {
        if (e.private) {
          const key = managedKeyOf(e.label);
          if (key && managerPids.has(e.pid)) {
            if (!createdAt.has(key)) createdAt.set(key, step);
            managed.set(e.obj, key);
            if (!managerOf.has(key)) managerOf.set(key, e.pid);
            keys.add(key);
          }
          break;
        }
        const key = storyKeyOf(e.label);
        if (key) {
          if (!createdAt.has(key)) createdAt.set(key, step);
          members.set(e.obj, key);
          keys.add(key);
          if (key === 'pipe') hasPipe = true;
        }
        break;
      }
      case 'handle.add': {
        const key = members.get(e.obj);
        if (!key) break;
        hold(e.pid, key, step, e.origin);
        break;
      }
      case 'var.set': {
        const vars = varTypes.get(e.pid) ?? new Map<string, string>();
        varTypes.set(e.pid, vars);
        if (!e.value) {
          vars.delete(e.name);
          break;
        }
        vars.set(e.name, e.value.type);
        const key = proxyKeyOf(e.name, e.value.type);
        if (key) hold(e.pid, key, step, 'proxy');
        break;
      }
      case 'memory.copy': {
        // A forked child gets the parent's proxies with its memory.
        const vars = new Map(varTypes.get(e.from) ?? []);
        varTypes.set(e.pid, vars);
        for (const [name, type] of vars) {
          const key = proxyKeyOf(name, type);
          if (key) hold(e.pid, key, step, 'proxy');
        }
        break;
      }
      case 'pickle.refused':
        refusals.push({
          step,
          pid: e.pid,
          tid: e.tid,
          thread: e.thread,
          what: e.what,
          error: e.error,
          key: refusedKeyOf(e.error),
        });
        break;
      // Nothing for the story's layout in the rest.
      case 'call':
      case 'exception':
      case 'handle.close':
      case 'kobj.free':
      case 'kobj.unlink':
      case 'note':
      case 'pickle.done':
      case 'pickle.start':
      case 'pipe.block':
      case 'pipe.eof':
      case 'pipe.read':
      case 'pipe.write':
      case 'print':
      case 'process.exit':
      case 'process.rename':
      case 'proxy.request':
      case 'proxy.response':
      case 'return':
      case 'sem.acquire':
      case 'sem.block':
      case 'sem.release':
      case 'sem.timeout':
      case 'sem.try-failed':
      case 'sleep':
      case 'thread.exit':
      case 'thread.rename':
      case 'unpickle':
      case 'verdict':
        break;
    }
  });

  const actorOf = (pid: number, role: StoryRole): StoryActor => {
    const start = starts.get(pid)!;
    const index = full.pids.indexOf(pid);
    return {
      pid,
      name: start.name,
      role,
      colour: (index < 0 ? 0 : index) % PALETTE_SIZE,
      startStep: start.step,
    };
  };
  const main = mainPid === null ? null : actorOf(mainPid, 'main');
  const managers = full.pids.filter((p) => managerPids.has(p)).map((p) => actorOf(p, 'manager'));
  const children = full.pids
    .filter((p) => p !== mainPid && !managerPids.has(p) && !helpers.has(p))
    .map((p) => actorOf(p, 'child'));

  // A Manager's objects live inside the manager; the band keeps the others.
  const ordered = STORY_KEYS.filter((k) => keys.has(k));
  const bandObjects = ordered.filter((k) => !managerOf.has(k));
  const rows = ordered.filter((k) => k !== 'pipe' || hasPipe);
  const layout: StoryLayout = {
    main,
    children,
    managers,
    managerOf,
    bandObjects,
    keys: ordered,
    members,
    managed,
    mainThreads,
    rows,
    holds,
    refusals,
    columns: columnsFor(children.length),
    createdAt,
    startOf: new Map([...starts].map(([pid, st]) => [pid, st.step])),
    taskHandler,
  };
  layouts.set(trace, layout);
  return layout;
}

// --- the view at a step ------------------------------------------------------------

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

export interface StoryEffect {
  readonly kind: 'bytes' | 'call' | 'lock' | 'refused' | 'copy' | 'handle' | 'spawn';
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** A proxy call: drawn as one loop there and back. */
  readonly roundTrip: boolean;
}

export interface StoryView {
  readonly main: StoryCard | null;
  readonly children: readonly StoryCard[];
  readonly managers: readonly StoryCard[];
  readonly objects: readonly StoryObject[];
  readonly arrows: readonly StoryArrow[];
  readonly effect: StoryEffect | null;
  readonly refusal: StoryRefusal | null;
  /** The run refuses a pickle at some step: objects keep a line for saying so. */
  readonly refusable: boolean;
  /** The run's first refusal (its words reserve the room every refusal takes). */
  readonly firstRefusal: StoryRefusal | null;
  readonly columns: number;
}

/** Anchors: the places arrows join (data-story-anchor in the DOM). */
export const anchor = {
  row: (pid: number, key: StoryKey) => `h:${pid}:${key}`,
  object: (key: StoryKey) => `o:${key}`,
  thread: (pid: number, tid: number) => `t:${pid}:${tid}`,
  card: (pid: number) => `c:${pid}`,
};

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

/** The last refusal at or before the step (it stays shown: the run is failing). */
function refusalAt(layout: StoryLayout, step: number): StoryRefusal | null {
  let found: StoryRefusal | null = null;
  for (const r of layout.refusals) {
    if (r.step > step) break;
    found = r;
  }
  return found;
}

function threadStatus(
  state: SimState,
  layout: StoryLayout,
  t: { state: string; line: number | null; fn: string | null; waitingOn: number | null },
): string {
  if (t.state === 'blocked' && t.waitingOn !== null) {
    const key = layout.members.get(t.waitingOn);
    if (key) return s.waitsOnStory(s.objectName[key]!);
    const o = state.objects[t.waitingOn];
    return waitWords(o ? o.label.replace(/ \/\S+$/, '') : null);
  }
  if (t.line !== null) return s.atLine(t.line);
  if (t.fn) return s.inFunction(t.fn);
  return s.running;
}

/** What a thread waits on, in a learner's words where the label is plumbing. */
function waitWords(label: string | null): string {
  if (label === null) return s.waitsOn(s.somethingElse);
  if (/^(Map|Apply)Result\._event/.test(label)) return s.waitsForResults;
  if (/^Pool\._taskqueue/.test(label)) return s.waitsForTasks;
  if (/^Server\.stop_event/.test(label)) return s.serving;
  if (/^Pool\._outqueue/.test(label)) return s.waitsForResultPipe;
  if (/^connection to\b/.test(label)) return s.waitsForManager;
  return s.waitsOn(label);
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
    for (const [k] of held) {
      const [pid, hk] = k.split(':');
      if (hk === key) holders.push(procName(state, Number(pid)));
    }
    const title = s.objectTitle[key];
    if (managerPid !== null) {
      const o = Object.values(state.objects).find((x) => layout.managed.get(x.id) === key);
      let summary: string = s.notYet;
      if (o && key === 'lock') summary = o.value === 0 ? s.lockHeld : s.lockFree;
      else if (o) summary = s.managedQueue;
      return {
        key,
        title,
        what: s.managedWhat[key],
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
    let summary: string = s.notYet;
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
      what: s.objectWhat[key],
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
    refusable: layout.refusals.length > 0,
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

// --- what the step moves -------------------------------------------------------------

/**
 * The movement of the event that produced `step`, between story places: a
 * task's bytes from the task handler into the task pipe and out to a worker,
 * an acquire or release of the Lock, a proxy call to its manager and back,
 * the refusal from the task handler to the object it could not pickle, a
 * fork's copy or a spawn's pickled start-up data from parent to child.
 */
export function storyEffect(trace: Trace, step: number): StoryEffect | null {
  const e = step > 0 ? trace.events[step - 1] : undefined;
  if (!e) return null;
  const layout = storyLayout(trace);
  const mainPid = layout.main?.pid ?? null;
  const isShownThread = e.pid === mainPid && layout.mainThreads.some((t) => t.tid === e.tid);
  const placeOf = (key: StoryKey): string =>
    e.pid === mainPid && isShownThread && key !== 'lock' && key !== 'queue'
      ? anchor.thread(e.pid, e.tid)
      : anchor.row(e.pid, key);
  const fx = (
    kind: StoryEffect['kind'],
    from: string,
    to: string,
    label: string,
    roundTrip = false,
  ): StoryEffect => ({ kind, from, to, label, roundTrip });
  switch (e.kind) {
    case 'pipe.write': {
      const key = layout.members.get(e.obj);
      if (!key) return null;
      return fx('bytes', placeOf(key), anchor.object(key), s.bytesIn(e.size));
    }
    case 'pipe.read': {
      const key = layout.members.get(e.obj);
      if (!key) return null;
      return fx('bytes', anchor.object(key), anchor.row(e.pid, key), s.bytesOut(e.size));
    }
    case 'sem.acquire':
    case 'sem.release':
    case 'sem.block': {
      const key = layout.members.get(e.obj);
      if (key !== 'lock') return null;
      const label =
        e.kind === 'sem.acquire' ? s.acquire : e.kind === 'sem.release' ? s.release : s.waits;
      return fx('lock', anchor.row(e.pid, 'lock'), anchor.object('lock'), label);
    }
    case 'proxy.request':
    case 'proxy.response': {
      if (e.kind === 'proxy.request' && e.id === null) return null;
      const manager = stageLayout(trace).managers.get(e.address);
      if (manager === undefined) return null;
      const key = [...layout.managerOf].find(([, pid]) => pid === manager)?.[0];
      if (!key || !layout.rows.includes(key)) return null;
      return fx(
        'call',
        anchor.row(e.pid, key),
        anchor.object(key),
        e.kind === 'proxy.request' ? s.callOut(e.method) : s.callBack(e.method),
        true,
      );
    }
    case 'pickle.refused': {
      const key = refusedKeyOf(e.error);
      return fx('refused', anchor.thread(e.pid, e.tid), anchor.object(key), s.refusedArrow(e.what));
    }
    case 'memory.copy':
      return fx('copy', anchor.card(e.from), anchor.card(e.pid), s.forkCopy);
    case 'handle.add': {
      const key = layout.members.get(e.obj);
      if (!key || e.origin === 'created' || !layout.rows.includes(key)) return null;
      return fx('handle', anchor.object(key), anchor.row(e.pid, key), s.how(e.origin));
    }
    case 'unpickle':
      if (!/^Process object|^task/.test(e.what)) return null;
      if (/^task/.test(e.what) && layout.rows.includes('pipe'))
        return fx('bytes', anchor.object('pipe'), anchor.row(e.pid, 'pipe'), s.unpickled(e.what));
      return mainPid === null
        ? null
        : fx('spawn', anchor.card(mainPid), anchor.card(e.pid), s.unpickled(e.what));
    // No movement in the story for the rest.
    case 'call':
    case 'exception':
    case 'handle.close':
    case 'kobj.create':
    case 'kobj.free':
    case 'kobj.unlink':
    case 'note':
    case 'pickle.done':
    case 'pickle.start':
    case 'pipe.block':
    case 'pipe.eof':
    case 'print':
    case 'process.exit':
    case 'process.rename':
    case 'process.start':
    case 'return':
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
