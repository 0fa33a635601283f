/**
 * Every program a kernel can start, by name: the entry of each kind of
 * process (the script's MainProcess, a forked child, a spawned interpreter,
 * the forkserver and its children) and of each library thread. Both kernels
 * start processes and threads from these names and plain-data arguments.
 *
 * The library does not know the user's script: the run hands it a way to
 * find `__main__` from the run's configuration (`libraryPrograms(findMain)`).
 */
import { PyException, formatTraceback } from '../python';
import type { Gen, ProgramFn, ProgramGen, ProgramTable, RunConfig, ThreadEnv } from '../syscalls';
import { trampoline } from '../trampoline';
import { SCRIPT_FILE } from '../cpython';
import { Py, newRuntime, type MainModule, type PyMemory } from './runtime';
import { exitFunction } from './process';
import { forkChild } from './popen';
import { spawnMain } from './spawn';
import { forkserverMain, forkserverServeOne, forkserverWatchAlive } from './forkserver';
import { handleResults, handleTasks, handleWorkers } from './pool';
import { poolsAtShutdown } from './pool-terminate';
import { feed } from './queues';
import { accepter, handleRequest } from './manager-server';
import { resourceTrackerMain } from './resource-tracker';

/** How the library finds the run's `__main__`: from the run's configuration. */
export type FindMainModule = (config: RunConfig) => MainModule;

/** A fresh interpreter's memory (MainProcess, a spawned child, the forkserver). */
function ensureMemory(env: ThreadEnv, name: string): void {
  const memory = env.memory as Partial<PyMemory>;
  if (memory.rt) return;
  memory.rt = newRuntime(name, '', 0x7f0000000000 + (env.pid % 0xffff) * 0x1000000);
  memory.vars = new Map();
  memory.heap = new Map();
  memory.native = new Map();
}

/**
 * The library's programs, with `findMain` to find the script every thread
 * runs with (its source for frames, its functions for pickle and targets).
 */
export function libraryPrograms(findMain: FindMainModule): ProgramTable {
  const py = (env: ThreadEnv, threadName: string): Py =>
    new Py(env, threadName, findMain(env.config));

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

  return {
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
}

/** MainProcess: a new authkey, then the script as `__main__`. */
function* main(p: Py): Gen<void> {
  // os.urandom(32) for the authkey every child inherits.
  let key = '';
  for (let i = 0; i < 8; i++) {
    const bits = yield* p.sys({ op: 'random', bits: 32 });
    key += bits.toString(16).padStart(8, '0');
  }
  p.rt.authkey = key;
  yield* runMainModule(p);
}

/**
 * The interpreter running the script: its `<module>` frame; an exception
 * that escapes it is printed (exit code 1); then the exit function, the
 * collection of what is still alive (Pool.__del__), and exit.
 */
function* runMainModule(py: Py): Gen<void> {
  let code = 0;
  try {
    yield* py.frame(SCRIPT_FILE, '<module>', () => py.main.run(py), 1);
  } catch (error) {
    if (!(error instanceof PyException)) throw error;
    code = 1;
    py.emitException('printed', error);
    for (const line of formatTraceback(error, py.config.python)) yield* py.print(line, 'stderr');
    py.emit({ kind: 'verdict', verdict: 'raised', result: null });
  }
  yield* exitFunction(py);
  // Interpreter shutdown: objects still alive are collected (Pool.__del__).
  yield* poolsAtShutdown(py);
  yield* py.sys({ op: 'exit', code });
}
