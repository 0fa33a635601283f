// The narration (a sentence or two per step that says why it happens) and
// the story's stops. A part of the UI's messages (index.ts assembles them),
// in English; other locales get modules of the same shape.

import type { HandshakeMessage } from '../../src/sim/handshake-bytes';
import { num, plural } from '../intl';

/** "it" or "them", for the module globals a sentence names. */
const them = (names: readonly string[]): string => (names.length > 1 ? 'them' : 'it');

/** How a spawned or forkserver child gets the script's globals: it imports the script. */
const afresh = (method: string): string =>
  method === 'forkserver'
    ? 'is forked from the fork server, not from the parent, and imports the script afresh'
    : 'is a new interpreter that imports the script afresh';

export const narrationMessages = {
  /** The narration: one or two sentences per step that say why it happens. */
  narrate: {
    start: 'Nothing has run yet. Step forward to watch the script start, one event at a time.',
    mainStart: (name: string): string =>
      `Python starts the script: ${name} is the process you launched, with one thread, MainThread.`,
    forkStart: (name: string, parent: string): string =>
      `${parent} calls fork(): ${name} starts with a copy of its memory and open handles, but ` +
      'only the thread that called fork: other threads (a Pool’s handlers, a queue’s feeder) ' +
      'are not copied. An mp.Lock still works in the child because its semaphore lives outside ' +
      'the copied memory; a copied threading.Lock would be a separate lock.',
    spawnStart: (name: string, parent: string): string =>
      name === 'forkserver'
        ? `${parent} starts the fork server, a new Python interpreter. It gets its settings and ` +
          'descriptors on its command line, nothing pickled; from now on it forks the children.'
        : name === 'resource_tracker'
          ? `${parent} starts the resource tracker, a new Python interpreter that unlinks the ` +
            'names of semaphores left behind when processes end. It gets its pipe on its command line.'
          : `${parent} spawns ${name}: a new, empty Python interpreter. It is handed a few ` +
            `descriptors, reads what ${parent} pickles for it down a pipe, and imports the ` +
            "script again (without running its if __name__ == '__main__' part).",
    forkserverStart: (name: string): string =>
      `The fork server forks ${name} for the parent. The child starts with a copy of the ` +
      'server’s memory (the server has imported the script, by default), not the parent’s, so ' +
      'what it needs from the parent is pickled and sent.',
    memoryCopy: (name: string, parent: string, vars: string): string =>
      `${name} now has a copy of ${parent}’s memory${vars}. Nothing was pickled: fork copies ` +
      `memory as it is. That is inheritance: a Lock reaches a child this way only if ${parent} ` +
      'holds it.',
    memoryVars: (vars: string): string => `, including ${vars}`,
    handleInherited: (name: string, handle: number, label: string): string =>
      `${name} inherits handle ${handle} to ${label}. It refers to the same object the parent ` +
      'uses, not a copy, so both processes share it.',
    handleDuplicated: (name: string, label: string): string =>
      `Windows duplicates a handle to ${label} into ${name}: DuplicateHandle is how a spawned ` +
      'child on Windows gets a semaphore or pipe the parent made.',
    handleOpened: (name: string, label: string): string =>
      `${name} opens ${label} by its name (sem_open). This is how a spawned child on Linux or ` +
      'macOS reaches a semaphore the parent created.',
    handleCreated: (name: string, label: string): string =>
      `${name} creates ${label} and gets a handle to it, a number in its table. The object is ` +
      'not in its Python memory: a pipe lives in the kernel; a semaphore is memory shared by ' +
      'name on Linux, a named kernel semaphore on macOS, a kernel object on Windows.',
    handleOther: (name: string, label: string): string => `${name} gets a handle to ${label}.`,
    pickleStartSpawning: (who: string, what: string): string =>
      `${who} pickles the ${what} to create a child process. While a child is being created, ` +
      'multiprocessing allows Locks and Queues to be pickled, so they can travel with it.',
    pickleStart: (who: string, what: string): string =>
      `${who} pickles ${what} to send it through a pipe to another process. This thread is not ` +
      'creating a child process right now, so a Lock or Queue inside it would be refused.',
    pickleDone: (who: string, what: string, size: number): string =>
      `${who} pickled ${what} into ${num(size)} bytes. Everything in it could be turned into bytes.`,
    pickleRefusedLock: (who: string, what: string, type: string, exception: string): string =>
      `${who} tried to pickle ${what}. It holds a ${type}, and a ${type} may only be pickled ` +
      'while a child process is being created: its __getstate__ calls ' +
      `context.assert_spawning, which raises ${exception}. Nothing is sent.`,
    pickleRefused: (who: string, what: string, error: string): string =>
      `${who} tried to pickle ${what}, and pickling failed: ${error}`,
    unpickle: (who: string, what: string, size: number): string =>
      `${who} unpickles ${what} (${num(size)} bytes): it rebuilds the object from the bytes.`,
    exceptionRaised: (who: string, error: string): string =>
      `${who} raises ${error}. It is caught there, inside multiprocessing, not in your code.`,
    exceptionStored: (who: string): string =>
      `${who} stores the exception on the job’s result object. Nothing is printed yet: it is ` +
      'raised only when the main thread asks for that result. map asks; an imap iterator that ' +
      'is never read never does, and the error is never printed.',
    exceptionReraised: (who: string, error: string): string =>
      `${who} asks for the result and gets the stored exception: ${error} is raised again here, ` +
      'in this thread, not in the one that first raised it (another thread, or a worker process).',
    exceptionPrinted: (who: string): string =>
      `Nobody catches the exception, so Python prints the traceback (${who}) and the script ends.`,
    exceptionPrintedChild: (who: string): string =>
      `${who} ends with the exception: its traceback is printed, and ${who} exits with code 1.`,
    proxyRequest: (who: string, method: string, count: number): string =>
      `${who} sends a request to the manager process: “${method}”. A Manager object is a proxy: ` +
      `every call is a message there and back (request ${num(count)} so far).`,
    proxyResponse: (who: string, method: string, ok: boolean): string =>
      ok
        ? `The manager answers “${method}”, and ${who} carries on. The real object lives only in the manager.`
        : `The manager answers “${method}” with an error, which ${who} raises.`,
    semBlock: (who: string, label: string): string =>
      `${who} tries to acquire ${label}, but its count is 0, so the thread waits until someone ` +
      'releases it.',
    semAcquireWaited: (who: string, label: string): string =>
      `${who} is woken: a release handed it ${label}, so it stops waiting and carries on.`,
    semAcquire: (who: string, label: string): string =>
      `${who} acquires ${label} at once: its count was above 0.`,
    semRelease: (who: string, label: string, wakes: boolean): string =>
      wakes
        ? `${who} releases ${label} and hands it straight to a waiting thread.`
        : `${who} releases ${label}; its count goes back up.`,
    pipeWrite: (who: string, size: number, label: string): string =>
      `${who} writes ${num(size)} bytes into ${label}. Only bytes can cross between processes, which ` +
      'is why objects are pickled first.',
    handshakeWrite: (who: string, size: number, label: string, message: HandshakeMessage): string =>
      `${who} writes ${num(size)} bytes into ${label}: ${
        {
          challenge: '“#CHALLENGE#” and random bytes',
          digest: 'the HMAC of the challenge it was sent, made with the authkey',
          welcome: '“#WELCOME#”: the digest it received was right',
          failure: '“#FAILURE#”: the digest it received was wrong',
        }[message]
      }. Not a pickle: before any request, each side of a connection to a manager proves it ` +
      'knows the authkey.',
    pipeRead: (who: string, size: number, label: string): string =>
      `${who} reads a ${num(size)}-byte message from ${label}.`,
    pipeBlock: (who: string, label: string): string =>
      `${who} waits on ${label}: there is nothing to read yet.`,
    print: (who: string, text: string): string => `${who} prints “${text}”.`,
    printErr: (who: string, text: string): string => `${who} writes to stderr: “${text}”.`,
    threadStart: (who: string, name: string): string =>
      name === 'QueueFeederThread'
        ? `${who} starts a thread, ${name}. It pickles each item put on the queue, after put() ` +
          'returns, and writes it to the pipe; if pickling fails, only this thread prints the error.'
        : `${who} starts a thread, ${name}. Threads share their process’s memory: starting one ` +
          'pickles nothing.',
    processExit: (name: string, code: number): string =>
      code === -15
        ? `${name} is terminated (signal 15). Its handles close, but a lock it held stays held.`
        : `${name} exits with code ${code}.`,
    verdict: (line: string): string => `The script reaches its verdict: ${line}`,
    verdictRaised: (error: string): string =>
      `The script ends with an uncaught exception: ${error}.`,
    verdictHang: 'The script never finishes: every thread is waiting for another.',
    end: (verdict: string): string => `The run is over. ${verdict}`,
    interleave: (other: string): string =>
      `From here on, ${other} and MainProcess run at the same time: steps from different ` +
      'processes interleave in the order the scheduler happened to run them, and another seed ' +
      'gives another order.',
    call: (who: string, func: string, args: string): string => `${who} calls ${func}(${args}).`,
    returns: (who: string, func: string): string => `${who} returns from ${func}().`,
    bind: (who: string, name: string, value: string | null): string =>
      value === null ? `${who} unbinds ${name}.` : `${who} binds ${name} to ${value}.`,
    kobjCreate: (who: string, label: string): string =>
      `${who} creates ${label}, reached through a handle: it is not a Python object in this ` +
      'process’s memory, so other processes can share it.',
    kobjCreatePrivate: (who: string, label: string): string =>
      `${who} creates ${label}, a lock inside this process: its threads share it, other ` +
      'processes never see it.',
    kobjUnlink: (who: string, label: string): string =>
      `${who} removes the name of ${label}: no process can open it by name any more, while the ` +
      'handles already open keep working.',
    kobjFree: (label: string): string =>
      `The kernel frees ${label}: the last handle to it was closed.`,
    handleClose: (name: string, label: string): string => `${name} closes its handle to ${label}.`,
    threadExit: (thread: string, process: string): string => `${thread} of ${process} ends.`,
    threadRename: (who: string, name: string): string => `${who} is renamed ${name}.`,
    processRename: (old: string, name: string): string =>
      `${old} takes its name for the job it was given: ${name}.`,
    sleep: (who: string, seconds: number): string => `${who} sleeps for ${num(seconds)} s.`,
    semTimeout: (who: string, label: string): string =>
      `${who} stops waiting for ${label}: its timeout ran out.`,
    semTryFailed: (who: string, label: string): string =>
      `${who} tries ${label} without waiting; it is taken, so the thread moves on.`,
    pipeEof: (who: string, label: string): string =>
      `${who} finds ${label} closed at the other end: there is nothing more to read.`,
    generic: (who: string, what: string): string => `${who}: ${what}.`,
    /** A kernel object in a sentence: its kind (semaphore, pipe, socket, listener) and its label. */
    object: (kind: string, label: string): string => `the ${kind} “${label}”`,
    note: (text: string): string => text,
    who: {
      taskHandler: 'The task handler thread',
      resultHandler: 'The result handler thread',
      workerHandler: 'The worker handler thread',
      feeder: (process: string): string => `${process}’s queue feeder thread`,
      main: (process: string): string => `${process}`,
      thread: (process: string, thread: string): string => `Thread ${thread} of ${process}`,
    },
  },

  /** The story's stops (story/stops.ts): a title and what the moment means. */
  stops: {
    nav: 'Story',
    stopLabel: (n: number, title: string): string => `Stop ${num(n)}: ${title}`,
    lockTitle: 'The Lock is created',
    lock:
      'mp.Lock() asks the kernel for a semaphore. The Python object holds only a handle to it: ' +
      'the semaphore itself lives outside every process, which is what lets two processes share it.',
    lockAloneTitle: 'The Lock is created in the parent alone',
    lockAlone:
      'The Pool’s workers already exist, so this semaphore is in no worker’s memory or handle ' +
      'table. The only way left to reach them is down a pipe, pickled — and a Lock may not be ' +
      'pickled for a pipe.',
    workersTitle: 'The workers start before the Lock exists',
    workers: (method: string, name: string): string =>
      method === 'fork'
        ? `mp.Pool() forks its workers at once (${name} first). Each gets a copy of the parent as it ` +
          'is now — and there is no Lock yet, so none of them has it.'
        : `mp.Pool() starts its workers at once (${name} first), with ${method}: each is a new ` +
          'interpreter that gets only what is pickled while it is being created. The Lock is not ' +
          'among it.',
    workersWithLockTitle: 'The workers are created with the Lock',
    workersWithLock: (method: string): string =>
      method === 'fork'
        ? 'Pool(initializer=…, initargs=…) forks its workers after the Lock exists: each child ' +
          'inherits the very same semaphore while it is being created, which is the one moment a ' +
          'Lock may travel.'
        : 'Pool(initializer=…, initargs=…) puts the initargs inside each worker’s Process object, ' +
          'which is pickled while the worker is being spawned — the one moment a Lock may travel.',
    globalsInheritedTitle: (pool: boolean, name: string): string =>
      pool ? 'The workers inherit the globals' : `${name} inherits the globals`,
    globalsInherited: (pool: boolean, names: readonly string[]): string =>
      `${pool ? 'mp.Pool() forks its workers' : 'p.start() forks the child'} after ` +
      `global ${names.join(', ')} has set ${them(names)}: ` +
      `${pool ? 'each worker’s' : 'its'} copy of the memory holds the module’s ` +
      `${names.join(' and ')}, and its handle table the same kernel objects. ` +
      `Inherited, nothing pickled${pool ? ', no initializer needed' : ''} — but only because ` +
      'fork copies the parent.',
    globalsAfreshTitle: (pool: boolean, name: string): string =>
      pool ? 'The workers start without the globals' : `${name} starts without the globals`,
    globalsAfresh: (method: string, pool: boolean, names: readonly string[]): string =>
      `${pool ? 'mp.Pool() starts its workers' : 'p.start() starts the child'} with ${method}: ` +
      `${pool ? 'each' : 'it'} ${afresh(method)}, as __mp_main__, whose first lines say ` +
      `${names.map((n) => `${n} = None`).join(' and ')}. The parent set ${them(names)} in its own ` +
      'memory, in a function the child never runs, and no pickle carries ' +
      `${them(names)}: a module global is in no Process object and no task.`,
    managerTitle: 'A Manager starts its own process',
    manager: (name: string): string =>
      `mp.Manager() starts ${name}, a server process. The real Lock will live there; the script ` +
      'gets a proxy: an address and an id, which pickle like any string.',
    secondManagerTitle: 'A second Manager starts',
    secondManager: (name: string): string =>
      `Each mp.Manager() call starts its own server, so ${name} is a second one, for the next ` +
      'object. Two managers, two processes to send requests to.',
    childTitle: (name: string): string => `${name} is created with the Lock`,
    child: (method: string, name: string, hasLock: boolean): string =>
      method === 'fork'
        ? `${name} is forked while p.start() runs. ${hasLock ? 'Its copy of the memory holds the Lock, and its handle table the same semaphore: inherited, not pickled.' : 'Its copy of the memory holds what the parent held when it forked.'}`
        : `${name} is a new interpreter, started while p.start() runs. It has nothing of the ` +
          'parent until the parent’s pickled Process object arrives.',
    childProxyTitle: (name: string): string => `${name} is created with the proxies`,
    childProxy:
      'The child gets the proxies, not a Lock: each is the manager’s address and an id. They ' +
      'would pickle at any time, so how the child is started does not matter to them.',
    childrenProxy: (count: number): string =>
      `Each of the ${num(count)} processes got the same two proxies: addresses and ids that all lead ` +
      'back to the one Lock and the one Queue in the managers.',
    spawnPickleTitle: 'The Process object is pickled while spawning',
    spawnPickle: (method: string, pool: boolean): string =>
      `Under ${method} the parent pickles the ${pool ? 'worker’s ' : ''}Process object, its ` +
      'arguments included, for the child being created. assert_spawning passes here: a child is ' +
      'being spawned, so the Lock may be pickled (by its semaphore’s name).',
    spawnPickleNoLock: (method: string): string =>
      `Under ${method} the parent pickles each new child’s Process object while spawning it — ` +
      'the one moment assert_spawning allows a Lock. But the Lock does not exist yet, so it is not ' +
      'inside.',
    spawnPickleGlobal: (method: string, pool: boolean): string =>
      `Under ${method} the parent pickles the ${pool ? 'worker’s ' : ''}Process object for the ` +
      'child being created. The Lock is not inside: it is a module global, not an argument, ' +
      'and pickle writes only what the object holds (its target and arguments).',
    spawnRefusedTitle: 'pickle refuses the Process’s target',
    spawnRefused: (
      method: string,
      child: string,
      fn: { qualname: string; outer: string; lambda: boolean },
    ): string =>
      `Under ${method} the parent pickles ${child}’s Process object for the child it is about ` +
      `to create, and its target is ${fn.lambda ? 'a lambda' : 'a function'} defined inside ` +
      `${fn.outer}(): ${fn.qualname}. Pickle writes a function as its module and name, and no ` +
      `module has that one, so start() raises in the parent before ${child} exists. Under fork ` +
      'nothing is pickled: the child inherits the function with the memory.',
    spawnRefusedWindows: (
      child: string,
      fn: { qualname: string; outer: string; lambda: boolean },
    ): string =>
      `On Windows the parent creates ${child} first, then pickles its Process object down a ` +
      `pipe to it, and its target is ${fn.lambda ? 'a lambda' : 'a function'} defined inside ` +
      `${fn.outer}(): ${fn.qualname}. Pickle writes a function as its module and name, and no ` +
      `module has that one, so start() raises in the parent — with ${child} already running, ` +
      'waiting for the object. Under fork (Linux, macOS) nothing is pickled.',
    childEofTitle: (child: string): string => `${child} runs out of input`,
    childEof: (child: string): string =>
      `${child} got its preparation data and imported the script as __mp_main__; then it reads ` +
      'its Process object. The parent closed the pipe when pickling failed, so pickle.load finds ' +
      `nothing: EOFError: Ran out of input. ${child} prints its own traceback and exits with ` +
      'code 1: a second traceback, the child’s, beside the parent’s.',
    forkserverTitle: 'A fork server starts',
    forkserver:
      'Under forkserver the parent first starts a small, clean server process. Every child is ' +
      'forked from it, not from the parent, so a child inherits nothing of the parent’s: what it ' +
      'needs is pickled while it is created.',
    reopenedTitle: 'The child reopens the same semaphore',
    reopened: (name: string, duplicated: boolean): string =>
      duplicated
        ? `${name} receives a duplicate of the parent’s handle (DuplicateHandle): the same ` +
          'semaphore, not a copy of it.'
        : `${name} opens the parent’s semaphore by its name (sem_open): the same semaphore, ` +
          'not a copy of it.',
    taskPickleTitle: 'The task handler pickles task 0',
    taskPickle: (method: string): string =>
      'map() only queues the tasks. The Pool’s task-handler thread, Thread-2 (_handle_tasks), ' +
      `pickles each task later, to send it down the Pool’s pipe — the workers were ${method === 'fork' ? 'forked' : 'started'} long ago.`,
    refusedTitle: (type: string): string => `assert_spawning refuses the ${type}`,
    // The checkpoint's answer, shown with it, says what was raised: this says why, and where.
    refused: (type: string): string =>
      `${type}.__getstate__ asks context.assert_spawning: is this thread creating a child ` +
      'process now? The task handler is not — mp.Pool() started the workers earlier — so it ' +
      'raises, in the parent. No task reaches a worker.',
    refusedFunctionTitle: 'pickle refuses the function',
    refusedFunction: (fn: { qualname: string; outer: string; lambda: boolean }): string =>
      'A task holds the function to run beside its arguments. Pickle writes a function as a ' +
      'reference, its module and qualified name, for the worker to import; ' +
      `${fn.lambda ? 'a lambda' : 'a function'} defined inside ${fn.outer}() is named ` +
      `${fn.qualname}, which no module has, so the pickler raises, in the parent. No task ` +
      'reaches a worker.',
    refusedFunctionRest: (from: string, last: string): string =>
      `The task handler goes on: tasks ${from} to ${last} hold the same function and are ` +
      'refused the same way. The job needs only one error, the first.',
    refusedRestTitle: (from: string, last: string): string =>
      `Tasks ${from}–${last} are refused the same way`,
    refusedRest: (from: string, last: string): string =>
      `The task handler goes on: tasks ${from} to ${last} hold the same object and fail the same ` +
      'check. The job needs only one error, the first.',
    storedTitle: 'The error is stored on the job’s result',
    stored: (call: string | null): string =>
      'The task handler does not crash: it puts the exception on the job’s result object and ' +
      (call === null
        ? 'carries on. The script never reads that result, so nothing will raise it.'
        : `carries on. The main thread, waiting in ${call}(), has not seen it yet.`),
    reraisedTitle: (call: string): string => `${call}() re-raises it in MainThread`,
    reraised: (call: string): string =>
      `${call}() wakes up with the stored exception and raises it again, in MainThread: that is ` +
      'the traceback you see, though the refusal happened in another thread.',
    globalNoneTitle: (process: string, name: string): string => `${process} finds ${name} None`,
    globalNone: (pool: boolean, name: string): string =>
      `The job runs ${name === 'lock' ? 'lock.acquire()' : 'queue.put(idx)'} with ${name} = None, ` +
      'the module’s own value: AttributeError. ' +
      (pool
        ? 'The worker does not die: it catches the exception and sends it back down the result ' +
          'pipe, its traceback turned into text (ExceptionWithTraceback). Every task meets the ' +
          'same None.'
        : 'The child prints its traceback on its own stderr and exits with code 1; nothing of ' +
          'it goes back to the parent. Every child meets the same None.'),
    remoteStoredTitle: 'The error comes back to the parent',
    remoteStored: (call: string | null): string =>
      'In the parent, the result-handler thread (_handle_results) unpickles it: rebuild_exc ' +
      'makes the AttributeError again, the worker’s traceback as its cause (a RemoteTraceback), ' +
      'and it is stored on the job’s result. ' +
      (call === null
        ? 'The script never reads that result, so nothing will raise it.'
        : `The main thread, waiting in ${call}(), has not seen it yet.`),
    remoteReraised: (call: string): string =>
      `${call}() wakes up with the stored exception and raises it again, in MainThread. Python ` +
      'prints its cause first — the worker’s traceback, as a RemoteTraceback — then “The above ' +
      'exception was the direct cause of the following exception:”, then the parent’s own.',
    taskPickledTitle: 'Task 0 pickles',
    taskPickledProxy:
      'The task holds proxies, not the Lock: each pickles as the manager’s address and the ' +
      'object’s id, so the task handler’s pickling succeeds.',
    taskPickledPlain:
      'The task holds only a number: the Lock and the Queue reached the workers through the ' +
      'initializer when they were created, so nothing in the task needs assert_spawning.',
    taskPickledGlobals: (inherits: boolean): string =>
      'The task holds only a number: the job reads lock and queue as module globals' +
      (inherits
        ? ', which the workers inherited when they were forked'
        : ' — whatever each worker has under those names') +
      ', so nothing in the task needs assert_spawning.',
    taskUnpickledTitle: (name: string): string => `${name} unpickles task 0`,
    taskUnpickled: (proxies: boolean): string =>
      proxies
        ? 'Unpickling a proxy rebuilds it from the address and id: the worker connects to the ' +
          'manager; no semaphore is copied.'
        : 'The worker rebuilds the task from bytes and runs the job with the Lock it already has.',
    acquireTitle: (name: string): string => `${name} acquires the Lock`,
    acquire: (method: string): string =>
      method === 'fork'
        ? 'The child acquires the semaphore it inherited. Copy-on-write copies memory pages, ' +
          'except shared ones: the semaphore is in shared memory (on Linux a shared page, on ' +
          'macOS the kernel), so parent and child use the same one.'
        : 'The child acquires the semaphore it reopened: the same one the parent created, so ' +
          'the Lock excludes across processes.',
    contentionTitle: (name: string): string => `${name} waits for the same Lock`,
    contention:
      'Another process holds the semaphore, so this one waits. Waiting is the proof that they ' +
      'share one Lock: separate copies would never make anyone wait.',
    proxyCallTitle: (method: string): string => `${method}() is a message to the manager`,
    proxyCall: (method: string): string =>
      `The proxy’s ${method}() does not touch a semaphore here: it sends a request to the ` +
      'manager process, which runs it on the real object and answers.',
    proxyRestTitle: (calls: number): string =>
      plural(calls, { one: '# round trip in all', other: '# round trips in all' }),
    proxyRest: (calls: number): string =>
      `Every acquire, release and put was a request and a response: ${num(calls)} in this run. That ` +
      'is what a Manager costs, and why it works anywhere.',
    childrenTitle: (count: number): string => `All ${num(count)} children are created the same way`,
    children: (count: number): string =>
      `Each of the ${num(count)} processes received the Lock while it was being created — the moment ` +
      'multiprocessing allows it.',
    childrenGlobals: (count: number, inherits: boolean, name: string): string =>
      inherits
        ? `Each of the ${num(count)} children was forked after global ${name} was set, and ` +
          'inherited it with the memory.'
        : `Each of the ${num(count)} children imported the script afresh and found ${name} None: ` +
          'none of them ever had the parent’s.',
    insteadTitle: 'What would work instead',
    instead: (type: string): string =>
      `The ${type} must reach the workers while they are created: pass it through ` +
      'Pool(initializer=…, initargs=…), or use a Manager’s proxy, which pickles at any time.',
    insteadQuiet: (type: string, call: string): string =>
      `${call}() results are never read, so the refusal of the ${type} was never raised: the ` +
      'script just finds no results. Pass it through the initializer, or use a Manager.',
    insteadFunction: (fn: { outer: string }): string =>
      'Define the job at module level, as the_job is: pickle then writes __main__.the_job, and ' +
      'each child finds it by that name. A Manager or the initializer changes how the lock and ' +
      `queue travel, not the function: one defined inside ${fn.outer}() cannot be pickled by ` +
      'any route. Only a child that inherits it runs it: a Process per task, under fork.',
    insteadFunctionQuiet: (call: string): string =>
      `${call}() results are never read, so the refusal of the function was never raised: the ` +
      'script just finds no results. Define the job at module level, as the_job is.',
    insteadGlobal: (pool: boolean, name: string): string =>
      `Under fork this script works: ${pool ? 'the workers are' : 'each child is'} forked after ` +
      `global ${name} is set, and ${pool ? 'inherit' : 'inherits'} it. For spawn and forkserver ` +
      '(the default on macOS and Windows, and on Linux from Python 3.14), ' +
      (pool
        ? 'hand the objects to each worker as it starts: Pool(initializer=…, initargs=(lock, ' +
          'queue)) sets the globals in every worker. Or use a Manager’s proxies, which pickle at ' +
          'any time.'
        : 'pass the objects as the Process’s arguments, args=(task, lock, queue): they are ' +
          'pickled while the child is being created, the one moment a Lock may travel. Or use a ' +
          'Manager’s proxies.'),
    verdictTitle: 'The verdict',
    verdictOk:
      'Every item arrived, and in order: the Lock reached each child by a route that allows it.',
    verdictOrder:
      'Every item arrived, but not in task order: nothing was lost, and the script’s ' +
      '“result != args” check fails anyway. Order is up to the scheduler.',
    verdictHang: 'The script never finishes: every thread is waiting for another.',
  },
} as const;
