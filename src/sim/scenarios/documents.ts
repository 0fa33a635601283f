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
  // The slots of OBJECT_TYPES (not imported: it would bring the reader into the first bundle).
  const isQueue = (type: string): boolean =>
    type === 'Queue' || type === 'SimpleQueue' || type === 'JoinableQueue';
  const lock = doc.objects?.find((o) => !isQueue(o.type));
  const queue = doc.objects?.find((o) => isQueue(o.type));
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
    ...(lock.type === 'RLock' || lock.type === 'Semaphore' || lock.type === 'BoundedSemaphore'
      ? { lockType: lock.type }
      : {}),
    ...(lock.value !== undefined ? { lockValue: lock.value } : {}),
    queue: queue.from,
    ...(queue.type === 'SimpleQueue' || queue.type === 'JoinableQueue'
      ? { queueType: queue.type }
      : {}),
    lockRoute: lock.route,
    queueRoute: queue.route,
    ...(doc.initializer !== undefined ? { initializerName: doc.initializer } : {}),
    ...(doc.call !== undefined ? { call: doc.call } : {}),
    ...(doc.read !== undefined ? { read: doc.read } : {}),
    ...(doc.manager !== undefined ? { manager: doc.manager } : {}),
    ...(doc.job !== undefined && doc.job !== 'module' ? { job: doc.job } : {}),
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
      {
        type: spec.lockType ?? 'Lock',
        from: spec.lock,
        route: spec.lockRoute,
        ...(spec.lockValue !== undefined ? { value: spec.lockValue } : {}),
      },
      { type: spec.queueType ?? 'Queue', from: spec.queue, route: spec.queueRoute },
    ],
    ...(spec.initializerName !== undefined ? { initializer: spec.initializerName } : {}),
  };
}
