/**
 * The spawn start method: popen_spawn_posix and popen_spawn_win32 in the
 * parent (pickle the preparation data and the Process object while
 * spawning, pass or duplicate the handles), spawn.spawn_main in the new
 * interpreter (unpickle them, import the script as `__mp_main__`,
 * bootstrap). A forkserver child reads its parent's data the same way.
 */
import { COMMAND_FILE } from '../cpython';
import {
  dict,
  formatTraceback,
  isObject,
  PyException,
  tuple,
  type PyObject,
  type PyValue,
} from '../python';
import type { Gen } from '../syscalls';
import { C } from './classes';
import { toPython } from './connection';
import { defineMainModule } from './functions';
import { authkeyBytes, bootstrap, exitFunction, processName } from './process';
import { PicklingFailure } from '../pickle';
import { forkingDump, forkingLoads, pickleBytes } from './reduction';
import { ensureResourceTracker } from './resource-tracker';
import type { Py, SpawningPopen } from './runtime';

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
    const prep = yield* forkingDump(
      py,
      preparationData(py, processName(proc)),
      `preparation data for ${processName(proc)}`,
    );
    const obj = yield* forkingDump(py, proc, `Process object ${processName(proc)}`);
    return [prep, obj];
  } finally {
    py.spawning = null;
  }
}

export function* launchSpawnPosix(py: Py, proc: PyObject): Gen<number> {
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
  const [parentR, childW] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: `sentinel of ${processName(proc)}`,
    of: { owner: 'Popen', role: 'sentinel', process: processName(proc) },
  });
  const [childR, parentW] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: `data pipe to ${processName(proc)}`,
    of: { owner: 'Popen', role: 'data pipe', process: processName(proc) },
  });
  fds.push(childR, childW);
  const { pid } = yield* py.sys({
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

export function* launchSpawnWindows(py: Py, proc: PyObject): Gen<number> {
  const [rhandle, whandle] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: `data pipe to ${processName(proc)}`,
    of: { owner: 'Popen', role: 'data pipe', process: processName(proc) },
  });
  // Windows creates the child first, then pickles for it (POSIX pickles first).
  const { pid } = yield* py.sys({
    op: 'proc.spawn',
    name: processName(proc),
    main: { program: 'spawn.spawn_main', args: [null] },
    pass: [rhandle],
    origin: 'duplicated',
  });
  const duplicated = new Map<number, number>();
  for (const h of handlesToDuplicate(py, proc)) {
    duplicated.set(h, yield* py.sys({ op: 'handle.dup', handle: h, toPid: pid }));
  }
  const popen: SpawningPopen = {
    method: 'spawn',
    childPid: pid,
    fds: [],
    duplicateForChild: (h) => duplicated.get(h) ?? h,
  };
  // `with open(wfd, 'wb') as to_child:` buffers what reduction.dump writes and
  // closes the pipe whatever happens: when pickle refuses the Process object,
  // the child still gets the preparation data, then the end of the pipe.
  const name = processName(proc);
  let prep: Uint8Array;
  let obj: Uint8Array | null = null;
  let refusal: unknown = null;
  py.spawning = popen;
  try {
    prep = yield* forkingDump(py, preparationData(py, name), `preparation data for ${name}`);
    try {
      obj = yield* forkingDump(py, proc, `Process object ${name}`);
    } catch (error) {
      refusal = error;
    }
  } finally {
    py.spawning = null;
  }
  yield* py.sys({ op: 'pipe.send', handle: whandle, payload: prep, framed: false });
  if (obj !== null)
    yield* py.sys({ op: 'pipe.send', handle: whandle, payload: obj, framed: false });
  yield* py.sys({ op: 'close', handle: whandle });
  if (refusal !== null) throw refusal;
  return pid;
}

/**
 * The handles DuplicateHandle copies into the child, in the order the pickler
 * asks for them (duplicate_for_child runs inside it): every handle a Process
 * object that pickles holds, none past the object a refused one stops at. The
 * model asks a silent pickling first, since each duplication is a system call
 * and the pickler cannot make one; what it allocated is given back.
 */
function handlesToDuplicate(py: Py, proc: PyObject): number[] {
  const asked: number[] = [];
  const addresses = py.rt.nextAddr;
  py.spawning = {
    method: 'spawn',
    childPid: null,
    fds: [],
    duplicateForChild: (h) => {
      if (!asked.includes(h)) asked.push(h);
      return h;
    },
  };
  try {
    pickleBytes(py, proc);
  } catch (error) {
    if (!(error instanceof PicklingFailure)) throw error;
  } finally {
    py.spawning = null;
    py.rt.nextAddr = addresses;
  }
  return asked;
}

/**
 * spawn.spawn_main: a fresh interpreter reads what its parent pickled for it.
 * POSIX passes the pipe's number on the command line; on Windows the read end
 * is duplicated into the child (`passed[0]`).
 */
export function* spawnMain(py: Py, pipeHandle: number | null, passed: number[]): Gen<void> {
  yield* py.cpu('interpreter-start');
  const fromParent = pipeHandle ?? passed[0]!;
  try {
    // `python -c 'from multiprocessing.spawn import spawn_main; spawn_main(...)'`.
    yield* py.frame(
      COMMAND_FILE,
      '<module>',
      () => py.frame('spawn.py', 'spawn_main', () => spawnMainBody(py, fromParent, true)),
      1,
    );
  } catch (error) {
    // What escapes spawn_main (a Process object that never came: EOFError) is
    // printed by the interpreter; atexit's _exit_function runs; exit code 1.
    if (!(error instanceof PyException)) throw error;
    py.emitException('printed', error);
    for (const line of formatTraceback(error, py.config.python)) yield* py.print(line, 'stderr');
    yield* exitFunction(py);
    yield* py.sys({ op: 'exit', code: 1 });
  }
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
  // pickle.load at the end of the pipe: a parent that closed it without the object.
  const objBytes = yield* readRaw(py, fromParent, 'Ran out of input');
  if (importModules) yield* py.cpu('import-modules');
  const obj = (yield* forkingLoads(py, objBytes, 'Process object')) as PyObject;
  py.rt.inheriting = false;
  yield* py.sys({ op: 'close', handle: fromParent });
  return obj;
}

/** One pickle's bytes from the parent; `eof`: the EOFError's message when the pipe has ended. */
function* readRaw(py: Py, handle: number, eof = ''): Gen<Uint8Array> {
  try {
    return yield* py.sys({ op: 'pipe.recv', handle });
  } catch (error) {
    const exception = toPython(error);
    if (exception instanceof PyException && exception.pyType === 'EOFError' && eof !== '')
      throw new PyException('EOFError', eof);
    throw exception;
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
