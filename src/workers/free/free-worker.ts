/**
 * A process of a free-running run: receives its FreeProcessInit, then runs
 * until the process exits (see free-process.ts). It talks back to the main
 * thread only by postMessage requests; answers arrive in shared memory.
 */
import { FreeProcess } from './free-process';
import type { FreeProcessInit, FreeRequest } from './protocol';

self.onmessage = (event: MessageEvent<FreeProcessInit>) => {
  const post = (request: FreeRequest): void => self.postMessage(request);
  try {
    new FreeProcess(event.data, post).run();
  } catch (error) {
    // A bug in the model or the kernel: report it, the run fails loudly.
    self.postMessage({
      op: 'crash',
      pid: event.data.pid,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
};
