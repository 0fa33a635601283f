#!/usr/bin/env python3
"""Measure what real CPython does with the seed's multiprocessing scenarios.

mpviz (a TypeScript visualiser of Python multiprocessing) compares its model
with these measurements.  This script drives ``cpython_scenarios.py`` (the
seed's full script ported to Python 3, plus scenarios 5 and 6) and writes a
JSON file of the same shape as ``oracle/cpython-3.11.json``:

    python3 scripts/cpython_facts.py [--runs N] [--cells all|raised|quick]
                                     [--out PATH] [--no-extra] [--jobs J]
    python3 scripts/cpython_facts.py --self-check

Every (scenario, start method, call) run happens in a fresh interpreter
(``python3 -c "import cpython_facts; cpython_facts._child_cell(...)"``) in its
own session, with a timeout; a run that hangs is recorded as ``"timeout"`` and
its whole process group is killed.  The standard library is all it needs.

``--cells all``    every cell (6 scenarios x 3 start methods x map/imap)
``--cells raised`` only the scenario 1 and 5 ``map`` cells (the ones that raise)
``--cells quick``  every cell, one run each
``--self-check``   quick cells, compared with oracle/cpython-3.11.json: exits 1
                   if the cells that raise, their error or their frames differ.
"""
import argparse
import ast
import collections
import itertools
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFERENCE = os.path.join(ROOT, 'oracle', 'cpython-3.11.json')
SCENARIOS_FILE = os.path.join(HERE, 'cpython_scenarios.py')

SCENARIOS = (1, 2, 3, 4, 5, 6)
METHODS = ('fork', 'spawn', 'forkserver')
CALLS = ('map', 'imap')
RUN_TIMEOUT = 60.0
FACT_TIMEOUT = 120.0
ARGS = list(range(10))


# ===========================================================================
# helpers shared by parent and children
# ===========================================================================

def frame_str(filename, name):
    return '%s:%s' % (os.path.basename(filename), name)


def exc_text(e):
    return '%s: %s' % (type(e).__name__, e)


def exc_info(e):
    """Type, message and frames (outermost first) of an exception."""
    import traceback
    tb = traceback.extract_tb(e.__traceback__)
    return {
        'type': type(e).__name__,
        'qualifiedType': '%s.%s' % (type(e).__module__, type(e).__qualname__),
        'message': str(e),
        'error': exc_text(e),
        'printed': traceback.format_exception_only(type(e), e)[-1].rstrip('\n'),
        'frames': [frame_str(f.filename, f.name) for f in tb],
        'tb': [[f.filename, f.lineno, f.name, f.line] for f in tb],
    }


def normalize_process_name(name):
    return re.sub(r'-\d+(:\d+)*$', '-N', name)


def proc_table():
    """pid -> (ppid, pgrp, state, comm) for every process visible in /proc."""
    tab = {}
    try:
        entries = os.listdir('/proc')
    except OSError:
        return tab
    for d in entries:
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % d) as f:
                s = f.read()
            r = s.rindex(')')
            comm = s[s.index('(') + 1:r]
            fields = s[r + 2:].split()
            tab[int(d)] = (int(fields[1]), int(fields[2]), fields[0], comm)
        except (OSError, ValueError, IndexError):
            pass
    return tab


def _cmdline(pid, limit=160):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            s = f.read().replace(b'\0', b' ').decode('utf-8', 'replace').strip()
    except OSError:
        return None
    return s if len(s) <= limit else s[:limit] + '...'


def descendants(root):
    """Live (non-zombie) descendants of root, as {pid, ppid, comm, cmdline}."""
    tab = proc_table()
    kids = collections.defaultdict(list)
    for pid, (ppid, _pgrp, _state, _comm) in tab.items():
        kids[ppid].append(pid)
    out, stack = [], [root]
    while stack:
        p = stack.pop()
        for c in sorted(kids.get(p, ())):
            ppid, _pgrp, state, comm = tab[c]
            if state != 'Z':
                out.append({'pid': c, 'ppid': ppid, 'comm': comm,
                            'cmdline': _cmdline(c)})
            stack.append(c)
    return out


def group_members(pgid):
    return [pid for pid, (_pp, pg, state, _c) in proc_table().items()
            if pg == pgid and state != 'Z']


def _ensure_path():
    if HERE not in sys.path:
        sys.path.insert(0, HERE)


# ===========================================================================
# child side: one scenario run
# ===========================================================================

def _install_hooks(rec):
    """Observe the driver process without adding frames to any traceback.

    * BaseProcess.start: records name/pid of every process this process starts
      (pool workers, manager servers, Process objects) in start order;
    * Pool.__init__ / Pool.close: the parent's thread names while a Pool lives;
    * Pool._guarded_task_generation: every task the task handler takes (and
      tries to put); the wrapper is a generator, so it is never on the stack
      when put(task) raises;
    * the pool's inqueue writer ``_send_bytes``: bytes of each task that was
      pickled successfully (called only after ForkingPickler.dumps returned).

    The hooks only append to lists (microseconds).  Anything slower (scanning
    /proc) is done after the scenario returned: a few milliseconds of GIL held
    right after Pool() lets spawn workers finish starting before the first task
    arrives and visibly changes the verdicts (scenario 6 spawn map went from
    ~10/10 to 3/10 successful when /proc was scanned inside Pool.__init__).
    """
    import threading
    import multiprocessing.process as mpprocess
    import multiprocessing.pool as mppool

    main_pid = os.getpid()
    t0 = time.monotonic()
    guard = threading.Lock()

    def thread_names():
        return [t.name for t in threading.enumerate()]

    orig_start = mpprocess.BaseProcess.start

    def start(self):
        orig_start(self)
        if os.getpid() == main_pid:
            with guard:
                rec['processes'].append({
                    'name': self.name, 'pid': self.pid,
                    'class': type(self).__name__,
                    'startedFrom': threading.current_thread().name,
                    't': round(time.monotonic() - t0, 4)})
    mpprocess.BaseProcess.start = start

    orig_init = mppool.Pool.__init__

    def init(self, *a, **k):
        orig_init(self, *a, **k)
        rec['threadsAfterPoolInit'].append(thread_names())
        writer = self._inqueue._writer
        orig_send_bytes = writer._send_bytes

        def send_bytes(buf):
            rec['taskBytesSent'].append(len(buf))
            return orig_send_bytes(buf)
        writer._send_bytes = send_bytes
    mppool.Pool.__init__ = init

    orig_close = mppool.Pool.close

    def close(self):
        rec['threadsAtPoolClose'].append(thread_names())
        return orig_close(self)
    mppool.Pool.close = close

    orig_gtg = mppool.Pool._guarded_task_generation

    def gtg(self, result_job, func, iterable):
        for task in orig_gtg(self, result_job, func, iterable):
            try:
                fn = task[2]
                if fn is mppool.mapstar or fn is mppool.starmapstar:
                    items = len(task[3][0][1])   # (job, i, mapstar, ((func, chunk),), {})
                else:
                    items = len(task[3])         # (job, i, func, (x,), {})
                rec['tasks'].append([task[1], getattr(fn, '__name__', '?'), items])
            except Exception:
                rec['tasks'].append([None, '?', None])
            yield task
    mppool.Pool._guarded_task_generation = gtg
    return thread_names


def _child_cell(scenario, method, call, result_path):
    _ensure_path()
    rec = {'scenario': scenario, 'startMethod': method, 'call': call,
           'pid': os.getpid(), 'processes': [], 'threadsAfterPoolInit': [],
           'threadsAtPoolClose': [], 'tasks': [], 'taskBytesSent': []}
    thread_names = _install_hooks(rec)
    import cpython_scenarios
    cpython_scenarios.select(method, call)
    t0 = time.monotonic()
    try:
        cpython_scenarios.start_scenario(scenario)
        rec['raised'] = None
    except Exception as e:
        rec['raised'] = exc_info(e)
        # keep the exception (hence its frames and the Pool) alive until exit, as an
        # uncaught exception would (sys.last_value); otherwise Pool.__del__ runs early
        # and prints "Exception ignored in: Pool.__del__ ... Bad file descriptor"
        sys.last_type, sys.last_value, sys.last_traceback = type(e), e, e.__traceback__
    rec['elapsed'] = round(time.monotonic() - t0, 4)
    rec['threadsAtEnd'] = thread_names()
    rec['osChildrenAtEnd'] = descendants(os.getpid())
    sys.stdout.flush()
    with open(result_path, 'w') as f:
        json.dump(rec, f)


# ===========================================================================
# child side: facts
# ===========================================================================

def _noop(*args):
    pass


SAMPLE_LAMBDA = lambda x: x  # noqa: E731  (a lambda defined in a module)


def _make_local_function():
    def local_job(x):
        return x
    return local_job


def _fact_threads(method):
    import threading
    import multiprocessing
    ctx = multiprocessing.get_context(method)
    before = [t.name for t in threading.enumerate()]
    pool = ctx.Pool(3)
    during = [t.name for t in threading.enumerate()]
    pool.close()
    pool.join()
    return {'before': before, 'withPool': during}


def _fact_process_names(method):
    """Start, from one fresh parent: Pool(2), Process, Manager, Process."""
    import multiprocessing
    ctx = multiprocessing.get_context(method)
    rec = {'processes': [], 'threadsAfterPoolInit': [], 'threadsAtPoolClose': [],
           'tasks': [], 'taskBytesSent': []}
    _install_hooks(rec)
    pool = ctx.Pool(2)
    p = ctx.Process(target=_noop)
    p.start()
    p.join()
    m = ctx.Manager()
    q = ctx.Process(target=_noop)
    q.start()
    q.join()
    m.shutdown()
    pool.close()
    pool.join()
    return [{'name': r['name'], 'class': r['class']} for r in rec['processes']]


def _fact_manager_processes():
    import gc
    import multiprocessing as mp
    lock = mp.Manager().Lock()
    queue = mp.Manager().Queue()
    gc.collect()
    kids = mp.active_children()
    return {'activeChildren': [p.name for p in kids],
            'alive': [p.is_alive() for p in kids],
            'lockProxyKeepsManager': type(getattr(lock, '_manager', None)).__name__,
            'queueProxyKeepsManager': type(getattr(queue, '_manager', None)).__name__,
            'lockProxyType': type(lock).__name__,
            'queueProxyType': type(queue).__name__}


def _fact_chunksize():
    import inspect
    import multiprocessing as mp
    import multiprocessing.pool as mppool
    src = inspect.getsource(mppool.Pool._map_async)
    rule = [l.strip() for l in src.splitlines()
            if 'chunksize' in l and ('divmod' in l or '+= 1' in l or 'if extra' in l)]
    computed = {}
    for n, procs in ((10, 3), (10, 1), (10, 2), (100, 3), (12, 3), (13, 3)):
        c, extra = divmod(n, procs * 4)
        if extra:
            c += 1
        computed['%d tasks, %d workers' % (n, procs)] = c
    rec = {'processes': [], 'threadsAfterPoolInit': [], 'threadsAtPoolClose': [],
           'tasks': [], 'taskBytesSent': []}
    _install_hooks(rec)
    observed = {}
    for n in (10, 100):
        rec['tasks'].clear()
        rec['taskBytesSent'].clear()
        with mp.Pool(3) as pool:
            out = pool.map(abs, range(n))
        assert out == list(range(n))
        observed['%d tasks, 3 workers' % n] = {
            'tasksSent': len(rec['tasks']),
            'itemsPerTask': [t[2] for t in rec['tasks']]}
    return {'rule': rule, 'computed': computed, 'observedPoolMap': observed}


def _normalize_proxy_dis(lines):
    out = []
    for l in lines:
        l = re.sub(r"/pymp-[^/']+/listener-[^']+", '/pymp-XXXXXXXX/listener-XXXXXXXX', l)
        l = re.sub(r"'[0-9a-f]{9,16}'", "'<id>'", l)
        out.append(l)
    return out


def _fact_pickled_proxy():
    import io
    import pickletools
    import multiprocessing as mp
    from multiprocessing.reduction import ForkingPickler
    manager = mp.Manager()
    lock = manager.Lock()
    data = bytes(ForkingPickler.dumps((3, lock)))
    buf = io.StringIO()
    pickletools.dis(data, out=buf)
    ops = [op.name for op, _arg, _pos in pickletools.genops(data)]
    proto = next(arg for op, arg, _pos in pickletools.genops(data) if op.name == 'PROTO')
    token = lock._token
    res = {'bytes': len(data), 'protocol': proto, 'ops': ops,
           'dis': buf.getvalue().splitlines(),
           'disNormalized': _normalize_proxy_dis(buf.getvalue().splitlines()),
           'token': {'typeid': token.typeid, 'address': token.address,
                     'id': token.id, 'addressLength': len(token.address),
                     'idLength': len(token.id)},
           'proxyType': type(lock).__name__,
           'reduce': [getattr(x, '__name__', repr(x)) if callable(x) else repr(x)
                      for x in lock.__reduce__()[1]]}
    manager.shutdown()
    return res


def _fact_semlock():
    import inspect
    import multiprocessing
    from multiprocessing import context, synchronize
    res = {}
    # 1. a fork-context Lock handed to a spawn-context child
    lock = multiprocessing.get_context('fork').Lock()
    p = multiprocessing.get_context('spawn').Process(target=_noop, args=(lock,))
    try:
        p.start()
        p.join()
        res['forkLockToSpawnChild'] = {'raised': None}
    except Exception as e:
        info = exc_info(e)
        info.pop('tb')
        res['forkLockToSpawnChild'] = info
    # 2. the POSIX branch of __getstate__ while "spawning"
    slock = multiprocessing.get_context('spawn').Lock()

    class _FakePopen:
        pass
    context.set_spawning_popen(_FakePopen())
    try:
        state = slock.__getstate__()
    finally:
        context.set_spawning_popen(None)
    res['spawnLockGetstateWhileSpawning'] = {
        'fields': ['handle', 'kind', 'maxvalue', 'name'],
        'kind': state[1], 'maxvalue': state[2],
        'handleIsInt': isinstance(state[0], int),
        'namePattern': re.sub(r'[A-Za-z0-9_]{6,}$', 'XXXXXXXX', state[3] or '')}
    # 3. outside spawning
    try:
        slock.__getstate__()
    except Exception as e:
        res['getstateOutsideSpawning'] = exc_text(e)
    src = inspect.getsource(synchronize.SemLock.__getstate__)
    res['getstateSource'] = src.splitlines()
    res['firstStatement'] = src.splitlines()[1].strip()
    res['windowsBranch'] = next((l.strip() for l in src.splitlines()
                                 if 'duplicate_for_child' in l), None)
    return res


def _fact_start_methods():
    import inspect
    import multiprocessing
    from multiprocessing import context
    lines = inspect.getsource(context).splitlines()
    # the module-level choice of the default context: the top-level
    # `if sys.platform != 'win32':` ... `else:` and the lines that pick it
    keep = []
    for i, l in enumerate(lines):
        if (l.startswith('if sys.platform') or l == 'else:' or
                (l.startswith('    ') and 'sys.platform' in l and not l.startswith('        ')) or
                (l.strip().startswith('_default_context = DefaultContext(')) or
                (l.strip() == 'else:' and i + 1 < len(lines) and
                 lines[i + 1].strip().startswith('_default_context = DefaultContext('))):
            keep.append('%d: %s' % (i + 1, l))
    default_rule = keep
    return {'platform': sys.platform, 'machine': platform.machine(),
            'python': platform.python_version(),
            'default': multiprocessing.get_start_method(),
            'available': multiprocessing.get_all_start_methods(),
            'contextSourceDefaultRule': default_rule}


def _fact_queue():
    import io
    import threading
    import multiprocessing as mp
    q = mp.Queue()
    before = [t.name for t in threading.enumerate()]
    q.put(1)
    after = [t.name for t in threading.enumerate()]
    got = q.get(timeout=10)
    internals = {}
    for attr in ('_reader', '_writer', '_rlock', '_wlock', '_sem', '_maxsize',
                 '_notempty', '_thread', '_buffer'):
        v = getattr(q, attr, None)
        internals[attr] = type(v).__module__ + '.' + type(v).__qualname__
    internals['_reader.readable'] = q._reader.readable
    internals['_reader.writable'] = q._reader.writable
    internals['_writer.readable'] = q._writer.readable
    internals['_writer.writable'] = q._writer.writable
    internals['_maxsize'] = q._maxsize
    # an unpicklable item: put() returns, the feeder thread reports to stderr
    err = io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        raised = None
        try:
            q.put(SAMPLE_LAMBDA)
        except Exception as e:
            raised = exc_text(e)
        q.put(2)
        second = q.get(timeout=10)
    finally:
        sys.stderr = saved
    lines = err.getvalue().splitlines()
    return {'threadsBeforePut': before, 'threadsAfterFirstPut': after,
            'newThreads': [n for n in after if n not in before], 'got': got,
            'unpicklablePutRaised': raised, 'nextItemAfterError': second,
            'feederStderrFirstLine': lines[0] if lines else None,
            'feederStderrLastLine': lines[-1] if lines else None,
            'internals': internals}


def _fact_lock_cost():
    import timeit
    import multiprocessing as mp

    def per_op(fn, number, repeat=5):
        per = [t / number * 1e6 for t in timeit.repeat(fn, number=number, repeat=repeat)]
        return {'min': min(per), 'median': statistics.median(per), 'all': per}

    res = {}
    lock = mp.Lock()

    def lock_ar():
        lock.acquire()
        lock.release()
    res['mpLockAcquireRelease'] = per_op(lock_ar, 100000)
    manager = mp.Manager()
    mlock = manager.Lock()

    def mlock_ar():
        mlock.acquire()
        mlock.release()
    res['managerLockAcquireRelease'] = per_op(mlock_ar, 1000)
    q = mp.Queue()

    def q_pg():
        q.put(1)
        q.get()
    res['mpQueuePutGet'] = per_op(q_pg, 5000)
    mq = manager.Queue()

    def mq_pg():
        mq.put(1)
        mq.get()
    res['managerQueuePutGet'] = per_op(mq_pg, 1000)
    manager.shutdown()
    return res


def _fact_extra():
    """Pickle bytes, pickling errors and traceback line numbers (extra)."""
    import inspect
    import io
    import pickletools
    import traceback
    import multiprocessing
    import multiprocessing.pool as mppool
    from multiprocessing import connection, context, queues, reduction, synchronize
    import cpython_scenarios
    ForkingPickler = reduction.ForkingPickler

    def nested(depth):
        v = 0
        for _ in range(depth):
            v = (v,)
        return v

    samples = [
        ('tupleMixed', '(0, 1, 2, (1, \'a\'), {})', (0, 1, 2, (1, 'a'), {})),
        ('list4', '[0, 1, 2, 3]', [0, 1, 2, 3]),
        ('dictNested', "{'a': 1, 'b': [None, True, False]}", {'a': 1, 'b': [None, True, False]}),
        ('ints', '(300, 70000, -1, -300, 2**31, 2**40)', (300, 70000, -1, -300, 2**31, 2**40)),
        ('longStr', "('x' * 300,)", ('x' * 300,)),
        ('bytes', "b'abc'", b'abc'),
        ('emptyTuple', '()', ()),
        ('tupleOfEmptyTuple', '((),)', ((),)),
    ]
    for n in range(1, 6):
        samples.append(('tupleLen%d' % n, 'tuple(range(%d))' % n, tuple(range(n))))
    for n in range(1, 6):
        samples.append(('nestedDepth%d' % n, repr(nested(n)), nested(n)))
    samples += [
        ('mapstar', 'multiprocessing.pool.mapstar', mppool.mapstar),
        ('mapTask', '(0, 3, multiprocessing.pool.mapstar, (cpython_scenarios.the_job, ((3, None, None),)), {})',
         (0, 3, mppool.mapstar, (cpython_scenarios.the_job, ((3, None, None),)), {})),
        ('mapResult', '(0, 3, (True, [None]))', (0, 3, (True, [None]))),
        ('managerRequest', "('7f56cdc42d40', 'acquire', (), {})", ('7f56cdc42d40', 'acquire', (), {})),
        ('managerResponse', "('#RETURN', True)", ('#RETURN', True)),
    ]
    pickles = []
    for name, source, value in samples:
        data = bytes(ForkingPickler.dumps(value))
        buf = io.StringIO()
        pickletools.dis(data, out=buf)
        pickles.append({
            'name': name, 'value': source, 'length': len(data), 'hex': data.hex(),
            'ops': [op.name for op, _a, _p in pickletools.genops(data)],
            'dis': buf.getvalue().splitlines()})

    ctx = multiprocessing.get_context()
    error_samples = [
        ('lambdaInModule', 'cpython_facts.SAMPLE_LAMBDA = lambda x: x', lambda: SAMPLE_LAMBDA),
        ('localFunction', '_make_local_function() -> local_job', _make_local_function),
        ('mpLock', 'multiprocessing.Lock()', ctx.Lock),
        ('mpQueue', 'multiprocessing.Queue()', ctx.Queue),
        ('mpRLock', 'multiprocessing.RLock()', ctx.RLock),
        ('mpSemaphore', 'multiprocessing.Semaphore(2)', lambda: ctx.Semaphore(2)),
        ('mpEvent', 'multiprocessing.Event()', ctx.Event),
    ]
    pickle_errors = []
    for name, source, make in error_samples:
        value = make()
        entry = {'name': name, 'value': source}
        try:
            ForkingPickler.dumps(value)
            entry['raised'] = None
        except Exception as e:
            info = exc_info(e)
            frames = info['frames']
            start = frames.index('reduction.py:dumps') if 'reduction.py:dumps' in frames else 0
            entry.update({
                'type': info['type'], 'qualifiedType': info['qualifiedType'],
                'message': info['message'],
                'messageNormalized': re.sub(r'0x[0-9a-f]+', '0x...', info['message']),
                'printed': info['printed'], 'frames': frames[start:],
                'lines': [[os.path.basename(f), ln, fn, text] for f, ln, fn, text in info['tb'][start:]]})
        pickle_errors.append(entry)

    def find(obj, needle, label):
        lines, start = inspect.getsourcelines(obj)
        hits = [i for i, l in enumerate(lines) if needle in l]
        if len(hits) != 1:
            raise AssertionError('%s: %r found %d times' % (label, needle, len(hits)))
        i = hits[0]
        fn = getattr(obj, '__func__', obj)
        return {'site': label, 'file': os.path.basename(inspect.getsourcefile(obj)),
                'function': fn.__name__, 'qualname': fn.__qualname__,
                'line': start + i, 'text': lines[i].rstrip('\n'),
                'stripped': lines[i].strip()}

    traceback_lines = [
        find(mppool.Pool.map, 'return self._map_async(', 'Pool.map'),
        find(mppool.ApplyResult.get, 'raise self._value', 'ApplyResult.get'),
        find(mppool.Pool._handle_tasks, 'put(task)', 'Pool._handle_tasks'),
        find(connection._ConnectionBase.send,
             'self._send_bytes(_ForkingPickler.dumps(obj))', 'Connection.send'),
        find(reduction.ForkingPickler.dumps, 'cls(buf, protocol).dump(obj)', 'ForkingPickler.dumps'),
        find(synchronize.SemLock.__getstate__, 'context.assert_spawning(self)', 'SemLock.__getstate__'),
        find(queues.Queue.__getstate__, 'context.assert_spawning(self)', 'Queue.__getstate__'),
        find(context.assert_spawning, 'raise RuntimeError(', 'context.assert_spawning'),
        find(cpython_scenarios.scenario_1_pool_no_manager, 'mypool.map(jobfunc, iterator)',
             'scenario_1_pool_no_manager (cpython_scenarios.py)'),
        find(cpython_scenarios.scenario_5_pool_initializer_lock, 'mypool.map(jobfunc, iterator)',
             'scenario_5_pool_initializer_lock (cpython_scenarios.py)'),
    ]
    import linecache
    for t in traceback_lines:
        path = {'pool.py': mppool, 'connection.py': connection, 'reduction.py': reduction,
                'synchronize.py': synchronize, 'queues.py': queues, 'context.py': context,
                'cpython_scenarios.py': cpython_scenarios}[t['file']].__file__
        t['linecacheAgrees'] = linecache.getline(path, t['line']).rstrip('\n') == t['text']
    return {'defaultProtocol': __import__('pickle').DEFAULT_PROTOCOL,
            'pickles': pickles, 'pickleErrors': pickle_errors,
            'tracebackLines': traceback_lines,
            'stdlib': os.path.dirname(mppool.__file__)}


FACT_FUNCS = {
    'threads': _fact_threads,
    'processNames': _fact_process_names,
    'managerProcesses': _fact_manager_processes,
    'chunksize': _fact_chunksize,
    'pickledProxyTask': _fact_pickled_proxy,
    'semlock': _fact_semlock,
    'startMethods': _fact_start_methods,
    'queue': _fact_queue,
    'lockCost': _fact_lock_cost,
    'extra': _fact_extra,
}


def _child_fact(name, arg, result_path):
    _ensure_path()
    try:
        value = FACT_FUNCS[name](*([arg] if arg is not None else []))
        out = {'ok': True, 'value': value}
    except Exception as e:
        info = exc_info(e)
        out = {'ok': False, 'error': info['error'], 'frames': info['frames']}
    with open(result_path, 'w') as f:
        json.dump(out, f)
    sys.stdout.flush()


# ===========================================================================
# parent side: running children
# ===========================================================================

def run_child(call_src, timeout):
    """Run `python3 -c call_src` in its own session; returns a dict.

    call_src is a call expression of this module with a '{result}' slot for the
    result file.  The child and everything it starts are one process group,
    killed (by that group's id) on timeout or if anything outlives the child.
    """
    with tempfile.TemporaryDirectory(prefix='cpython-facts-') as td:
        out_p, err_p, res_p = (os.path.join(td, n) for n in ('stdout', 'stderr', 'result.json'))
        code = ('import sys; sys.path.insert(0, %r); import cpython_facts; cpython_facts.%s'
                % (HERE, call_src.format(result=repr(res_p))))
        env = dict(os.environ)
        env['PYTHONUNBUFFERED'] = '1'   # children's prints reach the file in real time
        env['PYTHONDONTWRITEBYTECODE'] = '1'   # leave no __pycache__ in scripts/
        env['PYTHONPATH'] = HERE + (os.pathsep + env['PYTHONPATH'] if env.get('PYTHONPATH') else '')
        env.pop('PYTHONSTARTUP', None)
        t0 = time.monotonic()
        with open(out_p, 'wb') as fo, open(err_p, 'wb') as fe:
            p = subprocess.Popen([sys.executable, '-c', code], stdout=fo, stderr=fe,
                                 stdin=subprocess.DEVNULL, env=env, cwd=td,
                                 start_new_session=True)
            timed_out = False
            try:
                rc = p.wait(timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(p.pid)
                rc = p.wait()
            # anything still alive in the group after the child exited?
            deadline = time.monotonic() + 3.0
            leftovers = group_members(p.pid)
            while leftovers and time.monotonic() < deadline:
                time.sleep(0.05)
                leftovers = group_members(p.pid)
            if leftovers:
                _kill_group(p.pid)
        wall = time.monotonic() - t0
        with open(out_p, 'rb') as f:
            stdout = f.read().decode('utf-8', 'replace')
        with open(err_p, 'rb') as f:
            stderr = f.read().decode('utf-8', 'replace')
        result = None
        if os.path.exists(res_p):
            try:
                with open(res_p) as f:
                    result = json.load(f)
            except ValueError:
                result = None
        return {'rc': rc, 'timedOut': timed_out, 'wall': wall, 'stdout': stdout,
                'stderr': stderr, 'result': result, 'leftoverProcesses': len(leftovers)}


def _kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


LAST_LINE = re.compile(r'^Scenario (\d+) (successful!|fails: (\[.*\]) != (\[.*\]))$')


def run_cell_once(scenario, method, call, timeout=RUN_TIMEOUT):
    r = run_child('_child_cell(%d, %r, %r, {result})' % (scenario, method, call), timeout)
    lines = r['stdout'].splitlines()
    run = {'wall': round(r['wall'], 3), 'rc': r['rc'], 'leftoverProcesses': r['leftoverProcesses']}
    rec = r['result']
    verdict_line = next((l for l in lines if LAST_LINE.match(l)), None)
    if r['timedOut']:
        run['verdict'] = 'timeout'
    elif rec is None:
        run['verdict'] = 'crashed'
    elif rec['raised']:
        run['verdict'] = 'raised'
    elif verdict_line is None:
        run['verdict'] = 'crashed'
    else:
        m = LAST_LINE.match(verdict_line)
        if m.group(2) == 'successful!':
            run['verdict'] = 'successful'
            run['result'] = list(ARGS)
        else:
            run['verdict'] = 'fails'
            run['result'] = ast.literal_eval(m.group(4))
    run['verdictLine'] = verdict_line
    run['stdoutLines'] = lines
    run['jobOrder'] = [int(m.group(1)) for m in
                       (re.match(r'^ By run (\d+) $', l) for l in lines) if m]
    run['stderrLines'] = r['stderr'].splitlines()
    if rec is not None:
        run['record'] = rec
    return run


def cell_list(which):
    cells = []
    for s in SCENARIOS:
        for m in METHODS:
            for c in CALLS:
                if which == 'raised' and not (s in (1, 5) and c == 'map'):
                    continue
                cells.append((s, m, c))
    return cells


def summarize_cell(scenario, method, call, runs):
    cell = {'scenario': scenario, 'startMethod': method, 'call': call, 'runs': len(runs)}
    verdicts = {}
    for r in runs:
        verdicts[r['verdict']] = verdicts.get(r['verdict'], 0) + 1
    cell['verdicts'] = verdicts
    raised = [r for r in runs if r['verdict'] == 'raised']
    if raised:
        errors = [r['record']['raised']['error'] for r in raised]
        frames_all = [r['record']['raised']['frames'] for r in raised]
        cell['error'] = errors[0]
        f = frames_all[0]
        cell['framesFromPool'] = f[f.index('pool.py:map'):] if 'pool.py:map' in f else f
        if len(set(errors)) > 1 or any(x != f for x in frames_all):
            cell['errorsVary'] = True
    examples = []
    for r in runs:
        if 'result' in r and r['result'] not in examples and len(examples) < 3:
            examples.append(r['result'])
    if examples:
        cell['examples'] = examples
    return cell


def cell_details(scenario, method, call, runs):
    """Observations that are not in the reference's seedCells (goes to extra)."""
    first = next((r for r in runs if 'record' in r), runs[0])
    rec = first.get('record', {})
    walls = [r['wall'] for r in runs]
    d = {'scenario': scenario, 'startMethod': method, 'call': call,
         'wallSeconds': {'min': min(walls), 'median': round(statistics.median(walls), 3),
                         'max': max(walls)},
         'verdictSequence': [r['verdict'] for r in runs],
         'jobPrintOrderPerRun': [r['jobOrder'] for r in runs],
         'resultsPerRun': [r.get('result') for r in runs],
         'processNamesPerRun': [[p['name'] for p in r.get('record', {}).get('processes', [])]
                                for r in runs],
         'firstRun': {
             'processes': rec.get('processes'),
             'osDescendantsAtEnd': rec.get('osChildrenAtEnd'),
             'threadsAfterPoolInit': rec.get('threadsAfterPoolInit'),
             'threadsAtPoolClose': rec.get('threadsAtPoolClose'),
             'threadsAtEnd': rec.get('threadsAtEnd'),
             'tasks': rec.get('tasks'),
             'taskBytesSent': rec.get('taskBytesSent'),
             'stdoutLines': first.get('stdoutLines'),
             'stderrLines': first.get('stderrLines')[:40] if first.get('stderrLines') else [],
         },
         'leftoverProcessesKilled': sum(r['leftoverProcesses'] for r in runs),
         'nonEmptyStderrRuns': sum(1 for r in runs if r['stderrLines'])}
    return d


def traceback_scenario1_map(runs):
    for r in runs:
        if r['verdict'] != 'raised':
            continue
        info = r['record']['raised']
        tb = info['tb']
        start = next((i for i, t in enumerate(tb) if t[2] == 'scenario_1_pool_no_manager'), 0)
        lines = ['Traceback (most recent call last):']
        for filename, lineno, name, text in tb[start:]:
            if os.path.basename(filename) == 'cpython_scenarios.py':
                where, ln = 'scenarios.py', 'N'
            elif '/multiprocessing/' in filename.replace(os.sep, '/'):
                where, ln = '.../multiprocessing/' + os.path.basename(filename), str(lineno)
            else:
                where, ln = filename, str(lineno)
            lines.append('  File "%s", line %s, in %s' % (where, ln, name))
            lines.append('    ' + (text or ''))
        lines.append(info['error'])
        return lines
    return None


def run_fact(name, arg=None, timeout=FACT_TIMEOUT):
    r = run_child('_child_fact(%r, %r, {result})' % (name, arg), timeout)
    if r['timedOut']:
        return {'ok': False, 'error': 'timeout'}
    if r['result'] is None:
        return {'ok': False, 'error': 'crashed', 'stderr': r['stderr'].splitlines()[-20:]}
    return r['result']


# ===========================================================================
# parent side: facts
# ===========================================================================

def _unmeasured(ref_facts, key, why, local=None):
    out = {'text': ref_facts.get(key), 'measured': False, 'why': why}
    if local is not None:
        out['local'] = local
    return out


def build_facts(ref, cells, details, fact_results, log):
    ref_facts = ref.get('facts', {}) if ref else {}
    facts = {}
    by_cell = {(c['scenario'], c['startMethod'], c['call']): c for c in cells}
    det = {(d['scenario'], d['startMethod'], d['call']): d for d in details}

    # --- scenario1ZeroTasksRun ---------------------------------------------
    m1 = [k for k in by_cell if k[0] == 1 and k[2] == 'map']
    i1 = [k for k in by_cell if k[0] == 1 and k[2] == 'imap']
    if m1 and i1:
        jobs_printed = sum(len(o) for k in m1 for o in det[k]['jobPrintOrderPerRun'])
        tasks = [len(det[k]['firstRun']['tasks'] or []) for k in m1]
        sent = [len(det[k]['firstRun']['taskBytesSent'] or []) for k in m1]
        imap_lines = sorted({l for k in i1 for l in (det[k]['firstRun']['stdoutLines'] or [])
                             if l.startswith('Scenario')})
        imap_jobs = sum(len(o) for k in i1 for o in det[k]['jobPrintOrderPerRun'])
        facts['scenario1ZeroTasksRun'] = (
            "With map, every task fails to pickle in the parent's task-handler thread "
            "(first runs: %s tasks taken by _handle_tasks, %s pickled and sent); no worker "
            "ever runs the_job, nothing is printed by children (%d 'By run' lines over all "
            "map runs), and map() re-raises the first error in the main thread (%s). With imap "
            "and the iterator never consumed, the same error is stored in the unread result "
            "and nothing is raised (%d 'By run' lines): the script prints %s."
            % ('/'.join(map(str, tasks)), '/'.join(map(str, sent)), jobs_printed,
               by_cell[m1[0]].get('error'), imap_jobs,
               ' / '.join("'%s'" % l for l in imap_lines)))
    else:
        facts['scenario1ZeroTasksRun'] = _unmeasured(ref_facts, 'scenario1ZeroTasksRun',
                                                     'scenario 1 map and imap cells were not run')

    # --- scenario5 ------------------------------------------------------------
    m5 = [k for k in by_cell if k[0] == 5 and k[2] == 'map']
    if m5:
        c = by_cell[m5[0]]
        raised_everywhere = all('raised' in by_cell[k]['verdicts'] for k in m5)
        frames = c.get('framesFromPool') or []
        facts['scenario5'] = (
            "The answer's fix as written %s, now with '%s' (%s), because the mp.Queue is "
            "still pickled into every task."
            % ('still raises' if raised_everywhere else 'does not always raise',
               c.get('error'), ' -> '.join(frames[-2:])))
    else:
        facts['scenario5'] = _unmeasured(ref_facts, 'scenario5', 'scenario 5 map cells were not run')

    # --- orderIsNotGuaranteed -------------------------------------------------
    s2 = [k for k in by_cell if k[0] == 2]
    s6 = [k for k in by_cell if k[0] == 6]
    if s2 and s6:
        def counts(keys):
            tot = collections.Counter()
            for k in keys:
                tot.update(by_cell[k]['verdicts'])
            return tot
        c2 = counts(s2)
        ex = next((e for k in s2 for e in by_cell[k].get('examples', []) if e != ARGS), None)
        per6 = '; '.join('%s: %s' % (m, ', '.join('%s %d' % kv for kv in counts(
            [k for k in s6 if k[1] == m]).items())) for m in METHODS
            if any(k[1] == m for k in s6))
        facts['orderIsNotGuaranteed'] = (
            "Scenario 2 (Pool + Manager) in CPython %s on this machine: %s over %d runs "
            "(all start methods, map and imap); when it fails all ten values arrive in another "
            "order (e.g. %s). The question's claim 'SUCCESSFUL' holds only when the interleaving "
            "happens to preserve order. Scenario 6 verdicts per start method: %s."
            % (platform.python_version(), ', '.join('%s %d' % kv for kv in c2.items()),
               sum(c2.values()), ex, per6))
    else:
        facts['orderIsNotGuaranteed'] = _unmeasured(ref_facts, 'orderIsNotGuaranteed',
                                                    'scenario 2 and 6 cells were not run')

    # --- managerProcesses -----------------------------------------------------
    mp_ = fact_results.get('managerProcesses', {})
    if mp_.get('ok'):
        v = mp_['value']
        facts['managerProcesses'] = (
            "mp.Manager().Lock() and mp.Manager().Queue() start %d manager server "
            "processes (%s), one per Manager() call; each proxy keeps its manager alive "
            "(the %s and the %s each hold their %s / %s; after gc.collect() the servers are "
            "alive: %s)."
            % (len(v['activeChildren']), ', '.join(sorted(v['activeChildren'])),
               v['lockProxyType'], v['queueProxyType'], v['lockProxyKeepsManager'],
               v['queueProxyKeepsManager'], v['alive']))
    else:
        facts['managerProcesses'] = _unmeasured(ref_facts, 'managerProcesses', str(mp_.get('error')))

    # --- processNames ---------------------------------------------------------
    names = {}
    managers = set()
    counters_ok = True
    for m in METHODS:
        seen = set()
        pn = fact_results.get('processNames:' + m, {})
        sequences = []
        if pn.get('ok'):
            sequences.append([p['name'] for p in pn['value']])
        for d in details:
            if d['startMethod'] == m:
                sequences.extend(d['processNamesPerRun'])
        for seq in sequences:
            nums = []
            for n in seq:
                norm = normalize_process_name(n)
                if norm.startswith('SyncManager'):
                    managers.add(norm)
                else:
                    seen.add(norm)
                mm = re.search(r'-(\d+)$', n)
                nums.append(int(mm.group(1)) if mm else None)
            if nums != list(range(1, len(nums) + 1)):
                counters_ok = False
        names[m] = sorted(seen)
    names['managerServer'] = ', '.join(sorted(managers)) if managers else None
    names['note'] = ('N comes from one counter per parent process shared by every process it '
                     'creates' + (' (checked: in every run the suffixes, in start order, are '
                                  '1, 2, 3, ...)' if counters_ok else
                                  ' (NOT confirmed: some run had a gap or reordering)'))
    facts['processNames'] = names

    # --- parentThreadsWithPool -------------------------------------------------
    th = fact_results.get('threads:fork', {})
    if th.get('ok'):
        facts['parentThreadsWithPool'] = th['value']['withPool']
    else:
        facts['parentThreadsWithPool'] = _unmeasured(ref_facts, 'parentThreadsWithPool', str(th.get('error')))

    # --- queueFeederThread / queueInternals -----------------------------------
    q = fact_results.get('queue', {})
    if q.get('ok'):
        v = q['value']
        facts['queueFeederThread'] = (
            "The first Queue.put() in a process starts a thread named %s that pickles and "
            "writes items to the pipe later; an error while pickling there is printed to stderr "
            "by that thread (%r ... %r) and never raised to the caller of put() (put raised: %s; "
            "the next item still arrives: %r)."
            % (' and '.join("'%s'" % n for n in v['newThreads']), v['feederStderrFirstLine'],
               re.sub(r'0x[0-9a-f]+', '0x...', v['feederStderrLastLine'] or ''), v['unpicklablePutRaised'], v['nextItemAfterError']))
        it = v['internals']
        facts['queueInternals'] = (
            "mp.Queue() holds a one-way pipe (reader %s readable=%s writable=%s, writer %s "
            "readable=%s writable=%s), two Locks (_rlock: %s, _wlock: %s; _wlock is None on "
            "Windows, per queues.py) and a %s (_sem)."
            % (it['_reader'].split('.')[-1], it['_reader.readable'], it['_reader.writable'],
               it['_writer'].split('.')[-1], it['_writer.readable'], it['_writer.writable'],
               it['_rlock'].split('.')[-1], it['_wlock'].split('.')[-1],
               it['_sem'].split('.')[-1]))
    else:
        facts['queueFeederThread'] = _unmeasured(ref_facts, 'queueFeederThread', str(q.get('error')))
        facts['queueInternals'] = _unmeasured(ref_facts, 'queueInternals', str(q.get('error')))

    # --- chunksize -------------------------------------------------------------
    ch = fact_results.get('chunksize', {})
    if ch.get('ok'):
        v = ch['value']
        obs = v['observedPoolMap']['10 tasks, 3 workers']
        in_cells = [len(d['firstRun']['tasks'] or []) for d in details
                    if d['scenario'] in (1, 2, 5, 6) and d['call'] == 'map']
        facts['chunksize'] = (
            "Pool.map computes chunksize, extra = divmod(len(iterable), 4 * processes); "
            "chunksize += 1 if extra. For 10 tasks and 3 workers that is %d, so each task is "
            "pickled and sent on its own (observed: %d tasks of %s item(s) each for "
            "pool.map(abs, range(10)) with 3 workers%s)."
            % (v['computed']['10 tasks, 3 workers'], obs['tasksSent'],
               '/'.join(sorted({str(x) for x in obs['itemsPerTask']})),
               '; tasks taken per map run in the seed cells: %s' % sorted(set(in_cells))
               if in_cells else ''))
    else:
        facts['chunksize'] = _unmeasured(ref_facts, 'chunksize', str(ch.get('error')))

    # --- pickledProxyTask --------------------------------------------------------
    pp = fact_results.get('pickledProxyTask', {})
    if pp.get('ok'):
        v = pp['value']
        facts['pickledProxyTask'] = (
            "ForkingPickler.dumps((3, manager.Lock())) is %d bytes of protocol %d: BININT1 3, "
            "then multiprocessing.managers.RebuildProxy applied to (%s, Token(typeid='%s', "
            "address='/tmp/pymp-XXXXXXXX/listener-XXXXXXXX', id='%s...'), '%s', {}) -> a proxy "
            "pickles to the manager's address and an object id, never to the lock itself."
            % (v['bytes'], v['protocol'], v['reduce'][0], v['token']['typeid'],
               v['token']['id'][:2], 'pickle'))
    else:
        facts['pickledProxyTask'] = _unmeasured(ref_facts, 'pickledProxyTask', str(pp.get('error')))

    # --- semlockGetstate ---------------------------------------------------------
    sl = fact_results.get('semlock', {})
    if sl.get('ok'):
        v = sl['value']
        fk = v['forkLockToSpawnChild']
        sp = v['spawnLockGetstateWhileSpawning']
        facts['semlockGetstate'] = (
            "SemLock.__getstate__ calls %s first (outside spawning: '%s'). While spawning, on "
            "Windows it returns a handle duplicated into the child (source: %s; not run here); "
            "on POSIX it returns the semaphore's handle and NAME (measured: (handle, kind=%s, "
            "maxvalue=%s, name like '%s')) so the child reopens it with sem_open; if the lock "
            "was made in a fork context and is sent to a spawn-context child it raises '%s'"
            % (v['firstStatement'], v.get('getstateOutsideSpawning'), v['windowsBranch'],
               sp['kind'], sp['maxvalue'], sp['namePattern'], fk.get('message')))
    else:
        facts['semlockGetstate'] = _unmeasured(ref_facts, 'semlockGetstate', str(sl.get('error')))

    # --- startMethodDefaults ---------------------------------------------------
    sm = fact_results.get('startMethods', {})
    facts['startMethodDefaults'] = _unmeasured(
        ref_facts, 'startMethodDefaults',
        'only this platform/version can be measured; the other platforms and versions are '
        'the reference text', local=sm.get('value') if sm.get('ok') else sm.get('error'))

    # --- lockCostMicroseconds ----------------------------------------------------
    lc = fact_results.get('lockCost', {})
    if lc.get('ok'):
        v = lc['value']

        def mm(k, nd):
            return [round(v[k]['min'], nd), round(v[k]['median'], nd)]
        facts['lockCostMicroseconds'] = {
            'mpLockAcquireRelease': mm('mpLockAcquireRelease', 3),
            'managerLockAcquireRelease': mm('managerLockAcquireRelease', 1),
            'ratioManagerOverLock': [
                round(v['managerLockAcquireRelease']['min'] / v['mpLockAcquireRelease']['min']),
                round(v['managerLockAcquireRelease']['median'] / v['mpLockAcquireRelease']['median'])],
            'mpQueuePutGet': mm('mpQueuePutGet', 1),
            'managerQueuePutGet': mm('managerQueuePutGet', 1),
            'note': ('[min, median] over 5 timeit repeats on this machine (%s, %d CPUs); ratio '
                     'is min/min and median/median; order of magnitude only'
                     % (platform.machine(), os.cpu_count() or 0)),
        }
    else:
        facts['lockCostMicroseconds'] = _unmeasured(ref_facts, 'lockCostMicroseconds', str(lc.get('error')))
    return facts


# ===========================================================================
# comparison with the reference
# ===========================================================================

def compare(local_cells, ref):
    """Returns (problems, rows); problems are differences that must not exist."""
    problems, rows = [], []
    ref_by = {(c['scenario'], c['startMethod'], c['call']): c for c in ref['seedCells']}
    for c in local_cells:
        k = (c['scenario'], c['startMethod'], c['call'])
        rc = ref_by.get(k)
        if rc is None:
            problems.append('%s: not in the reference' % (k,))
            continue
        ref_raised = 'raised' in rc['verdicts']
        loc_raised = 'raised' in c['verdicts']
        same = True
        if ref_raised != loc_raised:
            problems.append('%s: raises locally=%s, in reference=%s' % (k, loc_raised, ref_raised))
            same = False
        if ref_raised or loc_raised:
            if rc.get('error') != c.get('error'):
                problems.append('%s: error %r != reference %r' % (k, c.get('error'), rc.get('error')))
                same = False
            if rc.get('framesFromPool') != c.get('framesFromPool'):
                problems.append('%s: frames %r != reference %r'
                                % (k, c.get('framesFromPool'), rc.get('framesFromPool')))
                same = False
            if ref_raised and set(rc['verdicts']) != set(c['verdicts']):
                problems.append('%s: verdicts %r vs reference %r' % (k, c['verdicts'], rc['verdicts']))
                same = False
        rows.append((k, c['verdicts'], rc['verdicts'], same))
    return problems, rows


def fmt_verdicts(v):
    return ', '.join('%s %d' % kv for kv in v.items())


def print_comparison(rows, problems, stream=sys.stderr):
    print('%-22s %-34s %-34s %s' % ('cell', 'local', 'reference', 'errors/frames'), file=stream)
    for k, lv, rv, same in rows:
        print('%-22s %-34s %-34s %s' % ('%d %s %s' % k, fmt_verdicts(lv), fmt_verdicts(rv),
                                          'same' if same else 'DIFFERENT'), file=stream)
    for p in problems:
        print('PROBLEM: ' + p, file=stream)


# ===========================================================================
# main
# ===========================================================================

def load_reference(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_cells(cells, runs, jobs):
    results = {}

    def one(cell):
        s, m, c = cell
        out = []
        for i in range(runs):
            out.append(run_cell_once(s, m, c))
        return cell, out

    t0 = time.monotonic()
    if jobs <= 1:
        for cell in cells:
            cell, out = one(cell)
            results[cell] = out
            log('[%6.1fs] scenario %d %-10s %-4s %s' % (time.monotonic() - t0, cell[0], cell[1],
                                                      cell[2], fmt_verdicts(summarize_cell(*cell, out)['verdicts'])))
    else:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(jobs) as ex:
            for cell, out in ex.map(one, cells):
                results[cell] = out
                log('[%6.1fs] scenario %d %-10s %-4s %s' % (time.monotonic() - t0, cell[0], cell[1],
                                                          cell[2], fmt_verdicts(summarize_cell(*cell, out)['verdicts'])))
    return [(cell, results[cell]) for cell in cells]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--runs', type=int, default=10)
    ap.add_argument('--cells', choices=('all', 'raised', 'quick'), default='all')
    ap.add_argument('--out', default=None, help='output JSON (default: stdout)')
    ap.add_argument('--reference', default=REFERENCE)
    ap.add_argument('--no-extra', action='store_true', help='leave out the "extra" key')
    ap.add_argument('--no-facts', action='store_true', help='skip the facts measurements')
    ap.add_argument('--jobs', type=int, default=1,
                    help='cells run concurrently (default 1: one run at a time, as measured)')
    ap.add_argument('--self-check', action='store_true')
    a = ap.parse_args(argv)

    ref = load_reference(a.reference)
    t_start = time.monotonic()
    if a.self_check:
        a.cells = 'quick'
    runs = 1 if a.cells == 'quick' else a.runs
    cells = cell_list(a.cells)
    log('running %d cells x %d run(s) with %s (%s)' % (len(cells), runs, sys.executable,
                                                       platform.python_version()))
    measured = run_cells(cells, runs, a.jobs)
    seed_cells = [summarize_cell(*cell, rs) for cell, rs in measured]
    details = [cell_details(*cell, rs) for cell, rs in measured]
    t_cells = time.monotonic() - t_start

    if a.self_check:
        if ref is None:
            log('self-check: cannot read the reference %s' % a.reference)
            return 2
        problems, rows = compare(seed_cells, ref)
        print_comparison(rows, problems)
        log('self-check: %s (%.1fs)' % ('FAILED' if problems else 'ok', t_cells))
        return 1 if problems else 0

    tb1 = None
    for cell, rs in measured:
        if cell == (1, 'fork', 'map'):
            tb1 = traceback_scenario1_map(rs)
    if tb1 is None:
        tb1 = traceback_scenario1_map([run_cell_once(1, 'fork', 'map')])

    fact_results = {}
    t_f = time.monotonic()
    if not a.no_facts:
        plan = [('threads', m) for m in METHODS] + [('processNames', m) for m in METHODS] + [
            ('managerProcesses', None), ('chunksize', None), ('pickledProxyTask', None),
            ('semlock', None), ('startMethods', None), ('queue', None), ('lockCost', None)]
        for name, arg in plan:
            key = name + (':' + arg if arg else '')
            fact_results[key] = run_fact(name, arg)
            log('fact %-20s %s' % (key, 'ok' if fact_results[key].get('ok') else fact_results[key]))
    facts = build_facts(ref, seed_cells, details, fact_results, log)
    extra_fact = None
    if not a.no_extra:
        extra_fact = run_fact('extra')
        log('fact %-20s %s' % ('extra', 'ok' if extra_fact.get('ok') else extra_fact))
    t_facts = time.monotonic() - t_f

    out = collections.OrderedDict()
    out['about'] = (
        "Outcomes observed in real CPython %s on %s %s (%d CPUs), measured by "
        "scripts/cpython_facts.py: the seed's four scenarios ported to Python 3 with as few "
        "changes as possible (scripts/cpython_scenarios.py), plus scenario 5 (the answer's Pool "
        "initializer fix exactly as written: lock through initargs, queue still passed in every "
        "task) and scenario 6 (lock AND queue through initializer/initargs, job takes only idx). "
        "%d run(s) per cell, each in a fresh interpreter, ncores=3, args=list(range(10)). "
        "'call' is the Pool method: 'map' as in the full script, 'imap' (result never iterated) "
        "as in the question's first listings; process scenarios (3, 4) ignore it. Verdicts: "
        "'successful' = result == args; 'fails' = the script's check failed (result is a "
        "permutation, or empty); 'raised' = the call raised; 'timeout' = the run was killed "
        "after %d s; 'crashed' = the run ended without a verdict."
        % (platform.python_version(), platform.system(), platform.machine(), os.cpu_count() or 0,
           runs, int(RUN_TIMEOUT)))
    out['python'] = platform.python_version()
    out['seedCells'] = seed_cells
    out['tracebackScenario1Map'] = tb1
    out['facts'] = facts
    if not a.no_extra:
        extra = collections.OrderedDict()
        if extra_fact and extra_fact.get('ok'):
            v = extra_fact['value']
            extra['pickleProtocol'] = v['defaultProtocol']
            extra['pickles'] = v['pickles']
            extra['pickleErrors'] = v['pickleErrors']
            extra['tracebackLines'] = v['tracebackLines']
            extra['stdlib'] = v['stdlib']
        else:
            extra['error'] = extra_fact
        extra['factsDetail'] = {k: (r.get('value') if r.get('ok') else r) for k, r in fact_results.items()}
        extra['cells'] = details
        total = time.monotonic() - t_start
        extra['timing'] = {'cellsSeconds': round(t_cells, 1), 'factsSeconds': round(t_facts, 1),
                           'totalSeconds': round(total, 1), 'jobs': a.jobs,
                           'runsPerCell': runs, 'cells': len(cells),
                           'cpuCount': os.cpu_count(), 'runTimeoutSeconds': RUN_TIMEOUT}
        if ref is not None:
            problems, rows = compare(seed_cells, ref)
            extra['comparisonWithReference'] = {
                'reference': os.path.relpath(a.reference, ROOT) if a.reference.startswith(ROOT) else a.reference,
                'identicalRaisedCellsErrorsAndFrames': not problems,
                'problems': problems,
                'verdicts': [{'cell': '%d %s %s' % k, 'local': lv, 'reference': rv}
                             for k, lv, rv, _same in rows]}
        out['extra'] = extra

    text = json.dumps(out, indent=1, ensure_ascii=False)
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)) or '.', exist_ok=True)
        with open(a.out, 'w', encoding='utf-8') as f:
            f.write(text + '\n')
    else:
        sys.stdout.write(text + '\n')
    log('cells %.1fs, facts %.1fs, total %.1fs' % (t_cells, t_facts, time.monotonic() - t_start))
    if ref is not None:
        problems, rows = compare(seed_cells, ref)
        print_comparison(rows, problems)
    return 0


if __name__ == '__main__':
    sys.dont_write_bytecode = True
    sys.exit(main())
