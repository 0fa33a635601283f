/**
 * A free-running process's trace events: written to the run's shared event
 * log (ordered there by an atomic sequence number), timed by this browser's
 * clock since the run started.
 */
import type { Loc } from '../../sim/syscalls';
import type { EventBody } from '../../sim/trace';
import type { KernelMemory } from '../shared';
import type { Thread } from './threads';

export class ProcessEvents {
  private readonly mem: KernelMemory;
  private readonly pid: number;
  private readonly runStart: number;

  constructor(mem: KernelMemory, pid: number, runStart: number) {
    this.mem = mem;
    this.pid = pid;
    this.runStart = runStart;
  }

  /** Virtual time `t`: microseconds since the run started. */
  private now(): number {
    return Math.round((performance.timeOrigin + performance.now() - this.runStart) * 1000);
  }

  emit(tid: number, thread: string, at: Loc, body: EventBody, pid = this.pid): void {
    this.mem.appendEvent(
      JSON.stringify({
        t: this.now(),
        pid,
        tid,
        thread,
        line: at.line,
        fn: at.fn,
        ...body,
      }),
    );
  }

  /** An event of thread `t`, where it is now (in process `pid`'s name, if another's). */
  emitFor(t: Thread, body: EventBody, pid = this.pid): void {
    this.emit(t.tid, t.name, t.at, body, pid);
  }
}
