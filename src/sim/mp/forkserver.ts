/**
 * The forkserver start method: `popen_forkserver.Popen._launch` in the
 * parent, `ForkServer.ensure_running` (the server is started once per
 * parent, with its settings on its command line) and the server itself,
 * which imports `__main__` once and then forks one child per request; each
 * child reads what the parent pickled for it, as a spawned child does.
 */
import type { PyObject } from '../python';
import type { Gen } from '../syscalls';
import { toPython } from './connection';
import { defineMainModule } from './functions';
import { noteMemoryCopy, processName, readSigned, writeSigned } from './process';
import { ensureResourceTracker } from './resource-tracker';
import type { Py, SpawningPopen } from './runtime';
import { pickleForChild, spawnMainBody } from './spawn';
import { startThread } from './threading';
import { getTempDir, tempName } from './util';

export function* launchForkserver(py: Py, proc: PyObject): Gen<number> {
  const fds: number[] = [];
  const popen: SpawningPopen = {
    method: 'forkserver',
    childPid: null,
    fds,
    duplicateForChild: (fd) => {
      fds.push(fd);
      return fds.length - 1;
    },
  };
  const [prep, obj] = yield* pickleForChild(py, proc, popen);
  const address = yield* ensureForkserver(py);
  const [sentinel, w] = yield* py.frame('forkserver.py', 'connect_to_new_process', () =>
    connectToNewProcess(py, proc, address, fds),
  );
  yield* py.sys({ op: 'pipe.send', handle: w, payload: prep, framed: false });
  yield* py.sys({ op: 'pipe.send', handle: w, payload: obj, framed: false });
  yield* py.sys({ op: 'close', handle: w });
  // read_signed(self.sentinel): the server writes the child's pid.
  const pidBytes = yield* py.sys({ op: 'pipe.recv', handle: sentinel });
  return readSigned(pidBytes);
}

function* connectToNewProcess(
  py: Py,
  proc: PyObject,
  address: string,
  fds: number[],
): Gen<readonly [number, number]> {
  const client = yield* connect(py, address);
  const [parentR, childW] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: `pid/status pipe of ${processName(proc)}`,
    // popen_forkserver: `self.sentinel, w = forkserver.connect_to_new_process(...)`.
    of: { owner: 'Popen', role: 'sentinel', process: processName(proc) },
  });
  const [childR, parentW] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: `data pipe to ${processName(proc)}`,
    of: { owner: 'Popen', role: 'data pipe', process: processName(proc) },
  });
  yield* py.sys({ op: 'sock.sendfds', handle: client, fds: [childR, childW, ...fds] });
  yield* py.sys({ op: 'close', handle: childR });
  yield* py.sys({ op: 'close', handle: childW });
  yield* py.sys({ op: 'close', handle: client });
  return [parentR, parentW] as const;
}

function* connect(py: Py, address: string): Gen<number> {
  try {
    return yield* py.sys({
      op: 'connect',
      address,
      of: { owner: 'ForkServer', role: 'connection' },
    });
  } catch (error) {
    throw toPython(error);
  }
}

/** ForkServer.ensure_running(): start the server process once per parent. */
function* ensureForkserver(py: Py): Gen<string> {
  yield* ensureResourceTracker(py);
  if (py.rt.forkserverAddress !== null) return py.rt.forkserverAddress;
  return yield* py.frame('forkserver.py', 'ensure_running', () => startForkserver(py));
}

function* startForkserver(py: Py): Gen<string> {
  const bits = yield* py.sys({ op: 'random', bits: 32 });
  const address = `${yield* getTempDir(py)}/listener-${tempName(bits * 7 + 3)}`;
  const listener = yield* py.sys({
    op: 'listen',
    address,
    label: `forkserver listener ${address}`,
    of: { owner: 'ForkServer', role: 'listener' },
  });
  const [aliveR, aliveW] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: 'forkserver alive pipe',
    of: { owner: 'ForkServer', role: 'alive pipe' },
  });
  yield* py.sys({
    op: 'proc.spawn',
    name: 'forkserver',
    main: { program: 'forkserver.main', args: [listener, aliveR] },
    pass: [listener, aliveR],
    origin: 'passed',
  });
  yield* py.sys({ op: 'close', handle: aliveR });
  yield* py.sys({ op: 'close', handle: listener });
  // The write end of the alive pipe stays open for as long as this process lives.
  void aliveW;
  py.rt.forkserverAddress = address;
  return address;
}

/** forkserver.main: import __main__ once, then fork one child per request. */
export function* forkserverMain(
  py: Py,
  listener: number,
  aliveR: number,
  _passed: number[],
): Gen<void> {
  yield* py.cpu('interpreter-start');
  py.rt.name = 'forkserver';
  py.rt.resourceTracker = true; // its descriptor came on the command line
  // The default preload is ['__main__']: children skip re-importing the script.
  yield* py.cpu('import-main');
  defineMainModule(py);
  // The server lives as long as its parent: EOF on the alive pipe ends it.
  yield* startThread(py, 'alive', { program: 'forkserver.watch_alive', args: [aliveR] });
  for (;;) {
    const s = yield* py.sys({ op: 'accept', handle: listener });
    // listener.accept() makes a socket object: the server's heap moves between requests,
    // so children forked later get other addresses (two Managers' ids differ, as in CPython).
    py.newObject({ t: 'global', module: 'socket', qualname: 'socket' }, { fd: s });
    const fds = yield* py.frame('reduction.py', 'recvfds', () =>
      py.sys({ op: 'sock.recvfds', handle: s }),
    );
    yield* py.sys({ op: 'close', handle: s });
    const [childR, childW, ...inherited] = fds as [number, number, ...number[]];
    const pid = yield* py.sys({
      op: 'proc.fork',
      name: 'forkserver child',
      main: { program: 'forkserver.serve_one', args: [childR, inherited, listener] },
      birth: 'forkserver',
    });
    yield* py.sys({ op: 'pipe.send', handle: childW, payload: writeSigned(pid), framed: false });
    yield* py.sys({ op: 'close', handle: childR });
    for (const fd of inherited) yield* py.sys({ op: 'close', handle: fd });
    // child_w stays open in the server: it reports the child's exit status later.
  }
}

/** Waits for EOF on the alive pipe (the parent has exited), then exits the server. */
export function* forkserverWatchAlive(py: Py, aliveR: number): Gen<void> {
  try {
    yield* py.sys({ op: 'pipe.recv', handle: aliveR });
  } catch {
    /* EOF: the parent is gone */
  }
  yield* py.sys({ op: 'exit', code: 0 });
}

/** forkserver._serve_one: in the freshly forked child of the server. */
export function* forkserverServeOne(
  py: Py,
  childR: number,
  inherited: number[],
  listener: number,
): Gen<void> {
  noteMemoryCopy(py);
  yield* py.sys({ op: 'close', handle: listener });
  py.rt.inheritedFds = inherited;
  yield* spawnMainBody(py, childR, false, true);
}
