/**
 * Errors thrown by the kernel-memory primitives.
 *
 * They are ordinary `Error`s with a stable `name` and an errno-like `code`, so
 * that a worker kernel can turn them into the `KernelError` a program expects
 * (see `src/sim/syscalls.ts`). Error classes do not survive postMessage, so
 * code on another thread should test `error.name` or `error.code`, not
 * `instanceof`.
 */

/** Base class: every error thrown by this folder is one of these. */
export class KernelMemoryError extends Error {
  constructor(
    /** errno-like: EBADF, ENOSPC, EOVERFLOW, EPIPE, EIO. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KernelMemoryError';
  }
}

/** `release()` would raise a semaphore's count above its maximum. */
export class SemaphoreOverflowError extends KernelMemoryError {
  constructor(
    readonly id: number,
    readonly max: number,
  ) {
    super('EOVERFLOW', `semaphore ${id} released too many times (max ${max})`);
    this.name = 'SemaphoreOverflowError';
  }
}

/** A write to a pipe whose read ends are all closed. */
export class BrokenPipeError extends KernelMemoryError {
  constructor(readonly id: number) {
    super('EPIPE', `pipe ${id}: every read end is closed`);
    this.name = 'BrokenPipeError';
  }
}

/** The event log has no room for another record (too many records or too many bytes). */
export class LogFullError extends KernelMemoryError {
  constructor(detail: string) {
    super('ENOSPC', `event log full: ${detail}`);
    this.name = 'LogFullError';
  }
}

/** No room for another semaphore or pipe (or for a pipe's ring). */
export class KernelMemoryFullError extends KernelMemoryError {
  constructor(detail: string) {
    super('ENOSPC', `kernel memory full: ${detail}`);
    this.name = 'KernelMemoryFullError';
  }
}
