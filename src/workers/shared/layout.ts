/**
 * The memory layout of the kernel's SharedArrayBuffer.
 *
 * One SharedArrayBuffer holds every kernel object of a run: semaphores, pipes,
 * the doorbell and the event log. The main thread creates it
 * (`KernelMemory.create`) and sends it to every worker, which re-attaches with
 * `KernelMemory.attach(sab)`: the sizes and offsets below are written into a
 * header at the start of the buffer, so the buffer alone is enough.
 *
 * Every offset is a byte offset that is a multiple of 8 (so Int32-aligned, and
 * ready for Float64/BigInt64 views should they ever be needed). All words are
 * read and written through ONE `Int32Array` over the whole buffer, always with
 * `Atomics.*` (the only plain accesses are the bytes of pipe and log data, which
 * are published by an atomic write that follows them).
 *
 * ```
 * byte 0     header            HEADER_SLOTS Int32 words (see H_* below)
 *            semaphores        maxSemaphores × SEM_SLOTS words     (sem id i at semOffset + i·SEM_BYTES)
 *            pipes             maxPipes × PIPE_SLOTS words         (pipe id i at pipeOffset + i·PIPE_BYTES)
 *            pipe data heap    pipeHeapBytes bytes, carved into ring buffers by createPipe
 *            log index         maxEvents × LOG_SLOTS words         (record seq s at logIndexOffset + s·LOG_BYTES)
 *            log data          logBytes bytes of UTF-8, carved by appendEvent
 * ```
 *
 * Header words 0..15 are fixed at creation (the layout); words 16.. are the
 * shared, mutable counters: object-id allocators, heap cursors, the doorbell
 * and the log's sequence counter. Ids are allocated with `Atomics.add` on a
 * counter, so the counter may run past the maximum after a failed allocation:
 * readers clamp it (`Math.min(counter, max)`).
 *
 * Each object record starts with a STATE word that is 0 until the creating
 * thread has filled the record in, then `READY` (stored last, atomically). An
 * id is only ever valid once its record is READY; ids reach other threads by
 * postMessage, which happens after, so in practice every id a thread holds is
 * ready. The record layouts and their protocols are documented in
 * `semaphores.ts`, `pipes.ts`, `doorbell.ts` and `event-log.ts`.
 */

/** 'mpvz' in ASCII: identifies a kernel-memory buffer. */
export const MAGIC = 0x6d70767a;
/** Bump when any offset or record layout in this folder changes. */
export const LAYOUT_VERSION = 1;

// Header: fixed layout words (written once by create, read by attach).
export const H_MAGIC = 0;
export const H_VERSION = 1;
export const H_BYTE_LENGTH = 2;
export const H_MAX_SEMAPHORES = 3;
export const H_SEM_OFFSET = 4;
export const H_MAX_PIPES = 5;
export const H_PIPE_OFFSET = 6;
export const H_PIPE_CAPACITY = 7;
export const H_PIPE_HEAP_OFFSET = 8;
export const H_PIPE_HEAP_BYTES = 9;
export const H_MAX_EVENTS = 10;
export const H_LOG_INDEX_OFFSET = 11;
export const H_LOG_DATA_OFFSET = 12;
export const H_LOG_BYTES = 13;
// Header: shared mutable words.
/** Next semaphore id (Atomics.add). */
export const H_SEM_COUNT = 16;
/** Next pipe id (Atomics.add). */
export const H_PIPE_COUNT = 17;
/** Bytes of the pipe data heap handed out (compare-exchange, never past pipeHeapBytes). */
export const H_PIPE_HEAP_USED = 18;
/** The doorbell: incremented (and notified) on every state change; see doorbell.ts. */
export const H_DOORBELL = 19;
/** Next event-log sequence number (Atomics.add). */
export const H_LOG_SEQ = 20;
/** Bytes of log data handed out (compare-exchange, never past logBytes). */
export const H_LOG_DATA_USED = 21;
/** Threads sleeping on the doorbell right now: a ring with none skips `Atomics.notify`. */
export const H_DOORBELL_SLEEPERS = 22;
export const HEADER_SLOTS = 32;

/** Record state: the creating thread has not finished (or never will: failed allocation). */
export const STATE_EMPTY = 0;
/** Record state: initialised and usable. */
export const STATE_READY = 1;

// Semaphore record (Int32 words relative to the record's first word).
/** The count: what `Atomics.wait` sleeps on while it is 0. */
export const SEM_COUNT = 0;
/** The maximum count (release throws past it); immutable after creation. */
export const SEM_MAX = 1;
/** Threads currently parked in `acquire` (a gauge for the UI; no one waits on it). */
export const SEM_WAITERS = 2;
export const SEM_STATE = 3;
export const SEM_SLOTS = 4;

// Pipe record.
export const PIPE_STATE = 0;
/** Ring size in bytes; immutable after creation. */
export const PIPE_CAPACITY = 1;
/** Byte offset of the ring in the buffer; immutable after creation. */
export const PIPE_DATA = 2;
/** Bytes in the ring (headers included): writers add, readers subtract. */
export const PIPE_USED = 3;
/** Ring position of the next byte to write; touched only by the write-lock holder. */
export const PIPE_HEAD = 4;
/** Ring position of the next byte to read; touched only by the read-lock holder. */
export const PIPE_TAIL = 5;
/** Messages whose header is in the ring and that no reader has claimed yet. */
export const PIPE_READY = 6;
/** Open read ends. */
export const PIPE_READERS = 7;
/** Open write ends. */
export const PIPE_WRITERS = 8;
/** Incremented and notified on every change to USED, READY, READERS or WRITERS. */
export const PIPE_PULSE = 9;
/** Writers' mutex (0 free, 1 held, 2 held and contended). */
export const PIPE_WLOCK = 10;
/** Readers' mutex (0 free, 1 held, 2 held and contended). */
export const PIPE_RLOCK = 11;
/**
 * 1 once the peer of a socket's reader closed with messages unread (Linux's
 * ECONNRESET): the first read that finds the pipe drained and writer-less
 * clears it and reports 'reset' instead of 'eof'.
 */
export const PIPE_RESET = 12;
export const PIPE_SLOTS = 16;

// Log index record.
/** 0 while being written, LOG_COMMITTED once complete, LOG_FAILED if no room was left for it. */
export const LOG_STATE = 0;
/** Byte offset of the record's UTF-8 text. */
export const LOG_OFFSET = 1;
/** Byte length of the record's UTF-8 text. */
export const LOG_LENGTH = 2;
export const LOG_SLOTS = 4;
export const LOG_COMMITTED = 1;
export const LOG_FAILED = 2;

/** Linux's default pipe size. */
export const DEFAULT_PIPE_CAPACITY = 65536;
/** The smallest pipe: a 4-byte length header and a few bytes of payload. */
export const MIN_PIPE_CAPACITY = 16;

/** Sizes of a kernel memory; every field is optional. */
export interface KernelMemoryOptions {
  /** Semaphores (and locks) a run may create. Default 256. */
  readonly maxSemaphores?: number;
  /** Pipes a run may create (a socket pair is two). Default 64. */
  readonly maxPipes?: number;
  /** The default ring size of a pipe, in bytes. Default 65536. */
  readonly pipeCapacity?: number;
  /** Bytes shared by all pipes' rings. Default maxPipes × pipeCapacity. */
  readonly pipeHeapBytes?: number;
  /** Bytes of UTF-8 the event log can hold. Default 4 MiB. */
  readonly logBytes?: number;
  /** Records the event log can hold. Default max(1024, logBytes / 64). */
  readonly maxEvents?: number;
}

/** Where everything is: computed by `computeLayout`, stored in the header, read back by `readLayout`. */
export interface Layout {
  readonly byteLength: number;
  readonly maxSemaphores: number;
  readonly semOffset: number;
  readonly maxPipes: number;
  readonly pipeOffset: number;
  readonly pipeCapacity: number;
  readonly pipeHeapOffset: number;
  readonly pipeHeapBytes: number;
  readonly maxEvents: number;
  readonly logIndexOffset: number;
  readonly logDataOffset: number;
  readonly logBytes: number;
}

const INT32_MAX = 0x7fffffff;

/** Rounds a byte count up to the region alignment (8). */
export function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

function checkSize(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > INT32_MAX) {
    throw new RangeError(`KernelMemory: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
  return value;
}

/** Computes the layout for the given sizes (validating them). */
export function computeLayout(options: KernelMemoryOptions = {}): Layout {
  const maxSemaphores = checkSize('maxSemaphores', options.maxSemaphores ?? 256, 0);
  const maxPipes = checkSize('maxPipes', options.maxPipes ?? 64, 0);
  const pipeCapacity = checkSize(
    'pipeCapacity',
    options.pipeCapacity ?? DEFAULT_PIPE_CAPACITY,
    MIN_PIPE_CAPACITY,
  );
  const pipeHeapBytes = align8(
    checkSize('pipeHeapBytes', options.pipeHeapBytes ?? maxPipes * align8(pipeCapacity), 0),
  );
  const logBytes = align8(checkSize('logBytes', options.logBytes ?? 4 * 1024 * 1024, 0));
  const maxEvents = checkSize(
    'maxEvents',
    options.maxEvents ?? Math.max(1024, Math.floor(logBytes / 64)),
    0,
  );

  let at = HEADER_SLOTS * 4;
  const semOffset = at;
  at += align8(maxSemaphores * SEM_SLOTS * 4);
  const pipeOffset = at;
  at += align8(maxPipes * PIPE_SLOTS * 4);
  const pipeHeapOffset = at;
  at += pipeHeapBytes;
  const logIndexOffset = at;
  at += align8(maxEvents * LOG_SLOTS * 4);
  const logDataOffset = at;
  at += logBytes;
  if (at > INT32_MAX) {
    throw new RangeError(`KernelMemory: the layout needs ${at} bytes, more than 2^31 - 1`);
  }
  return {
    byteLength: at,
    maxSemaphores,
    semOffset,
    maxPipes,
    pipeOffset,
    pipeCapacity,
    pipeHeapOffset,
    pipeHeapBytes,
    maxEvents,
    logIndexOffset,
    logDataOffset,
    logBytes,
  };
}

/** Writes the layout into the header of a fresh (zeroed) buffer. */
export function writeLayout(i32: Int32Array, layout: Layout): void {
  const words: [number, number][] = [
    [H_VERSION, LAYOUT_VERSION],
    [H_BYTE_LENGTH, layout.byteLength],
    [H_MAX_SEMAPHORES, layout.maxSemaphores],
    [H_SEM_OFFSET, layout.semOffset],
    [H_MAX_PIPES, layout.maxPipes],
    [H_PIPE_OFFSET, layout.pipeOffset],
    [H_PIPE_CAPACITY, layout.pipeCapacity],
    [H_PIPE_HEAP_OFFSET, layout.pipeHeapOffset],
    [H_PIPE_HEAP_BYTES, layout.pipeHeapBytes],
    [H_MAX_EVENTS, layout.maxEvents],
    [H_LOG_INDEX_OFFSET, layout.logIndexOffset],
    [H_LOG_DATA_OFFSET, layout.logDataOffset],
    [H_LOG_BYTES, layout.logBytes],
  ];
  for (const [slot, value] of words) Atomics.store(i32, slot, value);
  // The magic goes last: a buffer with the magic has a complete header.
  Atomics.store(i32, H_MAGIC, MAGIC);
}

/** Reads (and checks) the layout stored in a buffer's header. */
export function readLayout(sab: SharedArrayBuffer): Layout {
  if (sab.byteLength < HEADER_SLOTS * 4) {
    throw new TypeError('KernelMemory.attach: the buffer is too small to hold a kernel memory');
  }
  const i32 = new Int32Array(sab, 0, HEADER_SLOTS);
  if (Atomics.load(i32, H_MAGIC) !== MAGIC) {
    throw new TypeError('KernelMemory.attach: the buffer is not a kernel memory (bad magic)');
  }
  const version = Atomics.load(i32, H_VERSION);
  if (version !== LAYOUT_VERSION) {
    throw new TypeError(
      `KernelMemory.attach: layout version ${version}, this code understands ${LAYOUT_VERSION}`,
    );
  }
  const layout: Layout = {
    byteLength: Atomics.load(i32, H_BYTE_LENGTH),
    maxSemaphores: Atomics.load(i32, H_MAX_SEMAPHORES),
    semOffset: Atomics.load(i32, H_SEM_OFFSET),
    maxPipes: Atomics.load(i32, H_MAX_PIPES),
    pipeOffset: Atomics.load(i32, H_PIPE_OFFSET),
    pipeCapacity: Atomics.load(i32, H_PIPE_CAPACITY),
    pipeHeapOffset: Atomics.load(i32, H_PIPE_HEAP_OFFSET),
    pipeHeapBytes: Atomics.load(i32, H_PIPE_HEAP_BYTES),
    maxEvents: Atomics.load(i32, H_MAX_EVENTS),
    logIndexOffset: Atomics.load(i32, H_LOG_INDEX_OFFSET),
    logDataOffset: Atomics.load(i32, H_LOG_DATA_OFFSET),
    logBytes: Atomics.load(i32, H_LOG_BYTES),
  };
  if (layout.byteLength !== sab.byteLength) {
    throw new TypeError(
      `KernelMemory.attach: the header says ${layout.byteLength} bytes, the buffer has ${sab.byteLength}`,
    );
  }
  return layout;
}

/** Views over one kernel memory, shared by the modules of this folder. */
export interface Mem {
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  readonly layout: Layout;
}
