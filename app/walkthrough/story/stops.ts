/**
 * The story: a short, authored path through a run that tells the answer.
 *
 * A run is hundreds of events; the story is the handful where the answer
 * moves: the children start (with or without the Lock), the Lock is
 * created, something that holds it is pickled (while a child is being
 * created, or later by the Pool's task handler), it is refused or it
 * travels, a child takes the same semaphore, a proxy call goes to the
 * manager, the script reaches its verdict. Every stop is derived from the
 * trace's own events (never from step numbers), so it holds for every
 * scenario, start method, platform, Python version and map/imap; repeated
 * events collapse into one stop ("tasks 1–9 are refused the same way").
 *
 * Step convention: step i + 1 is the state right after event i; a stop
 * "before" an event (a checkpoint's question) is at step i. Pure, and
 * memoized per trace.
 */
import { isLibraryHelper, type EventOf, type Trace, type TraceEvent } from '../../../src/sim/trace';
import { messages } from '../../messages';
import { refusalOf } from '../../refusal';
import { unsetGlobalOf } from '../../unset-global';
import {
  moduleGlobalFields,
  poolMethod,
  readingCall,
  readsResults,
  specOf,
} from '../../../src/sim/scenarios';

export interface StoryStop {
  /** The step the stop shows. */
  readonly step: number;
  /** Which stop of the story this is (stable across runs: `task-pickle`, `refused`…). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences written for this moment: why, not what. */
  readonly text: string;
}

const TASK = /^task (\d+)/;
const LOCK_VAR = /(^|:)lock$/;
const POOL_WORKER = /PoolWorker/;
const MANAGER = /Manager/;
const FORKSERVER = 'forkserver';

function find<K extends TraceEvent['kind']>(
  events: readonly TraceEvent[],
  kind: K,
  test: (e: EventOf<K>, i: number) => boolean = () => true,
  from = 0,
): number {
  for (let i = from; i < events.length; i += 1) {
    const e = events[i]!;
    if (e.kind === kind && test(e as EventOf<K>, i)) return i;
  }
  return -1;
}

function findLast<K extends TraceEvent['kind']>(
  events: readonly TraceEvent[],
  kind: K,
  test: (e: EventOf<K>) => boolean = () => true,
): number {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i]!;
    if (e.kind === kind && test(e as EventOf<K>)) return i;
  }
  return -1;
}

const cache = new WeakMap<Trace, readonly StoryStop[]>();

/** The story's stops, in step order, at distinct steps. */
export function storyStops(trace: Trace): readonly StoryStop[] {
  const cached = cache.get(trace);
  if (cached) return cached;
  const stops = derive(trace);
  cache.set(trace, stops);
  return stops;
}

function derive(trace: Trace): StoryStop[] {
  const s = messages.stops;
  const events = trace.events;
  const { startMethod } = trace.header;
  const spec = specOf(trace.header);
  // Where the script meets a stored error: map(), an imap iterator's next(), a result's get().
  const call = readingCall(spec, trace.header.call);
  const main = events[0]?.pid;
  const names = new Map<number, string>();
  // A process by the name it ends with (a forkserver child is renamed once it knows its job).
  for (const e of events) {
    if (e.kind === 'process.start' || e.kind === 'process.rename') names.set(e.pid, e.name);
  }
  const nameOf = (pid: number): string => names.get(pid) ?? `pid ${pid}`;
  // `global lock, queue`: the objects the children get as module globals, or never get.
  const moduleGlobals = moduleGlobalFields(spec);
  const inherits = startMethod === 'fork';
  const found: StoryStop[] = [];
  const add = (step: number, id: string, title: string, text: string): void => {
    if (step >= 0) found.push({ step, id, title, text });
  };

  // The script's Lock: a semaphore the script creates (in the parent, or in a manager).
  const lockAt = find(events, 'kobj.create', (e) => e.owner === 'Lock');
  const lockEvent = lockAt >= 0 ? (events[lockAt] as EventOf<'kobj.create'>) : null;
  const lockObj = lockEvent?.obj ?? null;

  // The first children: the Pool's workers (or the script's Processes), and a Manager's server.
  const pool = events.some(
    (e) =>
      (e.kind === 'process.start' && POOL_WORKER.test(nameOf(e.pid))) ||
      (e.kind === 'pickle.start' && TASK.test(e.what)),
  );
  const isChild = (e: EventOf<'process.start'>): boolean =>
    e.ppid !== null && !isLibraryHelper(e) && !MANAGER.test(nameOf(e.pid));
  const childAt = find(events, 'process.start', isChild);
  const child = childAt >= 0 ? (events[childAt] as EventOf<'process.start'>) : null;

  if (lockEvent && lockEvent.pid === main) {
    const beforeChildren = childAt < 0 || lockAt < childAt;
    // Shown once the parent holds it (its handle), as the stage draws it.
    const heldAt = find(events, 'handle.add', (e) => e.obj === lockObj && e.pid === main, lockAt);
    add(
      (heldAt >= 0 ? heldAt : lockAt) + 1,
      'lock',
      beforeChildren ? s.lockTitle : s.lockAloneTitle,
      beforeChildren ? s.lock : s.lockAlone,
    );
  }

  const managerAt = find(events, 'process.start', (e) => MANAGER.test(nameOf(e.pid)));
  const serverAt = find(events, 'process.start', (e) => e.name === FORKSERVER);
  if (serverAt >= 0) add(serverAt + 1, 'forkserver', s.forkserverTitle, s.forkserver);

  if (child) {
    const childName = nameOf(child.pid);
    // Under fork, the stop shows the child once its copy of the memory has arrived.
    const copyAt = find(events, 'memory.copy', (e) => e.pid === child.pid, childAt);
    const at = (copyAt >= 0 ? copyAt : childAt) + 1;
    const copy = copyAt >= 0 ? (events[copyAt] as EventOf<'memory.copy'>) : null;
    const hasLock = copy?.vars.some((v) => LOCK_VAR.test(v)) ?? false;
    if (moduleGlobals.length > 0) {
      add(
        at,
        pool ? 'workers' : 'child',
        inherits ? s.globalsInheritedTitle(pool, childName) : s.globalsAfreshTitle(pool, childName),
        inherits
          ? s.globalsInherited(pool, moduleGlobals)
          : s.globalsAfresh(startMethod, pool, moduleGlobals),
      );
    } else if (pool) {
      const withLock = lockAt >= 0 && lockAt < childAt;
      add(
        at,
        'workers',
        withLock ? s.workersWithLockTitle : s.workersTitle,
        withLock ? s.workersWithLock(startMethod) : s.workers(startMethod, childName),
      );
    } else {
      if (lockEvent === null && managerAt >= 0) {
        add(at, 'child', s.childProxyTitle(childName), s.childProxy);
      } else {
        add(at, 'child', s.childTitle(childName), s.child(startMethod, childName, hasLock));
      }
    }
  }

  if (managerAt >= 0) {
    add(managerAt + 1, 'manager', s.managerTitle, s.manager(nameOf(events[managerAt]!.pid)));
  }

  // A second Manager: mp.Manager().Lock() and mp.Manager().Queue() start one each.
  const managers = events.filter((e) => e.kind === 'process.start' && MANAGER.test(nameOf(e.pid)));
  if (managers.length > 1) {
    const second = events.indexOf(managers[1]!);
    add(second + 1, 'manager-2', s.secondManagerTitle, s.secondManager(nameOf(managers[1]!.pid)));
  }

  // Spawn and forkserver: the Process object (the Lock inside) is pickled while spawning.
  const spawnPickle = find(
    events,
    'pickle.start',
    (e) => e.spawning && /^Process object/.test(e.what),
  );
  if (spawnPickle >= 0) {
    // Refused for its target (a lambda, a local function): start() raises; no child is made,
    // but on Windows, where the child is created before the pickling.
    const refusedAt = find(
      events,
      'pickle.refused',
      (e) => /^Process object/.test(e.what),
      spawnPickle,
    );
    const refusedEvent = refusedAt >= 0 ? (events[refusedAt] as EventOf<'pickle.refused'>) : null;
    const refused = refusedEvent ? refusalOf(refusedEvent.error) : null;
    if (refusedEvent && refused?.kind === 'function') {
      const child = refusedEvent.what.replace(/^Process object /, '');
      const windows = trace.header.platform === 'windows';
      add(
        refusedAt + 1,
        'spawn-refused',
        s.spawnRefusedTitle,
        windows
          ? s.spawnRefusedWindows(child, refused)
          : s.spawnRefused(startMethod, child, refused),
      );
      // Windows made the child first: it dies reading the object that never comes.
      const eof = find(
        events,
        'exception',
        (e) => e.phase === 'printed' && e.pid !== main && /^EOFError: /.test(e.error),
        refusedAt,
      );
      if (eof >= 0) add(eof + 1, 'child-eof', s.childEofTitle(child), s.childEof(child));
    } else {
      const lockInside = lockAt >= 0 && lockAt < spawnPickle;
      add(
        spawnPickle,
        'spawn-pickle',
        s.spawnPickleTitle,
        spec.lockRoute === 'global'
          ? s.spawnPickleGlobal(startMethod, pool)
          : lockInside
            ? s.spawnPickle(startMethod, pool)
            : s.spawnPickleNoLock(startMethod),
      );
    }
  }
  // The child reaches the parent's semaphore: by its name, or a duplicated handle.
  if (lockObj !== null) {
    const opened = find(
      events,
      'handle.add',
      (e) =>
        e.obj === lockObj && e.pid !== main && (e.origin === 'opened' || e.origin === 'duplicated'),
    );
    if (opened >= 0) {
      const e = events[opened] as EventOf<'handle.add'>;
      add(
        opened + 1,
        'reopened',
        s.reopenedTitle,
        s.reopened(nameOf(e.pid), e.origin === 'duplicated'),
      );
    }
  }

  // The Pool's task handler pickles the first task, later, for a pipe.
  const taskAt = find(events, 'pickle.start', (e) => TASK.test(e.what));
  if (taskAt >= 0) {
    add(taskAt, 'task-pickle', s.taskPickleTitle, s.taskPickle(startMethod));
    const doneAt = find(events, 'pickle.done', (e) => TASK.test(e.what), taskAt);
    const refusedAt = find(events, 'pickle.refused', (e) => TASK.test(e.what), taskAt);
    if (refusedAt >= 0 && (doneAt < 0 || refusedAt < doneAt)) {
      const r = events[refusedAt] as EventOf<'pickle.refused'>;
      const refusal = refusalOf(r.error);
      if (refusal?.kind === 'function') {
        add(refusedAt + 1, 'refused', s.refusedFunctionTitle, s.refusedFunction(refusal));
      } else {
        const type = refusal?.type ?? 'Lock';
        add(refusedAt + 1, 'refused', s.refusedTitle(type), s.refused(type));
      }
      const lastRefused = findLast(events, 'pickle.refused', (e) => TASK.test(e.what));
      if (lastRefused > refusedAt) {
        const first = TASK.exec(r.what)?.[1] ?? '0';
        const lastWhat = (events[lastRefused] as EventOf<'pickle.refused'>).what;
        const last = TASK.exec(lastWhat)?.[1] ?? first;
        const from = String(Number(first) + 1);
        add(
          lastRefused + 1,
          'refused-rest',
          s.refusedRestTitle(from, last),
          refusal?.kind === 'function'
            ? s.refusedFunctionRest(from, last)
            : s.refusedRest(from, last),
        );
      }
      const storedAt = find(events, 'exception', (e) => e.phase === 'stored');
      const reads = readsResults(spec, trace.header.call);
      add(storedAt + 1, 'stored', s.storedTitle, s.stored(reads ? call : null));
      const reraisedAt = find(events, 'exception', (e) => e.phase === 'reraised');
      if (reraisedAt >= 0) add(reraisedAt + 1, 'reraised', s.reraisedTitle(call), s.reraised(call));
    } else if (doneAt >= 0) {
      const proxies = events.some((e) => e.kind === 'proxy.request' && e.id !== null);
      add(
        doneAt + 1,
        'task-pickled',
        s.taskPickledTitle,
        proxies
          ? s.taskPickledProxy
          : moduleGlobals.length > 0
            ? s.taskPickledGlobals(inherits)
            : s.taskPickledPlain,
      );
      const unpickled = find(events, 'unpickle', (e) => TASK.test(e.what), doneAt);
      if (unpickled >= 0) {
        add(
          unpickled + 1,
          'task-unpickled',
          s.taskUnpickledTitle(nameOf(events[unpickled]!.pid)),
          s.taskUnpickled(proxies),
        );
      }
    }
  }

  // A spawned child runs the job and finds a module global None.
  const noneAt = find(
    events,
    'exception',
    (e) =>
      e.pid !== main &&
      (e.phase === 'raised' || e.phase === 'printed') &&
      unsetGlobalOf(e.error, spec) !== null,
  );
  if (noneAt >= 0) {
    const e = events[noneAt] as EventOf<'exception'>;
    const name = unsetGlobalOf(e.error, spec)!;
    add(
      noneAt + 1,
      'global-none',
      s.globalNoneTitle(nameOf(e.pid), name),
      s.globalNone(pool, name),
    );
    if (pool) {
      const storedAt = find(events, 'exception', (x) => x.phase === 'stored', noneAt);
      const reads = readsResults(spec, trace.header.call);
      add(storedAt + 1, 'stored', s.remoteStoredTitle, s.remoteStored(reads ? call : null));
      const reraisedAt = find(events, 'exception', (x) => x.phase === 'reraised', noneAt);
      if (reraisedAt >= 0) {
        add(reraisedAt + 1, 'reraised', s.reraisedTitle(call), s.remoteReraised(call));
      }
    }
  }

  // A child takes the parent's very semaphore (no copy), and another waits on it.
  if (lockObj !== null) {
    const acquired = find(events, 'sem.acquire', (e) => e.obj === lockObj && e.pid !== main);
    if (acquired >= 0) {
      add(
        acquired,
        'acquire',
        s.acquireTitle(nameOf(events[acquired]!.pid)),
        s.acquire(startMethod),
      );
    }
    const blocked = find(events, 'sem.block', (e) => e.obj === lockObj && e.pid !== main);
    if (blocked >= 0) {
      add(blocked + 1, 'contention', s.contentionTitle(nameOf(events[blocked]!.pid)), s.contention);
    }
  }

  // The first call on a proxy: a message to the manager, and back.
  const proxyAt = find(events, 'proxy.request', (e) => e.id !== null);
  if (proxyAt >= 0) {
    const e = events[proxyAt] as EventOf<'proxy.request'>;
    add(proxyAt, 'proxy-call', s.proxyCallTitle(e.method), s.proxyCall(e.method));
    const calls = events.filter((x) => x.kind === 'proxy.request' && x.id !== null).length;
    const lastCall = findLast(events, 'proxy.request', (x) => x.id !== null);
    if (calls > 1) add(lastCall + 1, 'proxy-rest', s.proxyRestTitle(calls), s.proxyRest(calls));
  }

  // Process children after the first are made the same way.
  if (child && !pool) {
    const all = events.filter((e) => e.kind === 'process.start' && isChild(e));
    if (all.length > 2) {
      const last = all[all.length - 1]!;
      const proxies = lockEvent === null && managerAt >= 0;
      add(
        events.indexOf(last) + 1,
        'children',
        s.childrenTitle(all.length),
        proxies
          ? s.childrenProxy(all.length)
          : moduleGlobals.length > 0
            ? s.childrenGlobals(all.length, inherits, moduleGlobals[0]!)
            : s.children(all.length),
      );
    }
  }

  // The end: the verdict, and what would work instead.
  const verdictAt = findLast(events, 'verdict');
  if (verdictAt >= 0) {
    const v = events[verdictAt] as EventOf<'verdict'>;
    const refused = found.some((f) => f.id === 'refused');
    const none =
      noneAt >= 0 ? unsetGlobalOf((events[noneAt] as EventOf<'exception'>).error, spec) : null;
    if (none !== null) {
      add(verdictAt + 1, 'instead', s.insteadTitle, s.insteadGlobal(pool, none));
    } else if (v.verdict === 'raised' || refused) {
      const first = events.find((e) => e.kind === 'pickle.refused') as
        EventOf<'pickle.refused'> | undefined;
      const refusal = first ? refusalOf(first.error) : null;
      const quietCall = poolMethod(spec, trace.header.call);
      let text: string;
      if (refusal?.kind === 'function') {
        text =
          v.verdict === 'raised' ? s.insteadFunction(refusal) : s.insteadFunctionQuiet(quietCall);
      } else {
        const type = /Queue$/.test(refusal?.type ?? '') ? 'Queue' : 'Lock';
        text = v.verdict === 'raised' ? s.instead(type) : s.insteadQuiet(type, quietCall);
      }
      add(verdictAt + 1, 'instead', s.insteadTitle, text);
    } else if (v.verdict === 'hang') {
      add(verdictAt + 1, 'verdict', s.verdictTitle, s.verdictHang);
    } else {
      const inOrder = v.verdict === 'successful';
      add(verdictAt + 1, 'verdict', s.verdictTitle, inOrder ? s.verdictOk : s.verdictOrder);
    }
  } else {
    add(events.length, 'verdict', s.verdictTitle, s.verdictHang);
  }

  // One stop per step (the first derived wins), in step order.
  const bySteps = new Map<number, StoryStop>();
  for (const f of found) if (!bySteps.has(f.step)) bySteps.set(f.step, f);
  return [...bySteps.values()].sort((a, b) => a.step - b.step);
}

/** The stop shown at `step`, if the step is one. */
export function stopAt(trace: Trace, step: number): StoryStop | null {
  return storyStops(trace).find((s) => s.step === step) ?? null;
}

/** The stop the learner is at or has passed last (null before the first). */
export function currentStop(trace: Trace, step: number): StoryStop | null {
  let current: StoryStop | null = null;
  for (const s of storyStops(trace)) if (s.step <= step) current = s;
  return current;
}

/** The first stop after `step` (or the last step). */
export function nextStop(trace: Trace, step: number): number {
  return storyStops(trace).find((s) => s.step > step)?.step ?? trace.events.length;
}

/** The last stop before `step` (or 0). */
export function previousStop(trace: Trace, step: number): number {
  const stops = storyStops(trace);
  for (let i = stops.length - 1; i >= 0; i -= 1) if (stops[i]!.step < step) return stops[i]!.step;
  return 0;
}
