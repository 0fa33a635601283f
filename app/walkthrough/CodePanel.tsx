/**
 * The scenario's Python 3 source with line numbers; the current line of each
 * process is tinted in its colour and labelled with its name, so colour is
 * never the only cue. MainProcess's line is kept in view. Both scripts are
 * syntax-highlighted by our own tokenizer (highlight.ts).
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { scriptSource } from '../../src/sim/scenarios';
import { messages } from '../messages';
import { CodeText } from './CodeText';
import { keepLineInView } from './follow';
import { highlighted } from './highlight';
import type { StepView } from './use-step-view';
import { colourProps } from './palette';
import { currentLines, type ProcessLine } from './view';

const t = messages.walkthrough;

// The asker's Python 2 script is behind its tab: not in the first picture's bundle.
const OriginalScript = lazy(() =>
  import('./OriginalScript').then((m) => ({ default: m.OriginalScript })),
);

export function CodePanel({ view }: { view: StepView }) {
  const [tab, setTab] = useState<'py3' | 'py2'>('py3');
  const source = scriptSource(view.result);
  const tokens = highlighted(source.lines, 'py3');
  const lines = useMemo(() => currentLines(view.state), [view.state]);
  const byLine = useMemo(() => {
    const map = new Map<number, ProcessLine[]>();
    for (const p of lines) {
      if (p.line === null || p.exited) continue;
      map.set(p.line, [...(map.get(p.line) ?? []), p]);
    }
    return map;
  }, [lines]);
  const panelRef = useRef<HTMLDivElement>(null);
  // Follow the process that acted last, or else the first process.
  const actorPid = view.state.last?.pid;
  const focusLine =
    lines.find((p) => p.pid === actorPid && p.line !== null)?.line ?? lines[0]?.line ?? null;

  // Keep that line in view, scrolling the panel only (never the page).
  useEffect(() => {
    if (panelRef.current) keepLineInView(panelRef.current);
  }, [focusLine]);

  return (
    <div className="code-panel">
      <div role="tablist" aria-label={t.tabs} className="code-tabs">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'py3'}
          onClick={() => setTab('py3')}
        >
          {t.tabPython3}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'py2'}
          onClick={() => setTab('py2')}
        >
          {t.tabPython2}
        </button>
      </div>
      {tab === 'py2' ? (
        <Suspense fallback={<p className="hint">{t.originalCaption}</p>}>
          <OriginalScript />
        </Suspense>
      ) : (
        <>
          <p className="hint">{t.codeCaption}</p>
          <div
            ref={panelRef}
            className="code-scroll"
            role="region"
            aria-label={t.code}
            tabIndex={0}
            data-focus-line={focusLine ?? undefined}
          >
            <pre className="code">
              <code>
                {source.lines.map((text, i) => {
                  const n = i + 1;
                  const here = byLine.get(n);
                  return (
                    <span
                      key={n}
                      className="code-line"
                      data-line={n}
                      data-marked={here ? 'true' : undefined}
                      {...(here ? colourProps(here[0]!.colour) : {})}
                    >
                      <span className="code-num" aria-hidden="true">
                        {n}
                      </span>
                      <CodeText text={text} tokens={tokens[i]} />
                      {here && (
                        <span className="code-marks">
                          {here.map((p) => (
                            <span key={p.pid} className="proc-chip" {...colourProps(p.colour)}>
                              {p.name}
                            </span>
                          ))}
                        </span>
                      )}
                    </span>
                  );
                })}
              </code>
            </pre>
          </div>
          {/* Focusable: on a wide screen it keeps two lines' height and scrolls. */}
          <ul className="proc-lines" aria-label={t.where} tabIndex={0}>
            {lines.map((p) => (
              <li key={p.pid} {...colourProps(p.colour)} data-exited={p.exited || undefined}>
                <span className="proc-swatch" aria-hidden="true" />
                {p.line === null ? t.noLine(p.name) : t.lineOf(p.name, p.line)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
