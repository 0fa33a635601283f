/**
 * Where CPython's multiprocessing puts each stdlib frame of a traceback: for
 * every Python version the model can imitate, the line number and the exact
 * source text (stripped, as `traceback.FrameSummary.line` gives it) of the ONE
 * line of a stdlib function that shows up in tracebacks, keyed
 * `'<file>:<function>'` (file basename in Lib/multiprocessing/).
 *
 * Where the numbers came from (each read out of the real source text by a
 * throwaway script that walks the file's AST and searches the function's
 * body for the line; nothing typed in by hand):
 *   - 3.11: the local CPython 3.11.7 stdlib (pyenv). scripts/cpython_facts.py
 *     runs that interpreter, so it checks these numbers.
 *   - 3.12: CPython 3.12.7, the stdlib shipped in the npm package
 *     pyodide@0.27.7 (python_stdlib.zip). Pyodide patches one file here: its
 *     "Allow multiprocessing.connection top-level import" patch turns
 *     `import _multiprocessing` into a 4-line try/except, so the
 *     connection.py numbers were taken 3 lines lower. That gives exactly the
 *     numbers of the untouched local CPython 3.12.1. 3.12.1 and 3.12.7 differ
 *     only in queues.py:_feed (259 in 3.12.1, 264 in 3.12.7).
 *   - 3.13: CPython 3.13.18, Debian sid's libpython3.13-stdlib 3.13.18-1. No
 *     Debian-specific change shows up in Lib/multiprocessing: each difference
 *     from 3.13.0/3.13.2 comes with an upstream gh- comment or fix.
 *   - 3.14: CPython 3.14.10, Debian sid's libpython3.14-stdlib 3.14.10-1.
 *     Checked against 3.14.2 (pyodide@314.0.7).
 * The python/cpython copy in the code-search index has no usable 3.12/3.13/3.14
 * commit, so the release sources above were used in place of it.
 *
 * Patch releases move some of these lines. Where an earlier patch release of
 * the same minor version differs, the entry says so in a comment. The ones
 * worth knowing are the interpreters installed on the dev machine
 * (pyenv 3.12.1 and 3.13.0):
 *   3.12.1: queues.py:_feed 259.
 *   3.13.0 and 3.13.2: connection.py send 206 / recv 250 / _recv_bytes 430,
 *     context.py:assert_spawning 374. 3.13.0 only: managers.py _callmethod
 *     824 / RebuildProxy 951.
 *   3.14.2: connection.py send 212 / recv 256 / _recv_bytes 447,
 *     context.py:assert_spawning 374.
 *
 * Notes on particular entries:
 *   - pool.py:worker is the `task = get()` where an idle worker waits. A task
 *     that raises inside the worker shows `result = (True, func(*args, **kwds))`
 *     instead (line 125 in every version here) in the RemoteTraceback.
 *   - pool.py:_handle_results is the first `task = get()` (the main loop), not
 *     the one in the drain loop after the sentinel.
 *   - pool.py:imap is the `self._taskqueue.put(` of the `chunksize == 1` branch.
 *   - queues.py:get is the `res = self._recv_bytes()` under `with self._rlock:`
 *     of the `block and timeout is None` branch.
 *   - context.py:assert_spawning's `raise RuntimeError(` runs over 4 lines.
 *     3.11 and 3.12 print only this first line. 3.13+ print it, then
 *     `    ...<2 lines>...`, then `        )`.
 */
export interface StdlibLine {
  readonly line: number;
  readonly text: string;
  readonly approximate?: boolean;
  /** The sub-expression that runs when an exception passes (see python/carets.ts). */
  readonly expr?: string;
  /** 3.13+: what follows a statement that spans several lines. */
  readonly more?: readonly string[];
}

type Version = '3.11' | '3.12' | '3.13' | '3.14';

const LINES: Record<Version, Record<string, StdlibLine>> = {
  '3.11': {
    'pool.py:map': {
      line: 367,
      text: 'return self._map_async(func, iterable, mapstar, chunksize).get()',
    },
    'pool.py:get': { line: 774, text: 'raise self._value' },
    'pool.py:_handle_tasks': { line: 540, text: 'put(task)' },
    'pool.py:worker': { line: 114, text: 'task = get()' },
    'pool.py:_handle_results': { line: 579, text: 'task = get()' },
    'pool.py:_handle_workers': {
      line: 522,
      text: 'cls._wait_for_updates(current_sentinels, change_notifier)',
    },
    'pool.py:mapstar': { line: 48, text: 'return list(map(*args))' },
    'pool.py:imap': { line: 403, text: 'self._taskqueue.put(' },
    'pool.py:__init__': { line: 215, text: 'self._repopulate_pool()' },
    'pool.py:_repopulate_pool_static': { line: 329, text: 'w.start()' },
    'connection.py:send': {
      line: 206,
      text: 'self._send_bytes(_ForkingPickler.dumps(obj))',
      expr: '_ForkingPickler.dumps(obj)',
    },
    'connection.py:recv': { line: 250, text: 'buf = self._recv_bytes()' },
    'connection.py:_recv_bytes': { line: 430, text: 'buf = self._recv(4)' },
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 101, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 58, text: 'context.assert_spawning(self)' },
    'queues.py:put': { line: 96, text: 'self._notempty.notify()' },
    'queues.py:get': { line: 103, text: 'res = self._recv_bytes()' },
    'queues.py:_feed': { line: 244, text: 'obj = _ForkingPickler.dumps(obj)' },
    'context.py:assert_spawning': {
      line: 373,
      text: 'raise RuntimeError(',
      more: ['...<2 lines>...', '    )'],
    },
    'process.py:start': { line: 121, text: 'self._popen = self._Popen(self)' },
    'process.py:_bootstrap': { line: 314, text: 'self.run()' },
    'process.py:run': { line: 108, text: 'self._target(*self._args, **self._kwargs)' },
    'popen_spawn_posix.py:_launch': { line: 47, text: 'reduction.dump(process_obj, fp)' },
    'popen_spawn_win32.py:__init__': { line: 95, text: 'reduction.dump(process_obj, to_child)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 822, text: 'kind, result = conn.recv()' },
    'managers.py:serve_client': { line: 253, text: 'request = recv()' },
    'managers.py:RebuildProxy': {
      line: 946,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    },
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
  },
  '3.12': {
    'pool.py:map': {
      line: 367,
      text: 'return self._map_async(func, iterable, mapstar, chunksize).get()',
    },
    'pool.py:get': { line: 774, text: 'raise self._value' },
    'pool.py:_handle_tasks': { line: 540, text: 'put(task)' },
    'pool.py:worker': { line: 114, text: 'task = get()' },
    'pool.py:_handle_results': { line: 579, text: 'task = get()' },
    'pool.py:_handle_workers': {
      line: 522,
      text: 'cls._wait_for_updates(current_sentinels, change_notifier)',
    },
    'pool.py:mapstar': { line: 48, text: 'return list(map(*args))' },
    'pool.py:imap': { line: 403, text: 'self._taskqueue.put(' },
    'pool.py:__init__': { line: 215, text: 'self._repopulate_pool()' },
    'pool.py:_repopulate_pool_static': { line: 329, text: 'w.start()' },
    'connection.py:send': {
      line: 206,
      text: 'self._send_bytes(_ForkingPickler.dumps(obj))',
      expr: '_ForkingPickler.dumps(obj)',
    },
    'connection.py:recv': { line: 250, text: 'buf = self._recv_bytes()' },
    'connection.py:_recv_bytes': { line: 430, text: 'buf = self._recv(4)' },
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 101, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 58, text: 'context.assert_spawning(self)' },
    'queues.py:put': { line: 96, text: 'self._notempty.notify()' },
    'queues.py:get': { line: 103, text: 'res = self._recv_bytes()' },
    'queues.py:_feed': { line: 264, text: 'obj = _ForkingPickler.dumps(obj)' }, // 3.12.1: 259
    'context.py:assert_spawning': {
      line: 374,
      text: 'raise RuntimeError(',
      more: ['...<2 lines>...', '    )'],
    },
    'process.py:start': { line: 121, text: 'self._popen = self._Popen(self)' },
    'process.py:_bootstrap': { line: 314, text: 'self.run()' },
    'process.py:run': { line: 108, text: 'self._target(*self._args, **self._kwargs)' },
    'popen_spawn_posix.py:_launch': { line: 47, text: 'reduction.dump(process_obj, fp)' },
    'popen_spawn_win32.py:__init__': { line: 95, text: 'reduction.dump(process_obj, to_child)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 821, text: 'kind, result = conn.recv()' },
    'managers.py:serve_client': { line: 253, text: 'request = recv()' },
    'managers.py:RebuildProxy': {
      line: 945,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    },
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
  },
  '3.13': {
    'pool.py:map': {
      line: 367,
      text: 'return self._map_async(func, iterable, mapstar, chunksize).get()',
    },
    'pool.py:get': { line: 774, text: 'raise self._value' },
    'pool.py:_handle_tasks': { line: 540, text: 'put(task)' },
    'pool.py:worker': { line: 114, text: 'task = get()' },
    'pool.py:_handle_results': { line: 579, text: 'task = get()' },
    'pool.py:_handle_workers': {
      line: 522,
      text: 'cls._wait_for_updates(current_sentinels, change_notifier)',
    },
    'pool.py:mapstar': { line: 48, text: 'return list(map(*args))' },
    'pool.py:imap': { line: 403, text: 'self._taskqueue.put(' },
    'pool.py:__init__': { line: 215, text: 'self._repopulate_pool()' },
    'pool.py:_repopulate_pool_static': { line: 329, text: 'w.start()' },
    'connection.py:send': {
      line: 211,
      text: 'self._send_bytes(_ForkingPickler.dumps(obj))',
      expr: '_ForkingPickler.dumps(obj)',
    }, // 3.13.0/3.13.2: 206
    'connection.py:recv': { line: 255, text: 'buf = self._recv_bytes()' }, // 3.13.0/3.13.2: 250
    'connection.py:_recv_bytes': { line: 435, text: 'buf = self._recv(4)' }, // 3.13.0/3.13.2: 430
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 101, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 56, text: 'context.assert_spawning(self)' },
    'queues.py:put': { line: 94, text: 'self._notempty.notify()' },
    'queues.py:get': { line: 101, text: 'res = self._recv_bytes()' },
    'queues.py:_feed': { line: 262, text: 'obj = _ForkingPickler.dumps(obj)' },
    'context.py:assert_spawning': {
      line: 380,
      text: 'raise RuntimeError(',
      more: ['...<2 lines>...', '    )'],
    }, // 3.13.0/3.13.2: 374
    'process.py:start': { line: 121, text: 'self._popen = self._Popen(self)' },
    'process.py:_bootstrap': { line: 313, text: 'self.run()' },
    'process.py:run': { line: 108, text: 'self._target(*self._args, **self._kwargs)' },
    'popen_spawn_posix.py:_launch': { line: 47, text: 'reduction.dump(process_obj, fp)' },
    'popen_spawn_win32.py:__init__': { line: 97, text: 'reduction.dump(process_obj, to_child)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 831, text: 'kind, result = conn.recv()' }, // 3.13.0: 824
    'managers.py:serve_client': { line: 256, text: 'request = recv()' },
    'managers.py:RebuildProxy': {
      line: 958,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    }, // 3.13.0: 951
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
  },
  '3.14': {
    'pool.py:map': {
      line: 367,
      text: 'return self._map_async(func, iterable, mapstar, chunksize).get()',
    },
    'pool.py:get': { line: 774, text: 'raise self._value' },
    'pool.py:_handle_tasks': { line: 540, text: 'put(task)' },
    'pool.py:worker': { line: 114, text: 'task = get()' },
    'pool.py:_handle_results': { line: 579, text: 'task = get()' },
    'pool.py:_handle_workers': {
      line: 522,
      text: 'cls._wait_for_updates(current_sentinels, change_notifier)',
    },
    'pool.py:mapstar': { line: 48, text: 'return list(map(*args))' },
    'pool.py:imap': { line: 403, text: 'self._taskqueue.put(' },
    'pool.py:__init__': { line: 215, text: 'self._repopulate_pool()' },
    'pool.py:_repopulate_pool_static': { line: 329, text: 'w.start()' },
    'connection.py:send': {
      line: 217,
      text: 'self._send_bytes(_ForkingPickler.dumps(obj))',
      expr: '_ForkingPickler.dumps(obj)',
    }, // 3.14.2: 212
    'connection.py:recv': { line: 261, text: 'buf = self._recv_bytes()' }, // 3.14.2: 256
    'connection.py:_recv_bytes': { line: 452, text: 'buf = self._recv(4)' }, // 3.14.2: 447
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 103, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 56, text: 'context.assert_spawning(self)' },
    'queues.py:put': { line: 94, text: 'self._notempty.notify()' },
    'queues.py:get': { line: 101, text: 'res = self._recv_bytes()' },
    'queues.py:_feed': { line: 262, text: 'obj = _ForkingPickler.dumps(obj)' },
    'context.py:assert_spawning': {
      line: 402,
      text: 'raise RuntimeError(',
      more: ['...<2 lines>...', '    )'],
    }, // 3.14.2: 374
    'process.py:start': { line: 121, text: 'self._popen = self._Popen(self)' },
    'process.py:_bootstrap': { line: 320, text: 'self.run()' },
    'process.py:run': { line: 108, text: 'self._target(*self._args, **self._kwargs)' },
    'popen_spawn_posix.py:_launch': { line: 47, text: 'reduction.dump(process_obj, fp)' },
    'popen_spawn_win32.py:__init__': { line: 97, text: 'reduction.dump(process_obj, to_child)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 832, text: 'kind, result = conn.recv()' },
    'managers.py:serve_client': { line: 257, text: 'request = recv()' },
    'managers.py:RebuildProxy': {
      line: 959,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    },
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
  },
};

/** The traceback line of `func` in Lib/multiprocessing/`file` under `version`, or null if not tabulated. */
/** Looked up on every frame push: memoized per version, file and function. */
const MEMO = new Map<string, Map<string, Map<string, StdlibLine | null>>>();

export function stdlibLine(version: Version, file: string, func: string): StdlibLine | null {
  let byFile = MEMO.get(version);
  if (byFile === undefined) MEMO.set(version, (byFile = new Map()));
  let byFunc = byFile.get(file);
  if (byFunc === undefined) byFile.set(file, (byFunc = new Map()));
  let found = byFunc.get(func);
  if (found === undefined) {
    found = LINES[version]?.[`${file}:${func}`] ?? null;
    byFunc.set(func, found);
  }
  return found;
}

/** Where each version's numbers were read from. */
export const STDLIB_SOURCES: Record<Version, string> = {
  '3.11': 'CPython 3.11.7 (local)',
  '3.12':
    "CPython 3.12.7 (stdlib of npm pyodide@0.27.7, connection.py corrected for Pyodide's 3-line import patch; equal to local CPython 3.12.1 except queues.py:_feed)",
  '3.13': 'CPython 3.13.18 (Debian sid libpython3.13-stdlib 3.13.18-1)',
  '3.14':
    'CPython 3.14.10 (Debian sid libpython3.14-stdlib 3.14.10-1; also checked against 3.14.2 from npm pyodide@314.0.7)',
};
