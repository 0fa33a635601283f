/**
 * A free-running process's calls to the main thread: what needs a new worker
 * or a shared name (fork, spawn, DuplicateHandle, semaphore names, listener
 * addresses, where a pid's process is). Requests go by postMessage; the answer
 * comes back through the process's one reply slot, so a thread that asks
 * waits for it like for any other wait.
 */
import { KernelError, type SyscallOp } from '../../sim/syscalls';
import type { FreeRequest } from './protocol';
import type { ProcessTables } from './tables';
import type { Outcome, Wait } from './threads';

type Ask = Extract<Wait, { kind: 'ask' }>;
type Reply = Extract<Wait, { kind: 'reply' }>;

export class MainThreadCalls {
  private readonly tables: ProcessTables;
  private readonly slot: number;
  /** Posts a request to the main thread (fire and forget, or the first half of an ask). */
  readonly post: (request: FreeRequest) => void;
  /**
   * Whether a thread of this process waits for the main thread's answer. The
   * process has one reply slot: a second thread that asks meanwhile (a Pool's
   * `_handle_workers` polling its workers while the main thread terminates
   * them) waits its turn, or its `expectReply` would wipe the first answer
   * and the first thread would wait for ever.
   */
  private asking = false;
  /** Slots of processes this one started, by pid (for poll/wait). */
  private readonly children = new Map<number, number>();

  constructor(tables: ProcessTables, slot: number, post: (request: FreeRequest) => void) {
    this.tables = tables;
    this.slot = slot;
    this.post = post;
  }

  /** A request the main thread answers in the reply slot; sent when no other thread's is outstanding. */
  ask<Op extends SyscallOp>(
    request: FreeRequest,
    then: (reply: unknown) => Outcome<Op>,
  ): Outcome<Op> {
    return { wait: { kind: 'ask', request, then } };
  }

  /** An ask goes out once the reply slot is free; then it waits for the reply. */
  trySend(w: Ask): Outcome {
    if (this.asking) return { wait: w };
    this.asking = true;
    this.tables.expectReply(this.slot);
    this.post(w.request);
    return { wait: { kind: 'reply', then: w.then } };
  }

  /** The reply, once it is in the slot, comes to what the asker makes of it. */
  tryReceive(w: Reply): Outcome {
    const reply = this.tables.takeReply(this.slot);
    if (reply === undefined) return { wait: w };
    this.asking = false;
    try {
      return w.then(reply);
    } catch (error) {
      if (error instanceof KernelError) return { error };
      throw error;
    }
  }

  /**
   * The process table slot of `pid`. A forkserver's children are forked by
   * the server, so their parent learns their pid only from the server (over a
   * pipe): ask the main thread where they are the first time.
   */
  withSlot<Op extends SyscallOp>(
    pid: number,
    then: (slot: number | null) => Outcome<Op>,
  ): Outcome<Op> {
    const known = this.children.get(pid);
    if (known !== undefined) return then(known);
    return this.ask({ op: 'slot-of', slot: this.slot, pid }, (reply) => {
      const slot = typeof reply === 'number' && reply >= 0 ? reply : null;
      if (slot !== null) this.children.set(pid, slot);
      return then(slot);
    });
  }

  /** A child this process started (the main thread's answer to fork or spawn). */
  child<R extends { pid: number; slot: number }>(reply: R): R {
    this.children.set(reply.pid, reply.slot);
    return reply;
  }

  /** The slot of a child this process started, if it knows it. */
  slotOf(pid: number): number | undefined {
    return this.children.get(pid);
  }
}
