/**
 * The embed: a compact walkthrough for an iframe 400–800 px wide. The run
 * starts by itself; the narration, then the processes (or the code, or the
 * console), then the step controls. "Open in mpviz" opens the full app at
 * the same settings and step. The verdict line is a status region, as in
 * the app.
 */
import { useId, useState } from 'react';
import { specOf } from '../../src/sim/scenarios';
import { isOpaqueOrigin } from '../../src/workers';
import { LazyCompareLinks } from '../compare/LazyCompareLinks';
import { ConfirmationAlert } from '../components/EngineLine';
import { messages } from '../messages';
import { Notices } from '../components/Notices';
import { verdictLine } from '../outcome';
import { selectError, selectIsolated, selectParams, selectResult, selectStep } from '../store';
import { useRunState } from '../store-context';
import { CodePanel } from '../walkthrough/CodePanel';
import { Console } from '../walkthrough/Console';
import { Narration } from '../walkthrough/Narration';
import { Stage } from '../walkthrough/stage/Stage';
import { Timeline } from '../walkthrough/Timeline';
import { useStepKeys } from '../walkthrough/use-step-keys';
import { useStepView } from '../walkthrough/use-step-view';
import { appUrl, type EmbedOptions } from './options';

const t = messages.embed;

type View = 'stage' | 'code' | 'console';
// The label's key, read when drawn: a locale's strings arrive after this module is evaluated.
const VIEWS = [
  { id: 'stage', label: 'viewStage' },
  { id: 'code', label: 'viewCode' },
  { id: 'console', label: 'viewConsole' },
] as const satisfies readonly { id: View; label: keyof typeof t }[];

export function EmbedApp({ options, appBase }: { options: EmbedOptions; appBase: string }) {
  const params = useRunState(selectParams);
  const step = useRunState(selectStep);
  const result = useRunState(selectResult);
  const error = useRunState(selectError);
  const isolated = useRunState(selectIsolated);
  const scenario = specOf(params);
  const atEnd = result !== null && step === result.trace.events.length;
  const href = appUrl(appBase, params, result ? step : null);
  return (
    <main className="embed" tabIndex={-1}>
      <header className="embed-head">
        <h1 className="embed-title">{t.title(scenario.id, scenario.title)}</h1>
        <a className="embed-open" href={href} target="_blank" rel="noopener" title={t.openHint}>
          {t.open} <span aria-hidden="true">↗</span>
        </a>
      </header>
      {/* What the embed's address asked for that it could not use, as in the app. */}
      <Notices onEmpty={focusMain} />
      {!isolated && (
        <p
          className="embed-engine hint"
          data-testid="isolation-status"
          data-isolated="false"
          data-sandboxed={isOpaqueOrigin() ? 'true' : undefined}
        >
          {isOpaqueOrigin() ? t.sandboxed : t.notIsolated}
        </p>
      )}
      {error && <p role="alert">{t.failed(error.message)}</p>}
      {/* Real workers contradicted the run shown: never hidden, even here. */}
      <ConfirmationAlert />
      {/* The verdict waits for the last step: before it, it would answer the checkpoints. */}
      <p className="embed-verdict" role="status" aria-label={messages.result.verdictLabel}>
        {result && atEnd ? (verdictLine(result) ?? result.verdict) : ''}
      </p>
      <EmbedWalkthrough controls={options.controls} />
    </main>
  );
}

/** After the last notice is dismissed, the focus goes to the embed itself. */
function focusMain(): void {
  document.querySelector<HTMLElement>('main.embed')?.focus();
}

function EmbedWalkthrough({ controls }: { controls: boolean }) {
  const view = useStepView();
  const onKeyDown = useStepKeys();
  const [shown, setShown] = useState<View>('stage');
  const tabsId = useId();
  if (!view) {
    return (
      <p className="embed-running" aria-busy="true">
        {t.running}
      </p>
    );
  }
  return (
    <section
      className="walkthrough embed-walkthrough"
      aria-label={messages.walkthrough.title}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <Narration view={view} />
      <div className="embed-tabs" role="tablist" aria-label={t.views}>
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            id={`${tabsId}-${v.id}`}
            aria-selected={shown === v.id}
            aria-controls={`${tabsId}-${v.id}-panel`}
            tabIndex={shown === v.id ? 0 : -1}
            onClick={() => setShown(v.id)}
          >
            {t[v.label]}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${tabsId}-${shown}-panel`}
        aria-labelledby={`${tabsId}-${shown}`}
        className="embed-panel"
      >
        {shown === 'stage' && <Stage view={view} links={<LazyCompareLinks />} />}
        {shown === 'code' && <CodePanel view={view} />}
        {shown === 'console' && <Console view={view} />}
      </div>
      {controls && <Timeline view={view} />}
    </section>
  );
}
