/**
 * The event log: an append-only, multi-writer list of JSON records, each
 * stamped with a global sequence number.
 *
 * Layout: an index of `maxEvents` records (LOG_SLOTS Int32 words each, record
 * `seq` at `logIndexOffset + seq · 16` bytes) and a data area of `logBytes`
 * bytes of UTF-8 text:
 *
 * ```
 * word 0 STATE   0 while being written; LOG_COMMITTED when complete; LOG_FAILED if it did not fit
 * word 1 OFFSET  byte offset of the text
 * word 2 LENGTH  byte length of the text
 * ```
 *
 * Appending (no locks, never blocks):
 * 1. `seq = Atomics.add(H_LOG_SEQ, 1)`: the record's place in the global order
 *    (seq ≥ maxEvents → LogFullError);
 * 2. reserve LENGTH bytes of the data area by compare-exchange on
 *    H_LOG_DATA_USED (never past logBytes: if it does not fit, mark the record
 *    LOG_FAILED and throw LogFullError);
 * 3. copy the bytes, store OFFSET and LENGTH, then store STATE = LOG_COMMITTED
 *    last: a reader that sees COMMITTED sees the whole text.
 *
 * Reading returns the records from `fromSeq` on, in seq order, up to (not
 * including) the first one still being written, so that a reader that polls
 * with `fromSeq = last seq + 1` never skips a record. FAILED records are
 * skipped. Nobody waits on the log: readers poll (the UI once per frame).
 * Records are never removed; a full log stays full.
 *
 * Data areas are not in seq order (two appenders may reserve bytes in the
 * opposite order to their seqs); only the index is.
 */
import { LogFullError } from './errors';
import {
  H_LOG_DATA_USED,
  H_LOG_SEQ,
  LOG_COMMITTED,
  LOG_FAILED,
  LOG_LENGTH,
  LOG_OFFSET,
  LOG_SLOTS,
  LOG_STATE,
  type Mem,
} from './layout';

/** One record of the event log. */
export interface LogRecord {
  readonly seq: number;
  readonly json: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Sequence numbers handed out so far (including records still being written). */
export function eventCount(m: Mem): number {
  return Math.min(Atomics.load(m.i32, H_LOG_SEQ), m.layout.maxEvents);
}

export function appendEvent(m: Mem, json: string): number {
  const i32 = m.i32;
  const { maxEvents, logBytes, logIndexOffset, logDataOffset } = m.layout;
  // Encode first (the slow part), so that a record spends as little time as possible
  // between taking its seq and being committed.
  const bytes = encoder.encode(json);
  const seq = Atomics.add(i32, H_LOG_SEQ, 1);
  if (seq >= maxEvents || seq < 0) {
    throw new LogFullError(`all ${maxEvents} records are used`);
  }
  const rec = logIndexOffset / 4 + seq * LOG_SLOTS;
  let used = Atomics.load(i32, H_LOG_DATA_USED);
  for (;;) {
    if (used + bytes.length > logBytes) {
      Atomics.store(i32, rec + LOG_STATE, LOG_FAILED);
      throw new LogFullError(
        `a ${bytes.length}-byte record does not fit (${logBytes - used} of ${logBytes} bytes left)`,
      );
    }
    const prev = Atomics.compareExchange(i32, H_LOG_DATA_USED, used, used + bytes.length);
    if (prev === used) break;
    used = prev;
  }
  m.u8.set(bytes, logDataOffset + used);
  Atomics.store(i32, rec + LOG_OFFSET, logDataOffset + used);
  Atomics.store(i32, rec + LOG_LENGTH, bytes.length);
  Atomics.store(i32, rec + LOG_STATE, LOG_COMMITTED);
  return seq;
}

export function readEvents(m: Mem, fromSeq = 0): LogRecord[] {
  const i32 = m.i32;
  const end = eventCount(m);
  const out: LogRecord[] = [];
  for (let seq = Math.max(0, fromSeq); seq < end; seq++) {
    const rec = m.layout.logIndexOffset / 4 + seq * LOG_SLOTS;
    const state = Atomics.load(i32, rec + LOG_STATE);
    if (state === LOG_FAILED) continue;
    if (state !== LOG_COMMITTED) break;
    const offset = Atomics.load(i32, rec + LOG_OFFSET);
    const length = Atomics.load(i32, rec + LOG_LENGTH);
    // slice() copies into an ordinary ArrayBuffer: browsers' TextDecoder refuses shared views.
    out.push({ seq, json: decoder.decode(m.u8.slice(offset, offset + length)) });
  }
  return out;
}
