/**
 * What the model kernel keeps: its objects (semaphores, streams, listeners),
 * the handles that point at them, processes and threads, and how a parked
 * thread waits. Plain records: the parts of the kernel (scheduler.ts,
 * handles.ts, semaphores.ts, streams.ts, processes.ts) work on them.
 */
import type { Loc } from '../syscalls';
import type { Resume } from './host';

export const NO_VALUE: Resume = { value: undefined };

export interface Semaphore {
  readonly kind: 'semaphore';
  readonly id: number;
  value: number;
  readonly max: number;
  name: string | null;
  readonly label: string;
  /** Threads parked in sem_wait, in arrival order. */
  waiters: number[];
}

/** A pipe (one direction) or a socket pair (two directions). Messages are whole. */
export interface Stream {
  readonly kind: 'pipe' | 'socket';
  readonly id: number;
  readonly label: string;
  /** dirs[d]: messages written by end d (pipe: only d = 0, written by the write end). */
  readonly dirs: [Message[], Message[]];
  readonly buffered: [number, number];
  /** Open handles per end (pipe: end 0 = write end, end 1 = read end). */
  readonly open: [number, number];
  /** SCM_RIGHTS: kernel objects in flight, per direction. */
  readonly fds: [HandleTarget[][], HandleTarget[][]];
  /**
   * Sockets: reset[d] once end d closed for good with messages unread in its own
   * receive queue; the next read of direction d that finds it drained fails with
   * ECONNRESET (once), as Linux's AF_UNIX sockets do.
   */
  readonly reset: [boolean, boolean];
}

export interface Message {
  /** What the writer passed; the reader gets these bytes. */
  readonly payload: Uint8Array;
  /**
   * Whether a Connection length header goes in front of `payload` on the
   * wire. It is counted in `size` (and shown in the trace) but never built
   * on its own: a copy of each message was a cost of every send.
   */
  readonly framed: boolean;
  /** Bytes on the wire: the payload, plus the 4-byte header when framed. */
  readonly size: number;
}

export interface Listener {
  readonly kind: 'listener';
  readonly id: number;
  readonly address: string;
  readonly label: string;
  /** Server ends of connections not yet accepted. */
  backlog: HandleTarget[];
  open: number;
}

export type KernelObject = Semaphore | Stream | Listener;

/** What a handle points at: an object, and for streams, which end. */
export interface HandleTarget {
  readonly obj: number;
  /** Streams: the end this handle is (pipe 0 = write, 1 = read; socket 0/1). */
  readonly end: 0 | 1;
}

export interface Process {
  readonly pid: number;
  name: string;
  readonly ppid: number | null;
  readonly handles: Map<number, HandleTarget>;
  /** Every file descriptor from 3 below this one is open: the search for a free one starts here. */
  fdFloor: number;
  readonly threads: number[];
  exitCode: number | null;
  /** Threads waiting in waitpid() for this process. */
  waiters: number[];
}

export type Blocked =
  | {
      readonly on: 'sem';
      readonly obj: number;
      readonly handle: number;
      readonly deadline: number | null;
    }
  | {
      readonly on: 'recv';
      readonly obj: number;
      readonly handle: number;
      readonly dir: 0 | 1;
      /** recvfds(): the message carries kernel objects (SCM_RIGHTS). */
      readonly fds: boolean;
    }
  | {
      readonly on: 'send';
      readonly obj: number;
      readonly handle: number;
      readonly dir: 0 | 1;
      readonly msg: Message;
    }
  | { readonly on: 'accept'; readonly obj: number }
  | { readonly on: 'wait'; readonly pid: number }
  | { readonly on: 'join'; readonly tid: number };

/**
 * A wait as the kernel stores it: every kind with the same fields in the
 * same order, so that all of them share one hidden class. The scans made on
 * every step (the next thread to run, the readers of a pipe) read these
 * fields of every parked thread; six shapes made each read a slow lookup.
 */
export function uniform(b: Blocked): Blocked {
  const u = {
    on: b.on as Blocked['on'],
    obj: -1,
    handle: -1,
    deadline: null as number | null,
    dir: 0 as 0 | 1,
    fds: false,
    msg: null as Message | null,
    pid: -1,
    tid: -1,
  };
  switch (b.on) {
    case 'sem':
      u.obj = b.obj;
      u.handle = b.handle;
      u.deadline = b.deadline;
      break;
    case 'recv':
      u.obj = b.obj;
      u.handle = b.handle;
      u.dir = b.dir;
      u.fds = b.fds;
      break;
    case 'send':
      u.obj = b.obj;
      u.handle = b.handle;
      u.dir = b.dir;
      u.msg = b.msg;
      break;
    case 'accept':
      u.obj = b.obj;
      break;
    case 'wait':
      u.pid = b.pid;
      break;
    case 'join':
      u.tid = b.tid;
      break;
  }
  return u as Blocked;
}

export interface Thread {
  readonly tid: number;
  readonly pid: number;
  /** The thread's process (its pid's entry in `processes`). */
  readonly proc: Process;
  name: string;
  state: 'ready' | 'blocked' | 'done';
  readyAt: number;
  tie: number;
  /** Set when the thread is shutting its process down: the exit code, applied when it runs next. */
  exiting: number | null;
  resume: Resume;
  at: Loc;
  blocked: Blocked | null;
  joiners: number[];
  /** In `runnable`: ready, or parked in a timed semaphore wait. */
  runnable: boolean;
  /**
   * A message this parked reader was woken with and has not run to copy out
   * yet. Until it runs, the message is still in the stream's queue as far as
   * the kernel is concerned: a process killed now leaves it there (streams.ts
   * `putBack`), as Linux does for a reader woken but not yet scheduled.
   */
  unread: { readonly stream: Stream; readonly dir: 0 | 1; readonly msg: Message } | null;
}

/** The virtual clock, in microseconds: the scheduler moves it, the trace stamps events with it. */
export interface Clock {
  readonly now: number;
}
