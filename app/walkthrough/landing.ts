/**
 * Where a run opens when the address names no step: the story's first stop
 * (see story/stops.ts), where the answer starts to be told. A run with no
 * stop opens at its first key step. Pure, and memoized per trace.
 */
import type { Trace } from '../../src/sim/trace';
import { keySteps } from './key-steps';
import { storyStops } from './story/stops';

const cache = new WeakMap<Trace, number>();

export function landingStep(trace: Trace): number {
  const cached = cache.get(trace);
  if (cached !== undefined) return cached;
  const first = storyStops(trace)[0]?.step;
  const step = first ?? keySteps(trace).find((s) => s >= 1) ?? trace.events.length;
  cache.set(trace, step);
  return step;
}
