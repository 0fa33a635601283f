/**
 * multiprocessing.util: exit-time finalizers and after-fork hooks.
 *
 * `util._exit_function()` runs when a process ends: first the finalizers with
 * exitpriority >= 0 (a Queue's `_finalize_close`, priority 10, tells its
 * feeder to stop; a Manager's `_finalize_manager`, priority 0, shuts the
 * server down), then it joins the children, then the rest (a Queue's
 * `_finalize_join`, priority -5, waits for the feeder to finish writing).
 * Higher priority first; among equals, the most recently registered first.
 *
 * Also `util.register_after_fork`: what registered objects do first in a
 * forked child.
 */
import type { Gen } from '../syscalls';
import type { AfterForkRegistration, Py } from './runtime';

/** A finalizer's callback: what `Finalize.__call__` runs for the object at `addr`. */
export type FinalizerCallback = (py: Py, addr: number) => Gen<void>;

/**
 * Finalizer callbacks by kind. Registrations in memory name their callback
 * (memory is plain data); each module defines its own callbacks when it is
 * loaded (queues, managers, pool-terminate), so this low module never imports
 * the high ones that need finalizing.
 */
const FINALIZER_CALLBACKS = new Map<string, FinalizerCallback>();

/**
 * Defines the callback of a kind of finalizer, when the defining module loads
 * (loading it again, as Vite's hot reload does, replaces it).
 */
export function defineFinalizer(kind: string, callback: FinalizerCallback): void {
  FINALIZER_CALLBACKS.set(kind, callback);
}

/** `util.Finalize(obj, callback, exitpriority=priority)` for the object at `addr`. */
export function registerFinalizer(py: Py, kind: string, addr: number, priority: number): void {
  const order = py.rt.finalizers.reduce((m, f) => Math.max(m, f.order + 1), 0);
  py.rt.finalizers.push({ kind, addr, priority, order });
}

/** Forgets the object's finalizers of that kind without running them (`Finalize.cancel()`). */
export function cancelFinalizer(py: Py, kind: string, addr: number): void {
  py.rt.finalizers = py.rt.finalizers.filter((f) => !(f.kind === kind && f.addr === addr));
}

/** util._run_finalizers(minpriority): null runs every remaining one. */
export function* runFinalizers(py: Py, minPriority: number | null): Gen<void> {
  const due = py.rt.finalizers
    .filter((f) => minPriority === null || f.priority >= minPriority)
    .sort((a, b) => b.priority - a.priority || b.order - a.order);
  py.rt.finalizers = py.rt.finalizers.filter((f) => !due.includes(f));
  for (const f of due) yield* definedCallback(FINALIZER_CALLBACKS, 'finalizer', f.kind)(py, f.addr);
}

// ── after fork ─────────────────────────────────────────────────────────────

/** What a registered object does in a forked child (Queue._after_fork, BaseProxy._after_fork). */
export type AfterForkHook = (py: Py, addr: number) => Gen<void>;

const AFTER_FORK_HOOKS = new Map<string, AfterForkHook>();

/** Defines an after-fork hook by name, when the defining module loads (as defineFinalizer). */
export function defineAfterForkHook(name: string, hook: AfterForkHook): void {
  AFTER_FORK_HOOKS.set(name, hook);
}

/** `util.register_after_fork(obj, func)`; registering the same pair again changes nothing. */
export function registerAfterFork(py: Py, hook: string, addr: number): void {
  const known = py.rt.afterForkers.some((r) => r.hook === hook && r.addr === addr);
  if (!known) py.rt.afterForkers.push({ hook, addr } satisfies AfterForkRegistration);
}

/**
 * util._run_after_forkers(): in a forked child, every registered object's
 * hook, in registration order. The registrations stay: a grandchild forked
 * from this child runs them again.
 */
export function* runAfterForkers(py: Py): Gen<void> {
  for (const r of [...py.rt.afterForkers]) {
    yield* definedCallback(AFTER_FORK_HOOKS, 'after-fork hook', r.hook)(py, r.addr);
  }
}

/**
 * A callback that was never defined is a bug in the model (its module was
 * not loaded), not a Python error: it must not look like one.
 */
function definedCallback<T>(table: Map<string, T>, what: string, name: string): T {
  const callback = table.get(name);
  if (callback === undefined) throw new Error(`no ${what} is defined as ${name}`);
  return callback;
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
