/**
 * One discreet line on what runs the scenarios: said plainly when the page is
 * not cross-origin isolated (the model kernel in this tab, no real workers),
 * and after a run, which engine ran it.
 */
import { messages } from '../messages';
import { selectIsolated, selectResult } from '../store';
import { useRunState } from '../store-context';

export function EngineLine() {
  const isolated = useRunState(selectIsolated);
  const result = useRunState(selectResult);
  const text = !isolated
    ? messages.engine.notIsolated
    : result
      ? messages.engine.ran(result.engine, result.wallMs)
      : messages.engine.isolatedIdle;
  return (
    <p
      className="engine-line"
      data-testid="isolation-status"
      data-isolated={String(isolated)}
      data-engine={result?.engine ?? ''}
    >
      {text}
    </p>
  );
}
