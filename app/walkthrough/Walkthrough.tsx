/**
 * The first screen: the verdict, then the stage beside
 * the narration and the code, then the step controls and the share buttons — sized to the window
 * on a wide screen, so that nothing needs scrolling and nothing moves from
 * step to step (each panel scrolls inside itself). Before the first run ends
 * it keeps its place and says it is running. Its keyboard shortcuts work
 * only while the focus is inside it.
 */
import { useId, useLayoutEffect } from 'react';
import { LazyCompareLinks } from '../compare/LazyCompareLinks';
import { Share } from '../components/Share';
import { VerdictBar } from '../components/VerdictBar';
import { messages } from '../messages';
import { CodePanel } from './CodePanel';
import { Narration } from './Narration';
import { Stage } from './stage/Stage';
import { StoryNav } from './story/StoryNav';
import { Timeline } from './Timeline';
import { useStepKeys } from './use-step-keys';
import type { StepView } from './use-step-view';

const t = messages.walkthrough;

/**
 * For `npm run bench:load` and the browser's performance panel: a mark when
 * the page's first run is first committed to the DOM (before the browser lays
 * it out), once per page.
 */
let firstCommitMarked = false;
function useFirstCommitMark(hasRun: boolean): void {
  useLayoutEffect(() => {
    if (!hasRun || firstCommitMarked) return;
    firstCommitMarked = true;
    performance.mark?.('mpviz:first-commit');
  }, [hasRun]);
}

export function Walkthrough({
  view,
  onWhyOrder,
}: {
  view: StepView | null;
  onWhyOrder: () => void;
}) {
  const onKeyDown = useStepKeys();
  const headingId = useId();
  const introId = useId();
  useFirstCommitMark(view !== null);
  return (
    <section
      className="walkthrough"
      aria-labelledby={headingId}
      aria-describedby={introId}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <h2 id={headingId} className="visually-hidden">
        {t.title}
      </h2>
      <p id={introId} className="visually-hidden">
        {t.intro}
      </p>
      <VerdictBar onWhyOrder={onWhyOrder} />
      {view ? (
        <>
          <div className="walkthrough-body">
            <div className="walkthrough-side">
              <Narration view={view} />
              <CodePanel view={view} />
            </div>
            <Stage view={view} links={<LazyCompareLinks />} />
          </div>
          <div className="walkthrough-foot">
            <StoryNav view={view} />
            <Timeline view={view} />
            <Share />
          </div>
        </>
      ) : (
        <div className="walkthrough-body walkthrough-waiting" aria-hidden="true" />
      )}
    </section>
  );
}
