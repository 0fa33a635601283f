/**
 * Event-for-event comparison of two traces: the model's (on screen) and the
 * lockstep workers' (its confirmation). Two events are the same when their
 * JSON is the same, which is what the end-to-end tests compare too.
 */
import type { Trace, TraceEvent } from '../sim/trace';

export interface TraceDifference {
  /** The first step that differs: step N shows event N-1 (see docs/trace.md). */
  readonly step: number;
  /** The model's event at that step; null if the model's trace ended before it. */
  readonly model: TraceEvent | null;
  /** The workers' event at that step; null if the workers' trace ended before it. */
  readonly workers: TraceEvent | null;
}

export interface TraceComparison {
  /** The number of events compared: the longer trace's length. */
  readonly events: number;
  /** Absent when every event is identical. */
  readonly firstDifference?: TraceDifference;
}

export function compareTraces(model: Trace, workers: Trace): TraceComparison {
  const a = model.events;
  const b = workers.events;
  const events = Math.max(a.length, b.length);
  for (let i = 0; i < events; i++) {
    const m = a[i];
    const w = b[i];
    if (m === undefined || w === undefined || JSON.stringify(m) !== JSON.stringify(w)) {
      return { events, firstDifference: { step: i + 1, model: m ?? null, workers: w ?? null } };
    }
  }
  return { events };
}
