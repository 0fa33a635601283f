/**
 * The shared objects of the scenario format beyond the seed's Lock and
 * Queue (docs/scenario-format.md, issue 14): which types fill the script's
 * lock slot, which of them take a value, and the rules parseDocument adds
 * for them. Kept apart from scenario-format.ts so that each new kind of
 * object is a table row and a rule here, not a change to the reader.
 *
 * Each type is one CPython class, checked against CPython 3.11.7, 3.12.1
 * and 3.13.0 (scripts/cpython_check.py over docs/scenarios/objects-*.json):
 * the job's `lock.acquire()` / `lock.release()` work on all four, plain
 * (`mp.RLock()`, a SemLock) or from a Manager (`manager.RLock()`, an
 * AcquirerProxy), and a plain one inside a Pool task is refused by
 * `SemLock.__getstate__` with "<Type> objects should only be shared between
 * processes through inheritance". The queue slot takes a SimpleQueue too
 * (plain only), refused in a Pool task by `SimpleQueue.__getstate__` the same way.
 */
import type { Reasons } from './scenario-reasons';

/** The lock slot: the object the job acquires and releases, the script's `lock`. */
export const LOCK_TYPES = ['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore'] as const;
export type LockType = (typeof LOCK_TYPES)[number];

/**
 * The queue slot: the object the job puts its task's number on and the
 * parent empties after `join()`, the script's `queue`. A SimpleQueue has no
 * feeder thread: the job's `put` pickles and writes in its own thread. A
 * JoinableQueue only from a Manager for now (AutoProxy[JoinableQueue]; the
 * server's object is a queue.Queue): the plain one carries a Condition (four
 * more SemLocks) and an unfinished-tasks Semaphore that the model lacks.
 */
export const QUEUE_TYPES = ['Queue', 'SimpleQueue', 'JoinableQueue'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

/** The lock types that take an initial value (`mp.Semaphore(2)`). */
export const VALUED_TYPES: readonly string[] = ['Semaphore', 'BoundedSemaphore'];

/**
 * A value from 1 to 10: 0 would leave every job waiting for ever (a hang the
 * model does not yet show truthfully), and above 3 nothing changes (at most
 * three jobs run at once).
 */
export const VALUE_RANGE = { min: 1, max: 10 } as const;

/** The slots a document fills, each with exactly one object. */
const SLOTS: readonly { readonly types: readonly string[]; readonly slot: 'lock' | 'queue' }[] = [
  { types: LOCK_TYPES, slot: 'lock' },
  { types: QUEUE_TYPES, slot: 'queue' },
];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each slot holds exactly one object: one reason per slot that does not. */
export function slotCounts(errors: Reasons, list: readonly unknown[]): void {
  for (const { types, slot } of SLOTS) {
    const count = list.filter((o) => isRecord(o) && types.includes(o['type'] as string)).length;
    if (count !== 1) {
      errors.add('slotCount', { slot, types, count });
    }
  }
}

/** An object's `value`: only a Semaphore's or a BoundedSemaphore's, a whole number in range. */
export function objectValue(errors: Reasons, at: string, type: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (!VALUED_TYPES.includes(type)) {
    errors.add('valueNotTaken', { at });
    return false;
  }
  if (
    !Number.isInteger(value) ||
    (value as number) < VALUE_RANGE.min ||
    (value as number) > VALUE_RANGE.max
  ) {
    errors.add('badValue', {
      at,
      ...VALUE_RANGE,
      got: JSON.stringify(value)?.slice(0, 40) ?? String(value),
    });
    return false;
  }
  return true;
}

/**
 * The types SyncManager registers (manager-registry.ts): a Manager has no
 * SimpleQueue (`mp.Manager().SimpleQueue()` raises AttributeError:
 * 'SyncManager' object has no attribute 'SimpleQueue').
 */
export function managerTypes(
  errors: Reasons,
  objects: readonly { readonly type: string; readonly from: string }[],
): void {
  for (const o of objects) {
    if (o.type === 'SimpleQueue' && o.from === 'manager') {
      errors.add('noManagerSimpleQueue');
    }
    if (o.type === 'JoinableQueue' && o.from === 'mp') {
      errors.add('plainJoinableQueue');
    }
  }
}
