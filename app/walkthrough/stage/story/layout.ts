/**
 * The story's layout, chosen once per trace: its actors (the parent, each
 * child or worker, each manager), the objects and who holds which from which
 * step, the refusals, the grid's columns. Every card and every object keeps
 * its slot for the whole run, so nothing moves between steps.
 */
import type { Trace } from '../../../../src/sim/trace';
import { PALETTE_SIZE } from '../../palette';
import { stageLayout } from '../stage-layout';
import {
  managedKeyOf,
  proxyKeyOf,
  refusedKeyOf,
  STORY_KEYS,
  storyKeyOf,
  type StoryHow,
  type StoryKey,
  type StoryRole,
} from './keys';

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
  /** The shared object refused, or null for a function (the job). */
  readonly key: StoryKey | null;
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
          const key = managedKeyOf(e.owner);
          if (key && managerPids.has(e.pid)) {
            if (!createdAt.has(key)) createdAt.set(key, step);
            managed.set(e.obj, key);
            if (!managerOf.has(key)) managerOf.set(key, e.pid);
            keys.add(key);
          }
          break;
        }
        const key = storyKeyOf(e.owner);
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

/** The last refusal at or before the step (it stays shown: the run is failing). */
export function refusalAt(layout: StoryLayout, step: number): StoryRefusal | null {
  let found: StoryRefusal | null = null;
  for (const r of layout.refusals) {
    if (r.step > step) break;
    found = r;
  }
  return found;
}
