// The stage's strings: process cards, kernel objects, and the story view's
// actors. A part of the UI's messages (index.ts assembles them), in English;
// other locales get modules of the same shape.

import { num, plural } from '../intl';

export const stageMessages = {
  /** The stage: process cards over the band of kernel objects. */
  stage: {
    title: 'Processes and the kernel',
    caption:
      'Each card is one process: its threads, the Python names it holds and its handle table. ' +
      'Below them are the objects those handles point to, outside each process’s Python ' +
      'memory: pipes in the kernel; semaphores in memory shared by name on Linux, in the ' +
      'kernel on macOS and Windows. ' +
      'Lines join the handles of the highlighted process (hover a card to choose it) to their ' +
      'objects: one per row of its table, and a strong one for the handle in use.',
    kernel: 'Kernel objects and shared semaphores (reached by handle, outside Python memory)',
    everyHandle: 'A line for every handle',
    kernelEmpty: 'No kernel objects yet.',
    threads: 'Threads',
    memoryTitle: 'Memory (its own copy)',
    memoryEmpty: 'Nothing yet.',
    memoryCopying: 'Being copied from the parent by fork() (shown at the next key step).',
    global: 'global',
    localOf: (fn: string): string => `in ${fn}()`,
    handles: (count: number): string =>
      `Handle table: ${plural(count, { one: '# handle', other: '# handles' })}`,
    handlesEmpty: 'Handle table: empty',
    privateObjects: 'Threading objects inside this process',
    exitedThreads: (count: number): string =>
      plural(count, { one: '# thread has exited', other: '# threads have exited' }),
    running: 'running',
    blocked: 'blocked',
    blockedOn: (what: string): string => `waits on ${what}`,
    exited: (code: number): string => `exited with code ${code}`,
    now: 'now',
    birth: {
      main: 'the script’s own process',
      fork: 'forked: a copy of its parent',
      spawn: 'spawned: a fresh interpreter',
      forkserver: 'forked by the forkserver',
    } as Record<string, string>,
    runs: (what: string): string => `runs ${what}`,
    line: (line: number): string => `line ${line}`,
    fd: (fd: number): string => `fd ${fd}`,
    semPointer: (tail: string): string => `sem …${tail}`,
    familySentinels: 'Process sentinels',
    familyConnections: 'Manager connections',
    familyManager: 'Manager listener',
    familyOther: 'Other',
    familyDataPipes: 'Start-up pipes (spawn)',
    dataPipe: (name: string): string => `to ${name}`,
    connectionTo: (manager: string): string => `connection to ${manager}`,
    sentinel: (name: string): string => `sentinel of ${name}`,
    parentSentinel: (name: string): string => `parent’s end for ${name}`,
    lockFree: 'free',
    lockHeld: 'held',
    count: (n: number): string => `count ${num(n)}`,
    countUnbounded: 'count SEM_VALUE_MAX (no bound)',
    countOf: (n: number, max: number): string => `count ${num(n)} of ${num(max)}`,
    empty: 'empty',
    inFlight: (messages: number, bytes: number): string =>
      `${plural(messages, { one: '# message', other: '# messages' })}, ${num(bytes)} bytes`,
    listening: 'listening',
    heldBy: (who: string): string => `held by ${who}`,
    waiting: (who: string): string => `waiting: ${who}`,
    unlinked: 'name unlinked',
    messageTitle: (size: number, hex: string): string => `${num(size)} bytes: ${hex}`,
    moreMessages: (count: number): string => `+${num(count)}`,
    bytes: (size: number): string => `${num(size)} bytes`,
    pickled: (size: number): string => `pickled: ${num(size)} bytes`,
    unpickled: (size: number): string => `unpickled ${num(size)} bytes`,
    call: (method: string): string => `${method}()`,
    reply: (method: string): string => `${method} ↩`,
    replyError: (method: string): string => `${method} ✕`,
    memoryCopy: (count: number): string =>
      `copy of ${plural(count, { one: '# name', other: '# names' })}`,
    refused: '✕ refused',
    alertRefused: (what: string, error: string): string => `pickling ${what}: ${error}`,
    waits: 'waits',
    wakes: 'wakes',
    showLinks: (name: string): string => `Show the handle lines of ${name}`,
    objectCount: (count: number): string => plural(count, { one: '# object', other: '# objects' }),
  },

  /** The story view of the stage: the actors and objects the question is about. */
  story: {
    loadingInternals: 'Loading the full view…',
    showInternals: 'Show internals',
    caption:
      'Cards are processes. An arrow is a handle: two arrows to one Lock are two handles to ' +
      'one semaphore, not two locks.',
    legend: {
      inherited: 'solid: inherited by fork',
      opened: 'dashed: opened by name or passed while spawning',
      proxy: 'dotted: a Manager proxy',
    },
    childrenLabel: 'Children and workers',
    bandLabel: 'Shared objects and managers',
    threadsLabel: 'Threads that matter',
    holdingsLabel: (name: string): string => `What ${name} holds`,
    objectName: { lock: 'Lock', queue: 'Queue', pipe: 'task pipe' } as Record<string, string>,
    objectTitle: {
      lock: 'Lock',
      queue: 'Queue',
      pipe: 'Task pipe',
    } as Record<string, string>,
    objectWhat: {
      lock: 'One semaphore in the kernel, however many hold it.',
      queue: 'One pipe, two locks and a counter in the kernel.',
      pipe: 'Pool._inqueue: each task travels here, pickled.',
    } as Record<string, string>,
    managedWhat: {
      lock: 'The real Lock lives here.',
      queue: 'The real Queue lives here.',
      pipe: '',
    } as Record<string, string>,
    /** How a process got an object, in a few words (a card's row). */
    how: (how: string): string => {
      switch (how) {
        case 'created':
          return 'created here';
        case 'inherited':
          return 'inherited (fork)';
        case 'opened':
          return 'opened by name';
        case 'duplicated':
          return 'duplicated';
        case 'passed':
          return 'passed at start';
        case 'proxy':
          return 'a proxy';
        default:
          return 'connected';
      }
    },
    /** The same, in full (a card row's title and the sentence read out). */
    howLong: (how: string, birth: string): string => {
      switch (how) {
        case 'created':
          return 'it created it';
        case 'inherited':
          return 'inherited by fork, the very same semaphore or pipe as its parent’s';
        case 'opened':
          return 'opened by its name (sem_open) while it was being spawned';
        case 'duplicated':
          return 'duplicated into it (DuplicateHandle) while it was being spawned';
        case 'passed':
          return birth === 'spawn'
            ? 'its descriptor was passed to it while it was being spawned'
            : 'its descriptor was passed to it at start-up';
        case 'proxy':
          return 'a Manager proxy: an address and an id, and every call is a round trip to the manager';
        default:
          return 'connected to it';
      }
    },
    rowName: { lock: 'Lock', queue: 'Queue', pipe: 'Pipe' } as Record<string, string>,
    heldRow: (object: string, how: string): string => `${object}: ${how}`,
    heldSentence: (object: string, how: string): string => `Holds the ${object}: ${how}.`,
    noneRow: (object: string): string => `no ${object}`,
    // True at every step, also before the process has started: said of the
    // whole run, in the present tense.
    noneBeforeRow: (object: string): string => `no ${object} (made after this process)`,
    noneBeforeSentence: (object: string): string =>
      `Never holds the ${object} in this run: it is started before the ${object} is made, so ` +
      'it cannot inherit it, and nothing sends it to it later.',
    noneSentence: (object: string): string => `Does not hold the ${object} at any point.`,
    laterRow: (object: string): string => `no ${object} yet`,
    laterSentence: (object: string): string => `Does not hold the ${object} yet.`,
    closedRow: (object: string): string => `${object}: closed`,
    closedSentence: (object: string, how: string): string =>
      `Held the ${object} (${how}) and no longer does.`,
    birth: {
      main: 'the script’s process',
      fork: 'forked',
      spawn: 'spawned',
      forkserver: 'forked by the forkserver',
    } as Record<string, string>,
    roleManager: 'manager',
    notStarted: 'not started yet',
    exited: (code: number): string => `exited with code ${code}`,
    running: 'running',
    atLine: (line: number): string => `line ${line}`,
    inFunction: (fn: string): string => `in ${fn}`,
    waitsOnStory: (object: string): string => `waits on the ${object}`,
    waitsOn: (label: string): string => `waits on ${label}`,
    somethingElse: 'another object',
    waitsForResults: 'waits for the results of map()',
    waitsForTasks: 'waits for the next task to send',
    waitsForResultPipe: 'waits for a result',
    serving: 'serving requests',
    waitsForManager: 'waits for the manager’s answer',
    threadLater: 'starts later',
    threadExited: 'has exited',
    notYet: 'not created yet',
    gone: 'gone: no process holds it any more',
    lockFree: 'free',
    lockHeld: 'held',
    heldBy: (who: string): string => `held by ${who}`,
    waiting: (who: string): string => `waiting: ${who}`,
    managedQueue: 'its items are kept here',
    tasksInFlight: (n: number): string =>
      n === 0
        ? 'no task in flight'
        : plural(n, { one: '# task in flight', other: '# tasks in flight' }),
    itemsWaiting: (n: number): string =>
      n === 0 ? 'empty' : plural(n, { one: '# item waiting', other: '# items waiting' }),
    pickledTask: (what: string, size: number): string =>
      `Pickled ${what} (${num(size)} bytes) for the task pipe.`,
    picklingTask: (what: string): string => `Pickling ${what} for the task pipe.`,
    handlerIdle: 'Pickles each task and writes it to the task pipe, after the workers started.',
    bytesIn: (size: number): string => `${num(size)} bytes in`,
    bytesOut: (size: number): string => `${num(size)} bytes out`,
    acquire: 'acquire()',
    release: 'release()',
    waits: 'waits',
    callOut: (method: string): string => `${method}() → manager → back`,
    callBack: (method: string): string => `${method}() answered`,
    refusedArrow: (what: string): string => `pickling ${what}: refused`,
    forkCopy: 'fork copies memory and handles',
    unpickled: (what: string): string => `unpickled the ${what}`,
    refusalHead: (what: string): string => `Pickling ${what} was refused:`,
    refusalWhy: (object: string): string =>
      `A ${object} may only be pickled while a child process is being created. ` +
      'The task handler pickles tasks later, for workers that already exist.',
    objectRefused: (object: string): string =>
      `Refused: a ${object} may travel to a child only while the child is being created.`,
    holdersSentence: (names: string): string =>
      names ? `Held by: ${names}.` : 'No process holds it now.',
  },
} as const;
