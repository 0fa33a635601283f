/**
 * multiprocessing.resource_tracker. On POSIX, outside the fork context, a
 * semaphore keeps its name (a child reopens it by name), and a name outlives
 * a process that dies without unlinking it. So CPython starts one tracker
 * process, a fresh interpreter running `resource_tracker.main(fd)`, the
 * first time it needs one: when a SemLock is created (SemLock.__init__
 * registers its name), when a child is spawned, or when the forkserver is
 * started (both pass the tracker's descriptor on, so children share it).
 * The tracker reads REGISTER/UNREGISTER lines until every writer has closed
 * the pipe, unlinks what is still registered, and exits. Windows has none.
 */
import type { Gen } from '../syscalls';
import type { Py } from './runtime';

/** resource_tracker.ensure_running(): start the tracker once per process tree. */
export function* ensureResourceTracker(py: Py): Gen<void> {
  if (py.rt.resourceTracker || py.config.platform === 'windows') return;
  py.rt.resourceTracker = true;
  const [r, w] = yield* py.sys({
    op: 'pipe.create',
    duplex: false,
    label: 'resource tracker pipe',
    of: { owner: 'ResourceTracker', role: 'pipe' },
  });
  yield* py.sys({
    op: 'proc.spawn',
    name: 'resource_tracker',
    main: { program: 'resource_tracker.main', args: [r] },
    pass: [r],
    origin: 'passed',
  });
  yield* py.sys({ op: 'close', handle: r });
  // The write end stays open for as long as this process lives.
  void w;
}

/** resource_tracker.main(fd): read until EOF (every writer is gone), then exit. */
export function* resourceTrackerMain(py: Py, fd: number, _passed: number[]): Gen<void> {
  yield* py.cpu('interpreter-start');
  py.rt.name = 'resource_tracker';
  try {
    for (;;) yield* py.sys({ op: 'pipe.recv', handle: fd });
  } catch {
    /* EOF: every process that could register a name has exited */
  }
  yield* py.sys({ op: 'exit', code: 0 });
}
