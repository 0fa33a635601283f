/**
 * Traces built for tests and benchmarks.
 */
import { runScenario } from './run';
import type { Trace, TraceEvent } from './trace';

/** Distinct runs a long trace is made of; later rounds repeat them with new pids, tids and objects. */
const LONG_TRACE_SEEDS = 8;

/**
 * A long trace: runs one after another, renumbered so that every round has
 * processes, threads and objects of its own. Rounds cycle through the runs of
 * LONG_TRACE_SEEDS seeds (each made once): the model's time went into making
 * 190 runs, not into what a fold or a seek of them does.
 */
export function longTrace(minEvents: number): Trace {
  const events: TraceEvent[] = [];
  const made: Trace[] = [];
  let seed = 1;
  let header: Trace['header'] | null = null;
  while (events.length < minEvents) {
    const slot = (seed - 1) % LONG_TRACE_SEEDS;
    const r = { trace: (made[slot] ??= runScenario({ scenario: 2, seed: slot + 1 }).trace) };
    seed++;
    header ??= r.trace.header;
    const offsetPid = seed * 100_000;
    const offsetTid = seed * 10_000;
    const offsetObj = seed * 10_000;
    for (const e of r.trace.events) {
      const moved = {
        ...e,
        seq: events.length,
        pid: e.pid + offsetPid,
        tid: e.tid + offsetTid,
      } as Record<string, unknown>;
      for (const key of ['obj', 'newTid', 'from', 'ppid', 'wakes', 'fromPid']) {
        const v = moved[key];
        if (typeof v !== 'number') continue;
        moved[key] =
          key === 'obj'
            ? v + offsetObj
            : key === 'newTid' || key === 'wakes'
              ? v + offsetTid
              : v + offsetPid;
      }
      events.push(moved as unknown as TraceEvent);
    }
  }
  return { header: header!, events };
}
