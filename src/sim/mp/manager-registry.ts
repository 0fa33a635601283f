/**
 * `SyncManager._registry`, as `BaseManager.start()` passes it to the manager
 * process (`args=(self._registry, ...)`): under spawn and forkserver the
 * whole registry is pickled with the Process object, and its target is the
 * bound classmethod `SyncManager._run_server`, which pickles as
 * `getattr(SyncManager, '_run_server')`.
 *
 * Read off CPython 3.11.7, 3.12.1 and 3.13.0 (`SyncManager._registry`): one
 * entry per `SyncManager.register(typeid, callable, proxytype, exposed,
 * method_to_typeid)`, in registration order, each `(callable, exposed,
 * method_to_typeid, proxytype)`. The three releases differ only in Lock's
 * callable: `threading.Lock` is `_thread.allocate_lock` before 3.13 and the
 * type `_thread.lock` from 3.13. An exposed tuple is the proxy type's
 * `_exposed_` class attribute, so the AcquirerProxy registrations share one.
 */
import { dict, global, tuple, type PyGlobal, type PyTuple, type PyValue } from '../python';
import type { RunConfig } from '../syscalls';

const M = 'multiprocessing.managers';
const proxy = (name: string): PyGlobal => global(M, name);

export function syncManagerRegistry(python: RunConfig['python']): PyValue {
  const acquirer = tuple('acquire', 'release');
  const queue = global('queue', 'Queue');
  const autoProxy = proxy('AutoProxy');
  const lock =
    python === '3.11' || python === '3.12'
      ? global('_thread', 'allocate_lock', 'c-function')
      : global('_thread', 'lock', 'c-type');
  const entry = (
    callable: PyGlobal | null,
    exposed: PyTuple | null,
    methodToTypeid: PyValue,
    proxytype: PyGlobal,
  ): PyTuple => tuple(callable, exposed, methodToTypeid, proxytype);
  return dict([
    ['Queue', entry(queue, null, null, autoProxy)],
    ['JoinableQueue', entry(queue, null, null, autoProxy)],
    [
      'Event',
      entry(
        global('threading', 'Event'),
        tuple('is_set', 'set', 'clear', 'wait'),
        null,
        proxy('EventProxy'),
      ),
    ],
    ['Lock', entry(lock, acquirer, null, proxy('AcquirerProxy'))],
    ['RLock', entry(global('threading', 'RLock'), acquirer, null, proxy('AcquirerProxy'))],
    ['Semaphore', entry(global('threading', 'Semaphore'), acquirer, null, proxy('AcquirerProxy'))],
    [
      'BoundedSemaphore',
      entry(global('threading', 'BoundedSemaphore'), acquirer, null, proxy('AcquirerProxy')),
    ],
    [
      'Condition',
      entry(
        global('threading', 'Condition'),
        tuple('acquire', 'release', 'wait', 'notify', 'notify_all'),
        null,
        proxy('ConditionProxy'),
      ),
    ],
    [
      'Barrier',
      entry(
        global('threading', 'Barrier'),
        tuple('__getattribute__', 'wait', 'abort', 'reset'),
        null,
        proxy('BarrierProxy'),
      ),
    ],
    [
      'Pool',
      entry(
        global('multiprocessing.pool', 'Pool'),
        tuple(
          'apply',
          'apply_async',
          'close',
          'imap',
          'imap_unordered',
          'join',
          'map',
          'map_async',
          'starmap',
          'starmap_async',
          'terminate',
        ),
        dict([
          ['apply_async', 'AsyncResult'],
          ['map_async', 'AsyncResult'],
          ['starmap_async', 'AsyncResult'],
          ['imap', 'Iterator'],
          ['imap_unordered', 'Iterator'],
        ]),
        proxy('PoolProxy'),
      ),
    ],
    [
      'list',
      entry(
        global('builtins', 'list', 'c-type'),
        tuple(
          '__add__',
          '__contains__',
          '__delitem__',
          '__getitem__',
          '__len__',
          '__mul__',
          '__reversed__',
          '__rmul__',
          '__setitem__',
          'append',
          'count',
          'extend',
          'index',
          'insert',
          'pop',
          'remove',
          'reverse',
          'sort',
          '__imul__',
        ),
        null,
        proxy('ListProxy'),
      ),
    ],
    [
      'dict',
      entry(
        global('builtins', 'dict', 'c-type'),
        tuple(
          '__contains__',
          '__delitem__',
          '__getitem__',
          '__iter__',
          '__len__',
          '__setitem__',
          'clear',
          'copy',
          'get',
          'items',
          'keys',
          'pop',
          'popitem',
          'setdefault',
          'update',
          'values',
        ),
        dict([['__iter__', 'Iterator']]),
        proxy('DictProxy'),
      ),
    ],
    ['Value', entry(global(M, 'Value'), tuple('get', 'set'), null, proxy('ValueProxy'))],
    [
      'Array',
      entry(
        global(M, 'Array'),
        tuple('__len__', '__getitem__', '__setitem__'),
        null,
        proxy('ArrayProxy'),
      ),
    ],
    [
      'Namespace',
      entry(
        global(M, 'Namespace'),
        tuple('__getattribute__', '__setattr__', '__delattr__'),
        null,
        proxy('NamespaceProxy'),
      ),
    ],
    [
      'Iterator',
      entry(null, tuple('__next__', 'send', 'throw', 'close'), null, proxy('IteratorProxy')),
    ],
    ['AsyncResult', entry(null, null, null, autoProxy)],
  ]);
}
