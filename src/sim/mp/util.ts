/**
 * multiprocessing.util: exit-time finalizers.
 *
 * `util._exit_function()` runs when a process ends: first the finalizers with
 * exitpriority >= 0 (a Queue's `_finalize_close`, priority 10, tells its
 * feeder to stop; a Manager's `_finalize_manager`, priority 0, shuts the
 * server down), then it joins the children, then the rest (a Queue's
 * `_finalize_join`, priority -5, waits for the feeder to finish writing).
 * Higher priority first; among equals, the most recently registered first.
 */
import type { Gen } from '../syscalls';
import type { Py } from './runtime';
import { finalizeClose, finalizeJoin } from './queues';
import { decrefAtExit, finalizeManager } from './managers';
import { terminatePool } from './pool-terminate';

export type FinalizerKind =
  'queue-close' | 'queue-join' | 'manager-shutdown' | 'proxy-decref' | 'pool-terminate';

export interface Finalizer {
  readonly kind: FinalizerKind;
  /** Address of the object it belongs to. */
  readonly addr: number;
  readonly priority: number;
  /** Registration order (util._finalizer_counter). */
  readonly order: number;
}

export function registerFinalizer(
  py: Py,
  kind: FinalizerKind,
  addr: number,
  priority: number,
): void {
  const order = py.rt.finalizers.reduce((m, f) => Math.max(m, f.order + 1), 0);
  py.rt.finalizers.push({ kind, addr, priority, order });
}

/** util._run_finalizers(minpriority): null runs every remaining one. */
export function* runFinalizers(py: Py, minPriority: number | null): Gen<void> {
  const due = py.rt.finalizers
    .filter((f) => minPriority === null || f.priority >= minPriority)
    .sort((a, b) => b.priority - a.priority || b.order - a.order);
  py.rt.finalizers = py.rt.finalizers.filter((f) => !due.includes(f));
  for (const f of due) {
    switch (f.kind) {
      case 'queue-close':
        yield* finalizeClose(py, f.addr);
        break;
      case 'queue-join':
        yield* finalizeJoin(py, f.addr);
        break;
      case 'manager-shutdown':
        yield* finalizeManager(py, f.addr);
        break;
      case 'proxy-decref':
        yield* decrefAtExit(py, f.addr);
        break;
      case 'pool-terminate':
        yield* terminatePool(py, f.addr);
        break;
    }
  }
}

/**
 * util.get_temp_dir(): the process's `pymp-` directory, made the first time
 * something needs it (a listener's address) and then remembered in
 * `current_process()._config['tempdir']`, so every Process object made after
 * that carries it, and children use the same directory.
 */
export function* getTempDir(py: Py): Gen<string> {
  if (py.rt.tempdir === null) {
    const bits = yield* py.sys<number>({ op: 'random', bits: 32 });
    py.rt.tempdir = `/tmp/pymp-${tempName(bits)}`;
  }
  return py.rt.tempdir;
}

/**
 * tempfile's random names (`pymp-XXXXXXXX`, `listener-XXXXXXXX`, `/mp-XXXXXXXX`):
 * eight characters from CPython's alphabet, drawn from a 32-bit random value.
 */
export function tempName(seed: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789_';
  let s = '';
  let x = Math.abs(Math.floor(seed)) || 1;
  for (let i = 0; i < 8; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += alphabet[x % alphabet.length];
  }
  return s;
}
