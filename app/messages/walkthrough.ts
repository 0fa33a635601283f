// The walkthrough's strings (code panel, console, lanes, timeline), the
// embed's and the share dialog's. A part of the UI's messages (index.ts
// assembles them), in English; other locales get modules of the same shape.

import type { MarkKind } from '../walkthrough/lanes';
import { num } from '../intl';

export const walkthroughMessages = {
  walkthrough: {
    title: 'Walkthrough',
    intro:
      'Step through the run. The stage shows every process and the kernel objects they share, ' +
      'the code shows where each process is, and the narration says why each step happens. ' +
      'Next and Previous stop at key steps; untick “Key steps only” to see every event. ' +
      'With the focus in this area, use the arrow keys, Home, End and Space.',
    code: 'Code',
    codeCaption: 'The scenario’s script (Python 3). Each process’s current line is marked.',
    console: 'Console',
    consoleEmpty: 'Nothing printed yet.',
    stderr: 'stderr',
    tabs: 'Script versions',
    tabPython3: 'Python 3 (what runs)',
    tabPython2: 'The question (Python 2)',
    originalCaption:
      'The asker’s full script as the question gave it, in Python 2. The scenarios run its ' +
      'Python 3 port, with as few changes as possible.',
    where: 'Where each process is',
    noLine: (name: string): string => `${name}: in library code`,
    lineOf: (name: string, line: number): string => `${name}: line ${line}`,
    narration: 'Narration',
    timeline: 'Timeline',
    first: 'First step',
    previous: 'Previous step',
    next: 'Next step',
    last: 'Last step',
    play: 'Play',
    pause: 'Pause',
    speed: 'Speed',
    speedOption: (speed: number): string => `${num(speed)}×`,
    keySteps: 'Key steps only',
    keyStepsHint:
      'Next, Previous and Play skip the bookkeeping (handles, internal locks) and stop where the ' +
      'story moves. The slider still reaches every event.',
    stepBy: 'Next moves by',
    stepByOption: { stops: 'story stops', keys: 'key steps', events: 'every event' },
    scrubber: 'Step',
    position: (step: number, count: number): string => `step ${num(step)} / ${num(count)}`,
    checkpointLabel: 'Predict',
    checkpointYes: 'Yes, it pickles',
    checkpointNo: 'No, pickling fails',
    checkpointTask: (what: string): string =>
      `Will this task pickle? The task handler is about to pickle ${what} to send it to a worker.`,
    checkpointProcess: (what: string): string =>
      `Will this pickle? The parent is about to pickle the ${what} to start a child with it.`,
    checkpointFork: (child: string): string =>
      `Will ${child} have the script’s lock, without anything being pickled? The parent is ` +
      `about to fork it. Look at the code: does the lock exist yet?`,
    checkpointForkYes: 'Yes, fork copies it',
    checkpointForkNo: 'No, it will not have it',
    checkpointForkHas: (child: string): string =>
      `${child} has the lock: fork copied the parent’s memory as it was, lock included, and ` +
      'nothing was pickled. This is inheritance.',
    checkpointForkHasNot: (child: string): string =>
      `${child} does not have the lock: it was forked before the script created it, and a ` +
      'copy made earlier never sees what the parent makes later. The lock can only reach it ' +
      'now by pickling.',
    checkpointAcquire: (child: string): string =>
      `${child} is about to acquire the Lock. Is this the same lock as the parent’s?`,
    checkpointAcquireYes: 'Yes, the very same semaphore',
    checkpointAcquireNo: 'No, copy-on-write gave it a copy',
    checkpointAcquireReveal:
      'The same one: the child inherited a handle to the parent’s semaphore (or opened it by ' +
      'name), so when one process holds it, the others wait.',
    checkpointProxy: (method: string): string => `Where does this ${method}() run?`,
    checkpointProxyYes: 'In the manager process',
    checkpointProxyNo: 'Here, in this process',
    checkpointProxyReveal: (method: string): string =>
      `In the manager: the proxy sends “${method}” there, the manager runs it on the real ` +
      'object, and answers. Every call is a round trip.',
    misconception: {
      taskPickles:
        'A Lock is not plain data: it stands for a kernel semaphore, and multiprocessing lets it ' +
        'be pickled only while a child is being created. The task handler pickles later, so it is ' +
        'refused.',
      taskRefused:
        'A proxy holds no semaphore: only the manager’s address and an id, which pickle like any ' +
        'strings — at any time, for any pipe.',
      processRefused:
        'The refusal applies only outside spawning. While the child is being created, ' +
        'assert_spawning passes, so the Lock pickles (by its semaphore’s name).',
      processPickles:
        'Pickling is allowed while spawning, but not for every object: what failed here cannot be ' +
        'pickled at all.',
      forkHasNot:
        'Fork copies memory as it is at the moment of the fork: the Lock was created after the ' +
        'workers, so no copy of it exists in them.',
      forkHas:
        'Fork copies the whole memory and the table of open handles: the Lock existed, so the ' +
        'child has it — inherited, not pickled.',
      acquireCopy:
        'Copy-on-write copies the process’s memory pages, except shared ones: the semaphore is ' +
        'in shared memory (on Linux a shared page, on macOS the kernel), so the child holds a ' +
        'handle to the same one.',
      proxyHere:
        'The proxy holds no lock to acquire: acquire() is a request to the manager process, which ' +
        'acquires the real Lock there.',
    },
    checkpointRight: 'You predicted right.',
    checkpointWrong: 'Not this time.',
    checkpointPickles: (what: string): string =>
      `${what} pickles: everything in it can be turned into bytes.`,
    checkpointRefused: (what: string, error: string): string => `${what} does not pickle: ${error}`,
    checkpointLater: 'Step on to find out.',
    checkpointYour: (answer: string): string => `Your prediction: “${answer}”.`,
    lanes: 'Lanes',
    lanesList: 'Threads, one lane each',
    lanesHint: 'One lane per thread of each process. Click a lane to jump to its nearest event.',
    legend: 'Marks',
    markNames: {
      pickle: 'pickling',
      refused: 'pickle refused',
      write: 'pipe write',
      read: 'pipe read',
      block: 'waits (blocked)',
      proxy: 'manager request',
      print: 'print',
      exception: 'exception',
    } satisfies Record<MarkKind, string>,
    threadOf: (process: string, thread: string): string => `${process} · ${thread}`,
    traceback: 'Traceback',
    tracebackNone: 'Nothing has been raised up to this step.',
    tracebackRaised: (where: string): string =>
      `Raised in ${where} and caught there, inside multiprocessing, so nothing is printed. ` +
      'These are the frames it passed through.',
    tracebackStored: (where: string): string =>
      `${where} stored it on the job’s result. It waits there, unprinted, until someone asks ` +
      'for the result.',
    tracebackReraised: (where: string, origin: string | null): string =>
      origin === null
        ? `Raised again in ${where}.`
        : `Raised again in ${where} by “raise self._value”. The frames after the marker ran in ` +
          `${origin}, where it was first raised.`,
    tracebackPrinted: (where: string, crosses: boolean): string =>
      `Printed to stderr by ${where}, as CPython prints it.` +
      (crosses
        ? ' The marker lines are ours: they say which thread ran the frames after them.'
        : ''),
    tracebackThread: (where: string, another: boolean): string =>
      another ? `── ran in another thread: ${where} ──` : `── ran in ${where} ──`,
  },

  /** The embed (embed.html), for docs sites. */
  embed: {
    title: (id: number, title: string): string => `Scenario ${id}: ${title}`,
    open: 'Open in mpviz',
    openHint: 'The full app at this step, in a new tab',
    running: 'Running the scenario…',
    views: 'Views',
    viewStage: 'Processes',
    viewCode: 'Code',
    viewConsole: 'Console',
    notIsolated: 'Not cross-origin isolated here: running on the model kernel in this tab.',
    sandboxed:
      'The page around this embed runs it in a sandbox (an opaque origin), where Web Workers ' +
      'cannot start: running on the model kernel in this frame.',
    failed: (message: string): string => `The run failed: ${message}`,
  },

  /** Sharing the current state: links, embed code, the trace. */
  share: {
    title: 'Share',
    copyLink: 'Copy link',
    copyEmbed: 'Copy embed code',
    exportTrace: 'Export trace',
    exportHint:
      'Chrome Trace Event JSON: open it in ui.perfetto.dev or chrome://tracing. One track per ' +
      'process and thread; slices for pickling, blocking and jobs; arrows for bytes and proxy calls.',
    copied: 'Copied.',
    copyFailed: 'Could not copy: select the text below and copy it.',
    embedTitle: (id: number, title: string): string => `mpviz: scenario ${id}, ${title}`,
  },
} as const;
