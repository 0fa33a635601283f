/**
 * The walkthrough's view of the current step: the last run's trace, the
 * step, and the state folded up to it (one TraceIndex per trace, so moving
 * a step costs a snapshot copy and a few events).
 */
import { useMemo } from 'react';
import type { SimState } from '../../src/sim/fold';
import type { EngineResult } from '../../src/workers';
import { selectResult, selectStep } from '../store';
import { useRunState } from '../store-context';
import { stateAt } from './view';

export interface StepView {
  readonly result: EngineResult;
  readonly step: number;
  readonly count: number;
  readonly state: SimState;
}

export function useStepView(): StepView | null {
  const result = useRunState(selectResult);
  const step = useRunState(selectStep);
  return useMemo(
    () =>
      result
        ? {
            result,
            step,
            count: result.trace.events.length,
            state: stateAt(result.trace, step),
          }
        : null,
    [result, step],
  );
}
