"""What an acquire/release costs, for scripts/cpython_check.py --lock-cost: an
``mp.Lock`` against a Manager's Lock (and a Queue's put/get against a Manager
Queue's), timed under each interpreter found and shown beside the figures the
page's LockCost panel uses (``facts.lockCostMicroseconds`` in
oracle/cpython-3.11.json). Order of magnitude only: the machine is shared.

Moved here from the retired scripts/cpython_facts.py (its ``lockCost`` fact).
"""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFERENCE = os.path.join(ROOT, 'oracle', 'cpython-3.11.json')

# Run in the interpreter measured: [min, median] microseconds per operation over 5 repeats.
MEASURE = r'''
import json, statistics, timeit
import multiprocessing as mp

def per_op(fn, number, repeat=5):
    per = [t / number * 1e6 for t in timeit.repeat(fn, number=number, repeat=repeat)]
    return [min(per), statistics.median(per)]

if __name__ == '__main__':
    res = {}
    lock = mp.Lock()
    def lock_ar():
        lock.acquire(); lock.release()
    res['mpLockAcquireRelease'] = per_op(lock_ar, 100000)
    manager = mp.Manager()
    mlock = manager.Lock()
    def mlock_ar():
        mlock.acquire(); mlock.release()
    res['managerLockAcquireRelease'] = per_op(mlock_ar, 1000)
    q = mp.Queue()
    def q_pg():
        q.put(1); q.get()
    res['mpQueuePutGet'] = per_op(q_pg, 5000)
    mq = manager.Queue()
    def mq_pg():
        mq.put(1); mq.get()
    res['managerQueuePutGet'] = per_op(mq_pg, 1000)
    manager.shutdown()
    print(json.dumps(res))
'''

KEYS = ('mpLockAcquireRelease', 'managerLockAcquireRelease', 'mpQueuePutGet', 'managerQueuePutGet')


def measure(python, timeout=300):
    out = subprocess.run([python, '-c', MEASURE], capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        return {'error': out.stderr.strip().split('\n')[-1]}
    res = json.loads(out.stdout)
    lock, mlock = res['mpLockAcquireRelease'], res['managerLockAcquireRelease']
    res['ratioManagerOverLock'] = [mlock[0] / lock[0], mlock[1] / lock[1]]
    return res


def lock_cost_report(interpreters):
    with open(REFERENCE) as f:
        shown = json.load(f)['facts']['lockCostMicroseconds']
    return {'shown': shown,
            'measured': [{'python': v, **measure(p)} for v, p in interpreters]}


def print_lock_cost(report):
    print('\nlock and queue costs, microseconds [min, median] (the page shows: %s):'
          % REFERENCE.replace(ROOT + os.sep, ''))
    keys = KEYS + ('ratioManagerOverLock',)
    print('  %-10s ' % 'python' + ' '.join('%-27s' % k for k in keys))
    print('  %-10s ' % 'page' + ' '.join('%-27s' % report['shown'][k] for k in keys))
    for m in report['measured']:
        if 'error' in m:
            print('  %-10s %s' % (m['python'], m['error']))
            continue
        print('  %-10s ' % m['python'] + ' '.join(
            '%-27s' % ('[%.3g, %.3g]' % tuple(m[k])) for k in keys))
