/**
 * The scenario's calls on its lock and queue, the same line of the script
 * whatever the object is: a SemLock, a plain Queue or SimpleQueue, or a
 * Manager's proxy (a round trip to the manager).
 */
import { PyException, isObject, pyRepr, type PyObject, type PyValue } from './python';
import type { Gen } from './syscalls';
import {
  C,
  callMethod,
  isA,
  queueEmpty,
  queueGet,
  queuePut,
  semAcquire,
  semRelease,
  simpleGet,
  simplePut,
  type Py,
} from './mp';

/**
 * `lock.acquire()` with `lock` None (a module global a spawned child never set):
 * the attribute lookup raises, so the carets mark `lock.acquire`, not the call.
 */
function noneHasNo(name: string, attribute: string): PyException {
  return new PyException(
    'AttributeError',
    `'NoneType' object has no attribute '${attribute}'`,
    [],
    `${name}.${attribute}`,
  );
}

function isProxy(v: PyValue): v is PyObject {
  return isObject(v) && v.dict['_token'] !== undefined;
}

export function* lockAcquire(py: Py, lock: PyValue): Gen<void> {
  if (lock === null) throw noneHasNo('lock', 'acquire');
  if (isProxy(lock)) yield* callMethod(py, lock, 'acquire', [true]);
  else yield* semAcquire(py, lock);
}

export function* lockRelease(py: Py, lock: PyValue): Gen<void> {
  if (lock === null) throw noneHasNo('lock', 'release');
  if (isProxy(lock)) yield* callMethod(py, lock, 'release', []);
  else yield* semRelease(py, lock);
}

export function* queuePutAny(py: Py, queue: PyValue, item: PyValue): Gen<void> {
  if (queue === null) throw noneHasNo('queue', 'put');
  if (isProxy(queue)) yield* callMethod(py, queue, 'put', [item]);
  else if (isA(queue, C.SimpleQueue))
    yield* simplePut(py, queue as unknown as PyObject, item, `queue item ${pyRepr(item)}`);
  else yield* queuePut(py, queue as unknown as PyObject, item);
}

export function* queueEmptyAny(py: Py, queue: PyObject): Gen<boolean> {
  if (isProxy(queue)) return (yield* callMethod(py, queue, 'empty', [])) === true;
  // SimpleQueue.empty() is Queue.empty()'s `not self._poll()`, on the same `_reader`.
  return yield* queueEmpty(py, queue);
}

export function* queueGetAny(py: Py, queue: PyObject): Gen<PyValue> {
  if (isProxy(queue)) return yield* callMethod(py, queue, 'get', []);
  if (isA(queue, C.SimpleQueue)) return yield* simpleGet(py, queue, 'queue item');
  return yield* queueGet(py, queue);
}
