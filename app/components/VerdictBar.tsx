/**
 * The verdict, first and in one line: what the script concluded (a shape as
 * well as a colour), and what that means — where it raised and why, or that
 * every item arrived and only their order differs. A status region, so a
 * screen reader hears it when a run ends.
 */
import { useId, useState } from 'react';
import type { EngineResult } from '../../src/workers';
import { messages } from '../messages';
import { verdictLine } from '../outcome';
import { selectError, selectParams, selectResult, selectRunning } from '../store';
import { useRunState } from '../store-context';
import { explainVerdict } from '../verdict';

const t = messages.result;

/** A shape as well as a colour for each verdict. */
const verdictMarks: Readonly<Record<EngineResult['verdict'], string>> = {
  successful: '✓',
  fails: '≠',
  raised: '✕',
  hang: '⏸',
};

export function VerdictBar({ onWhyOrder }: { onWhyOrder: () => void }) {
  const result = useRunState(selectResult);
  const running = useRunState(selectRunning);
  const error = useRunState(selectError);
  const { scenario } = useRunState(selectParams);
  const whyId = useId();
  // On a narrow screen the explanation folds behind "Why?" to leave room for the stage.
  const [whyOpen, setWhyOpen] = useState(false);

  let tone = 'idle';
  let body;
  if (error) {
    tone = 'error';
    body = <p className="verdict-note">{t.failed(error.message)}</p>;
  } else if (result) {
    tone = result.verdict;
    const line = verdictLine(result);
    const why = explainVerdict(result);
    body = (
      <>
        <p className="verdict-head">
          <span className="verdict-badge">
            <span aria-hidden="true">{verdictMarks[result.verdict]}</span>{' '}
            {t.verdictNames[result.verdict]}
          </span>{' '}
          {line !== null && <code className="verdict-line">{line}</code>}{' '}
          <button
            type="button"
            className="link-button verdict-why-toggle"
            aria-expanded={whyOpen}
            aria-controls={whyId}
            onClick={() => setWhyOpen((open) => !open)}
          >
            {messages.verdict.why}
          </button>
        </p>
        <p className="verdict-why" id={whyId} data-open={whyOpen || undefined}>
          {why.text}
          {why.reason === 'order' && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={onWhyOrder}>
                {messages.verdict.whyOrder}
              </button>
            </>
          )}
        </p>
      </>
    );
  } else {
    body = <p className="verdict-note">{running ? t.running(scenario) : t.idle}</p>;
  }
  return (
    <div
      role="status"
      aria-label={t.verdictLabel}
      aria-busy={running}
      className="verdict"
      data-tone={tone}
    >
      {body}
    </div>
  );
}
