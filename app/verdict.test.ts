import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../src/sim/scenario-format';
import { runScenario, type RunOptions } from '../src/sim/run';
import { explainVerdict } from './verdict';

const explain = (options: RunOptions) => explainVerdict(runScenario(options));

describe('the verdict explains itself', () => {
  it('scenario 1 with map: where it was refused, why, and where it was raised again', () => {
    const why = explain({ scenario: 1, startMethod: 'fork', call: 'map', seed: 1 });
    expect(why.reason).toBe('refused');
    expect(why.text).toBe(
      'The Pool’s task handler (Thread-2 (_handle_tasks) of MainProcess) could not pickle ' +
        'task 0: a Lock may only be pickled while a child process is being created. ' +
        'map() raised it again in MainThread.',
    );
  });

  it('module globals under spawn: which worker found which global None, and why', () => {
    const document = JSON.parse(
      readFileSync('docs/scenarios/globals-39.json', 'utf8'),
    ) as ScenarioDocument;
    const why = explain({ scenario: 39, document, startMethod: 'spawn', seed: 1 });
    expect(why.reason).toBe('raised');
    expect(why.text).toBe(
      'SpawnPoolWorker-1 found lock None. Under spawn a worker is a new interpreter that ' +
        'imports the script afresh, whose first lines say lock = None; the parent set its own ' +
        'global lock, in its own memory, which the worker never sees. map() raised the ' +
        'worker’s AttributeError again in MainThread.',
    );
    const processes = JSON.parse(
      readFileSync('docs/scenarios/globals-40.json', 'utf8'),
    ) as ScenarioDocument;
    const died = explain({ scenario: 40, document: processes, startMethod: 'forkserver', seed: 1 });
    expect(died.reason).toBe('missing');
    expect(died.text).toMatch(
      /^0 of 10 items arrived\. Each child found lock None: under forkserver a child is forked from the fork server/,
    );
  });

  it('scenario 5: the Queue is the one refused', () => {
    const why = explain({ scenario: 5, startMethod: 'fork', seed: 1 });
    expect(why.reason).toBe('refused');
    expect(why.text).toMatch(/could not pickle task 0: a Queue may only be pickled/);
  });

  it('scenario 1 with imap: nothing arrived, and the error is never raised', () => {
    const why = explain({ scenario: 1, startMethod: 'fork', call: 'imap', seed: 1 });
    expect(why.reason).toBe('missing');
    expect(why.text).toMatch(/^0 of 10 items arrived\. .*never raised\.$/);
  });

  it('“fails” with every item there says only the order differs', () => {
    const result = runScenario({ scenario: 2, startMethod: 'fork', seed: 1 });
    expect(result.verdict).toBe('fails');
    expect([...result.result!].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(explainVerdict(result)).toMatchObject({ reason: 'order' });
    expect(explainVerdict(result).text).toMatch(/^All 10 items arrived; only their order differs/);
  });

  it('a success says all arrived in order, and only then', () => {
    for (let seed = 1; seed <= 8; seed += 1) {
      const result = runScenario({ scenario: 6, startMethod: 'spawn', seed });
      const why = explainVerdict(result);
      if (result.verdict === 'successful') expect(why.text).toBe('All 10 items arrived, in order.');
      else expect(why.reason).toBe('order');
    }
  });
});
