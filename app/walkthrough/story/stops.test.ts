import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '../../../src/sim/scenario-format';
import { isLibraryHelper, type StartMethod } from '../../../src/sim/trace';
import { landingStep } from '../landing';
import { traceOf } from '../test-traces';
import { currentStop, nextStop, previousStop, stopAt, storyStops } from './stops';

const METHODS: readonly StartMethod[] = ['fork', 'spawn', 'forkserver'];
const SCENARIOS = [1, 2, 3, 4, 5, 6];

describe('story stops', () => {
  for (const scenario of SCENARIOS) {
    for (const method of METHODS) {
      it(`scenario ${scenario} under ${method}: 5–15 stops, distinct titles and narration`, () => {
        const trace = traceOf(scenario, method);
        const stops = storyStops(trace);
        expect(stops.length).toBeGreaterThanOrEqual(5);
        expect(stops.length).toBeLessThanOrEqual(15);
        expect(new Set(stops.map((s) => s.title)).size).toBe(stops.length);
        expect(new Set(stops.map((s) => s.text)).size).toBe(stops.length);
        const steps = stops.map((s) => s.step);
        expect(steps).toEqual([...steps].sort((a, b) => a - b));
        expect(new Set(steps).size).toBe(steps.length);
        for (const s of stops) {
          expect(s.step).toBeGreaterThanOrEqual(0);
          expect(s.step).toBeLessThanOrEqual(trace.events.length);
          expect(s.text).not.toMatch(/undefined|null|NaN|\$\{/);
        }
        expect(landingStep(trace)).toBe(stops[0]!.step);
        // multiprocessing's own helpers are never told as the script's children.
        for (const s of stops) expect(`${s.title} ${s.text}`).not.toMatch(/resource_tracker/);
        // "All N children": the script's children, by their final names (a
        // forkserver child is renamed once it knows it is a Manager), not the helpers.
        const names = new Map<number, string>();
        for (const e of trace.events)
          if (e.kind === 'process.start' || e.kind === 'process.rename') names.set(e.pid, e.name);
        const children = trace.events.filter(
          (e) =>
            e.kind === 'process.start' &&
            e.ppid !== null &&
            !isLibraryHelper(e) &&
            !/Manager/.test(names.get(e.pid)!),
        );
        const many = stops.find((s) => s.id === 'children');
        if (many) expect(many.title).toContain(`All ${children.length} `);
      });
    }
  }

  it('scenario 1 under fork tells the answer in order', () => {
    const trace = traceOf(1, 'fork');
    const ids = storyStops(trace).map((s) => s.id);
    expect(ids).toEqual([
      'workers',
      'lock',
      'task-pickle',
      'refused',
      'stored',
      'refused-rest',
      'reraised',
      'instead',
    ]);
    const rest = storyStops(trace).find((s) => s.id === 'refused-rest')!;
    expect(rest.title).toBe('Tasks 1–9 are refused the same way');
    // The refusal stop is right after the event that refuses task 0.
    const refused = storyStops(trace).find((s) => s.id === 'refused')!;
    const e = trace.events[refused.step - 1]!;
    expect(e.kind === 'pickle.refused' && e.what).toBe('task 0');
  });

  it('imap, Windows and Python 3.14 get a story too', () => {
    for (const options of [
      { call: 'imap' as const },
      { platform: 'windows' as const },
      { python: '3.14' as const },
    ]) {
      for (const scenario of SCENARIOS) {
        const method = options.platform === 'windows' ? 'spawn' : 'fork';
        const stops = storyStops(traceOf(scenario, method, options));
        expect(stops.length).toBeGreaterThanOrEqual(5);
        expect(stops.length).toBeLessThanOrEqual(15);
      }
    }
  });

  it('a function pickle refuses: in every Pool task; in the Process object, before or after the child', () => {
    const doc = (n: number) =>
      JSON.parse(readFileSync(`docs/scenarios/jobs-${n}.json`, 'utf8')) as ScenarioDocument;
    const pool = storyStops(traceOf(31, 'fork', { document: doc(31) }));
    const refused = pool.find((s) => s.id === 'refused')!;
    expect(refused.title).toBe('pickle refuses the function');
    expect(refused.text).toContain('start_scenario.<locals>.local_job, which no module has');

    const posix = storyStops(traceOf(36, 'spawn', { document: doc(36) }));
    expect(posix.find((s) => s.id === 'spawn-refused')!.text).toMatch(
      /^Under spawn the parent pickles Process-1’s Process object .* before Process-1 exists/,
    );
    expect(posix.some((s) => s.id === 'child-eof')).toBe(false);

    const windows = traceOf(36, 'spawn', { document: doc(36), platform: 'windows' });
    const stops = storyStops(windows);
    expect(stops.find((s) => s.id === 'spawn-refused')!.text).toMatch(
      /^On Windows the parent creates Process-1 first, .* with Process-1 already running/,
    );
    const eof = stops.find((s) => s.id === 'child-eof')!;
    expect(eof.title).toBe('Process-1 runs out of input');
    const e = windows.events[eof.step - 1]!;
    expect(e.kind === 'exception' && [e.phase, e.error]).toEqual([
      'printed',
      'EOFError: Ran out of input',
    ]);
  });

  it('module globals: inherited under fork; under spawn each worker finds None, and why', () => {
    const doc = (n: number) =>
      JSON.parse(readFileSync(`docs/scenarios/globals-${n}.json`, 'utf8')) as ScenarioDocument;
    const byId = (stops: ReturnType<typeof storyStops>) => new Map(stops.map((s) => [s.id, s]));
    const fork = byId(storyStops(traceOf(39, 'fork', { document: doc(39) })));
    expect(fork.get('workers')!.title).toBe('The workers inherit the globals');
    expect(fork.get('task-pickled')!.text).toContain('which the workers inherited');
    expect(fork.has('global-none')).toBe(false);

    const spawn = storyStops(traceOf(39, 'spawn', { document: doc(39) }));
    const ids = spawn.map((s) => s.id);
    for (const id of ['workers', 'spawn-pickle', 'global-none', 'stored', 'reraised', 'instead'])
      expect(ids).toContain(id);
    const stops = byId(spawn);
    expect(stops.get('workers')!.title).toBe('The workers start without the globals');
    expect(stops.get('spawn-pickle')!.text).toContain(
      'The Lock is not inside: it is a module global',
    );
    expect(stops.get('global-none')!.title).toMatch(/^SpawnPoolWorker-\d finds lock None$/);
    expect(stops.get('instead')!.text).toMatch(/^Under fork this script works/);
    // Nothing here went through an initializer, and nothing was refused.
    for (const s of spawn) {
      expect(s.text).not.toMatch(/through the initializer when they were created|refus/);
    }

    const processes = byId(storyStops(traceOf(40, 'spawn', { document: doc(40) })));
    expect(processes.get('child')!.title).toBe('Process-1 starts without the globals');
    expect(processes.get('children')!.text).toMatch(
      /imported the script afresh and found lock None/,
    );
    expect(processes.get('instead')!.text).toContain('args=(task, lock, queue)');
  });

  it('moves by stops, and knows the current one', () => {
    const trace = traceOf(3, 'spawn');
    const stops = storyStops(trace);
    expect(nextStop(trace, 0)).toBe(stops[0]!.step);
    expect(nextStop(trace, stops[0]!.step)).toBe(stops[1]!.step);
    expect(previousStop(trace, stops[1]!.step)).toBe(stops[0]!.step);
    expect(previousStop(trace, stops[0]!.step)).toBe(0);
    expect(nextStop(trace, trace.events.length)).toBe(trace.events.length);
    expect(stopAt(trace, stops[1]!.step)).toBe(stops[1]);
    expect(stopAt(trace, stops[1]!.step + 1)).toBeNull();
    expect(currentStop(trace, stops[1]!.step + 1)).toBe(stops[1]);
    expect(currentStop(trace, 0)).toBeNull();
  });
});
