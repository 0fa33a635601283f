/**
 * How both kernels number what they hand out, as a real machine would: pids,
 * POSIX file descriptors, the addresses of POSIX semaphores (a `sem_t*`, not a
 * descriptor) and Windows HANDLE values. The model draws from its seed where
 * the free kernel draws from Math.random or a shared counter; the shapes are
 * the same.
 */

/** 0, 1 and 2 are stdin, stdout and stderr: a process's own files start at 3. */
export const FIRST_FD = 3;

/** The lowest free descriptor at or above `from`, as POSIX gives. */
export function lowestFreeFd(used: { has(fd: number): boolean }, from = FIRST_FD): number {
  let fd = from;
  while (used.has(fd)) fd++;
  return fd;
}

/** Draws a whole number 0 ≤ k < n (the model's seeded Random, or Math.random's). */
export interface Draw {
  int(n: number): number;
}

/** The first pid of a run: somewhere a busy machine's pids could be. */
export function firstPid(random: Draw): number {
  return 4_000 + random.int(60_000);
}

/** The next process's pid: other processes of the machine take a few in between. */
export function pidAfter(pid: number, random: Draw): number {
  return pid + 1 + random.int(3);
}

/** How many regions semaphore mappings may start in (`semRegion(k)`, 0 ≤ k < SEM_REGIONS). */
export const SEM_REGIONS = 0xffff;

/** Where a process's semaphore mappings start (the k-th region of the address space). */
export function semRegion(k: number): number {
  return 0x7f0000000000 + k * 0x1000000;
}

/** Each semaphore maps one page after the last. */
export const SEM_PAGE = 0x1000;

/** The value below a run's first Windows HANDLE; HANDLE values are multiples of 4. */
export const WINDOWS_HANDLE_BASE = 0x1a0;
export const WINDOWS_HANDLE_STEP = 4;
