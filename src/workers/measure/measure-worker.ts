/**
 * Measures, inside a worker, one acquire+release of a lock two ways: on an
 * Atomics semaphore in shared memory (what a multiprocessing.Lock is: a
 * kernel semaphore both processes map), and through a proxy to a manager
 * worker (what a Manager().Lock() is: a request and a response per call).
 */
import { expose, wrap } from 'comlink';
import { KernelMemory } from '../shared';
import type { ManagerApi } from './manager-worker';

export interface LockCost {
  /** Nanoseconds per acquire+release of the shared-memory lock. */
  readonly atomicsNs: number;
  /** Microseconds per acquire+release through the manager. */
  readonly proxyUs: number;
  readonly ratio: number;
  /**
   * Nanoseconds per bare `Atomics.compareExchange` pair (take, give back) on
   * one word, timed in the same worker just before: the floor any
   * shared-memory lock stands on. `atomicsNs / baselineNs` is the lock's overhead.
   */
  readonly baselineNs: number;
  readonly atomicsRounds: number;
  readonly proxyRounds: number;
}

export const measureApi = {
  async measure(
    port: MessagePort,
    atomicsRounds = 200_000,
    proxyRounds = 1_000,
  ): Promise<LockCost> {
    // Timed in chunks, keeping the fastest: on a busy machine a long loop
    // mostly measures the time this thread spent descheduled.
    const perRound = (body: (n: number) => void): number => {
      const chunk = 5_000;
      body(chunk); // warm up
      let best = Infinity;
      for (let done = 0; done < atomicsRounds; done += chunk) {
        const t0 = performance.now();
        body(chunk);
        best = Math.min(best, performance.now() - t0);
      }
      return (best * 1e6) / chunk;
    };
    const word = new Int32Array(new SharedArrayBuffer(4));
    word[0] = 1;
    const baselineNs = perRound((n) => {
      for (let i = 0; i < n; i++) {
        Atomics.compareExchange(word, 0, 1, 0);
        Atomics.compareExchange(word, 0, 0, 1);
      }
    });
    const mem = KernelMemory.create({ maxSemaphores: 1, maxPipes: 1, logBytes: 4096 });
    const lock = mem.createSemaphore(1, 1);
    const atomicsNs = perRound((n) => {
      for (let i = 0; i < n; i++) {
        mem.acquire(lock, null);
        mem.release(lock);
      }
    });
    const manager = wrap<ManagerApi>(port);
    for (let i = 0; i < 50; i++) {
      await manager.acquire();
      await manager.release();
    }
    const t0 = performance.now();
    for (let i = 0; i < proxyRounds; i++) {
      await manager.acquire();
      await manager.release();
    }
    const proxyUs = ((performance.now() - t0) * 1e3) / proxyRounds;
    return {
      atomicsNs,
      proxyUs,
      ratio: (proxyUs * 1000) / atomicsNs,
      baselineNs,
      atomicsRounds,
      proxyRounds,
    };
  },
};

export type MeasureApi = typeof measureApi;

expose(measureApi);
