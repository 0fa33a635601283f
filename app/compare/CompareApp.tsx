/**
 * Two or three walkthroughs side by side (`?compare=1,3`,
 * `?compare=fork,spawn`), each a region named by its scenario and start
 * method, each with its own store; one pair of Previous/Next moves every
 * side to the next *moment* of the comparison (align.ts), so that scenario
 * 1's refusal stands beside scenario 3's inheritance. The arrow keys do the
 * same while the focus is inside the comparison.
 */
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { Trace } from '../../src/sim/trace';
import { Notices } from '../components/Notices';
import { messages } from '../messages';
import { LanguageLinks } from '../components/LanguageSwitch';
import { compareMessages } from '../messages-compare';
import { gotoStep, type RunStore } from '../store';
import { compareRows, routeRow, type CompareRow } from './align';
import { CompareSide } from './CompareSide';
import type { Comparison } from './param';

const c = compareMessages.compare;

/** Every side's trace, or null while any side has none. */
function read(sides: readonly RunStore[]): readonly Trace[] | null {
  const traces = sides.map((side) => side.getState().result?.trace ?? null);
  return traces.every((t) => t !== null) ? (traces as Trace[]) : null;
}

/** The sides' traces once every side has run (null until then). */
function useTraces(sides: readonly RunStore[]): readonly Trace[] | null {
  const [traces, setTraces] = useState(() => read(sides));
  useEffect(() => {
    const update = () =>
      setTraces((before) => {
        const now = read(sides);
        const same = before === now || (before && now && before.every((t, i) => t === now[i]));
        return same ? before : now;
      });
    const unsubscribe = sides.map((side) => side.subscribe(update));
    update();
    return () => unsubscribe.forEach((u) => u());
  }, [sides]);
  return traces;
}

/** A moment in words: each side's stop there (or that it holds). */
function momentTitle(row: CompareRow): string {
  return row.stops.map((stop) => stop?.title ?? c.holds).join(' | ');
}

export function CompareApp({
  comparison,
  sides,
  singleSearch,
  embedded = false,
}: {
  comparison: Comparison;
  sides: readonly RunStore[];
  /** The address of the same settings as one walkthrough. */
  singleSearch: string;
  /** In the embed's frame: no page header (the host page has its own). */
  embedded?: boolean;
}) {
  const headingId = useId();
  const traces = useTraces(sides);
  const rows = useMemo(() => (traces ? compareRows(traces) : []), [traces]);
  const [row, setRow] = useState(0);
  const shown = useRef(-1);
  // Every side shows the row's step (the sides never move on their own); one row on, each
  // side's stage draws the movement, as Next does in one walkthrough.
  useEffect(() => {
    const at = rows[row];
    if (!at) return;
    const move = shown.current >= 0 && row === shown.current + 1 ? 'forward' : 'jump';
    shown.current = row;
    sides.forEach((side, i) => gotoStep(side, at.steps[i]!, move));
  }, [rows, row, sides]);

  const previous = useCallback(() => setRow((r) => Math.max(0, r - 1)), []);
  const next = useCallback(
    () => setRow((r) => Math.min(Math.max(rows.length - 1, 0), r + 1)),
    [rows.length],
  );
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
    if (event.key === 'ArrowLeft') previous();
    else if (event.key === 'ArrowRight') next();
    else if (event.key === 'Home') setRow(0);
    else if (event.key === 'End') setRow(Math.max(rows.length - 1, 0));
    else return;
    event.preventDefault();
  };
  const intro =
    comparison.kind === 'scenarios'
      ? c.introScenarios(comparison.scenarios[0], comparison.scenarios[1])
      : c.introMethods(comparison.methods);
  const route = traces ? routeRow(traces, rows) : -1;
  return (
    <>
      {!embedded && (
        <header className="page-header">
          <h1>{messages.productName}</h1>
          <p className="tagline">{messages.tagline}</p>
          <LanguageLinks search={window.location.search} />
        </header>
      )}
      <main className="page compare-page" data-embedded={embedded || undefined}>
        <Notices onEmpty={() => {}} />
        <section
          className="compare"
          aria-labelledby={headingId}
          onKeyDown={onKeyDown}
          tabIndex={-1}
        >
          <div className="compare-head">
            <h2 id={headingId}>{c.title}</h2>
            <p className="compare-intro">
              {c.intro(intro)} {messages.story.caption}
            </p>
            <a className="compare-back" href={singleSearch || window.location.pathname}>
              {c.back}
            </a>
          </div>
          <div className="compare-controls" role="group" aria-label={c.controls}>
            <button type="button" onClick={previous} disabled={!traces || row <= 0}>
              <span aria-hidden="true">◀</span> {c.previous}
            </button>
            <button type="button" onClick={next} disabled={!traces || row >= rows.length - 1}>
              {c.next} <span aria-hidden="true">▶</span>
            </button>
            <output className="compare-position" aria-live="polite">
              {traces ? c.position(row + 1, rows.length) : c.running}
              {row === route && traces ? ` · ${c.routeHere}` : ''}
            </output>
            {traces && (
              <nav className="compare-moments" aria-label={c.moments}>
                <ol>
                  {rows.map((r, i) => (
                    <li key={i}>
                      <button
                        type="button"
                        className="story-chip"
                        aria-current={i === row ? 'step' : undefined}
                        data-passed={i <= row ? 'true' : undefined}
                        data-route={i === route ? 'true' : undefined}
                        aria-label={c.momentLabel(i + 1, momentTitle(r), i === route)}
                        title={c.momentLabel(i + 1, momentTitle(r), i === route)}
                        onClick={() => setRow(i)}
                      >
                        {i + 1}
                      </button>
                    </li>
                  ))}
                </ol>
              </nav>
            )}
          </div>
          <div className="compare-sides" data-sides={sides.length}>
            {sides.map((side, i) => (
              <CompareSide
                key={i}
                store={side}
                stop={rows[row]?.stops[i] ?? null}
                started={(rows[row]?.steps[i] ?? 0) > 0}
              />
            ))}
          </div>
        </section>
      </main>
    </>
  );
}
