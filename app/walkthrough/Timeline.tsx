/**
 * The controls (first, previous, next, last, play/pause, speed, key steps,
 * and a scrubber over every step); the lanes, one per process and thread,
 * are a tab of their own below the first screen (Lanes.tsx, MoreTabs.tsx),
 * so they are not part of the first picture's code. The controls stick to the bottom of the window
 * while the walkthrough is in view, so a class can step on while looking at
 * the stage. They only call store actions.
 */
import { useId } from 'react';
import { messages } from '../messages';
import {
  SPEEDS,
  firstStep,
  gotoStep,
  lastStep,
  STEP_BYS,
  selectPlaying,
  selectSpeed,
  selectStepBy,
  setStepBy,
  type StepBy,
  setSpeed,
  stepBack,
  stepForward,
  togglePlay,
} from '../store';
import { useRunState, useRunStoreApi } from '../store-context';
import type { StepView } from './use-step-view';

const t = messages.walkthrough;

export function Timeline({ view }: { view: StepView }) {
  const store = useRunStoreApi();
  const playing = useRunState(selectPlaying);
  const speed = useRunState(selectSpeed);
  const stepBy = useRunState(selectStepBy);
  const stepById = useId();
  const speedId = useId();
  const keyHintId = useId();
  const stepId = useId();
  const { step, count } = view;
  const atStart = step <= 0;
  const atEnd = step >= count;
  return (
    <div className="timeline" role="group" aria-label={t.timeline}>
      <div className="timeline-buttons">
        <button
          type="button"
          aria-label={t.first}
          title={t.first}
          disabled={atStart}
          onClick={() => firstStep(store)}
        >
          <Icon shape="first" />
        </button>
        <button
          type="button"
          aria-label={t.previous}
          title={t.previous}
          disabled={atStart}
          onClick={() => stepBack(store)}
        >
          <Icon shape="previous" />
        </button>
        <button
          type="button"
          className="timeline-play"
          aria-label={playing ? t.pause : t.play}
          title={playing ? t.pause : t.play}
          onClick={() => togglePlay(store)}
        >
          <Icon shape={playing ? 'pause' : 'play'} />
          <span className="timeline-play-text">{playing ? t.pause : t.play}</span>
        </button>
        <button
          type="button"
          aria-label={t.next}
          title={t.next}
          disabled={atEnd}
          onClick={() => stepForward(store)}
        >
          <Icon shape="next" />
        </button>
        <button
          type="button"
          aria-label={t.last}
          title={t.last}
          disabled={atEnd}
          onClick={() => lastStep(store)}
        >
          <Icon shape="last" />
        </button>
      </div>
      <div className="timeline-speed">
        <label htmlFor={speedId}>{t.speed}</label>
        <select
          id={speedId}
          value={speed}
          onChange={(e) => setSpeed(store, Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {t.speedOption(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="timeline-keys">
        <label htmlFor={stepById}>{t.stepBy}</label>
        <select
          id={stepById}
          value={stepBy}
          aria-describedby={keyHintId}
          onChange={(e) => setStepBy(store, e.target.value as StepBy)}
        >
          {STEP_BYS.map((by) => (
            <option key={by} value={by}>
              {t.stepByOption[by]}
            </option>
          ))}
        </select>
        <span id={keyHintId} className="visually-hidden">
          {t.keyStepsHint}
        </span>
      </div>
      <div className="timeline-scrub">
        <label htmlFor={stepId} className="visually-hidden">
          {t.scrubber}
        </label>
        <input
          id={stepId}
          type="range"
          min={0}
          max={count}
          step={1}
          value={step}
          aria-valuetext={t.position(step, count)}
          onChange={(e) => gotoStep(store, Number(e.target.value))}
        />
        <output htmlFor={stepId} className="timeline-position">
          {t.position(step, count)}
        </output>
      </div>
    </div>
  );
}

/** Drawn, not typed: the system fonts do not all have the media-control glyphs. */
const PATHS = {
  first: 'M3 2h2v12H3zM14 2v12L6 8z',
  previous: 'M12 2v12L4 8z',
  next: 'M4 2v12l8-6z',
  last: 'M11 2h2v12h-2zM2 2v12l8-6z',
  play: 'M4 2v12l10-6z',
  pause: 'M3 2h4v12H3zM9 2h4v12H9z',
} as const;

function Icon({ shape }: { shape: keyof typeof PATHS }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d={PATHS[shape]} fill="currentColor" />
    </svg>
  );
}
