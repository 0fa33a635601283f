/**
 * The story's objects — the script's Lock, its Queue (one object, not its
 * four kernel parts) and the pipe a Pool's tasks travel through — and which
 * kernel object, Python name or refusal is part of which; the places the
 * story's arrows join.
 */
import type { HandleOrigin, ObjectOwner } from '../../../../src/sim/trace';
import { refusalOf } from '../../../refusal';

/** The objects of the story. */
export type StoryKey = 'lock' | 'queue' | 'pipe';
export const STORY_KEYS: readonly StoryKey[] = ['lock', 'queue', 'pipe'];

/** How a process got what it holds: a handle's origin, or a Manager proxy. */
export type StoryHow = HandleOrigin | 'proxy';

export type StoryRole = 'main' | 'manager' | 'child';

/** The story object each Python object's kernel parts belong to (the rest are plumbing). */
const STORY_OWNERS: Partial<Record<ObjectOwner, StoryKey>> = {
  Lock: 'lock',
  Queue: 'queue',
  'Pool._inqueue': 'pipe',
};

/** Which story object a kernel object is part of, from the Python object it belongs to. */
export function storyKeyOf(owner: ObjectOwner): StoryKey | null {
  return STORY_OWNERS[owner] ?? null;
}

/** A manager's real object (Server.create's referent), from the owner of its private object. */
export function managedKeyOf(owner: ObjectOwner): StoryKey | null {
  if (owner === 'threading.Lock') return 'lock';
  if (owner === 'queue.Queue') return 'queue';
  return null;
}

/** A Python name that holds a Manager proxy for the lock or the queue. */
export function proxyKeyOf(name: string, type: string): StoryKey | null {
  if (!/Proxy/.test(type)) return null;
  const bare = name.slice(name.lastIndexOf(':') + 1);
  if (/lock/i.test(bare) || /^AcquirerProxy$/.test(type)) return 'lock';
  if (/queue/i.test(bare) || /Queue/.test(type)) return 'queue';
  return null;
}

/**
 * The story object a refusal names (`RuntimeError: Queue objects should only
 * be shared…`: the queue; a Lock's, an RLock's, a Semaphore's: the lock), or
 * null when what pickle refused is no shared object but a function (a lambda
 * or a local def as the job).
 */
export function refusedKeyOf(error: string): StoryKey | null {
  const refusal = refusalOf(error);
  if (refusal?.kind !== 'object') return null;
  return refusal.type.endsWith('Queue') ? 'queue' : 'lock';
}

/** Anchors: the places arrows join (data-story-anchor in the DOM). */
export const anchor = {
  row: (pid: number, key: StoryKey) => `h:${pid}:${key}`,
  object: (key: StoryKey) => `o:${key}`,
  thread: (pid: number, tid: number) => `t:${pid}:${tid}`,
  card: (pid: number) => `c:${pid}`,
};
