/**
 * One simulated Python process = one Web Worker.
 *
 * The worker holds the process's memory and runs its threads' programs (the
 * very programs the model runs: `src/sim/mp/programs.ts`). The kernel on the
 * main thread tells it which thread to advance and with what; the worker runs
 * that thread up to its next system call and hands the call back. A forked
 * child starts from a structured clone of its parent's memory, taken from the
 * parent's worker at the instant of the fork.
 */
import { expose } from 'comlink';
import { ProcessImage, type Resume, type StepResult } from '../sim/kernel';
import { PROGRAMS } from '../sim/programs';
import type { ProcessMemory, ProgramRef, RunConfig } from '../sim/syscalls';

let image: ProcessImage | null = null;

function current(): ProcessImage {
  if (image === null) throw new Error('process worker used before init()');
  return image;
}

export const processWorkerApi = {
  init(
    pid: number,
    ppid: number | null,
    memory: ProcessMemory | null,
    config: RunConfig,
    detailed: boolean,
  ): void {
    image = new ProcessImage(PROGRAMS, config, detailed, pid, ppid, memory ?? {});
  },
  startThread(tid: number, main: ProgramRef): void {
    current().startThread(tid, main);
  },
  resume(tid: number, resume: Resume): StepResult {
    const result = current().resume(tid, resume);
    // Hand over a copy of the events and empty the thread's outbox.
    const outbox = result.outbox.slice();
    result.outbox.length = 0;
    return { outbox, next: result.next };
  },
  /** The memory as it is now: what a fork copies. */
  snapshot(): ProcessMemory {
    return current().memory;
  },
};

export type ProcessWorkerApi = typeof processWorkerApi;

expose(processWorkerApi);
