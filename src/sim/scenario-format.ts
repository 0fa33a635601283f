/**
 * The scenario format, version 1 (docs/scenario-format.md): a
 * multiprocessing script described as choices, in JSON. This module reads
 * and checks a document; scenarios/documents.ts turns it into the
 * ScenarioSpec from which the source text, the program and the walkthrough
 * all follow (the seed's six scenarios are six documents). It sits low in
 * src/sim because a run's settings carry the document (trace.ts).
 *
 * `scenarios/scenario.schema.json` is the same format as a JSON Schema, for
 * other tools; scenarios/documents.test.ts checks that the two accept exactly the
 * same documents. A document the model cannot run truthfully is refused with
 * the reason, never run on a silent default.
 */
import { SCENARIO_FORMAT } from './scenario-format-id';

/** What runs the job: a Pool of three workers, or one Process per task. */
export type Container = 'pool' | 'process';
/** A plain multiprocessing object, or a proxy from its own `mp.Manager()`. */
export type ObjectKind = 'mp' | 'manager';
/** How an object reaches the job: inside every task, or once through the Pool's initializer. */
export type Route = 'task' | 'initializer';

export { SCENARIO_FORMAT };

/** The shared objects a document can name today, and the name the script gives each. */
export const OBJECT_TYPES = { Lock: 'lock', Queue: 'queue' } as const;
export type ObjectType = keyof typeof OBJECT_TYPES;

export interface SharedObject {
  /** Which multiprocessing object. */
  readonly type: ObjectType;
  /** A plain multiprocessing object (`mp.Lock()`), or a proxy from its own `mp.Manager()`. */
  readonly from: ObjectKind;
  /** How it reaches the job: inside every task, or once through the Pool's initializer. */
  readonly route: Route;
}

export interface ScenarioDocument {
  readonly format: typeof SCENARIO_FORMAT;
  /** The number the script's `start_scenario(n)` is called with and prints. */
  readonly number: number;
  /** The scenario function's name in the script (a Python identifier). */
  readonly name: string;
  readonly title: string;
  /** One line for a menu. */
  readonly summary?: string;
  /** The line of the scenario function's docstring that says what to expect. */
  readonly claim?: string;
  /** A Pool of three workers, or one Process per task. */
  readonly container: Container;
  /** A Lock and a Queue, each once. */
  readonly objects: readonly SharedObject[];
  /** The initializer function's name, when an object goes through it. */
  readonly initializer?: string;
}

/** Lengths a document's texts may have (the page shows them; the script embeds them). */
export const LIMITS = { name: 60, title: 80, summary: 200, claim: 120, number: 999 } as const;

const FIELDS = [
  'format',
  'number',
  'name',
  'title',
  'summary',
  'claim',
  'container',
  'objects',
  'initializer',
] as const;
const OBJECT_FIELDS = ['type', 'from', 'route'] as const;
const CONTAINERS: readonly Container[] = ['pool', 'process'];
const KINDS: readonly ObjectKind[] = ['mp', 'manager'];
const ROUTES: readonly Route[] = ['task', 'initializer'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Python's keywords and the names the script already defines: not usable as a function name. */
/* Made on first use: a module-level Set would stay in bundles that never read documents. */
let taken: Set<string> | undefined;
const isTaken = (name: string): boolean =>
  (taken ??= new Set([
    ...'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
      ' ',
    ),
    ...['mp', 'time', 'the_job', 'read_queue', 'start_scenario', 'main', 'lock', 'queue'],
  ])).has(name);

export type DocumentResult =
  | { readonly ok: true; readonly document: ScenarioDocument }
  | { readonly ok: false; readonly errors: readonly string[] };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A printable excerpt of a value in an error message (bounded). */
function shown(value: unknown): string {
  // A long string is cut inside its quotes, so it still reads as one string.
  if (typeof value === 'string' && value.length > 38)
    return JSON.stringify(`${value.slice(0, 38)}…`);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function text(
  errors: string[],
  doc: Record<string, unknown>,
  key: 'name' | 'title' | 'summary' | 'claim' | 'initializer',
  required: boolean,
  max: number,
): string | undefined {
  const v = doc[key];
  if (v === undefined) {
    if (required) errors.push(`"${key}" is missing`);
    return undefined;
  }
  // Lengths in code points, as JSON Schema's maxLength counts them.
  if (typeof v !== 'string' || v.trim() === '' || [...v].length > max || /[\n\r"\\]/.test(v)) {
    errors.push(
      `"${key}" must be text of 1 to ${max} characters on one line, without " or \\ (got ${shown(v)})`,
    );
    return undefined;
  }
  return v;
}

function identifier(errors: string[], key: 'name' | 'initializer', v: string | undefined): void {
  if (v === undefined) return;
  if (!IDENTIFIER.test(v)) errors.push(`"${key}" must be a Python identifier (got ${shown(v)})`);
  else if (isTaken(v)) errors.push(`"${key}" cannot be ${shown(v)}: the script already uses it`);
}

function sharedObject(errors: string[], v: unknown, i: number): SharedObject | null {
  const at = `objects[${i}]`;
  if (!isRecord(v)) {
    errors.push(`${at} must be an object with "type", "from" and "route"`);
    return null;
  }
  for (const key of Object.keys(v)) {
    if (!(OBJECT_FIELDS as readonly string[]).includes(key)) {
      errors.push(`${at} has ${shown(key)}, which the format does not know`);
    }
  }
  const type = v['type'];
  const from = v['from'];
  const route = v['route'];
  let ok = true;
  if (typeof type !== 'string' || !Object.hasOwn(OBJECT_TYPES, type)) {
    errors.push(
      `${at}.type must be one of ${Object.keys(OBJECT_TYPES).join(', ')} (got ${shown(type)})`,
    );
    ok = false;
  }
  if (!KINDS.includes(from as ObjectKind)) {
    errors.push(`${at}.from must be one of ${KINDS.join(', ')} (got ${shown(from)})`);
    ok = false;
  }
  if (!ROUTES.includes(route as Route)) {
    errors.push(`${at}.route must be one of ${ROUTES.join(', ')} (got ${shown(route)})`);
    ok = false;
  }
  return ok ? { type: type as ObjectType, from: from as ObjectKind, route: route as Route } : null;
}

/**
 * Reads a document: every structural error and every impossible combination,
 * each in one sentence; or, when there is none, the document itself.
 */
export function parseDocument(value: unknown): DocumentResult {
  const errors: string[] = [];
  if (!isRecord(value)) return { ok: false, errors: ['a scenario document is a JSON object'] };
  for (const key of Object.keys(value)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      errors.push(`${shown(key)} is not a field of ${SCENARIO_FORMAT}`);
    }
  }
  if (value['format'] !== SCENARIO_FORMAT) {
    errors.push(`"format" must be "${SCENARIO_FORMAT}" (got ${shown(value['format'])})`);
  }
  const number = value['number'];
  if (!Number.isInteger(number) || (number as number) < 1 || (number as number) > LIMITS.number) {
    errors.push(
      `"number" must be a whole number from 1 to ${LIMITS.number} (got ${shown(number)})`,
    );
  }
  const name = text(errors, value, 'name', true, LIMITS.name);
  identifier(errors, 'name', name);
  text(errors, value, 'title', true, LIMITS.title);
  text(errors, value, 'summary', false, LIMITS.summary);
  text(errors, value, 'claim', false, LIMITS.claim);
  const initializer = text(errors, value, 'initializer', false, LIMITS.name);
  identifier(errors, 'initializer', initializer);
  if (initializer !== undefined && initializer === name) {
    errors.push('"initializer" and "name" must differ: they are two functions of one script');
  }
  const container = value['container'];
  if (!CONTAINERS.includes(container as Container)) {
    errors.push(`"container" must be one of ${CONTAINERS.join(', ')} (got ${shown(container)})`);
  }

  const objects: SharedObject[] = [];
  const list = value['objects'];
  if (!Array.isArray(list)) errors.push('"objects" must be a list: one Lock and one Queue');
  else {
    list.forEach((o, i) => {
      const object = sharedObject(errors, o, i);
      if (object) objects.push(object);
    });
    for (const type of Object.keys(OBJECT_TYPES) as ObjectType[]) {
      const count = list.filter((o) => isRecord(o) && o['type'] === type).length;
      if (count !== 1) {
        errors.push(
          `"objects" must hold exactly one ${type} (it holds ${count}): the model runs a script ` +
            'with one Lock and one Queue',
        );
      }
    }
  }
  const viaInitializer = objects.some((o) => o.route === 'initializer');
  if (container === 'process' && viaInitializer) {
    errors.push('only a Pool has an initializer: with a Process per task, objects go in the task');
  }
  if (viaInitializer && initializer === undefined && value['initializer'] === undefined) {
    errors.push('an object goes through the initializer, so "initializer" must name it');
  }
  if (!viaInitializer && value['initializer'] !== undefined) {
    errors.push('"initializer" is given but no object goes through it');
  }
  const lock = objects.find((o) => o.type === 'Lock');
  const queue = objects.find((o) => o.type === 'Queue');
  if (lock && queue && lock.from !== queue.from) {
    // The script writes one Manager-or-not choice for both (its docstring and
    // its scenario numbers say "WITH / WITHOUT a Manager for the lock and queue").
    errors.push('the Lock and the Queue must both be plain or both from a Manager (for now)');
  }
  if (errors.length > 0) return { ok: false, errors };

  return { ok: true, document: value as unknown as ScenarioDocument };
}

// --- the format's choices, for a form ----------------------------------------

/**
 * One field of a document (or of one of its objects) as a form offers it:
 * a choice among values, a line of text, or a whole number. The page's
 * builder panel draws itself from `FORMAT_CHOICES`, so a field added to the
 * format appears there once it is listed here (scenario-format.test.ts checks
 * that every field the reader knows is listed, and no other).
 */
export type FieldChoice =
  | {
      readonly key: string;
      readonly kind: 'choice';
      readonly values: readonly string[];
      /** Optional: the form can leave it out (the format's default applies). */
      readonly required: boolean;
    }
  | {
      readonly key: string;
      readonly kind: 'text';
      readonly max: number;
      readonly required: boolean;
      /**
       * Whether the field means anything for this document (a form hides it
       * otherwise, and leaves it out); absent: always.
       */
      readonly when?: (doc: Readonly<Record<string, unknown>>) => boolean;
      /** The text a form fills in when the field starts to mean something. */
      readonly suggest?: string;
      /** Names the scenario (number, name, title…) rather than saying what the script does. */
      readonly naming?: true;
    }
  | {
      readonly key: string;
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly required: true;
      readonly naming?: true;
    };

const viaInitializerOf = (doc: Readonly<Record<string, unknown>>): boolean =>
  Array.isArray(doc['objects']) &&
  doc['objects'].some((o) => isRecord(o) && o['route'] === 'initializer');

/** The document's fields and each object's, in the order a form shows them. */
export const FORMAT_CHOICES: {
  readonly document: readonly FieldChoice[];
  readonly object: readonly FieldChoice[];
} = {
  document: [
    { key: 'container', kind: 'choice', values: CONTAINERS, required: true },
    {
      key: 'initializer',
      kind: 'text',
      max: LIMITS.name,
      required: false,
      when: viaInitializerOf,
      suggest: 'initialize',
    },
    { key: 'number', kind: 'number', min: 1, max: LIMITS.number, required: true, naming: true },
    { key: 'name', kind: 'text', max: LIMITS.name, required: true, naming: true },
    { key: 'title', kind: 'text', max: LIMITS.title, required: true, naming: true },
    { key: 'summary', kind: 'text', max: LIMITS.summary, required: false, naming: true },
    { key: 'claim', kind: 'text', max: LIMITS.claim, required: false, naming: true },
  ],
  object: [
    { key: 'type', kind: 'choice', values: Object.keys(OBJECT_TYPES), required: true },
    { key: 'from', kind: 'choice', values: KINDS, required: true },
    { key: 'route', kind: 'choice', values: ROUTES, required: true },
  ],
};

/** The fields the reader knows (for scenario-format.test.ts: FORMAT_CHOICES lists them all). */
export const KNOWN_FIELDS = { document: FIELDS, object: OBJECT_FIELDS } as const;
