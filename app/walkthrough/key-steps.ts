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
import type { EventKind, EventOf, ObjectOwner, Trace, TraceEvent } from '../../src/sim/trace';
import { checkpoints } from './view';

/** Pickled or unpickled things that are part of the story, not the plumbing. */
const STORY_PICKLE = /^(task|result|Process object|initializer|initargs|args)/;
/** Manager server threads: one per connection, started and ended by the dozen. */
const SERVER_THREAD = /\((handle_request|accepter|serve_client)\)$/;

/** What a key-event test sees around the event: the script's objects and its neighbours. */
interface Around {
  readonly userObjects: ReadonlySet<number>;
  readonly before: TraceEvent | undefined;
  readonly after: TraceEvent | undefined;
}

/**
 * Whether an event of each kind is a key event: always, never, or a test of
 * the event in its place. One entry per kind, so a new kind must say.
 */
const KEY: { readonly [K in EventKind]: boolean | ((e: EventOf<K>, around: Around) => boolean) } = {
  'process.start': true,
  'process.rename': false,
  'process.exit': true,
  'memory.copy': true,
  'thread.start': (e) => !SERVER_THREAD.test(e.name),
  'thread.rename': false,
  'thread.exit': false,
  'kobj.create': false,
  'kobj.unlink': false,
  'kobj.free': false,
  'handle.add': false,
  'handle.close': false,
  'sem.acquire': (e, { userObjects }) => e.waited || userObjects.has(e.obj),
  'sem.block': true,
  'sem.timeout': false,
  'sem.try-failed': false,
  'sem.release': (e, { userObjects }) => userObjects.has(e.obj),
  // The bytes of a story pickle going into the pipe, and coming out to be unpickled.
  'pipe.write': (e, { before }) =>
    before?.kind === 'pickle.done' && before.tid === e.tid && STORY_PICKLE.test(before.what),
  'pipe.block': false,
  'pipe.read': (e, { after }) =>
    after?.kind === 'unpickle' && after.tid === e.tid && STORY_PICKLE.test(after.what),
  'pipe.eof': false,
  'pickle.start': false,
  'pickle.done': (e) => STORY_PICKLE.test(e.what),
  'pickle.refused': true,
  unpickle: (e) => STORY_PICKLE.test(e.what),
  'proxy.request': (e) => e.id !== null || e.method === 'create',
  'proxy.response': false,
  'var.set': false,
  call: true,
  return: false,
  print: true,
  sleep: false,
  exception: true,
  note: false,
  verdict: true,
};

function isKeyEvent<K extends EventKind>(e: EventOf<K>, around: Around): boolean {
  const key = KEY[e.kind] as boolean | ((e: EventOf<K>, around: Around) => boolean);
  return typeof key === 'boolean' ? key : key(e, around);
}

/** The objects a script makes itself, whose kernel parts are the script's own. */
const SCRIPT_OWNERS: ReadonlySet<ObjectOwner> = new Set(['Lock', 'BoundedSemaphore', 'Queue']);

/** The script's own locks and queues (not the Pool's or a manager's plumbing). */
function userObjectsOf(trace: Trace): Set<number> {
  const ids = new Set<number>();
  for (const e of trace.events) {
    if (e.kind === 'kobj.create' && SCRIPT_OWNERS.has(e.owner)) ids.add(e.obj);
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
    if (isKeyEvent(e, { userObjects, before: events[i - 1], after: events[i + 1] }))
      steps.add(i + 1);
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
