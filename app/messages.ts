// Every user-visible string of the UI, in English. Other locales get a module
// of the same shape. Strings that depend on values are functions.

import type { Platform, PoolCall, PythonVersion, StartMethod, Verdict } from '../src/sim/trace';
import type { EngineKind, EngineMode } from '../src/workers/engine';
import type { MarkKind } from './walkthrough/lanes';
import { STDLIB_RELEASE } from '../src/sim/mp';

const msText = (ms: number): string => `${Math.max(1, Math.round(ms))} ms`;

const platformNames: Readonly<Record<Platform, string>> = {
  linux: 'Linux',
  macos: 'macOS',
  windows: 'Windows',
};

/** Longest text a notice quotes from the address as it is; longer text is cut. */
export const EXCERPT_MAX = 40;

/**
 * What a notice quotes of raw text from the address: all of it when short,
 * else its first characters and how long it was (an address can hold a
 * hundred thousand characters, and a notice must stay one line or two).
 */
export const excerpt = (text: string): string =>
  text.length <= EXCERPT_MAX
    ? text
    : `${[...text].slice(0, EXCERPT_MAX - 8).join('')}… (${text.length.toLocaleString('en')} characters)`;

/** “x=y”, the way a notice quotes what the address said. */
const quoted = (name: string, value: string): string => `“${excerpt(name)}=${excerpt(value)}”`;

export const messages = {
  productName: 'mpviz',

  downloadScript: {
    title: 'Run it yourself',
    label: 'Download this script',
    hint: (fileName: string): string =>
      `The code panel's script for these settings, as ${fileName}: run python3 ${fileName} ` +
      'with your own CPython and compare what it prints with the console here.',
  },
  tagline: 'How Python multiprocessing shares locks and queues',
  description:
    'Pick a scenario and the settings it runs under, then run it: mpviz runs the same script ' +
    'CPython would and shows what it prints.',

  platformName: (platform: Platform): string => platformNames[platform],

  switches: {
    title: 'Settings',
    scenario: 'Scenario',
    scenarioOption: (id: number, title: string): string => `${id}. ${title}`,
    platform: 'Operating system',
    python: 'Python',
    pythonOption: (python: PythonVersion): string =>
      `Python ${python} — line numbers of ${STDLIB_RELEASE[python]}`,
    startMethod: 'Start method',
    defaultSuffix: ' (default)',
    windowsOnlySpawn: 'Windows has only spawn.',
    call: 'Pool call',
    callHint: (applies: boolean): string =>
      applies
        ? 'How the script hands the tasks to the Pool.'
        : 'This scenario starts one Process per task, so it calls neither.',
    seed: 'Seed',
    seedHint: 'The scheduler’s seed: the same seed gives the same run.',
    seedInvalid: 'A seed is a whole number from 0 to 4294967295.',
    mode: 'Scheduling',
    modeNames: { lockstep: 'lockstep', free: 'free' } satisfies Record<EngineMode, string>,
    modeHint:
      'For real workers: lockstep replays the model’s schedule for the seed; free lets them race.',
    run: 'Run again',
    cancel: 'Cancel',
    moreLabel: 'More settings',
    /** What the folded settings are now, on the toggle after its label: start method, Python, then the OS. */
    moreSummary: (p: { startMethod: StartMethod; python: PythonVersion }): string =>
      `${p.startMethod} · ${p.python}`,
    morePlatform: (platform: Platform): string => ` · ${platformNames[platform]}`,
  },

  notices: {
    title: 'Notices',
    dismiss: 'Dismiss',
    dismissWhich: (param: string): string => ` the notice about “${excerpt(param)}”`,
    dismissAll: 'Dismiss all',
    badScenario: (value: string, fallback: number): string =>
      `${quoted('scenario', value)} is not a scenario (1–6); showing scenario ${fallback}.`,
    badPlatform: (value: string, fallback: Platform): string =>
      `${quoted('os', value)} is not an operating system mpviz models (linux, macos, windows); ` +
      `using ${platformNames[fallback]}.`,
    badPython: (value: string, fallback: PythonVersion): string =>
      `${quoted('py', value)} is not a Python version mpviz models (3.11, 3.12, 3.13, 3.14); ` +
      `using Python ${fallback}.`,
    badStartMethod: (value: string, fallback: StartMethod): string =>
      `${quoted('start', value)} is not a start method (fork, spawn, forkserver); ` +
      `using ${fallback}.`,
    startMethodUnavailable: (
      platform: Platform,
      method: StartMethod,
      cpythonError: string,
      fallback: StartMethod,
    ): string =>
      `${platformNames[platform]} has no “${method}” start method (CPython: ${cpythonError}); ` +
      `using ${fallback}.`,
    badCall: (value: string, fallback: PoolCall): string =>
      `${quoted('call', value)} is not a Pool call mpviz models (map, imap); using ${fallback}.`,
    badSeed: (value: string, fallback: number): string =>
      `${quoted('seed', value)} is not a seed (a whole number from 0 to 4294967295); ` +
      `using seed ${fallback}.`,
    badMode: (value: string, fallback: EngineMode): string =>
      `${quoted('mode', value)} is not a scheduling mode (lockstep, free); using ${fallback}.`,
    badStep: (value: string, max: number): string =>
      `${quoted('step', value)} is not a step (a whole number from 0 to ${max}, and at most ` +
      `the run’s last step); showing the last step.`,
    unknownParam: (name: string): string =>
      `“${excerpt(name)}” is not a setting mpviz reads from the address; it was ignored.`,
    repeatedParam: (name: string, value: string): string =>
      `“${excerpt(name)}” appears more than once in the address; using the first, ${quoted(name, value)}.`,
    freeNeedsIsolation:
      '“mode=free” lets real Web Workers race, and they need a cross-origin isolated page; ' +
      'this page is not, so scenarios run on the model kernel with its schedule (lockstep).',
  },

  engine: {
    notIsolated:
      'This page is not cross-origin isolated, so scenarios run on the model kernel in this ' +
      'tab: the same results, but no real workers.',
    isolatedIdle: 'This page is cross-origin isolated, so scenarios may run on real Web Workers.',
    ran: (engine: EngineKind, wallMs: number): string => {
      const ms = msText(wallMs);
      switch (engine) {
        case 'model':
          return `Ran on the model kernel in this tab, in ${ms}.`;
        case 'workers-lockstep':
          return `Ran on real Web Workers in lockstep with the model’s schedule, in ${ms}.`;
        case 'workers-free':
          return `Ran on real Web Workers, racing freely, in ${ms}.`;
      }
    },
    /** While a run is in flight, before anything of it is on screen. */
    running: (mode: EngineMode): string =>
      mode === 'free'
        ? 'Racing on real Web Workers (free mode): the run is shown when the workers finish; ' +
          'its order is this browser’s, not the model’s.'
        : 'Running the model in this tab…',
    /** What produced the run on screen. */
    onScreenModel: (wallMs: number): string =>
      `On screen: the model’s run, computed in this tab in ${msText(wallMs)}.`,
    confirming:
      'Real Web Workers in lockstep are running it again in the background, to confirm it ' +
      'event for event…',
    confirmed: (events: number, wallMs: number): string =>
      `Confirmed by real Web Workers in lockstep: all ${events} events identical ` +
      `(${msText(wallMs)}).`,
    differsShort: (step: number): string =>
      `The real Web Workers’ run DIFFERS from it, from step ${step} on.`,
    differs: (step: number, events: number, model: string, workers: string): string =>
      `The real Web Workers’ run differs from the model’s run on screen, first at step ` +
      `${step} of ${events}: the model recorded ${model}; the workers recorded ${workers}. ` +
      'This is a bug in mpviz; please report it with the address of this page.',
    describeEvent: (e: { kind: string; pid: number; thread: string } | null): string =>
      e === null ? 'nothing (its trace had ended)' : `${e.kind} in ${e.thread} (pid ${e.pid})`,
    unavailable: (error: string | undefined): string =>
      `Real Web Workers could not confirm it: ${error ?? 'they failed'}.`,
    cancelled: 'The workers’ confirmation was stopped before it finished.',
  },

  result: {
    title: 'Result',
    verdictLabel: 'Verdict',
    idle: 'Not run yet. Choose the settings and press Run.',
    running: (scenario: number): string => `Running scenario ${scenario}…`,
    ranWith: (r: {
      scenario: number;
      startMethod: StartMethod;
      platform: Platform;
      python: PythonVersion;
      call: PoolCall;
      seed: number;
    }): string =>
      `Scenario ${r.scenario} · ${r.startMethod} on ${platformNames[r.platform]} · ` +
      `Python ${r.python} · ${r.call} · seed ${r.seed}`,
    verdictNames: {
      successful: 'Successful',
      fails: 'Fails',
      raised: 'Raised',
      hang: 'Hangs',
    } satisfies Record<Verdict | 'hang', string>,
    raisedIn: (process: string, thread: string): string =>
      `Raised first in ${process}, thread ${thread}.`,
    hang: 'The script never finished: every thread is waiting.',
    noVerdictLine: 'The script printed no verdict line.',
    failed: (message: string): string => `The run did not complete: ${message}`,
    output: 'Output',
    outputEmpty: 'The script printed nothing on stdout.',
    outputTruncated: (shown: number, total: number): string =>
      `Showing the first ${shown} of ${total} lines.`,
    traceback: 'Traceback',
    processes: (count: number): string =>
      count === 1 ? '1 process started' : `${count} processes started`,
    pid: (pid: number): string => `pid ${pid}`,
    managerRequests: 'Manager requests',
    managerRequestsHint: 'Each call on a Manager proxy is one round trip to a manager process.',
    events: 'Trace events',
  },

  /** The tabs below the first screen (MoreTabs.tsx). */
  more: {
    title: 'More about this run',
    tabs: {
      traceback: 'Traceback',
      console: 'Console',
      lanes: 'Lanes',
      many: 'Run it 100 times',
      cost: 'What a Manager costs',
      run: 'This run',
    },
    noRun: 'Shown once the run is done.',
  },

  /** The verdict's one-line explanation (verdict.ts). */
  verdict: {
    refused: (
      type: string,
      what: string,
      process: string,
      thread: string,
      reraised: { call: string; thread: string } | null,
    ): string =>
      (/\(_handle_tasks\)$/.test(thread)
        ? `The Pool’s task handler (${thread} of ${process}) could not pickle ${what}: `
        : `${thread} of ${process} could not pickle ${what}: `) +
      `a ${type} may only be pickled while a child process is being created.` +
      (reraised === null ? '' : ` ${reraised.call}() raised it again in ${reraised.thread}.`),
    raised: (error: string, where: string | null): string =>
      where === null ? `${error}.` : `${error}, raised first in ${where}.`,
    order: (n: number): string =>
      `All ${n} items arrived; only their order differs, so the script’s “result != args” ` +
      'check says it fails.',
    missing: (got: number, n: number, refused: string | null): string =>
      `${got} of ${n} items arrived.` +
      (refused === null
        ? ''
        : ` The task handler could not pickle ${refused}, and with imap the script never ` +
          'reads the results, so the error is stored and never raised.'),
    successful: (n: number): string => `All ${n} items arrived, in order.`,
    hang: 'The script never finished: every thread is waiting.',
    whyOrder: 'Why the order varies',
    why: 'Why?',
    running: 'Running…',
  },

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
    speedOption: (speed: number): string => `${speed}×`,
    keySteps: 'Key steps only',
    keyStepsHint:
      'Next, Previous and Play skip the bookkeeping (handles, internal locks) and stop where the ' +
      'story moves. The slider still reaches every event.',
    stepBy: 'Next moves by',
    stepByOption: { stops: 'story stops', keys: 'key steps', events: 'every event' },
    scrubber: 'Step',
    position: (step: number, count: number): string => `step ${step} / ${count}`,
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
        'Copy-on-write copies the process’s memory pages, but the semaphore was never in that ' +
        'memory: it is one kernel object, and the child holds a handle to the same one.',
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
      count === 1 ? 'Handle table: 1 handle' : `Handle table: ${count} handles`,
    handlesEmpty: 'Handle table: empty',
    privateObjects: 'Threading objects inside this process',
    exitedThreads: (count: number): string =>
      count === 1 ? '1 thread has exited' : `${count} threads have exited`,
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
    count: (n: number): string => `count ${n}`,
    countUnbounded: 'count SEM_VALUE_MAX (no bound)',
    countOf: (n: number, max: number): string => `count ${n} of ${max}`,
    empty: 'empty',
    inFlight: (messages: number, bytes: number): string =>
      `${messages} ${messages === 1 ? 'message' : 'messages'}, ${bytes} bytes`,
    listening: 'listening',
    heldBy: (who: string): string => `held by ${who}`,
    waiting: (who: string): string => `waiting: ${who}`,
    unlinked: 'name unlinked',
    messageTitle: (size: number, hex: string): string => `${size} bytes: ${hex}`,
    moreMessages: (count: number): string => `+${count}`,
    bytes: (size: number): string => `${size} bytes`,
    pickled: (size: number): string => `pickled: ${size} bytes`,
    unpickled: (size: number): string => `unpickled ${size} bytes`,
    call: (method: string): string => `${method}()`,
    reply: (method: string): string => `${method} ↩`,
    replyError: (method: string): string => `${method} ✕`,
    memoryCopy: (count: number): string =>
      count === 1 ? 'copy of 1 name' : `copy of ${count} names`,
    refused: '✕ refused',
    alertRefused: (what: string, error: string): string => `pickling ${what}: ${error}`,
    waits: 'waits',
    wakes: 'wakes',
    showLinks: (name: string): string => `Show the handle lines of ${name}`,
    objectCount: (count: number): string => (count === 1 ? '1 object' : `${count} objects`),
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
    noneBeforeRow: (object: string): string => `no ${object} (made later)`,
    noneBeforeSentence: (object: string): string =>
      `Does not hold the ${object}: it started before the ${object} existed, so it could not ` +
      'inherit it, and it will not get it later.',
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
    lockFree: 'free',
    lockHeld: 'held',
    heldBy: (who: string): string => `held by ${who}`,
    waiting: (who: string): string => `waiting: ${who}`,
    managedQueue: 'its items are kept here',
    tasksInFlight: (n: number): string =>
      n === 0 ? 'no task in flight' : n === 1 ? '1 task in flight' : `${n} tasks in flight`,
    itemsWaiting: (n: number): string =>
      n === 0 ? 'empty' : n === 1 ? '1 item waiting' : `${n} items waiting`,
    pickledTask: (what: string, size: number): string =>
      `Pickled ${what} (${size} bytes) for the task pipe.`,
    picklingTask: (what: string): string => `Pickling ${what} for the task pipe.`,
    handlerIdle: 'Pickles each task and writes it to the task pipe, after the workers started.',
    bytesIn: (size: number): string => `${size} bytes in`,
    bytesOut: (size: number): string => `${size} bytes out`,
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
      `${name} inherits handle ${handle} to ${label}. It is the same kernel object the parent ` +
      'uses, so both processes share it.',
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
      `${who} pickled ${what} into ${size} bytes. Everything in it could be turned into bytes.`,
    pickleRefusedLock: (who: string, what: string, type: string, exception: string): string =>
      `${who} tried to pickle ${what}. It holds a ${type}, and a ${type} may only be pickled ` +
      'while a child process is being created: its __getstate__ calls ' +
      `context.assert_spawning, which raises ${exception}. Nothing is sent.`,
    pickleRefused: (who: string, what: string, error: string): string =>
      `${who} tried to pickle ${what}, and pickling failed: ${error}`,
    unpickle: (who: string, what: string, size: number): string =>
      `${who} unpickles ${what} (${size} bytes): it rebuilds the object from the bytes.`,
    exceptionRaised: (who: string, error: string): string =>
      `${who} raises ${error}. It is caught there, inside multiprocessing, not in your code.`,
    exceptionStored: (who: string): string =>
      `${who} stores the exception on the job’s result object. Nothing is printed yet: it is ` +
      'raised only when the main thread asks for that result. map asks; an imap iterator that ' +
      'is never read never does, and the error is never printed.',
    exceptionReraised: (who: string, error: string): string =>
      `${who} asks for the result and gets the stored exception: ${error} is raised again here, ` +
      'in a different thread from the one that first raised it.',
    exceptionPrinted: (who: string): string =>
      `Nobody catches the exception, so Python prints the traceback (${who}) and the script ends.`,
    proxyRequest: (who: string, method: string, count: number): string =>
      `${who} sends a request to the manager process: “${method}”. A Manager object is a proxy: ` +
      `every call is a message there and back (request ${count} so far).`,
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
      `${who} writes ${size} bytes into ${label}. Only bytes can cross between processes, which ` +
      'is why objects are pickled first.',
    pipeRead: (who: string, size: number, label: string): string =>
      `${who} reads a ${size}-byte message from ${label}.`,
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
      `${who} creates ${label}: a kernel object that lives outside every process, reached ` +
      'through a handle.',
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
    sleep: (who: string, seconds: number): string => `${who} sleeps for ${seconds} s.`,
    semTimeout: (who: string, label: string): string =>
      `${who} stops waiting for ${label}: its timeout ran out.`,
    semTryFailed: (who: string, label: string): string =>
      `${who} tries ${label} without waiting; it is taken, so the thread moves on.`,
    pipeEof: (who: string, label: string): string =>
      `${who} finds ${label} closed at the other end: there is nothing more to read.`,
    generic: (who: string, what: string): string => `${who}: ${what}.`,
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
    stopLabel: (n: number, title: string): string => `Stop ${n}: ${title}`,
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
      `Each of the ${count} processes got the same two proxies: addresses and ids that all lead ` +
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
        : `${name} opens the parent’s semaphore by its name (sem_open): the same kernel object, ` +
          'not a copy of it.',
    taskPickleTitle: 'The task handler pickles task 0',
    taskPickle: (method: string): string =>
      'map() only queues the tasks. The Pool’s task-handler thread, Thread-2 (_handle_tasks), ' +
      `pickles each task later, to send it down the Pool’s pipe — the workers were ${method === 'fork' ? 'forked' : 'started'} long ago.`,
    refusedTitle: (type: string): string => `assert_spawning refuses the ${type}`,
    refused: (type: string): string =>
      `${type}.__getstate__ calls context.assert_spawning, and no child is being created now, so ` +
      'it raises RuntimeError — in the parent, in the task-handler thread. No task ever reaches a ' +
      'worker.',
    refusedRestTitle: (from: string, last: string): string =>
      `Tasks ${from}–${last} are refused the same way`,
    refusedRest: (from: string, last: string): string =>
      `The task handler goes on: tasks ${from} to ${last} hold the same object and fail the same ` +
      'check. The job needs only one error, the first.',
    storedTitle: 'The error is stored on the job’s result',
    stored:
      'The task handler does not crash: it puts the exception on the job’s result object and ' +
      'carries on. The main thread, still waiting in map(), has not seen it yet.',
    reraisedTitle: (call: string): string => `${call}() re-raises it in MainThread`,
    reraised: (call: string): string =>
      `${call}() wakes up with the stored exception and raises it again, in MainThread: that is ` +
      'the traceback you see, though the refusal happened in another thread.',
    taskPickledTitle: 'Task 0 pickles',
    taskPickledProxy:
      'The task holds proxies, not the Lock: each pickles as the manager’s address and the ' +
      'object’s id, so the task handler’s pickling succeeds.',
    taskPickledPlain:
      'The task holds only a number: the Lock and the Queue reached the workers through the ' +
      'initializer when they were created, so nothing in the task needs assert_spawning.',
    taskUnpickledTitle: (name: string): string => `${name} unpickles task 0`,
    taskUnpickled: (proxies: boolean): string =>
      proxies
        ? 'Unpickling a proxy rebuilds it from the address and id: the worker connects to the ' +
          'manager; no semaphore is copied.'
        : 'The worker rebuilds the task from bytes and runs the job with the Lock it already has.',
    acquireTitle: (name: string): string => `${name} acquires the Lock`,
    acquire: (method: string): string =>
      method === 'fork'
        ? 'The child acquires the semaphore it inherited. Copy-on-write copies memory pages, but ' +
          'the semaphore was never in that memory: it is one kernel object, shared.'
        : 'The child acquires the semaphore it reopened by name: the same kernel object the parent ' +
          'created, so the Lock excludes across processes.',
    contentionTitle: (name: string): string => `${name} waits for the same Lock`,
    contention:
      'Another process holds the semaphore, so this one waits. Waiting is the proof that they ' +
      'share one Lock: separate copies would never make anyone wait.',
    proxyCallTitle: (method: string): string => `${method}() is a message to the manager`,
    proxyCall: (method: string): string =>
      `The proxy’s ${method}() does not touch a semaphore here: it sends a request to the ` +
      'manager process, which runs it on the real object and answers.',
    proxyRestTitle: (calls: number): string => `${calls} round trips in all`,
    proxyRest: (calls: number): string =>
      `Every acquire, release and put was a request and a response: ${calls} in this run. That ` +
      'is what a Manager costs, and why it works anywhere.',
    childrenTitle: (count: number): string => `All ${count} children are created the same way`,
    children: (count: number): string =>
      `Each of the ${count} processes received the Lock while it was being created — the moment ` +
      'multiprocessing allows it.',
    insteadTitle: 'What would work instead',
    instead: (type: string): string =>
      `The ${type} must reach the workers while they are created: pass it through ` +
      'Pool(initializer=…, initargs=…), or use a Manager’s proxy, which pickles at any time.',
    insteadQuiet: (type: string): string =>
      `imap() never read the result, so the refusal of the ${type} was never raised: the script ` +
      'just finds no results. Pass it through the initializer, or use a Manager.',
    verdictTitle: 'The verdict',
    verdictOk:
      'Every item arrived, and in order: the Lock reached each child by a route that allows it.',
    verdictOrder:
      'Every item arrived, but not in task order: nothing was lost, and the script’s ' +
      '“result != args” check fails anyway. Order is up to the scheduler.',
    verdictHang: 'The script never finishes: every thread is waiting for another.',
  },

  runMany: {
    heading: 'Run it 100 times',
    explain:
      'One run shows one interleaving. Run seeds 1 to 100 of these settings on the model and ' +
      'count the verdicts, beside what CPython did.',
    button: 'Run 100 times',
    running: 'Running 100 seeds…',
    columns: {
      verdict: 'Verdict',
      model: 'Model, 100 seeds',
      cpython: (release: string, chosen: string): string =>
        release.startsWith(`${chosen}.`)
          ? `CPython ${release} on Linux`
          : `CPython ${release} on Linux (${chosen} was not measured)`,
    },
    noCpython: 'not measured',
    cpythonRuns: (runs: number): string => `(${runs} runs)`,
    whyOrder:
      'Why the order varies: each job puts its item on the queue when it ends, and which job ' +
      'ends first (who runs which task, how fast each process starts, when each feeder thread ' +
      'writes) is up to the scheduler. map and imap return results in task order, but the ' +
      'items on the queue come in any order, so the script’s “result != args” check fails ' +
      'whenever they are out of order, although nothing was lost.',
    failed: (message: string): string => `The runs failed: ${message}`,
  },

  lockCost: {
    heading: 'What a Manager costs',
    explain:
      'A multiprocessing.Lock is an OS semaphore. On Linux an uncontended acquire is one atomic ' +
      'operation in shared memory (glibc); on macOS and Windows it is a system call; either way ' +
      'Python’s own call costs more. A Manager().Lock() is a proxy: every call is a request to ' +
      'the manager process and a response back. Measure both here, in this browser, on Web Workers.',
    measure: 'Measure lock cost',
    measuring: 'Measuring…',
    unavailable: 'Needs a cross-origin isolated page (SharedArrayBuffer).',
    result: (atomicsNs: number, proxyUs: number, ratio: number): string =>
      `Here: ${atomicsNs.toFixed(0)} ns per acquire+release on shared memory, ` +
      `${proxyUs.toFixed(1)} µs through a manager worker — about ${Math.round(ratio)}× slower.`,
    cpython: (
      lockUs: readonly number[],
      managerUs: readonly number[],
      ratio: readonly number[],
    ): string =>
      `CPython 3.11 (measured on Linux, 2 cores): ${lockUs.join('–')} µs with mp.Lock, ` +
      `${managerUs.join('–')} µs with Manager().Lock(), ${ratio.join('–')}× slower.`,
    failed: (message: string): string => `The measurement failed: ${message}`,
  },
} as const;

export type Messages = typeof messages;
