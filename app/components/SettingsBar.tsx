/**
 * The settings as a compact bar above the walkthrough: scenario, OS, Python,
 * start method, map/imap, seed and scheduling mode. Changing one re-runs at
 * once (the page's store re-runs on every real change), so what is on screen
 * always describes the settings shown. "Run again" re-runs the same settings
 * (another race in free mode); Cancel stops a run in flight. On a narrow
 * screen everything but the scenario folds behind "More settings".
 */
import { useEffect, useId, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import {
  PLATFORMS,
  PYTHON_VERSIONS,
  defaultStartMethod,
  validStartMethods,
} from '../../src/sim/platforms';
import { STDLIB_RELEASE } from '../../src/sim/cpython';
import { SCENARIOS } from '../../src/sim/scenarios';
import { messages } from '../messages';
import { CALLS, DEFAULTS, MODES, SEED_MAX, usesPoolCall, type PageParams } from '../params';
import { cancel, runQuietly, selectParams, selectRunning, setParams } from '../store';
import { useRunState, useRunStoreApi } from '../store-context';
import { LazyComposeButton } from './LazyComposeButton';

const t = messages.switches;
/** The scenario select's value for a composed scenario. */
const COMPOSED = 'composed';

export function SettingsBar() {
  const store = useRunStoreApi();
  const params = useRunState(selectParams);
  const running = useRunState(selectRunning);
  const headingId = useId();
  const moreId = useId();
  const [moreOpen, setMoreOpen] = useState(false);
  const update = (partial: Partial<PageParams>) => setParams(store, partial);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    runQuietly(store);
  };

  return (
    <form className="switches" aria-labelledby={headingId} onSubmit={onSubmit}>
      <h2 id={headingId} className="visually-hidden">
        {t.title}
      </h2>
      <ScenarioField params={params} onChange={(scenario) => update({ scenario })} />
      <button
        type="button"
        className="settings-more-toggle"
        aria-expanded={moreOpen}
        aria-controls={moreId}
        onClick={() => setMoreOpen((open) => !open)}
      >
        {/* On a phone only the summary shows (the Python version and the OS only
            where they are not the default, so that the scenario's name has the room);
            the button's name stays "More settings: fork · 3.12 · Linux". */}
        <span className="settings-more-label">{t.moreLabel}: </span>
        {t.moreSummary(params)}
        <span
          className="settings-more-python"
          data-default={params.python === DEFAULTS.python || undefined}
        >
          {t.morePython(params.python)}
        </span>
        <span
          className="settings-more-platform"
          data-default={params.platform === DEFAULTS.platform || undefined}
        >
          {t.morePlatform(params.platform)}
        </span>
      </button>
      <div className="settings-more" id={moreId} data-open={moreOpen || undefined}>
        <SelectField
          label={t.platform}
          value={params.platform}
          options={PLATFORMS.map((p) => ({ value: p, label: messages.platformName(p) }))}
          onChange={(platform) => update({ platform })}
        />
        <SelectField
          label={t.python}
          value={params.python}
          options={PYTHON_VERSIONS.map((p) => ({
            value: p,
            label: p,
            title: t.pythonOption(p, STDLIB_RELEASE[p]),
          }))}
          // The select stays short; its tooltip and description name the release.
          title={t.pythonOption(params.python, STDLIB_RELEASE[params.python])}
          hint={t.pythonOption(params.python, STDLIB_RELEASE[params.python])}
          onChange={(python) => update({ python })}
        />
        <SelectField
          label={t.startMethod}
          value={params.startMethod}
          options={validStartMethods(params.platform).map((m) => ({
            value: m,
            label:
              m === defaultStartMethod(params.platform, params.python) ? m + t.defaultSuffix : m,
          }))}
          hint={params.platform === 'windows' ? t.windowsOnlySpawn : undefined}
          onChange={(startMethod) => update({ startMethod })}
        />
        <RadioField
          legend={t.call}
          name="call"
          value={params.call}
          options={CALLS.map((c) => ({ value: c, label: c }))}
          hint={t.callHint(usesPoolCall(params))}
          onChange={(call) => update({ call })}
        />
        <SeedField value={params.seed} onChange={(seed) => update({ seed })} />
        <RadioField
          legend={t.mode}
          name="mode"
          value={params.mode}
          options={MODES.map((m) => ({ value: m, label: t.modeNames[m] }))}
          hint={t.modeHint}
          onChange={(mode) => update({ mode })}
        />
      </div>
      <RunButtons running={running} onCancel={() => cancel(store)}>
        <LazyComposeButton />
      </RunButtons>
    </form>
  );
}

/** The seed's scenarios, and while one is shown, the composed one (the builder's). */
function ScenarioField({
  params,
  onChange,
}: {
  params: PageParams;
  onChange: (id: number) => void;
}) {
  const id = useId();
  const hintId = useId();
  const { document } = params;
  const value = document ? COMPOSED : params.scenario;
  const summary = document
    ? (document.summary ?? document.title)
    : (SCENARIOS.find((s) => s.id === value)?.summary ?? '');
  return (
    <div className="field">
      <label htmlFor={id}>{t.scenario}</label>
      <select
        id={id}
        value={value}
        aria-describedby={hintId}
        onChange={(e) => {
          if (e.currentTarget.value !== COMPOSED) onChange(Number(e.currentTarget.value));
        }}
      >
        {SCENARIOS.map((s) => (
          <option key={s.id} value={s.id} title={s.summary}>
            {t.scenarioOption(s.id, s.title)}
          </option>
        ))}
        {document && (
          <option value={COMPOSED} title={summary}>
            {t.composedOption(document.number, document.title)}
          </option>
        )}
      </select>
      <p id={hintId} className="visually-hidden">
        {summary}
      </p>
    </div>
  );
}

interface Option<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly title?: string;
}

function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  hint?: string | undefined;
  title?: string | undefined;
  onChange: (value: T) => void;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        title={props.title}
        aria-describedby={props.hint ? hintId : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint && (
        <p id={hintId} className="visually-hidden">
          {props.hint}
        </p>
      )}
    </div>
  );
}

function RadioField<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: readonly Option<T>[];
  hint: string;
  onChange: (value: T) => void;
}) {
  const hintId = useId();
  const name = `${props.name}-${useId()}`;
  return (
    <fieldset className="field radio-field" aria-describedby={hintId}>
      <legend>{props.legend}</legend>
      <div className="segmented">
        {props.options.map((o) => (
          <label key={o.value}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <p id={hintId} className="visually-hidden">
        {props.hint}
      </p>
    </fieldset>
  );
}

function validSeed(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n <= SEED_MAX ? n : null;
}

/**
 * A number field that commits each valid value as it is typed, and says so
 * when the text is not a seed (the last valid seed stays in force).
 */
function SeedField({ value, onChange }: { value: number; onChange: (seed: number) => void }) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const invalid = draft !== null && validSeed(draft) === null;
  return (
    <div className="field">
      <label htmlFor={id}>{t.seed}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={SEED_MAX}
        step={1}
        value={draft ?? String(value)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${errorId} ${hintId}` : hintId}
        onChange={(e) => {
          const text = e.currentTarget.value;
          const seed = validSeed(text);
          setDraft(seed === null ? text : null);
          if (seed !== null && seed !== value) onChange(seed);
        }}
        onBlur={() => setDraft(null)}
      />
      {invalid && (
        <p id={errorId} className="hint field-error">
          {t.seedInvalid}
        </p>
      )}
      <p id={hintId} className="visually-hidden">
        {t.seedHint}
      </p>
    </div>
  );
}

/**
 * Run, and Cancel while a run is in flight. Cancel disappears when the run
 * ends; if it had the focus, the focus goes back to Run.
 */
function RunButtons({
  running,
  onCancel,
  children,
}: {
  running: boolean;
  onCancel: () => void;
  children: ReactNode;
}) {
  const runRef = useRef<HTMLButtonElement>(null);
  const cancelHadFocus = useRef(false);
  useEffect(() => {
    if (running || !cancelHadFocus.current) return;
    cancelHadFocus.current = false;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) runRef.current?.focus();
  }, [running]);
  return (
    <div className="actions">
      {children}
      <button ref={runRef} type="submit" className="run-button">
        <span className="run-icon" aria-hidden="true">
          ↻
        </span>
        <span className="run-text">{t.run}</span>
      </button>
      {running && (
        <button
          type="button"
          onFocus={() => (cancelHadFocus.current = true)}
          onBlur={(e) => {
            // Removing the button may blur it with no target: that is not the user moving on.
            if (e.relatedTarget !== null) cancelHadFocus.current = false;
          }}
          onClick={onCancel}
        >
          {t.cancel}
        </button>
      )}
    </div>
  );
}
