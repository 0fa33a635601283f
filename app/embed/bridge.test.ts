import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run';
import {
  CancelledError,
  type Confirmation,
  type EngineOptions,
  type EngineResult,
  type EngineRun,
} from '../../src/workers';
import { createApi } from '../api';
import { createRunStore, run } from '../store';
import { installBridge, type BridgeWindow } from './bridge';
import type { EmbedEvent } from './protocol';

/** An engine whose runs are the model's, done at once. */
function startRun(options: EngineOptions): EngineRun {
  return {
    engine: 'model',
    first: Promise.resolve({ ...runScenario(options), engine: 'model', wallMs: 1 }),
    confirmingEngine: null,
    confirmation: null,
    cancel() {},
  };
}

const HOST_ORIGIN = 'https://docs.example';

/** A window embedded in `host`; `receive` delivers a message as the browser would. */
function embedded(
  ancestorOrigins: string[] = [HOST_ORIGIN],
  referrer = '',
  engine: (options: EngineOptions) => EngineRun = startRun,
) {
  const sent: { event: EmbedEvent; origin: string }[] = [];
  const host = {
    postMessage(event: EmbedEvent, origin: string) {
      sent.push({ event, origin });
    },
  };
  const listeners = new Set<(e: MessageEvent) => void>();
  const win: BridgeWindow = {
    parent: host,
    location: { ancestorOrigins: Object.assign([...ancestorOrigins], {}) },
    document: { referrer },
    addEventListener: (_type, l) => listeners.add(l),
    removeEventListener: (_type, l) => listeners.delete(l),
  };
  const receive = (data: unknown, source: unknown = host) => {
    for (const l of listeners) l({ data, source, origin: HOST_ORIGIN } as MessageEvent);
  };
  const store = createRunStore({
    search: '?scenario=1',
    isolated: false,
    startRun: engine,
    writeSearch: () => {},
  });
  const api = createApi(store);
  const uninstall = installBridge(store, api, win);
  return { sent, host, receive, store, api, uninstall, listeners };
}

const types = (sent: { event: EmbedEvent }[]) => sent.map((s) => s.event.type);

describe('the embed’s bridge', () => {
  it('says ready with the protocol version, to the embedding origin only', () => {
    const { sent } = embedded();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.origin).toBe(HOST_ORIGIN);
    expect(sent[0]!.event).toMatchObject({ type: 'mpviz:ready', version: 1 });
  });

  it('tells the host every step change and the verdict, and obeys goto', async () => {
    const { sent, receive, store } = embedded();
    await run(store);
    expect(types(sent)).toEqual(['mpviz:ready', 'mpviz:stepchange', 'mpviz:verdict']);
    expect(sent[2]!.event).toMatchObject({ verdict: 'raised' });
    receive({ type: 'mpviz:goto', step: 40 });
    expect(store.getState().step).toBe(40);
    expect(sent.at(-1)!.event).toMatchObject({ type: 'mpviz:stepchange', step: 40 });
    receive({ type: 'mpviz:getState' });
    expect(sent.at(-1)!.event).toMatchObject({ type: 'mpviz:state', state: { step: 40 } });
  });

  it('tells the host when real workers have confirmed the run on screen', async () => {
    const confirming = (options: EngineOptions): EngineRun => {
      const model = { ...runScenario(options), engine: 'model' as const, wallMs: 1 };
      const workers = { ...model, engine: 'workers-lockstep' as const, wallMs: 300 };
      const first = Promise.resolve(model);
      return {
        engine: 'model',
        first,
        confirmingEngine: 'workers-lockstep',
        // Later, as the workers' run is.
        confirmation: first.then(
          () =>
            new Promise<Confirmation>((resolve) =>
              setTimeout(() =>
                resolve({
                  state: 'confirmed',
                  engine: 'workers-lockstep',
                  events: model.trace.events.length,
                  result: workers,
                }),
              ),
            ),
        ),
        cancel() {},
      };
    };
    const { sent, store, api } = embedded([HOST_ORIGIN], '', confirming);
    await run(store);
    expect(api.getState()).toMatchObject({ engine: 'model', confirmation: { state: 'pending' } });
    const state = await api.settled();
    expect(state.confirmation).toMatchObject({ state: 'confirmed', engine: 'workers-lockstep' });
    expect(types(sent)).toEqual([
      'mpviz:ready',
      'mpviz:stepchange',
      'mpviz:verdict',
      'mpviz:confirmation',
    ]);
    expect(sent.at(-1)!.event).toMatchObject({
      confirmation: { state: 'confirmed', events: state.stepCount, wallMs: 300 },
    });
    expect(api.getTrace('confirmation')?.events).toHaveLength(state.stepCount);
  });

  it('ignores other windows, and anything malformed', async () => {
    const { sent, receive, store } = embedded();
    await run(store);
    const before = sent.length;
    const landed = store.getState().step;
    receive({ type: 'mpviz:goto', step: 40 }, {});
    receive({ type: 'mpviz:goto', step: 40 }, null);
    receive({ type: 'mpviz:goto', step: -40 });
    receive({ type: 'mpviz:setScenario', scenario: 0 });
    receive('mpviz:play');
    expect(sent.length).toBe(before);
    expect(store.getState()).toMatchObject({ step: landed });
    expect(store.getState().playing).toBe(false);
  });

  it('runs again with new settings, and refuses a start method the OS lacks', async () => {
    const { sent, receive, store } = embedded();
    await run(store);
    receive({ type: 'mpviz:setScenario', scenario: 3 });
    await expect.poll(() => store.getState().result?.trace.header.scenario).toBe(3);
    expect(sent.at(-1)!.event).toMatchObject({ type: 'mpviz:verdict', verdict: 'successful' });
    receive({ type: 'mpviz:setParams', params: { platform: 'windows' } });
    await expect.poll(() => store.getState().result?.trace.header.platform).toBe('windows');
    const count = sent.length;
    receive({ type: 'mpviz:setParams', params: { startMethod: 'fork' } });
    expect(store.getState().params.startMethod).toBe('spawn');
    // Settings it already has: nothing to run again.
    receive({ type: 'mpviz:setParams', params: { platform: 'windows' } });
    receive({ type: 'mpviz:setScenario', scenario: 3 });
    expect(store.getState().running).toBe(false);
    expect(sent.length).toBe(count);
  });

  it('does nothing when the page is not embedded, and stops when uninstalled', () => {
    const listeners = new Set<unknown>();
    const alone: BridgeWindow = {
      parent: null,
      location: {},
      document: { referrer: '' },
      addEventListener: (_t, l) => listeners.add(l),
      removeEventListener: (_t, l) => listeners.delete(l),
    };
    Object.assign(alone, { parent: alone });
    const store = createRunStore({ search: '', isolated: false, startRun, writeSearch: () => {} });
    installBridge(store, createApi(store), alone);
    expect(listeners.size).toBe(0);

    const { uninstall, listeners: embeddedListeners } = embedded();
    expect(embeddedListeners.size).toBe(1);
    uninstall();
    expect(embeddedListeners.size).toBe(0);
  });

  it('falls back to the referrer’s origin, then to any origin', () => {
    expect(embedded([], 'https://wiki.example/page.html').sent[0]!.origin).toBe(
      'https://wiki.example',
    );
    expect(embedded(['null']).sent[0]!.origin).toBe('*');
    // A sandboxed host: opaque, though its referrer names an http URL.
    expect(embedded(['null'], 'http://docs.example/page.html').sent[0]!.origin).toBe('*');
    expect(embedded([]).sent[0]!.origin).toBe('*');
  });

  describe('commands sent while the run is in flight (issue 16)', () => {
    /** An engine whose runs end when the test says, as real workers' runs do. */
    function deferred() {
      const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
      const engine = (options: EngineOptions): EngineRun => {
        let resolve!: () => void;
        let reject!: (e: Error) => void;
        const first = new Promise<EngineResult>((res, rej) => {
          resolve = () => res({ ...runScenario(options), engine: 'workers-free', wallMs: 900 });
          reject = rej;
        });
        pending.push({ resolve, reject });
        return {
          engine: 'workers-free',
          first,
          confirmingEngine: null,
          confirmation: null,
          cancel: () => reject(new CancelledError()),
        };
      };
      return { engine, pending };
    }

    it('a goto sent in answer to ready lands once the run is on screen', async () => {
      const { engine, pending } = deferred();
      const { sent, receive, store } = embedded([HOST_ORIGIN], '', engine);
      expect(types(sent)).toEqual(['mpviz:ready']);
      // The host answers ready at once: before the run has even started.
      receive({ type: 'mpviz:goto', step: 50 });
      const ran = run(store);
      receive({ type: 'mpviz:getState' });
      expect(sent.at(-1)!.event).toMatchObject({ state: { step: 0, stepCount: 0 } });
      pending[0]!.resolve();
      await ran;
      expect(store.getState().step).toBe(50);
      expect(sent.at(-1)!.event).toMatchObject({ type: 'mpviz:stepchange', step: 50 });
      expect(types(sent)).toEqual([
        'mpviz:ready',
        'mpviz:state',
        'mpviz:stepchange',
        'mpviz:verdict',
        'mpviz:stepchange',
      ]);
    });

    it('held commands apply in order; a new run drops those about the run it replaced', async () => {
      const { engine, pending } = deferred();
      const { receive, store } = embedded([HOST_ORIGIN], '', engine);
      const first = run(store).catch((e: Error) => e.name);
      receive({ type: 'mpviz:goto', step: 50 });
      receive({ type: 'mpviz:setScenario', scenario: 3 });
      receive({ type: 'mpviz:goto', step: 20 });
      receive({ type: 'mpviz:play' });
      receive({ type: 'mpviz:pause' });
      expect(await first).toBe('CancelledError');
      pending[1]!.resolve();
      await expect.poll(() => store.getState().result?.trace.header.scenario).toBe(3);
      expect(store.getState()).toMatchObject({ step: 20, playing: false });
    });

    it('a run that fails releases what was held (there is nothing to wait for)', async () => {
      const { engine, pending } = deferred();
      const { receive, store, sent } = embedded([HOST_ORIGIN], '', engine);
      const ran = run(store).catch(() => 'failed');
      receive({ type: 'mpviz:goto', step: 50 });
      pending[0]!.reject(new Error('worker died'));
      expect(await ran).toBe('failed');
      expect(store.getState()).toMatchObject({ step: 0, result: null });
      // Later commands are not held: they do nothing without a run.
      receive({ type: 'mpviz:goto', step: 7 });
      expect(store.getState().step).toBe(0);
      expect(types(sent)).toEqual(['mpviz:ready']);
    });
  });
});
