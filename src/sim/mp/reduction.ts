/**
 * multiprocessing.reduction: the ForkingPickler and the reduction rules of the
 * objects the scenarios share.
 *
 * The rules are CPython's:
 * - a SemLock (Lock, BoundedSemaphore...) and a Queue call
 *   `context.assert_spawning(self)` first in `__getstate__`: outside the
 *   spawning of a child they raise `RuntimeError: <Type> objects should only be
 *   shared between processes through inheritance`;
 * - while spawning, a SemLock pickles its handle (Windows: duplicated into the
 *   child) and its name (POSIX: the child reopens it with sem_open), and a
 *   Connection pickles a "DupFd" that the child turns back into a descriptor;
 * - a Manager proxy pickles anywhere, to `RebuildProxy(type, Token(typeid,
 *   address, id), serializer, kwds)`: an address and an id, never the object;
 * - functions and classes pickle by qualified name, so lambdas and local
 *   functions fail.
 */
import {
  PyException,
  dict,
  global,
  isObject,
  isTuple,
  tuple,
  typeName,
  type PyGlobal,
  type PyObject,
  type PyTuple,
  type PyValue,
} from '../python';
import { dumps, loads, PicklingFailure, type Reduction } from '../pickle';
import type { Gen } from '../syscalls';
import { hex } from '../trace';
import { C, isA, isSemLock } from './classes';
import { knownFunction } from './functions';
import type { Py } from './runtime';
import {
  isExceptionObject,
  reduceException,
  reduceExceptionWithTraceback,
} from './pool-exceptions';

const MANAGERS = 'multiprocessing.managers';

/** pickle.DEFAULT_PROTOCOL: 4 up to 3.13, 5 from 3.14. */
export function defaultProtocol(py: Py): 4 | 5 {
  return py.config.python === '3.14' ? 5 : 4;
}

/**
 * `_ForkingPickler.dumps(obj)`, in the `reduction.py:dumps` frame, with the
 * pickle events the trace shows. Throws the PyException CPython would raise.
 */
export function* forkingDumps(py: Py, value: PyValue, what: string): Gen<Uint8Array> {
  return yield* py.frame('reduction.py', 'dumps', () => dumpsBody(py, value, what));
}

/**
 * `reduction.dump(obj, file)`, as a Popen writes what a child needs: the same
 * pickle, in the frame of `ForkingPickler(file, protocol).dump(obj)`.
 */
export function* forkingDump(py: Py, value: PyValue, what: string): Gen<Uint8Array> {
  return yield* py.frame('reduction.py', 'dump', () => dumpsBody(py, value, what));
}

// A named generator, not a `function* () {}` closure (see connection.ts's sendBody).
function* dumpsBody(py: Py, value: PyValue, what: string): Gen<Uint8Array> {
  py.emit({ kind: 'pickle.start', what, spawning: py.spawning !== null });
  yield* py.cpu('pickle');
  try {
    const bytes = pickleBytes(py, value);
    if (py.env.detailed)
      py.emit({ kind: 'pickle.done', what, hex: hex(bytes), size: bytes.length });
    return bytes;
  } catch (error) {
    if (!(error instanceof PicklingFailure)) throw error;
    const exc = error.exception;
    py.emit({
      kind: 'pickle.refused',
      what,
      error: exc.text,
      partialHex: hex(error.partial),
    });
    throw exc;
  }
}

/**
 * The ForkingPickler's bytes for `value`, with no event and no cost: what
 * `dumps` writes. Throws `PicklingFailure` where CPython's pickler raises.
 */
export function pickleBytes(py: Py, value: PyValue): Uint8Array {
  return dumps(value, {
    protocol: defaultProtocol(py),
    python: py.config.python,
    resolveGlobal: (g) => knownFunction(py, g),
    reduce: (obj) => reduceObject(py, obj),
    sharedStrings: py.rt.managerAddresses,
    addressOf: (g) => functionAddress(g),
  });
}

/** `_ForkingPickler.loads(buf)` followed by what unpickling does in CPython (sem_open, incref...). */
export function* forkingLoads(py: Py, bytes: Uint8Array, what: string): Gen<PyValue> {
  py.emit({ kind: 'unpickle', what, size: bytes.length });
  yield* py.cpu('unpickle');
  let namesManagers = false;
  const value = loads(bytes, {
    findGlobal: (module, qualname) => {
      if (module === MANAGERS) namesManagers = true;
      return global(module, qualname);
    },
    newobj: (cls) => py.newObject(cls),
    reduce: (callable, args) => rebuild(py, callable, args),
    build: (obj, state) => setState(obj, state),
  });
  // find_class imported the module: before the proxies it rebuilt connect to their server.
  if (namesManagers && !py.rt.managersImported) {
    py.rt.managersImported = true;
    yield* py.cpu('import-managers');
  }
  const pending: PyObject[] = [];
  collectPending(value, new Visited(), pending);
  for (const obj of pending) yield* activateObject(py, obj);
  return value;
}

// ── pickling side ───────────────────────────────────────────────────────────

/** `context.assert_spawning(self)` in `getstate` (`__getstate__`, or `Class.__getstate__`: stdlib-lines.ts). */
function assertSpawning(
  py: Py,
  obj: PyObject,
  getstateFile: string,
  getstate = '__getstate__',
): void {
  if (py.spawning !== null) return;
  throw new PyException(
    'RuntimeError',
    `${typeName(obj)} objects should only be shared between processes through inheritance`,
    [py.stdlibFrame(getstateFile, getstate), py.stdlibFrame('context.py', 'assert_spawning')],
  );
}

function reduceObject(py: Py, obj: PyObject): Reduction {
  if (isSemLock(obj)) return reduceSemLock(py, obj);
  if (isA(obj, C.Queue)) {
    assertSpawning(py, obj, 'queues.py');
    const d = obj.dict;
    return {
      kind: 'newobj',
      cls: obj.cls,
      args: [],
      state: tuple(
        d['_ignore_epipe']!,
        d['_maxsize']!,
        d['_reader']!,
        d['_writer']!,
        d['_rlock']!,
        d['_wlock']!,
        d['_sem']!,
        d['_opid']!,
      ),
    };
  }
  if (isA(obj, C.SimpleQueue)) {
    assertSpawning(py, obj, 'queues.py', 'SimpleQueue.__getstate__');
    const d = obj.dict;
    return {
      kind: 'newobj',
      cls: obj.cls,
      args: [],
      state: tuple(d['_reader']!, d['_writer']!, d['_rlock']!, d['_wlock']!),
    };
  }
  if (isA(obj, C.Connection) || isA(obj, C.PipeConnection)) return reduceConnection(py, obj);
  if (isA(obj, C.AuthenticationString)) {
    if (py.spawning === null) {
      throw new PyException(
        'TypeError',
        'Pickling an AuthenticationString object is disallowed for security reasons',
      );
    }
    return { kind: 'reduce', callable: C.AuthenticationString, args: [obj.dict['bytes']!] };
  }
  if (isA(obj, C.method)) {
    // method.__reduce__: (getattr, (self.__self__, self.__func__.__name__))
    return {
      kind: 'reduce',
      callable: C.getattr,
      args: [obj.dict['__self__']!, obj.dict['__name__']!],
    };
  }
  if (isA(obj, C.Token)) {
    const d = obj.dict;
    return {
      kind: 'newobj',
      cls: C.Token,
      args: [],
      state: tuple(d['typeid']!, d['address']!, d['id']!),
    };
  }
  if (obj.dict['_token'] !== undefined) return reduceProxy(py, obj);
  if (isA(obj, C.ExceptionWithTraceback)) return reduceExceptionWithTraceback(obj);
  if (isExceptionObject(obj)) return reduceException(py, obj);
  // A plain instance: copyreg.__reduce_ex__ → NEWOBJ, then BUILD with __dict__.
  const entries = Object.entries(obj.dict).filter(([k]) => !k.startsWith('__model_'));
  return {
    kind: 'newobj',
    cls: obj.cls,
    args: [],
    ...(entries.length > 0 ? { state: dict(entries.map(([k, v]) => [k, v])) } : {}),
  };
}

function reduceSemLock(py: Py, obj: PyObject): Reduction {
  assertSpawning(py, obj, 'synchronize.py');
  const sl = obj.dict['_semlock'] as PyObject;
  let h = sl.dict['handle'] as number;
  if (py.config.platform === 'windows') {
    h = py.spawning!.duplicateForChild(h);
  } else if (obj.dict['_is_fork_ctx'] === true) {
    throw new PyException(
      'RuntimeError',
      'A SemLock created in a fork context is being shared with a process in a spawn context. This is not supported. Please use the same context to create multiprocessing objects and Process.',
      [py.stdlibFrame('synchronize.py', '__getstate__')],
    );
  }
  return {
    kind: 'newobj',
    cls: obj.cls,
    args: [],
    state: tuple(h, sl.dict['kind']!, sl.dict['maxvalue']!, sl.dict['name']!),
  };
}

function reduceConnection(py: Py, conn: PyObject): Reduction {
  const popen = py.spawning;
  const handle = conn.dict['_handle'] as number;
  if (popen === null) {
    // CPython would hand the descriptor to a resource_sharer thread; no scenario does that.
    throw new PyException(
      'RuntimeError',
      'the model does not share Connections outside spawning (resource_sharer)',
    );
  }
  if (py.config.platform === 'windows') {
    const dh = py.newObject(C.DupHandle, {
      _handle: popen.duplicateForChild(handle),
      _access: 0,
      _pid: popen.childPid,
    });
    return {
      kind: 'reduce',
      callable: C.rebuild_pipe_connection,
      args: [dh, conn.dict['_readable']!, conn.dict['_writable']!],
    };
  }
  popen.fds.push(handle);
  const df =
    popen.method === 'forkserver'
      ? py.newObject(C.DupFdForkserver, { ind: popen.fds.length - 1 })
      : py.newObject(C.DupFdSpawn, { fd: handle });
  return {
    kind: 'reduce',
    callable: C.rebuild_connection,
    args: [df, conn.dict['_readable']!, conn.dict['_writable']!],
  };
}

function reduceProxy(py: Py, proxy: PyObject): Reduction {
  const kwds: [PyValue, PyValue][] = [];
  if (py.spawning !== null) kwds.push(['authkey', proxy.dict['_authkey']!]);
  const isAuto = proxy.dict['_isauto'] === true;
  if (isAuto) kwds.push(['exposed', proxy.dict['_exposed_']!]);
  return {
    kind: 'reduce',
    callable: C.RebuildProxy,
    args: [isAuto ? C.AutoProxy : proxy.cls, proxy.dict['_token']!, 'pickle', dict(kwds)],
  };
}

function functionAddress(g: PyGlobal): number {
  let h = 0;
  for (const ch of `${g.module}.${g.qualname}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return 0x7f0000000000 + (h & 0xffffff) * 0x10;
}

// ── unpickling side ─────────────────────────────────────────────────────────

/**
 * A callable the unpickler finds by name and calls (REDUCE), defined by the
 * module that owns it (managers.ts: RebuildProxy), as copyreg and
 * `ForkingPickler.register` let a module add its own types: this module
 * imports none of them.
 */
export interface Reconstructor {
  /** Builds the object, synchronously, as the unpickler calls the callable. */
  rebuild(py: Py, args: PyValue[]): PyValue;
  /**
   * What the callable also does that needs the kernel (RebuildProxy's
   * incref): the unpickler cannot make system calls, so it runs once the
   * whole value is loaded, in the order of `collectPending`.
   */
  afterLoad?(py: Py, obj: PyObject): Gen<void>;
}

const RECONSTRUCTORS = new Map<string, Reconstructor>();

/** Marks an object whose reconstructor has work left after the load: the reconstructor's name. */
const AFTER_LOAD = '__model_after_load';

export function defineReconstructor(callable: PyGlobal, reconstructor: Reconstructor): void {
  RECONSTRUCTORS.set(`${callable.module}.${callable.qualname}`, reconstructor);
}

function rebuild(py: Py, callable: PyGlobal, args: PyValue[]): PyValue {
  const is = (g: PyGlobal): boolean =>
    callable.module === g.module && callable.qualname === g.qualname;
  if (is(C.rebuild_connection) || is(C.rebuild_pipe_connection)) {
    const df = args[0] as PyObject;
    let handle: number;
    if (isA(df, C.DupFdForkserver)) handle = py.rt.inheritedFds[df.dict['ind'] as number]!;
    else if (isA(df, C.DupHandle)) handle = df.dict['_handle'] as number;
    else handle = df.dict['fd'] as number;
    return py.newObject(is(C.rebuild_pipe_connection) ? C.PipeConnection : C.Connection, {
      _handle: handle,
      _readable: args[1]!,
      _writable: args[2]!,
    });
  }
  if (is(C.AuthenticationString)) {
    return py.newObject(C.AuthenticationString, { bytes: args[0]! });
  }
  const name = `${callable.module}.${callable.qualname}`;
  const reconstructor = RECONSTRUCTORS.get(name);
  if (reconstructor !== undefined) {
    const value = reconstructor.rebuild(py, args);
    if (reconstructor.afterLoad !== undefined && isObject(value)) value.dict[AFTER_LOAD] = name;
    return value;
  }
  if (is(C.getattr)) {
    const cls = args[0] as PyGlobal;
    return global(cls.module, `${cls.qualname}.${args[1] as string}`);
  }
  return py.newObject(callable, { __args__: tuple(...args) });
}

function setState(obj: PyValue, state: PyValue): PyValue {
  if (!isObject(obj)) return obj;
  if (isSemLock(obj) && isTuple(state)) {
    obj.dict['__model_state'] = state;
    return obj;
  }
  if (isA(obj, C.Queue) && isTuple(state)) {
    const [ignore, maxsize, reader, writer, rlock, wlock, sem, opid] = state.items;
    Object.assign(obj.dict, {
      _ignore_epipe: ignore!,
      _maxsize: maxsize!,
      _reader: reader!,
      _writer: writer!,
      _rlock: rlock!,
      _wlock: wlock!,
      _sem: sem!,
      _opid: opid!,
      _thread: null,
      _closed: false,
    });
    return obj;
  }
  if (isA(obj, C.SimpleQueue) && isTuple(state)) {
    const [reader, writer, rlock, wlock] = state.items;
    Object.assign(obj.dict, { _reader: reader!, _writer: writer!, _rlock: rlock!, _wlock: wlock! });
    return obj;
  }
  if (isA(obj, C.Token) && isTuple(state)) {
    const [typeid, address, id] = state.items;
    Object.assign(obj.dict, { typeid: typeid!, address: address!, id: id! });
    return obj;
  }
  if (
    typeof state === 'object' &&
    state !== null &&
    !(state instanceof Uint8Array) &&
    state.t === 'dict'
  ) {
    for (const [k, v] of state.entries) obj.dict[k as string] = v;
    return obj;
  }
  obj.dict['__state__'] = state;
  return obj;
}

/**
 * The containers a walk has been through: a list while short (a message
 * holds a handful; a Set per unpickled message was a cost), a Set beyond.
 */
class Visited {
  private list: object[] | null = [];
  private set: Set<object> | null = null;

  /** Adds `o`; false if it was there already. */
  add(o: object): boolean {
    if (this.list !== null) {
      if (this.list.includes(o)) return false;
      this.list.push(o);
      if (this.list.length > 32) {
        this.set = new Set(this.list);
        this.list = null;
      }
      return true;
    }
    if (this.set!.has(o)) return false;
    this.set!.add(o);
    return true;
  }
}

/**
 * What CPython does while unpickling that needs the kernel: `SemLock._rebuild`
 * reopens a POSIX semaphore by name (on Windows the handle was already
 * duplicated into us), and a reconstructor's `afterLoad` (RebuildProxy
 * increfs the referent in its manager).
 *
 * The objects that need it are found first, without yielding (most messages
 * hold none): a generator per value visited was a large share of a run's
 * allocations. They are then handled in the order a depth-first walk meets
 * them, contents before the object that holds them.
 */
function collectPending(value: PyValue, seen: Visited, out: PyObject[]): void {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
  if (!seen.add(value)) return;
  if (value.t === 'tuple' || value.t === 'list') {
    for (const item of value.items) collectPending(item, seen, out);
    return;
  }
  if (value.t === 'dict') {
    for (const [, v] of value.entries) collectPending(v, seen, out);
    return;
  }
  if (value.t !== 'obj') return;
  const d = value.dict;
  for (const k in d) collectPending(d[k]!, seen, out);
  if ((isSemLock(value) && d['__model_state'] !== undefined) || d[AFTER_LOAD] !== undefined) {
    out.push(value);
  }
}

function* activateObject(py: Py, value: PyObject): Gen<void> {
  if (isSemLock(value) && value.dict['__model_state'] !== undefined) {
    const [handle, kind, maxvalue, name] = (value.dict['__model_state'] as PyTuple).items;
    delete value.dict['__model_state'];
    let h = handle as number;
    if (py.config.platform !== 'windows') {
      h = yield* py.sys({
        op: 'sem.open',
        name: name as string,
        label: `${typeName(value)} ${name as string}`,
      });
    }
    value.dict['_semlock'] = py.newObject(global('_multiprocessing', 'SemLock'), {
      handle: h,
      kind: kind!,
      maxvalue: maxvalue!,
      name: name!,
    });
    return;
  }
  const rebuiltBy = value.dict[AFTER_LOAD];
  if (typeof rebuiltBy === 'string') {
    delete value.dict[AFTER_LOAD];
    yield* RECONSTRUCTORS.get(rebuiltBy)!.afterLoad!(py, value);
  }
}
