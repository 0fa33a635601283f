/**
 * The journey of each object the question is about — the script's Lock and
 * Queue, or the Manager proxies that stand for them — summed up in one line
 * as of a step: where it was created, how it reached each child (inherited
 * by fork, reopened by name or duplicated while spawning) or why it did not
 * (forked before it existed, refused when pickled for a task), and, for a
 * proxy, that only an address and an id travel while every call goes back
 * to the manager.
 *
 * Everything comes from the trace's own events up to the step, never from
 * the scenario's number, so it holds for every scenario, start method,
 * platform and Python version, and grows as the run goes on. Pure.
 */
import { isLibraryHelper, type EventOf, type Trace, type TraceEvent } from '../../../src/sim/trace';
import { compareMessages } from '../../messages-compare';
import { refusalOf } from '../../refusal';

const j = compareMessages.journey;

export type JourneyKind =
  | 'created'
  | 'proxy'
  | 'inherited'
  | 'opened'
  | 'duplicated'
  | 'passed'
  | 'relayed'
  | 'pickled'
  | 'before'
  | 'refused'
  | 'taken'
  | 'travels'
  | 'calls'
  | 'never';

export interface JourneyPart {
  readonly kind: JourneyKind;
  /** The step from which the part is true (the state after its first event). */
  readonly step: number;
  readonly text: string;
}

export interface Journey {
  /** `Lock` or `Queue`: what the script calls it. */
  readonly object: 'Lock' | 'Queue';
  /** Whether it is a Manager proxy. */
  readonly proxy: boolean;
  readonly parts: readonly JourneyPart[];
}

const MANAGER = /Manager/;
const PROCESS = /^Process object /;
const TASK = /^task (\d+)$/;

/**
 * Names in order, as short as they can be said: `A`, `A and B`, or
 * `ForkPoolWorker-1 … ForkPoolWorker-3` for a numbered run without gaps.
 */
export function nameRange(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  const parsed = names.map((n) => /^(.*-)(\d+)$/.exec(n));
  const prefix = parsed[0]?.[1];
  const consecutive = parsed.every(
    (m, i) => m !== null && m[1] === prefix && Number(m[2]) === Number(parsed[0]![2]) + i,
  );
  if (consecutive) return `${names[0]} … ${names.at(-1)}`;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** `task 0`, or `tasks 0–9` for a run of task numbers without gaps (else a list). */
function taskRange(numbers: readonly string[]): string {
  if (numbers.length === 1) return j.task(numbers[0]!);
  const consecutive = numbers.every((n, i) => Number(n) === Number(numbers[0]) + i);
  if (consecutive) return j.tasks(numbers[0]!, numbers.at(-1)!);
  return `tasks ${numbers.join(', ')}`;
}

/** A run's facts, read once per trace: names, children, and the objects. */
interface Facts {
  readonly events: readonly TraceEvent[];
  readonly main: number | undefined;
  /** Each process by the name it ends with (a spawned child is renamed once it runs). */
  readonly names: ReadonlyMap<number, string>;
  /** The script's children (not managers, not the fork server): index of their start. */
  readonly children: readonly EventOf<'process.start'>[];
}

const factsCache = new WeakMap<Trace, Facts>();

function factsOf(trace: Trace): Facts {
  const cached = factsCache.get(trace);
  if (cached) return cached;
  const events = trace.events;
  const names = new Map<number, string>();
  // A fork server's child is named once it has read its Process object; until then (or if it
  // never does) it is the one whose Process object was pickled for it, in order.
  const spawned = events
    .filter((e) => e.kind === 'pickle.done' && PROCESS.test(e.what))
    .map((e) => (e as EventOf<'pickle.done'>).what.replace(PROCESS, ''));
  let served = 0;
  for (const e of events) {
    if (e.kind === 'process.start' && e.birth === 'forkserver') {
      const name = spawned[served];
      served += 1;
      names.set(e.pid, name ?? e.name);
    } else if (e.kind === 'process.start' || e.kind === 'process.rename') {
      names.set(e.pid, e.name);
    }
  }
  const children = events.filter(
    (e): e is EventOf<'process.start'> =>
      e.kind === 'process.start' &&
      e.ppid !== null &&
      !isLibraryHelper(e) &&
      !MANAGER.test(names.get(e.pid) ?? e.name),
  );
  const facts = { events, main: events[0]?.pid, names, children };
  factsCache.set(trace, facts);
  return facts;
}

const nameOf = (f: Facts, pid: number): string => f.names.get(pid) ?? `pid ${pid}`;

/** Processes by name, in the order they started (pids grow as they start). */
const namesOf = (f: Facts, pids: ReadonlySet<number>): string =>
  nameRange([...pids].sort((a, b) => a - b).map((pid) => nameOf(f, pid)));

function hexOf(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** The pickle of `child`'s Process object (while spawning) that carries `nameHex`, or -1. */
function pickledFor(f: Facts, child: string, nameHex: string, step: number): number {
  const what = `Process object ${child}`;
  return f.events.findIndex(
    (e, i) => i < step && e.kind === 'pickle.done' && e.what === what && e.hex.includes(nameHex),
  );
}

/** Groups consecutive children with the same route into one part each. */
function childParts(
  f: Facts,
  obj: number,
  createdAt: number,
  madeAt: number,
  step: number,
): JourneyPart[] {
  const created = f.events[createdAt] as EventOf<'kobj.create'>;
  // Its POSIX name, as the pickled bytes of a Process object would carry it.
  const nameHex = created.name ? hexOf(created.name) : null;
  const routes: { kind: JourneyKind; step: number; name: string; via?: string }[] = [];
  for (const child of f.children) {
    const startAt = child.seq;
    if (startAt >= step) break;
    const handleAt = f.events.findIndex(
      (e, i) => i < step && e.kind === 'handle.add' && e.obj === obj && e.pid === child.pid,
    );
    if (handleAt >= 0) {
      const e = f.events[handleAt] as EventOf<'handle.add'>;
      // Inherited from another process than the parent: the fork server, which was passed it.
      const relayed = e.origin === 'inherited' && e.fromPid !== undefined && e.fromPid !== f.main;
      const kind: JourneyKind | null = relayed
        ? 'relayed'
        : e.origin === 'inherited' ||
            e.origin === 'opened' ||
            e.origin === 'duplicated' ||
            e.origin === 'passed'
          ? e.origin
          : null;
      if (kind) {
        const via = relayed ? nameOf(f, e.fromPid!) : undefined;
        routes.push({
          kind,
          step: handleAt + 1,
          name: nameOf(f, child.pid),
          ...(via !== undefined ? { via } : {}),
        });
      }
    } else if (nameHex !== null && pickledFor(f, nameOf(f, child.pid), nameHex, step) >= 0) {
      const at = pickledFor(f, nameOf(f, child.pid), nameHex, step);
      routes.push({ kind: 'pickled', step: at + 1, name: nameOf(f, child.pid) });
    } else if (startAt < createdAt && madeAt <= step) {
      routes.push({ kind: 'before', step: madeAt, name: nameOf(f, child.pid) });
    }
  }
  const fork = f.children[0]?.birth === 'fork';
  const parts: JourneyPart[] = [];
  let group: typeof routes = [];
  const flush = () => {
    if (group.length === 0) return;
    const names = nameRange(group.map((g) => g.name));
    const kind = group[0]!.kind;
    const text =
      kind === 'inherited'
        ? j.inherited(names)
        : kind === 'opened'
          ? j.opened(names)
          : kind === 'duplicated'
            ? j.duplicated(names)
            : kind === 'passed'
              ? j.passed(names)
              : kind === 'relayed'
                ? j.relayed(group[0]!.via ?? 'the fork server', names)
                : kind === 'pickled'
                  ? j.pickled(names)
                  : j.before(names, fork);
    parts.push({ kind, step: group[0]!.step, text });
    group = [];
  };
  for (const r of routes) {
    if (group.length > 0 && group[0]!.kind !== r.kind) flush();
    group.push(r);
  }
  flush();
  return parts;
}

/** The journey of one of the script's own objects (a kernel object the parent made). */
function ownJourney(f: Facts, object: 'Lock' | 'Queue', step: number): Journey | null {
  // The object itself: a Lock's semaphore, a Queue's pipe (not its locks).
  const role = object === 'Lock' ? '_semlock' : 'pipe';
  const createdAt = f.events.findIndex(
    (e) =>
      e.kind === 'kobj.create' &&
      e.pid === f.main &&
      !e.private &&
      e.owner === object &&
      e.role === role,
  );
  if (createdAt < 0 || createdAt >= step) return null;
  const obj = (f.events[createdAt] as EventOf<'kobj.create'>).obj;
  // Created once the parent holds it (its handle), as the stage and the story's stop show it.
  const heldAt = f.events.findIndex(
    (e, i) => i > createdAt && e.kind === 'handle.add' && e.obj === obj && e.pid === f.main,
  );
  const madeAt = (heldAt >= 0 ? heldAt : createdAt) + 1;
  if (madeAt > step) return null;
  const parts: JourneyPart[] = [
    { kind: 'created', step: madeAt, text: j.created(nameOf(f, f.main!)) },
    ...childParts(f, obj, createdAt, madeAt, step),
  ];
  // Refused, pickled for a task by the task handler: the error names the type.
  const refused: { n: string; step: number; error: string }[] = [];
  for (let i = createdAt; i < step; i += 1) {
    const e = f.events[i]!;
    if (e.kind !== 'pickle.refused') continue;
    const refusal = refusalOf(e.error);
    const n = TASK.exec(e.what)?.[1];
    if (refusal?.kind === 'object' && refusal.type === object && n !== undefined)
      refused.push({ n, step: i + 1, error: refusal.errorType });
  }
  if (refused.length > 0) {
    parts.push({
      kind: 'refused',
      step: refused[0]!.step,
      text: j.refused(taskRange(refused.map((r) => r.n)), refused[0]!.error),
    });
  }
  // A child takes the Lock: the parent's very semaphore.
  if (object === 'Lock') {
    const takers = new Set<number>();
    let first = -1;
    for (let i = createdAt; i < step; i += 1) {
      const e = f.events[i]!;
      if (e.kind !== 'sem.acquire' || e.obj !== obj || e.pid === f.main) continue;
      takers.add(e.pid);
      if (first < 0) first = i + 1;
    }
    if (takers.size > 0) {
      parts.push({ kind: 'taken', step: first, text: j.taken(namesOf(f, takers)) });
    }
  }
  // The end: it never reached another process.
  const verdictAt = f.events.findIndex((e) => e.kind === 'verdict');
  const end = verdictAt >= 0 ? verdictAt + 1 : f.events.length;
  const reached =
    parts.some((p) => p.kind === 'pickled') ||
    f.events.some(
      (e, i) => i < step && e.kind === 'handle.add' && e.obj === obj && e.pid !== f.main,
    );
  if (step >= end && !reached) {
    parts.push({ kind: 'never', step: end, text: j.neverLeft(nameOf(f, f.main!)) });
  }
  return { object, proxy: false, parts: parts.sort((a, b) => a.step - b.step) };
}

/** The journey of a Manager proxy the script holds as `lock` or `queue`. */
function proxyJourney(f: Facts, object: 'Lock' | 'Queue', step: number): Journey | null {
  const variable = object === 'Lock' ? /(^|:)lock$/ : /(^|:)queue$/;
  const boundAt = f.events.findIndex(
    (e) =>
      e.kind === 'var.set' &&
      e.pid === f.main &&
      variable.test(e.name) &&
      /Proxy/.test(e.value?.type ?? ''),
  );
  if (boundAt < 0 || boundAt >= step) return null;
  const bound = f.events[boundAt] as EventOf<'var.set'>;
  // The manager that made it: the one the last `create` before it went to.
  let address: string | null = null;
  for (let i = boundAt; i >= 0; i -= 1) {
    const e = f.events[i]!;
    if (e.kind === 'proxy.request' && e.method === 'create') {
      address = e.address;
      break;
    }
  }
  if (address === null) return null;
  const listener = f.events.find(
    (e) => e.kind === 'kobj.create' && e.objKind === 'listener' && e.address === address,
  );
  const managerPid = listener?.pid ?? null;
  const manager = managerPid === null ? 'the manager' : nameOf(f, managerPid);
  const parts: JourneyPart[] = [
    { kind: 'proxy', step: boundAt + 1, text: j.proxyMade(manager, bound.value!.type, object) },
  ];
  const users = new Set<number>();
  let firstUse = -1;
  let calls = 0;
  let firstCall = -1;
  for (let i = boundAt; i < step; i += 1) {
    const e = f.events[i]!;
    if (e.kind !== 'proxy.request' || e.address !== address || e.id === null) continue;
    calls += 1;
    if (firstCall < 0) firstCall = i + 1;
    const isChild = e.pid !== f.main && e.pid !== managerPid && !MANAGER.test(nameOf(f, e.pid));
    if (!isChild) continue;
    users.add(e.pid);
    if (firstUse < 0) firstUse = i + 1;
  }
  if (users.size > 0) {
    parts.push({ kind: 'travels', step: firstUse, text: j.travels(namesOf(f, users)) });
  }
  if (calls > 0) parts.push({ kind: 'calls', step: firstCall, text: j.calls(calls, manager) });
  return { object, proxy: true, parts: parts.sort((a, b) => a.step - b.step) };
}

/** The journeys of the Lock and the Queue as of `step` (those that exist by then). */
export function journeysAt(trace: Trace, step: number): Journey[] {
  const f = factsOf(trace);
  const at = Math.min(Math.max(0, Math.floor(step)), f.events.length);
  const found: Journey[] = [];
  for (const object of ['Lock', 'Queue'] as const) {
    const journey = ownJourney(f, object, at) ?? proxyJourney(f, object, at);
    if (journey) found.push(journey);
  }
  return found;
}

/** A journey in one line: `created in MainProcess → inherited by fork into …`. */
export function journeyLine(journey: Journey): string {
  return journey.parts.map((p) => p.text).join(' → ');
}
