/**
 * multiprocessing.process: the Process object (BaseProcess), and what a
 * child does once it is born, whichever way (`_bootstrap`): become the
 * child, run the after-fork hooks when forked, call the target, run the exit
 * function. How a child is born is the start method's: popen.ts (fork),
 * spawn.ts, forkserver.ts.
 */
import {
  PyException,
  formatTraceback,
  dict,
  global,
  tuple,
  isDict,
  isObject,
  type PyObject,
  type PyValue,
  type PyTuple,
  type PyGlobal,
} from '../python';
import type { Gen } from '../syscalls';
import { C, isA } from './classes';
import { callFunction } from './functions';
import type { Py } from './runtime';
import { runAfterForkers, runFinalizers } from './util';

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

/** A forked child first notes what it inherited: a copy of its parent's memory. */
export function noteMemoryCopy(py: Py): void {
  py.emit({ kind: 'memory.copy', from: py.env.ppid ?? 0, vars: [...py.mem.vars.keys()] });
}

/**
 * BaseProcess._bootstrap: become the child (name, identity, fresh counters),
 * run the after-fork hooks (`_after_fork`: under fork and forkserver, not
 * spawn), call run(), then util._exit_function().
 */
export function* bootstrap(py: Py, proc: PyObject, afterForkers: boolean): Gen<void> {
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
  if (afterForkers) yield* runAfterForkers(py);
  try {
    yield* py.frame('process.py', 'run', () => runTarget(py, proc));
    exitcode = 0;
  } catch (error) {
    if (!(error instanceof PyException)) throw error;
    // BaseProcess._bootstrap prints "Process <name>:" and the traceback to stderr,
    // from its own frame (`self.run()`), where it caught it.
    py.caught(error);
    py.emitException('printed', error);
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
  const code = yield* py.sys({ op: 'proc.poll', pid });
  if (code === null) return true;
  py.rt.children = py.rt.children.filter((c) => c.pid !== pid);
  (proc.dict['_popen'] as PyObject).dict['returncode'] = code;
  return false;
}

/** Process.join() */
export function* join(py: Py, proc: PyObject): Gen<void> {
  const pid = processPid(proc);
  if (pid === null) return;
  const code = yield* py.sys({ op: 'proc.wait', pid });
  py.rt.children = py.rt.children.filter((c) => c.pid !== pid);
  (proc.dict['_popen'] as PyObject).dict['returncode'] = code;
}

export function isDaemon(proc: PyObject): boolean {
  const config = proc.dict['_config'];
  return isDict(config) && config.entries.some(([k, v]) => k === 'daemon' && v === true);
}

// ── helpers ─────────────────────────────────────────────────────────────────

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
