/**
 * A thread of a free-running process, as its worker keeps it: where it is,
 * how it resumes, and what it waits for when it cannot run.
 */
import type { Resume } from '../../sim/kernel';
import type { KernelError, Loc, SyscallOp, SyscallResult } from '../../sim/syscalls';
import type { FreeRequest } from './protocol';

/** What a thread waits for; waits.ts says when each can complete. */
export type Wait =
  | {
      kind: 'sem';
      obj: number;
      handle: number;
      sem: number;
      deadline: number | null;
      blocked: boolean;
    }
  | { kind: 'recv'; obj: number; handle: number; pipe: number; fds: boolean; blocked: boolean }
  | {
      kind: 'send';
      obj: number;
      handle: number;
      pipe: number;
      bytes: Uint8Array;
      framed: boolean;
      blocked: boolean;
    }
  | { kind: 'accept'; pipe: number }
  | { kind: 'sleep'; deadline: number }
  | { kind: 'join'; tid: number }
  | { kind: 'wait'; slot: number }
  | { kind: 'ask'; request: FreeRequest; then: (reply: unknown) => Outcome }
  | { kind: 'reply'; then: (reply: unknown) => Outcome }
  /** The process has ended (`exit`): the thread is never resumed. */
  | { kind: 'gone' };

/**
 * What a system call `op` comes to: its `SyscallResult`, an error, or a wait
 * (which comes to one of these in turn). Without `Op`: any call's.
 */
export type Outcome<Op extends SyscallOp = SyscallOp> =
  { value: SyscallResult[Op] } | { error: KernelError } | { wait: Wait };

/** A thread's record. Its generator is the ProcessImage's. */
export interface Thread {
  readonly tid: number;
  name: string;
  /** How the thread resumes next (with the last call's result or error). */
  resume: Resume;
  wait: Wait | null;
  done: boolean;
  at: Loc;
}

/** How a thread resumes after a call that came to `outcome` (not a wait). */
export function resumeWith(outcome: Exclude<Outcome, { wait: Wait }>): Resume {
  return 'error' in outcome
    ? { kernelError: { code: outcome.error.code, message: outcome.error.message } }
    : { value: outcome.value };
}

/** When a wait gives up by itself (performance.now() ms), if it does. */
export function deadlineOf(w: Wait): number | null {
  if (w.kind === 'sleep') return w.deadline;
  if (w.kind === 'sem') return w.deadline;
  return null;
}
