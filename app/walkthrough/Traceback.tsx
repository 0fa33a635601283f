/**
 * The exception as of the current step (SimState.exception), as CPython
 * prints it, with a marker line wherever the frames pass from one thread to
 * another: in scenario 1 the frames from `_handle_tasks` on ran in the
 * Pool's task-handler thread, the ones above them in MainThread. The marker
 * is text (colour only repeats it) and is left out when copying.
 */
import { useId, useMemo } from 'react';
import { messages } from '../messages';
import { colourProps } from './palette';
import { tracebackAt, type ThreadRef, type TracebackView } from './traceback';
import type { StepView } from './use-step-view';
import { currentLines } from './view';

const t = messages.walkthrough;

function where(ref: ThreadRef): string {
  return t.threadOf(ref.process, ref.thread);
}

function status(view: TracebackView): string {
  const crosses = view.groups.length > 1;
  switch (view.phase) {
    case 'raised':
      return t.tracebackRaised(where(view.at));
    case 'stored':
      return t.tracebackStored(where(view.at));
    case 'reraised':
      return t.tracebackReraised(where(view.at), crosses ? where(view.raisedIn) : null);
    case 'printed':
      return t.tracebackPrinted(where(view.at), crosses);
  }
}

export function Traceback({ view }: { view: StepView }) {
  const headingId = useId();
  const trace = view.result.trace;
  const traceback = useMemo(() => tracebackAt(trace, view.step), [trace, view.step]);
  const colours = useMemo(
    () => new Map(currentLines(view.state).map((p) => [p.pid, p.colour])),
    [view.state],
  );
  return (
    <section className="traceback" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.traceback}</h3>
      {traceback === null ? (
        <p className="hint">{t.tracebackNone}</p>
      ) : (
        <>
          <p className="traceback-status">{status(traceback)}</p>
          <pre className="traceback-text" tabIndex={0}>
            {traceback.head.map((line, i) => (
              <span key={`h${i}`} className="traceback-line">
                {line}
              </span>
            ))}
            {traceback.groups.map((group, g) => (
              <span
                key={`${group.tid}-${g}`}
                className="traceback-group"
                data-other-thread={
                  traceback.groups.length > 1 && group.tid !== traceback.at.tid ? 'true' : undefined
                }
                {...colourProps(colours.get(group.pid) ?? 0)}
              >
                {traceback.groups.length > 1 && (
                  <span className="traceback-thread">
                    {t.tracebackThread(where(group), group.tid !== traceback.at.tid)}
                  </span>
                )}
                {group.frames.flatMap((frame, f) =>
                  frame.lines.map((line, l) => (
                    <span key={`${f}-${l}`} className="traceback-line">
                      {line}
                    </span>
                  )),
                )}
              </span>
            ))}
            <span className="traceback-line traceback-error">{traceback.error}</span>
            {traceback.notes.map((note, i) => (
              <span key={`note-${i}`} className="traceback-line traceback-note">
                {note}
              </span>
            ))}
          </pre>
        </>
      )}
    </section>
  );
}
