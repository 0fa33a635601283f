/**
 * "Run 100 times": the verdict distribution of seeds 1..100 of the current
 * settings (on the model, in a worker) beside CPython's measured one, and a
 * word on why the order of results is not guaranteed.
 */
import { useId, useState } from 'react';
import oracle from '../../oracle/cpython-3.11.json';
import { messages } from '../messages';
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
  const cell =
    params.platform === 'linux'
      ? (oracle.seedCells as unknown as Cell[]).find(
          (c) =>
            c.scenario === params.scenario &&
            c.startMethod === params.startMethod &&
            c.call === params.call,
        )
      : undefined;
  const run = (): void => {
    setState({ running: true, counts: null, error: null });
    const { scenario, startMethod, platform, python, call } = params;
    // The batch runner (its worker, comlink) is loaded on demand.
    import('../../src/workers/batch')
      .then(({ countVerdicts }) =>
        countVerdicts({ scenario, startMethod, platform, python, call }, SEEDS),
      )
      .then(
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
      <div role="status" aria-live="polite" aria-label="Distribution of verdicts">
        {state.counts && (
          <table>
            <thead>
              <tr>
                <th scope="col">{messages.runMany.columns.verdict}</th>
                <th scope="col">{messages.runMany.columns.model}</th>
                <th scope="col">
                  {messages.runMany.columns.cpython}{' '}
                  {cell ? messages.runMany.cpythonRuns(cell.runs) : ''}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((v) => (
                <tr key={v}>
                  <th scope="row">{messages.result.verdictNames[v]}</th>
                  <td>{state.counts?.[v] ?? 0}</td>
                  <td>{cell ? (cell.verdicts[v] ?? 0) : messages.runMany.noCpython}</td>
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
