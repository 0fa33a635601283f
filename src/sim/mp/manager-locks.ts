/**
 * The locks a Manager's server makes for `manager.Lock()`, `manager.RLock()`,
 * `manager.Semaphore(value=1)` and `manager.BoundedSemaphore(value=1)`:
 * SyncManager registers them as `threading.Lock`, `threading.RLock`,
 * `threading.Semaphore` and `threading.BoundedSemaphore` (manager-registry.ts),
 * each behind an AcquirerProxy. The server's object is a private semaphore
 * of the manager process: the count a `threading` lock keeps under its
 * condition. An RLock's owner is the server thread that serves one client's
 * connection, so one job's acquire and release (the same connection) match.
 */
import { global, type PyGlobal, type PyValue } from '../python';
import { SEM_VALUE_MAX } from '../syscalls';
import type { ObjectOwnership } from '../trace';

/** The types a script asks a Manager for. */
export type ManagedTypeid =
  'Lock' | 'RLock' | 'Semaphore' | 'BoundedSemaphore' | 'Queue' | 'JoinableQueue';

export interface ManagedLock {
  /** The class of the server's object. */
  readonly cls: PyGlobal;
  /** The kernel object's label in the trace. */
  readonly label: string;
  /** Whose part the kernel object is (`kobj.create`). */
  readonly of: ObjectOwnership;
  readonly value: number;
  readonly max: number;
}

/** What the server's `create` makes for a lock typeid (`args` after the typeid), or null for a queue. */
export function managedLock(typeid: ManagedTypeid, args: readonly PyValue[]): ManagedLock | null {
  const value = typeof args[0] === 'number' ? args[0] : 1;
  switch (typeid) {
    case 'Lock':
      return {
        cls: global('_thread', 'lock'),
        label: 'threading.Lock (managed)',
        of: { owner: 'threading.Lock', role: 'lock' },
        value: 1,
        max: 1,
      };
    case 'RLock':
      return {
        cls: global('threading', 'RLock'),
        label: 'threading.RLock (managed)',
        of: { owner: 'threading.RLock', role: 'lock' },
        value: 1,
        max: 1,
      };
    case 'Semaphore':
      return {
        cls: global('threading', 'Semaphore'),
        label: 'threading.Semaphore (managed)',
        of: { owner: 'threading.Semaphore', role: 'lock' },
        value,
        max: SEM_VALUE_MAX,
      };
    case 'BoundedSemaphore':
      return {
        cls: global('threading', 'BoundedSemaphore'),
        label: 'threading.BoundedSemaphore (managed)',
        of: { owner: 'threading.BoundedSemaphore', role: 'lock' },
        value,
        max: value,
      };
    // Both are a queue.Queue on the server (manager-registry.ts), behind an AutoProxy.
    case 'Queue':
    case 'JoinableQueue':
      return null;
  }
}
