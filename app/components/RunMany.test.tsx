import { describe, expect, it } from 'vitest';
import { messages } from '../messages';
import { measuredFor } from './RunMany';

describe('Run it 100 times: which CPython stands beside the model', () => {
  it('is the chosen minor version’s release when it was measured', () => {
    expect(measuredFor('3.11').release).toBe('3.11.7');
    expect(measuredFor('3.12').release).toBe('3.12.1');
    expect(measuredFor('3.13').release).toBe('3.13.0');
    expect(messages.runMany.columns.cpython('3.12.1', '3.12')).toBe('CPython 3.12.1 on Linux');
  });

  it('is the newest release measured otherwise, and the column says so', () => {
    expect(measuredFor('3.14').release).toBe('3.13.0');
    expect(messages.runMany.columns.cpython('3.13.0', '3.14')).toBe(
      'CPython 3.13.0 on Linux (3.14 was not measured)',
    );
  });

  it('has every scenario × start method × call of each release', () => {
    for (const python of ['3.11', '3.12', '3.13']) {
      const cells = measuredFor(python).cells;
      expect(cells).toHaveLength(30);
      for (const c of cells) {
        const total = Object.values(c.verdicts).reduce<number>((a, b) => a + (b ?? 0), 0);
        expect(total).toBe(c.runs);
      }
    }
  });
});
