/**
 * The errors a system call fails with, as both kernels raise them (the model
 * kernel here, the free kernel in src/workers/free): one errno-like code and
 * one message per failure, so a program sees the same error on either.
 */
import { KernelError } from '../syscalls';

/** EBADF: no such handle in the caller's table (`where`: the process, when the kernel knows it). */
export function badHandle(handle?: number, where?: string): KernelError {
  const which = handle === undefined ? '' : ` ${handle}`;
  return new KernelError('EBADF', `Bad file descriptor${which}${where ? ` in ${where}` : ''}`);
}

/** EBADF: a write on a pipe's read end. */
export function notWritable(): KernelError {
  return new KernelError('EBADF', 'pipe read end is not writable');
}

/** EBADF: a read on a pipe's write end. */
export function notReadable(): KernelError {
  return new KernelError('EBADF', 'pipe write end is not readable');
}

export function notASemaphore(): KernelError {
  return new KernelError('EINVAL', 'not a semaphore');
}

export function notAPipe(): KernelError {
  return new KernelError('EINVAL', 'not a pipe');
}

/** sem_open(O_CREAT | O_EXCL) of a name that is taken. */
export function semaphoreExists(name: string): KernelError {
  return new KernelError('EEXIST', `semaphore ${name} exists`);
}

export function noSuchSemaphore(name: string): KernelError {
  return new KernelError('ENOENT', `no semaphore named ${name}`);
}

/** sem_post() past the semaphore's maximum (CPython: "semaphore or lock released too many times"). */
export function semaphoreOverflow(): KernelError {
  return new KernelError('EOVERFLOW', 'semaphore or lock released too many times');
}

/** A write to a stream whose every reader has closed. */
export function brokenPipe(): KernelError {
  return new KernelError('EPIPE', 'Broken pipe');
}

/** A read from a drained stream whose every writer has closed: Connection.recv raises EOFError. */
export function endOfFile(): KernelError {
  return new KernelError('EOF', 'EOFError');
}

/**
 * A read from a drained socket whose peer closed with messages still unread in
 * its own receive queue: Linux's AF_UNIX `unix_release_sock` sets the survivor's
 * `sk_err = ECONNRESET`, so its next read fails once (then reads EOF).
 */
export function connectionReset(): KernelError {
  return new KernelError('ECONNRESET', 'Connection reset by peer');
}

/** connect() to an address nobody listens on (or whose listener is closed). */
export function connectionRefused(): KernelError {
  return new KernelError('ECONNREFUSED', 'ConnectionRefusedError: [Errno 111] Connection refused');
}

export function noSuchProcess(): KernelError {
  return new KernelError('ESRCH', 'no such process');
}
