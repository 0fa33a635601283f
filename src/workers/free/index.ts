/**
 * Free mode, from outside this folder: the main-thread side of a run
 * (free-run.ts), which starts one free-worker.ts per process by its URL.
 */
export { FreeRun, type FreeRunOutcome } from './free-run';
