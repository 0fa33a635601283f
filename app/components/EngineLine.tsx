/**
 * One discreet line on what runs the scenarios: said plainly when the page is
 * not cross-origin isolated (the model kernel in this tab, no real workers);
 * after a run, which engine produced what is on screen and whether real
 * workers confirmed it. A confirmation that found a difference is an alert
 * (`ConfirmationAlert`), never a footnote.
 */
import { useHydrated } from '../hydration';
import { messages } from '../messages';
import {
  selectConfirmation,
  selectIsolated,
  selectParams,
  selectResult,
  selectRunning,
  type ConfirmationStatus,
} from '../store';
import { useRunState } from '../store-context';

const t = messages.engine;

function confirmationText(c: ConfirmationStatus | null): string | null {
  switch (c?.state) {
    case undefined:
      return null;
    case 'pending':
      return t.confirming;
    case 'confirmed':
      return t.confirmed(c.events, c.result.wallMs);
    case 'differs':
      return t.differsShort(c.firstDifference.step);
    case 'unavailable':
      return c.reason === 'cancelled' ? t.cancelled : t.unavailable(c.error);
  }
}

export function EngineLine() {
  const isolated = useRunState(selectIsolated);
  const result = useRunState(selectResult);
  const running = useRunState(selectRunning);
  const { mode } = useRunState(selectParams);
  const confirmation = useRunState(selectConfirmation);
  const hydrated = useHydrated();
  let text: string;
  if (!hydrated) text = t.prerendered;
  else if (!isolated) text = t.notIsolated;
  else if (running) text = t.running(mode);
  else if (!result) text = t.isolatedIdle;
  else if (result.engine === 'model') {
    const confirmed = confirmationText(confirmation);
    text =
      confirmed === null
        ? t.ran('model', result.wallMs)
        : `${t.onScreenModel(result.wallMs)} ${confirmed}`;
  } else text = t.ran(result.engine, result.wallMs);
  return (
    <>
      <p
        className="engine-line"
        data-testid="isolation-status"
        data-isolated={String(isolated)}
        data-engine={result?.engine ?? ''}
        data-confirmation={confirmation?.state ?? ''}
      >
        {text}
      </p>
      <ConfirmationAlert />
    </>
  );
}

/** Loud, and only when the workers' run differs from the one on screen. */
export function ConfirmationAlert() {
  const confirmation = useRunState(selectConfirmation);
  if (confirmation?.state !== 'differs') return null;
  const { step, model, workers } = confirmation.firstDifference;
  return (
    <p className="engine-alert" role="alert" data-testid="confirmation-differs">
      {t.differs(step, confirmation.events, t.describeEvent(model), t.describeEvent(workers))}
    </p>
  );
}
