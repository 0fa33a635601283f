/**
 * "Run 100 times": the verdict distribution of seeds 1..100 of the current
 * settings (on the model, in a worker) beside CPython's measured one, and a
 * word on why the order of results is not guaranteed.
 */
import { useId, useState } from 'react';
import measured from '../../oracle/cpython-verdicts.json';
import { countVerdicts } from '../../src/workers';
import { num } from '../intl';
import { messages } from '../messages';
import { usesPoolCall } from '../params';
import { selectParams } from '../store';
import { useRunState } from '../store-context';

const SEEDS = 100;
const VERDICTS = ['successful', 'fails', 'raised', 'hang'] as const;

interface Cell {
  scenario: number;
  startMethod: string;
  call: string;
  runs: number;
  verdicts: Partial<Record<string, number>>;
}

interface Measured {
  readonly release: string;
  readonly cells: readonly Cell[];
}

/**
 * The CPython release whose measured verdicts stand beside the model's: the
 * chosen minor version's if this machine had it, else the newest measured
 * (the column then says which release it is).
 */
export function measuredFor(python: string): Measured {
  const versions = measured.versions as readonly Measured[];
  return (
    versions.find((v) => v.release.startsWith(`${python}.`)) ??
    versions.reduce((a, b) => (compareReleases(a.release, b.release) >= 0 ? a : b))
  );
}

function compareReleases(a: string, b: string): number {
  const [x, y] = [a, b].map((r) => r.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return (x![i] ?? 0) - (y![i] ?? 0);
  return 0;
}

export function RunMany() {
  const headingId = useId();
  const params = useRunState(selectParams);
  const [state, setState] = useState<{
    running: boolean;
    counts: Record<string, number> | null;
    error: string | null;
  }>({
    running: false,
    counts: null,
    error: null,
  });
  const source = measuredFor(params.python);
  const cell =
    // CPython's figures are for the seed's scenarios: a composed one has none here.
    params.platform === 'linux' && params.document === undefined
      ? source.cells.find(
          (c) =>
            c.scenario === params.scenario &&
            c.startMethod === params.startMethod &&
            // The process scenarios (3, 4) call neither map nor imap: one cell each.
            (c.call === params.call || !usesPoolCall(params)),
        )
      : undefined;
  const run = (): void => {
    setState({ running: true, counts: null, error: null });
    const { scenario, document, startMethod, platform, python, call } = params;
    const base = {
      scenario,
      ...(document ? { document } : {}),
      startMethod,
      platform,
      python,
      call,
    };
    // The batch runner (its worker, comlink) is loaded on demand (src/workers/index.ts).
    countVerdicts(base, SEEDS).then(
      (counts) => setState({ running: false, counts, error: null }),
      (error: unknown) => setState({ running: false, counts: null, error: String(error) }),
    );
  };
  const shown = VERDICTS.filter(
    (v) => (state.counts?.[v] ?? 0) > 0 || (cell?.verdicts[v] ?? 0) > 0,
  );
  return (
    <section className="run-many" aria-labelledby={headingId}>
      <h2 id={headingId}>{messages.runMany.heading}</h2>
      <p>{messages.runMany.explain}</p>
      <button type="button" onClick={run} disabled={state.running}>
        {state.running ? messages.runMany.running : messages.runMany.button}
      </button>
      <div role="status" aria-live="polite" aria-label={messages.runMany.status}>
        {state.counts && (
          <table>
            <thead>
              <tr>
                <th scope="col">{messages.runMany.columns.verdict}</th>
                <th scope="col">{messages.runMany.columns.model}</th>
                <th scope="col">
                  {messages.runMany.columns.cpython(source.release, params.python)}{' '}
                  {cell ? messages.runMany.cpythonRuns(cell.runs) : ''}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((v) => (
                <tr key={v}>
                  <th scope="row">{messages.result.verdictNames[v]}</th>
                  <td>{num(state.counts?.[v] ?? 0)}</td>
                  <td>{cell ? num(cell.verdicts[v] ?? 0) : messages.runMany.noCpython}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {state.error && <p>{messages.runMany.failed(state.error)}</p>}
      </div>
      <p className="muted">{messages.runMany.whyOrder}</p>
    </section>
  );
}
