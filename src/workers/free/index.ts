/**
 * Free mode, from outside this folder: the main-thread side of a run
 * (free-run.ts), which starts one free-worker.ts per process by its URL (or
 * through a StartWorker of the caller's: the conformance suite starts Node
 * worker_threads that run serveFreeProcess).
 */
export { FreeRun, type FreeRunOutcome, type ProcessWorker, type StartWorker } from './free-run';
export { serveFreeProcess } from './serve';
