// The page's strings: settings, notices, the engine, the result, the tabs
// around the walkthrough, verdicts, and the Run many and Lock cost panels.
// A part of the UI's messages (index.ts assembles them), in English. Other
// locales get modules of the same shape. Strings that depend on values are functions.

import type {
  Platform,
  PoolCall,
  PythonVersion,
  RunSettings,
  StartMethod,
  Verdict,
} from '../../src/sim/trace';
import type { EngineKind, EngineMode } from '../../src/workers';
import { num, plural } from '../intl';

const msText = (ms: number): string => `${num(Math.max(1, Math.round(ms)))} ms`;

/** A measured range, `0.35–0.6`. */
const range = (values: readonly number[]): string => values.map((v) => num(v)).join('–');

const platformNames: Readonly<Record<Platform, string>> = {
  linux: 'Linux',
  macos: 'macOS',
  windows: 'Windows',
};

/** Longest text a notice quotes from the address as it is; longer text is cut. */
/** Where a pickle was refused, for the verdict: what, in which process and thread, raised again where. */
export interface RefusalAt {
  readonly what: string;
  readonly process: string;
  readonly thread: string;
  readonly reraised: { readonly call: string; readonly thread: string } | null;
}

/** Who could not pickle what, the start of a refusal's verdict. */
/** Where a job found a module global None (unset-global.ts). */
export interface UnsetGlobalAt {
  /** The script's name for it: `lock` or `queue`. */
  readonly name: string;
  /** The worker it was raised in first. */
  readonly process: string;
  /** The start method: spawn or forkserver (fork children inherit the globals). */
  readonly method: string;
  /** The Pool call that raised it again in MainThread: map, next, get… */
  readonly call: string;
}

/** How a spawned (or forkserver) child gets the script's globals: by importing it afresh. */
const afresh = (method: string, who: 'worker' | 'child'): string =>
  method === 'forkserver'
    ? `a ${who} is forked from the fork server, not from the parent, and imports the script afresh`
    : `a ${who} is a new interpreter that imports the script afresh`;

const couldNotPickle = ({ what, process, thread }: RefusalAt): string =>
  /\(_handle_tasks\)$/.test(thread)
    ? `The Pool’s task handler (${thread} of ${process}) could not pickle ${what}: `
    : `${thread} of ${process} could not pickle ${what}: `;

/** Where the Pool raised a stored refusal again, the end of its verdict. */
const raisedAgain = ({ reraised }: RefusalAt): string =>
  reraised === null ? '' : ` ${reraised.call}() raised it again in ${reraised.thread}.`;

export const EXCERPT_MAX = 40;

/**
 * What a notice quotes of raw text from the address: all of it when short,
 * else its first characters and how long it was (an address can hold a
 * hundred thousand characters, and a notice must stay one line or two).
 */
export const excerpt = (text: string): string =>
  text.length <= EXCERPT_MAX
    ? text
    : `${[...text].slice(0, EXCERPT_MAX - 8).join('')}… (${num(text.length)} characters)`;

/** “x=y”, the way a notice quotes what the address said. */
const quoted = (name: string, value: string): string => `“${excerpt(name)}=${excerpt(value)}”`;

export const pageMessages = {
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
  /** The language switch's name (each language is named in itself: LanguageSwitch.tsx). */
  language: 'Language',

  switches: {
    title: 'Settings',
    scenario: 'Scenario',
    scenarioOption: (id: number, title: string): string => `${id}. ${title}`,
    composedOption: (id: number, title: string): string => `${id}. ${title} (composed)`,
    compose: 'Compose…',
    composeHint: 'Compose a scenario of your own: its choices as a form, its script beside them',
    platform: 'Operating system',
    python: 'Python',
    /** `release`: the CPython release whose stdlib line numbers the model shows (STDLIB_RELEASE). */
    pythonOption: (python: PythonVersion, release: string): string =>
      `Python ${python} — line numbers of ${release}`,
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
    moreSummary: (p: { startMethod: StartMethod }): string => p.startMethod,
    morePython: (python: PythonVersion): string => ` · ${python}`,
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
    badLang: (value: string): string =>
      `${quoted('lang', value)} is not a language mpviz speaks (en, zh-CN); using English.`,
    freeNeedsIsolation:
      '“mode=free” lets real Web Workers race, and they need a cross-origin isolated page; ' +
      'this page is not, so scenarios run on the model kernel with its schedule (lockstep).',
  },

  engine: {
    notIsolated:
      'This page is not cross-origin isolated, so scenarios run on the model kernel in this ' +
      'tab: the same results, but no real workers.',
    /**
     * The first picture, before this tab has taken it over: the same model,
     * run when the page was built (app/prerender.tsx); the tab runs it again
     * and takes over only if its run draws exactly the same.
     */
    prerendered:
      'On screen: the model’s run, computed when this page was built; this tab is running ' +
      'it again…',
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
    // Short enough, with the confirmation after it, for two lines of a phone's header.
    onScreenModel: (wallMs: number): string =>
      `On screen: the model’s run (${msText(wallMs)}, in this tab).`,
    confirming: 'Real Web Workers are rerunning it in lockstep, to check every event…',
    confirmed: (events: number, wallMs: number): string =>
      `Real Web Workers in lockstep agree on all ${num(events)} events (${msText(wallMs)}).`,
    differsShort: (step: number): string =>
      `The real Web Workers’ run DIFFERS from it, from step ${num(step)} on.`,
    differs: (step: number, events: number, model: string, workers: string): string =>
      `The real Web Workers’ run differs from the model’s run on screen, first at step ` +
      `${num(step)} of ${num(events)}: the model recorded ${model}; the workers recorded ${workers}. ` +
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
    ranWith: (r: RunSettings): string =>
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
      `Showing the first ${num(shown)} of ${num(total)} lines.`,
    traceback: 'Traceback',
    processes: (count: number): string =>
      plural(count, { one: '# process started', other: '# processes started' }),
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
    refused: (type: string, at: RefusalAt): string =>
      couldNotPickle(at) +
      `a ${type} may only be pickled while a child process is being created.` +
      raisedAgain(at),
    refusedFunction: (
      fn: { qualname: string; outer: string; lambda: boolean },
      at: RefusalAt,
    ): string =>
      couldNotPickle(at) +
      `it holds the function to run, and pickle writes a function as its module and name, ` +
      `for the other process to import. ${fn.lambda ? 'A lambda' : 'A function'} defined inside ` +
      `${fn.outer}() (${fn.qualname}) cannot be found by that name in any module, so pickle refuses it.` +
      raisedAgain(at),
    raised: (error: string, where: string | null): string =>
      where === null ? `${error}.` : `${error}, raised first in ${where}.`,
    unsetGlobal: (a: UnsetGlobalAt): string =>
      `${a.process} found ${a.name} None. Under ${a.method} ${afresh(a.method, 'worker')}, ` +
      `whose first lines say ${a.name} = None; the parent set its own global ${a.name}, in its ` +
      `own memory, which the worker never sees. ${a.call}() raised the worker’s AttributeError ` +
      'again in MainThread.',
    missingUnsetGlobal: (got: number, n: number, a: { name: string; method: string }): string =>
      `${num(got)} of ${num(n)} items arrived. Each child found ${a.name} None: under ` +
      `${a.method} ${afresh(a.method, 'child')}, whose first lines say ${a.name} = None. Each ` +
      'printed its own AttributeError and exited with code 1; the parent saw none of it.',
    order: (n: number): string =>
      `All ${num(n)} items arrived; only their order differs, so the script’s “result != args” ` +
      'check says it fails.',
    missing: (got: number, n: number, refused: { what: string; method: string } | null): string =>
      `${num(got)} of ${num(n)} items arrived.` +
      (refused === null
        ? ''
        : ` The task handler could not pickle ${refused.what}, and with ${refused.method}() the ` +
          'script never reads the results, so the error is stored and never raised.'),
    successful: (n: number): string => `All ${num(n)} items arrived, in order.`,
    hang: 'The script never finished: every thread is waiting.',
    whyOrder: 'Why the order varies',
    why: 'Why?',
    running: 'Running…',
  },

  runMany: {
    heading: 'Run it 100 times',
    /** The live region's name, for the table of counts. */
    status: 'Distribution of verdicts',
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
    cpythonRuns: (runs: number): string => `(${num(runs)} runs)`,
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
    /** The live region's name, for the measurement. */
    status: 'Lock cost',
    explain:
      'A multiprocessing.Lock is an OS semaphore. On Linux an uncontended acquire is one atomic ' +
      'operation in shared memory (glibc); on macOS and Windows it is a system call; either way ' +
      'Python’s own call costs more. A Manager().Lock() is a proxy: every call is a request to ' +
      'the manager process and a response back. Measure both here, in this browser, on Web Workers.',
    measure: 'Measure lock cost',
    measuring: 'Measuring…',
    unavailable: 'Needs a cross-origin isolated page (SharedArrayBuffer).',
    result: (atomicsNs: number, proxyUs: number, ratio: number): string =>
      `Here: ${num(atomicsNs, 0)} ns per acquire+release on shared memory, ` +
      `${num(proxyUs, 1)} µs through a manager worker — about ${num(Math.round(ratio))}× slower.`,
    cpython: (
      lockUs: readonly number[],
      managerUs: readonly number[],
      ratio: readonly number[],
    ): string =>
      `CPython 3.11 (measured on Linux, 2 cores): ${range(lockUs)} µs with mp.Lock, ` +
      `${range(managerUs)} µs with Manager().Lock(), ${range(ratio)}× slower.`,
    failed: (message: string): string => `The measurement failed: ${message}`,
  },
} as const;
