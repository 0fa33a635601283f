/**
 * The trace: the contract between the engines (model kernel, worker kernel)
 * and everything that shows a run (the UI, the command line, exports).
 *
 * A trace is a header plus an ordered list of events. Every event says which
 * process and thread did it, at which line of the Python script (or which
 * stdlib function), and when in virtual time. Events are plain JSON: no
 * classes, no typed arrays (bytes travel as hex strings), so a trace can be
 * written to a file, posted to a worker or compared byte for byte.
 *
 * The state shown at step N is a fold of events 0..N (see `fold.ts`); no event
 * needs anything but the state before it.
 *
 * Versioning: bump TRACE_VERSION on any change that an existing reader could
 * misread (a renamed field, a changed meaning). Adding a new event kind or an
 * optional field is a minor change and keeps the version. The documentation of
 * every event lives in docs/trace.md; keep the two in step.
 */

import type { ScenarioDocument } from './scenario-format';

export const TRACE_VERSION = 1;

/** Where in the Python program an event happened. */
export interface Where {
  /** Position of the event in the trace, from 0. */
  readonly seq: number;
  /** Virtual time in microseconds since the script started. */
  readonly t: number;
  readonly pid: number;
  /** Kernel-wide thread id (unique in a run, never reused). */
  readonly tid: number;
  /** The thread's Python name: `MainThread`, `Thread-2 (_handle_tasks)`, `QueueFeederThread`. */
  readonly thread: string;
  /** Line of the scenario script the thread is on, or null while it runs only stdlib code. */
  readonly line: number | null;
  /** The innermost Python function, as `file.py:function` (`pool.py:_handle_tasks`). */
  readonly fn: string | null;
}

export type StartMethod = 'fork' | 'spawn' | 'forkserver';
export type Platform = 'linux' | 'macos' | 'windows';
export type PythonVersion = '3.11' | '3.12' | '3.13' | '3.14';
export type PoolCall = 'map' | 'imap';
export type Verdict = 'successful' | 'fails' | 'raised';

/** How a process came to be. `main` is the script's own interpreter. */
export type Birth = 'main' | 'fork' | 'spawn' | 'forkserver';

/** How a handle entered a process's handle table. */
export type HandleOrigin =
  | 'created' // the process made the object (sem_open O_CREAT, pipe(), socket())
  | 'inherited' // copied with the whole table by fork()
  | 'passed' // kept by number across exec (spawnv_passfds) or sent over a socket (forkserver)
  | 'duplicated' // DuplicateHandle() into this process (Windows)
  | 'opened' // sem_open() by name (POSIX spawn/forkserver)
  | 'accepted' // accept() on a listener
  | 'connected'; // connect() to a listener

export type KernelObjectKind = 'semaphore' | 'pipe' | 'socket' | 'listener';

/**
 * The Python object a kernel object belongs to (`kobj.create`'s `owner`), as
 * CPython names it: the class, or the Pool attribute, whose code made the
 * system call. The library says so as it makes the call; nothing reads it
 * back out of the label, which is display text.
 */
export type ObjectOwner =
  | 'Lock' // multiprocessing.Lock: its _semlock
  | 'BoundedSemaphore' // multiprocessing.BoundedSemaphore: its _semlock
  | 'RLock' // multiprocessing.RLock: its _semlock (a scenario document's lock)
  | 'Semaphore' // multiprocessing.Semaphore: its _semlock (a scenario document's lock)
  | 'SimpleQueue' // the script's own multiprocessing.SimpleQueue: pipe, _rlock, _wlock
  | 'Queue' // multiprocessing.Queue: pipe, _rlock, _wlock, _sem; _notempty (private)
  | 'Pipe' // the script's own multiprocessing.Pipe(); also what hand-written test programs make
  | 'Pool._inqueue' // the Pool's three SimpleQueues: pipe, _rlock, _wlock each
  | 'Pool._outqueue'
  | 'Pool._change_notifier'
  | 'Pool' // _taskqueue (private)
  | 'MapResult' // _event (private)
  | 'IMapIterator' // _cond (private)
  | 'IMapUnorderedIterator' // _cond (private)
  | 'ApplyResult' // _event (private): apply_async's
  | 'Popen' // a child process's start: sentinel, parent_sentinel, data pipe
  | 'BaseManager' // address pipe; the connection of each server call (create, incref…)
  | 'BaseProxy' // a proxy's own connection to the manager
  | 'Server' // the manager process's listener; stop_event (private)
  | 'threading.Lock' // a manager's referent (Server.create): lock (private)
  | 'queue.Queue' // a manager's referent (Server.create): not_empty (private)
  | 'threading.RLock' // a manager's referents for a document's lock (manager-locks.ts): lock (private)
  | 'threading.Semaphore'
  | 'threading.BoundedSemaphore'
  | 'ForkServer' // listener, alive pipe, and each connection a parent makes to it
  | 'ResourceTracker'; // its pipe

/**
 * The part a kernel object plays in its owner (`kobj.create`'s `role`): the
 * CPython attribute that holds it where there is one (`_rlock`, `sentinel`),
 * otherwise a plain name for it (`data pipe`: the pipe a spawned child reads
 * its preparation data from, CPython's `pipe_handle`).
 */
export type ObjectRole =
  | '_semlock'
  | 'pipe'
  | '_rlock'
  | '_wlock'
  | '_sem'
  | '_notempty'
  | '_taskqueue'
  | '_event'
  | '_cond'
  | 'sentinel' // Popen.sentinel: readable (EOF) once the child has exited
  | 'parent_sentinel' // the child's end: EOF once the parent has exited
  | 'data pipe'
  | 'listener'
  | 'address pipe' // BaseManager.start(): the server sends its address back through it
  | 'connection'
  | 'stop_event'
  | 'alive pipe' // ForkServer: EOF tells the server its parent has gone
  | 'lock'
  | 'not_empty';

/** Whose a new kernel object is: what the library passes with the call that makes it. */
export interface ObjectOwnership {
  readonly owner: ObjectOwner;
  readonly role: ObjectRole;
  /** A Popen's pipes: the name of the child process they are for. */
  readonly process?: string;
}

/** A short, JSON-safe view of a Python value for the memory panel. */
export interface ValueView {
  /** `type(v).__name__`: `Lock`, `Queue`, `AcquirerProxy`, `Pool`, `tuple`... */
  readonly type: string;
  /** A short repr, e.g. `<Lock(owner=None)>` or `(3, <Lock>, <Queue>)`. */
  readonly repr: string;
  /** Handle numbers of this process that the value holds (to draw lines). */
  readonly handles: readonly number[];
}

export type TraceEvent = Where & EventBody;

/**
 * What the processes multiprocessing starts for its own use run (a
 * `process.start`'s `runs`): the fork server, which forks the children of
 * the forkserver start method, and the resource tracker, which unlinks
 * semaphore names at the end. They are not the script's children: they
 * never hold the script's Lock or Queue.
 */
const LIBRARY_HELPERS: ReadonlySet<string> = new Set(['forkserver.main', 'resource_tracker.main']);

/** Whether a started process is one of multiprocessing's own helpers (see LIBRARY_HELPERS). */
export function isLibraryHelper(start: { readonly runs: string }): boolean {
  return LIBRARY_HELPERS.has(start.runs);
}

export type EventBody =
  // ── processes and threads ────────────────────────────────────────────────
  | {
      readonly kind: 'process.start';
      readonly name: string;
      readonly ppid: number | null;
      readonly birth: Birth;
      /** What the process runs, e.g. `pool.worker`, `managers.Server.serve_forever`, `__main__`. */
      readonly runs: string;
    }
  | { readonly kind: 'process.rename'; readonly name: string }
  | { readonly kind: 'process.exit'; readonly code: number }
  | {
      /** fork(): the child received a copy of the parent's memory (these variables). */
      readonly kind: 'memory.copy';
      readonly from: number;
      readonly vars: readonly string[];
    }
  | { readonly kind: 'thread.start'; readonly newTid: number; readonly name: string }
  | { readonly kind: 'thread.rename'; readonly name: string }
  | { readonly kind: 'thread.exit' }
  // ── kernel objects and handle tables ─────────────────────────────────────
  | {
      readonly kind: 'kobj.create';
      readonly obj: number;
      readonly objKind: KernelObjectKind;
      /** Display text: `Queue._rlock /mp-k3v2dq`, `sentinel of Process-1`, `manager listener /tmp/…`. */
      readonly label: string;
      /** The Python object it belongs to (see ObjectOwner). */
      readonly owner: ObjectOwner;
      /** Its part in that object (see ObjectRole). */
      readonly role: ObjectRole;
      /** A Popen's pipes: the child process they are for (its name). */
      readonly process?: string;
      /** A listener, and a socket connected to one: the listener's address. */
      readonly address?: string;
      readonly value?: number;
      readonly max?: number;
      /** POSIX name of a semaphore (null once unlinked, as fork contexts do at once). */
      readonly name?: string | null;
      /** A threading lock inside one process (not shared, drawn inside the process card). */
      readonly private?: boolean;
    }
  | { readonly kind: 'kobj.unlink'; readonly obj: number }
  /** The last handle to the object was closed: the kernel forgets it. */
  | { readonly kind: 'kobj.free'; readonly obj: number }
  | {
      readonly kind: 'handle.add';
      readonly handle: number;
      readonly obj: number;
      readonly origin: HandleOrigin;
      /** For inherited/duplicated/passed: the number in the process it came from. */
      readonly fromPid?: number;
      readonly fromHandle?: number;
    }
  | { readonly kind: 'handle.close'; readonly handle: number; readonly obj: number }
  // ── semaphores (locks are semaphores) ────────────────────────────────────
  | {
      readonly kind: 'sem.acquire';
      readonly obj: number;
      readonly handle: number;
      /** Count after the acquire. */
      readonly value: number;
      /** True when the thread had to wait first (it was woken by a release). */
      readonly waited: boolean;
    }
  | { readonly kind: 'sem.block'; readonly obj: number; readonly handle: number }
  | { readonly kind: 'sem.timeout'; readonly obj: number; readonly handle: number }
  | { readonly kind: 'sem.try-failed'; readonly obj: number; readonly handle: number }
  | {
      readonly kind: 'sem.release';
      readonly obj: number;
      readonly handle: number;
      readonly value: number;
      /** The thread this release hands the semaphore to, if one was waiting. */
      readonly wakes: number | null;
    }
  // ── pipes and sockets: real bytes ────────────────────────────────────────
  | {
      readonly kind: 'pipe.write';
      readonly obj: number;
      readonly handle: number;
      /** The bytes written: 4-byte big-endian length header + payload, in hex. */
      readonly hex: string;
      readonly size: number;
      /** Bytes now waiting in this direction of the pipe. */
      readonly buffered: number;
    }
  | {
      readonly kind: 'pipe.block';
      readonly obj: number;
      readonly handle: number;
      readonly op: 'read' | 'write';
    }
  | {
      readonly kind: 'pipe.read';
      readonly obj: number;
      readonly handle: number;
      readonly size: number;
      readonly buffered: number;
    }
  | {
      readonly kind: 'pipe.eof';
      readonly obj: number;
      readonly handle: number;
      /** The peer closed with messages unread: the read fails with ECONNRESET, not EOF. */
      readonly reset?: true;
    }
  // ── pickling ─────────────────────────────────────────────────────────────
  | {
      readonly kind: 'pickle.start';
      /** What is being pickled: `task 3`, `result of task 3`, `Process object SpawnPoolWorker-1`... */
      readonly what: string;
      /** True while a child is being spawned (`assert_spawning` passes). */
      readonly spawning: boolean;
    }
  | {
      readonly kind: 'pickle.done';
      readonly what: string;
      readonly hex: string;
      readonly size: number;
    }
  | {
      readonly kind: 'pickle.refused';
      readonly what: string;
      readonly error: string;
      /**
       * The pickler's buffer when it gave up: never sent (CPython throws it away;
       * nothing reaches the pipe). Show it labelled as such, or not at all.
       */
      readonly partialHex: string;
    }
  | { readonly kind: 'unpickle'; readonly what: string; readonly size: number }
  // ── managers ─────────────────────────────────────────────────────────────
  | {
      readonly kind: 'proxy.request';
      /** Address of the manager's listener. */
      readonly address: string;
      /** The referent's id in the manager, or null for the server's own methods (create, incref...). */
      readonly id: string | null;
      readonly method: string;
      /** Running count of requests this run (the cost of a Manager, counted). */
      readonly count: number;
    }
  | {
      readonly kind: 'proxy.response';
      readonly address: string;
      readonly method: string;
      readonly ok: boolean;
    }
  // ── the Python program ───────────────────────────────────────────────────
  | { readonly kind: 'var.set'; readonly name: string; readonly value: ValueView | null }
  | { readonly kind: 'call'; readonly func: string; readonly args: string }
  | { readonly kind: 'return'; readonly func: string }
  | { readonly kind: 'print'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly kind: 'sleep'; readonly seconds: number }
  | {
      readonly kind: 'exception';
      /** raised: first raised here; stored: kept on a result object; reraised: raised again in another thread. */
      readonly phase: 'raised' | 'stored' | 'reraised' | 'printed';
      readonly error: string;
      readonly frames: readonly string[];
      /**
       * The exception's notes, printed one per line after `error`: 3.14's
       * pickler says where it was ("when serializing tuple item 1"). Absent
       * when there are none.
       */
      readonly notes?: readonly string[];
      /**
       * The traceback as the raising thread formats it, when it does (a Pool
       * worker formats the job's exception for the parent: the text its
       * ExceptionWithTraceback carries), line by line. Absent otherwise.
       */
      readonly lines?: readonly string[];
    }
  | { readonly kind: 'note'; readonly text: string }
  | {
      readonly kind: 'verdict';
      readonly verdict: Verdict | 'hang';
      readonly result: readonly number[] | null;
    };

export type EventKind = EventBody['kind'];

/** The event of one kind, narrowed: what a per-kind table's entry receives. */
export type EventOf<K extends EventKind> = Extract<TraceEvent, { readonly kind: K }>;

/** What a reader of any trace may rely on about a kind of event. */
export interface EventKindFacts {
  /** The thread that did it is blocked after it (until its next event). */
  readonly blocks: boolean;
  /**
   * It changes no thread's course: the kernel's or the library's bookkeeping
   * (handles closed as a process is killed, a variable bound), never a wake-up.
   */
  readonly bookkeeping: boolean;
}

/** One entry per kind of event, in the order of EventBody: a new kind must fill one in. */
export const EVENT_KINDS = {
  'process.start': { blocks: false, bookkeeping: false },
  'process.rename': { blocks: false, bookkeeping: true },
  'process.exit': { blocks: false, bookkeeping: false },
  'memory.copy': { blocks: false, bookkeeping: true },
  'thread.start': { blocks: false, bookkeeping: false },
  'thread.rename': { blocks: false, bookkeeping: true },
  'thread.exit': { blocks: false, bookkeeping: false },
  'kobj.create': { blocks: false, bookkeeping: true },
  'kobj.unlink': { blocks: false, bookkeeping: true },
  'kobj.free': { blocks: false, bookkeeping: true },
  'handle.add': { blocks: false, bookkeeping: true },
  'handle.close': { blocks: false, bookkeeping: true },
  'sem.acquire': { blocks: false, bookkeeping: false },
  'sem.block': { blocks: true, bookkeeping: false },
  'sem.timeout': { blocks: false, bookkeeping: false },
  'sem.try-failed': { blocks: false, bookkeeping: false },
  'sem.release': { blocks: false, bookkeeping: false },
  'pipe.write': { blocks: false, bookkeeping: false },
  'pipe.block': { blocks: true, bookkeeping: false },
  'pipe.read': { blocks: false, bookkeeping: false },
  'pipe.eof': { blocks: false, bookkeeping: false },
  'pickle.start': { blocks: false, bookkeeping: false },
  'pickle.done': { blocks: false, bookkeeping: false },
  'pickle.refused': { blocks: false, bookkeeping: false },
  unpickle: { blocks: false, bookkeeping: false },
  'proxy.request': { blocks: false, bookkeeping: false },
  'proxy.response': { blocks: false, bookkeeping: false },
  'var.set': { blocks: false, bookkeeping: true },
  call: { blocks: false, bookkeeping: false },
  return: { blocks: false, bookkeeping: false },
  print: { blocks: false, bookkeeping: false },
  sleep: { blocks: false, bookkeeping: false },
  exception: { blocks: false, bookkeeping: false },
  note: { blocks: false, bookkeeping: false },
  verdict: { blocks: false, bookkeeping: false },
} as const satisfies Record<EventKind, EventKindFacts>;

/**
 * The settings of a run: with the engine, they decide its trace. Defined
 * here once; RunConfig, RunOptions, RunResult, the engine's and the page's
 * options and the command line's derive from it (their defaults are
 * RUN_DEFAULTS, in settings.ts).
 */
export interface RunSettings {
  /** The seed's scenario (1..6), or the number of the `document`'s, when there is one. */
  readonly scenario: number;
  /**
   * A composed scenario (docs/scenario-format.md); absent for the seed's six,
   * which `scenario` names. When present it is the scenario that runs.
   */
  readonly document?: ScenarioDocument;
  readonly startMethod: StartMethod;
  readonly platform: Platform;
  readonly python: PythonVersion;
  readonly call: PoolCall;
  /** The model kernel's scheduling seed (free runs have none: 0). */
  readonly seed: number;
}

export interface TraceHeader extends RunSettings {
  readonly version: typeof TRACE_VERSION;
  /** Which engine recorded it. */
  readonly engine: 'model' | 'workers-lockstep' | 'workers-free';
}

export interface Trace {
  readonly header: TraceHeader;
  readonly events: readonly TraceEvent[];
}

export { hex, unhex } from './bytes';
