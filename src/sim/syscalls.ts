/**
 * The system-call boundary.
 *
 * A simulated Python process runs *programs*: generator functions that touch
 * the world only by yielding a `Syscall` and receiving its result. Everything
 * above this line (the multiprocessing library, the scenarios) is ordinary
 * deterministic code over the process's own memory; everything below it is a
 * kernel. Two kernels implement it: the model kernel (`kernel/model-kernel.ts`,
 * virtual time, seeded scheduler) and the worker kernel (`src/workers`, one Web
 * Worker per process, semaphores and pipes in a SharedArrayBuffer). Because
 * programs are generators, the worker kernel can run them unchanged: it
 * executes each yielded call for real (blocking in `Atomics.wait`) and sends
 * the result back in.
 *
 * Programs are referred to by name (`ProgramRef`), never by closure, so that a
 * process can be started in another worker from plain data.
 */
import type { EventBody, HandleOrigin, ObjectOwnership, RunSettings } from './trace';

/** Where the calling thread is in Python terms; stamped on the events a call produces. */
export interface Loc {
  readonly line: number | null;
  readonly fn: string | null;
}

/** A named program and its (plain-data) arguments. */
export interface ProgramRef {
  readonly program: string;
  readonly args: readonly unknown[];
}

/**
 * Cost classes: what a call costs in virtual time is decided by the kernel
 * (the model kernel from a calibrated table, the worker kernel by really
 * doing it), so programs name the kind of work rather than a duration.
 */
export type CostClass =
  | 'python' // a few bytecodes of bookkeeping
  | 'pickle' // pickling a small object
  | 'unpickle'
  | 'print' // one print() to a terminal
  | 'import-main' // re-importing the main module in a spawned child
  | 'import-modules' // a forkserver child importing what the server had not (multiprocessing.pool...)
  | 'import-managers' // the first unpickle naming multiprocessing.managers in a process without it
  | 'interpreter-start' // a fresh interpreter: exec + site + import multiprocessing
  | 'fork' // os.fork() of a Python process (parent side)
  | 'thread-start' // threading.Thread.start() (until the new thread runs)
  | 'manager-dispatch' // the server looks up the object and calls the method
  | 'auth-digest'; // one HMAC of a handshake's challenge (made or checked), os.urandom included

export type Syscall =
  // semaphores (also used for the threading locks inside one process)
  | {
      readonly op: 'sem.create';
      readonly value: number;
      readonly max: number;
      /** A POSIX name (`/mp-abc123`) or null for an unnamed/private one. */
      readonly name: string | null;
      readonly label: string;
      /** Whose it is (the trace's owner and role). */
      readonly of: ObjectOwnership;
      /** Unlink at once (fork contexts do, so only inheritance can share it). */
      readonly unlink: boolean;
      /** A lock between threads of one process (threading.Lock): process memory, not an OS object. */
      readonly private: boolean;
    }
  | { readonly op: 'sem.open'; readonly name: string; readonly label: string }
  | {
      readonly op: 'sem.acquire';
      readonly handle: number;
      readonly block: boolean;
      /** Seconds, or null to wait forever. */
      readonly timeout: number | null;
    }
  | { readonly op: 'sem.release'; readonly handle: number }
  | { readonly op: 'sem.value'; readonly handle: number }
  // pipes, sockets, listeners: message framing is done here (4-byte big-endian length + payload)
  | {
      readonly op: 'pipe.create';
      readonly duplex: boolean;
      readonly label: string;
      readonly of: ObjectOwnership;
    }
  | {
      readonly op: 'pipe.send';
      readonly handle: number;
      readonly payload: Uint8Array;
      /** false: a raw write (file.write), no Connection length header. Default true. */
      readonly framed?: boolean;
    }
  | { readonly op: 'pipe.recv'; readonly handle: number }
  | { readonly op: 'pipe.poll'; readonly handle: number }
  | {
      readonly op: 'listen';
      readonly address: string;
      readonly label: string;
      readonly of: ObjectOwnership;
    }
  | { readonly op: 'accept'; readonly handle: number }
  /** The new socket's label says where it goes (`connection to ADDRESS`); `of`: whose it is. */
  | { readonly op: 'connect'; readonly address: string; readonly of: ObjectOwnership }
  | { readonly op: 'close'; readonly handle: number }
  /** DuplicateHandle(): put a copy of one of our handles into another process's table. */
  | { readonly op: 'handle.dup'; readonly handle: number; readonly toPid: number }
  // processes and threads
  | {
      readonly op: 'proc.fork';
      readonly name: string;
      readonly main: ProgramRef;
      /** Python variable names the child's memory holds (for the memory.copy event). */
      readonly birth: 'fork' | 'forkserver';
    }
  /** Returns `{ pid, handles }`: the child's numbers for the passed handles. */
  | {
      readonly op: 'proc.spawn';
      readonly name: string;
      readonly main: ProgramRef;
      /** Handles the new interpreter gets: kept by number on POSIX, duplicated on Windows. */
      readonly pass: readonly number[];
      readonly origin: HandleOrigin;
    }
  | { readonly op: 'proc.poll'; readonly pid: number }
  | { readonly op: 'proc.wait'; readonly pid: number }
  /** Popen.terminate(): SIGTERM (TerminateProcess on Windows). */
  | { readonly op: 'proc.kill'; readonly pid: number }
  | { readonly op: 'proc.rename'; readonly pid: number; readonly name: string }
  | { readonly op: 'thread.start'; readonly name: string; readonly main: ProgramRef }
  | { readonly op: 'thread.join'; readonly tid: number }
  | { readonly op: 'thread.rename'; readonly name: string }
  | { readonly op: 'exit'; readonly code: number }
  // time and work
  | { readonly op: 'sleep'; readonly seconds: number }
  | { readonly op: 'cpu'; readonly cost: CostClass; readonly units?: number }
  | { readonly op: 'random'; readonly bits: 32 }
  // output and the trace
  | { readonly op: 'print'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly op: 'emit'; readonly event: EventBody }
  | FdPassingCall;

/**
 * The largest count of a semaphore (Linux's SEM_VALUE_MAX, INT_MAX): the
 * bound of an unbounded Semaphore, and of a Queue's `_sem`.
 */
export const SEM_VALUE_MAX = 2_147_483_647;

export type SyscallOp = Syscall['op'];

/** What each call returns to the program (both kernels return these). */
interface Results {
  /** The new handle. */
  'sem.create': number;
  'sem.open': number;
  /** False when a non-blocking or timed acquire did not get it. */
  'sem.acquire': boolean;
  'sem.release': void;
  'sem.value': number;
  /** Two handles: (reader, writer), or both ends of a duplex pipe. */
  'pipe.create': readonly [number, number];
  'pipe.send': void;
  /** One message (without its length header). */
  'pipe.recv': Uint8Array;
  /** Whether a read would not block. */
  'pipe.poll': boolean;
  listen: number;
  accept: number;
  connect: number;
  close: void;
  /** The handle's number in the other process. */
  'handle.dup': number;
  /** The child's pid (in the parent; the child starts its own program). */
  'proc.fork': number;
  /** The child's pid and its numbers for the passed handles, in order. */
  'proc.spawn': { readonly pid: number; readonly handles: readonly number[] };
  /** The exit code, or null while the process runs (or if there is none). */
  'proc.poll': number | null;
  'proc.wait': number | null;
  'proc.kill': void;
  'proc.rename': void;
  /** The new thread's tid. */
  'thread.start': number;
  'thread.join': void;
  'thread.rename': void;
  /** Never returns: the process ends. */
  exit: never;
  sleep: void;
  cpu: void;
  /** An unsigned 32-bit number from the run's seeded generator. */
  random: number;
  print: void;
  emit: void;
  'sock.sendfds': void;
  /** The handles received, in the sender's order. */
  'sock.recvfds': readonly number[];
}

/**
 * The result of each system call, by op: `SyscallResult['pipe.create']`. A
 * mapped type over `SyscallOp`, so a new call must say what it returns.
 */
export type SyscallResult = { readonly [Op in SyscallOp]: Results[Op] };

/** A yielded call, stamped with the caller's Python location. */
export type Call = Syscall & { readonly at: Loc };

/** The call of one op, as a kernel receives it: `CallOf<'pipe.send'>`. */
export type CallOf<Op extends SyscallOp> = Extract<Call, { readonly op: Op }>;

/** A program (or a piece of one): yields calls, receives their results. */
export type Gen<T = void> = Generator<Call | Descend, T, unknown>;

/**
 * "Run this generator as a sub-call." A Python frame hands its body to the
 * program's trampoline (`trampoline.ts`) instead of delegating with `yield*`,
 * so resuming a thread costs the same however deep its Python stack is.
 * Kernels never see it: the trampoline turns it into plain nesting.
 * A class, so that the trampoline tells it from a system call with
 * `instanceof` rather than by reading `op` off calls of every shape.
 */
export class Descend {
  readonly op = 'descend';
  constructor(readonly gen: Gen<unknown>) {}
}

/** What a kernel runs for a thread: yields only system calls. */
export type ProgramGen = Generator<Call, unknown, unknown>;

/** The environment a kernel hands to every thread it starts. */
export interface ThreadEnv {
  readonly pid: number;
  /** The parent's pid (a forked child reports what it inherited from it). */
  readonly ppid: number | null;
  readonly tid: number;
  /** The process's private memory, shared by its threads, copied by fork. */
  readonly memory: ProcessMemory;
  readonly config: RunConfig;
  /**
   * Events the thread records without a system call (they take no time).
   * The kernel appends them to the trace, in order and stamped with the
   * current time, before it performs the thread's next call or ends it.
   */
  readonly outbox: { event: EventBody; at: Loc }[];
  /**
   * False when the kernel keeps only the events a verdict needs: programs may
   * then skip building detailed events (memory views, pickle bytes).
   */
  readonly detailed: boolean;
}

/**
 * What a process holds privately. Plain data only: objects, arrays, Maps and
 * bytes (it is deep-copied on fork, and structured-cloned to a worker).
 */
export interface ProcessMemory {
  /** Python-visible state, by the library's own conventions (see mp/runtime.ts). */
  [key: string]: unknown;
}

/**
 * The run's fixed configuration, visible to every process (like
 * sys.platform): its settings but the seed, which is the scheduler's.
 */
export type RunConfig = Omit<RunSettings, 'seed'>;

export type ProgramFn = (env: ThreadEnv, ...args: never[]) => ProgramGen;

/** Every program a kernel can start, by name. */
export type ProgramTable = Readonly<Record<string, ProgramFn>>;

/**
 * A failed system call, thrown into the calling program. Deliberately not an
 * `Error`: EOF and friends are ordinary control flow here (a manager thread
 * ends on EOF), and capturing a JavaScript stack each time is costly.
 */
export class KernelError {
  constructor(
    /** errno-like code: EBADF, ENOENT, EPIPE, ECONNREFUSED, ECONNRESET, EOF. */
    readonly code: string,
    readonly message: string,
  ) {}
}

/**
 * Calls added for the forkserver, which receives file descriptors over a Unix
 * socket (SCM_RIGHTS) from the processes that ask it to fork.
 */
export type FdPassingCall =
  | { readonly op: 'sock.sendfds'; readonly handle: number; readonly fds: readonly number[] }
  | { readonly op: 'sock.recvfds'; readonly handle: number };
