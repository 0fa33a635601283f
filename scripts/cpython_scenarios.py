"""The seed's full script ("完整的脚本"), ported to Python 3 with the fewest changes.

Changes from the Python 2 original, and nothing else:
  * ``print x`` -> ``print(x)``, ``iterator.next()`` -> ``next(iterator)``,
    ``dict.iteritems()`` -> ``dict.items()``, ``args = range(10)`` ->
    ``args = list(range(10))`` (so ``result != args`` compares two lists);
  * ``mp`` (the multiprocessing module) is replaced by ``ctx``, a start-method
    context ``multiprocessing.get_context(method)`` chosen with ``select()``;
  * the pool scenarios call ``mypool.map`` (full script) or ``mypool.imap``
    (the question's first listings; the result is never iterated), chosen by
    ``CALL``;
  * scenario 5 is the answer's initializer fix exactly as written (lock through
    ``initializer``/``initargs``, the queue still in every task), scenario 6
    passes lock AND queue through the initializer (tasks are just ``idx``).

mpviz drives this module from ``scripts/cpython_facts.py``; it is a separate,
importable module so that spawn/forkserver children can import ``the_job``
and the initializers by name (``cpython_scenarios.the_job``) and tracebacks
name a real file.  Run it directly as the seed did:

    python3 scripts/cpython_scenarios.py [SCENARIO [METHOD [CALL]]]
"""
__author__ = 'Me and myself'

import multiprocessing
import time

# mpviz: `ctx` replaces the seed's `mp`; select() picks the start method.
ctx = multiprocessing.get_context()
CALL = 'map'


def select(method=None, call='map'):
    """mpviz: choose the start method (fork/spawn/forkserver) and the Pool call."""
    global ctx, CALL
    ctx = multiprocessing.get_context(method)
    CALL = call
    return ctx


def the_job(args):
    """The job for multiprocessing.

    Prints some stuff secured by a lock and
    finally puts the input into a queue.

    """
    idx = args[0]
    lock = args[1]
    queue=args[2]

    lock.acquire()
    print('I')
    print('was ')
    print('here ')
    print('!!!!')
    print('1111')
    print('einhundertelfzigelf\n')
    who= ' By run %d \n' % idx
    print(who)
    lock.release()

    queue.put(idx)


def read_queue(queue):
    """Turns a qeue into a normal python list."""
    results = []
    while not queue.empty():
        result = queue.get()
        results.append(result)
    return results


def make_iterator(args, lock, queue):
    """Makes an iterator over args and passes the lock an queue to each element."""
    return ((arg, lock, queue) for arg in args)


def start_scenario(scenario_number = 1):
    """Starts one of four multiprocessing scenarios.

    :param scenario_number: Index of scenario, 1 to 4

    """
    args = list(range(10))
    ncores = 3
    if scenario_number==1:
        result =  scenario_1_pool_no_manager(the_job, args, ncores)
    elif scenario_number==2:
        result =  scenario_2_pool_manager(the_job, args, ncores)
    elif scenario_number==3:
        result =  scenario_3_single_processes_no_manager(the_job, args, ncores)
    elif scenario_number==4:
        result =  scenario_4_single_processes_manager(the_job, args, ncores)
    elif scenario_number==5:  # mpviz: the answer's fix
        result =  scenario_5_pool_initializer_lock(the_job_global_lock, args, ncores)
    elif scenario_number==6:  # mpviz: lock and queue through the initializer
        result =  scenario_6_pool_initializer_lock_queue(the_job_globals, args, ncores)

    if result != args:
        print('Scenario %d fails: %s != %s' % (scenario_number, args, result))
    else:
        print('Scenario %d successful!' % scenario_number)


def scenario_1_pool_no_manager(jobfunc, args, ncores):
    """Runs a pool of processes WITHOUT a Manager for the lock and queue.

    FAILS!

    """
    mypool = ctx.Pool(ncores)
    lock = ctx.Lock()
    queue = ctx.Queue()

    iterator = make_iterator(args, lock, queue)

    if CALL == 'map':
        mypool.map(jobfunc, iterator)
    else:
        mypool.imap(jobfunc, iterator)

    mypool.close()
    mypool.join()

    return read_queue(queue)


def scenario_2_pool_manager(jobfunc, args, ncores):
    """Runs a pool of processes WITH a Manager for the lock and queue.

    SUCCESSFUL!

    """
    mypool = ctx.Pool(ncores)
    lock = ctx.Manager().Lock()
    queue = ctx.Manager().Queue()

    iterator = make_iterator(args, lock, queue)
    if CALL == 'map':
        mypool.map(jobfunc, iterator)
    else:
        mypool.imap(jobfunc, iterator)
    mypool.close()
    mypool.join()

    return read_queue(queue)


def scenario_3_single_processes_no_manager(jobfunc, args, ncores):
    """Runs an individual process for every task WITHOUT a Manager,

    SUCCESSFUL!

    """
    lock = ctx.Lock()
    queue = ctx.Queue()

    iterator = make_iterator(args, lock, queue)

    do_job_single_processes(jobfunc, iterator, ncores)

    return read_queue(queue)


def scenario_4_single_processes_manager(jobfunc, args, ncores):
    """Runs an individual process for every task WITH a Manager,

    SUCCESSFUL!

    """
    lock = ctx.Manager().Lock()
    queue = ctx.Manager().Queue()

    iterator = make_iterator(args, lock, queue)

    do_job_single_processes(jobfunc, iterator, ncores)

    return read_queue(queue)


def do_job_single_processes(jobfunc, iterator, ncores):
    """Runs a job function by starting individual processes for every task.

    At most `ncores` processes operate at the same time

    :param jobfunc: Job to do

    :param iterator:

        Iterator over different parameter settings,
        contains a lock and a queue

    :param ncores:

        Number of processes operating at the same time

    """
    keep_running=True
    process_dict = {} # Dict containing all subprocees

    while len(process_dict)>0 or keep_running:

        terminated_procs_pids = []
        # First check if some processes did finish their job
        for pid, proc in process_dict.items():

            # Remember the terminated processes
            if not proc.is_alive():
                terminated_procs_pids.append(pid)

        # And delete these from the process dict
        for terminated_proc in terminated_procs_pids:
            process_dict.pop(terminated_proc)

        # If we have less active processes than ncores and there is still
        # a job to do, add another process
        if len(process_dict) < ncores and keep_running:
            try:
                task = next(iterator)
                proc = ctx.Process(target=jobfunc,
                                                   args=(task,))
                proc.start()
                process_dict[proc.pid]=proc
            except StopIteration:
                # All tasks have been started
                keep_running=False

        time.sleep(0.1)


# --- mpviz: scenario 5, the answer's fix exactly as written -----------------
# (the answer rewrites scenario_1_pool_no_manager and make_iterator; they get
# new names here so that scenarios 1-4 stay as they were)

lock = None

def initialize_lock(l):
    global lock
    lock = l


def make_iterator_queue_only(args, queue):
    """The answer's make_iterator(args, queue): the lock is no longer in a task."""
    return ((arg, queue) for arg in args)


def the_job_global_lock(args):
    """the_job "re-written slightly": the lock is the global set by initialize_lock."""
    idx = args[0]
    queue=args[1]

    lock.acquire()
    print('I')
    print('was ')
    print('here ')
    print('!!!!')
    print('1111')
    print('einhundertelfzigelf\n')
    who= ' By run %d \n' % idx
    print(who)
    lock.release()

    queue.put(idx)


def scenario_5_pool_initializer_lock(jobfunc, args, ncores):
    """Runs a pool of processes WITHOUT a Manager for the lock and queue.

    """
    lock = ctx.Lock()
    mypool = ctx.Pool(ncores, initializer=initialize_lock, initargs=(lock,))
    queue = ctx.Queue()

    iterator = make_iterator_queue_only(args, queue)

    if CALL == 'map':
        mypool.map(jobfunc, iterator)
    else:
        mypool.imap(jobfunc, iterator)  # Don't pass lock. It has to be used as a global in the child. (This means `jobfunc` would need to be re-written slightly.

    mypool.close()
    mypool.join()

    return read_queue(queue)


# --- mpviz: scenario 6, lock AND queue through the initializer --------------

queue = None

def initialize_lock_and_queue(l, q):
    global lock, queue
    lock = l
    queue = q


def the_job_globals(idx):
    """the_job with lock and queue taken from the globals set by the initializer."""
    lock.acquire()
    print('I')
    print('was ')
    print('here ')
    print('!!!!')
    print('1111')
    print('einhundertelfzigelf\n')
    who= ' By run %d \n' % idx
    print(who)
    lock.release()

    queue.put(idx)


def scenario_6_pool_initializer_lock_queue(jobfunc, args, ncores):
    """Runs a pool of processes; lock and queue are inherited through initargs."""
    lock = ctx.Lock()
    queue = ctx.Queue()
    mypool = ctx.Pool(ncores, initializer=initialize_lock_and_queue,
                      initargs=(lock, queue))

    if CALL == 'map':
        mypool.map(jobfunc, args)
    else:
        mypool.imap(jobfunc, args)

    mypool.close()
    mypool.join()

    return read_queue(queue)


def main():
    """Runs 1 out of 4 different multiprocessing scenarios"""
    start_scenario(1)


if __name__ == '__main__':
    import sys
    if len(sys.argv) > 1:  # mpviz: SCENARIO [METHOD [CALL]]
        select(sys.argv[2] if len(sys.argv) > 2 else None,
               sys.argv[3] if len(sys.argv) > 3 else 'map')
        start_scenario(int(sys.argv[1]))
    else:
        main()
