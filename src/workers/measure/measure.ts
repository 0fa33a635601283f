/**
 * The live lock-cost measurement the page shows beside CPython's figures:
 * two workers (the measurer and a stand-in manager) that are terminated as
 * soon as the measurement is done.
 */
import { transfer, wrap } from 'comlink';
import type { LockCost, MeasureApi } from './measure-worker';

export type { LockCost } from './measure-worker';

export async function measureLockCost(): Promise<LockCost> {
  const measurer = new Worker(new URL('./measure-worker.ts', import.meta.url), {
    type: 'module',
    name: 'mpviz lock-cost measurer',
  });
  const manager = new Worker(new URL('./manager-worker.ts', import.meta.url), {
    type: 'module',
    name: 'mpviz lock-cost manager',
  });
  try {
    const channel = new MessageChannel();
    manager.postMessage({ port: channel.port1 }, [channel.port1]);
    const api = wrap<MeasureApi>(measurer);
    return await api.measure(transfer(channel.port2, [channel.port2]));
  } finally {
    measurer.terminate();
    manager.terminate();
  }
}
