/**
 * multiprocessing.managers: SyncManager, its server process, and proxies.
 *
 * `mp.Manager()` starts one server process (SyncManager-N) that holds the
 * real objects. `manager.Lock()` asks it to create a `threading.Lock` and
 * returns an AcquirerProxy: a Token (typeid, the server's address, the
 * object's id) and nothing else. Every method call on a proxy is one request
 * and one response over a connection to the server, which is why a proxy can
 * be pickled anywhere (it is only an address and an id) and why it is
 * hundreds of times slower than a SemLock.
 *
 * The proxy also keeps its manager alive: `mp.Manager().Lock()` leaves the
 * Manager object referenced only by the proxy, so the server is shut down
 * when the proxy goes away (and `mp.Manager().Lock()` plus
 * `mp.Manager().Queue()` start two servers).
 *
 * This is the client side; the server process is manager-server.ts.
 */
import {
  PyException,
  dict,
  global,
  isDict,
  isObject,
  isTuple,
  tuple,
  type PyGlobal,
  type PyObject,
  type PyTuple,
  type PyValue,
} from '../python';
import type { Gen } from '../syscalls';
import { C, queueExposed } from './classes';
import { Client } from './auth';
import { Pipe, close, recv, send } from './connection';
import { start } from './popen';
import { newProcess, isAlive, join, authkeyBytes } from './process';
import { defineReconstructor } from './reduction';
import type { Py } from './runtime';
import {
  cancelFinalizer,
  defineAfterForkHook,
  defineFinalizer,
  registerAfterFork,
  registerFinalizer,
} from './util';
import { syncManagerRegistry } from './manager-registry';
import type { ManagedTypeid } from './manager-locks';

// The names this module's finalizers and after-fork hook are registered under.
const FINALIZE_MANAGER = 'BaseManager._finalize_manager';
const PROXY_DECREF = 'BaseProxy._decref';
const PROXY_AFTER_FORK = 'BaseProxy._after_fork';

/** `mp.Manager()`: SyncManager(ctx) and start(). */
export function* Manager(py: Py): Gen<PyObject> {
  py.rt.managersImported = true; // mp.Manager() imports multiprocessing.managers
  const authkey = py.newObject(C.AuthenticationString, { bytes: authkeyBytes(py.rt.authkey) });
  const manager = py.register(
    py.newObject(C.SyncManager, {
      _address: null,
      _authkey: authkey,
      _serializer: 'pickle',
      _state: 'INITIAL',
    }),
  );
  yield* py.frame('managers.py', 'start', () => managerStart(py, manager, authkey));
  return manager;
}

// Frame bodies are named generator functions, not `function* () {}` closures:
// V8 gives every new generator closure its own prototype and map when it is
// first called, which made each frame many times slower to enter.
function* managerStart(py: Py, manager: PyObject, authkey: PyObject): Gen<void> {
  const [reader, writer] = yield* Pipe(py, false, 'manager address pipe', {
    owner: 'BaseManager',
    role: 'address pipe',
  });
  const registry = syncManagerRegistry(py.config.python);
  const proc = newProcess(py, {
    // target=type(self)._run_server: a classmethod bound to SyncManager.
    target: py.newObject(C.method, { __self__: C.SyncManager, __name__: '_run_server' }),
    args: [registry, null, authkey, 'pickle', writer, null, tuple()],
  });
  const identity = (proc.dict['_identity'] as PyTuple).items.join(':');
  proc.dict['_name'] = `SyncManager-${identity}`;
  manager.dict['_process'] = proc;
  yield* start(py, proc);
  yield* close(py, writer);
  const address = (yield* recv(py, reader, 'manager address')) as string;
  manager.dict['_address'] = address;
  py.rt.managerAddresses.push(address);
  yield* close(py, reader);
  manager.dict['_state'] = 'STARTED';
  registerFinalizer(py, FINALIZE_MANAGER, manager.addr, 0);
}

/**
 * `manager.Lock()`, `manager.Semaphore(2)`, `manager.Queue()`...: create on
 * the server, wrap in a proxy. `_create` sends `(typeid,) + args`.
 */
export function* managerCreate(
  py: Py,
  manager: PyObject,
  typeid: ManagedTypeid,
  args: readonly PyValue[] = [],
): Gen<PyObject> {
  return yield* py.frame('managers.py', 'temp', () => managerCreateBody(py, manager, typeid, args));
}

function* managerCreateBody(
  py: Py,
  manager: PyObject,
  typeid: ManagedTypeid,
  args: readonly PyValue[],
): Gen<PyObject> {
  const address = manager.dict['_address'] as string;
  const created = (yield* dispatchOnce(py, address, 'create', tuple(typeid, ...args))) as PyTuple;
  const [ident, exposed] = created.items as [string, PyValue];
  const token = py.newObject(C.Token, { typeid, address, id: ident });
  const auto = typeid === 'Queue' || typeid === 'JoinableQueue';
  const proxy = py.newObject(
    auto ? global('multiprocessing.managers', `AutoProxy[${typeid}]`) : C.AcquirerProxy,
    {
      _token: token,
      _serializer: 'pickle',
      _authkey: proxyAuthkey(py, manager),
      _isauto: auto,
      ...(auto ? { _exposed_: exposed ?? tuple(...queueExposed(py.config.python)) } : {}),
      _manager: manager,
      _closed: false,
    },
  );
  registerProxy(py, proxy);
  yield* increfProxy(py, proxy);
  // _create's own reference is dropped right away.
  yield* dispatchOnce(py, address, 'decref', tuple(ident));
  return proxy;
}

/**
 * BaseProxy.__init__'s `AuthenticationString(authkey)` of the Manager's key: a
 * new object for every proxy, so two proxies of one Manager pickle it twice.
 */
function proxyAuthkey(py: Py, manager: PyObject): PyObject {
  const key = (manager.dict['_authkey'] as PyObject).dict['bytes'] as Uint8Array;
  return py.newObject(C.AuthenticationString, { bytes: key.slice() });
}

/** A short-lived connection for one server method: create, incref, decref, shutdown. */
function* dispatchOnce(py: Py, address: string, method: string, args: PyValue): Gen<PyValue> {
  const conn = yield* Client(py, address, 'BaseManager');
  try {
    return yield* dispatch(py, conn, address, null, method, args);
  } finally {
    yield* close(py, conn);
  }
}

/** managers.dispatch(): send (id, method, args, kwds), receive ('#RETURN', result). */
function* dispatch(
  py: Py,
  conn: PyObject,
  address: string,
  id: string | null,
  method: string,
  args: PyValue,
): Gen<PyValue> {
  py.rt.requestCount += 1;
  py.emit({ kind: 'proxy.request', address, id, method, count: py.rt.requestCount });
  yield* send(py, conn, tuple(id, method, args, dict()), `request ${method}`);
  const reply = yield* recv(py, conn, `response to ${method}`);
  const [kind, result] = isTuple(reply) ? reply.items : ['#ERROR', null];
  py.emit({ kind: 'proxy.response', address, method, ok: kind === '#RETURN' });
  if (kind !== '#RETURN') {
    throw new PyException('RemoteError', typeof result === 'string' ? result : 'error in manager');
  }
  return result ?? null;
}

/** BaseProxy._incref(): a new connection, one 'incref' request. */
export function* increfProxy(py: Py, proxy: PyObject): Gen<void> {
  const token = proxy.dict['_token'] as PyObject;
  const address = token.dict['address'] as string;
  yield* py.frame('managers.py', '_incref', () =>
    dispatchOnce(py, address, 'incref', tuple(token.dict['id']!)),
  );
  // self._idset.add(self._id): a set (ProcessLocalSet), so two proxies of one
  // referent in a process count once, and the first decref discards it (below).
  const ids = proxyIds(py, address);
  const id = token.dict['id'] as string;
  if (!ids.includes(id)) ids.push(id);
  // _incref registers util.Finalize(self, BaseProxy._decref, ..., exitpriority=10): a
  // process that still holds the proxy when it exits (a forked child's copy, a spawned
  // child's argument) sends 'decref' from _exit_function.
  registerFinalizer(py, PROXY_DECREF, proxy.addr, 10);
}

/** BaseProxy.__init__: findable by address, and register_after_fork(self, BaseProxy._after_fork). */
function registerProxy(py: Py, proxy: PyObject): PyObject {
  py.register(proxy);
  registerAfterFork(py, PROXY_AFTER_FORK, proxy.addr);
  return proxy;
}

/**
 * BaseProxy._after_fork: the forked child's copy of a proxy increfs its
 * referent, and the child opens its own connection to the server (the
 * thread-local connections were the parent's).
 */
function* proxyAfterFork(py: Py, addr: number): Gen<void> {
  const proxy = py.mem.heap.get(addr)!;
  if (proxy.dict['_closed'] === true) return;
  const token = proxy.dict['_token'] as PyObject;
  py.rt.proxyConnections.delete(token.dict['address'] as string);
  yield* increfProxy(py, proxy);
}

/**
 * RebuildProxy(func, token, serializer, kwds): the proxy an unpickled Token
 * becomes. It increfs (afterLoad) unless the process is still being created
 * (`_inheriting`): then the child's after-fork hook increfs instead.
 */
function rebuildProxy(py: Py, args: PyValue[]): PyValue {
  const [func, token, serializer, kwds] = args as [PyGlobal, PyObject, string, PyValue];
  const kw: Record<string, PyValue> = isDict(kwds)
    ? Object.fromEntries(kwds.entries.map(([k, v]) => [k as string, v]))
    : {};
  const auto = func.qualname === 'AutoProxy';
  const typeid = token.dict['typeid'] as string;
  return registerProxy(
    py,
    py.newObject(auto ? global('multiprocessing.managers', `AutoProxy[${typeid}]`) : func, {
      _token: token,
      _serializer: serializer,
      _authkey: kw['authkey'] ?? null,
      _isauto: auto,
      ...(auto ? { _exposed_: kw['exposed'] ?? tuple(...queueExposed(py.config.python)) } : {}),
    }),
  );
}

function* increfRebuiltProxy(py: Py, proxy: PyObject): Gen<void> {
  if (!py.rt.inheriting) yield* increfProxy(py, proxy);
}

/** The exit-time BaseProxy._decref of a proxy not released before. */
function* decrefAtExit(py: Py, addr: number): Gen<void> {
  const proxy = py.mem.heap.get(addr);
  if (proxy === undefined || proxy.dict['_closed'] === true) return;
  proxy.dict['_closed'] = true;
  const token = proxy.dict['_token'] as PyObject;
  const address = token.dict['address'] as string;
  try {
    yield* py.frame('managers.py', '_decref', () => decref(py, token, address));
  } catch (error) {
    // _decref: "except Exception as e: util.debug('... decref failed %s', e)".
    if (!(error instanceof PyException)) throw error;
  }
}

/**
 * BaseProxy._decref(), run when the proxy is garbage-collected: one 'decref'
 * request; when it was this process's last proxy for that manager, the
 * thread's connection is closed too. A manager referenced only by proxies is
 * then collected as well, which shuts its server down.
 */
export function* releaseProxy(py: Py, proxy: PyObject): Gen<void> {
  if (proxy.dict['_closed'] === true) return;
  proxy.dict['_closed'] = true;
  const token = proxy.dict['_token'] as PyObject;
  const address = token.dict['address'] as string;
  yield* py.frame('managers.py', '_decref', () => decref(py, token, address));
  const manager = proxy.dict['_manager'];
  if (isObject(manager) && !managerStillReferenced(py, manager)) {
    yield* finalizeManager(py, manager.addr);
  }
}

function* decref(py: Py, token: PyObject, address: string): Gen<void> {
  yield* dispatchOnce(py, address, 'decref', tuple(token.dict['id']!));
  // idset.discard(token.id), then "if not idset and hasattr(tls, 'connection')":
  // with another proxy of the same referent still alive in this process (a
  // forked worker's inherited copy, and the copy each task unpickles), the id
  // is gone all the same, and this thread's next call connects anew
  // (accept_connection), as CPython's does.
  const ids = proxyIds(py, address);
  const at = ids.indexOf(token.dict['id'] as string);
  if (at >= 0) ids.splice(at, 1);
  if (ids.length === 0) {
    const conns = py.rt.proxyConnections.get(address);
    const conn = conns?.get(py.threadName);
    if (conn !== undefined) {
      conns!.delete(py.threadName);
      yield* py.sys({ op: 'close', handle: conn });
    }
  }
}

/** BaseProxy._idset for a manager's address: the referents this process holds proxies of. */
function proxyIds(py: Py, address: string): string[] {
  const key = `proxy-ids:${address}`;
  let ids = py.mem.native.get(key) as string[] | undefined;
  if (ids === undefined) py.mem.native.set(key, (ids = []));
  return ids;
}

function managerStillReferenced(py: Py, manager: PyObject): boolean {
  for (const o of py.mem.heap.values()) {
    if (o.dict['_manager'] === manager && o.dict['_closed'] !== true) return true;
  }
  return false;
}

/** BaseProxy._callmethod(): one request, one response, over this thread's connection. */
export function* callMethod(
  py: Py,
  proxy: PyObject,
  method: string,
  args: PyValue[],
): Gen<PyValue> {
  return yield* py.frame('managers.py', '_callmethod', () =>
    callMethodBody(py, proxy, method, args),
  );
}

function* callMethodBody(py: Py, proxy: PyObject, method: string, args: PyValue[]): Gen<PyValue> {
  const token = proxy.dict['_token'] as PyObject;
  const address = token.dict['address'] as string;
  let conns = py.rt.proxyConnections.get(address);
  if (conns === undefined) py.rt.proxyConnections.set(address, (conns = new Map()));
  const handle = conns.get(py.threadName);
  let conn: PyObject;
  if (handle === undefined) {
    // BaseProxy._connect(): a connection per process and thread, named after them on the server.
    conn = yield* py.frame('managers.py', '_connect', () => connectProxy(py, address));
    conns.set(py.threadName, conn.dict['_handle'] as number);
  } else {
    conn = py.newObject(C.Connection, { _handle: handle, _readable: true, _writable: true });
  }
  return yield* dispatch(py, conn, address, token.dict['id'] as string, method, tuple(...args));
}

function* connectProxy(py: Py, address: string): Gen<PyObject> {
  // BaseProxy._connect(): the proxy's own connection, kept per thread.
  const c = yield* Client(py, address, 'BaseProxy');
  const name = py.threadName === 'MainThread' ? py.rt.name : `${py.rt.name}|${py.threadName}`;
  yield* dispatch(py, c, address, null, 'accept_connection', tuple(name));
  return c;
}

/** Manager finalizer (`_finalize_manager`): ask the server to shut down, then join it. */
function* finalizeManager(py: Py, managerAddr: number): Gen<void> {
  const manager = py.mem.heap.get(managerAddr);
  if (!manager || manager.dict['_state'] !== 'STARTED') return;
  manager.dict['_state'] = 'SHUTDOWN';
  cancelFinalizer(py, FINALIZE_MANAGER, managerAddr);
  const proc = manager.dict['_process'] as PyObject;
  yield* py.frame('managers.py', '_finalize_manager', () => shutdownServer(py, manager, proc));
}

function* shutdownServer(py: Py, manager: PyObject, proc: PyObject): Gen<void> {
  if (yield* isAlive(py, proc)) {
    try {
      yield* dispatchOnce(py, manager.dict['_address'] as string, 'shutdown', tuple());
    } catch (error) {
      if (!(error instanceof PyException)) throw error;
    }
    yield* join(py, proc);
  }
}

defineFinalizer(FINALIZE_MANAGER, finalizeManager);
defineFinalizer(PROXY_DECREF, decrefAtExit);
defineAfterForkHook(PROXY_AFTER_FORK, proxyAfterFork);
defineReconstructor(C.RebuildProxy, { rebuild: rebuildProxy, afterLoad: increfRebuiltProxy });
