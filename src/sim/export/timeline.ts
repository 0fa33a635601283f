/**
 * The export's timeline: a track per process and per thread, the slices open
 * on each thread's track, and the clock that gives every boundary, instant and
 * flow point its own tick (see the top of chrome-trace.ts).
 *
 * `Timeline` knows the Chrome format and nothing of what trace events mean:
 * export-events.ts says which event opens, closes or marks what.
 */
import type { TraceEvent } from '../trace';
import type { ChromeMetadataEvent, ChromeTraceArgs, ChromeTraceEvent } from './chrome-trace-format';
import type { FlowPlan } from './flows';

/** Nanoseconds between two consecutive things the export places on the timeline. */
export const TICK_NS = 1;

export type OpenKind = 'process' | 'thread' | 'call' | 'pickle' | 'wait' | 'sleep' | 'proxy';

interface OpenSlice {
  readonly kind: OpenKind;
  /** For matching the end: the function, what is pickled, the proxy method. */
  readonly key: string;
  name: string;
  readonly cat: string;
  readonly startNs: number;
  readonly args: ChromeTraceArgs;
}

/** A thread's track: its names so far and the slices open on it, outermost first. */
export interface ThreadTrack {
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

const us = (ns: number): number => ns / 1000;

export class Timeline {
  private readonly flows: FlowPlan;
  private readonly processes = new Map<number, ProcessTrack>();
  private readonly threads = new Map<number, ThreadTrack>();
  private readonly out: { ns: number; order: number; event: ChromeTraceEvent }[] = [];
  private order = 0;
  private cursor = -Infinity;

  constructor(flows: FlowPlan) {
    this.flows = flows;
  }

  /** The next tick at or after virtual time `t`. */
  private tick(t: number): number {
    this.cursor = Math.max(this.cursor + TICK_NS, Math.round(t * 1000));
    return this.cursor;
  }

  private emit(ns: number, event: ChromeTraceEvent): void {
    this.out.push({ ns, order: this.order++, event });
  }

  // ── tracks ───────────────────────────────────────────────────────────────

  processOf(pid: number, tid: number, name: string): ProcessTrack {
    let p = this.processes.get(pid);
    if (!p) {
      p = { pid, name, names: [name], mainTid: tid, tids: [] };
      this.processes.set(pid, p);
    }
    return p;
  }

  threadOf(pid: number, tid: number, name: string): ThreadTrack {
    let th = this.threads.get(tid);
    if (!th) {
      th = { pid, tid, name, names: [name], stack: [] };
      this.threads.set(tid, th);
      this.processOf(pid, tid, String(pid)).tids.push(tid);
    }
    return th;
  }

  /** The process's thread tracks, the last started first (its main thread when it has none). */
  threadsOfProcess(pid: number, tid: number): ThreadTrack[] {
    const p = this.processes.get(pid);
    const tids = p ? [...p.tids].reverse() : [tid];
    return tids.flatMap((t) => this.threads.get(t) ?? []);
  }

  rename(track: { name: string; names: string[] }, name: string): void {
    if (track.name === name) return;
    track.name = name;
    if (!track.names.includes(name)) track.names.push(name);
  }

  // ── slices ───────────────────────────────────────────────────────────────

  open(
    th: ThreadTrack,
    t: number,
    kind: OpenKind,
    key: string,
    name: string,
    cat: string,
    args: ChromeTraceArgs,
  ): OpenSlice {
    const slice: OpenSlice = { kind, key, name, cat, startNs: this.tick(t), args };
    th.stack.push(slice);
    return slice;
  }

  /**
   * Closes `th.stack[index]` and everything above it, the innermost first.
   * The slices above it did not end by their own event: they get `unfinished: reason`.
   */
  closeFrom(
    th: ThreadTrack,
    index: number,
    t: number,
    endSeq: number,
    reason: string,
    ownArgs: ChromeTraceArgs = {},
  ): void {
    while (th.stack.length > index) {
      const slice = th.stack.pop()!;
      const endNs = this.tick(t);
      Object.assign(slice.args, th.stack.length === index ? ownArgs : { unfinished: reason });
      slice.args['endSeq'] = endSeq;
      if (slice.kind === 'process' || slice.kind === 'thread') {
        const track = slice.kind === 'process' ? this.processes.get(th.pid) : th;
        if (track) {
          slice.name = track.name;
          if (track.names.length > 1) slice.args['names'] = [...track.names];
        }
      }
      this.emit(slice.startNs, {
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
  }

  /** The index of the innermost open slice of `kind` (and `key`, if given), or -1. */
  topmost(th: ThreadTrack, kind: OpenKind, key?: string): number {
    for (let i = th.stack.length - 1; i >= 0; i--) {
      const s = th.stack[i]!;
      if (s.kind === kind && (key === undefined || s.key === key)) return i;
    }
    return -1;
  }

  instant(
    th: ThreadTrack,
    t: number,
    name: string,
    cat: string,
    args: ChromeTraceArgs,
    scope: 'g' | 'p' | 't' = 't',
  ): void {
    const ns = this.tick(t);
    this.emit(ns, { name, cat, ph: 'i', s: scope, pid: th.pid, tid: th.tid, ts: us(ns), args });
  }

  /** Whether the event carries flow points. */
  hasFlows(seq: number): boolean {
    return this.flows.has(seq);
  }

  /** A short slice that carries the event's flow points (a slice must enclose each of them). */
  anchor(th: ThreadTrack, e: TraceEvent, name: string, cat: string, args: ChromeTraceArgs): void {
    const startNs = this.tick(e.t);
    for (const p of this.flows.get(e.seq) ?? []) {
      const ns = this.tick(e.t);
      this.emit(ns, {
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
    const endNs = this.tick(e.t);
    this.emit(startNs, {
      name,
      cat,
      ph: 'X',
      pid: th.pid,
      tid: th.tid,
      ts: us(startNs),
      dur: us(endNs - startNs),
      args: { ...args, seq: e.seq },
    });
  }

  // ── the end ──────────────────────────────────────────────────────────────

  /** Whatever is still open (a hung run, threads nobody joined) ends with the trace. */
  closeAll(lastT: number, lastSeq: number): void {
    for (const th of [...this.threads.values()].sort((a, b) => a.tid - b.tid)) {
      if (th.stack.length > 0) {
        const reason = 'still running at the end of the trace';
        this.closeFrom(th, 0, lastT, lastSeq, reason, { unfinished: reason });
      }
    }
  }

  /** Track names and order (`M` events), then everything placed, in time order. */
  traceEvents(): ChromeTraceEvent[] {
    const meta: ChromeMetadataEvent[] = [];
    let processIndex = 0;
    for (const p of this.processes.values()) {
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
        const th = this.threads.get(tid)!;
        meta.push(
          { name: 'thread_name', ph: 'M', pid: p.pid, tid, args: { name: th.name } },
          { name: 'thread_sort_index', ph: 'M', pid: p.pid, tid, args: { sort_index: i } },
        );
      });
    }
    this.out.sort((a, b) => a.ns - b.ns || a.order - b.order);
    return [...meta, ...this.out.map((o) => o.event)];
  }
}
