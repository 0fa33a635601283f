import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, type Command } from './protocol';

const VALID: readonly Command[] = [
  { type: 'mpviz:goto', step: 0 },
  { type: 'mpviz:goto', step: 171 },
  { type: 'mpviz:play' },
  { type: 'mpviz:pause' },
  { type: 'mpviz:getState' },
  { type: 'mpviz:setScenario', scenario: 1 },
  { type: 'mpviz:setScenario', scenario: 6 },
  { type: 'mpviz:setParams', params: { startMethod: 'spawn' } },
  { type: 'mpviz:setParams', params: { platform: 'windows', python: '3.14', seed: 7 } },
  { type: 'mpviz:setParams', params: { scenario: 3, call: 'imap', mode: 'free' } },
];

/** Messages that are almost commands, each wrong in exactly one way. */
const NEAR_MISSES: readonly unknown[] = [
  { type: 'mpviz:goto' },
  { type: 'mpviz:goto', step: -1 },
  { type: 'mpviz:goto', step: 1.5 },
  { type: 'mpviz:goto', step: '3' },
  { type: 'mpviz:goto', step: Number.NaN },
  { type: 'mpviz:goto', step: Number.POSITIVE_INFINITY },
  { type: 'mpviz:goto', step: 1e12 },
  { type: 'mpviz:goto', step: 3, extra: true },
  { type: 'mpviz:play', now: true },
  { type: 'mpviz:Play' },
  { type: 'play' },
  { type: 'mpviz:setScenario', scenario: 0 },
  { type: 'mpviz:setScenario', scenario: 7 },
  { type: 'mpviz:setScenario', scenario: '2' },
  { type: 'mpviz:setParams', params: {} },
  { type: 'mpviz:setParams', params: null },
  { type: 'mpviz:setParams', params: [] },
  { type: 'mpviz:setParams', params: { start: 'spawn' } },
  { type: 'mpviz:setParams', params: { startMethod: 'vfork' } },
  { type: 'mpviz:setParams', params: { startMethod: 'Fork' } },
  { type: 'mpviz:setParams', params: { platform: ' linux' } },
  { type: 'mpviz:setParams', params: { platform: 'windows', startMethod: 'fork' } },
  { type: 'mpviz:setParams', params: { seed: -4 } },
  { type: 'mpviz:setParams', params: { seed: '4' } },
  { type: 'mpviz:setParams', params: { python: 3.12 } },
  { type: 'mpviz:setParams', params: { python: '2.7' } },
  { type: 'mpviz:setParams', params: { scenario: 9 } },
  { type: 'mpviz:setParams', params: { __proto__: { seed: 2 } } },
  { type: 'mpviz:setParams' },
  ['mpviz:play'],
  'mpviz:play',
  null,
  undefined,
  42,
  new Date(0),
  Object.assign(Object.create({ inherited: 1 }), { type: 'mpviz:play' }),
];

describe('parseCommand', () => {
  it('accepts every command exactly as documented', () => {
    for (const command of VALID) expect(parseCommand(command)).toEqual(command);
    // Structured clones (what postMessage delivers) parse the same.
    for (const command of VALID) expect(parseCommand(structuredClone(command))).toEqual(command);
  });

  it('refuses messages that are wrong in any single way', () => {
    for (const message of NEAR_MISSES) expect(parseCommand(message)).toBeNull();
  });

  it('never throws, even on objects that throw when read', () => {
    const hostile = {
      get type(): string {
        throw new Error('boom');
      },
    };
    expect(parseCommand(hostile)).toBeNull();
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
        get() {
          return 'mpviz:play';
        },
      },
    );
    expect(parseCommand(proxy)).toBeNull();
  });

  it('returns null or a valid command for anything at all (seeded property)', () => {
    const anything = fc.oneof(
      fc.anything(),
      fc.record({
        type: fc.constantFrom(
          'mpviz:goto',
          'mpviz:play',
          'mpviz:pause',
          'mpviz:getState',
          'mpviz:setScenario',
          'mpviz:setParams',
          'mpviz:other',
        ),
        step: fc.anything(),
        scenario: fc.anything(),
        params: fc.anything(),
      }),
      fc.dictionary(fc.string(), fc.anything()),
    );
    fc.assert(
      fc.property(anything, (message) => {
        const command = parseCommand(message);
        if (command === null) return true;
        // Whatever passes is one of the documented shapes and survives a round trip.
        return (
          JSON.stringify(parseCommand(JSON.parse(JSON.stringify(command)))) ===
          JSON.stringify(command)
        );
      }),
      { seed: 20261126, numRuns: 5000 },
    );
  });
});
