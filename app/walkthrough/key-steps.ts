/**
 * The steps worth stopping at. A run is thousands of events, most of them
 * bookkeeping a learner does not need one by one (a fork child's seventeen
 * inherited handles, the Pool's internal semaphores). "Key steps" are where
 * the story moves: a process starts or ends, memory is copied, something is
 * pickled for a child or refused, a proxy call goes to a manager, a thread
 * blocks on a lock or wakes, the script prints, an exception is raised, and
 * every checkpoint question and its answer. Stepping by key steps still
 * lands on exact states: it only skips the steps in between.
 */
import type { Trace, TraceEvent } from '../../src/sim/trace';
import { checkpoints } from './view';

/** Pickled or unpickled things that are part of the story, not the plumbing. */
const STORY_PICKLE = /^(task|result|Process object|initializer|initargs|args)/;
/** Manager server threads: one per connection, started and ended by the dozen. */
const SERVER_THREAD = /\((handle_request|accepter|serve_client)\)$/;

function isKeyEvent(
  e: TraceEvent,
  userObjects: ReadonlySet<number>,
  before: TraceEvent | undefined,
  after: TraceEvent | undefined,
): boolean {
  switch (e.kind) {
    // The bytes of a story pickle going into the pipe, and coming out to be unpickled.
    case 'pipe.write':
      return (
        before?.kind === 'pickle.done' && before.tid === e.tid && STORY_PICKLE.test(before.what)
      );
    case 'pipe.read':
      return after?.kind === 'unpickle' && after.tid === e.tid && STORY_PICKLE.test(after.what);
    case 'process.start':
    case 'process.exit':
    case 'memory.copy':
    case 'pickle.refused':
    case 'exception':
    case 'print':
    case 'call':
    case 'verdict':
      return true;
    case 'thread.start':
      return !SERVER_THREAD.test(e.name);
    case 'pickle.done':
    case 'unpickle':
      return STORY_PICKLE.test(e.what);
    case 'proxy.request':
      return e.id !== null || e.method === 'create';
    case 'sem.block':
      return true;
    case 'sem.acquire':
      return e.waited || userObjects.has(e.obj);
    case 'sem.release':
      return userObjects.has(e.obj);
    default:
      return false;
  }
}

/** The script's own locks and queues (not the Pool's or a manager's plumbing). */
function userObjectsOf(trace: Trace): Set<number> {
  const ids = new Set<number>();
  for (const e of trace.events) {
    if (e.kind === 'kobj.create' && /^(Lock|Queue|RLock|Semaphore)\b/.test(e.label)) ids.add(e.obj);
  }
  return ids;
}

const cache = new WeakMap<Trace, readonly number[]>();

/**
 * The key steps of a trace, ascending: step 0, the step after each key
 * event, each checkpoint's question and answer steps, and the last step.
 */
export function keySteps(trace: Trace): readonly number[] {
  const cached = cache.get(trace);
  if (cached) return cached;
  const userObjects = userObjectsOf(trace);
  const steps = new Set<number>([0, trace.events.length]);
  const events = trace.events;
  events.forEach((e, i) => {
    if (isKeyEvent(e, userObjects, events[i - 1], events[i + 1])) steps.add(i + 1);
  });
  for (const c of checkpoints(trace)) {
    steps.add(c.step);
    steps.add(c.answerStep);
  }
  const sorted = [...steps].sort((a, b) => a - b);
  cache.set(trace, sorted);
  return sorted;
}

/** The first key step after `step` (or the last step). */
export function nextKeyStep(trace: Trace, step: number): number {
  return keySteps(trace).find((s) => s > step) ?? trace.events.length;
}

/** The last key step before `step` (or 0). */
export function previousKeyStep(trace: Trace, step: number): number {
  const steps = keySteps(trace);
  for (let i = steps.length - 1; i >= 0; i -= 1) if (steps[i]! < step) return steps[i]!;
  return 0;
}
