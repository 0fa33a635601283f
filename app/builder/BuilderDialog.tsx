/**
 * The builder panel: a modal dialog opened from the settings bar (so the
 * walkthrough keeps the first screen). The format's choices as a form
 * (FormFields.tsx, drawn from FORMAT_CHOICES), and beside it a one-line
 * summary and the Python script the code panel will show, updating as the
 * learner chooses; the reasons from the format's reader when the choices
 * cannot run; presets; and Run, which makes the document the page's
 * scenario (its address then carries it). Loaded on demand.
 */
import { useEffect, useId, useMemo, useRef, useState, type SubmitEvent } from 'react';
import type { ScenarioDocument } from '../../src/sim/scenario-format';
import { scriptText, seedDocument } from '../../src/sim/scenarios';
import { DownloadScript } from '../components/DownloadScript';
import { messages } from '../messages';
import { builderMessages } from '../messages-builder';
import { selectParams, type RunStore } from '../store';
import { useRunState, useRunStoreApi } from '../store-context';
import { CodeText } from '../walkthrough/CodeText';
import { highlighted } from '../walkthrough/highlight';
import { applyDocument, reasonsShown } from './address';
import { FormFields } from './FormFields';
import { check, draftOf, summaryLine, type Draft } from './form';
import { shortLabel } from './labels';
import { PRESETS } from './presets';
import './builder.css';

const t = builderMessages.builder;

/** The document the builder opens with: the page's composed one, or its seed's. */
function initialDocument(store: RunStore): ScenarioDocument {
  const { params } = store.getState();
  return params.document ?? seedDocument(params.scenario);
}

/** The script for a document, or why it could not be made (never a crash). */
function scriptOf(
  document: ScenarioDocument,
  settings: Omit<ReturnType<typeof selectParams>, 'seed' | 'mode'>,
): { lines: readonly string[] } | { error: string } {
  try {
    const { startMethod, platform, python, call } = settings;
    const text = scriptText({
      scenario: document.number,
      document,
      startMethod,
      platform,
      python,
      call,
    });
    return { lines: text.replace(/\n$/, '').split('\n') };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** How many lines of `now` were not in `before` (as many times as they occur there). */
function changedLines(before: readonly string[], now: readonly string[]): Set<number> {
  const left = new Map<string, number>();
  for (const line of before) left.set(line, (left.get(line) ?? 0) + 1);
  const changed = new Set<number>();
  now.forEach((line, i) => {
    const n = left.get(line) ?? 0;
    if (n > 0) left.set(line, n - 1);
    else changed.add(i);
  });
  return changed;
}

export function BuilderDialog({ onClose }: { onClose: () => void }) {
  const store = useRunStoreApi();
  const params = useRunState(selectParams);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initialDocument(store)));
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const formId = useId();
  const reasonsId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const result = check(draft);
  const script = useMemo(
    () => (result.ok ? scriptOf(result.document, params) : null),
    // The draft's document, and the settings the script depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [draft, params.startMethod, params.platform, params.python, params.call],
  );
  const lines = script && 'lines' in script ? script.lines : null;
  // The lines that changed since the last script the choices made (state
  // derived while rendering: React re-renders at once, before painting).
  const [diff, setDiff] = useState<{ lines: readonly string[] | null; changed: Set<number> }>({
    lines,
    changed: new Set(),
  });
  if (lines !== null && lines !== diff.lines) {
    setDiff({ lines, changed: diff.lines ? changedLines(diff.lines, lines) : new Set() });
  }
  const changed = diff.changed;
  // The first changed line scrolled into the script's own view (never the
  // dialog's, which would pull the form away from the choice just made).
  const codeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const region = codeRef.current;
    const first = region?.querySelector<HTMLElement>('[data-changed]');
    if (!region || !first) return;
    const top =
      first.getBoundingClientRect().top - region.getBoundingClientRect().top + region.scrollTop;
    const bottom = top + first.getBoundingClientRect().height;
    const shown = top >= region.scrollTop && bottom <= region.scrollTop + region.clientHeight;
    if (!shown) region.scrollTop = Math.max(0, top - region.clientHeight / 3);
  }, [diff]);

  const runnable = result.ok && lines !== null;
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!result.ok || !runnable) return;
    if (applyDocument(store, result.document) === null) dialogRef.current?.close();
  };

  const summary = summaryLine(draft.doc, shortLabel);
  const settings =
    `${params.startMethod} · ${messages.platformName(params.platform)} · ` +
    `Python ${params.python} · ${params.call}`;
  const json = JSON.stringify(draft.doc, null, 2);

  return (
    <dialog ref={dialogRef} className="builder" aria-labelledby={titleId} onClose={onClose}>
      <header className="builder-head">
        <h2 id={titleId}>{t.title}</h2>
        <button type="button" className="builder-close" onClick={() => dialogRef.current?.close()}>
          {t.close}
        </button>
      </header>
      <p className="hint builder-intro">{t.intro}</p>
      <div className="builder-body">
        <form id={formId} className="builder-form" onSubmit={onSubmit} noValidate>
          <Presets onLoad={(doc) => setDraft(draftOf(doc))} />
          <FormFields draft={draft} onChange={setDraft} />
        </form>
        <div className="builder-output">
          <p className="builder-summary">
            <span className="builder-summary-label">{t.summaryLabel}: </span>
            <span data-testid="builder-summary">{summary}</span>
          </p>
          <p className="hint">{t.runsWith(settings)}</p>
          <div id={reasonsId} role="status" className="builder-status">
            {!result.ok && (
              <div className="builder-refused">
                <p>{t.refused}</p>
                <ul>
                  {reasonsShown(result.reasons).map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              </div>
            )}
            {script && 'error' in script && (
              <p className="builder-refused">{t.failed(script.error)}</p>
            )}
            {lines && <p className="visually-hidden">{t.changed(changed.size)}</p>}
          </div>
          {lines ? (
            <div
              ref={codeRef}
              className="code-scroll builder-code"
              role="region"
              aria-label={t.code}
              tabIndex={0}
            >
              <pre className="code">
                <code>
                  {lines.map((text, i) => (
                    <span
                      key={i}
                      className="code-line"
                      data-line={i + 1}
                      data-changed={changed.has(i) || undefined}
                    >
                      <span className="code-num" aria-hidden="true">
                        {i + 1}
                      </span>
                      <CodeText text={text} tokens={highlighted(lines)[i]} />
                    </span>
                  ))}
                </code>
              </pre>
            </div>
          ) : (
            <p className="hint">{t.noScript}</p>
          )}
          <details className="builder-json">
            <summary>{t.json}</summary>
            <pre>{json}</pre>
            <DownloadScript
              text={`${json}\n`}
              fileName="scenario.json"
              mimeType="application/json"
              label={t.download}
              hint={t.downloadHint('scenario.json')}
            />
          </details>
        </div>
      </div>
      <footer className="builder-foot">
        <button
          type="submit"
          form={formId}
          className="primary"
          aria-disabled={!runnable || undefined}
          aria-describedby={runnable ? undefined : reasonsId}
        >
          {t.run}
        </button>
        {!runnable && <span className="hint">{t.runDisabled}</span>}
      </footer>
    </dialog>
  );
}

function Presets({ onLoad }: { onLoad: (doc: ScenarioDocument) => void }) {
  const id = useId();
  const hintId = useId();
  const [chosen, setChosen] = useState(0);
  return (
    <div className="builder-presets field">
      <label htmlFor={id}>{t.presets}</label>
      <div className="builder-row">
        <select
          id={id}
          value={chosen}
          aria-describedby={hintId}
          onChange={(e) => setChosen(Number(e.currentTarget.value))}
        >
          {PRESETS.map((doc, i) => (
            <option key={doc.number} value={i} title={doc.summary}>
              {t.presetOption(doc.number, doc.title)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => onLoad(PRESETS[chosen]!)}>
          {t.load}
        </button>
      </div>
      <p id={hintId} className="hint">
        {t.presetsHint}
      </p>
    </div>
  );
}
