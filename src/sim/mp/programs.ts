/**
 * Every program a kernel can start, by name: the entry of each kind of
 * process (the script's MainProcess, a forked child, a spawned interpreter,
 * the forkserver and its children) and of each library thread. Both kernels
 * start processes and threads from these names and plain-data arguments.
 */
import type { Gen, ProgramTable, ThreadEnv } from '../syscalls';
import { scriptSource } from '../scenarios/source';
import { mainModule } from '../scenarios/program';
import { Py, newRuntime, type PyMemory } from './runtime';
import {
  forkChild,
  forkserverMain,
  forkserverServeOne,
  forkserverWatchAlive,
  spawnMain,
} from './process';
import { handleResults, handleTasks, handleWorkers } from './pool';
import { feed } from './queues';
import { accepter, handleRequest } from './managers';

/** A fresh interpreter's memory (MainProcess, a spawned child, the forkserver). */
function ensureMemory(env: ThreadEnv, name: string): void {
  const memory = env.memory as Partial<PyMemory>;
  if (memory.rt) return;
  memory.rt = newRuntime(name, '', 0x7f0000000000 + (env.pid % 0xffff) * 0x1000000);
  memory.vars = {};
  memory.heap = {};
  memory.native = {};
}

function py(env: ThreadEnv, threadName: string): Py {
  return new Py(env, threadName, scriptSource(env.config));
}

function* main(env: ThreadEnv): Gen<void> {
  ensureMemory(env, 'MainProcess');
  const p = py(env, 'MainThread');
  // os.urandom(32) for the authkey every child inherits.
  let key = '';
  for (let i = 0; i < 8; i++) {
    const bits = yield* p.sys<number>({ op: 'random', bits: 32 });
    key += bits.toString(16).padStart(8, '0');
  }
  p.rt.authkey = key;
  yield* mainModule(p);
}

/** Thread programs receive their CPython thread name first. */
function thread<A extends unknown[]>(body: (p: Py, ...args: A) => Gen<void>) {
  return (env: ThreadEnv, threadName: string, ...args: A): Gen<void> =>
    body(py(env, threadName), ...args);
}

export const PROGRAMS: ProgramTable = {
  main: main as never,
  'process.fork_child': ((env: ThreadEnv, procAddr: number, parentR: number, parentW: number) =>
    forkChild(py(env, 'MainThread'), procAddr, parentR, parentW)) as never,
  'spawn.spawn_main': ((env: ThreadEnv, pipeHandle: number | null, passed: number[]) => {
    ensureMemory(env, '');
    return spawnMain(py(env, 'MainThread'), pipeHandle, passed);
  }) as never,
  'forkserver.main': ((env: ThreadEnv, listener: number, aliveR: number, passed: number[]) => {
    ensureMemory(env, 'forkserver');
    return forkserverMain(py(env, 'MainThread'), listener, aliveR, passed);
  }) as never,
  'forkserver.serve_one': ((
    env: ThreadEnv,
    childR: number,
    inherited: number[],
    listener: number,
  ) => forkserverServeOne(py(env, 'MainThread'), childR, inherited, listener)) as never,
  'forkserver.watch_alive': thread(forkserverWatchAlive) as never,
  'pool._handle_workers': thread(handleWorkers) as never,
  'pool._handle_tasks': thread(handleTasks) as never,
  'pool._handle_results': thread(handleResults) as never,
  'queues._feed': thread(feed) as never,
  'managers.accepter': thread(accepter) as never,
  'managers.handle_request': thread(handleRequest) as never,
};
