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
import { reasonText, Reasons, type Reason } from './scenario-reasons';
import {
  managerTypes,
  objectValue,
  slotCounts,
  VALUE_RANGE,
  VALUED_TYPES,
} from './scenario-objects';

/** What runs the job: a Pool of three workers, or one Process per task. */
export type Container = 'pool' | 'process';
/** A plain multiprocessing object, or a proxy from its own `mp.Manager()`. */
export type ObjectKind = 'mp' | 'manager';
/**
 * How an object reaches the job: inside every task, once through the Pool's
 * initializer, or as a module global the scenario function sets before the
 * workers start (`global lock`): a forked child inherits it, a spawned one
 * imports the script afresh and finds `None`.
 */
export type Route = 'task' | 'initializer' | 'global';

export { SCENARIO_FORMAT };

/**
 * The Pool method the script calls (the document's `call`). `starmap` unpacks
 * each task into the job's arguments; `apply_async` submits one task per
 * call. A document without `call` takes the run's `call` setting (map or imap).
 */
export const POOL_METHODS = ['map', 'imap', 'imap_unordered', 'starmap', 'apply_async'] as const;
export type PoolMethod = (typeof POOL_METHODS)[number];
/** The calls whose results the script may read or leave unread (`read`). */
export const READABLE_METHODS: readonly PoolMethod[] = ['imap', 'imap_unordered', 'apply_async'];
/**
 * The function the script hands the Pool or each Process: the module-level
 * `the_job` (the seed's), a lambda, or a function defined inside
 * `start_scenario` (both of which wrap `the_job`). Pickle writes a function
 * as its module and qualified name; the other two have `<locals>` in theirs.
 */
export const JOB_KINDS = ['module', 'lambda', 'local'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
/** One Manager for every proxy, or one `mp.Manager()` per object (the seed's way). */
export type ManagerSharing = 'shared' | 'per-object';
const MANAGER_SHARING: readonly ManagerSharing[] = ['shared', 'per-object'];

/**
 * The shared objects a document can name today, and the name the script
 * gives each: the lock slot (`lock`, which the job acquires and releases)
 * takes any of LOCK_TYPES (scenario-objects.ts), the queue slot a Queue or a
 * SimpleQueue (QUEUE_TYPES).
 */
export const OBJECT_TYPES = {
  Lock: 'lock',
  RLock: 'lock',
  Semaphore: 'lock',
  BoundedSemaphore: 'lock',
  Queue: 'queue',
  SimpleQueue: 'queue',
  JoinableQueue: 'queue',
} as const;
export type ObjectType = keyof typeof OBJECT_TYPES;

export interface SharedObject {
  /** Which multiprocessing object. */
  readonly type: ObjectType;
  /** A plain multiprocessing object (`mp.Lock()`), or a proxy from its own `mp.Manager()`. */
  readonly from: ObjectKind;
  /** How it reaches the job: inside every task, through the Pool's initializer, or as a module global. */
  readonly route: Route;
  /** A Semaphore's or BoundedSemaphore's initial value (`mp.Semaphore(2)`); absent: `mp.Semaphore()`, 1. */
  readonly value?: number;
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
  /** The Pool method the script calls; absent: the run's `call` setting (map or imap). */
  readonly call?: PoolMethod;
  /** imap, imap_unordered: `list(...)` their results; apply_async: `.get()` each (default false). */
  readonly read?: boolean;
  /** One Manager for all proxies, or one per object (default). */
  readonly manager?: ManagerSharing;
  /** The job function: module-level `the_job` (default), a lambda or a local function. */
  readonly job?: JobKind;
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
  'call',
  'read',
  'manager',
  'job',
] as const;
const OBJECT_FIELDS = ['type', 'from', 'route', 'value'] as const;
const CONTAINERS: readonly Container[] = ['pool', 'process'];
const KINDS: readonly ObjectKind[] = ['mp', 'manager'];
const ROUTES: readonly Route[] = ['task', 'initializer', 'global'];
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
  | {
      readonly ok: false;
      /** Each reason in English (the command line's, the tests'). */
      readonly errors: readonly string[];
      /** The same reasons as ids and arguments, for a page in another language. */
      readonly reasons: readonly Reason[];
    };

function refused(errors: Reasons): DocumentResult {
  return { ok: false, errors: errors.list.map((r) => reasonText(r)), reasons: errors.list };
}

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
  errors: Reasons,
  doc: Record<string, unknown>,
  key: 'name' | 'title' | 'summary' | 'claim' | 'initializer',
  required: boolean,
  max: number,
): string | undefined {
  const v = doc[key];
  if (v === undefined) {
    if (required) errors.add('missing', { key });
    return undefined;
  }
  // Lengths in code points, as JSON Schema's maxLength counts them.
  if (typeof v !== 'string' || v.trim() === '' || [...v].length > max || /[\n\r"\\]/.test(v)) {
    errors.add('badText', { key, max, got: shown(v) });
    return undefined;
  }
  return v;
}

function identifier(errors: Reasons, key: 'name' | 'initializer', v: string | undefined): void {
  if (v === undefined) return;
  if (!IDENTIFIER.test(v)) errors.add('notIdentifier', { key, got: shown(v) });
  else if (isTaken(v)) errors.add('nameTaken', { key, got: shown(v) });
}

function sharedObject(errors: Reasons, v: unknown, i: number): SharedObject | null {
  const at = `objects[${i}]`;
  if (!isRecord(v)) {
    errors.add('objectNotObject', { at });
    return null;
  }
  for (const key of Object.keys(v)) {
    if (!(OBJECT_FIELDS as readonly string[]).includes(key)) {
      errors.add('objectUnknownField', { at, key: shown(key) });
    }
  }
  const type = v['type'];
  const from = v['from'];
  const route = v['route'];
  let ok = true;
  if (typeof type !== 'string' || !Object.hasOwn(OBJECT_TYPES, type)) {
    errors.add('badChoice', {
      field: `${at}.type`,
      values: Object.keys(OBJECT_TYPES).join(', '),
      got: shown(type),
    });
    ok = false;
  }
  if (!KINDS.includes(from as ObjectKind)) {
    errors.add('badChoice', { field: `${at}.from`, values: KINDS.join(', '), got: shown(from) });
    ok = false;
  }
  if (!ROUTES.includes(route as Route)) {
    errors.add('badChoice', { field: `${at}.route`, values: ROUTES.join(', '), got: shown(route) });
    ok = false;
  }
  if (ok && !objectValue(errors, at, type as ObjectType, v['value'])) ok = false;
  if (!ok) return null;
  return {
    type: type as ObjectType,
    from: from as ObjectKind,
    route: route as Route,
    ...(v['value'] !== undefined ? { value: v['value'] as number } : {}),
  };
}

/** The objects a document lists, with what is wrong with the list itself (its fields aside). */
function readObjects(errors: Reasons, list: unknown): SharedObject[] {
  const objects: SharedObject[] = [];
  if (!Array.isArray(list)) errors.add('objectsNotList');
  else {
    list.forEach((o, i) => {
      const object = sharedObject(errors, o, i);
      if (object) objects.push(object);
    });
    slotCounts(errors, list);
  }
  return objects;
}

/**
 * Whether the reader refuses a document with this `objects`, whatever its
 * other fields: the checks that read the list alone. The space of documents
 * (src/sim/space) tries tens of millions of candidates and asks this first.
 */
export function objectsRefused(list: unknown): boolean {
  const errors = new Reasons();
  managerTypes(errors, readObjects(errors, list));
  return errors.length > 0;
}

/**
 * Reads a document: every structural error and every impossible combination,
 * each in one sentence; or, when there is none, the document itself.
 */
export function parseDocument(value: unknown): DocumentResult {
  const errors = new Reasons();
  if (!isRecord(value)) {
    errors.add('notAnObject');
    return refused(errors);
  }
  for (const key of Object.keys(value)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      errors.add('unknownField', { key: shown(key), format: SCENARIO_FORMAT });
    }
  }
  if (value['format'] !== SCENARIO_FORMAT) {
    errors.add('badFormat', { format: SCENARIO_FORMAT, got: shown(value['format']) });
  }
  const number = value['number'];
  if (!Number.isInteger(number) || (number as number) < 1 || (number as number) > LIMITS.number) {
    errors.add('badNumber', { max: LIMITS.number, got: shown(number) });
  }
  const name = text(errors, value, 'name', true, LIMITS.name);
  identifier(errors, 'name', name);
  text(errors, value, 'title', true, LIMITS.title);
  text(errors, value, 'summary', false, LIMITS.summary);
  text(errors, value, 'claim', false, LIMITS.claim);
  const initializer = text(errors, value, 'initializer', false, LIMITS.name);
  identifier(errors, 'initializer', initializer);
  if (initializer !== undefined && initializer === name) {
    errors.add('sameNames');
  }
  const container = value['container'];
  if (!CONTAINERS.includes(container as Container)) {
    errors.add('badChoice', {
      field: '"container"',
      values: CONTAINERS.join(', '),
      got: shown(container),
    });
  }

  const objects = readObjects(errors, value['objects']);
  const viaInitializer = objects.some((o) => o.route === 'initializer');
  if (container === 'process' && viaInitializer) {
    errors.add('initializerNeedsPool');
  }
  if (viaInitializer && initializer === undefined && value['initializer'] === undefined) {
    errors.add('initializerUnnamed');
  }
  if (!viaInitializer && value['initializer'] !== undefined) {
    errors.add('initializerUnused');
  }
  callChoices(errors, value, container);
  const job = value['job'];
  if (job !== undefined && !JOB_KINDS.includes(job as JobKind)) {
    errors.add('badChoice', { field: '"job"', values: JOB_KINDS.join(', '), got: shown(job) });
  }
  managerChoice(errors, value, objects);
  managerTypes(errors, objects);
  if (errors.length > 0) return refused(errors);

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
      /** The values are `true` and `false`: the document holds the boolean. */
      readonly boolean?: true;
      /** Whether the field means anything for this document (see the text fields'). */
      readonly when?: (doc: Readonly<Record<string, unknown>>) => boolean;
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
      readonly required: boolean;
      readonly naming?: true;
      /** Whether the field means anything here (an object's: for that object). */
      readonly when?: (doc: Readonly<Record<string, unknown>>) => boolean;
    };

const viaInitializerOf = (doc: Readonly<Record<string, unknown>>): boolean =>
  Array.isArray(doc['objects']) &&
  doc['objects'].some((o) => isRecord(o) && o['route'] === 'initializer');

const isPool = (doc: Readonly<Record<string, unknown>>): boolean => doc['container'] === 'pool';
const readable = (doc: Readonly<Record<string, unknown>>): boolean =>
  isPool(doc) && READABLE_METHODS.includes(doc['call'] as PoolMethod);
const fromManager = (doc: Readonly<Record<string, unknown>>): boolean =>
  Array.isArray(doc['objects']) &&
  doc['objects'].some((o) => isRecord(o) && o['from'] === 'manager');

/** The document's fields and each object's, in the order a form shows them. */
export const FORMAT_CHOICES: {
  readonly document: readonly FieldChoice[];
  readonly object: readonly FieldChoice[];
} = {
  document: [
    { key: 'container', kind: 'choice', values: CONTAINERS, required: true },
    { key: 'call', kind: 'choice', values: POOL_METHODS, required: false, when: isPool },
    {
      key: 'read',
      kind: 'choice',
      values: ['true', 'false'],
      boolean: true,
      required: false,
      when: readable,
    },
    { key: 'manager', kind: 'choice', values: MANAGER_SHARING, required: false, when: fromManager },
    { key: 'job', kind: 'choice', values: JOB_KINDS, required: false },
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
    {
      key: 'value',
      kind: 'number',
      min: VALUE_RANGE.min,
      max: VALUE_RANGE.max,
      required: false,
      when: (o) => VALUED_TYPES.includes(o['type'] as string),
    },
  ],
};

/** The fields the reader knows (for scenario-format.test.ts: FORMAT_CHOICES lists them all). */
export const KNOWN_FIELDS = { document: FIELDS, object: OBJECT_FIELDS } as const;

/** `call` and `read`: which Pool method, and whether its results are read. */
function callChoices(errors: Reasons, doc: Record<string, unknown>, container: unknown): void {
  const call = doc['call'];
  const read = doc['read'];
  if (call !== undefined && !POOL_METHODS.includes(call as PoolMethod)) {
    errors.add('badChoice', { field: '"call"', values: POOL_METHODS.join(', '), got: shown(call) });
  }
  if (call !== undefined && container === 'process') {
    errors.add('callNeedsPool');
  }
  if (read !== undefined && typeof read !== 'boolean') {
    errors.add('badRead', { got: shown(read) });
  }
  if (read !== undefined && !READABLE_METHODS.includes(call as PoolMethod)) {
    errors.add('readNeedsCall');
  }
}

/** `manager`: only for a document with an object from a Manager. */
function managerChoice(
  errors: Reasons,
  doc: Record<string, unknown>,
  objects: readonly SharedObject[],
): void {
  const manager = doc['manager'];
  if (manager === undefined) return;
  if (!MANAGER_SHARING.includes(manager as ManagerSharing)) {
    errors.add('badChoice', {
      field: '"manager"',
      values: MANAGER_SHARING.join(', '),
      got: shown(manager),
    });
  } else if (!objects.some((o) => o.from === 'manager')) {
    errors.add('managerUnused');
  }
}
