/**
 * What the processes have printed up to the current step, interleaved as it
 * happened: each line tagged with its process (colour and name, so colour is
 * never the only cue); tracebacks (stderr) marked as such.
 */
import { useMemo } from 'react';
import { messages } from '../messages';
import type { StepView } from './use-step-view';
import { colourProps } from './palette';
import { currentLines } from './view';

const t = messages.walkthrough;

export function Console({ view }: { view: StepView }) {
  const colours = useMemo(
    () => new Map(currentLines(view.state).map((p) => [p.pid, p])),
    [view.state],
  );
  const output = view.state.output;
  return (
    <div className="console">
      <h3>{t.console}</h3>
      <div className="console-scroll" role="log" aria-label={t.console} tabIndex={0}>
        {output.length === 0 ? (
          <p className="hint">{t.consoleEmpty}</p>
        ) : (
          <pre>
            {output.map((line) => {
              const p = colours.get(line.pid);
              return line.text.split('\n').map((text, i) => (
                <span key={`${line.seq}-${i}`} className="console-line" data-stream={line.stream}>
                  <span className="proc-chip" {...colourProps(p?.colour ?? 0)}>
                    {p?.name ?? line.pid}
                  </span>
                  {line.stream === 'stderr' && <span className="console-stream">{t.stderr}</span>}
                  <span className="console-text">{text || ' '}</span>
                </span>
              ));
            })}
          </pre>
        )}
      </div>
    </div>
  );
}
