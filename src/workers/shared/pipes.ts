/**
 * Pipes: one-directional byte ring buffers that carry whole messages.
 *
 * Record: PIPE_SLOTS Int32 words at `pipeOffset + id · 64` bytes, and a ring of
 * CAPACITY bytes at byte offset DATA, carved out of the pipe data heap:
 *
 * ```
 * word 0  STATE     STATE_READY once created
 * word 1  CAPACITY  ring size in bytes (immutable)
 * word 2  DATA      byte offset of the ring (immutable)
 * word 3  USED      bytes in the ring, headers included (writer adds, reader subtracts)
 * word 4  HEAD      ring position of the next byte to write (write-lock holder only)
 * word 5  TAIL      ring position of the next byte to read (read-lock holder only)
 * word 6  READY     messages whose header is in the ring, not yet claimed by a reader
 * word 7  READERS   open read ends
 * word 8  WRITERS   open write ends
 * word 9  PULSE     +1 and notify-all on every change of USED, READY, READERS, WRITERS
 * word 10 WLOCK     writers' mutex (sync.ts)
 * word 11 RLOCK     readers' mutex (sync.ts)
 * word 12 RESET     1: the first read to find EOF reports 'reset' instead (ECONNRESET)
 * ```
 *
 * Framing: each message is a 4-byte little-endian length, then the payload.
 * (This is the pipe's own framing, below the Connection framing of
 * syscalls.ts: a raw `pipe.send` is still one message here.)
 *
 * Ends: a new pipe has one read end and one write end (like pipe(2)). The
 * kernel calls `openEnd` for every extra holder (fork, dup, a handle passed
 * to a child) and `closeEnd` when a holder closes or dies. Once every end of
 * a kind is closed it cannot be reopened, so EOF and EPIPE are final.
 *
 * Writing (one whole message, atomically with respect to other writers):
 * 1. throw BrokenPipeError if READERS is 0;
 * 2. take WLOCK (sleeping on it; the timeout applies);
 * 3. wait on PULSE until the ring has room for the whole message, or is empty
 *    when the message is larger than the ring (the timeout applies; if it
 *    expires, nothing has been written and `write` returns false);
 * 4. copy the header and as much payload as fits, then add the byte count to
 *    USED and 1 to READY, bump PULSE: the message is now visible, all at once
 *    when it fits;
 * 5. a message larger than the ring is then streamed: wait on PULSE (without
 *    a timeout: the message is committed) until a quarter of the ring is free,
 *    copy, add to USED, bump PULSE, ring the doorbell; repeat;
 * 6. release WLOCK; ring the doorbell.
 * READERS dropping to 0 at any point makes the writer throw BrokenPipeError.
 *
 * Reading (one whole message, to exactly one reader):
 * 1. take RLOCK (the timeout applies);
 * 2. wait on PULSE until READY > 0 → go on; or WRITERS is 0 (and READY is
 *    still 0) → 'eof'; or the timeout → 'timeout'. WRITERS is read before
 *    READY, and writers publish before they close, so a message written
 *    before the last close is never mistaken for EOF; 'eof' is 'reset' once
 *    when RESET is set (`markReset`: the socket's other side closed with
 *    messages unread, and Linux reports ECONNRESET to this side's next read);
 * 3. subtract 1 from READY (the message is ours), copy the header and the
 *    payload out, subtract the bytes from USED, bump PULSE, ring the doorbell;
 *    for a streamed message keep copying whatever arrives (waiting on PULSE
 *    without a timeout) until the whole payload is read;
 * 4. release RLOCK.
 * Both sides hold their lock for the whole message, so the ring has at most
 * one producer and one consumer at a time, and PULSE has at most two sleepers
 * per pipe (the two lock holders); everyone else sleeps on a lock word.
 *
 * `poll` is lock-free (READY > 0 or EOF) and never blocks.
 */
import { ring } from './doorbell';
import { BrokenPipeError, KernelMemoryError, KernelMemoryFullError } from './errors';
import {
  H_PIPE_COUNT,
  H_PIPE_HEAP_USED,
  MIN_PIPE_CAPACITY,
  PIPE_CAPACITY,
  PIPE_DATA,
  PIPE_HEAD,
  PIPE_PULSE,
  PIPE_READERS,
  PIPE_READY,
  PIPE_RESET,
  PIPE_RLOCK,
  PIPE_SLOTS,
  PIPE_STATE,
  PIPE_TAIL,
  PIPE_USED,
  PIPE_WLOCK,
  PIPE_WRITERS,
  STATE_READY,
  align8,
  type Mem,
} from './layout';
import { deadlineOf, lockMutex, unlockMutex, waitWord } from './sync';

/** Which end of a pipe. */
export type PipeEnd = 'r' | 'w';

/** The largest message a pipe carries (its length header is a non-negative Int32). */
export const MAX_MESSAGE_BYTES = 0x7fffffff;

const HEADER_BYTES = 4;

/** How many pipes exist (ids 0 .. n-1). */
export function pipeCount(m: Mem): number {
  return Math.min(Atomics.load(m.i32, H_PIPE_COUNT), m.layout.maxPipes);
}

/** The Int32 index of a pipe's first word, after checking the id. */
function base(m: Mem, id: number): number {
  if (!Number.isInteger(id) || id < 0 || id >= pipeCount(m)) {
    throw new KernelMemoryError('EBADF', `no pipe ${id}`);
  }
  const b = m.layout.pipeOffset / 4 + id * PIPE_SLOTS;
  if (Atomics.load(m.i32, b + PIPE_STATE) !== STATE_READY) {
    throw new KernelMemoryError('EBADF', `pipe ${id} is not initialised`);
  }
  return b;
}

export function createPipe(m: Mem, capacity: number = m.layout.pipeCapacity): number {
  if (!Number.isInteger(capacity) || capacity < MIN_PIPE_CAPACITY || capacity > 0x7fffffff) {
    throw new RangeError(
      `pipe capacity must be an integer ≥ ${MIN_PIPE_CAPACITY}, got ${capacity}`,
    );
  }
  const i32 = m.i32;
  // The ring first, then the id: a failed ring allocation wastes no id.
  const bytes = align8(capacity);
  let used = Atomics.load(i32, H_PIPE_HEAP_USED);
  for (;;) {
    if (used + bytes > m.layout.pipeHeapBytes) {
      throw new KernelMemoryFullError(
        `no room for a ${capacity}-byte pipe (${m.layout.pipeHeapBytes - used} of ${m.layout.pipeHeapBytes} heap bytes left)`,
      );
    }
    const prev = Atomics.compareExchange(i32, H_PIPE_HEAP_USED, used, used + bytes);
    if (prev === used) break;
    used = prev;
  }
  const id = Atomics.add(i32, H_PIPE_COUNT, 1);
  if (id >= m.layout.maxPipes) {
    throw new KernelMemoryFullError(`all ${m.layout.maxPipes} pipes are in use`);
  }
  const b = m.layout.pipeOffset / 4 + id * PIPE_SLOTS;
  Atomics.store(i32, b + PIPE_CAPACITY, capacity);
  Atomics.store(i32, b + PIPE_DATA, m.layout.pipeHeapOffset + used);
  Atomics.store(i32, b + PIPE_USED, 0);
  Atomics.store(i32, b + PIPE_HEAD, 0);
  Atomics.store(i32, b + PIPE_TAIL, 0);
  Atomics.store(i32, b + PIPE_READY, 0);
  Atomics.store(i32, b + PIPE_READERS, 1);
  Atomics.store(i32, b + PIPE_WRITERS, 1);
  Atomics.store(i32, b + PIPE_PULSE, 0);
  Atomics.store(i32, b + PIPE_WLOCK, 0);
  Atomics.store(i32, b + PIPE_RLOCK, 0);
  Atomics.store(i32, b + PIPE_RESET, 0);
  Atomics.store(i32, b + PIPE_STATE, STATE_READY);
  return id;
}

/** Wakes the (at most two) threads sleeping on the pipe's PULSE. */
function bump(i32: Int32Array, b: number): void {
  Atomics.add(i32, b + PIPE_PULSE, 1);
  Atomics.notify(i32, b + PIPE_PULSE);
}

/** Copies `n` bytes of `src` from `from` into the ring at `head`; returns the new head. */
function copyIn(
  m: Mem,
  data: number,
  cap: number,
  head: number,
  src: Uint8Array,
  from: number,
  n: number,
): number {
  const first = Math.min(n, cap - head);
  m.u8.set(src.subarray(from, from + first), data + head);
  if (n > first) m.u8.set(src.subarray(from + first, from + n), data);
  return (head + n) % cap;
}

/** Copies `n` bytes from the ring at `tail` into `dst` at `to`; returns the new tail. */
function copyOut(
  m: Mem,
  data: number,
  cap: number,
  tail: number,
  dst: Uint8Array,
  to: number,
  n: number,
): number {
  const first = Math.min(n, cap - tail);
  dst.set(m.u8.subarray(data + tail, data + tail + first), to);
  if (n > first) dst.set(m.u8.subarray(data, data + n - first), to + first);
  return (tail + n) % cap;
}

export function pipeWrite(
  m: Mem,
  id: number,
  bytes: Uint8Array,
  timeoutMs?: number | null,
): boolean {
  const b = base(m, id);
  const i32 = m.i32;
  const n = bytes.length;
  if (n > MAX_MESSAGE_BYTES) throw new RangeError(`message of ${n} bytes is too large`);
  const cap = Atomics.load(i32, b + PIPE_CAPACITY);
  const data = Atomics.load(i32, b + PIPE_DATA);
  const deadline = deadlineOf(timeoutMs);
  if (Atomics.load(i32, b + PIPE_READERS) === 0) throw new BrokenPipeError(id);
  if (!lockMutex(i32, b + PIPE_WLOCK, deadline)) return false;
  let published = false;
  try {
    // Commit point: room for the whole message (or an empty ring for a large one).
    const need = Math.min(HEADER_BYTES + n, cap);
    let free: number;
    for (;;) {
      const seen = Atomics.load(i32, b + PIPE_PULSE);
      if (Atomics.load(i32, b + PIPE_READERS) === 0) throw new BrokenPipeError(id);
      free = cap - Atomics.load(i32, b + PIPE_USED);
      if (free >= need) break;
      if (!waitWord(i32, b + PIPE_PULSE, seen, deadline)) return false;
    }
    const header = new Uint8Array(HEADER_BYTES);
    new DataView(header.buffer).setUint32(0, n, true);
    const first = Math.min(n, free - HEADER_BYTES);
    let head = Atomics.load(i32, b + PIPE_HEAD);
    head = copyIn(m, data, cap, head, header, 0, HEADER_BYTES);
    head = copyIn(m, data, cap, head, bytes, 0, first);
    Atomics.store(i32, b + PIPE_HEAD, head);
    Atomics.add(i32, b + PIPE_USED, HEADER_BYTES + first);
    Atomics.add(i32, b + PIPE_READY, 1);
    published = true;
    bump(i32, b);
    // Stream the rest of a message larger than the ring while the reader drains it.
    const lowWater = Math.max(1, cap >> 2);
    let done = first;
    while (done < n) {
      const want = Math.min(n - done, lowWater);
      for (;;) {
        const seen = Atomics.load(i32, b + PIPE_PULSE);
        if (Atomics.load(i32, b + PIPE_READERS) === 0) throw new BrokenPipeError(id);
        free = cap - Atomics.load(i32, b + PIPE_USED);
        if (free >= want) break;
        waitWord(i32, b + PIPE_PULSE, seen, Infinity);
      }
      const k = Math.min(n - done, free);
      head = copyIn(m, data, cap, head, bytes, done, k);
      Atomics.store(i32, b + PIPE_HEAD, head);
      Atomics.add(i32, b + PIPE_USED, k);
      bump(i32, b);
      ring(i32);
      done += k;
    }
    return true;
  } finally {
    const contended = unlockMutex(i32, b + PIPE_WLOCK);
    if (published || contended) ring(i32);
  }
}

/** Thrown when every writer closed in the middle of a streamed message (a writer died). */
function truncated(id: number): KernelMemoryError {
  return new KernelMemoryError('EIO', `pipe ${id}: every write end closed in mid-message`);
}

export function pipeRead(
  m: Mem,
  id: number,
  timeoutMs?: number | null,
): Uint8Array | 'eof' | 'reset' | 'timeout' {
  const b = base(m, id);
  const i32 = m.i32;
  const cap = Atomics.load(i32, b + PIPE_CAPACITY);
  const data = Atomics.load(i32, b + PIPE_DATA);
  const deadline = deadlineOf(timeoutMs);
  if (!lockMutex(i32, b + PIPE_RLOCK, deadline)) return 'timeout';
  let consumed = false;
  try {
    for (;;) {
      const seen = Atomics.load(i32, b + PIPE_PULSE);
      const writers = Atomics.load(i32, b + PIPE_WRITERS);
      if (Atomics.load(i32, b + PIPE_READY) > 0) break;
      if (writers === 0) {
        // Exactly one reader takes the reset, the others (and later reads) see EOF.
        return Atomics.compareExchange(i32, b + PIPE_RESET, 1, 0) === 1 ? 'reset' : 'eof';
      }
      if (!waitWord(i32, b + PIPE_PULSE, seen, deadline)) return 'timeout';
    }
    Atomics.sub(i32, b + PIPE_READY, 1);
    consumed = true;
    const header = new Uint8Array(HEADER_BYTES);
    let tail = copyOut(m, data, cap, Atomics.load(i32, b + PIPE_TAIL), header, 0, HEADER_BYTES);
    const n = new DataView(header.buffer).getUint32(0, true);
    const out = new Uint8Array(n);
    // Bytes copied out but not yet given back to the writer (subtracted from USED).
    let pending = HEADER_BYTES;
    let got = 0;
    while (got < n) {
      const seen = Atomics.load(i32, b + PIPE_PULSE);
      const writers = Atomics.load(i32, b + PIPE_WRITERS);
      const avail = Atomics.load(i32, b + PIPE_USED) - pending;
      if (avail > 0) {
        const k = Math.min(avail, n - got);
        tail = copyOut(m, data, cap, tail, out, got, k);
        got += k;
        pending += k;
        continue;
      }
      // Nothing more yet: hand back the room so the writer can go on, then sleep.
      if (pending > 0) {
        Atomics.store(i32, b + PIPE_TAIL, tail);
        Atomics.sub(i32, b + PIPE_USED, pending);
        pending = 0;
        bump(i32, b);
        ring(i32);
        continue;
      }
      if (writers === 0) throw truncated(id);
      waitWord(i32, b + PIPE_PULSE, seen, Infinity);
    }
    Atomics.store(i32, b + PIPE_TAIL, tail);
    Atomics.sub(i32, b + PIPE_USED, pending);
    bump(i32, b);
    return out;
  } finally {
    const contended = unlockMutex(i32, b + PIPE_RLOCK);
    if (consumed || contended) ring(i32);
  }
}

/**
 * The socket side that writes into this pipe closed for good with messages
 * unread in its own receive pipe: the reader here gets 'reset' once (set
 * before that side's write end closes, so no reader sees EOF first).
 */
export function markReset(m: Mem, id: number): void {
  Atomics.store(m.i32, base(m, id) + PIPE_RESET, 1);
}

/** True when `read` would return without waiting for a writer: a message is ready, or EOF. */
export function pipePoll(m: Mem, id: number): boolean {
  const b = base(m, id);
  const writers = Atomics.load(m.i32, b + PIPE_WRITERS);
  return Atomics.load(m.i32, b + PIPE_READY) > 0 || writers === 0;
}

/** Bytes in the ring, 4-byte message headers included (compare with `pipeCapacity`). */
export function pipeBuffered(m: Mem, id: number): number {
  return Atomics.load(m.i32, base(m, id) + PIPE_USED);
}

/** Messages in the ring that no reader has started on. */
export function pipeMessages(m: Mem, id: number): number {
  return Atomics.load(m.i32, base(m, id) + PIPE_READY);
}

export function pipeCapacity(m: Mem, id: number): number {
  return Atomics.load(m.i32, base(m, id) + PIPE_CAPACITY);
}

/** Open ends of each kind. */
export function pipeEnds(m: Mem, id: number): { readers: number; writers: number } {
  const b = base(m, id);
  return {
    readers: Atomics.load(m.i32, b + PIPE_READERS),
    writers: Atomics.load(m.i32, b + PIPE_WRITERS),
  };
}

function endIndex(b: number, end: PipeEnd): number {
  if (end === 'r') return b + PIPE_READERS;
  if (end === 'w') return b + PIPE_WRITERS;
  throw new RangeError(`pipe end must be 'r' or 'w', got ${String(end)}`);
}

/** One more holder of an end. Throws EBADF if every end of that kind is already closed. */
export function openEnd(m: Mem, id: number, end: PipeEnd): void {
  const b = base(m, id);
  const index = endIndex(b, end);
  let count = Atomics.load(m.i32, index);
  for (;;) {
    if (count <= 0) {
      throw new KernelMemoryError('EBADF', `pipe ${id}: every '${end}' end is closed already`);
    }
    const prev = Atomics.compareExchange(m.i32, index, count, count + 1);
    if (prev === count) return;
    count = prev;
  }
}

/**
 * One holder fewer. The last write end closing wakes readers with 'eof'; the
 * last read end closing makes writers throw BrokenPipeError.
 */
export function closeEnd(m: Mem, id: number, end: PipeEnd): void {
  const b = base(m, id);
  const index = endIndex(b, end);
  let count = Atomics.load(m.i32, index);
  for (;;) {
    if (count <= 0) {
      throw new KernelMemoryError('EBADF', `pipe ${id}: no open '${end}' end to close`);
    }
    const prev = Atomics.compareExchange(m.i32, index, count, count - 1);
    if (prev === count) break;
    count = prev;
  }
  bump(m.i32, b);
  ring(m.i32);
}
