import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/sim/run';
import { OUTPUT_LINES, outputHead, verdictLine } from './outcome';

describe('verdictLine', () => {
  it('is the exception line when the script raised', () => {
    const r = runScenario({ scenario: 1 });
    expect(r.verdict).toBe('raised');
    expect(verdictLine(r)).toBe(
      'RuntimeError: Lock objects should only be shared between processes through inheritance',
    );
    expect(verdictLine(r)).toBe(r.stderr.at(-1));
  });

  it('is the script’s own line when it finished', () => {
    const fails = runScenario({ scenario: 1, call: 'imap' });
    expect(verdictLine(fails)).toBe('Scenario 1 fails: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] != []');
    // Seed 2: scenario 6 under spawn succeeds in about 3 seeds in 4 (seed 1 is one that fails).
    const ok = runScenario({ scenario: 6, startMethod: 'spawn', seed: 2 });
    expect(ok.verdict).toBe('successful');
    expect(verdictLine(ok)).toBe('Scenario 6 successful!');
  });

  it('is null for a hang, or when no verdict line was printed', () => {
    expect(verdictLine({ verdict: 'hang', stdout: [], stderr: [], error: null })).toBeNull();
    expect(
      verdictLine({ verdict: 'fails', stdout: ['I', 'was '], stderr: [], error: null }),
    ).toBeNull();
  });
});

describe('outputHead', () => {
  it('keeps the first lines and counts them all', () => {
    const lines = Array.from({ length: OUTPUT_LINES + 5 }, (_, i) => `line ${i}`);
    const head = outputHead(lines);
    expect(head).toMatchObject({ shown: OUTPUT_LINES, total: OUTPUT_LINES + 5 });
    expect(head.text.split('\n')).toEqual(lines.slice(0, OUTPUT_LINES));
    expect(outputHead([])).toEqual({ text: '', shown: 0, total: 0 });
  });
});
