/**
 * Where the stage puts things, computed once per trace: every process a card
 * slot (pid order, kept after exit) and every kernel object a slot in its
 * family, reused only after the object is freed, the way the kernel reuses
 * file descriptors, so that nothing moves when a step adds or removes
 * something elsewhere. Kernel objects are grouped by the Python object that
 * made them, read from their labels.
 *
 * Both views use it: the story (the first picture) and the full stage behind
 * "Show internals" (model.ts, loaded only when it is switched on).
 */
import type { KernelObjectKind, Trace } from '../../../src/sim/trace';
import { messages } from '../../messages';

const s = messages.stage;

// --- families ------------------------------------------------------------------

/**
 * The Python object a kernel object belongs to, from its label:
 * `Queue._rlock /mp-x` → `Queue`, `Pool._inqueue pipe` → `Pool._inqueue`,
 * `sentinel of ForkPoolWorker-1` → sentinels, `connection to /tmp/…` → the
 * manager's connections.
 */
export function familyOf(label: string): string {
  if (/^(parent )?sentinel (of|for) /.test(label)) return s.familySentinels;
  if (/^connection to /.test(label)) return s.familyConnections;
  if (/^data pipe to /.test(label)) return s.familyDataPipes;
  if (/^manager (listener|address)/.test(label)) return s.familyManager;
  const head = label.replace(/ \/\S+$/, '').replace(/ pipe$/, '');
  const m = /^([A-Za-z_]\w*(?:\._(?:inqueue|outqueue|change_notifier))?)/.exec(head);
  return m ? m[1]! : head;
}

/** The object's own name inside its family: `_rlock`, `pipe`, `Lock`. */
export function memberName(label: string, kind: KernelObjectKind): string {
  const head = label.replace(/ \/\S+$/, '');
  const dotted = /\.(_\w+)(?: \(.*\))?$/.exec(head);
  if (dotted) return dotted[1]!;
  const data = /^data pipe to (.+)$/.exec(head);
  if (data) return s.dataPipe(data[1]!);
  const sentinel = /^(parent )?sentinel (?:of|for) (.+)$/.exec(head);
  if (sentinel) return sentinel[1] ? s.parentSentinel(sentinel[2]!) : s.sentinel(sentinel[2]!);
  return kind;
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
        if (e.objKind === 'listener') {
          const address = /^manager listener (\S+)/.exec(e.label)?.[1];
          if (address) managers.set(address, e.pid);
        }
        if (e.private) break;
        const family = familyOf(e.label);
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
    maxThreads,
    copiedAt,
  };
  layouts.set(trace, layout);
  return layout;
}
