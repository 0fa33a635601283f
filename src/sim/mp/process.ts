/**
 * multiprocessing.Process and the three ways a child is born.
 *
 * - fork (popen_fork): os.fork() copies the parent's memory and its whole
 *   handle table; the child calls `process_obj._bootstrap()` on its copy.
 *   Arguments are *inherited*: nothing is pickled.
 * - spawn (popen_spawn_posix / popen_spawn_win32): a new, empty interpreter.
 *   The parent pickles the preparation data and the Process object (with its
 *   target and args) *while spawning*, so `assert_spawning` lets Locks and
 *   Queues through; POSIX passes the needed descriptors by number and the
 *   child reopens semaphores by name; Windows duplicates each handle into the
 *   child. The child unpickles, imports the main module as `__mp_main__`, and
 *   bootstraps.
 * - forkserver (popen_forkserver): the parent pickles as for spawn, sends the
 *   descriptors over a Unix socket to a server process started once (which
 *   has imported `__main__` already), the server forks a child, and the child
 *   unpickles the data the parent writes to it.
 */
import { PyException, formatTraceback } from '../python/exceptions';
import {
  dict,
  global,
  tuple,
  isDict,
  isObject,
  type PyObject,
  type PyValue,
  type PyTuple,
  type PyGlobal,
} from '../python/values';
import type { Gen } from '../syscalls';
import { C, isA } from './classes';
import { toPython } from './connection';
import { callFunction, defineMainModule } from './functions';
import { forkingDumps, forkingLoads } from './reduction';
import type { Py, SpawningPopen } from './runtime';
import { runFinalizers } from './util';
import { queueAfterFork } from './queues';
import { increfProxy } from './managers';
import { ensureResourceTracker } from './resource-tracker';
import { launchForkserver } from './forkserver';

export interface ProcessOptions {
  readonly target: PyGlobal | PyObject;
  readonly args: PyValue[];
  readonly name?: string;
  readonly daemon?: boolean;
  /**
   * `mp.Process` (the default context's class, `multiprocessing.context.Process`,
   * named `Process-N`) rather than the start method's own class (`ctx.Process`,
   * which a Pool and a Manager use: `ForkProcess-N`, `SpawnProcess-N`...).
   */
  readonly defaultContext?: boolean;
}

function processClass(py: Py, defaultContext: boolean): PyGlobal {
  if (defaultContext) return C.Process;
  switch (py.config.startMethod) {
    case 'fork':
      return C.ForkProcess;
    case 'spawn':
      return C.SpawnProcess;
    case 'forkserver':
      return C.ForkServerProcess;
  }
}

/** `ctx.Process(target=..., args=...)`: only builds the object (BaseProcess.__init__). */
export function newProcess(py: Py, options: ProcessOptions): PyObject {
  py.rt.processCounter += 1;
  const identity = [...py.rt.identity, py.rt.processCounter];
  const cls = processClass(py, options.defaultContext === true);
  const authkey = py.newObject(C.AuthenticationString, { bytes: authkeyBytes(py.rt.authkey) });
  // A copy of current_process()._config: authkey, semprefix, then tempdir once made.
  const config = dict([
    ['authkey', authkey],
    ['semprefix', '/mp'],
  ]);
  if (py.rt.tempdir !== null) config.entries.push(['tempdir', py.rt.tempdir]);
  if (options.daemon) config.entries.push(['daemon', true]);
  return py.register(
    py.newObject(cls, {
      _identity: tuple(...identity),
      _config: config,
      _parent_pid: py.pid,
      _parent_name: py.rt.name,
      _popen: null,
      _closed: false,
      _target: options.target,
      _args: tuple(...options.args),
      _kwargs: dict(),
      // BaseProcess.__init__ sets _name after _kwargs: the pickled __dict__ keeps that order.
      _name: options.name ?? `${cls.qualname}-${identity.join(':')}`,
    }),
  );
}

export function processName(proc: PyObject): string {
  return proc.dict['_name'] as string;
}

export function processPid(proc: PyObject): number | null {
  const popen = proc.dict['_popen'];
  return isObject(popen) ? (popen.dict['pid'] as number) : null;
}

/** Process.start() */
export function* start(py: Py, proc: PyObject): Gen<void> {
  yield* py.frame('process.py', 'start', () => startBody(py, proc));
}

function* startBody(py: Py, proc: PyObject): Gen<void> {
  let pid: number;
  switch (py.config.startMethod) {
    case 'fork':
      pid = yield* py.frame('popen_fork.py', '_launch', () => launchFork(py, proc));
      break;
    case 'spawn':
      pid =
        py.config.platform === 'windows'
          ? yield* py.frame('popen_spawn_win32.py', '__init__', () => launchSpawnWindows(py, proc))
          : yield* py.frame('popen_spawn_posix.py', '_launch', () => launchSpawnPosix(py, proc));
      break;
    case 'forkserver':
      pid = yield* py.frame('popen_forkserver.py', '_launch', () => launchForkserver(py, proc));
      break;
  }
  proc.dict['_popen'] = py.newObject(popenClass(py), { pid, returncode: null });
  // start() drops its references to target and args (bpo-30775).
  delete proc.dict['_target'];
  delete proc.dict['_args'];
  delete proc.dict['_kwargs'];
  py.rt.children.push({ pid, daemon: isDaemon(proc) });
}

function popenClass(py: Py): PyGlobal {
  const module =
    py.config.startMethod === 'fork'
      ? 'multiprocessing.popen_fork'
      : py.config.startMethod === 'forkserver'
        ? 'multiprocessing.popen_forkserver'
        : py.config.platform === 'windows'
          ? 'multiprocessing.popen_spawn_win32'
          : 'multiprocessing.popen_spawn_posix';
  return { t: 'global', module, qualname: 'Popen' };
}

function* launchFork(py: Py, proc: PyObject): Gen<number> {
  const [parentR, childW] = yield* py.sys<[number, number]>({
    op: 'pipe.create',
    duplex: false,
    label: `sentinel of ${processName(proc)}`,
  });
  const [childR, parentW] = yield* py.sys<[number, number]>({
    op: 'pipe.create',
    duplex: false,
    label: `parent sentinel for ${processName(proc)}`,
  });
  const pid = yield* py.sys<number>({
    op: 'proc.fork',
    name: processName(proc),
    main: { program: 'process.fork_child', args: [proc.addr, parentR, parentW] },
    birth: 'fork',
  });
  yield* py.sys({ op: 'close', handle: childW });
  yield* py.sys({ op: 'close', handle: childR });
  proc.dict['__model_sentinels'] = tuple(parentR, parentW);
  return pid;
}

/** The forked child: closes the parent's ends, runs the after-fork hooks, bootstraps. */
/** A forked child first notes what it inherited: a copy of its parent's memory. */
export function noteMemoryCopy(py: Py): void {
  py.emit({ kind: 'memory.copy', from: py.env.ppid ?? 0, vars: [...py.mem.vars.keys()] });
}

export function* forkChild(py: Py, procAddr: number, parentR: number, parentW: number): Gen<void> {
  noteMemoryCopy(py);
  yield* py.sys({ op: 'close', handle: parentR });
  yield* py.sys({ op: 'close', handle: parentW });
  const proc = py.mem.heap.get(procAddr)!;
  yield* bootstrap(py, proc, true);
}

/** get_preparation_data(name): what a spawned child needs before it can unpickle the Process. */
export function preparationData(py: Py, name: string): PyValue {
  return dict([
    ['log_to_stderr', false],
    // current_process().authkey is an AuthenticationString: it pickles through its
    // __reduce__ (allowed only while spawning), not as plain bytes.
    ['authkey', py.newObject(C.AuthenticationString, { bytes: authkeyBytes(py.rt.authkey) })],
    ['name', name],
    ['sys_path', { t: 'list', items: ['/home/learner', '/usr/lib/python' + py.config.python] }],
    ['sys_argv', { t: 'list', items: ['scenarios.py'] }],
    ['orig_dir', '/home/learner'],
    ['dir', '/home/learner'],
    ['start_method', py.config.startMethod],
    ['init_main_from_path', '/home/learner/scenarios.py'],
  ]);
}

/** Pickles prep data and the Process object with `popen` as the spawning Popen. */
export function* pickleForChild(
  py: Py,
  proc: PyObject,
  popen: SpawningPopen,
): Gen<[Uint8Array, Uint8Array]> {
  py.spawning = popen;
  try {
    const prep = yield* forkingDumps(
      py,
      preparationData(py, processName(proc)),
      `preparation data for ${processName(proc)}`,
    );
    const obj = yield* forkingDumps(py, proc, `Process object ${processName(proc)}`);
    return [prep, obj];
  } finally {
    py.spawning = null;
  }
}

function* launchSpawnPosix(py: Py, proc: PyObject): Gen<number> {
  // tracker_fd = resource_tracker.getfd(): starts the tracker if need be.
  yield* ensureResourceTracker(py);
  const fds: number[] = [];
  const popen: SpawningPopen = {
    method: 'spawn',
    childPid: null,
    fds,
    duplicateForChild: (fd) => {
      fds.push(fd);
      return fd;
    },
  };
  const [prep, obj] = yield* pickleForChild(py, proc, popen);
  const [parentR, childW] = yield* py.sys<[number, number]>({
    op: 'pipe.create',
    duplex: false,
    label: `sentinel of ${processName(proc)}`,
  });
  const [childR, parentW] = yield* py.sys<[number, number]>({
    op: 'pipe.create',
    duplex: false,
    label: `data pipe to ${processName(proc)}`,
  });
  fds.push(childR, childW);
  const { pid } = yield* py.sys<{ pid: number; handles: number[] }>({
    op: 'proc.spawn',
    name: processName(proc),
    main: { program: 'spawn.spawn_main', args: [childR] },
    pass: fds,
    origin: 'passed',
  });
  yield* py.sys({ op: 'pipe.send', handle: parentW, payload: prep, framed: false });
  yield* py.sys({ op: 'pipe.send', handle: parentW, payload: obj, framed: false });
  yield* py.sys({ op: 'close', handle: childR });
  yield* py.sys({ op: 'close', handle: childW });
  // parent_r is the Popen's sentinel; parent_w is closed by its finalizer.
  proc.dict['__model_sentinels'] = tuple(parentR, parentW);
  return pid;
}

function* launchSpawnWindows(py: Py, proc: PyObject): Gen<number> {
  const [rhandle, whandle] = yield* py.sys<[number, number]>({
    op: 'pipe.create',
    duplex: false,
    label: `data pipe to ${processName(proc)}`,
  });
  const { pid, handles } = yield* py.sys<{ pid: number; handles: number[] }>({
    op: 'proc.spawn',
    name: processName(proc),
    main: { program: 'spawn.spawn_main', args: [null] },
    pass: [rhandle],
    origin: 'duplicated',
  });
  void handles;
  // duplicate_for_child runs inside the pickler; the model duplicates every
  // handle the object graph holds first, then pickles with those numbers.
  const duplicated = new Map<number, number>();
  for (const h of handlesIn(proc)) {
    duplicated.set(h, yield* py.sys<number>({ op: 'handle.dup', handle: h, toPid: pid }));
  }
  const popen: SpawningPopen = {
    method: 'spawn',
    childPid: pid,
    fds: [],
    duplicateForChild: (h) => duplicated.get(h) ?? h,
  };
  const [prep, obj] = yield* pickleForChild(py, proc, popen);
  yield* py.sys({ op: 'pipe.send', handle: whandle, payload: prep, framed: false });
  yield* py.sys({ op: 'pipe.send', handle: whandle, payload: obj, framed: false });
  yield* py.sys({ op: 'close', handle: whandle });
  return pid;
}

/**
 * spawn.spawn_main: a fresh interpreter reads what its parent pickled for it.
 * POSIX passes the pipe's number on the command line; on Windows the read end
 * is duplicated into the child (`passed[0]`).
 */
export function* spawnMain(py: Py, pipeHandle: number | null, passed: number[]): Gen<void> {
  yield* py.cpu('interpreter-start');
  yield* spawnMainBody(py, pipeHandle ?? passed[0]!, true);
}

/**
 * spawn._main: preparation data (the child's name), then the Process object.
 * `importModules`: a forkserver child, whose server imported only __main__:
 * unpickling the Process object imports the rest (multiprocessing.pool...),
 * after the child has its name.
 */
export function* spawnMainBody(
  py: Py,
  fromParent: number,
  importMain: boolean,
  importModules = false,
): Gen<void> {
  const proc = yield* py.frame('spawn.py', '_main', () =>
    spawnPrepare(py, fromParent, importMain, importModules),
  );
  // Process._after_fork is the context's: SpawnProcess's does nothing, ForkServerProcess
  // keeps BaseProcess's, which runs the after-fork hooks (the proxies just unpickled incref).
  yield* bootstrap(py, proc, importModules);
}

function* spawnPrepare(
  py: Py,
  fromParent: number,
  importMain: boolean,
  importModules: boolean,
): Gen<PyObject> {
  py.rt.inheriting = true;
  // spawn_main(tracker_fd=...): the child shares its parent's resource tracker.
  py.rt.resourceTracker = true;
  const prepBytes = yield* readRaw(py, fromParent);
  const prep = yield* forkingLoads(py, prepBytes, 'preparation data');
  prepare(py, prep);
  // A forkserver child was forked unnamed by the server: it learns its name here.
  yield* py.sys({ op: 'proc.rename', pid: py.pid, name: py.rt.name });
  if (importMain) {
    // prepare(): run the script again as __mp_main__ (its `if __name__ == '__main__'` is skipped).
    yield* py.cpu('import-main');
    defineMainModule(py);
  }
  const objBytes = yield* readRaw(py, fromParent);
  if (importModules) yield* py.cpu('import-modules');
  const obj = (yield* forkingLoads(py, objBytes, 'Process object')) as PyObject;
  py.rt.inheriting = false;
  yield* py.sys({ op: 'close', handle: fromParent });
  return obj;
}

function* readRaw(py: Py, handle: number): Gen<Uint8Array> {
  try {
    return yield* py.sys<Uint8Array>({ op: 'pipe.recv', handle });
  } catch (error) {
    throw toPython(error);
  }
}

function prepare(py: Py, prep: PyValue): void {
  if (typeof prep !== 'object' || prep === null || prep instanceof Uint8Array || prep.t !== 'dict')
    return;
  for (const [k, v] of prep.entries) {
    if (k === 'name') py.rt.name = v as string;
    const key = isObject(v) && v.dict['bytes'] instanceof Uint8Array ? v.dict['bytes'] : v;
    if (k === 'authkey' && key instanceof Uint8Array)
      py.rt.authkey = [...key].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
}

/**
 * BaseProcess._bootstrap: become the child (name, identity, fresh counters),
 * run the after-fork hooks (`_after_fork`: under fork and forkserver, not
 * spawn), call run(), then util._exit_function().
 */
function* bootstrap(py: Py, proc: PyObject, afterForkers: boolean): Gen<void> {
  const identity = (proc.dict['_identity'] as PyTuple).items as number[];
  py.rt.identity = [...identity];
  py.rt.name = processName(proc);
  // current_process() is now this Process object: its _config holds the tempdir, if any.
  const config = proc.dict['_config'];
  const tempdir = isDict(config) ? config.entries.find(([k]) => k === 'tempdir')?.[1] : undefined;
  py.rt.tempdir = typeof tempdir === 'string' ? tempdir : null;
  py.rt.processCounter = 0;
  py.rt.children = [];
  py.rt.finalizers = [];
  const exitcode = yield* py.frame('process.py', '_bootstrap', () =>
    bootstrapBody(py, proc, afterForkers),
  );
  yield* py.sys({ op: 'exit', code: exitcode });
}

/** The `_bootstrap` frame: returns the exit code. */
function* bootstrapBody(py: Py, proc: PyObject, afterForkers: boolean): Gen<number> {
  let exitcode = 1;
  if (afterForkers) yield* afterFork(py);
  try {
    yield* py.frame('process.py', 'run', () => runTarget(py, proc));
    exitcode = 0;
  } catch (error) {
    if (!(error instanceof PyException)) throw error;
    // BaseProcess._bootstrap prints "Process <name>:" and the traceback to stderr.
    py.emit({
      kind: 'exception',
      phase: 'printed',
      error: error.text,
      frames: error.frames.map((f) => `${f.file}:${f.func}`),
    });
    yield* py.print(`Process ${processName(proc)}:`, 'stderr');
    for (const line of formatTraceback(error, py.config.python)) yield* py.print(line, 'stderr');
  } finally {
    yield* exitFunction(py);
  }
  return exitcode;
}

function* runTarget(py: Py, proc: PyObject): Gen<void> {
  const t = proc.dict['_target'] as PyGlobal | PyObject;
  // A bound method (a forked manager's `SyncManager._run_server`) names its function.
  const target =
    t.t === 'obj' && isA(t, C.method)
      ? global(
          (t.dict['__self__'] as PyGlobal).module,
          `${(t.dict['__self__'] as PyGlobal).qualname}.${t.dict['__name__'] as string}`,
        )
      : (t as PyGlobal);
  const args = (proc.dict['_args'] as PyTuple).items;
  yield* callFunction(py, target, [...args]);
}

/** util._run_after_forkers(): what registered objects do in a forked child. */
function* afterFork(py: Py): Gen<void> {
  py.rt.proxyConnections = new Map();
  for (const key of [...py.mem.native.keys()]) {
    if (key.startsWith('queue-feeder:')) py.mem.native.delete(key);
  }
  for (const obj of py.mem.heap.values()) {
    if (obj.cls.module === 'multiprocessing.queues' && obj.cls.qualname === 'Queue')
      queueAfterFork(obj);
  }
  // BaseProxy._after_fork: every proxy in the child increfs its referent.
  for (const obj of [...py.mem.heap.values()]) {
    if (obj.dict['_token'] !== undefined && obj.dict['_closed'] !== true)
      yield* increfProxy(py, obj);
  }
}

/** util._exit_function: finalizers (priority >= 0), join children, the rest of the finalizers. */
export function* exitFunction(py: Py): Gen<void> {
  yield* py.frame('util.py', '_exit_function', () => exitFunctionBody(py));
}

function* exitFunctionBody(py: Py): Gen<void> {
  yield* runFinalizers(py, 0);
  // Daemonic children (Pool workers) are terminated, then every child is joined.
  for (const child of py.rt.children) {
    if (child.daemon) yield* py.sys({ op: 'proc.kill', pid: child.pid });
  }
  for (const child of py.rt.children) yield* py.sys({ op: 'proc.wait', pid: child.pid });
  py.rt.children = [];
  yield* runFinalizers(py, null);
}

/** Process.is_alive(): waitpid(WNOHANG) through the Popen. */
export function* isAlive(py: Py, proc: PyObject): Gen<boolean> {
  const pid = processPid(proc);
  if (pid === null) return false;
  const code = yield* py.sys<number | null>({ op: 'proc.poll', pid });
  if (code === null) return true;
  py.rt.children = py.rt.children.filter((c) => c.pid !== pid);
  (proc.dict['_popen'] as PyObject).dict['returncode'] = code;
  return false;
}

/** Process.join() */
export function* join(py: Py, proc: PyObject): Gen<void> {
  const pid = processPid(proc);
  if (pid === null) return;
  const code = yield* py.sys<number | null>({ op: 'proc.wait', pid });
  py.rt.children = py.rt.children.filter((c) => c.pid !== pid);
  (proc.dict['_popen'] as PyObject).dict['returncode'] = code;
}

function isDaemon(proc: PyObject): boolean {
  const config = proc.dict['_config'];
  return isDict(config) && config.entries.some(([k, v]) => k === 'daemon' && v === true);
}

// ── helpers ─────────────────────────────────────────────────────────────────

export function handlesIn(value: PyValue, out: number[] = [], seen = new Set<object>()): number[] {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return out;
  if (seen.has(value)) return out;
  seen.add(value);
  if (value.t === 'tuple' || value.t === 'list')
    value.items.forEach((v) => handlesIn(v, out, seen));
  else if (value.t === 'dict') value.entries.forEach(([, v]) => handlesIn(v, out, seen));
  else if (value.t === 'obj') {
    for (const [k, v] of Object.entries(value.dict)) {
      if ((k === 'handle' || k === '_handle') && typeof v === 'number') {
        if (!out.includes(v)) out.push(v);
      } else handlesIn(v, out, seen);
    }
  }
  return out;
}

export function authkeyBytes(authkeyHex: string): Uint8Array {
  const out = new Uint8Array(authkeyHex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(authkeyHex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function writeSigned(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(n), true);
  return out;
}

export function readSigned(bytes: Uint8Array): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true));
}
