/**
 * The stage: the story view by default (the actors and objects the question
 * is about), and the full view of handle tables and Pool internals behind
 * one switch. Callers render `<Stage view={view} />` either way.
 */
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
import { messages } from '../../messages';
import type { StepView } from '../use-step-view';
import { StoryStage } from './story/StoryStage';

// The full view is one switch away: loaded when first shown, not with the first picture.
const FullStage = lazy(() => import('./FullStage').then((m) => ({ default: m.FullStage })));

/**
 * `links`: what the heading offers beside the title. The page and the embed
 * pass the links to the comparisons (LazyCompareLinks), loaded with their
 * strings since they are not needed for the first picture either.
 */
export function Stage({ view, links }: { view: StepView; links?: ReactNode }) {
  const [internals, setInternals] = useState(false);
  const headingId = useId();
  return (
    <>
      <section
        className="stage"
        aria-labelledby={headingId}
        data-view={internals ? 'full' : 'story'}
      >
        <div className="stage-head">
          <h3 id={headingId}>{messages.stage.title}</h3>
          {links}
          <label className="stage-internals">
            <input
              type="checkbox"
              checked={internals}
              onChange={(e) => setInternals(e.target.checked)}
            />{' '}
            {messages.story.showInternals}
          </label>
        </div>
        {internals ? (
          <Suspense fallback={<p className="hint">{messages.story.loadingInternals}</p>}>
            <FullStage view={view} />
          </Suspense>
        ) : (
          <StoryStage view={view} />
        )}
      </section>
    </>
  );
}
