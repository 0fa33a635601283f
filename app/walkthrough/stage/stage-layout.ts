/**
 * Where the stage puts things, computed once per trace: every process a card
 * slot (pid order, kept after exit) and every kernel object a slot in its
 * family, reused only after the object is freed, the way the kernel reuses
 * file descriptors, so that nothing moves when a step adds or removes
 * something elsewhere. Kernel objects are grouped by the Python object that
 * made them: the `owner` and `role` their kobj.create carries (the label is
 * display text, never read for structure).
 *
 * Both views use it: the story (the first picture) and the full stage behind
 * "Show internals" (model.ts, loaded only when it is switched on).
 */
import type { KernelObjectKind, ObjectOwner, ObjectRole, Trace } from '../../../src/sim/trace';
import { messages } from '../../messages';

const s = messages.stage;

// --- families ------------------------------------------------------------------

/** Whose a kernel object is: the fields of its kobj.create (or the fold's view of it). */
export interface Owned {
  readonly owner: ObjectOwner;
  readonly role: ObjectRole;
  /** A Popen's pipes: the child they are for (null or absent otherwise). */
  readonly process?: string | null;
}

/**
 * The family a kernel object is drawn in: the Python object it belongs to
 * (`Queue`, `Pool._inqueue`, `Lock`), except the plumbing every process or
 * proxy gets, which is gathered by what it is: the processes' sentinels,
 * spawn's start-up pipes, the manager's connections, its listener and
 * address pipe.
 */
export function familyOf(o: Owned): string {
  const { owner, role } = o;
  if (role === 'sentinel' || role === 'parent_sentinel') return s.familySentinels;
  if (role === 'data pipe') return s.familyDataPipes;
  if (role === 'connection' && (owner === 'BaseManager' || owner === 'BaseProxy')) {
    return s.familyConnections;
  }
  if (role === 'address pipe' || (role === 'listener' && owner === 'Server')) {
    return s.familyManager;
  }
  return owner;
}

/** The object's own name inside its family: `_rlock`, `sentinel of Process-1`, else its kind. */
export function memberName(o: Owned, kind: KernelObjectKind): string {
  const process = o.process ?? '?';
  if (o.role === 'sentinel') return s.sentinel(process);
  if (o.role === 'parent_sentinel') return s.parentSentinel(process);
  if (o.role === 'data pipe') return s.dataPipe(process);
  // An attribute of its owner (`_rlock`, `_notempty`) names it; a Lock's own
  // _semlock and the plain roles (pipe, listener…) show the kind.
  return o.role.startsWith('_') && o.role !== '_semlock' ? o.role : kind;
}

/**
 * The script's own objects (the Lock, the Queue, a Manager's connections)
 * first, then the Pool's plumbing, then the sentinels every process gets:
 * what the question is about should not sit at the bottom. Within a rank,
 * order of first appearance, so the order is the same at every step.
 */
function familyRank(family: string): number {
  if (family === s.familySentinels) return 3;
  if (family === s.familyDataPipes) return 1;
  if (family.startsWith('Pool')) return 2;
  if (family === s.familyManager || family === s.familyConnections) return 1;
  return 0;
}

function orderFamilies(families: readonly string[]): string[] {
  return families
    .map((family, i) => ({ family, i, rank: familyRank(family) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((f) => f.family);
}

// --- the layout, once per trace --------------------------------------------------

export interface StageLayout {
  /** Processes in the order they started (their card slots). */
  readonly pids: readonly number[];
  /** Every shared family in order of first appearance. */
  readonly families: readonly string[];
  /** Object id → [family, slot within the family]. */
  readonly slots: ReadonlyMap<number, { readonly family: string; readonly slot: number }>;
  /** The most slots a family ever needs. */
  readonly familySize: ReadonlyMap<string, number>;
  /** Object id → pid of the process that created it (private objects live in its card). */
  readonly creator: ReadonlyMap<number, number>;
  /** Manager listener address → the manager's pid. */
  readonly managers: ReadonlyMap<string, number>;
  /** Semaphores created with a POSIX name (a null name later means it was unlinked). */
  readonly named: ReadonlySet<number>;
  /** Pid → the most live threads it ever has at once. */
  readonly maxThreads: ReadonlyMap<number, number>;
  /** Pid of a forked child → the step at which its copy of the parent's memory is complete. */
  readonly copiedAt: ReadonlyMap<number, number>;
}

const layouts = new WeakMap<Trace, StageLayout>();

/** The trace's layout, computed in one pass and memoized. */
export function stageLayout(trace: Trace): StageLayout {
  const cached = layouts.get(trace);
  if (cached) return cached;
  const pids: number[] = [];
  const families: string[] = [];
  const slots = new Map<number, { family: string; slot: number }>();
  const familySize = new Map<string, number>();
  const taken = new Map<string, Set<number>>();
  const creator = new Map<number, number>();
  const managers = new Map<string, number>();
  const named = new Set<number>();
  const live = new Map<number, number>();
  const maxThreads = new Map<number, number>();
  const bump = (pid: number, by: number) => {
    const n = (live.get(pid) ?? 0) + by;
    live.set(pid, n);
    maxThreads.set(pid, Math.max(maxThreads.get(pid) ?? 0, n));
  };
  const copiedAt = new Map<number, number>();

  trace.events.forEach((e, i) => {
    switch (e.kind) {
      case 'memory.copy':
        copiedAt.set(e.pid, i + 1);
        break;
      case 'process.start':
        pids.push(e.pid);
        bump(e.pid, 1);
        break;
      case 'thread.start':
        bump(e.pid, 1);
        break;
      case 'thread.exit':
        bump(e.pid, -1);
        break;
      case 'kobj.create': {
        creator.set(e.obj, e.pid);
        if (e.objKind === 'listener' && e.owner === 'Server' && e.address !== undefined) {
          managers.set(e.address, e.pid);
        }
        if (typeof e.name === 'string') named.add(e.obj);
        if (e.private) break;
        const family = familyOf(e);
        let used = taken.get(family);
        if (!used) {
          used = new Set();
          taken.set(family, used);
          families.push(family);
        }
        let slot = 0;
        while (used.has(slot)) slot += 1;
        used.add(slot);
        slots.set(e.obj, { family, slot });
        familySize.set(family, Math.max(familySize.get(family) ?? 0, slot + 1));
        break;
      }
      case 'kobj.free': {
        const placed = slots.get(e.obj);
        if (placed) taken.get(placed.family)?.delete(placed.slot);
        break;
      }
      // Nothing to lay out for the rest.
      case 'call':
      case 'exception':
      case 'handle.add':
      case 'handle.close':
      case 'kobj.unlink':
      case 'note':
      case 'pickle.done':
      case 'pickle.refused':
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
      case 'thread.rename':
      case 'unpickle':
      case 'var.set':
      case 'verdict':
        break;
    }
  });
  const layout: StageLayout = {
    pids,
    families: orderFamilies(families),
    slots,
    familySize,
    creator,
    managers,
    named,
    maxThreads,
    copiedAt,
  };
  layouts.set(trace, layout);
  return layout;
}
