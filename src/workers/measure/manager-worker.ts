/**
 * A stand-in Manager for the lock-cost measurement: a worker that holds the
 * real lock and answers acquire/release over a message port, through comlink
 * — one request, one response per call, like a Manager proxy's.
 */
import { expose } from 'comlink';

let held = false;

export const managerApi = {
  acquire(): boolean {
    if (held) return false;
    held = true;
    return true;
  },
  release(): void {
    if (!held) throw new Error('release unlocked lock');
    held = false;
  },
};

export type ManagerApi = typeof managerApi;

self.onmessage = (event: MessageEvent<{ port: MessagePort }>) => {
  if (event.data?.port) expose(managerApi, event.data.port);
};
