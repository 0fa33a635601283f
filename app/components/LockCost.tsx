/**
 * The live measurement: one acquire+release of a shared-memory lock against
 * one through a manager, measured in this browser, beside CPython's figures
 * from the oracle (oracle/cpython-3.11.json).
 */
import { useId, useState } from 'react';
import oracle from '../../oracle/cpython-3.11.json';
import { canUseWorkers, measureLockCost, type LockCost as Measured } from '../../src/workers';
import { messages } from '../messages';

const figures = oracle.facts.lockCostMicroseconds;

export function LockCost() {
  const headingId = useId();
  const [state, setState] = useState<{
    running: boolean;
    cost: Measured | null;
    error: string | null;
  }>({
    running: false,
    cost: null,
    error: null,
  });
  const available = canUseWorkers();
  const measure = (): void => {
    setState({ running: true, cost: null, error: null });
    // The measurement (its workers, comlink) is loaded on demand (src/workers/index.ts).
    measureLockCost().then(
      (cost) => setState({ running: false, cost, error: null }),
      (error: unknown) => setState({ running: false, cost: null, error: String(error) }),
    );
  };
  return (
    <section className="lock-cost" aria-labelledby={headingId}>
      <h2 id={headingId}>{messages.lockCost.heading}</h2>
      <p>{messages.lockCost.explain}</p>
      <button type="button" onClick={measure} disabled={!available || state.running}>
        {state.running ? messages.lockCost.measuring : messages.lockCost.measure}
      </button>
      <div role="status" aria-live="polite" aria-label={messages.lockCost.status}>
        {!available && <p>{messages.lockCost.unavailable}</p>}
        {state.cost && (
          <p>
            {messages.lockCost.result(state.cost.atomicsNs, state.cost.proxyUs, state.cost.ratio)}
          </p>
        )}
        {state.error && <p>{messages.lockCost.failed(state.error)}</p>}
      </div>
      <p className="muted">
        {messages.lockCost.cpython(
          figures.mpLockAcquireRelease,
          figures.managerLockAcquireRelease,
          figures.ratioManagerOverLock,
        )}
      </p>
    </section>
  );
}
