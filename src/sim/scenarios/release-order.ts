/**
 * What the scenario function's return frees, in order: CPython's frame
 * clearing, read off the statements the script makes (spec.ts's setupOrder).
 */
import type { PoolCall } from '../trace';
import {
  initargsFields,
  jobFunction,
  poolMethod,
  readsResults,
  routeOf,
  setupOrder,
  taskFields,
  type ScenarioSpec,
} from './spec';

/**
 * The order in which the function's return drops the proxies. CPython clears
 * a frame's locals in the order the code first names them (setupOrder's
 * statements, then `iterator`, `results`, `task`, `result`), and an object
 * goes with the last of those that held it: `mypool`'s Pool holds the
 * initializer's arguments (every worker's Process keeps the one `initargs`
 * tuple), and apply_async's loop variable `task` the last task
 * `(idx, lock, queue)`. A tuple is freed from its last item to its first
 * (CPython's tupledealloc). Which Manager shuts down first shows: under fork
 * the second Manager was forked holding the first one's proxy, and at its
 * exit it sends 'decref' only if that Manager is still running (seen in
 * CPython 3.11-3.13, with both proxies through the initializer: the queue's
 * Manager first).
 *
 * A Pool task refused for its function (a lambda or a local job) leaves its
 * exception stored on a result nobody reads (imap, apply_async unread), and
 * that exception's traceback keeps the task alive: the frames of `send` and
 * `dumps` hold it. Those exceptions are freed after every local (seen in
 * CPython 3.11-3.13: all ten tasks still alive at the function's `return`),
 * each task tuple last item first, so the queue before the lock.
 *
 * A module global is not the function's to free: it lives until the
 * interpreter exits (its proxies' decref then runs as an exit finalizer).
 */
export function releaseOrder(spec: ScenarioSpec, call: PoolCall): ('lock' | 'queue')[] {
  type Proxy = 'lock' | 'queue';
  const holders = new Map<string, readonly Proxy[]>([
    ['lock', ['lock']],
    ['queue', ['queue']],
  ]);
  if (spec.container === 'pool') {
    holders.set('mypool', initargsFields(spec));
    if (poolMethod(spec, call) === 'apply_async')
      holders.set(
        'task',
        taskFields(spec).filter((f): f is Proxy => f !== 'idx'),
      );
  }
  const storesRefusals =
    spec.container === 'pool' &&
    jobFunction(spec).qualname !== 'the_job' &&
    !readsResults(spec, call);
  if (storesRefusals)
    holders.set(
      'stored errors',
      taskFields(spec).filter((f): f is Proxy => f !== 'idx'),
    );
  const locals = [
    ...setupOrder(spec).map((step) => (step === 'pool' ? 'mypool' : step)),
    'iterator',
    'results',
    'task',
    'result',
    'stored errors',
  ];
  // Each proxy's last holder, and its place in that holder's tuple (freed last item first).
  const freed = (['lock', 'queue'] as const).map((name) => {
    let at = -1;
    let within = 0;
    locals.forEach((local, i) => {
      const held = holders.get(local)?.indexOf(name) ?? -1;
      if (held >= 0) [at, within] = [i, held];
    });
    return { name, at, within };
  });
  freed.sort((a, b) => a.at - b.at || b.within - a.within);
  // A module global (`global lock`) outlives the function: its return frees nothing of it.
  return freed.map((f) => f.name).filter((name) => routeOf(spec, name) !== 'global');
}
