import { describe, expect, it } from 'vitest';
import { releaseOrder } from './release-order';
import { scenarioSpec, type ScenarioSpec } from './spec';

const managed = (id: number, more: Partial<ScenarioSpec> = {}): ScenarioSpec => ({
  ...scenarioSpec(id),
  lock: 'manager',
  queue: 'manager',
  ...more,
});

describe('releaseOrder: the proxies a return frees, in the order CPython frees them', () => {
  it('frees locals in the order the code names them', () => {
    expect(releaseOrder(managed(2), 'map')).toEqual(['lock', 'queue']);
    expect(releaseOrder(managed(4), 'map')).toEqual(['lock', 'queue']);
  });

  it("frees the initializer's arguments with the Pool, last item first", () => {
    // initargs=(lock, queue): the Pool outlives both locals, and its tuple goes queue first.
    expect(releaseOrder(managed(6), 'map')).toEqual(['queue', 'lock']);
    expect(releaseOrder(managed(6), 'imap')).toEqual(['queue', 'lock']);
  });

  it("frees a task's proxies with apply_async's loop variable, last item first", () => {
    const viaTasks = managed(2, { call: 'apply_async' });
    expect(releaseOrder(viaTasks, 'map')).toEqual(['queue', 'lock']);
    // The lock in initargs goes with `mypool`, before `task` lets the queue go.
    const mixed = managed(5, { call: 'apply_async' });
    expect(releaseOrder(mixed, 'map')).toEqual(['lock', 'queue']);
  });

  it('keeps a lock in initargs until the Pool goes, after a queue named before it', () => {
    const queueFirst = managed(5, { lockRoute: 'task', queueRoute: 'initializer' });
    // setupOrder: lock, queue, then the Pool that needs the queue: lock, then queue with the Pool.
    expect(releaseOrder(queueFirst, 'map')).toEqual(['lock', 'queue']);
  });

  it('keeps tasks refused for their function alive in the stored errors, freed last', () => {
    // jobs-34: imap unread, a lambda; CPython 3.11-3.13 showed all ten tasks alive at return.
    const lambda = managed(2, { call: 'imap', job: 'lambda' });
    expect(releaseOrder(lambda, 'map')).toEqual(['queue', 'lock']);
    // Read, the error is raised and its traceback goes with the frame: the locals' order.
    expect(releaseOrder({ ...lambda, read: true }, 'map')).toEqual(['lock', 'queue']);
    // A Process per task stores nothing.
    expect(releaseOrder(managed(4, { job: 'lambda' }), 'map')).toEqual(['lock', 'queue']);
  });
});
