/**
 * A scenario document (scenario-format.ts) as the ScenarioSpec the script,
 * the program and the walkthrough are made from; and the seed's six
 * scenarios as documents.
 */
import type { ScenarioDocument } from '../scenario-format';
// Not from scenario-format.ts: the page's first bundle has no document reader.
import { SCENARIO_FORMAT } from '../scenario-format-id';
import type { RunSettings } from '../trace';
import { SCENARIOS, scenarioSpec, type ScenarioSpec } from './spec';

const SPECS = new WeakMap<ScenarioDocument, ScenarioSpec>();

/** The spec of a run: its document's, or the seed scenario's it names. */
export function specOf(settings: Pick<RunSettings, 'scenario' | 'document'>): ScenarioSpec {
  const { document } = settings;
  if (document === undefined) return scenarioSpec(settings.scenario);
  let spec = SPECS.get(document);
  if (spec === undefined) SPECS.set(document, (spec = specOfDocument(document)));
  return spec;
}

/** The docstring's claim of a document that makes none. */
export const NO_CLAIM = 'Composed with mpviz.';

/**
 * The spec a document describes. The document must have been read with
 * `parseDocument` (the command line, the page and the API do), which says
 * everything wrong with it; this only refuses what it cannot turn into a
 * spec at all. (Kept apart so that the page's first bundle, which runs the
 * seeds, does not carry the reader.)
 */
export function specOfDocument(doc: ScenarioDocument): ScenarioSpec {
  const lock = doc.objects?.find((o) => o.type === 'Lock');
  const queue = doc.objects?.find((o) => o.type === 'Queue');
  if (doc.format !== SCENARIO_FORMAT || !lock || !queue) {
    throw new Error('not a scenario document that parseDocument accepted');
  }
  return {
    id: doc.number,
    functionName: doc.name,
    title: doc.title,
    summary: doc.summary ?? doc.title,
    docVerdict: doc.claim ?? NO_CLAIM,
    container: doc.container,
    lock: lock.from,
    queue: queue.from,
    lockRoute: lock.route,
    queueRoute: queue.route,
    ...(doc.initializer !== undefined ? { initializerName: doc.initializer } : {}),
  };
}

/** The document of one of the seed's scenarios (1..6): the spec it describes is that scenario's. */
export function seedDocument(id: number): ScenarioDocument {
  const spec = SCENARIOS.find((s) => s.id === id);
  if (!spec) throw new Error(`no scenario ${id}`);
  return {
    format: SCENARIO_FORMAT,
    number: spec.id,
    name: spec.functionName,
    title: spec.title,
    summary: spec.summary,
    claim: spec.docVerdict,
    container: spec.container,
    objects: [
      { type: 'Lock', from: spec.lock, route: spec.lockRoute },
      { type: 'Queue', from: spec.queue, route: spec.queueRoute },
    ],
    ...(spec.initializerName !== undefined ? { initializer: spec.initializerName } : {}),
  };
}
