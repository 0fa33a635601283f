/**
 * What each mpviz trace event becomes in the Chrome trace: one entry per event
 * kind (`EXPORTS`, total over the kinds, so a new kind must say what it
 * exports), placed on the `Timeline`.
 */
import { EVENT_KINDS, type EventKind, type EventOf, type TraceEvent } from '../trace';
import type { ThreadTrack, Timeline } from './timeline';

/** What an entry sees: the timeline, the event's thread track, kernel object labels. */
interface Context {
  readonly timeline: Timeline;
  readonly th: ThreadTrack;
  readonly labels: Map<number, string>;
}

type Export<K extends EventKind> = (x: Context, e: EventOf<K>) => void;

const label = (x: Context, obj: number): string => x.labels.get(obj) ?? `object ${obj}`;

/**
 * Each kind's export (null: nothing of its own; it may still end a wait).
 * `process.start` is not here: it opens the tracks the others are placed on
 * (see `exportEvent`).
 */
const EXPORTS: { readonly [K in Exclude<EventKind, 'process.start'>]: Export<K> | null } = {
  // ── lifetimes ────────────────────────────────────────────────────────────
  'process.rename': ({ timeline }, e) => {
    timeline.rename(timeline.processOf(e.pid, e.tid, e.name), e.name);
  },
  'process.exit': ({ timeline }, e) => {
    for (const t of timeline.threadsOfProcess(e.pid, e.tid)) {
      if (t.stack.length === 0) continue;
      const life = t.stack[0]!;
      if (life.kind === 'process') life.args['exitCode'] = e.code;
      timeline.closeFrom(t, 0, e.t, e.seq, `process exit (code ${e.code})`);
    }
  },
  'memory.copy': null,
  'thread.start': ({ timeline }, e) => {
    const child = timeline.threadOf(e.pid, e.newTid, e.name);
    timeline.open(child, e.t, 'thread', '', e.name, 'thread', {
      tid: e.newTid,
      startedBy: e.tid,
      seq: e.seq,
    });
  },
  'thread.rename': ({ timeline, th }, e) => {
    timeline.rename(th, e.name);
  },
  'thread.exit': ({ timeline, th }, e) => {
    if (th.stack.length > 0) timeline.closeFrom(th, 0, e.t, e.seq, 'thread exit');
  },

  // ── kernel objects and handles ───────────────────────────────────────────
  'kobj.create': ({ labels }, e) => {
    labels.set(e.obj, e.label);
  },
  'kobj.unlink': null,
  'kobj.free': null,
  'handle.add': null,
  'handle.close': null,
  'var.set': null,

  // ── the script's functions and pickling ──────────────────────────────────
  call: ({ timeline, th }, e) => {
    timeline.open(th, e.t, 'call', e.func, e.func, 'call', {
      args: e.args,
      line: e.line,
      fn: e.fn,
      seq: e.seq,
    });
  },
  return: ({ timeline, th }, e) => {
    const i = timeline.topmost(th, 'call', e.func);
    if (i >= 0) timeline.closeFrom(th, i, e.t, e.seq, `return from ${e.func}`);
    else timeline.instant(th, e.t, `return ${e.func} (no matching call)`, 'call', { seq: e.seq });
  },
  'pickle.start': ({ timeline, th }, e) => {
    timeline.open(th, e.t, 'pickle', e.what, `pickle ${e.what}`, 'pickle', {
      what: e.what,
      spawning: e.spawning,
      seq: e.seq,
    });
  },
  'pickle.done': ({ timeline, th }, e) => {
    const i = timeline.topmost(th, 'pickle', e.what);
    if (i >= 0) {
      timeline.closeFrom(th, i, e.t, e.seq, `pickling ${e.what} ended`, {
        size: e.size,
        hex: e.hex,
      });
    } else {
      timeline.instant(th, e.t, `pickled ${e.what}`, 'pickle', { size: e.size, seq: e.seq });
    }
  },
  'pickle.refused': ({ timeline, th }, e) => {
    const error = { what: e.what, error: e.error, bytesNeverSent: e.partialHex.length / 2 };
    timeline.instant(th, e.t, `pickle refused: ${e.what}`, 'pickle', { ...error, seq: e.seq });
    const i = timeline.topmost(th, 'pickle', e.what);
    if (i >= 0) timeline.closeFrom(th, i, e.t, e.seq, `pickling ${e.what} ended`, error);
  },
  unpickle: ({ timeline, th }, e) => {
    timeline.instant(th, e.t, `unpickle ${e.what}`, 'pickle', {
      what: e.what,
      size: e.size,
      seq: e.seq,
    });
  },

  // ── waits, sleeps and semaphores ─────────────────────────────────────────
  'sem.block': (x, e) => {
    x.timeline.open(x.th, e.t, 'wait', '', `wait on ${label(x, e.obj)}`, 'wait', {
      obj: e.obj,
      handle: e.handle,
      seq: e.seq,
    });
  },
  'pipe.block': (x, e) => {
    x.timeline.open(x.th, e.t, 'wait', '', `wait on ${label(x, e.obj)}`, 'wait', {
      obj: e.obj,
      handle: e.handle,
      op: e.op,
      seq: e.seq,
    });
  },
  sleep: ({ timeline, th }, e) => {
    timeline.open(th, e.t, 'sleep', '', `sleep(${e.seconds})`, 'sleep', {
      seconds: e.seconds,
      seq: e.seq,
    });
  },
  'sem.acquire': (x, e) => {
    if (!x.timeline.hasFlows(e.seq)) return;
    x.timeline.anchor(x.th, e, `acquire ${label(x, e.obj)}`, 'sem', {
      obj: e.obj,
      handle: e.handle,
      value: e.value,
      waited: e.waited,
    });
  },
  'sem.release': (x, e) => {
    if (!x.timeline.hasFlows(e.seq)) return;
    x.timeline.anchor(x.th, e, `release ${label(x, e.obj)}`, 'sem', {
      obj: e.obj,
      handle: e.handle,
      value: e.value,
      wakes: e.wakes,
    });
  },
  'sem.timeout': null,
  'sem.try-failed': (x, e) => {
    x.timeline.instant(x.th, e.t, `try-acquire failed: ${label(x, e.obj)}`, 'sem', {
      obj: e.obj,
      handle: e.handle,
      seq: e.seq,
    });
  },

  // ── pipes, sockets and proxy calls ───────────────────────────────────────
  'pipe.write': (x, e) => {
    x.timeline.anchor(x.th, e, `send ${e.size} bytes`, 'pipe', {
      obj: e.obj,
      label: label(x, e.obj),
      handle: e.handle,
      size: e.size,
      buffered: e.buffered,
      hex: e.hex,
    });
  },
  'pipe.read': (x, e) => {
    x.timeline.anchor(x.th, e, `recv ${e.size} bytes`, 'pipe', {
      obj: e.obj,
      label: label(x, e.obj),
      handle: e.handle,
      size: e.size,
      buffered: e.buffered,
    });
  },
  'pipe.eof': (x, e) => {
    x.timeline.instant(x.th, e.t, `EOF on ${label(x, e.obj)}`, 'pipe', {
      obj: e.obj,
      handle: e.handle,
      seq: e.seq,
    });
  },
  'proxy.request': ({ timeline, th }, e) => {
    const args = { address: e.address, id: e.id, method: e.method, count: e.count };
    timeline.open(th, e.t, 'proxy', e.method, `proxy ${e.method}`, 'proxy', {
      ...args,
      seq: e.seq,
    });
    timeline.anchor(th, e, `request ${e.method}`, 'proxy', args);
  },
  'proxy.response': ({ timeline, th }, e) => {
    const args = { address: e.address, method: e.method, ok: e.ok };
    timeline.anchor(th, e, `response ${e.method}`, 'proxy', args);
    const i = timeline.topmost(th, 'proxy', e.method);
    if (i >= 0) {
      timeline.closeFrom(th, i, e.t, e.seq, `proxy ${e.method} answered`, { ok: e.ok });
    }
  },

  // ── output, errors and the verdict ───────────────────────────────────────
  print: ({ timeline, th }, e) => {
    const first = e.text.split('\n')[0] ?? '';
    const short = first.length > 60 ? `${first.slice(0, 59)}…` : first;
    const name = `${e.stream === 'stdout' ? 'print' : 'stderr'}: ${short}`;
    timeline.instant(th, e.t, name, 'output', { stream: e.stream, text: e.text, seq: e.seq });
  },
  exception: ({ timeline, th }, e) => {
    timeline.instant(th, e.t, `${e.phase}: ${e.error}`, 'exception', {
      phase: e.phase,
      error: e.error,
      frames: e.frames,
      seq: e.seq,
    });
  },
  note: ({ timeline, th }, e) => {
    timeline.instant(th, e.t, 'note', 'note', { text: e.text, seq: e.seq });
  },
  verdict: ({ timeline, th }, e) => {
    const args = { verdict: e.verdict, result: e.result, seq: e.seq };
    timeline.instant(th, e.t, `verdict: ${e.verdict}`, 'verdict', args, 'g');
  },
};

/** Places one trace event on the timeline. */
export function exportEvent(timeline: Timeline, labels: Map<number, string>, e: TraceEvent): void {
  if (e.kind === 'process.start') {
    const p = timeline.processOf(e.pid, e.tid, e.name);
    timeline.rename(p, e.name);
    const main = timeline.threadOf(e.pid, e.tid, 'MainThread');
    timeline.open(main, e.t, 'process', '', e.name, 'process', {
      pid: e.pid,
      ppid: e.ppid,
      birth: e.birth,
      runs: e.runs,
      seq: e.seq,
    });
    return;
  }
  const th = timeline.threadOf(e.pid, e.tid, e.thread);
  timeline.rename(th, e.thread);

  // A wait or a sleep lasts until the thread's next event that is not mere
  // bookkeeping (the kernel closing handles of a process being killed is not
  // a wake-up); an exit ends it as unfinished.
  const top = th.stack[th.stack.length - 1];
  if (
    top &&
    (top.kind === 'wait' || top.kind === 'sleep') &&
    !EVENT_KINDS[e.kind].bookkeeping &&
    e.kind !== 'process.exit' &&
    e.kind !== 'thread.exit'
  ) {
    timeline.closeFrom(th, th.stack.length - 1, e.t, e.seq, '', { until: e.kind });
  }

  const entry = EXPORTS[e.kind] as Export<typeof e.kind> | null;
  entry?.({ timeline, th, labels }, e);
}
