/**
 * KernelMemory: every kernel object of a run (semaphores, pipes, the doorbell,
 * the event log) in one SharedArrayBuffer, and the operations on them.
 *
 * ```ts
 * // main thread
 * const mem = KernelMemory.create({ maxSemaphores: 64, maxPipes: 32, pipeCapacity: 65536 });
 * worker.postMessage({ sab: mem.buffer });
 * // any worker
 * const mem = KernelMemory.attach(sab);
 * if (mem.acquire(lockId, null)) { ...; mem.release(lockId); }
 * ```
 *
 * The memory layout is described in `layout.ts`; each family of objects, its
 * record and its blocking protocol in its own file: `semaphores.ts`,
 * `pipes.ts`, `doorbell.ts`, `event-log.ts`; the waiting helpers in `sync.ts`.
 *
 * Threads and blocking. `acquire`, `read`, `write` and `waitDoorbell` sleep in
 * `Atomics.wait` (no spinning) for up to their timeout; `null` (or omitted,
 * for pipes) waits forever, 0 never waits. Rules for callers:
 * - A browser's main thread may not call `Atomics.wait` (it throws a
 *   TypeError). There, use only calls that never wait: `tryAcquire`,
 *   `release`, `poll`, `read(id, 0)`, `write(id, bytes, 0)` for a message that
 *   fits in the pipe (capacity - 4 bytes or less), the inspectors, `ring`,
 *   `appendEvent`, `readEvents`. (Node's main thread may block.)
 * - A worker that runs several cooperative (simulated) threads on one JS
 *   thread must not block either, or its other threads stop: it tries calls
 *   with timeout 0 and sleeps on the doorbell (see `doorbell.ts`). A message
 *   larger than a pipe's ring is streamed and holds the calling JS thread
 *   until a reader has drained it, whatever the timeout: its reader must run
 *   on another JS thread.
 * - Timeouts are real milliseconds of wall-clock time, measured with
 *   `performance.now()`. Simulated time is the caller's business.
 * - A thread terminated while inside a call (Worker.terminate) can leave a
 *   lock held or a gauge stale; the kernel should only terminate workers when
 *   the whole run is torn down.
 *
 * Ids are small integers from 0, per kind, allocated atomically; objects are
 * never freed (a run is short; create a fresh KernelMemory per run).
 */
import * as bell from './doorbell';
import * as log from './event-log';
import {
  computeLayout,
  readLayout,
  writeLayout,
  type KernelMemoryOptions,
  type Layout,
} from './layout';
import type { Mem } from './layout';
import * as pipes from './pipes';
import * as sems from './semaphores';

export {
  BrokenPipeError,
  KernelMemoryError,
  KernelMemoryFullError,
  LogFullError,
  SemaphoreOverflowError,
} from './errors';
export type { LogRecord } from './event-log';
export type { KernelMemoryOptions, Layout } from './layout';
export type { PipeEnd } from './pipes';
export { MAX_MESSAGE_BYTES } from './pipes';
export { SEM_VALUE_MAX } from './semaphores';

export class KernelMemory {
  private readonly m: Mem;

  private constructor(
    /** The buffer: post it to workers, which call `KernelMemory.attach` on it. */
    readonly buffer: SharedArrayBuffer,
    /** Where everything is (read from the buffer's header). */
    readonly layout: Layout,
  ) {
    this.m = { i32: new Int32Array(buffer), u8: new Uint8Array(buffer), layout };
  }

  /** Allocates a fresh, empty kernel memory (main thread, once per run). */
  static create(options: KernelMemoryOptions = {}): KernelMemory {
    const layout = computeLayout(options);
    const sab = new SharedArrayBuffer(layout.byteLength);
    writeLayout(new Int32Array(sab), layout);
    return new KernelMemory(sab, layout);
  }

  /** Re-attaches to a kernel memory created elsewhere; the buffer's header is all it needs. */
  static attach(sab: SharedArrayBuffer): KernelMemory {
    return new KernelMemory(sab, readLayout(sab));
  }

  // ---- semaphores ------------------------------------------------------------

  /**
   * A counting semaphore with the given count and maximum (default
   * SEM_VALUE_MAX). A lock is `createSemaphore(1, 1)`.
   */
  createSemaphore(value: number, max?: number): number {
    return sems.createSemaphore(this.m, value, max);
  }

  /**
   * Takes one permit, sleeping while the count is 0; null waits forever, 0
   * only tries. Returns false if the timeout passed first.
   */
  acquire(id: number, timeoutMs: number | null): boolean {
    return sems.acquire(this.m, id, timeoutMs);
  }

  /** Takes one permit if one is free; never waits. */
  tryAcquire(id: number): boolean {
    return sems.tryAcquire(this.m, id);
  }

  /**
   * Gives one permit back and wakes one sleeper. Throws SemaphoreOverflowError
   * if the count is already at its maximum. Never waits.
   */
  release(id: number): void {
    sems.release(this.m, id);
  }

  /** The current count. */
  value(id: number): number {
    return sems.semaphoreValue(this.m, id);
  }

  /** The maximum count given at creation. */
  maxValue(id: number): number {
    return sems.semaphoreMax(this.m, id);
  }

  /** How many threads are sleeping in `acquire` on this semaphore right now. */
  waiters(id: number): number {
    return sems.semaphoreWaiters(this.m, id);
  }

  // ---- pipes -----------------------------------------------------------------

  /**
   * A one-way message pipe with a ring of `capacity` bytes (default: the
   * layout's pipeCapacity), with one read end and one write end open.
   */
  createPipe(capacity?: number): number {
    return pipes.createPipe(this.m, capacity);
  }

  /**
   * A duplex connection as two pipes `[a, b]`: one side writes `a` and reads
   * `b`, the other writes `b` and reads `a`.
   */
  createSocketPair(capacity?: number): [number, number] {
    return [pipes.createPipe(this.m, capacity), pipes.createPipe(this.m, capacity)];
  }

  /**
   * Writes one whole message; concurrent writers never interleave. Sleeps
   * while the ring lacks room. Returns false if the timeout (null/omitted:
   * none) passed before any of it was written; once it has started, a message
   * larger than the ring is finished regardless. Throws BrokenPipeError when
   * every read end is closed (before or during the write).
   */
  write(id: number, bytes: Uint8Array, timeoutMs?: number | null): boolean {
    return pipes.pipeWrite(this.m, id, bytes, timeoutMs);
  }

  /**
   * Reads one whole message (a fresh, unshared copy); each message goes to
   * exactly one reader, in the order written. Sleeps while the pipe is empty;
   * 'eof' once it is empty and every write end is closed ('reset' instead, once,
   * after `markReset`); 'timeout' if the timeout (null/omitted: none) passed first.
   */
  read(id: number, timeoutMs?: number | null): Uint8Array | 'eof' | 'reset' | 'timeout' {
    return pipes.pipeRead(this.m, id, timeoutMs);
  }

  /**
   * True when a read would not have to wait for a writer: a message is ready
   * (wholly in the ring, or its start when it is larger than the ring), or
   * EOF. Never waits; takes no lock.
   */
  poll(id: number): boolean {
    return pipes.pipePoll(this.m, id);
  }

  /** Bytes in the ring, 4-byte message headers included (compare with `pipeCapacity`). */
  buffered(id: number): number {
    return pipes.pipeBuffered(this.m, id);
  }

  /** Messages in the ring that no reader has started on. */
  messages(id: number): number {
    return pipes.pipeMessages(this.m, id);
  }

  /** The ring size of a pipe in bytes. */
  pipeCapacity(id: number): number {
    return pipes.pipeCapacity(this.m, id);
  }

  /** Open ends of each kind. */
  ends(id: number): { readers: number; writers: number } {
    return pipes.pipeEnds(this.m, id);
  }

  /** The next read to find this pipe at EOF reports 'reset' (ECONNRESET) instead, once. */
  markReset(id: number): void {
    pipes.markReset(this.m, id);
  }

  /** One more holder of an end (fork, dup, passing to a child). */
  openEnd(id: number, end: pipes.PipeEnd): void {
    pipes.openEnd(this.m, id, end);
  }

  /** One holder fewer; the last writer → readers get 'eof', the last reader → writers get EPIPE. */
  closeEnd(id: number, end: pipes.PipeEnd): void {
    pipes.closeEnd(this.m, id, end);
  }

  // ---- doorbell --------------------------------------------------------------

  /** Wakes everyone sleeping in `waitDoorbell`. Every release, write, read and close rings it. */
  ring(): void {
    bell.ring(this.m.i32);
  }

  /** The doorbell's current value: read it BEFORE checking for work, pass it to waitDoorbell. */
  doorbell(): number {
    return bell.doorbell(this.m.i32);
  }

  /** Sleeps until the doorbell differs from `seen` (at once if it already does) or the timeout. */
  waitDoorbell(seen: number, timeoutMs: number | null): 'rung' | 'timeout' {
    return bell.waitDoorbell(this.m.i32, seen, timeoutMs);
  }

  // ---- event log -------------------------------------------------------------

  /**
   * Appends one record and returns its sequence number (0, 1, 2... across all
   * threads). Throws LogFullError when the log has no room. Never waits.
   */
  appendEvent(json: string): number {
    return log.appendEvent(this.m, json);
  }

  /**
   * The complete records from `fromSeq` on, in seq order, stopping before the
   * first record another thread is still writing.
   */
  readEvents(fromSeq = 0): log.LogRecord[] {
    return log.readEvents(this.m, fromSeq);
  }

  // ---- inventory -------------------------------------------------------------

  /** How many objects of each kind exist (ids are 0 .. n-1), and sequence numbers handed out. */
  counts(): { semaphores: number; pipes: number; events: number } {
    return {
      semaphores: sems.semaphoreCount(this.m),
      pipes: pipes.pipeCount(this.m),
      events: log.eventCount(this.m),
    };
  }
}
