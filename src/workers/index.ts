/**
 * src/workers as the rest of the project sees it: the engine the page drives
 * (engine.ts), "Run 100 times" (batch.ts) and the live lock-cost
 * measurement (measure/). What else is here is the workers' own: lint
 * (mpviz/no-internal-imports) refuses a deep import from outside.
 *
 * Not KernelMemory (shared/): re-exported here, it would load with the
 * first picture (its module has top-level state, so it is not shaken out).
 *
 * Worker scripts are not entered through here: each is started by the module
 * beside it, `new Worker(new URL('./x.ts', import.meta.url))`.
 */
import type * as Batch from './batch';
import type * as Measure from './measure';

export {
  CancelledError,
  canUseWorkers,
  isOpaqueOrigin,
  loadModel,
  startRun,
  type Confirmation,
  type EngineKind,
  type EngineMode,
  type EngineOptions,
  type EngineResult,
  type EngineRun,
  type TraceDifference,
} from './engine';
export type { LockCost } from './measure';

// The batch and the measurement start workers and bring comlink: they are
// loaded when first called, not with this entry, which the first picture
// imports for the engine. (Re-exporting them would put both in its chunk.)

export const countVerdicts: typeof Batch.countVerdicts = async (base, seeds) =>
  (await import('./batch')).countVerdicts(base, seeds);

export const measureLockCost: typeof Measure.measureLockCost = async () =>
  (await import('./measure')).measureLockCost();
