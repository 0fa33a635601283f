/**
 * The step-through of the last run: the code with each process's line, the
 * narration, and the timeline. Its keyboard shortcuts work only while the
 * focus is inside it.
 */
import { useId } from 'react';
import { Share } from '../components/Share';
import { messages } from '../messages';
import { CodePanel } from './CodePanel';
import { Console } from './Console';
import { Narration } from './Narration';
import { Stage } from './stage/Stage';
import { Timeline } from './Timeline';
import { Traceback } from './Traceback';
import { useStepKeys } from './use-step-keys';
import { useStepView } from './use-step-view';

const t = messages.walkthrough;

export function Walkthrough() {
  const view = useStepView();
  const onKeyDown = useStepKeys();
  const introId = useId();
  if (!view) return null;
  return (
    <section
      className="walkthrough"
      aria-label={t.title}
      aria-describedby={introId}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <div className="walkthrough-head">
        <h2>{t.title}</h2>
        <Share />
      </div>
      <p id={introId} className="hint walkthrough-intro">
        {t.intro}
      </p>
      <div className="walkthrough-body">
        <div className="walkthrough-side">
          <Narration view={view} />
          <CodePanel view={view} />
        </div>
        <Stage view={view} />
      </div>
      <Timeline view={view} />
      <Console view={view} />
      <Traceback view={view} />
    </section>
  );
}
