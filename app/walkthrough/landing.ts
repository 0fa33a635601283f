/**
 * Where a run opens when the address names no step: where the story starts.
 *
 * The question is about what reaches a child, so the story starts when the
 * script's process makes its first child (a Pool's first worker, the first
 * Process, a Manager's server): the key step right after that child starts.
 * A run that starts no child opens at its first key step. Pure, and memoized
 * per trace like the key steps themselves.
 */
import type { Trace } from '../../src/sim/trace';
import { keySteps } from './key-steps';

const cache = new WeakMap<Trace, number>();

export function landingStep(trace: Trace): number {
  const cached = cache.get(trace);
  if (cached !== undefined) return cached;
  const steps = keySteps(trace);
  const child = trace.events.findIndex((e) => e.kind === 'process.start' && e.ppid !== null);
  // Step i + 1 is the state right after event i (the child exists).
  const from = child === -1 ? 1 : child + 1;
  const step = steps.find((s) => s >= from) ?? trace.events.length;
  cache.set(trace, step);
  return step;
}
