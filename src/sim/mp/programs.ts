/**
 * Every program a kernel can start, by name: the entry of each kind of
 * process (the script's MainProcess, a forked child, a spawned interpreter,
 * the forkserver and its children) and of each library thread. Both kernels
 * start processes and threads from these names and plain-data arguments.
 */
import type { Gen, ProgramFn, ProgramGen, ProgramTable, ThreadEnv } from '../syscalls';
import { trampoline } from '../trampoline';
import { scriptSource } from '../scenarios/source';
import { mainModule } from '../scenarios/program';
import { Py, newRuntime, type PyMemory } from './runtime';
import { forkChild, spawnMain } from './process';
import { forkserverMain, forkserverServeOne, forkserverWatchAlive } from './forkserver';
import { handleResults, handleTasks, handleWorkers } from './pool';
import { feed } from './queues';
import { accepter, handleRequest } from './managers';
import { resourceTrackerMain } from './resource-tracker';

/** A fresh interpreter's memory (MainProcess, a spawned child, the forkserver). */
function ensureMemory(env: ThreadEnv, name: string): void {
  const memory = env.memory as Partial<PyMemory>;
  if (memory.rt) return;
  memory.rt = newRuntime(name, '', 0x7f0000000000 + (env.pid % 0xffff) * 0x1000000);
  memory.vars = new Map();
  memory.heap = new Map();
  memory.native = new Map();
}

function py(env: ThreadEnv, threadName: string): Py {
  return new Py(env, threadName, scriptSource(env.config));
}

function* main(p: Py): Gen<void> {
  // os.urandom(32) for the authkey every child inherits.
  let key = '';
  for (let i = 0; i < 8; i++) {
    const bits = yield* p.sys<number>({ op: 'random', bits: 32 });
    key += bits.toString(16).padStart(8, '0');
  }
  p.rt.authkey = key;
  yield* mainModule(p);
}

/**
 * The main thread of a process. `fresh` names a new interpreter whose memory
 * starts empty; a forked process already holds its parent's copy.
 */
function processMain<A extends unknown[]>(
  fresh: string | null,
  body: (p: Py, ...args: A) => Gen<unknown>,
): ProgramFn {
  return ((env: ThreadEnv, ...args: A): ProgramGen => {
    if (fresh !== null) ensureMemory(env, fresh);
    return trampoline(body(py(env, 'MainThread'), ...args));
  }) as unknown as ProgramFn;
}

/** Another thread of a process; it receives its CPython thread name first. */
function thread<A extends unknown[]>(body: (p: Py, ...args: A) => Gen<void>): ProgramFn {
  return ((env: ThreadEnv, threadName: string, ...args: A): ProgramGen =>
    trampoline(body(py(env, threadName), ...args))) as unknown as ProgramFn;
}

export const PROGRAMS: ProgramTable = {
  main: processMain('MainProcess', main),
  'process.fork_child': processMain(null, forkChild),
  'spawn.spawn_main': processMain('', spawnMain),
  'forkserver.main': processMain('forkserver', forkserverMain),
  'forkserver.serve_one': processMain(null, forkserverServeOne),
  'forkserver.watch_alive': thread(forkserverWatchAlive),
  'resource_tracker.main': processMain('resource_tracker', resourceTrackerMain),
  'pool._handle_workers': thread(handleWorkers),
  'pool._handle_tasks': thread(handleTasks),
  'pool._handle_results': thread(handleResults),
  'queues._feed': thread(feed),
  'managers.accepter': thread(accepter),
  'managers.handle_request': thread(handleRequest),
};
