import { describe, expect, it } from 'vitest';
import { runScenario } from '../sim/run';
import { compareTraces } from './compare';

describe('compareTraces', () => {
  const model = runScenario({ scenario: 1, seed: 1 }).trace;

  it('finds no difference between a trace and a copy of it', () => {
    const copy = structuredClone(model);
    expect(compareTraces(model, copy)).toEqual({ events: model.events.length });
  });

  it('names the first differing step and both events', () => {
    const events = structuredClone([...model.events]);
    const changed = { ...events[9]!, thread: 'SomeoneElse' };
    events[9] = changed;
    const result = compareTraces(model, { header: model.header, events });
    expect(result.events).toBe(model.events.length);
    expect(result.firstDifference).toEqual({ step: 10, model: model.events[9], workers: changed });
  });

  it('a shorter trace differs where it ends', () => {
    const short = { header: model.header, events: model.events.slice(0, 20) };
    expect(compareTraces(model, short).firstDifference).toEqual({
      step: 21,
      model: model.events[20],
      workers: null,
    });
    expect(compareTraces(short, model).firstDifference?.model).toBeNull();
  });
});
