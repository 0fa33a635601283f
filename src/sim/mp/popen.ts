/**
 * Process.start() and the three ways a child is born. The start method's
 * Popen launches the child (context.py picks the class): fork is here
 * (popen_fork), spawn in spawn.ts, forkserver in forkserver.ts.
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
import { tuple, type PyGlobal, type PyObject } from '../python';
import type { Gen } from '../syscalls';
import { launchForkserver } from './forkserver';
import { bootstrap, isDaemon, noteMemoryCopy, processName } from './process';
import { C } from './classes';
import type { Py } from './runtime';
import { launchSpawnPosix, launchSpawnWindows } from './spawn';

/** Process.start() */
export function* start(py: Py, proc: PyObject): Gen<void> {
  yield* py.frame('process.py', 'start', () => startBody(py, proc));
}

function* startBody(py: Py, proc: PyObject): Gen<void> {
  // `self._Popen(self)`: mp.Process's _Popen asks the default context for its
  // start method's class, whose _Popen makes that method's Popen.
  const pid =
    proc.cls.qualname === C.Process.qualname && proc.cls.module === C.Process.module
      ? yield* py.frame('context.py', 'Process._Popen', () => contextPopen(py, proc))
      : yield* contextPopen(py, proc);
  proc.dict['_popen'] = py.newObject(popenClass(py), { pid, returncode: null });
  // start() drops its references to target and args (bpo-30775).
  delete proc.dict['_target'];
  delete proc.dict['_args'];
  delete proc.dict['_kwargs'];
  py.rt.children.push({ pid, daemon: isDaemon(proc) });
}

/** `ForkProcess._Popen` … `SpawnProcess._Popen`: `return Popen(process_obj)`. */
function* contextPopen(py: Py, proc: PyObject): Gen<number> {
  switch (py.config.startMethod) {
    case 'fork':
      return yield* py.frame('context.py', 'ForkProcess._Popen', () => popenFork(py, proc));
    case 'spawn':
      return py.config.platform === 'windows'
        ? yield* py.frame('context.py', 'SpawnProcess._Popen#win32', () => popenWin32(py, proc))
        : yield* py.frame('context.py', 'SpawnProcess._Popen', () => popenSpawnPosix(py, proc));
    case 'forkserver':
      return yield* py.frame('context.py', 'ForkServerProcess._Popen', () =>
        popenForkserver(py, proc),
      );
  }
}

// Each Popen's __init__: popen_fork's calls `self._launch(process_obj)`; the
// spawn and forkserver ones first call it through `super().__init__`.
function* popenFork(py: Py, proc: PyObject): Gen<number> {
  return yield* py.frame('popen_fork.py', '__init__', () => launchOf(py, proc));
}

function* popenSpawnPosix(py: Py, proc: PyObject): Gen<number> {
  return yield* py.frame('popen_spawn_posix.py', '__init__', () => popenFork(py, proc));
}

function* popenForkserver(py: Py, proc: PyObject): Gen<number> {
  return yield* py.frame('popen_forkserver.py', '__init__', () => popenFork(py, proc));
}

function* popenWin32(py: Py, proc: PyObject): Gen<number> {
  return yield* py.frame('popen_spawn_win32.py', '__init__', () => launchSpawnWindows(py, proc));
}

/** `self._launch(process_obj)`, the start method's own. */
function* launchOf(py: Py, proc: PyObject): Gen<number> {
  switch (py.config.startMethod) {
    case 'fork':
      return yield* py.frame('popen_fork.py', '_launch', () => launchFork(py, proc));
    case 'spawn':
      return yield* py.frame('popen_spawn_posix.py', '_launch', () => launchSpawnPosix(py, proc));
    case 'forkserver':
      return yield* py.frame('popen_forkserver.py', '_launch', () => launchForkserver(py, proc));
  }
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
  const [parentR, childW] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: `sentinel of ${processName(proc)}`,
    of: { owner: 'Popen', role: 'sentinel', process: processName(proc) },
  });
  const [childR, parentW] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: `parent sentinel for ${processName(proc)}`,
    of: { owner: 'Popen', role: 'parent_sentinel', process: processName(proc) },
  });
  const pid = yield* py.sys({
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
export function* forkChild(py: Py, procAddr: number, parentR: number, parentW: number): Gen<void> {
  noteMemoryCopy(py);
  yield* py.sys({ op: 'close', handle: parentR });
  yield* py.sys({ op: 'close', handle: parentW });
  const proc = py.mem.heap.get(procAddr)!;
  yield* bootstrap(py, proc, true);
}
