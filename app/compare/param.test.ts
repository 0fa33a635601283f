import { describe, expect, it } from 'vitest';
import { defaultParams } from '../params';
import { compareValue, parseCompare, sideParams, withCompare } from './param';

describe('compare=', () => {
  it('reads two scenarios', () => {
    expect(parseCompare('1,3', 'linux')).toEqual({
      ok: true,
      comparison: { kind: 'scenarios', scenarios: [1, 3] },
    });
    expect(parseCompare(' 3 , 1 ', 'linux')).toMatchObject({
      comparison: { scenarios: [3, 1] },
    });
  });

  it('reads two or three start methods, in the order given', () => {
    expect(parseCompare('fork,spawn', 'linux')).toEqual({
      ok: true,
      comparison: { kind: 'methods', methods: ['fork', 'spawn'] },
    });
    expect(parseCompare('Spawn,fork,forkserver', 'linux')).toMatchObject({
      comparison: { methods: ['spawn', 'fork', 'forkserver'] },
    });
  });

  it.each([
    ['', /names nothing/],
    [',', /names nothing/],
    ['1', /name two scenarios/],
    ['1,2,3', /name two scenarios/],
    ['fork', /name two scenarios/],
    ['1,fork', /not both/],
    ['1,9', /“9” is not a scenario/],
    ['1,1', /same thing twice/],
    ['fork,fork', /same thing twice/],
    ['fork,vfork', /“vfork” is not a start method/],
    ['x'.repeat(5000), /longer than a comparison can be/],
  ])('refuses %j with a reason', (raw, why) => {
    const parsed = parseCompare(raw, 'linux');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.notice).toMatch(why);
    expect(parsed.notice).toMatch(/Showing one walkthrough\.$/);
    // Bounded: whatever the address holds, the notice stays short.
    expect(parsed.notice.length).toBeLessThan(220);
  });

  it('refuses a start method the platform does not have', () => {
    const parsed = parseCompare('fork,spawn', 'windows');
    expect(parsed).toMatchObject({ ok: false });
    expect(!parsed.ok && parsed.notice).toMatch(/Windows has no “fork” start method/);
  });

  it('gives each side the page’s settings with its own scenario or start method', () => {
    const base = { ...defaultParams(), seed: 7, call: 'imap' as const };
    const scenarios = sideParams(base, { kind: 'scenarios', scenarios: [1, 3] });
    expect(scenarios.map((p) => p.scenario)).toEqual([1, 3]);
    expect(scenarios.every((p) => p.seed === 7 && p.call === 'imap')).toBe(true);
    const methods = sideParams(base, { kind: 'methods', methods: ['fork', 'spawn'] });
    expect(methods.map((p) => p.startMethod)).toEqual(['fork', 'spawn']);
    expect(methods.every((p) => p.scenario === base.scenario)).toBe(true);
  });

  it('writes the parameter back, and takes it out for one walkthrough', () => {
    const c = { kind: 'methods', methods: ['fork', 'spawn'] } as const;
    expect(compareValue(c)).toBe('fork,spawn');
    expect(withCompare('?scenario=3&compare=1,3', c)).toBe('?scenario=3&compare=fork,spawn');
    expect(withCompare('?scenario=3&compare=1,3', null)).toBe('?scenario=3');
    expect(withCompare('?compare=1,3', null)).toBe('');
  });
});
