/**
 * The timeline's lanes: one per thread of every process, labelled with
 * CPython's names, with a mark for each telling event at its step (a shape
 * per kind, explained by the legend) and the cursor at the current step.
 * Clicking a lane shows the step of its nearest event. Marks are drawn into
 * one SVG per lane from the bucketed lanes (lanes.ts), so a long trace costs
 * a few hundred nodes per lane, not one per event; they are decorative
 * (aria-hidden): the labels, the scrubber and the narration carry the words.
 */
import { memo, useEffect, useId, useRef, type MouseEvent } from 'react';
import { messages } from '../messages';
import { gotoStep } from '../store';
import { useRunStoreApi } from '../store-context';
import {
  MARK_KINDS,
  laneLabel,
  lanesFor,
  nearestStep,
  stepAtFraction,
  type Lane,
  type MarkKind,
} from './lanes';
import type { StepView } from './use-step-view';
import { colourProps } from './palette';

const t = messages.walkthrough;

/** Each mark's shape, centred on (0, 0), within ±6: a shape per kind, so colour is never needed. */
const GLYPHS: Readonly<Record<MarkKind, string>> = {
  pickle: 'M-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0z',
  refused: 'M-4 -4L4 4M4 -4L-4 4',
  write: 'M0 -5L4.5 3.5H-4.5z',
  read: 'M0 5L4.5 -3.5H-4.5z',
  block: 'M-4 -4.5h3v9h-3zM1 -4.5h3v9h-3z',
  proxy: 'M0 -5L5 0L0 5L-5 0z',
  print: 'M-4.5 -1.5h9v3h-9z',
  exception: 'M-1.75 -6h3.5v7.5h-3.5zM-1.75 3h3.5v3.25h-3.5z',
};

function glyphId(prefix: string, kind: MarkKind): string {
  return `${prefix}-${kind}`;
}

export function Lanes({ view }: { view: StepView }) {
  const store = useRunStoreApi();
  const { lanes, count } = lanesFor(view.result.trace);
  const prefix = `lane-glyph${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const titleId = useId();
  const hintId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const { step } = view;
  const last = view.state.last;
  const activeKey = last ? `${last.pid}/${last.tid}` : null;
  const cursor = `${count > 0 ? (step / count) * 100 : 0}%`;

  // Keep the lane that acted in view, scrolling the list only (never the page).
  useEffect(() => {
    const list = listRef.current;
    const row = list?.querySelector<HTMLElement>('[aria-current="true"]');
    if (!list || !row) return;
    const top = row.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + row.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }, [activeKey]);

  const jump = (lane: Lane) => (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = stepAtFraction(box.width > 0 ? (event.clientX - box.left) / box.width : 0, count);
    gotoStep(store, nearestStep(lane, at));
  };

  return (
    <div className="lanes" role="group" aria-labelledby={titleId} aria-describedby={hintId}>
      <div className="lanes-head">
        <span id={titleId} className="lanes-title">
          {t.lanes}
        </span>
        <span id={hintId} className="hint">
          {t.lanesHint}
        </span>
      </div>
      <svg className="lane-defs" width="0" height="0" aria-hidden="true" focusable="false">
        <defs>
          {MARK_KINDS.map((kind) => (
            <path key={kind} id={glyphId(prefix, kind)} d={GLYPHS[kind]} />
          ))}
        </defs>
      </svg>
      {/* Scrolls when a run has many threads: focusable so the keyboard can scroll it too. */}
      <ul className="lanes-list" ref={listRef} tabIndex={0} aria-label={t.lanesList}>
        {lanes.map((lane) => {
          const alive = step >= lane.start && (lane.end === null || step < lane.end);
          const label = laneLabel(lane, step);
          return (
            <li
              key={lane.key}
              className="lane"
              {...colourProps(lane.colour)}
              aria-current={lane.key === activeKey ? 'true' : undefined}
              data-alive={alive || undefined}
            >
              <span className="lane-label" title={label}>
                <span className="proc-swatch" aria-hidden="true" />
                <span className="lane-name">{label}</span>
              </span>
              <div className="lane-track" onClick={jump(lane)} aria-hidden="true">
                <LaneMarks lane={lane} count={count} prefix={prefix} />
                <span className="lane-cursor" style={{ left: cursor }} />
              </div>
            </li>
          );
        })}
      </ul>
      <ul className="lanes-legend" aria-label={t.legend}>
        {MARK_KINDS.map((kind) => (
          <li key={kind}>
            <svg
              className="legend-glyph"
              viewBox="-7 -7 14 14"
              width="14"
              height="14"
              aria-hidden="true"
              focusable="false"
            >
              <use href={`#${glyphId(prefix, kind)}`} className={`mark mark-${kind}`} />
            </svg>
            {t.markNames[kind]}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A lane's lifespan, activity ticks and marks; redrawn only when the trace changes. */
const LaneMarks = memo(function LaneMarks({
  lane,
  count,
  prefix,
}: {
  lane: Lane;
  count: number;
  prefix: string;
}) {
  const span = Math.max(1, count);
  const end = lane.end ?? count;
  let ticks = '';
  for (const s of lane.activity) ticks += `M${s} 4v4`;
  return (
    <>
      <svg
        className="lane-activity"
        viewBox={`0 0 ${span} 12`}
        preserveAspectRatio="none"
        focusable="false"
      >
        <path className="lane-span" d={`M${lane.start} 6H${end}`} />
        {ticks !== '' && <path className="lane-ticks" d={ticks} />}
      </svg>
      <svg className="lane-marks" focusable="false">
        {lane.marks.map((m) => (
          <use
            key={m.step}
            href={`#${glyphId(prefix, m.kind)}`}
            className={`mark mark-${m.kind}`}
            x={`${(m.step / span) * 100}%`}
            y="50%"
          />
        ))}
      </svg>
    </>
  );
});
