/**
 * "This run": what ran it, the processes it started (CPython's names) and
 * how many requests went to managers — the facts behind the walkthrough.
 */
import { useId } from 'react';
import type { EngineResult } from '../../src/workers/engine';
import { messages } from '../messages';

const t = messages.result;

export function RunFacts({ result }: { result: EngineResult }) {
  const processesId = useId();
  return (
    <div className="run-facts">
      <p className="ran-with">{t.ranWith(result)}</p>
      <h3 id={processesId}>{t.processes(result.processes.length)}</h3>
      <ul className="processes" aria-labelledby={processesId}>
        {result.processes.map((p) => (
          <li key={p.pid}>
            <span className="process-name">{p.name}</span>{' '}
            <span className="process-pid">{t.pid(p.pid)}</span>
          </li>
        ))}
      </ul>
      <dl className="counts">
        <div>
          <dt>{t.managerRequests}</dt>
          <dd>{result.managerRequests}</dd>
        </div>
        <div>
          <dt>{t.events}</dt>
          <dd>{result.trace.events.length}</dd>
        </div>
      </dl>
      <p className="hint">{t.managerRequestsHint}</p>
    </div>
  );
}
