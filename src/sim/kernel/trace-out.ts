/**
 * The model kernel's event output: every event gets the next `seq` and the
 * virtual time, and is kept, or in `outcome` mode only counted unless a
 * verdict needs it.
 */
import type { Loc } from '../syscalls';
import type { EventBody, TraceEvent } from '../trace';
import type { OutboxEntry } from './host';
import type { Clock, Thread } from './objects';

/**
 * The events kept in `outcome` mode. A switch, not a Set: asked for every
 * event of every run.
 */
function isOutcomeKind(kind: string): boolean {
  switch (kind) {
    case 'process.start':
    case 'process.rename':
    case 'print':
    case 'exception':
    case 'verdict':
    case 'proxy.request':
      return true;
    default:
      return false;
  }
}

export class TraceOut {
  readonly events: TraceEvent[] = [];
  /** Events produced, kept or not (the next `seq`). */
  private produced = 0;

  constructor(
    private readonly clock: Clock,
    /** False in `outcome` mode: only the events a verdict needs are kept. */
    readonly keepAll: boolean,
  ) {}

  /** How many events the run has produced, kept or not. */
  get count(): number {
    return this.produced;
  }

  /** An event that is not kept, and so not built at all (its `seq` is used up). */
  skip(): void {
    this.produced += 1;
  }

  private keep(kind: string): boolean {
    if (this.keepAll || isOutcomeKind(kind)) return true;
    this.produced += 1;
    return false;
  }

  /** An event of `thread`, where it is now (at time `t`, or now; in `pid`, or its own). */
  emitFor(thread: Thread, body: EventBody, t?: number, pid?: number): void {
    if (!this.keep(body.kind)) return;
    this.events.push({
      seq: this.produced++,
      t: Math.round(t ?? this.clock.now),
      pid: pid ?? thread.pid,
      tid: thread.tid,
      thread: thread.name,
      line: thread.at.line,
      fn: thread.at.fn,
      ...body,
    } as TraceEvent);
  }

  /** An event of a thread given by its numbers (one being created, or gone). */
  emitRaw(tid: number, pid: number, body: EventBody, at: Loc, threadName = 'MainThread'): void {
    if (!this.keep(body.kind)) return;
    this.events.push({
      seq: this.produced++,
      t: Math.round(this.clock.now),
      pid,
      tid,
      thread: threadName,
      line: at.line,
      fn: at.fn,
      ...body,
    } as TraceEvent);
  }

  /** Appends what the thread recorded while it ran (see ThreadEnv.outbox). */
  drainOutbox(thread: Thread, outbox: OutboxEntry[]): void {
    const n = outbox.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const { event, at } = outbox[i]!;
      if (!this.keep(event.kind)) continue;
      this.events.push({
        seq: this.produced++,
        t: Math.round(this.clock.now),
        pid: thread.pid,
        tid: thread.tid,
        thread: thread.name,
        line: at.line,
        fn: at.fn,
        ...event,
      } as TraceEvent);
    }
    // pop(), not `length = 0`: setting an array's length is a call into the runtime.
    for (let i = 0; i < n; i++) outbox.pop();
  }
}
