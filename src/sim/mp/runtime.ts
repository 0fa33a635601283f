/**
 * The runtime every simulated Python thread runs on: its call stack (for
 * tracebacks and for stamping events with the current line), its process's
 * memory, and typed wrappers around the system calls.
 *
 * One `Py` exists per thread. Its process's memory (`PyMemory`) is shared by
 * the process's threads and copied by fork; everything thread-local (the call
 * stack, "am I spawning a child right now") lives on the `Py` itself, as it
 * lives in thread-local storage in CPython.
 */
import {
  Descend,
  type Call,
  type CostClass,
  type Gen,
  type Loc,
  type RunConfig,
  type Syscall,
  type SyscallResult,
  type ThreadEnv,
} from '../syscalls';
import type { EventBody, EventOf } from '../trace';
import {
  PyException,
  pyobject,
  type Frame,
  type PyObject,
  type PyValue,
  type PyGlobal,
} from '../python';
import { COMMAND_FILE, SCRIPT_FILE, STDLIB_DIR, stdlibLine } from '../cpython';
import { viewOf } from './views';

/** The script's text, and its lines by label, as frames and tracebacks need them. */
export interface ScriptSource {
  /** The whole script, one entry per line (line N is lines[N - 1]). */
  readonly lines: readonly string[];
  /** Line number of a label; throws on an unknown label (a bug in the program). */
  line(label: string): number;
  /** The stripped text of a line, as a traceback prints it. */
  text(line: number): string;
  /** The `def` line of a function. */
  defLine(func: string): number;
  readonly labels: Readonly<Record<string, number>>;
}

/** A Python function the model can call from plain data: `func(*args)`. */
export type PyFunction = (py: Py, args: PyValue[]) => Gen<PyValue>;

/**
 * `sys.modules['__main__']` as the library sees it: the user's script. The
 * library never imports the script; the run hands it over (see
 * `libraryPrograms` in programs.ts) and the library finds its functions by
 * name, as CPython's pickle finds `__main__.the_job`.
 */
export interface MainModule {
  readonly source: ScriptSource;
  /** Its functions by qualified name: Process targets, Pool tasks, initializers. */
  readonly functions: Readonly<Record<string, PyFunction>>;
  /** The module-level names it binds before `main()` runs (and again as `__mp_main__`). */
  readonly globals: Readonly<Record<string, PyValue>>;
  /** The module's body, run by MainProcess inside the `<module>` frame. */
  run(py: Py): Gen<void>;
}

/**
 * A `util.Finalize` registration: plain data (fork copies memory, and the
 * free kernel sends it between workers), so it names its callback (`kind`)
 * instead of holding it; util.ts keeps the callbacks by name.
 */
export interface Finalizer {
  readonly kind: string;
  /** Address of the object it belongs to. */
  readonly addr: number;
  readonly priority: number;
  /** Registration order (util._finalizer_counter). */
  readonly order: number;
}

/** A `util.register_after_fork(obj, func)` registration: plain data, like a Finalizer. */
export interface AfterForkRegistration {
  /** The name the hook was defined under (util.defineAfterForkHook). */
  readonly hook: string;
  readonly addr: number;
}

/** The library's own per-process state (CPython's module globals). */
export interface Runtime {
  /** Next `id()` to hand out. */
  nextAddr: number;
  /** threading._counter: names `Thread-N (target)`. Copied by fork, as in CPython. */
  threadCounter: number;
  /** multiprocessing.process._process_counter: the N of child names. Reset in each child. */
  processCounter: number;
  /** current_process()._identity, e.g. [] for MainProcess, [1] for its first child. */
  identity: number[];
  /** current_process().name */
  name: string;
  /** current_process()._config['authkey'], hex. */
  authkey: string;
  /**
   * The addresses of the Managers this process started (`manager._address`,
   * the str the server sent back): one object each, which every Token of that
   * Manager refers to, so one pickle writes it once (pickler-options.ts,
   * `sharedStrings`). A forked child inherits them with the memory. A spawned
   * child's proxies share their address only within the pickle they came in,
   * and no child here pickles a proxy again.
   */
  managerAddresses: string[];
  /** Per proxied manager address, then per thread name: the open connection handle (BaseProxy._tls). */
  proxyConnections: Map<string, Map<string, number>>;
  /** Exit-time finalizers, run by `exitFunction` (util._exit_function). */
  finalizers: Finalizer[];
  /** util._afterfork_registry: what a forked child runs first, in registration order. */
  afterForkers: AfterForkRegistration[];
  /** Children started and not yet joined (multiprocessing.process._children). */
  children: { pid: number; daemon: boolean }[];
  /** forkserver: the fds inherited from the server for this child (forkserver.get_inherited_fds()). */
  inheritedFds: number[];
  /** forkserver client state: address of its listener, once started. */
  forkserverAddress: string | null;
  /**
   * resource_tracker: whether this process knows a running tracker (it started
   * one, or inherited its descriptor from the parent that spawned or forked it).
   */
  resourceTracker: boolean;
  /** util.get_temp_dir(): `/tmp/pymp-XXXXXXXX`, made once and kept in `_config['tempdir']`. */
  tempdir: string | null;
  /** current_process()._inheriting: true while a spawned child unpickles its Process object. */
  inheriting: boolean;
  /** Manager requests this process has made so far (each proxy call is one round trip). */
  requestCount: number;
  /**
   * Whether `multiprocessing.managers` is in sys.modules: the script imported it to start
   * a Manager (a forked child inherits it); a fresh interpreter, the forkserver and the
   * server's children import it when they first unpickle something of it (reduction.ts).
   */
  managersImported: boolean;
}

export interface PyMemory {
  /**
   * The Python variables worth showing, by name: module globals and the
   * locals the scenario names. A Map: names come and go (setVar, delVar), and
   * deleting properties of an object makes V8 fall back to slow lookups.
   */
  vars: Map<string, PyValue>;
  rt: Runtime;
  /**
   * Objects by address, so that programs can pass references as plain numbers.
   * The tables keyed by run-specific names (addresses, manager addresses) are
   * Maps, not objects: an object gaining a new property name per run makes
   * V8 build new hidden classes and slow every access to it.
   */
  heap: Map<number, PyObject>;
  /** Library state that is not a Python value (a Pool's task queue, a result's waiters), by key. */
  native: Map<string, unknown>;
}

interface StackEntry {
  readonly file: string;
  readonly dir: string;
  readonly func: string;
  /** `file:func`, computed once. */
  readonly fn: string;
  line: number;
  text: string;
  readonly expr?: string;
  readonly more?: readonly string[];
}

type StackEntryLike = Omit<StackEntry, 'fn'>;

/** `file:func` strings, interned: a location is stamped on every system call. */
const FN_NAMES = new Map<string, Map<string, string>>();
function fnName(file: string, func: string): string {
  let byFunc = FN_NAMES.get(file);
  if (byFunc === undefined) FN_NAMES.set(file, (byFunc = new Map()));
  let name = byFunc.get(func);
  if (name === undefined) {
    name = `${file}:${func}`;
    byFunc.set(func, name);
  }
  return name;
}

/**
 * Stack entries of stdlib frames, per Python version, then by function
 * (a handful of files share a function name). Only script frames move
 * (`Py.at`), so one entry serves every push of a stdlib frame, in every
 * thread: frames are pushed on most system calls.
 */
type StdlibEntries = Map<string, StackEntry[]>;
const STDLIB_ENTRIES = new Map<string, StdlibEntries>();

function stdlibEntries(python: RunConfig['python']): StdlibEntries {
  let entries = STDLIB_ENTRIES.get(python);
  if (entries === undefined) STDLIB_ENTRIES.set(python, (entries = new Map()));
  return entries;
}

/**
 * The name a traceback gives a stdlib function: its key in stdlib-lines.ts
 * may add `Class.` (one of two methods of a name) or `#which` (one of its lines).
 */
function displayName(func: string): string {
  return func.slice(func.lastIndexOf('.') + 1).replace(/#.*$/, '');
}

function stdlibEntry(
  entries: StdlibEntries,
  python: RunConfig['python'],
  file: string,
  func: string,
): StackEntry {
  let sameName = entries.get(func);
  if (sameName === undefined) entries.set(func, (sameName = []));
  for (let i = 0; i < sameName.length; i++) if (sameName[i]!.file === file) return sameName[i]!;
  const known = stdlibLine(python, file, func);
  const shown = displayName(func);
  const entry: StackEntry = Object.freeze({
    file,
    dir: STDLIB_DIR,
    func: shown,
    fn: fnName(file, shown),
    line: known?.line ?? 0,
    text: known?.text ?? '',
    ...(known?.expr !== undefined ? { expr: known.expr } : {}),
    ...(known?.more !== undefined ? { more: known.more } : {}),
  });
  sameName.push(entry);
  return entry;
}

export function newRuntime(name: string, authkey: string, addrBase: number): Runtime {
  return {
    nextAddr: addrBase,
    threadCounter: 0,
    processCounter: 0,
    identity: [],
    name,
    authkey,
    managerAddresses: [],
    proxyConnections: new Map(),
    finalizers: [],
    afterForkers: [],
    children: [],
    inheritedFds: [],
    forkserverAddress: null,
    resourceTracker: false,
    tempdir: null,
    inheriting: false,
    requestCount: 0,
    managersImported: false,
  };
}

export class Py {
  readonly env: ThreadEnv;
  readonly stack: StackEntry[] = [];
  threadName: string;
  /** Set while this thread pickles a Process object for a child being spawned (popen.set_spawning_popen). */
  spawning: SpawningPopen | null = null;
  /** The user's script, `__main__`. */
  readonly main: MainModule;

  /** This Python version's stdlib stack entries. */
  private readonly stdlib: StdlibEntries;

  constructor(env: ThreadEnv, threadName: string, main: MainModule) {
    this.env = env;
    this.threadName = threadName;
    this.main = main;
    this.stdlib = stdlibEntries(env.config.python);
  }

  get script(): ScriptSource {
    return this.main.source;
  }

  get mem(): PyMemory {
    return this.env.memory as unknown as PyMemory;
  }

  get rt(): Runtime {
    return this.mem.rt;
  }

  get config(): RunConfig {
    return this.env.config;
  }

  get pid(): number {
    return this.env.pid;
  }

  // ── the call stack ────────────────────────────────────────────────────────

  /** Cached `loc()`; every push, pop and line change clears it. */
  private where: Loc | null = null;

  /** Where this thread is: the innermost script line and the innermost function. */
  loc(): Loc {
    if (this.where !== null) return this.where;
    let line: number | null = null;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i]!;
      if (f.file === SCRIPT_FILE) {
        line = f.line;
        break;
      }
    }
    const top = this.stack[this.stack.length - 1];
    this.where = { line, fn: top ? top.fn : null };
    return this.where;
  }

  /**
   * Runs `body` inside a Python frame. A PyException leaving the frame gets
   * this frame put in front of its traceback, as CPython's traceback grows
   * while an exception propagates outwards.
   *
   * `body` should call a named generator function (`() => sendBody(py, x)`):
   * V8 gives every new `function* () {}` closure its own prototype and map
   * on its first call, which made each frame many times slower to enter.
   */
  *frame<T>(file: string, func: string, body: () => Gen<T>, line?: number): Gen<T> {
    const entry =
      file !== SCRIPT_FILE && line === undefined
        ? stdlibEntry(this.stdlib, this.config.python, file, func)
        : this.newEntry(file, func, line);
    this.stack.push(entry);
    this.where = null;
    try {
      // The body runs as a sub-call of the program's trampoline (see trampoline.ts).
      return (yield new Descend(body())) as T;
    } catch (error) {
      if (error instanceof PyException) {
        const frame = this.frameOf(entry);
        // The frame it is raised in: its carets mark what raised (PyException.raisedAt).
        const first = error.frames.length === 0 && error.raisedAt !== undefined;
        error.frames.unshift(first ? { ...frame, expr: error.raisedAt! } : frame);
      }
      throw error;
    } finally {
      this.stack.pop();
      this.where = null;
    }
  }

  private newEntry(file: string, func: string, line: number | undefined): StackEntry {
    const known = file === SCRIPT_FILE ? null : stdlibLine(this.config.python, file, func);
    const entry: StackEntry = {
      file,
      dir: file === SCRIPT_FILE || file === COMMAND_FILE ? '' : STDLIB_DIR,
      func,
      fn: fnName(file, func),
      line: line ?? known?.line ?? 0,
      text: known?.text ?? '',
      ...(known?.expr !== undefined ? { expr: known.expr } : {}),
      ...(known?.more !== undefined ? { more: known.more } : {}),
    };
    if (file === SCRIPT_FILE && line !== undefined) entry.text = this.script.text(line);
    return entry;
  }

  /** A script function: its frame, with `call`/`return` events for the timeline. */
  *scriptCall<T>(func: string, args: string, body: () => Gen<T>): Gen<T> {
    const line = this.script.defLine(func);
    return yield* this.frame(SCRIPT_FILE, func, () => this.scriptBody(func, args, body), line);
  }

  // A generator method, not a `function* () {}` closure: V8 gives every new
  // generator closure its own prototype and map when it is first called,
  // which made each frame many times slower to enter.
  private *scriptBody<T>(func: string, args: string, body: () => Gen<T>): Gen<T> {
    this.emit({ kind: 'call', func, args });
    const result = yield* body();
    this.emit({ kind: 'return', func });
    return result;
  }

  /** Moves the current script frame to the line labelled `label` in the scenario's source. */
  at(label: string): void {
    const line = this.script.line(label);
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i]!;
      if (f.file === SCRIPT_FILE) {
        if (f.line !== line) {
          f.line = line;
          f.text = this.script.text(line);
          this.where = null;
        }
        return;
      }
    }
  }

  /** The exception was caught in the current frame: CPython's traceback includes that frame. */
  caught(error: PyException): void {
    const top = this.stack[this.stack.length - 1];
    if (top) error.frames.unshift(this.frameOf(top));
  }

  /** Frames for an exception raised right here, inside `func` of `file` (synchronous code). */
  frameOf(entry: StackEntryLike): Frame {
    return {
      file: entry.file,
      dir: entry.dir,
      func: entry.func,
      line: entry.line,
      text: entry.text,
      ...(entry.expr !== undefined ? { expr: entry.expr } : {}),
      ...(entry.more !== undefined ? { more: entry.more } : {}),
      pid: this.pid,
      thread: this.threadName,
    };
  }

  /** A frame of stdlib code that raises synchronously (inside the pickler, say). */
  stdlibFrame(file: string, func: string): Frame {
    const known = stdlibLine(this.config.python, file, func);
    return this.frameOf({
      ...known,
      file,
      dir: STDLIB_DIR,
      func: displayName(func),
      line: known?.line ?? 0,
      text: known?.text ?? '',
    });
  }

  // ── system calls ──────────────────────────────────────────────────────────

  /** Makes one system call; what it returns is the op's `SyscallResult`. */
  *sys<C extends Syscall>(call: C): Gen<SyscallResult[C['op']]> {
    // The call object is fresh (built by the caller), so stamping it in place is safe.
    (call as { at?: Loc }).at = this.loc();
    return (yield call as Call) as SyscallResult[C['op']];
  }

  /**
   * Records an event at this thread's current place. It costs no time and is
   * not a scheduling point: the kernel appends it to the trace before the
   * thread's next system call.
   */
  emit(event: EventBody): void {
    this.env.outbox.push({ event, at: this.loc() });
  }

  /**
   * An `exception` event for `error` at `phase`, with its notes when it has any
   * (3.14's pickler), and the traceback's `lines` when this thread formats it.
   */
  emitException(
    phase: EventOf<'exception'>['phase'],
    error: PyException,
    lines?: readonly string[],
  ): void {
    this.emit({
      kind: 'exception',
      phase,
      error: error.text,
      frames: error.frames.map((f) => `${f.file}:${f.func}`),
      ...(error.notes.length > 0 ? { notes: [...error.notes] } : {}),
      ...(lines !== undefined ? { lines: [...lines] } : {}),
    });
  }

  // Wrappers of one system call return `sys()`'s generator rather than being
  // generators themselves: one generator less to make and resume per call.
  cpu(cost: CostClass, units = 1): Gen<void> {
    return this.sys({ op: 'cpu', cost, units });
  }

  print(text: string, stream: 'stdout' | 'stderr' = 'stdout'): Gen<void> {
    return this.sys({ op: 'print', stream, text });
  }

  // ── memory ────────────────────────────────────────────────────────────────

  /** A new Python object with its own `id()`. */
  newObject(cls: PyGlobal, dict: Record<string, PyValue> = {}): PyObject {
    const addr = this.rt.nextAddr;
    // Objects of different sizes leave different gaps, as CPython's allocator does.
    this.rt.nextAddr += 0x30 + 0x10 * (addr % 3);
    return pyobject(cls, addr, dict);
  }

  /**
   * Makes an object findable by address (`mem.heap`): the objects that
   * threads, children and finalizers reach by reference (a Process, a Queue
   * with a feeder, a Pool, a Manager and its proxies, a generator).
   */
  register<T extends PyObject>(obj: T): T {
    this.mem.heap.set(obj.addr, obj);
    return obj;
  }

  /** Binds a name the learner should see in this process's memory. */
  setVar(name: string, value: PyValue): void {
    this.mem.vars.set(name, value);
    if (!this.env.detailed) return;
    this.emit({ kind: 'var.set', name, value: viewOf(value) });
  }

  delVar(name: string): void {
    if (!this.mem.vars.delete(name)) return;
    if (!this.env.detailed) return;
    this.emit({ kind: 'var.set', name, value: null });
  }
}

/** What a Popen that is spawning a child exposes to reducers (context.get_spawning_popen()). */
export interface SpawningPopen {
  readonly method: 'spawn' | 'forkserver';
  readonly childPid: number | null;
  /** Handles to hand to the child: fd numbers (POSIX spawn), indices (forkserver). */
  readonly fds: number[];
  /** Windows: DuplicateHandle into the child now; returns the child's handle value. */
  duplicateForChild(handle: number): number;
}
