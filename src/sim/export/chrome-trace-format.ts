/**
 * The Chrome Trace Event format (the JSON Object Format that ui.perfetto.dev
 * and chrome://tracing open): the parts the mpviz export uses.
 */
import type { TraceHeader } from '../trace';

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
