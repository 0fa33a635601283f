// Every user-visible string of the UI, in English. Other locales get a module
// of the same shape. Strings that depend on values are functions.

import type { Platform, PoolCall, PythonVersion, StartMethod, Verdict } from '../src/sim/trace';
import type { EngineKind, EngineMode } from '../src/workers/engine';

const platformNames: Readonly<Record<Platform, string>> = {
  linux: 'Linux',
  macos: 'macOS',
  windows: 'Windows',
};

/** “x=y”, the way a notice quotes what the address said. */
const quoted = (name: string, value: string): string => `“${name}=${value}”`;

export const messages = {
  productName: 'mpviz',
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
    pythonOption: (python: PythonVersion): string => `Python ${python}`,
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
    run: 'Run',
    cancel: 'Cancel',
  },

  notices: {
    title: 'Notices',
    dismiss: 'Dismiss',
    dismissWhich: (param: string): string => ` the notice about “${param}”`,
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
    unknownParam: (name: string): string =>
      `“${name}” is not a setting mpviz reads from the address; it was ignored.`,
    repeatedParam: (name: string, value: string): string =>
      `“${name}” appears more than once in the address; using the first, ${quoted(name, value)}.`,
  },

  engine: {
    notIsolated:
      'This page is not cross-origin isolated, so scenarios run on the model kernel in this ' +
      'tab: the same results, but no real workers.',
    isolatedIdle: 'This page is cross-origin isolated, so scenarios may run on real Web Workers.',
    ran: (engine: EngineKind, wallMs: number): string => {
      const ms = `${Math.max(1, Math.round(wallMs))} ms`;
      switch (engine) {
        case 'model':
          return `Ran on the model kernel in this tab, in ${ms}.`;
        case 'workers-lockstep':
          return `Ran on real Web Workers in lockstep with the model’s schedule, in ${ms}.`;
        case 'workers-free':
          return `Ran on real Web Workers, racing freely, in ${ms}.`;
      }
    },
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

  lockCost: {
    heading: 'What a Manager costs',
    explain:
      'A multiprocessing.Lock is a semaphore in shared memory: acquiring it is one atomic ' +
      'operation. A Manager().Lock() is a proxy: every call is a request to the manager process ' +
      'and a response back. Measure both here, in this browser, on Web Workers.',
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
