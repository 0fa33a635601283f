/**
 * The last run's outcome: the verdict line as the script prints it (in a
 * live region), its stdout and traceback, the processes it started and how
 * many requests went to managers.
 */
import { useEffect, useId, useRef } from 'react';
import type { EngineResult } from '../../src/workers/engine';
import { messages } from '../messages';
import { outputHead, verdictLine } from '../outcome';
import { selectError, selectParams, selectResult, selectRunning } from '../store';
import { useRunState } from '../store-context';

const t = messages.result;

/** A shape as well as a colour for each verdict. */
const verdictMarks: Readonly<Record<EngineResult['verdict'], string>> = {
  successful: '✓',
  fails: '≠',
  raised: '✕',
  hang: '⏸',
};

export function ResultView() {
  const headingId = useId();
  const result = useRunState(selectResult);
  const running = useRunState(selectRunning);
  return (
    <section className="result" aria-labelledby={headingId} aria-busy={running}>
      <h2 id={headingId}>{t.title}</h2>
      {result && <p className="ran-with">{t.ranWith(result)}</p>}
      <Verdict />
      {result && <Details result={result} />}
    </section>
  );
}

function Verdict() {
  const result = useRunState(selectResult);
  const running = useRunState(selectRunning);
  const error = useRunState(selectError);
  const { scenario } = useRunState(selectParams);
  const ref = useRef<HTMLDivElement>(null);

  // On a narrow screen the result is below the settings: bring the verdict
  // into view when a run ends, unless it is already wholly in sight.
  useEffect(() => {
    const el = ref.current;
    if (!el || running || (!result && !error)) return;
    const { top, bottom } = el.getBoundingClientRect();
    if (top >= 0 && bottom <= window.innerHeight) return;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  }, [result, error, running]);

  let body;
  let tone = 'idle';
  if (running) {
    body = <p className="verdict-note">{t.running(scenario)}</p>;
  } else if (error) {
    tone = 'error';
    body = <p className="verdict-note">{t.failed(error.message)}</p>;
  } else if (result) {
    tone = result.verdict;
    const line = verdictLine(result);
    body = (
      <>
        <p className="verdict-head">
          <span className="verdict-badge">
            <span aria-hidden="true">{verdictMarks[result.verdict]}</span>{' '}
            {t.verdictNames[result.verdict]}
          </span>
          {result.raisedIn && (
            <span className="verdict-where">
              {t.raisedIn(result.raisedIn.process, result.raisedIn.thread)}
            </span>
          )}
        </p>
        {line !== null ? (
          <p className="verdict-line">
            <code>{line}</code>
          </p>
        ) : (
          <p className="verdict-note">{result.verdict === 'hang' ? t.hang : t.noVerdictLine}</p>
        )}
      </>
    );
  } else {
    body = <p className="verdict-note">{t.idle}</p>;
  }
  return (
    <div ref={ref} role="status" aria-label={t.verdictLabel} className="verdict" data-tone={tone}>
      {body}
    </div>
  );
}

function Details({ result }: { result: EngineResult }) {
  const outputId = useId();
  const tracebackId = useId();
  const processesId = useId();
  const output = outputHead(result.stdout);
  return (
    <div className="details">
      <div className="console">
        <h3 id={outputId}>{t.output}</h3>
        {output.total === 0 ? (
          <p className="muted">{t.outputEmpty}</p>
        ) : (
          <>
            <pre className="stream" role="region" aria-labelledby={outputId} tabIndex={0}>
              {output.text}
            </pre>
            {output.shown < output.total && (
              <p className="hint">{t.outputTruncated(output.shown, output.total)}</p>
            )}
          </>
        )}
        {result.stderr.length > 0 && (
          <>
            <h3 id={tracebackId}>{t.traceback}</h3>
            <pre
              className="stream stream-error"
              role="region"
              aria-labelledby={tracebackId}
              tabIndex={0}
            >
              {result.stderr.join('\n')}
            </pre>
          </>
        )}
      </div>
      <div className="facts">
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
    </div>
  );
}
