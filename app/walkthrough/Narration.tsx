/**
 * The teacher's voice: one or two sentences on why this step happens, in a
 * polite live region. At a checkpoint it asks the learner to predict first,
 * and reveals the answer at the step that settles it.
 */
import { messages } from '../messages';
import { answerCheckpoint, selectPredictions } from '../store';
import { useRunState, useRunStoreApi } from '../store-context';
import { stopAt } from './story/stops';
import type { StepView } from './use-step-view';
import { answeredAt, isCheckpoint, narration } from './view';

const t = messages.walkthrough;

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
      <p className="narration-text">{text}</p>
      <Checkpoint view={view} />
    </section>
  );
}

function Checkpoint({ view }: { view: StepView }) {
  const store = useRunStoreApi();
  const predictions = useRunState(selectPredictions);
  const trace = view.result.trace;
  const asked = isCheckpoint(trace, view.step);
  const settled = answeredAt(trace, view.step);

  if (asked) {
    const answer = predictions[asked.step];
    return (
      <div className="checkpoint">
        <p className="checkpoint-question">
          <strong>{t.checkpointLabel}:</strong> {asked.question}
        </p>
        {answer === undefined ? (
          <div className="checkpoint-answers">
            <button type="button" onClick={() => answerCheckpoint(store, asked.step, true)}>
              {asked.yes}
            </button>
            <button type="button" onClick={() => answerCheckpoint(store, asked.step, false)}>
              {asked.no}
            </button>
          </div>
        ) : (
          <p className="checkpoint-wait">
            {t.checkpointYour(answer ? asked.yes : asked.no)} {t.checkpointLater}
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
