/**
 * The traceback panel's view, as a pure function of `(trace, step)`: the last
 * exception event up to the step (what `SimState.exception` holds), its
 * frames as CPython prints them, and which thread each frame ran in.
 *
 * The trace says which thread raised and which re-raised, not which frame
 * ran where, so it is derived: a `raised` event's frames are all the raising
 * thread's; when a traceback printed (or re-raised) in one thread ends with
 * the frames of an earlier `raised` event in another thread of the same
 * process (Pool.map's `raise self._value`), those frames ran there and the
 * ones in front of them in the thread that re-raised.
 *
 * Text: once printed, the lines are the ones the trace's `print` events
 * carry (exactly what the model printed to stderr); before that, each frame
 * is formatted with the model's own `formatTraceback`, so the two agree.
 */
import { STDLIB_DIR, SCRIPT_FILE, stdlibLine } from '../../src/sim/cpython';
import { PyException, formatTraceback, type Frame } from '../../src/sim/python';
import type { Trace, TraceEvent } from '../../src/sim/trace';
import { lanesFor, nameAt } from './lanes';

type ExceptionEvent = Extract<TraceEvent, { kind: 'exception' }>;

export type TracebackPhase = ExceptionEvent['phase'];

export interface TracebackFrame {
  /** `file.py:function`, as the trace names it. */
  readonly name: string;
  /** `  File "…", line N, in function` and the lines printed under it. */
  readonly lines: readonly string[];
}

export interface ThreadRef {
  readonly pid: number;
  readonly tid: number;
  readonly process: string;
  readonly thread: string;
}

/** Consecutive frames that ran in one thread. */
export interface FrameGroup extends ThreadRef {
  readonly frames: readonly TracebackFrame[];
}

export interface TracebackView {
  readonly phase: TracebackPhase;
  /**
   * True at the step of a refused pickle: `__getstate__` is raising the
   * exception right now, in the thread that pickled (the trace records the
   * `raised` event one step later, once multiprocessing has caught it).
   */
  readonly raising: boolean;
  /** The step the exception event made. */
  readonly step: number;
  readonly error: string;
  /** The lines after `error`: the exception's notes (3.14's pickler says where it was). */
  readonly notes: readonly string[];
  /** Where the event happened: the thread that raised, stored, re-raised or printed it. */
  readonly at: ThreadRef;
  /** Where it was first raised. */
  readonly raisedIn: ThreadRef;
  /** Lines before the frames: `Traceback (most recent call last):`, after `Process …:` for a child. */
  readonly head: readonly string[];
  /** Outermost first; more than one when the frames ran in more than one thread. */
  readonly groups: readonly FrameGroup[];
}

const HEAD = 'Traceback (most recent call last):';
const FILE_LINE = /^ {2}File "/;

const exceptionIndexes = new WeakMap<Trace, Int32Array>();

/** Positions of the trace's exception events, ascending; once per trace. */
function exceptionsOf(trace: Trace): Int32Array {
  let found = exceptionIndexes.get(trace);
  if (!found) {
    const list: number[] = [];
    trace.events.forEach((e, i) => {
      if (e.kind === 'exception') list.push(i);
    });
    found = Int32Array.from(list);
    exceptionIndexes.set(trace, found);
  }
  return found;
}

/** The position in `indexes` of the last exception event before `step` (i.e. index < step), or -1. */
function lastBefore(indexes: Int32Array, step: number): number {
  let lo = 0;
  let hi = indexes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (indexes[mid]! < step) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function threadRef(trace: Trace, e: TraceEvent, step: number): ThreadRef {
  const lane = lanesFor(trace).lanes.find((l) => l.pid === e.pid);
  return {
    pid: e.pid,
    tid: e.tid,
    process: lane ? nameAt(lane.processNames, step) : `pid ${e.pid}`,
    thread: e.thread,
  };
}

/** One frame's lines, formatted as CPython `version` prints it. */
export function formatFrame(name: string, version: string): string[] {
  const colon = name.lastIndexOf(':');
  const file = name.slice(0, colon);
  const func = name.slice(colon + 1);
  const known =
    file === SCRIPT_FILE
      ? null
      : stdlibLine(version as Parameters<typeof stdlibLine>[0], file, func);
  if (known === null) {
    // Not tabulated (a script frame before it was printed): no line to show.
    const path = file === SCRIPT_FILE ? file : `${STDLIB_DIR}${file}`;
    return [`  File "${path}", in ${func}`];
  }
  const frame: Frame = {
    file,
    dir: STDLIB_DIR,
    func,
    line: known.line,
    text: known.text,
    ...(known.expr !== undefined ? { expr: known.expr } : {}),
    ...(known.more !== undefined ? { more: known.more } : {}),
    pid: 0,
    thread: '',
  };
  return formatTraceback(new PyException('', '', [frame]), version).slice(1, -1);
}

/**
 * What the printing thread wrote to stderr for the `printed` event at
 * `index`: its head, one block per frame, and the error line; null if the
 * printed lines do not match the event's frames.
 */
function printedLines(trace: Trace, index: number): { head: string[]; blocks: string[][] } | null {
  const e = trace.events[index] as ExceptionEvent;
  const lines: string[] = [];
  // Events to look through: each printed line with what other threads do meanwhile,
  // for the frames, the head and a cause's lines (a RemoteTraceback runs to ~20).
  const limit = Math.min(trace.events.length, index + 1 + 8 * (e.frames.length + 24));
  // Inside a RemoteTraceback's """…""" the worker's error line comes too: not the end.
  let quoted = false;
  for (let i = index + 1; i < limit; i++) {
    const p = trace.events[i]!;
    if (p.kind !== 'print' || p.stream !== 'stderr' || p.pid !== e.pid || p.tid !== e.tid) continue;
    if (p.text === '"""') quoted = !quoted;
    if (p.text === e.error && !quoted) break;
    lines.push(p.text);
  }
  return splitLines(lines, e.frames.length);
}

/**
 * A traceback's lines (the error line left out) as its head and one block per
 * frame; null unless there are `frames` blocks. The head runs to the last
 * `Traceback (most recent call last):`: before it, a cause (a Pool worker's
 * RemoteTraceback, whose own `File` lines are its message) and "The above
 * exception was the direct cause…".
 */
function splitLines(
  lines: readonly string[],
  frames: number,
): { head: string[]; blocks: string[][] } | null {
  const start = lines.lastIndexOf(HEAD);
  if (start < 0) return null;
  const head = lines.slice(0, start + 1);
  const blocks: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (FILE_LINE.test(line)) blocks.push([line]);
    else if (blocks.length > 0) blocks[blocks.length - 1]!.push(line);
    else return null;
  }
  return blocks.length === frames ? { head, blocks } : null;
}

/** A formatted traceback's lines without its last, the error line (and any notes after it). */
function withoutError(lines: readonly string[], error: string): readonly string[] {
  const at = lines.lastIndexOf(error.split('\n')[0]!);
  return at >= 0 ? lines.slice(0, at) : lines;
}

/** The latest `raised` event before `index` with the same error whose frames end `frames`. */
function originOf(
  trace: Trace,
  indexes: Int32Array,
  pos: number,
  e: ExceptionEvent,
): ExceptionEvent | null {
  for (let k = pos - 1; k >= 0; k--) {
    const r = trace.events[indexes[k]!] as ExceptionEvent;
    if (r.phase !== 'raised' || r.error !== e.error || r.pid !== e.pid) continue;
    const n = r.frames.length;
    if (n === 0 || n > e.frames.length) continue;
    const offset = e.frames.length - n;
    if (r.frames.every((f, j) => f === e.frames[offset + j])) return r;
  }
  return null;
}

/** The latest `reraised` event between `origin` and `pos` with the same error. */
function reraiseOf(
  trace: Trace,
  indexes: Int32Array,
  pos: number,
  origin: ExceptionEvent,
): ExceptionEvent | null {
  for (let k = pos - 1; k >= 0 && indexes[k]! > origin.seq; k--) {
    const r = trace.events[indexes[k]!] as ExceptionEvent;
    if (r.phase === 'reraised' && r.error === origin.error && r.pid === origin.pid) return r;
  }
  return null;
}

/**
 * The `raised` event that a refused pickle at `index` becomes: the next
 * exception event of the same thread, if it is that raise (same error).
 */
function raiseOfRefusal(trace: Trace, indexes: Int32Array, index: number): number | null {
  const e = trace.events[index];
  if (!e || e.kind !== 'pickle.refused') return null;
  const pos = lastBefore(indexes, index + 1) + 1;
  for (let k = pos; k < indexes.length; k++) {
    const r = trace.events[indexes[k]!] as ExceptionEvent;
    if (r.pid !== e.pid || r.tid !== e.tid) continue;
    return r.phase === 'raised' && r.error === e.error ? indexes[k]! : null;
  }
  return null;
}

/**
 * The traceback as of `step` (the last exception event before it), or null
 * if none yet. At the step of a refused pickle it is the exception being
 * raised there (`raising`), so the panel and the narration agree.
 */
export function tracebackAt(trace: Trace, step: number): TracebackView | null {
  const indexes = exceptionsOf(trace);
  const refusedRaise = raiseOfRefusal(trace, indexes, Math.floor(step) - 1);
  if (refusedRaise !== null) {
    const view = exceptionView(trace, indexes, refusedRaise + 1);
    return view && { ...view, raising: true };
  }
  return exceptionView(trace, indexes, step);
}

function exceptionView(trace: Trace, indexes: Int32Array, step: number): TracebackView | null {
  const pos = lastBefore(indexes, Math.floor(step));
  if (pos < 0) return null;
  const index = indexes[pos]!;
  const e = trace.events[index] as ExceptionEvent;
  const version = trace.header.python;
  const at = threadRef(trace, e, index + 1);

  // Which frames ran in which thread: [frames, thread] from the outermost.
  let frames: string[] = [...e.frames];
  let split: { before: ThreadRef; after: ThreadRef; at: number } | null = null;
  let raisedIn = at;
  if (e.phase === 'reraised' || e.phase === 'printed') {
    const origin = originOf(trace, indexes, pos, e);
    if (origin) {
      raisedIn = threadRef(trace, origin, index + 1);
      if (e.phase === 'reraised' && e.fn !== null && e.fn !== e.frames[0]) {
        // `raise self._value`: the re-raising frame goes in front of the stored ones.
        frames = [e.fn, ...e.frames];
      }
      if (origin.tid !== e.tid) {
        const reraise = e.phase === 'printed' ? reraiseOf(trace, indexes, pos, origin) : null;
        split = {
          before: reraise ? threadRef(trace, reraise, index + 1) : at,
          after: raisedIn,
          at: frames.length - origin.frames.length,
        };
      }
    }
  }

  let head = [HEAD];
  let blocks = frames.map((name) => formatFrame(name, version));
  // The lines as printed, or as the raising thread formatted them (a Pool worker's).
  const known =
    e.phase === 'printed'
      ? printedLines(trace, index)
      : e.lines !== undefined && frames.length === e.frames.length
        ? splitLines(withoutError(e.lines, e.error), frames.length)
        : null;
  if (known) {
    head = known.head;
    blocks = known.blocks;
  }
  const all = frames.map((name, i): TracebackFrame => ({ name, lines: blocks[i]! }));
  const groups: FrameGroup[] = split
    ? [
        { ...split.before, frames: all.slice(0, split.at) },
        { ...split.after, frames: all.slice(split.at) },
      ].filter((g) => g.frames.length > 0)
    : [{ ...at, frames: all }];
  return {
    phase: e.phase,
    raising: false,
    step: index + 1,
    error: e.error,
    notes: e.notes ?? [],
    at,
    raisedIn,
    head,
    groups,
  };
}
