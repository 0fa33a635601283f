/**
 * The story's stops as one compact strip of numbered chips: each chip's
 * accessible name is its title (shown on the current chip), the current one
 * is marked `aria-current="step"`, and a click goes there (the address
 * follows, through `gotoStep`). One line high at every step, so nothing
 * around it moves.
 */
import { messages } from '../../messages';
import { gotoStep } from '../../store';
import { useRunStoreApi } from '../../store-context';
import type { StepView } from '../use-step-view';
import { currentStop, storyStops } from './stops';

const t = messages.stops;

export function StoryNav({ view }: { view: StepView }) {
  const store = useRunStoreApi();
  const trace = view.result.trace;
  const stops = storyStops(trace);
  const current = currentStop(trace, view.step);
  if (stops.length === 0) return null;
  return (
    <nav className="story-nav" aria-label={t.nav}>
      <ol>
        {stops.map((stop, i) => {
          const here = current?.step === stop.step && view.step === stop.step;
          return (
            <li key={stop.step}>
              <button
                type="button"
                className="story-chip"
                aria-current={here ? 'step' : undefined}
                data-passed={current !== null && stop.step <= current.step ? 'true' : undefined}
                title={t.stopLabel(i + 1, stop.title)}
                onClick={() => gotoStep(store, stop.step)}
              >
                <span className="story-chip-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className={here ? 'story-chip-title' : 'visually-hidden'}>{stop.title}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
