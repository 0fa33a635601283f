/**
 * Traces built for tests and benchmarks.
 */
import { runScenario } from './run';
import type { Trace, TraceEvent } from './trace';

/** A long trace: the runs of several seeds one after another, renumbered. */
export function longTrace(minEvents: number): Trace {
  const events: TraceEvent[] = [];
  let seed = 1;
  let header: Trace['header'] | null = null;
  while (events.length < minEvents) {
    const r = runScenario({ scenario: 2, seed: seed++ });
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
