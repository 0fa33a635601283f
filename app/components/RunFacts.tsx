/**
 * "This run": what ran it, the processes it started (CPython's names) and
 * how many requests went to managers — the facts behind the walkthrough —
 * and the script itself, to run with one's own CPython.
 */
import { useId } from 'react';
import { scriptDownload } from '../../src/sim/scenarios';
import type { EngineResult } from '../../src/workers';
import { num } from '../intl';
import { messages } from '../messages';
import { DownloadScript } from './DownloadScript';

const t = messages.result;
const d = messages.downloadScript;

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
          <dd>{num(result.managerRequests)}</dd>
        </div>
        <div>
          <dt>{t.events}</dt>
          <dd>{num(result.trace.events.length)}</dd>
        </div>
      </dl>
      <p className="hint">{t.managerRequestsHint}</p>
      <RunItYourself result={result} />
    </div>
  );
}

/** "Download this script": the code panel's text for the settings this run used. */
function RunItYourself({ result }: { result: EngineResult }) {
  const headingId = useId();
  const hintId = useId();
  const file = scriptDownload(result.trace.header);
  return (
    <section className="run-it-yourself" aria-labelledby={headingId}>
      <h3 id={headingId}>{d.title}</h3>
      <p className="hint" id={hintId}>
        {d.hint(file.fileName)}
      </p>
      <DownloadScript
        text={file.text}
        fileName={file.fileName}
        mimeType={file.mimeType}
        describedBy={hintId}
      />
    </section>
  );
}
