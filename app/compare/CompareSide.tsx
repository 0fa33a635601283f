/**
 * One side of the comparison: a region named by its scenario and start
 * method, with its own store (every component inside reads that store), the
 * story stop it is at, the objects' journeys so far, and the story view of
 * the stage. The sides never step on their own: CompareApp moves them.
 */
import { useId } from 'react';
import { specOf } from '../../src/sim/scenarios';
import { messages } from '../messages';
import { compareMessages } from '../messages-compare';
import { selectError, selectParams, type RunStore } from '../store';
import { RunStoreProvider, useRunState } from '../store-context';
import { StoryIdScope } from '../walkthrough/stage/story/id-scope';
import { StoryStage } from '../walkthrough/stage/story/StoryStage';
import { stopAt, type StoryStop } from '../walkthrough/story/stops';
import type { StepView } from '../walkthrough/use-step-view';
import { Journeys } from '../walkthrough/story/Journeys';
import { useStepView } from '../walkthrough/use-step-view';

const c = compareMessages.compare;

interface Props {
  readonly store: RunStore;
  /** The stop this side is at in the comparison's row (null where it holds). */
  readonly stop: StoryStop | null;
  /** Whether this side has reached its first stop yet. */
  readonly started: boolean;
}

export function CompareSide({ store, ...props }: Props) {
  return (
    <RunStoreProvider store={store}>
      <Side {...props} />
    </RunStoreProvider>
  );
}

function Side({ stop, started }: Omit<Props, 'store'>) {
  const params = useRunState(selectParams);
  const error = useRunState(selectError);
  const view = useStepView();
  const headingId = useId();
  // A composed scenario's own spec (its document), or the seed's.
  const spec = specOf(params);
  return (
    <section className="compare-side" aria-labelledby={headingId}>
      <h3 id={headingId} className="compare-side-title">
        {c.side(params.scenario, spec.title, params.startMethod)}
      </h3>
      {view ? (
        <>
          <div className="compare-stop" aria-live="polite">
            <p className="compare-stop-meta">
              {messages.walkthrough.position(view.step, view.count)}
            </p>
            {stop ? (
              <>
                <h4 className="compare-stop-title">{stop.title}</h4>
                <p className="compare-stop-text">{stop.text}</p>
              </>
            ) : (
              <HeldStop view={view} started={started} />
            )}
          </div>
          <Journeys view={view} headingLevel={4} />
          <StoryIdScope.Provider value={`${headingId}-`}>
            <StoryStage view={view} />
          </StoryIdScope.Provider>
        </>
      ) : (
        <p className="hint">{error ? c.failed(error.message) : c.running}</p>
      )}
    </section>
  );
}

/** A side with no stop at this moment: it stays at the stop it was at (or has not begun). */
function HeldStop({ view, started }: { view: StepView; started: boolean }) {
  const held = started ? stopAt(view.result.trace, view.step) : null;
  return (
    <>
      <p className="compare-stop-hold">{started ? c.holding : c.waiting}</p>
      {held && <p className="compare-stop-held">{c.heldAt(held.title)}</p>}
    </>
  );
}
