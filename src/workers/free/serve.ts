/**
 * The body of a free-running process's worker: receives its FreeProcessInit,
 * then runs the process until it exits (see free-process.ts). It talks back
 * to the main thread only by postMessage requests; answers arrive in shared
 * memory. free-worker.ts serves the scenarios' programs; the conformance
 * suite serves its own as well.
 */
import type { ProgramTable } from '../../sim/syscalls';
import { FreeProcess } from './free-process';
import type { FreeProcessInit, FreeRequest } from './protocol';

export function serveFreeProcess(programs: ProgramTable): void {
  self.onmessage = (event: MessageEvent<FreeProcessInit>) => {
    const post = (request: FreeRequest): void => self.postMessage(request);
    try {
      new FreeProcess(event.data, post, programs).run();
    } catch (error) {
      // A bug in the model or the kernel: report it, the run fails loudly.
      self.postMessage({
        op: 'crash',
        pid: event.data.pid,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  };
}
