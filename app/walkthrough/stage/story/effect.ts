/**
 * What a step moves between the story's places (drawn over the story view).
 */
import type { Trace } from '../../../../src/sim/trace';
import { messages } from '../../../messages';
import { stageLayout } from '../stage-layout';
import { anchor, refusedKeyOf, type StoryKey } from './keys';
import { storyLayout } from './layout';

const s = messages.story;

export interface StoryEffect {
  readonly kind: 'bytes' | 'call' | 'lock' | 'refused' | 'copy' | 'handle' | 'spawn';
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** A proxy call: drawn as one loop there and back. */
  readonly roundTrip: boolean;
}

/**
 * The movement of the event that produced `step`, between story places: a
 * task's bytes from the task handler into the task pipe and out to a worker,
 * an acquire or release of the Lock, a proxy call to its manager and back,
 * the refusal from the task handler to the object it could not pickle, a
 * fork's copy or a spawn's pickled start-up data from parent to child.
 */
export function storyEffect(trace: Trace, step: number): StoryEffect | null {
  const e = step > 0 ? trace.events[step - 1] : undefined;
  if (!e) return null;
  const layout = storyLayout(trace);
  const mainPid = layout.main?.pid ?? null;
  const isShownThread = e.pid === mainPid && layout.mainThreads.some((t) => t.tid === e.tid);
  const placeOf = (key: StoryKey): string =>
    e.pid === mainPid && isShownThread && key !== 'lock' && key !== 'queue'
      ? anchor.thread(e.pid, e.tid)
      : anchor.row(e.pid, key);
  const fx = (
    kind: StoryEffect['kind'],
    from: string,
    to: string,
    label: string,
    roundTrip = false,
  ): StoryEffect => ({ kind, from, to, label, roundTrip });
  switch (e.kind) {
    case 'pipe.write': {
      const key = layout.members.get(e.obj);
      if (!key) return null;
      return fx('bytes', placeOf(key), anchor.object(key), s.bytesIn(e.size));
    }
    case 'pipe.read': {
      const key = layout.members.get(e.obj);
      if (!key) return null;
      return fx('bytes', anchor.object(key), anchor.row(e.pid, key), s.bytesOut(e.size));
    }
    case 'sem.acquire':
    case 'sem.release':
    case 'sem.block': {
      const key = layout.members.get(e.obj);
      if (key !== 'lock') return null;
      const label =
        e.kind === 'sem.acquire' ? s.acquire : e.kind === 'sem.release' ? s.release : s.waits;
      return fx('lock', anchor.row(e.pid, 'lock'), anchor.object('lock'), label);
    }
    case 'proxy.request':
    case 'proxy.response': {
      if (e.kind === 'proxy.request' && e.id === null) return null;
      const manager = stageLayout(trace).managers.get(e.address);
      if (manager === undefined) return null;
      const key = [...layout.managerOf].find(([, pid]) => pid === manager)?.[0];
      if (!key || !layout.rows.includes(key)) return null;
      return fx(
        'call',
        anchor.row(e.pid, key),
        anchor.object(key),
        e.kind === 'proxy.request' ? s.callOut(e.method) : s.callBack(e.method),
        true,
      );
    }
    case 'pickle.refused': {
      // A refused function (the job) is no object on the stage: the thread's note says it.
      const key = refusedKeyOf(e.error);
      if (key === null) return null;
      return fx('refused', anchor.thread(e.pid, e.tid), anchor.object(key), s.refusedArrow(e.what));
    }
    case 'memory.copy':
      return fx('copy', anchor.card(e.from), anchor.card(e.pid), s.forkCopy);
    case 'handle.add': {
      const key = layout.members.get(e.obj);
      if (!key || e.origin === 'created' || !layout.rows.includes(key)) return null;
      return fx('handle', anchor.object(key), anchor.row(e.pid, key), s.how(e.origin));
    }
    case 'unpickle':
      if (!/^Process object|^task/.test(e.what)) return null;
      if (/^task/.test(e.what) && layout.rows.includes('pipe'))
        return fx('bytes', anchor.object('pipe'), anchor.row(e.pid, 'pipe'), s.unpickled(e.what));
      return mainPid === null
        ? null
        : fx('spawn', anchor.card(mainPid), anchor.card(e.pid), s.unpickled(e.what));
    // No movement in the story for the rest.
    case 'call':
    case 'exception':
    case 'handle.close':
    case 'kobj.create':
    case 'kobj.free':
    case 'kobj.unlink':
    case 'note':
    case 'pickle.done':
    case 'pickle.start':
    case 'pipe.block':
    case 'pipe.eof':
    case 'print':
    case 'process.exit':
    case 'process.rename':
    case 'process.start':
    case 'return':
    case 'sem.timeout':
    case 'sem.try-failed':
    case 'sleep':
    case 'thread.exit':
    case 'thread.rename':
    case 'thread.start':
    case 'var.set':
    case 'verdict':
      return null;
  }
}
