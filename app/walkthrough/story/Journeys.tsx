/**
 * "The Lock's journey", one line per object: where it was made and the
 * route it has taken up to this step (journey.ts). Each part is a list item
 * between arrows (the arrows are decoration; the list says the order).
 */
import { useId, useMemo } from 'react';
import { compareMessages } from '../../messages-compare';
import type { StepView } from '../use-step-view';
import { journeysAt, type Journey } from './journey';

const j = compareMessages.journey;

export function Journeys({ view, headingLevel = 3 }: { view: StepView; headingLevel?: 3 | 4 }) {
  const headingId = useId();
  const trace = view.result.trace;
  const journeys = useMemo(() => journeysAt(trace, view.step), [trace, view.step]);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    // A group, not a region: two sides of a comparison each have one, with the same name.
    <div className="journeys" role="group" aria-labelledby={headingId}>
      <Heading id={headingId} className="journeys-title">
        {j.title}
      </Heading>
      {journeys.length === 0 ? (
        <p className="journeys-none">{j.none}</p>
      ) : (
        journeys.map((journey) => <JourneyLine key={journey.object} journey={journey} />)
      )}
    </div>
  );
}

function JourneyLine({ journey }: { journey: Journey }) {
  return (
    <div className="journey" data-proxy={journey.proxy || undefined}>
      <span className="journey-object">{journey.object}:</span>
      <ol className="journey-parts" aria-label={j.label(journey.object)}>
        {journey.parts.map((part, i) => (
          <li key={`${part.kind}-${i}`} className="journey-part" data-kind={part.kind}>
            {i > 0 && (
              <span className="journey-arrow" aria-hidden="true">
                {' → '}
              </span>
            )}
            {part.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
