/**
 * multiprocessing.connection: Pipe(), Connection.send/recv (pickle + framed
 * bytes); the managers' Client() and its handshake are auth.ts.
 *
 * A Connection is a Python object holding a handle number (`_handle`): the
 * descriptor in *this* process's handle table. Sending pickles in the caller's
 * thread (`connection.py:send` → `reduction.py:dumps`), which is why a Pool
 * task that cannot be pickled raises in the parent's task-handler thread.
 */
import { PyException, type PyObject, type PyValue } from '../python';
import { KernelError, type Gen } from '../syscalls';
import type { ObjectOwnership } from '../trace';
import { C } from './classes';
import { forkingDumps, forkingLoads } from './reduction';
import type { Py } from './runtime';

function connectionClass(py: Py): typeof C.Connection {
  return py.config.platform === 'windows' ? C.PipeConnection : C.Connection;
}

export function newConnection(
  py: Py,
  handle: number,
  readable: boolean,
  writable: boolean,
): PyObject {
  return py.newObject(connectionClass(py), {
    _handle: handle,
    _readable: readable,
    _writable: writable,
  });
}

/** multiprocessing.Pipe(duplex): returns (reader, writer) for a one-way pipe. */
export function* Pipe(
  py: Py,
  duplex: boolean,
  label: string,
  of: ObjectOwnership,
): Gen<[PyObject, PyObject]> {
  const [a, b] = yield* py.sys({ op: 'pipe.create', duplex, label, of });
  if (duplex) return [newConnection(py, a, true, true), newConnection(py, b, true, true)];
  return [newConnection(py, a, true, false), newConnection(py, b, false, true)];
}

export function handleOf(conn: PyValue): number {
  return (conn as PyObject).dict['_handle'] as number;
}

/** Connection.send(obj): pickle in this thread, then write the framed bytes. */
export function* send(py: Py, conn: PyValue, obj: PyValue, what: string): Gen<void> {
  yield* py.frame('connection.py', 'send', () => sendBody(py, conn, obj, what));
}

// Frame bodies are named generator functions, not `function* () {}` closures:
// V8 gives every new generator closure its own prototype and map when it is
// first called, which made each frame many times slower to enter.
function* sendBody(py: Py, conn: PyValue, obj: PyValue, what: string): Gen<void> {
  const bytes = yield* forkingDumps(py, obj, what);
  yield* sendBytes(py, conn, bytes);
}

export function* sendBytes(py: Py, conn: PyValue, bytes: Uint8Array): Gen<void> {
  try {
    yield* py.sys({ op: 'pipe.send', handle: handleOf(conn), payload: bytes });
  } catch (error) {
    throw toPython(error);
  }
}

/** Connection.recv(): block for one message, then unpickle it. */
export function* recv(py: Py, conn: PyValue, what: string): Gen<PyValue> {
  return yield* py.frame('connection.py', 'recv', () => recvBody(py, conn, what));
}

function* recvBody(py: Py, conn: PyValue, what: string): Gen<PyValue> {
  const bytes = yield* recvBytes(py, conn);
  return yield* forkingLoads(py, bytes, what);
}

export function* recvBytes(py: Py, conn: PyValue): Gen<Uint8Array> {
  try {
    return yield* py.sys({ op: 'pipe.recv', handle: handleOf(conn) });
  } catch (error) {
    throw toPython(error);
  }
}

// One system call each: `py.sys()`'s generator, not a generator of their own.
export function poll(py: Py, conn: PyValue): Gen<boolean> {
  return py.sys({ op: 'pipe.poll', handle: handleOf(conn) });
}

export function close(py: Py, conn: PyValue): Gen<void> {
  return py.sys({ op: 'close', handle: handleOf(conn) });
}

/** Kernel errors as the Python exceptions CPython raises for them. */
export function toPython(error: unknown): unknown {
  if (!(error instanceof KernelError)) return error;
  switch (error.code) {
    case 'EOF':
      return new PyException('EOFError', '');
    case 'EPIPE':
      return new PyException('BrokenPipeError', '[Errno 32] Broken pipe');
    case 'ECONNRESET':
      return new PyException('ConnectionResetError', '[Errno 104] Connection reset by peer');
    case 'ECONNREFUSED':
      return new PyException('ConnectionRefusedError', '[Errno 111] Connection refused');
    case 'EBADF':
      return new PyException('OSError', '[Errno 9] Bad file descriptor');
    default:
      return new PyException('OSError', error.message);
  }
}
