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
 *   read (the FIFO of messages per kernel object that fold.ts keeps),
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
 *
 * The parts: chrome-trace-format.ts (the format's types), flows.ts (which
 * events carry which flow points, planned first), timeline.ts (tracks, open
 * slices and the clock) and export-events.ts (what each event kind becomes).
 */
import type { Trace, TraceHeader } from '../trace';
import type { ChromeTrace } from './chrome-trace-format';
import { exportEvent } from './export-events';
import { planFlows } from './flows';
import { TICK_NS, Timeline } from './timeline';

export type {
  ChromeCompleteEvent,
  ChromeFlowEvent,
  ChromeInstantEvent,
  ChromeMetadataEvent,
  ChromeTrace,
  ChromeTraceArgs,
  ChromeTraceEvent,
  ChromeTraceOtherData,
  JsonValue,
} from './chrome-trace-format';
export { TICK_NS } from './timeline';

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

const CLOCK =
  `ts = max(t × 1000 ns, previous tick + ${TICK_NS} ns) in µs: one tick per boundary, ` +
  'instant or flow point, so events that share a virtual time keep their trace order';

/** An mpviz trace as a Chrome Trace Event JSON object (see the top of this file). */
export function toChromeTrace(trace: Trace): ChromeTrace {
  const events = trace.events;
  const timeline = new Timeline(planFlows(events));
  const labels = new Map<number, string>();
  for (const e of events) exportEvent(timeline, labels, e);

  const last = events[events.length - 1];
  timeline.closeAll(last?.t ?? 0, last?.seq ?? -1);

  const h = trace.header;
  return {
    traceEvents: timeline.traceEvents(),
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
