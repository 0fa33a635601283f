/**
 * multiprocessing.managers, the server side: the process `mp.Manager()`
 * starts (`_run_server`), which holds the real objects and answers one
 * request per proxy call: an accepter thread, then a thread per connection
 * (`handle_request`, and `serve_client` for a proxy's own connection).
 * The client side, the Manager object and its proxies, is managers.ts.
 */
import {
  PyException,
  formatTraceback,
  isTuple,
  tuple,
  type Frame,
  type PyObject,
  type PyTuple,
  type PyValue,
} from '../python';
import type { Gen } from '../syscalls';
import { C, queueExposed } from './classes';
import { answerChallenge, deliverChallenge, readFrames } from './auth';
import { close, recv, send, toPython } from './connection';
import { defineFunction } from './functions';
import type { Py } from './runtime';
import { acquire, release, startThread, threadingLock } from './threading';
import { managedLock, type ManagedTypeid } from './manager-locks';
import { getTempDir, tempName } from './util';

interface ManagedObject {
  readonly typeid: ManagedTypeid;
  /** Lock: a private semaphore; Queue: a private counting semaphore plus items. */
  readonly sem: number;
  readonly items: PyValue[];
  refcount: number;
}

interface ServerState {
  address: string;
  listener: number;
  stop: number;
  objects: Map<string, ManagedObject>;
}

function server(py: Py): ServerState {
  return py.mem.native.get('manager-server') as ServerState;
}

/** BaseManager._run_server: create the Server, report its address, serve until shutdown. */
function* runServer(py: Py, args: PyValue[]): Gen<PyValue> {
  const writer = args[4] as PyObject;
  yield* py.frame('managers.py', '_run_server', () => runServerBody(py, writer));
  return null;
}

// The manager's Process target, found by name in the child.
defineFunction('multiprocessing.managers.BaseManager._run_server', runServer);
defineFunction('multiprocessing.managers.SyncManager._run_server', runServer);

function* runServerBody(py: Py, writer: PyObject): Gen<void> {
  const bits = yield* py.sys({ op: 'random', bits: 32 });
  const address =
    py.config.platform === 'windows'
      ? `\\\\.\\pipe\\pyc-${py.pid}-0-${tempName(bits)}`
      : `${yield* getTempDir(py)}/listener-${tempName(bits ^ 0x5bd1e995)}`;
  const listener = yield* py.sys({
    op: 'listen',
    address,
    label: `manager listener ${address}`,
    of: { owner: 'Server', role: 'listener' },
  });
  const stop = yield* threadingLock(
    py,
    'Server.stop_event',
    { owner: 'Server', role: 'stop_event' },
    0,
  );
  py.mem.native.set('manager-server', {
    address,
    listener,
    stop,
    objects: new Map(),
  } satisfies ServerState);
  yield* send(py, writer, address, 'manager address');
  yield* close(py, writer);
  yield* py.frame('managers.py', 'serve_forever', () => serveForever(py, stop));
}

function* serveForever(py: Py, stop: number): Gen<void> {
  yield* startThread(py, 'accepter', { program: 'managers.accepter', args: [] });
  // while not self.stop_event.is_set(): self.stop_event.wait(1)
  while (!(yield* acquire(py, stop, 1))) {
    /* wait(1) timed out: look again */
  }
}

/** Server.accepter: one thread per incoming connection. */
export function* accepter(py: Py): Gen<void> {
  const state = server(py);
  for (;;) {
    const handle = yield* py.sys({ op: 'accept', handle: state.listener });
    yield* startThread(py, 'handle_request', {
      program: 'managers.handle_request',
      args: [handle],
    });
  }
}

/**
 * Server.handle_request: authenticate (deliver a challenge, then answer the
 * client's), run one server method (maybe serve_client for good).
 */
export function* handleRequest(py: Py, handle: number): Gen<void> {
  const conn = py.newObject(C.Connection, { _handle: handle, _readable: true, _writable: true });
  yield* py.frame('managers.py', 'handle_request', () => handleRequestBody(py, conn));
}

function* handleRequestBody(py: Py, conn: PyObject): Gen<void> {
  let request: PyValue;
  let line = 'deliver';
  try {
    yield* deliverChallenge(py, conn);
    line = 'answer';
    yield* answerChallenge(py, conn);
    line = 'recv';
    request = yield* recvRequest(py, conn);
  } catch (error) {
    // The client went in the middle (a Pool worker killed while its proxy connects):
    // msg = ('#TRACEBACK', format_exc()), whose c.send(msg) then fails too.
    if (!(error instanceof PyException)) throw error;
    error.frames = [py.stdlibFrame('managers.py', `_handle_request#${line}`), ...error.frames];
    yield* replyOrTraceback(
      py,
      conn,
      tuple('#TRACEBACK', tracebackText(py, error)),
      'traceback of the failed connection',
    );
    return;
  }
  const [, funcname, args] = isTuple(request) ? request.items : [];
  const argv = isTuple(args ?? null) ? (args as PyTuple).items : [];
  const state = server(py);
  let result: PyValue = null;
  // The server's method name; anything else is answered as an unknown method.
  switch (typeof funcname === 'string' ? funcname : '') {
    case 'create': {
      const typeid = argv[0] as ManagedTypeid;
      const lock = managedLock(typeid, argv.slice(1));
      const sem =
        lock !== null
          ? yield* threadingLock(py, lock.label, lock.of, lock.value, lock.max)
          : yield* threadingLock(
              py,
              'queue.Queue (managed)',
              {
                owner: 'queue.Queue',
                role: 'not_empty',
              },
              0,
            );
      const obj = py.newObject(lock !== null ? lock.cls : C.queueQueue);
      const ident = obj.addr.toString(16);
      state.objects.set(ident, { typeid, sem, items: [], refcount: 1 });
      yield* py.cpu('manager-dispatch');
      result = tuple(
        ident,
        lock !== null ? tuple('acquire', 'release') : tuple(...queueExposed(py.config.python)),
      );
      break;
    }
    case 'incref':
    case 'decref': {
      const o = state.objects.get(argv[0] as string);
      if (o) o.refcount += funcname === 'incref' ? 1 : -1;
      if (o && o.refcount <= 0) state.objects.delete(argv[0] as string);
      break;
    }
    case 'accept_connection':
      yield* py.sys({ op: 'thread.rename', name: argv[0] as string });
      py.threadName = argv[0] as string;
      try {
        yield* send(py, conn, tuple('#RETURN', null), 'response to accept_connection');
      } catch (error) {
        if (!(error instanceof PyException)) throw error;
        // The client went before its reply (a Pool worker terminated as it connects):
        // `result = func(c, ...)` raised, so msg = ('#TRACEBACK', format_exc()), which
        // c.send(msg) cannot send either.
        yield* replyOrTraceback(
          py,
          conn,
          tuple(
            '#TRACEBACK',
            tracebackText(
              py,
              failedSend(py, error, [
                py.stdlibFrame('managers.py', '_handle_request#call'),
                py.stdlibFrame('managers.py', 'accept_connection'),
              ]),
            ),
          ),
          'traceback of the failed accept_connection',
        );
        return;
      }
      yield* serveClient(py, conn);
      return;
    case 'shutdown':
      // Server.shutdown sends its own reply, then sets stop_event; handle_request then
      // sends the method's result, ('#RETURN', None), a second time, if this thread
      // runs before the process exits (the client has its reply and may have closed).
      yield* send(py, conn, tuple('#RETURN', null), 'response to shutdown');
      yield* release(py, state.stop);
      try {
        yield* send(py, conn, tuple('#RETURN', null), 'response to shutdown');
      } catch (error) {
        if (!(error instanceof PyException)) throw error;
        yield* sendTraceback(py, conn, error);
      }
      return;
    default:
      break;
  }
  yield* replyOrTraceback(py, conn, tuple('#RETURN', result), `response to ${String(funcname)}`);
}

/**
 * `_handle_request`'s `c.send(msg)`. When the client went before its reply (a Pool
 * worker terminated at exit while it increfs), its `except` pickles the traceback
 * of that failure, sent to no one.
 */
function* replyOrTraceback(py: Py, conn: PyObject, msg: PyValue, what: string): Gen<void> {
  try {
    yield* send(py, conn, msg, what);
  } catch (error) {
    if (!(error instanceof PyException)) throw error;
    yield* sendTraceback(py, conn, error);
  }
}

/** `request = c.recv()`: a whole pickled message; a failed read keeps its frames. */
function* recvRequest(py: Py, conn: PyObject): Gen<PyValue> {
  try {
    return yield* recv(py, conn, 'request');
  } catch (error) {
    if (error instanceof PyException) {
      error.frames = [py.stdlibFrame('connection.py', 'recv'), ...readFrames(py, error)];
    }
    throw error;
  }
}

function tracebackText(py: Py, error: PyException): string {
  return formatTraceback(error, py.config.python).join('\n') + '\n';
}

/**
 * `_handle_request`'s `except`: a reply that could not be sent (the client
 * already closed: BrokenPipeError) is followed by `('#TRACEBACK', format_exc())`,
 * pickled, then not sent either (that error is ignored). format_exc's frames run
 * from `_handle_request`'s `c.send(msg)` down to the write; `send` is the whole
 * call this time, not the pickling its table entry underlines.
 */
function* sendTraceback(py: Py, conn: PyObject, error: PyException): Gen<void> {
  const failed = failedSend(py, error, [py.stdlibFrame('managers.py', '_handle_request')]);
  try {
    yield* send(
      py,
      conn,
      tuple('#TRACEBACK', tracebackText(py, failed)),
      'traceback of the reply not sent',
    );
  } catch (again) {
    if (!(again instanceof PyException)) throw again;
  }
}

/**
 * The traceback of a send that found the client gone: `head` (the server's
 * frames: `_handle_request`'s `c.send(msg)`, the server method it called, such
 * as accept_connection's own send, or serve_client's `send(msg)`), then the
 * connection's down to the write; `send` is the whole call this time, not the
 * pickling its table entry underlines.
 */
function failedSend(py: Py, error: PyException, head: readonly Frame[]): PyException {
  const { expr: _pickling, ...sendFrame } = py.stdlibFrame('connection.py', 'send');
  return new PyException(error.pyType, error.pyMessage, [
    ...head,
    sendFrame,
    py.stdlibFrame('connection.py', '_send_bytes'),
    py.stdlibFrame('connection.py', '_send'),
  ]);
}

/** Server.serve_client: the loop that runs proxy method calls for one client thread. */
function* serveClient(py: Py, conn: PyObject): Gen<void> {
  yield* py.frame('managers.py', 'serve_client', () => serveClientBody(py, conn));
}

function* serveClientBody(py: Py, conn: PyObject): Gen<void> {
  for (;;) {
    let request: PyValue;
    try {
      request = yield* recv(py, conn, 'request');
    } catch (error) {
      // EOF: the client closed its connection; the thread ends.
      if (error instanceof PyException) return;
      throw toPython(error);
    }
    const [ident, methodname, args] = isTuple(request) ? request.items : [];
    const obj = server(py).objects.get(ident as string);
    const argv = isTuple(args ?? null) ? (args as PyTuple).items : [];
    yield* py.cpu('manager-dispatch');
    let res: PyValue = null;
    if (!obj) {
      yield* send(py, conn, tuple('#ERROR', `KeyError: '${String(ident)}'`), 'error response');
      continue;
    }
    switch (typeof methodname === 'string' ? methodname : '') {
      case 'acquire':
        res = yield* acquire(py, obj.sem);
        break;
      case 'release':
        yield* release(py, obj.sem);
        break;
      case 'put':
        obj.items.push(argv[0] ?? null);
        yield* release(py, obj.sem);
        break;
      case 'get':
        yield* acquire(py, obj.sem);
        res = obj.items.shift() ?? null;
        break;
      case 'empty':
        res = obj.items.length === 0;
        break;
      case 'qsize':
        res = obj.items.length;
        break;
      default:
        break;
    }
    try {
      yield* send(py, conn, tuple('#RETURN', res), `response to ${String(methodname)}`);
    } catch (error) {
      if (!(error instanceof PyException)) throw error;
      // The client went before its reply (a Pool worker terminated mid-call): the
      // `except` sends ('#UNSERIALIZABLE', format_exc()), which fails too, and the
      // thread closes the connection and ends (sys.exit(1)).
      const failed = failedSend(py, error, [py.stdlibFrame('managers.py', 'serve_client#send')]);
      try {
        yield* send(
          py,
          conn,
          tuple('#UNSERIALIZABLE', tracebackText(py, failed)),
          'traceback of the reply not sent',
        );
      } catch (again) {
        if (!(again instanceof PyException)) throw again;
      }
      return;
    }
  }
}
