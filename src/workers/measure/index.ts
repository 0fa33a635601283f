/**
 * The live lock-cost measurement, from outside this folder: measure.ts starts
 * its two workers (measure-worker.ts, manager-worker.ts) by their URLs.
 */
export { measureLockCost, type LockCost } from './measure';
