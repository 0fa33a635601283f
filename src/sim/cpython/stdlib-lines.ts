/**
 * Where CPython's multiprocessing puts each stdlib frame of a traceback: for
 * every Python version the model can imitate, the line number and the exact
 * source text (stripped, as `traceback.FrameSummary.line` gives it) of the ONE
 * line of a stdlib function that shows up in tracebacks, keyed
 * `'<file>:<function>'` (file basename in Lib/multiprocessing/).
 *
 * Each minor version holds the numbers of ONE patch release, named in
 * STDLIB_RELEASE below (patch releases move some of these lines: 3.12.7 has
 * queues.py:_feed at 264, 3.13.x later than 3.13.0 moved connection.py and
 * managers.py). `python3 scripts/cpython_check.py --stdlib-lines` checks every
 * entry: its text must be the stripped source of that line, inside the function
 * it names, in that release's Lib/multiprocessing:
 *   - 3.11.7, 3.12.1, 3.13.0: the interpreters pyenv installs on the dev machine.
 *   - 3.14.2: not installed; its stdlib as released, from the devDependency
 *     pyodide@314.0.0 (python_stdlib.zip, .py sources), which the check reads by
 *     itself. Its pyodide-lock.json says Python 3.14.0, but the build is 3.14.2
 *     (its interpreter's sys.version; `Python-3.14.2` in its _sysconfigdata),
 *     so the check reads the release from there. CPython 3.14.0's sources
 *     (commit ebf955d, rebuilt from 3.14.2's by undoing each later change to
 *     Lib/multiprocessing) have every 3.14 line below at the same number.
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
 *   - connection.py:_send_bytes and _send, managers.py:_handle_request: the
 *     frames of the BrokenPipeError a manager pickles when its second reply to
 *     `shutdown` finds the client gone (manager-server.ts).
 *   - handshake-lines.ts: the lines of a manager's authentication handshake,
 *     keyed `<file>:<function>#<which>` where a function has several.
 *   - A key `<file>:<Class>.<function>` names a method where the file has two of
 *     that name (queues.py's Queue.__getstate__ and SimpleQueue.__getstate__);
 *     the frame shows the function's own name.
 *   - context.py's `<Kind>Process._Popen` are the `return Popen(process_obj)`
 *     of each start method's class; `SpawnProcess._Popen#win32` is the one of
 *     the Windows branch (context.py defines SpawnProcess once per platform).
 *   - context.py:assert_spawning's `raise RuntimeError(` runs over 4 lines.
 *     3.11 and 3.12 print only this first line. 3.13+ print it, then
 *     `    ...<2 lines>...`, then `        )`.
 */
import type { PythonVersion } from '../trace';
import { HANDSHAKE_LINES } from './handshake-lines';
import type { StdlibLine } from './stdlib-line';

export type { StdlibLine } from './stdlib-line';

const LINES: Record<PythonVersion, Record<string, StdlibLine>> = {
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
    'connection.py:_send_bytes': { line: 427, text: 'self._send(header + buf)' },
    'connection.py:_send': {
      line: 384,
      text: 'n = write(self._handle, buf)',
      expr: 'write(self._handle, buf)',
    },
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 101, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 58, text: 'context.assert_spawning(self)' },
    'queues.py:SimpleQueue.__getstate__': { line: 356, text: 'context.assert_spawning(self)' },
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
    'context.py:Process._Popen': {
      line: 224,
      text: 'return _default_context.get_context().Process._Popen(process_obj)',
    },
    'context.py:ForkProcess._Popen': { line: 281, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen': { line: 288, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen#win32': { line: 336, text: 'return Popen(process_obj)' },
    'context.py:ForkServerProcess._Popen': { line: 300, text: 'return Popen(process_obj)' },
    'popen_fork.py:__init__': { line: 19, text: 'self._launch(process_obj)' },
    'popen_spawn_posix.py:__init__': { line: 32, text: 'super().__init__(process_obj)' },
    'popen_forkserver.py:__init__': { line: 35, text: 'super().__init__(process_obj)' },
    'reduction.py:dump': { line: 60, text: 'ForkingPickler(file, protocol).dump(obj)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 822, text: 'kind, result = conn.recv()' },
    'managers.py:serve_client': { line: 253, text: 'request = recv()' },
    'managers.py:serve_client#send': { line: 308, text: 'send(msg)' },
    'managers.py:_handle_request': { line: 216, text: 'c.send(msg)' },
    'managers.py:_handle_request#call': { line: 209, text: 'result = func(c, *args, **kwds)' },
    'managers.py:accept_connection': { line: 420, text: "c.send(('#RETURN', None))" },
    'managers.py:RebuildProxy': {
      line: 946,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    },
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
    'spawn.py:spawn_main': { line: 122, text: 'exitcode = _main(fd, parent_sentinel)' },
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
    'connection.py:_send_bytes': { line: 427, text: 'self._send(header + buf)' },
    'connection.py:_send': {
      line: 384,
      text: 'n = write(self._handle, buf)',
      expr: 'write(self._handle, buf)',
    },
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 101, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 58, text: 'context.assert_spawning(self)' },
    'queues.py:SimpleQueue.__getstate__': { line: 373, text: 'context.assert_spawning(self)' },
    'queues.py:put': { line: 96, text: 'self._notempty.notify()' },
    'queues.py:get': { line: 103, text: 'res = self._recv_bytes()' },
    'queues.py:_feed': { line: 259, text: 'obj = _ForkingPickler.dumps(obj)' },
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
    'context.py:Process._Popen': {
      line: 224,
      text: 'return _default_context.get_context().Process._Popen(process_obj)',
    },
    'context.py:ForkProcess._Popen': { line: 282, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen': { line: 289, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen#win32': { line: 337, text: 'return Popen(process_obj)' },
    'context.py:ForkServerProcess._Popen': { line: 301, text: 'return Popen(process_obj)' },
    'popen_fork.py:__init__': { line: 19, text: 'self._launch(process_obj)' },
    'popen_spawn_posix.py:__init__': { line: 32, text: 'super().__init__(process_obj)' },
    'popen_forkserver.py:__init__': { line: 35, text: 'super().__init__(process_obj)' },
    'reduction.py:dump': { line: 60, text: 'ForkingPickler(file, protocol).dump(obj)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 821, text: 'kind, result = conn.recv()' },
    'managers.py:serve_client': { line: 253, text: 'request = recv()' },
    'managers.py:serve_client#send': { line: 308, text: 'send(msg)' },
    'managers.py:_handle_request': { line: 216, text: 'c.send(msg)' },
    'managers.py:_handle_request#call': { line: 209, text: 'result = func(c, *args, **kwds)' },
    'managers.py:accept_connection': { line: 420, text: "c.send(('#RETURN', None))" },
    'managers.py:RebuildProxy': {
      line: 945,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    },
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
    'spawn.py:spawn_main': { line: 122, text: 'exitcode = _main(fd, parent_sentinel)' },
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
      line: 206,
      text: 'self._send_bytes(_ForkingPickler.dumps(obj))',
      expr: '_ForkingPickler.dumps(obj)',
    },
    'connection.py:recv': { line: 250, text: 'buf = self._recv_bytes()' },
    'connection.py:_recv_bytes': { line: 430, text: 'buf = self._recv(4)' },
    'connection.py:_send_bytes': { line: 427, text: 'self._send(header + buf)' },
    'connection.py:_send': {
      line: 384,
      text: 'n = write(self._handle, buf)',
      expr: 'write(self._handle, buf)',
    },
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 101, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 56, text: 'context.assert_spawning(self)' },
    'queues.py:SimpleQueue.__getstate__': { line: 376, text: 'context.assert_spawning(self)' },
    'queues.py:put': { line: 94, text: 'self._notempty.notify()' },
    'queues.py:get': { line: 101, text: 'res = self._recv_bytes()' },
    'queues.py:_feed': { line: 262, text: 'obj = _ForkingPickler.dumps(obj)' },
    'context.py:assert_spawning': {
      line: 374,
      text: 'raise RuntimeError(',
      more: ['...<2 lines>...', '    )'],
    },
    'process.py:start': { line: 121, text: 'self._popen = self._Popen(self)' },
    'process.py:_bootstrap': { line: 313, text: 'self.run()' },
    'process.py:run': { line: 108, text: 'self._target(*self._args, **self._kwargs)' },
    'popen_spawn_posix.py:_launch': { line: 47, text: 'reduction.dump(process_obj, fp)' },
    'popen_spawn_win32.py:__init__': { line: 97, text: 'reduction.dump(process_obj, to_child)' },
    'context.py:Process._Popen': {
      line: 224,
      text: 'return _default_context.get_context().Process._Popen(process_obj)',
    },
    'context.py:ForkProcess._Popen': { line: 282, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen': { line: 289, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen#win32': { line: 337, text: 'return Popen(process_obj)' },
    'context.py:ForkServerProcess._Popen': { line: 301, text: 'return Popen(process_obj)' },
    'popen_fork.py:__init__': { line: 20, text: 'self._launch(process_obj)' },
    'popen_spawn_posix.py:__init__': { line: 32, text: 'super().__init__(process_obj)' },
    'popen_forkserver.py:__init__': { line: 35, text: 'super().__init__(process_obj)' },
    'reduction.py:dump': { line: 60, text: 'ForkingPickler(file, protocol).dump(obj)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 824, text: 'kind, result = conn.recv()' },
    'managers.py:serve_client': { line: 256, text: 'request = recv()' },
    'managers.py:serve_client#send': { line: 311, text: 'send(msg)' },
    'managers.py:_handle_request': { line: 219, text: 'c.send(msg)' },
    'managers.py:_handle_request#call': { line: 212, text: 'result = func(c, *args, **kwds)' },
    'managers.py:accept_connection': { line: 423, text: "c.send(('#RETURN', None))" },
    'managers.py:RebuildProxy': {
      line: 951,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    },
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
    'spawn.py:spawn_main': { line: 122, text: 'exitcode = _main(fd, parent_sentinel)' },
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
      line: 212,
      text: 'self._send_bytes(_ForkingPickler.dumps(obj))',
      expr: '_ForkingPickler.dumps(obj)',
    },
    'connection.py:recv': { line: 256, text: 'buf = self._recv_bytes()' },
    'connection.py:_recv_bytes': { line: 447, text: 'buf = self._recv(4)' },
    'connection.py:_send_bytes': { line: 444, text: 'self._send(header + buf)' },
    'connection.py:_send': {
      line: 400,
      text: 'n = write(self._handle, buf)',
      expr: 'write(self._handle, buf)',
    },
    'reduction.py:dumps': { line: 51, text: 'cls(buf, protocol).dump(obj)' },
    'synchronize.py:__getstate__': { line: 103, text: 'context.assert_spawning(self)' },
    'queues.py:__getstate__': { line: 56, text: 'context.assert_spawning(self)' },
    'queues.py:SimpleQueue.__getstate__': { line: 376, text: 'context.assert_spawning(self)' },
    'queues.py:put': { line: 94, text: 'self._notempty.notify()' },
    'queues.py:get': { line: 101, text: 'res = self._recv_bytes()' },
    'queues.py:_feed': { line: 262, text: 'obj = _ForkingPickler.dumps(obj)' },
    'context.py:assert_spawning': {
      line: 374,
      text: 'raise RuntimeError(',
      more: ['...<2 lines>...', '    )'],
    },
    'process.py:start': { line: 121, text: 'self._popen = self._Popen(self)' },
    'process.py:_bootstrap': { line: 320, text: 'self.run()' },
    'process.py:run': { line: 108, text: 'self._target(*self._args, **self._kwargs)' },
    'popen_spawn_posix.py:_launch': { line: 47, text: 'reduction.dump(process_obj, fp)' },
    'popen_spawn_win32.py:__init__': { line: 97, text: 'reduction.dump(process_obj, to_child)' },
    'context.py:Process._Popen': {
      line: 224,
      text: 'return _default_context.get_context().Process._Popen(process_obj)',
    },
    'context.py:ForkProcess._Popen': { line: 281, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen': { line: 288, text: 'return Popen(process_obj)' },
    'context.py:SpawnProcess._Popen#win32': { line: 337, text: 'return Popen(process_obj)' },
    'context.py:ForkServerProcess._Popen': { line: 300, text: 'return Popen(process_obj)' },
    'popen_fork.py:__init__': { line: 20, text: 'self._launch(process_obj)' },
    'popen_spawn_posix.py:__init__': { line: 32, text: 'super().__init__(process_obj)' },
    'popen_forkserver.py:__init__': { line: 35, text: 'super().__init__(process_obj)' },
    'reduction.py:dump': { line: 60, text: 'ForkingPickler(file, protocol).dump(obj)' },
    'popen_forkserver.py:_launch': { line: 47, text: 'reduction.dump(process_obj, buf)' },
    'managers.py:_callmethod': { line: 832, text: 'kind, result = conn.recv()' },
    'managers.py:serve_client': { line: 257, text: 'request = recv()' },
    'managers.py:serve_client#send': { line: 312, text: 'send(msg)' },
    'managers.py:_handle_request': { line: 220, text: 'c.send(msg)' },
    'managers.py:_handle_request#call': { line: 213, text: 'result = func(c, *args, **kwds)' },
    'managers.py:accept_connection': { line: 424, text: "c.send(('#RETURN', None))" },
    'managers.py:RebuildProxy': {
      line: 959,
      text: 'return func(token, serializer, incref=incref, **kwds)',
    },
    'spawn.py:_main': { line: 132, text: 'self = reduction.pickle.load(from_parent)' },
    'spawn.py:spawn_main': { line: 122, text: 'exitcode = _main(fd, parent_sentinel)' },
  },
};

/**
 * The lines of the Pool calls beyond map and imap (pool-calls.ts): the same
 * number and text in 3.11.7, 3.12.1, 3.13.0 and 3.14.2 (checked like the
 * table above), so written once and part of every release's table.
 */
const POOL_CALL_LINES: Record<string, StdlibLine> = {
  'pool.py:starmap': {
    line: 375,
    text: 'return self._map_async(func, iterable, starmapstar, chunksize).get()',
  },
  'pool.py:starmapstar': { line: 51, text: 'return list(itertools.starmap(args[0], args[1]))' },
  // The job's call, where a worker's traceback starts when the job raises (pool-exceptions.ts).
  'pool.py:worker#call': {
    line: 125,
    text: 'result = (True, func(*args, **kwds))',
    expr: 'func(*args, **kwds)',
  },
  'pool.py:imap_unordered': { line: 432, text: 'self._taskqueue.put(' },
  'pool.py:next': { line: 873, text: 'raise value' },
  'pool.py:apply_async': {
    line: 460,
    text: 'self._taskqueue.put(([(result._job, 0, func, args, kwds)], None))',
  },
};

/** The traceback line of `func` in Lib/multiprocessing/`file` under `version`, or null if not tabulated. */
/** Looked up on every frame push: memoized per version, file and function. */
const MEMO = new Map<string, Map<string, Map<string, StdlibLine | null>>>();

export function stdlibLine(version: PythonVersion, file: string, func: string): StdlibLine | null {
  let byFile = MEMO.get(version);
  if (byFile === undefined) MEMO.set(version, (byFile = new Map()));
  let byFunc = byFile.get(file);
  if (byFunc === undefined) byFile.set(file, (byFunc = new Map()));
  let found = byFunc.get(func);
  if (found === undefined) {
    const key = `${file}:${func}`;
    found =
      LINES[version]?.[key] ?? POOL_CALL_LINES[key] ?? HANDSHAKE_LINES[version]?.[key] ?? null;
    byFunc.set(func, found);
  }
  return found;
}

/**
 * The one patch release whose line numbers each minor version's table holds.
 * Checked line by line by `python3 scripts/cpython_check.py --stdlib-lines`:
 * against the installed interpreter of that release (pyenv 3.11.7, 3.12.1,
 * 3.13.0), and for 3.14.2 against its released stdlib source.
 */
export const STDLIB_RELEASE: Record<PythonVersion, string> = {
  '3.11': '3.11.7',
  '3.12': '3.12.1',
  '3.13': '3.13.0',
  '3.14': '3.14.2',
};

/** Every tabulated line, per minor version (what the checker reads). */
export function stdlibTable(version: PythonVersion): Readonly<Record<string, StdlibLine>> {
  return { ...POOL_CALL_LINES, ...HANDSHAKE_LINES[version], ...LINES[version] };
}
