/**
 * Measures, inside a worker, one acquire+release of a lock two ways: on an
 * Atomics semaphore in shared memory (what a multiprocessing.Lock is: a
 * kernel semaphore both processes map), and through a proxy to a manager
 * worker (what a Manager().Lock() is: a request and a response per call).
 */
import { expose, wrap } from 'comlink';
import { KernelMemory } from '../shared/kernel-memory';
import type { ManagerApi } from './manager-worker';

export interface LockCost {
  /** Nanoseconds per acquire+release of the shared-memory lock. */
  readonly atomicsNs: number;
  /** Microseconds per acquire+release through the manager. */
  readonly proxyUs: number;
  readonly ratio: number;
  readonly atomicsRounds: number;
  readonly proxyRounds: number;
}

export const measureApi = {
  async measure(
    port: MessagePort,
    atomicsRounds = 200_000,
    proxyRounds = 1_000,
  ): Promise<LockCost> {
    const mem = KernelMemory.create({ maxSemaphores: 1, maxPipes: 1, logBytes: 4096 });
    const lock = mem.createSemaphore(1, 1);
    // Warm up, then time.
    for (let i = 0; i < 10_000; i++) {
      mem.acquire(lock, null);
      mem.release(lock);
    }
    let t0 = performance.now();
    for (let i = 0; i < atomicsRounds; i++) {
      mem.acquire(lock, null);
      mem.release(lock);
    }
    const atomicsNs = ((performance.now() - t0) * 1e6) / atomicsRounds;
    const manager = wrap<ManagerApi>(port);
    for (let i = 0; i < 50; i++) {
      await manager.acquire();
      await manager.release();
    }
    t0 = performance.now();
    for (let i = 0; i < proxyRounds; i++) {
      await manager.acquire();
      await manager.release();
    }
    const proxyUs = ((performance.now() - t0) * 1e3) / proxyRounds;
    return { atomicsNs, proxyUs, ratio: (proxyUs * 1000) / atomicsNs, atomicsRounds, proxyRounds };
  },
};

export type MeasureApi = typeof measureApi;

expose(measureApi);
