/**
 * The walkthrough's keyboard shortcuts, for its region only: ArrowLeft and
 * ArrowRight step, Home and End jump, Space plays or pauses. Keys that a
 * focused control needs itself (the scrubber's arrows, a button's Space, a
 * select's keys) are left to that control, and nothing outside the region is
 * ever touched.
 */
import { useCallback, type KeyboardEvent } from 'react';
import { firstStep, lastStep, stepBack, stepForward, togglePlay, type RunStore } from '../store';
import { useRunStoreApi } from '../store-context';

const ACTIONS: Readonly<Record<string, (store: RunStore) => void>> = {
  ArrowLeft: stepBack,
  ArrowRight: stepForward,
  Home: firstStep,
  End: lastStep,
  ' ': togglePlay,
};

/** Controls that use these keys themselves. */
function ownsKeys(target: EventTarget, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return true;
  return key === ' ' && (tag === 'BUTTON' || tag === 'A');
}

export function useStepKeys(): (event: KeyboardEvent<HTMLElement>) => void {
  const store = useRunStoreApi();
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const action = ACTIONS[event.key];
      if (!action || ownsKeys(event.target, event.key)) return;
      event.preventDefault();
      action(store);
    },
    [store],
  );
}
