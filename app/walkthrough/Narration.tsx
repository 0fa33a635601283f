/**
 * The teacher's voice: one or two sentences on why this step happens, in a
 * polite live region. At a checkpoint it asks the learner to predict first,
 * and reveals the answer at the step that settles it.
 */
import { useEffect, useId, useRef } from 'react';
import { messages } from '../messages';
import { storyMessages } from '../messages-story';
import {
  answerCheckpoint,
  selectAsking,
  selectPredictions,
  selectSkipped,
  skipCheckpoint,
} from '../store';
import { useRunState, useRunStoreApi } from '../store-context';
import { stopAt } from './story/stops';
import type { StepView } from './use-step-view';
import { answeredAt, isCheckpoint, narration } from './view';
import './checkpoint.css';

const t = messages.walkthrough;
const ask = storyMessages.ask;

export function Narration({ view }: { view: StepView }) {
  const trace = view.result.trace;
  const text = narration(trace, view.step);
  const stop = stopAt(trace, view.step);
  const last = view.state.last;
  const actor = last ? view.state.processes[last.pid]?.name : undefined;
  return (
    <section
      className="narration"
      aria-label={t.narration}
      aria-live="polite"
      // It scrolls inside itself when a stop's story is long: reachable by keyboard.
      tabIndex={0}
    >
      <p className="narration-meta">
        {t.position(view.step, view.count)}
        {last && actor && (
          <>
            {' · '}
            {actor} · {last.thread}
          </>
        )}
      </p>
      {stop && (
        <>
          <h3 className="narration-stop">{stop.title}</h3>
          <p className="narration-story">{stop.text}</p>
        </>
      )}
      {/* At a stop that asks, or that reveals an answer, the stop's story and the
          question (or its answer) say it all: the sentence about the event is left
          out, so that nothing is said twice and everything fits. */}
      {!(stop && (isCheckpoint(trace, view.step) || answeredAt(trace, view.step))) && (
        <p className="narration-text">{text}</p>
      )}
      <Checkpoint view={view} />
    </section>
  );
}

function Checkpoint({ view }: { view: StepView }) {
  const store = useRunStoreApi();
  const predictions = useRunState(selectPredictions);
  const asking = useRunState(selectAsking);
  const skipped = useRunState(selectSkipped);
  const questionId = useId();
  const groupRef = useRef<HTMLDivElement>(null);
  const trace = view.result.trace;
  const asked = isCheckpoint(trace, view.step);
  const settled = answeredAt(trace, view.step);
  const isAsking = asked !== null && asking === asked.step;
  // Next stopped to ask: the question takes the focus, with its answers and the skip.
  useEffect(() => {
    if (isAsking) groupRef.current?.focus();
  }, [isAsking]);

  if (asked) {
    const answer = predictions[asked.step];
    const skip = asked.step in skipped;
    return (
      <div
        ref={groupRef}
        className="checkpoint"
        role="group"
        aria-labelledby={questionId}
        data-asking={isAsking ? 'true' : undefined}
        tabIndex={-1}
      >
        <p className="checkpoint-question" id={questionId}>
          <strong>{t.checkpointLabel}:</strong> {asked.question}
        </p>
        {answer === undefined && !skip ? (
          <>
            <div className="checkpoint-answers">
              <button type="button" onClick={() => answerCheckpoint(store, asked.step, true)}>
                {asked.yes}
              </button>
              <button type="button" onClick={() => answerCheckpoint(store, asked.step, false)}>
                {asked.no}
              </button>
            </div>
            {isAsking && (
              <p className="checkpoint-ask">
                {ask.text}{' '}
                <button
                  type="button"
                  className="checkpoint-skip"
                  onClick={() => skipCheckpoint(store, asked.step)}
                >
                  {ask.skip}
                </button>
              </p>
            )}
          </>
        ) : (
          <p className="checkpoint-wait">
            {answer === undefined ? ask.skipped : t.checkpointYour(answer ? asked.yes : asked.no)}{' '}
            {t.checkpointLater}
          </p>
        )}
      </div>
    );
  }
  if (settled) {
    const answer = predictions[settled.step];
    return (
      <div className="checkpoint" data-revealed="true">
        {answer !== undefined && (
          <p className="checkpoint-verdict">
            <strong>{answer === settled.answer ? t.checkpointRight : t.checkpointWrong}</strong>
          </p>
        )}
        {answer !== undefined && answer !== settled.answer && (
          <p className="checkpoint-misconception">{settled.misconception}</p>
        )}
        <p>{settled.reveal}</p>
      </div>
    );
  }
  return null;
}
