/**
 * "Export trace": an mpviz trace as Chrome Trace Event JSON (the JSON Object
 * Format), which ui.perfetto.dev and chrome://tracing open.
 *
 * Pure and deterministic like the rest of src/sim: no DOM, no Node. The same
 * trace gives the same JSON, byte for byte, once stringified.
 *
 * What becomes what (docs/trace.md, "Exporting to Perfetto", has the table):
 * - a track per process (pid = the model's pid) and per thread (tid = the
 *   kernel-wide tid), named with CPython's names (final names, after renames)
 *   by `M` metadata events, sorted in start order;
 * - `X` slices for process and thread lifetimes, the script's functions
 *   (call → return), pickling (pickle.start → pickle.done / pickle.refused),
 *   waits (sem.block / pipe.block → that thread's next event), sleeps and
 *   proxy calls (proxy.request → proxy.response), plus tiny slices at each
 *   send, receive, wake-up and proxy request/response that anchor flow arrows;
 * - `i` instants for prints, exceptions, refused pickles, unpickles, EOFs,
 *   failed try-acquires, notes and the verdict (global);
 * - flows (`s` → `t`… → `f`, `bp: 'e'`) for every pipe/socket message that is
 *   read (FIFO per kernel object, as fold.ts: push on write, shift on read),
 *   for every proxy call (caller → the manager thread that reads the request
 *   → its reply → the caller's response) and for every semaphore release that
 *   hands the semaphore to a waiting thread.
 *
 * Time: `ts` is in microseconds. Trace events often share a virtual time `t`,
 * and a slice must not start where another ends, so every boundary, instant
 * and flow point the export places takes its own tick of TICK_NS nanoseconds:
 * its time is `max(t × 1000, previous tick + TICK_NS)` ns. Trace order is kept
 * exactly, all slices on a thread nest strictly, and `ts` runs ahead of `t` by
 * at most a few ticks per event sharing that microsecond.
 */
import { EVENT_KINDS, type TraceEvent, type TraceHeader, type Trace } from '../trace';

/** Nanoseconds between two consecutive things the export places on the timeline. */
export const TICK_NS = 1;

// ── the Chrome Trace Event format, the parts this export uses ──────────────

/** A JSON value (what `args` may hold). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type ChromeTraceArgs = { [key: string]: JsonValue };

interface TimedEventBase {
  readonly name: string;
  readonly cat: string;
  readonly pid: number;
  readonly tid: number;
  /** Microseconds. */
  readonly ts: number;
  readonly args?: ChromeTraceArgs;
}

/** `X`: a complete slice on the thread's track. */
export interface ChromeCompleteEvent extends TimedEventBase {
  readonly ph: 'X';
  /** Microseconds, ≥ 0. */
  readonly dur: number;
}

/** `i`: an instant, on the thread (`t`), the process (`p`) or every track (`g`). */
export interface ChromeInstantEvent extends TimedEventBase {
  readonly ph: 'i';
  readonly s: 'g' | 'p' | 't';
}

/** Flow start / step / end (legacy "v1" flows, paired by cat + name + id). */
export interface ChromeFlowEvent extends TimedEventBase {
  readonly ph: 's' | 't' | 'f';
  readonly id: number;
  /** `e`: bind to the enclosing slice (set on `t` and `f`; `s` always binds so). */
  readonly bp?: 'e';
}

export interface ChromeMetadataEvent {
  readonly name: 'process_name' | 'thread_name' | 'process_sort_index' | 'thread_sort_index';
  readonly ph: 'M';
  readonly pid: number;
  readonly tid: number;
  readonly args: { readonly name: string } | { readonly sort_index: number };
}

export type ChromeTraceEvent =
  ChromeCompleteEvent | ChromeInstantEvent | ChromeFlowEvent | ChromeMetadataEvent;

/** The mpviz trace header, as metadata of the export. */
export interface ChromeTraceOtherData {
  readonly exporter: 'mpviz';
  /** The mpviz trace format version (TRACE_VERSION) the export was made from. */
  readonly traceVersion: number;
  readonly scenario: number;
  readonly startMethod: TraceHeader['startMethod'];
  readonly platform: TraceHeader['platform'];
  readonly python: TraceHeader['python'];
  readonly call: TraceHeader['call'];
  readonly seed: number;
  readonly engine: TraceHeader['engine'];
  /** Number of mpviz trace events exported. */
  readonly events: number;
  /** How `ts` relates to the trace's virtual time `t`. */
  readonly clock: string;
}

export interface ChromeTrace {
  readonly traceEvents: ChromeTraceEvent[];
  readonly displayTimeUnit: 'ms';
  readonly otherData: ChromeTraceOtherData;
}

// ── the export ─────────────────────────────────────────────────────────────

/** A file name for the download: `mpviz-scenario-2-fork-linux-py3.12-map-seed1.trace.json`. */
export function chromeTraceFileName(header: TraceHeader): string {
  const engine = header.engine === 'model' ? '' : `-${header.engine}`;
  return (
    `mpviz-scenario-${header.scenario}-${header.startMethod}-${header.platform}` +
    `-py${header.python}-${header.call}-seed${header.seed}${engine}.trace.json`
  );
}

/** The MIME type to offer the file with. */
export const CHROME_TRACE_MIME_TYPE = 'application/json';

/** `toChromeTrace` as the text of the file. */
export function chromeTraceJson(trace: Trace): string {
  return JSON.stringify(toChromeTrace(trace));
}

type OpenKind = 'process' | 'thread' | 'call' | 'pickle' | 'wait' | 'sleep' | 'proxy';

interface OpenSlice {
  readonly kind: OpenKind;
  /** For matching the end: the function, what is pickled, the proxy method. */
  readonly key: string;
  name: string;
  readonly cat: string;
  readonly startNs: number;
  readonly args: ChromeTraceArgs;
}

interface ThreadTrack {
  readonly pid: number;
  readonly tid: number;
  name: string;
  readonly names: string[];
  readonly stack: OpenSlice[];
}

interface ProcessTrack {
  readonly pid: number;
  name: string;
  readonly names: string[];
  readonly mainTid: number;
  /** tids in start order (main thread first). */
  readonly tids: number[];
}

interface FlowPoint {
  readonly id: number;
  readonly ph: 's' | 't' | 'f';
  readonly cat: string;
  readonly name: string;
}

/** Which trace events carry which flow points (worked out before the export walks the trace). */
function planFlows(events: readonly TraceEvent[]): Map<number, FlowPoint[]> {
  const points = new Map<number, FlowPoint[]>();
  let nextId = 1;
  const add = (seq: number, p: FlowPoint): void => {
    const list = points.get(seq);
    if (list) list.push(p);
    else points.set(seq, [p]);
  };
  const chain = (seqs: readonly number[], cat: string, name: string): void => {
    if (seqs.length < 2) return;
    const id = nextId++;
    seqs.forEach((seq, i) => {
      const ph = i === 0 ? 's' : i === seqs.length - 1 ? 'f' : 't';
      add(seq, { id, ph, cat, name });
    });
  };

  // Pipes and sockets: a FIFO of messages per kernel object, as fold.ts keeps it.
  const fifo = new Map<number, number[]>();
  const readOf = new Map<number, number>(); // write seq → read seq
  // Proxy calls: request → the request's write → its read by the manager → the reply → response.
  interface ProxyCall {
    readonly request: number;
    readonly method: string;
    requestWrite: number | null;
    serverRead: number | null;
    replyWrite: number | null;
    response: number | null;
  }
  const calls: ProxyCall[] = [];
  const openCall = new Map<number, ProxyCall>(); // caller tid →
  const callByRequestWrite = new Map<number, ProxyCall>();
  const awaitingReply = new Map<string, ProxyCall>(); // `${server tid}:${obj}` →
  // Wake-ups: a release that hands the semaphore to `wakes` → that thread's acquire.
  const wakes = new Map<string, number>(); // `${tid}:${obj}` → release seq
  const wakePairs: [number, number][] = [];

  for (const e of events) {
    switch (e.kind) {
      case 'pipe.write': {
        const queue = fifo.get(e.obj);
        if (queue) queue.push(e.seq);
        else fifo.set(e.obj, [e.seq]);
        const call = openCall.get(e.tid);
        if (call && call.requestWrite === null) {
          call.requestWrite = e.seq;
          callByRequestWrite.set(e.seq, call);
        }
        const key = `${e.tid}:${e.obj}`;
        const replying = awaitingReply.get(key);
        if (replying) {
          replying.replyWrite = e.seq;
          awaitingReply.delete(key);
        }
        break;
      }
      case 'pipe.read': {
        const write = fifo.get(e.obj)?.shift();
        if (write === undefined) break;
        readOf.set(write, e.seq);
        const call = callByRequestWrite.get(write);
        if (call) {
          call.serverRead = e.seq;
          awaitingReply.set(`${e.tid}:${e.obj}`, call);
        }
        break;
      }
      case 'proxy.request': {
        const call: ProxyCall = {
          request: e.seq,
          method: e.method,
          requestWrite: null,
          serverRead: null,
          replyWrite: null,
          response: null,
        };
        calls.push(call);
        openCall.set(e.tid, call);
        break;
      }
      case 'proxy.response': {
        const call = openCall.get(e.tid);
        if (call && call.method === e.method) {
          call.response = e.seq;
          openCall.delete(e.tid);
        }
        break;
      }
      case 'sem.release':
        if (e.wakes !== null) wakes.set(`${e.wakes}:${e.obj}`, e.seq);
        break;
      case 'sem.acquire': {
        const key = `${e.tid}:${e.obj}`;
        const release = wakes.get(key);
        if (release !== undefined) {
          wakePairs.push([release, e.seq]);
          wakes.delete(key);
        }
        break;
      }
      // No flow passes through the rest.
      case 'call':
      case 'exception':
      case 'handle.add':
      case 'handle.close':
      case 'kobj.create':
      case 'kobj.free':
      case 'kobj.unlink':
      case 'memory.copy':
      case 'note':
      case 'pickle.done':
      case 'pickle.refused':
      case 'pickle.start':
      case 'pipe.block':
      case 'pipe.eof':
      case 'print':
      case 'process.exit':
      case 'process.rename':
      case 'process.start':
      case 'return':
      case 'sem.block':
      case 'sem.timeout':
      case 'sem.try-failed':
      case 'sleep':
      case 'thread.exit':
      case 'thread.rename':
      case 'thread.start':
      case 'unpickle':
      case 'var.set':
      case 'verdict':
        break;
    }
  }

  // Ids in the order the flows start.
  const starts: { seq: number; make: () => void }[] = [];
  for (const [write, read] of readOf) {
    starts.push({ seq: write, make: () => chain([write, read], 'pipe', 'message') });
  }
  for (const c of calls) {
    const seqs = [c.request, c.serverRead, c.replyWrite, c.response].filter(
      (s): s is number => s !== null,
    );
    starts.push({ seq: c.request, make: () => chain(seqs, 'proxy', `proxy ${c.method}`) });
  }
  for (const [release, acquire] of wakePairs) {
    starts.push({ seq: release, make: () => chain([release, acquire], 'sem', 'wake') });
  }
  starts.sort((a, b) => a.seq - b.seq);
  for (const s of starts) s.make();
  return points;
}

const CLOCK =
  `ts = max(t × 1000 ns, previous tick + ${TICK_NS} ns) in µs: one tick per boundary, ` +
  'instant or flow point, so events that share a virtual time keep their trace order';

/** An mpviz trace as a Chrome Trace Event JSON object (see the top of this file). */
export function toChromeTrace(trace: Trace): ChromeTrace {
  const events = trace.events;
  const flows = planFlows(events);
  const labels = new Map<number, string>();
  const processes = new Map<number, ProcessTrack>();
  const threads = new Map<number, ThreadTrack>();
  const out: { ns: number; order: number; event: ChromeTraceEvent }[] = [];
  let order = 0;
  let cursor = -Infinity;

  const tick = (t: number): number => {
    cursor = Math.max(cursor + TICK_NS, Math.round(t * 1000));
    return cursor;
  };
  const us = (ns: number): number => ns / 1000;
  const emit = (ns: number, event: ChromeTraceEvent): void => {
    out.push({ ns, order: order++, event });
  };
  const label = (obj: number): string => labels.get(obj) ?? `object ${obj}`;

  const processOf = (pid: number, tid: number, name: string): ProcessTrack => {
    let p = processes.get(pid);
    if (!p) {
      p = { pid, name, names: [name], mainTid: tid, tids: [] };
      processes.set(pid, p);
    }
    return p;
  };
  const threadOf = (pid: number, tid: number, name: string): ThreadTrack => {
    let th = threads.get(tid);
    if (!th) {
      th = { pid, tid, name, names: [name], stack: [] };
      threads.set(tid, th);
      processOf(pid, tid, String(pid)).tids.push(tid);
    }
    return th;
  };
  const rename = (track: { name: string; names: string[] }, name: string): void => {
    if (track.name === name) return;
    track.name = name;
    if (!track.names.includes(name)) track.names.push(name);
  };

  const open = (
    th: ThreadTrack,
    t: number,
    kind: OpenKind,
    key: string,
    name: string,
    cat: string,
    args: ChromeTraceArgs,
  ): OpenSlice => {
    const slice: OpenSlice = { kind, key, name, cat, startNs: tick(t), args };
    th.stack.push(slice);
    return slice;
  };
  /**
   * Closes `th.stack[index]` and everything above it, the innermost first.
   * The slices above it did not end by their own event: they get `unfinished: reason`.
   */
  const closeFrom = (
    th: ThreadTrack,
    index: number,
    t: number,
    endSeq: number,
    reason: string,
    ownArgs: ChromeTraceArgs = {},
  ): void => {
    while (th.stack.length > index) {
      const slice = th.stack.pop()!;
      const endNs = tick(t);
      Object.assign(slice.args, th.stack.length === index ? ownArgs : { unfinished: reason });
      slice.args['endSeq'] = endSeq;
      if (slice.kind === 'process' || slice.kind === 'thread') {
        const track = slice.kind === 'process' ? processes.get(th.pid) : th;
        if (track) {
          slice.name = track.name;
          if (track.names.length > 1) slice.args['names'] = [...track.names];
        }
      }
      emit(slice.startNs, {
        name: slice.name,
        cat: slice.cat,
        ph: 'X',
        pid: th.pid,
        tid: th.tid,
        ts: us(slice.startNs),
        dur: us(endNs - slice.startNs),
        args: slice.args,
      });
    }
  };
  const topmost = (th: ThreadTrack, kind: OpenKind, key?: string): number => {
    for (let i = th.stack.length - 1; i >= 0; i--) {
      const s = th.stack[i]!;
      if (s.kind === kind && (key === undefined || s.key === key)) return i;
    }
    return -1;
  };
  const instant = (
    th: ThreadTrack,
    t: number,
    name: string,
    cat: string,
    args: ChromeTraceArgs,
    scope: 'g' | 'p' | 't' = 't',
  ): void => {
    const ns = tick(t);
    emit(ns, { name, cat, ph: 'i', s: scope, pid: th.pid, tid: th.tid, ts: us(ns), args });
  };
  /** A short slice that carries flow points (a slice must enclose each of them). */
  const anchor = (
    th: ThreadTrack,
    e: TraceEvent,
    name: string,
    cat: string,
    args: ChromeTraceArgs,
  ): void => {
    const startNs = tick(e.t);
    for (const p of flows.get(e.seq) ?? []) {
      const ns = tick(e.t);
      emit(ns, {
        name: p.name,
        cat: p.cat,
        ph: p.ph,
        id: p.id,
        ...(p.ph === 's' ? {} : { bp: 'e' as const }),
        pid: th.pid,
        tid: th.tid,
        ts: us(ns),
      });
    }
    const endNs = tick(e.t);
    emit(startNs, {
      name,
      cat,
      ph: 'X',
      pid: th.pid,
      tid: th.tid,
      ts: us(startNs),
      dur: us(endNs - startNs),
      args: { ...args, seq: e.seq },
    });
  };

  for (const e of events) {
    if (e.kind === 'process.start') {
      const p = processOf(e.pid, e.tid, e.name);
      rename(p, e.name);
      const th = threadOf(e.pid, e.tid, 'MainThread');
      open(th, e.t, 'process', '', e.name, 'process', {
        pid: e.pid,
        ppid: e.ppid,
        birth: e.birth,
        runs: e.runs,
        seq: e.seq,
      });
      continue;
    }
    const th = threadOf(e.pid, e.tid, e.thread);
    rename(th, e.thread);

    // A wait or a sleep lasts until the thread's next event that is not mere
    // bookkeeping (the kernel closing handles of a process being killed is not
    // a wake-up); an exit ends it as unfinished.
    const top = th.stack[th.stack.length - 1];
    if (
      top &&
      (top.kind === 'wait' || top.kind === 'sleep') &&
      !EVENT_KINDS[e.kind].bookkeeping &&
      e.kind !== 'process.exit' &&
      e.kind !== 'thread.exit'
    ) {
      closeFrom(th, th.stack.length - 1, e.t, e.seq, '', { until: e.kind });
    }

    switch (e.kind) {
      case 'process.rename':
        rename(processOf(e.pid, e.tid, e.name), e.name);
        break;
      case 'process.exit': {
        const p = processes.get(e.pid);
        const tids = p ? [...p.tids].reverse() : [e.tid];
        for (const tid of tids) {
          const t = threads.get(tid);
          if (!t || t.stack.length === 0) continue;
          const life = t.stack[0]!;
          if (life.kind === 'process') life.args['exitCode'] = e.code;
          closeFrom(t, 0, e.t, e.seq, `process exit (code ${e.code})`);
        }
        break;
      }
      case 'thread.start': {
        const child = threadOf(e.pid, e.newTid, e.name);
        open(child, e.t, 'thread', '', e.name, 'thread', {
          tid: e.newTid,
          startedBy: e.tid,
          seq: e.seq,
        });
        break;
      }
      case 'thread.rename':
        rename(th, e.name);
        break;
      case 'thread.exit':
        if (th.stack.length > 0) closeFrom(th, 0, e.t, e.seq, 'thread exit');
        break;
      case 'kobj.create':
        labels.set(e.obj, e.label);
        break;
      case 'call':
        open(th, e.t, 'call', e.func, e.func, 'call', {
          args: e.args,
          line: e.line,
          fn: e.fn,
          seq: e.seq,
        });
        break;
      case 'return': {
        const i = topmost(th, 'call', e.func);
        if (i >= 0) closeFrom(th, i, e.t, e.seq, `return from ${e.func}`);
        else instant(th, e.t, `return ${e.func} (no matching call)`, 'call', { seq: e.seq });
        break;
      }
      case 'pickle.start':
        open(th, e.t, 'pickle', e.what, `pickle ${e.what}`, 'pickle', {
          what: e.what,
          spawning: e.spawning,
          seq: e.seq,
        });
        break;
      case 'pickle.done': {
        const i = topmost(th, 'pickle', e.what);
        if (i >= 0) {
          closeFrom(th, i, e.t, e.seq, `pickling ${e.what} ended`, { size: e.size, hex: e.hex });
        } else {
          instant(th, e.t, `pickled ${e.what}`, 'pickle', { size: e.size, seq: e.seq });
        }
        break;
      }
      case 'pickle.refused': {
        const error = { what: e.what, error: e.error, bytesNeverSent: e.partialHex.length / 2 };
        instant(th, e.t, `pickle refused: ${e.what}`, 'pickle', { ...error, seq: e.seq });
        const i = topmost(th, 'pickle', e.what);
        if (i >= 0) closeFrom(th, i, e.t, e.seq, `pickling ${e.what} ended`, error);
        break;
      }
      case 'unpickle':
        instant(th, e.t, `unpickle ${e.what}`, 'pickle', {
          what: e.what,
          size: e.size,
          seq: e.seq,
        });
        break;
      case 'sem.block':
        open(th, e.t, 'wait', '', `wait on ${label(e.obj)}`, 'wait', {
          obj: e.obj,
          handle: e.handle,
          seq: e.seq,
        });
        break;
      case 'pipe.block':
        open(th, e.t, 'wait', '', `wait on ${label(e.obj)}`, 'wait', {
          obj: e.obj,
          handle: e.handle,
          op: e.op,
          seq: e.seq,
        });
        break;
      case 'sleep':
        open(th, e.t, 'sleep', '', `sleep(${e.seconds})`, 'sleep', {
          seconds: e.seconds,
          seq: e.seq,
        });
        break;
      case 'sem.acquire':
        if (flows.has(e.seq)) {
          anchor(th, e, `acquire ${label(e.obj)}`, 'sem', {
            obj: e.obj,
            handle: e.handle,
            value: e.value,
            waited: e.waited,
          });
        }
        break;
      case 'sem.release':
        if (flows.has(e.seq)) {
          anchor(th, e, `release ${label(e.obj)}`, 'sem', {
            obj: e.obj,
            handle: e.handle,
            value: e.value,
            wakes: e.wakes,
          });
        }
        break;
      case 'sem.try-failed':
        instant(th, e.t, `try-acquire failed: ${label(e.obj)}`, 'sem', {
          obj: e.obj,
          handle: e.handle,
          seq: e.seq,
        });
        break;
      case 'pipe.write':
        anchor(th, e, `send ${e.size} bytes`, 'pipe', {
          obj: e.obj,
          label: label(e.obj),
          handle: e.handle,
          size: e.size,
          buffered: e.buffered,
          hex: e.hex,
        });
        break;
      case 'pipe.read':
        anchor(th, e, `recv ${e.size} bytes`, 'pipe', {
          obj: e.obj,
          label: label(e.obj),
          handle: e.handle,
          size: e.size,
          buffered: e.buffered,
        });
        break;
      case 'pipe.eof':
        instant(th, e.t, `EOF on ${label(e.obj)}`, 'pipe', {
          obj: e.obj,
          handle: e.handle,
          seq: e.seq,
        });
        break;
      case 'proxy.request': {
        const args = { address: e.address, id: e.id, method: e.method, count: e.count };
        open(th, e.t, 'proxy', e.method, `proxy ${e.method}`, 'proxy', { ...args, seq: e.seq });
        anchor(th, e, `request ${e.method}`, 'proxy', args);
        break;
      }
      case 'proxy.response': {
        const args = { address: e.address, method: e.method, ok: e.ok };
        anchor(th, e, `response ${e.method}`, 'proxy', args);
        const i = topmost(th, 'proxy', e.method);
        if (i >= 0) closeFrom(th, i, e.t, e.seq, `proxy ${e.method} answered`, { ok: e.ok });
        break;
      }
      case 'print': {
        const first = e.text.split('\n')[0] ?? '';
        const short = first.length > 60 ? `${first.slice(0, 59)}…` : first;
        instant(th, e.t, `${e.stream === 'stdout' ? 'print' : 'stderr'}: ${short}`, 'output', {
          stream: e.stream,
          text: e.text,
          seq: e.seq,
        });
        break;
      }
      case 'exception':
        instant(th, e.t, `${e.phase}: ${e.error}`, 'exception', {
          phase: e.phase,
          error: e.error,
          frames: e.frames,
          seq: e.seq,
        });
        break;
      case 'note':
        instant(th, e.t, 'note', 'note', { text: e.text, seq: e.seq });
        break;
      case 'verdict':
        instant(
          th,
          e.t,
          `verdict: ${e.verdict}`,
          'verdict',
          { verdict: e.verdict, result: e.result, seq: e.seq },
          'g',
        );
        break;
      // The rest draw nothing of their own.
      case 'handle.add':
      case 'handle.close':
      case 'kobj.free':
      case 'kobj.unlink':
      case 'memory.copy':
      case 'sem.timeout':
      case 'var.set':
        break;
    }
  }

  // Whatever is still open (a hung run, threads nobody joined) ends with the trace.
  const lastT = events.length > 0 ? events[events.length - 1]!.t : 0;
  const lastSeq = events.length > 0 ? events[events.length - 1]!.seq : -1;
  for (const th of [...threads.values()].sort((a, b) => a.tid - b.tid)) {
    if (th.stack.length > 0) {
      const reason = 'still running at the end of the trace';
      closeFrom(th, 0, lastT, lastSeq, reason, { unfinished: reason });
    }
  }

  // Track names and order.
  const meta: ChromeMetadataEvent[] = [];
  let processIndex = 0;
  for (const p of processes.values()) {
    meta.push(
      { name: 'process_name', ph: 'M', pid: p.pid, tid: p.mainTid, args: { name: p.name } },
      {
        name: 'process_sort_index',
        ph: 'M',
        pid: p.pid,
        tid: p.mainTid,
        args: { sort_index: processIndex++ },
      },
    );
    p.tids.forEach((tid, i) => {
      const th = threads.get(tid)!;
      meta.push(
        { name: 'thread_name', ph: 'M', pid: p.pid, tid, args: { name: th.name } },
        { name: 'thread_sort_index', ph: 'M', pid: p.pid, tid, args: { sort_index: i } },
      );
    });
  }
  out.sort((a, b) => a.ns - b.ns || a.order - b.order);

  const h = trace.header;
  return {
    traceEvents: [...meta, ...out.map((o) => o.event)],
    displayTimeUnit: 'ms',
    otherData: {
      exporter: 'mpviz',
      traceVersion: h.version,
      scenario: h.scenario,
      startMethod: h.startMethod,
      platform: h.platform,
      python: h.python,
      call: h.call,
      seed: h.seed,
      engine: h.engine,
      events: events.length,
      clock: CLOCK,
    },
  };
}
