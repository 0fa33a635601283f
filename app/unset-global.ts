/**
 * A module global the job found None. With the route "global" the scenario
 * function sets `lock` and `queue` with `global lock, queue` before the
 * children start: a forked child inherits them with the parent's memory; a
 * spawned one (spawn, forkserver) imports the script afresh as __mp_main__,
 * where the module's first lines say `lock = None`, and nothing sets it
 * since. The job's `lock.acquire()` (or `queue.put(idx)`) then raises
 * `AttributeError: 'NoneType' object has no attribute 'acquire'`. Read once,
 * here, for the verdict and the story.
 */
import { routeOf, type ScenarioSpec } from '../src/sim/scenarios';

const NONE_ATTRIBUTE = /^AttributeError: 'NoneType' object has no attribute '(\w+)'$/;
const HOLDER = { acquire: 'lock', release: 'lock', put: 'queue' } as const;

/** Which of the script's globals the job found None, if `error` says so. */
export function unsetGlobalOf(error: string, spec: ScenarioSpec): 'lock' | 'queue' | null {
  const attribute = NONE_ATTRIBUTE.exec(error)?.[1];
  if (attribute === undefined || !Object.hasOwn(HOLDER, attribute)) return null;
  const name = HOLDER[attribute as keyof typeof HOLDER];
  return routeOf(spec, name) === 'global' ? name : null;
}
