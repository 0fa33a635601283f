import { describe, expect, it } from 'vitest';
import { TraceIndex } from '../fold';
import { runScenario, type RunOptions, type RunResult } from '../run';
import { TRACE_VERSION, type TraceEvent } from '../trace';
import {
  chromeTraceFileName,
  chromeTraceJson,
  toChromeTrace,
  type ChromeCompleteEvent,
  type ChromeFlowEvent,
  type ChromeInstantEvent,
  type ChromeMetadataEvent,
  type ChromeTrace,
  type ChromeTraceEvent,
} from './chrome-trace';
import { validateChromeTrace } from './validate';

const CASES: [string, RunOptions][] = [];
for (const scenario of [1, 2, 3, 4, 5, 6]) {
  for (const startMethod of ['fork', 'spawn'] as const) {
    CASES.push([`scenario ${scenario} ${startMethod}`, { scenario, startMethod }]);
  }
}
CASES.push(
  ['scenario 2 forkserver', { scenario: 2, startMethod: 'forkserver' }],
  ['scenario 6 forkserver (Python 3.14)', { scenario: 6, python: '3.14' }],
  ['scenario 3 windows spawn', { scenario: 3, platform: 'windows' }],
  ['scenario 1 macOS imap', { scenario: 1, platform: 'macos', call: 'imap' }],
);

const runs = new Map<string, { run: RunResult; chrome: ChromeTrace }>();
function exported(options: RunOptions): { run: RunResult; chrome: ChromeTrace } {
  const key = JSON.stringify(options);
  let cached = runs.get(key);
  if (!cached) {
    const run = runScenario(options);
    cached = { run, chrome: toChromeTrace(run.trace) };
    runs.set(key, cached);
  }
  return cached;
}

const isSlice = (e: ChromeTraceEvent): e is ChromeCompleteEvent => e.ph === 'X';
const isInstant = (e: ChromeTraceEvent): e is ChromeInstantEvent => e.ph === 'i';
const isFlow = (e: ChromeTraceEvent): e is ChromeFlowEvent =>
  e.ph === 's' || e.ph === 't' || e.ph === 'f';
const isMeta = (e: ChromeTraceEvent): e is ChromeMetadataEvent => e.ph === 'M';

function metaName(
  chrome: ChromeTrace,
  kind: 'process_name' | 'thread_name',
  pid: number,
  tid?: number,
) {
  const m = chrome.traceEvents
    .filter(isMeta)
    .find((e) => e.name === kind && e.pid === pid && (tid === undefined || e.tid === tid));
  return m && 'name' in m.args ? m.args.name : undefined;
}

function threadNamed(
  chrome: ChromeTrace,
  process: string,
  thread: string,
): { pid: number; tid: number } {
  const meta = chrome.traceEvents.filter(isMeta);
  const proc = meta.find(
    (e) => e.name === 'process_name' && 'name' in e.args && e.args.name === process,
  );
  expect(proc, `process ${process}`).toBeDefined();
  const th = meta.find(
    (e) =>
      e.name === 'thread_name' && e.pid === proc!.pid && 'name' in e.args && e.args.name === thread,
  );
  expect(th, `thread ${thread} of ${process}`).toBeDefined();
  return { pid: th!.pid, tid: th!.tid };
}

function flowsById(chrome: ChromeTrace, cat: string): Map<number, ChromeFlowEvent[]> {
  const flows = new Map<number, ChromeFlowEvent[]>();
  for (const e of chrome.traceEvents.filter(isFlow)) {
    if (e.cat !== cat) continue;
    const list = flows.get(e.id) ?? [];
    list.push(e);
    flows.set(e.id, list);
  }
  return flows;
}

/** The flow points that lie inside the slice made for trace event `seq` (a send or receive). */
function flowsInAnchor(chrome: ChromeTrace, seq: number, cat: string): ChromeFlowEvent[] {
  const slice = chrome.traceEvents
    .filter(isSlice)
    .find((e) => e.cat === cat && e.args?.['seq'] === seq && e.dur < 0.01);
  if (!slice) return [];
  return chrome.traceEvents
    .filter(isFlow)
    .filter(
      (f) => f.tid === slice.tid && f.ts > slice.ts && f.ts < slice.ts + slice.dur && f.cat === cat,
    );
}

describe('toChromeTrace: every run exports a valid Chrome trace', () => {
  for (const [name, options] of CASES) {
    it(name, () => {
      const { run, chrome } = exported(options);
      expect(validateChromeTrace(chrome)).toEqual([]);
      // What a download would hold: plain JSON that survives a round trip.
      const text = JSON.stringify(chrome);
      const parsed: unknown = JSON.parse(text);
      expect(parsed).toEqual(chrome);
      expect(validateChromeTrace(parsed)).toEqual([]);
      expect(chromeTraceJson(run.trace)).toBe(text);

      // One process track per process, named as CPython names it at the end.
      const names = chrome.traceEvents
        .filter(isMeta)
        .filter((e) => e.name === 'process_name')
        .map((e) => ('name' in e.args ? e.args.name : ''));
      expect(names).toEqual(run.processes.map((p) => p.name));
      // Every thread that did something has a named, sorted track.
      const tids = new Set(run.trace.events.map((e) => e.tid));
      for (const tid of tids) {
        const last = [...run.trace.events].reverse().find((e) => e.tid === tid)!;
        expect(metaName(chrome, 'thread_name', last.pid, tid)).toBe(last.thread);
        expect(
          chrome.traceEvents
            .filter(isMeta)
            .some((e) => e.name === 'thread_sort_index' && e.tid === tid),
        ).toBe(true);
      }

      // Every message read off a pipe or socket is an arrow, from its write to its read.
      const reads = run.trace.events.filter((e) => e.kind === 'pipe.read');
      expect(flowsById(chrome, 'pipe').size).toBe(reads.length);
      // Every script function call is a slice on its thread.
      const calls = run.trace.events.filter((e) => e.kind === 'call');
      const callSlices = chrome.traceEvents.filter(isSlice).filter((e) => e.cat === 'call');
      expect(callSlices.length).toBe(calls.length);
      // The verdict is a global instant.
      const verdict = chrome.traceEvents.filter(isInstant).find((e) => e.cat === 'verdict');
      if (run.verdict !== 'hang') {
        expect(verdict?.s).toBe('g');
        expect(verdict?.args?.['verdict']).toBe(run.verdict);
      }
    });
  }
});

describe('toChromeTrace: what the tracks show', () => {
  it('carries the trace header and version', () => {
    const { run, chrome } = exported({ scenario: 1, startMethod: 'fork' });
    expect(chrome.displayTimeUnit).toBe('ms');
    expect(chrome.otherData).toMatchObject({
      exporter: 'mpviz',
      traceVersion: TRACE_VERSION,
      scenario: 1,
      startMethod: 'fork',
      platform: 'linux',
      python: run.python,
      call: 'map',
      seed: 1,
      engine: 'model',
      events: run.trace.events.length,
    });
  });

  it('is deterministic', () => {
    const run = runScenario({ scenario: 2, startMethod: 'fork' });
    expect(chromeTraceJson(run.trace)).toBe(
      chromeTraceJson(exported({ scenario: 2, startMethod: 'fork' }).run.trace),
    );
  });

  it('keeps trace order and stays within a microsecond of virtual time', () => {
    const { run, chrome } = exported({ scenario: 2, startMethod: 'fork' });
    const bySeq = new Map<number, TraceEvent>(run.trace.events.map((e) => [e.seq, e]));
    let lastSeq = -1;
    let lastTs = -Infinity;
    for (const e of chrome.traceEvents) {
      if (isMeta(e)) continue;
      expect(e.ts).toBeGreaterThanOrEqual(lastTs);
      lastTs = e.ts;
      const seq = e.args?.['seq'];
      if (typeof seq !== 'number') continue;
      expect(seq).toBeGreaterThanOrEqual(lastSeq);
      lastSeq = seq;
      const t = bySeq.get(seq)!.t;
      expect(e.ts).toBeGreaterThanOrEqual(t);
      expect(e.ts - t).toBeLessThan(1);
    }
  });

  it('never lets two boundaries of one thread coincide (no tie for a viewer to break)', () => {
    for (const [, options] of CASES) {
      const { chrome } = exported(options);
      const seen = new Map<number, Set<number>>();
      const take = (tid: number, us: number): void => {
        const ns = Math.round(us * 1000);
        const set = seen.get(tid) ?? new Set<number>();
        expect(set.has(ns), `tid ${tid} at ${us} µs`).toBe(false);
        set.add(ns);
        seen.set(tid, set);
      };
      for (const e of chrome.traceEvents) {
        if (isSlice(e)) {
          take(e.tid, e.ts);
          take(e.tid, e.ts + e.dur);
        } else if (isInstant(e) || isFlow(e)) {
          take(e.tid, e.ts);
        }
      }
    }
  });

  it('names processes and threads as CPython does, in start order', () => {
    const { chrome } = exported({ scenario: 1, startMethod: 'fork' });
    const meta = chrome.traceEvents.filter(isMeta);
    const processes = meta
      .filter((e) => e.name === 'process_name')
      .map((e) => ('name' in e.args ? e.args.name : ''));
    expect(processes).toEqual([
      'MainProcess',
      'ForkPoolWorker-1',
      'ForkPoolWorker-2',
      'ForkPoolWorker-3',
    ]);
    const main = meta.find((e) => e.name === 'process_name')!.pid;
    const threads = meta
      .filter((e) => e.name === 'thread_name' && e.pid === main)
      .map((e) => ('name' in e.args ? e.args.name : ''));
    expect(threads).toEqual([
      'MainThread',
      'Thread-1 (_handle_workers)',
      'Thread-2 (_handle_tasks)',
      'Thread-3 (_handle_results)',
    ]);
    const sortIndexes = meta
      .filter((e) => e.name === 'process_sort_index')
      .map((e) => ('sort_index' in e.args ? e.args.sort_index : -1));
    expect(sortIndexes).toEqual([0, 1, 2, 3]);
    const spawned = exported({ scenario: 1, startMethod: 'spawn' })
      .chrome.traceEvents.filter(isMeta)
      .filter((e) => e.name === 'process_name')
      .map((e) => ('name' in e.args ? e.args.name : ''));
    expect(spawned).toContain('SpawnPoolWorker-1');
  });

  it('scenario 1 (fork, map): the refused pickle is on Thread-2 (_handle_tasks) with the RuntimeError', () => {
    const { chrome } = exported({ scenario: 1, startMethod: 'fork' });
    const { pid, tid } = threadNamed(chrome, 'MainProcess', 'Thread-2 (_handle_tasks)');
    const message =
      'RuntimeError: Lock objects should only be shared between processes through inheritance';
    const slice = chrome.traceEvents
      .filter(isSlice)
      .find((e) => e.pid === pid && e.tid === tid && e.name === 'pickle task 0');
    expect(slice?.args?.['error']).toBe(message);
    expect(slice!.dur).toBeGreaterThan(0);
    const instant = chrome.traceEvents
      .filter(isInstant)
      .find((e) => e.pid === pid && e.tid === tid && e.name === 'pickle refused: task 0');
    expect(instant?.s).toBe('t');
    expect(instant?.args?.['error']).toBe(message);
    // The instant sits inside the pickling slice.
    expect(instant!.ts).toBeGreaterThan(slice!.ts);
    expect(instant!.ts).toBeLessThan(slice!.ts + slice!.dur);
    // The main thread's wait for the result, ended by the wake-up the failure sends.
    const wait = chrome.traceEvents
      .filter(isSlice)
      .find((e) => e.name === 'wait on MapResult._event (job 0)');
    expect(wait?.args?.['until']).toBe('sem.acquire');
    const wakes = [...flowsById(chrome, 'sem').values()];
    expect(wakes.some((f) => f[0]!.tid === tid && f[f.length - 1]!.tid === wait!.tid)).toBe(true);
    // The script's functions never returned: they end, unfinished, with the process.
    const main = chrome.traceEvents.filter(isSlice).find((e) => e.name === 'main');
    expect(main?.args?.['unfinished']).toBe('process exit (code 1)');
  });

  it('scenario 2: every proxy call is an arrow to the manager and back', () => {
    const { run, chrome } = exported({ scenario: 2, startMethod: 'fork' });
    const requests = run.trace.events.filter((e) => e.kind === 'proxy.request');
    expect(requests.length).toBeGreaterThan(0);
    const proxyFlows = flowsById(chrome, 'proxy');
    expect(proxyFlows.size).toBeGreaterThanOrEqual(requests.length);
    const managers = new Set(
      chrome.traceEvents
        .filter(isMeta)
        .filter((e) => e.name === 'process_name' && 'name' in e.args)
        .filter((e) => 'name' in e.args && e.args.name.startsWith('SyncManager'))
        .map((e) => e.pid),
    );
    expect(managers.size).toBe(2);
    for (const points of proxyFlows.values()) {
      expect(points.map((p) => p.ph)).toEqual(['s', 't', 't', 'f']);
      const [start, read, reply, end] = points as [
        ChromeFlowEvent,
        ChromeFlowEvent,
        ChromeFlowEvent,
        ChromeFlowEvent,
      ];
      expect(end.tid).toBe(start.tid);
      expect(managers.has(read.pid)).toBe(true);
      expect(reply.tid).toBe(read.tid);
    }
    // A proxy call is a slice from the request to the response.
    const proxySlices = chrome.traceEvents
      .filter(isSlice)
      .filter((e) => e.cat === 'proxy' && e.name.startsWith('proxy '));
    expect(proxySlices.length).toBe(requests.length);
    // Every pipe.write has an arrow, but for messages nobody is left to read: the wake-ups
    // and the sentinel the Pool's _terminate_pool writes at exit, after the handler threads
    // ended, and a manager's second reply to 'shutdown' (its client has its answer already).
    const unreadKinds = new Set(['change notification', 'sentinel to result handler']);
    const writes = run.trace.events.filter((e) => e.kind === 'pipe.write');
    let unread = 0;
    for (const w of writes) {
      const points = flowsInAnchor(chrome, w.seq, 'pipe');
      if (points.length === 0) {
        unread += 1;
        const pickled = run.trace.events
          .slice(0, w.seq)
          .findLast((e) => e.kind === 'pickle.done' && e.pid === w.pid && e.tid === w.tid);
        const what = pickled?.kind === 'pickle.done' ? pickled.what : '';
        expect(unreadKinds.has(what) || what === 'response to shutdown', `write ${w.seq}`).toBe(
          true,
        );
        continue;
      }
      expect(
        points.map((p) => p.ph),
        `write ${w.seq}`,
      ).toEqual(['s']);
    }
    expect(unread).toBeLessThanOrEqual(5);
  });

  it('pairs each write with the read fold.ts says consumes it (FIFO per kernel object)', () => {
    for (const options of [
      { scenario: 2, startMethod: 'fork' },
      { scenario: 6, startMethod: 'spawn' },
    ] as RunOptions[]) {
      const { run, chrome } = exported(options);
      const index = new TraceIndex(run.trace);
      const bySeq = new Map<number, TraceEvent>(run.trace.events.map((e) => [e.seq, e]));
      const flows = flowsById(chrome, 'pipe');
      expect(flows.size).toBeGreaterThan(0);
      for (const [id, points] of flows) {
        const start = points.find((p) => p.ph === 's')!;
        const end = points.find((p) => p.ph === 'f')!;
        const [write] = anchorsOf(chrome, start, bySeq);
        const [read] = anchorsOf(chrome, end, bySeq);
        expect(write?.kind, `flow ${id}`).toBe('pipe.write');
        expect(read?.kind, `flow ${id}`).toBe('pipe.read');
        if (write?.kind !== 'pipe.write' || read?.kind !== 'pipe.read') continue;
        expect(read.obj).toBe(write.obj);
        expect(read.size).toBe(write.size);
        // The message at the head of the object just before the read is this write's.
        expect(index.stateAt(read.seq).objects[read.obj]?.messages[0]).toEqual({
          hex: write.hex,
          seq: write.seq,
        });
      }
    }
  });

  it('shows waits, sleeps and lifetimes', () => {
    const { chrome } = exported({ scenario: 3, startMethod: 'fork' });
    const slices = chrome.traceEvents.filter(isSlice);
    expect(slices.some((e) => e.cat === 'sleep' && e.name === 'sleep(0.1)' && e.dur > 90_000)).toBe(
      true,
    );
    expect(slices.filter((e) => e.cat === 'process').map((e) => e.name)).toContain('MainProcess');
    expect(slices.every((e) => e.cat !== 'wait' || e.name.startsWith('wait on '))).toBe(true);
  });
});

/** The trace events whose anchor slices enclose flow point `p`. */
function anchorsOf(
  chrome: ChromeTrace,
  p: ChromeFlowEvent,
  bySeq: Map<number, TraceEvent>,
): TraceEvent[] {
  return chrome.traceEvents
    .filter(isSlice)
    .filter((e) => e.tid === p.tid && e.ts < p.ts && p.ts < e.ts + e.dur && e.dur < 0.01)
    .map((e) => bySeq.get(e.args?.['seq'] as number)!)
    .filter((e) => e !== undefined);
}

describe('chromeTraceFileName', () => {
  it('names the file after the run', () => {
    const { run } = exported({ scenario: 1, startMethod: 'fork' });
    expect(chromeTraceFileName(run.trace.header)).toBe(
      `mpviz-scenario-1-fork-linux-py${run.python}-map-seed1.trace.json`,
    );
    expect(chromeTraceFileName({ ...run.trace.header, engine: 'workers-free', seed: 7 })).toMatch(
      /-seed7-workers-free\.trace\.json$/,
    );
  });
});

describe('validateChromeTrace catches broken traces', () => {
  const base = (events: unknown[]): unknown => ({ traceEvents: events, displayTimeUnit: 'ms' });
  const x = (name: string, ts: number, dur: number, tid = 1) => ({
    name,
    ph: 'X',
    pid: 1,
    tid,
    ts,
    dur,
  });

  it('accepts a small valid trace', () => {
    expect(
      validateChromeTrace(
        base([
          { name: 'process_name', ph: 'M', pid: 1, tid: 1, args: { name: 'MainProcess' } },
          { name: 'process_sort_index', ph: 'M', pid: 1, tid: 1, args: { sort_index: 0 } },
          x('outer', 0, 10),
          x('inner', 1, 2),
          x('sibling', 3, 0),
          { name: 'a', ph: 'B', pid: 1, tid: 2, ts: 0 },
          { name: 'b', ph: 'B', pid: 1, tid: 2, ts: 1 },
          { name: 'b', ph: 'E', pid: 1, tid: 2, ts: 2 },
          { name: 'msg', cat: 'c', ph: 's', id: 1, pid: 1, tid: 1, ts: 1.5 },
          { name: 'msg', cat: 'c', ph: 'f', bp: 'e', id: 1, pid: 1, tid: 2, ts: 1.5 },
          { name: 'a', ph: 'E', pid: 1, tid: 2, ts: 5 },
          { name: 'tick', ph: 'i', s: 't', pid: 1, tid: 1, ts: 4 },
        ]),
      ),
    ).toEqual([]);
  });

  it('rejects what is not a trace', () => {
    expect(validateChromeTrace(null)).toHaveLength(1);
    expect(validateChromeTrace([])).toHaveLength(1);
    expect(validateChromeTrace({ traceEvents: {} })[0]).toMatch(/not an array/);
    expect(validateChromeTrace({ traceEvents: [42] })[0]).toMatch(/not an object/);
  });

  it('unbalanced B/E', () => {
    expect(validateChromeTrace(base([{ name: 'a', ph: 'B', pid: 1, tid: 1, ts: 0 }]))[0]).toMatch(
      /never ended/,
    );
    expect(validateChromeTrace(base([{ name: 'a', ph: 'E', pid: 1, tid: 1, ts: 0 }]))[0]).toMatch(
      /no open B/,
    );
    const crossed = validateChromeTrace(
      base([
        { name: 'a', ph: 'B', pid: 1, tid: 1, ts: 0 },
        { name: 'b', ph: 'B', pid: 1, tid: 1, ts: 1 },
        { name: 'a', ph: 'E', pid: 1, tid: 1, ts: 2 },
        { name: 'b', ph: 'E', pid: 1, tid: 1, ts: 3 },
      ]),
    );
    expect(crossed.some((p) => /closes B named/.test(p))).toBe(true);
    const backwards = validateChromeTrace(
      base([
        { name: 'a', ph: 'B', pid: 1, tid: 1, ts: 5 },
        { name: 'a', ph: 'E', pid: 1, tid: 1, ts: 4 },
      ]),
    );
    expect(backwards.some((p) => /before its B/.test(p))).toBe(true);
  });

  it('unpaired or backwards flows, and flows with no slice to bind to', () => {
    const lone = validateChromeTrace(
      base([x('s', 0, 10), { name: 'm', cat: 'c', ph: 's', id: 1, pid: 1, tid: 1, ts: 1 }]),
    );
    expect(lone.some((p) => /1 start\(s\) and 0 end\(s\)/.test(p))).toBe(true);
    const twice = validateChromeTrace(
      base([
        x('s', 0, 10),
        { name: 'm', cat: 'c', ph: 's', id: 1, pid: 1, tid: 1, ts: 1 },
        { name: 'm', cat: 'c', ph: 's', id: 1, pid: 1, tid: 1, ts: 2 },
        { name: 'm', cat: 'c', ph: 'f', bp: 'e', id: 1, pid: 1, tid: 1, ts: 3 },
      ]),
    );
    expect(twice.some((p) => /2 start\(s\)/.test(p))).toBe(true);
    const backwards = validateChromeTrace(
      base([
        x('s', 0, 10),
        { name: 'm', cat: 'c', ph: 's', id: 1, pid: 1, tid: 1, ts: 5 },
        { name: 'm', cat: 'c', ph: 'f', bp: 'e', id: 1, pid: 1, tid: 1, ts: 4 },
      ]),
    );
    expect(backwards.some((p) => /is before/.test(p))).toBe(true);
    const unbound = validateChromeTrace(
      base([
        x('s', 0, 1),
        { name: 'm', cat: 'c', ph: 's', id: 1, pid: 1, tid: 1, ts: 0.5 },
        { name: 'm', cat: 'c', ph: 'f', bp: 'e', id: 1, pid: 1, tid: 1, ts: 3 },
      ]),
    );
    expect(unbound.some((p) => /no slice to bind to/.test(p))).toBe(true);
    // The same pair with different names is two unpaired flows.
    const renamed = validateChromeTrace(
      base([
        x('s', 0, 10),
        { name: 'm', cat: 'c', ph: 's', id: 1, pid: 1, tid: 1, ts: 1 },
        { name: 'other', cat: 'c', ph: 'f', bp: 'e', id: 1, pid: 1, tid: 1, ts: 2 },
      ]),
    );
    expect(renamed).toHaveLength(2);
  });

  it('overlapping slices on one thread (but not on two)', () => {
    const overlap = validateChromeTrace(base([x('a', 0, 10), x('b', 5, 10)]));
    expect(overlap.some((p) => /overlaps/.test(p))).toBe(true);
    expect(validateChromeTrace(base([x('a', 0, 10), x('b', 5, 10, 2)]))).toEqual([]);
    expect(validateChromeTrace(base([x('a', 0, 10), x('b', 10, 10)]))).toEqual([]);
  });

  it('missing or malformed fields', () => {
    const problems = validateChromeTrace(
      base([
        { name: 'no ts', ph: 'X', pid: 1, tid: 1, dur: 1 },
        { name: 'nan ts', ph: 'i', pid: 1, tid: 1, ts: Number.NaN },
        { name: 'negative', ph: 'X', pid: 1, tid: 1, ts: 0, dur: -1 },
        { name: 'phase', ph: 'Q', pid: 1, tid: 1, ts: 0 },
        { ph: 'i', pid: 1, tid: 1, ts: 0 },
        { name: 'pid', ph: 'i', pid: '1', tid: 1, ts: 0 },
        { name: 'scope', ph: 'i', s: 'x', pid: 1, tid: 1, ts: 0 },
        { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: {} },
        { name: 'thread_sort_index', ph: 'M', pid: 1, tid: 1, args: { sort_index: 'first' } },
        { name: 'm', cat: 'c', ph: 's', pid: 1, tid: 1, ts: 0 },
      ]),
    );
    const expected = [
      /"no ts"\): ts is missing/,
      /"nan ts"\): ts is missing or not a finite number/,
      /"negative"\): dur is missing, not a number or negative/,
      /unknown phase "Q"/,
      /name is not a string/,
      /"pid"\): pid is not a number/,
      /instant scope "x"/,
      /args\.name is not a string/,
      /args\.sort_index is not a number/,
      /flow event without an id/,
    ];
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(problems[i]).toMatch(re));
  });

  it('notices a real export that lost a flow end or a ts, or got a slice out of place', () => {
    const { chrome } = exported({ scenario: 2, startMethod: 'fork' });
    const events = chrome.traceEvents;
    const firstEnd = events.findIndex((x) => x.ph === 'f');
    const withoutEnd = events.filter((_, i) => i !== firstEnd);
    expect(validateChromeTrace({ ...chrome, traceEvents: withoutEnd }).length).toBe(1);

    const firstInstant = events.findIndex((x) => x.ph === 'i');
    const noTs = events.map((e, i) => {
      if (i !== firstInstant) return e;
      const { ts: _ts, ...rest } = e as ChromeInstantEvent;
      return rest;
    });
    expect(validateChromeTrace({ ...chrome, traceEvents: noTs })[0]).toMatch(/ts is missing/);

    // Stretch a send past the end of the slice around it.
    const send = events.findIndex((e) => isSlice(e) && e.name.startsWith('send '));
    const stretched = events.map((e, i) =>
      i === send ? { ...(e as ChromeCompleteEvent), dur: 1_000_000 } : e,
    );
    expect(
      validateChromeTrace({ ...chrome, traceEvents: stretched }).some((p) => /overlaps/.test(p)),
    ).toBe(true);
  });
});
