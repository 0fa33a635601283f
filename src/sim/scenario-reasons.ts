/**
 * Why a scenario document is refused (scenario-format.ts's parseDocument):
 * each reason is an id and its arguments, so that a page in another language
 * says it in that language (app/messages-zh-CN/builder.ts), and the English
 * text below is the one place each sentence is written. The command line and
 * the tests read the English (`DocumentResult.errors`).
 *
 * The arguments are what a sentence quotes from the document: a field's name
 * as the document spells it (`"container"`, `objects[1].type`), the values
 * the format allows, and `got`, a bounded excerpt of what was given. They are
 * JSON and Python names, the same in every language.
 */

/** The English sentence of each reason. Another language gives a function per id, of the same arguments. */
export const REASON_TEXTS = {
  notAnObject: () => 'a scenario document is a JSON object',
  unknownField: (a: { key: string; format: string }) => `${a.key} is not a field of ${a.format}`,
  badFormat: (a: { format: string; got: string }) =>
    `"format" must be "${a.format}" (got ${a.got})`,
  badNumber: (a: { max: number; got: string }) =>
    `"number" must be a whole number from 1 to ${a.max} (got ${a.got})`,
  missing: (a: { key: string }) => `"${a.key}" is missing`,
  badText: (a: { key: string; max: number; got: string }) =>
    `"${a.key}" must be text of 1 to ${a.max} characters on one line, without " or \\ (got ${a.got})`,
  notIdentifier: (a: { key: string; got: string }) =>
    `"${a.key}" must be a Python identifier (got ${a.got})`,
  nameTaken: (a: { key: string; got: string }) =>
    `"${a.key}" cannot be ${a.got}: the script already uses it`,
  sameNames: () => '"initializer" and "name" must differ: they are two functions of one script',
  /** `field`: `"container"` (quoted, a document's field) or `objects[0].type` (an object's). */
  badChoice: (a: { field: string; values: string; got: string }) =>
    `${a.field} must be one of ${a.values} (got ${a.got})`,
  objectsNotList: () => '"objects" must be a list: one lock and one Queue',
  objectNotObject: (a: { at: string }) =>
    `${a.at} must be an object with "type", "from" and "route"`,
  objectUnknownField: (a: { at: string; key: string }) =>
    `${a.at} has ${a.key}, which the format does not know`,
  initializerNeedsPool: () =>
    'only a Pool has an initializer: with a Process per task, objects go in the task',
  initializerUnnamed: () => 'an object goes through the initializer, so "initializer" must name it',
  initializerUnused: () => '"initializer" is given but no object goes through it',
  callNeedsPool: () => '"call" is a Pool method: with a Process per task there is none to call',
  badRead: (a: { got: string }) => `"read" must be true or false (got ${a.got})`,
  readNeedsCall: () =>
    '"read" needs "call" to be imap, imap_unordered or apply_async: map and starmap always ' +
    'wait for their results',
  managerUnused: () => '"manager" is given but no object comes from a Manager',
  /** `slot`: which of the script's two objects; `types`: the types that fill it. */
  slotCount: (a: { slot: 'lock' | 'queue'; types: readonly string[]; count: number }) =>
    `"objects" must hold exactly one ${a.slot} (${a.types.slice(0, -1).join(', ')} or ` +
    `${a.types.at(-1)}) (it holds ${a.count}): the model runs a script with one lock and one queue`,
  valueNotTaken: (a: { at: string }) =>
    `${a.at}.value is given, but only a Semaphore or a BoundedSemaphore takes a value`,
  badValue: (a: { at: string; min: number; max: number; got: string }) =>
    `${a.at}.value must be a whole number from ${a.min} to ${a.max} (got ${a.got})`,
  noManagerSimpleQueue: () =>
    'a Manager has no SimpleQueue (SyncManager registers Queue and JoinableQueue): ' +
    'use "from": "mp", or a Queue',
  plainJoinableQueue: () =>
    'a plain JoinableQueue is not modelled yet (its Condition and unfinished-tasks ' +
    'Semaphore): use "from": "manager", or a Queue',
} satisfies Record<string, (args: never) => string>;

export type ReasonId = keyof typeof REASON_TEXTS;
type ArgsOf<K extends ReasonId> = Parameters<(typeof REASON_TEXTS)[K]>;

/** One reason a document is refused. */
export type Reason = {
  [K in ReasonId]: { readonly id: K; readonly args: ArgsOf<K>[0] };
}[ReasonId];

/** A language's sentences: one function per reason, of the English one's arguments. */
export type ReasonTexts = { readonly [K in ReasonId]: (...args: ArgsOf<K>) => string };

/** A reason in the language of `texts` (English by default). */
export function reasonText(reason: Reason, texts: ReasonTexts = REASON_TEXTS): string {
  return (texts[reason.id] as (args: unknown) => string)(reason.args);
}

/** The reasons a reader finds, in the order it finds them. */
export class Reasons {
  readonly list: Reason[] = [];

  add<K extends ReasonId>(id: K, ...args: ArgsOf<K>): void {
    this.list.push({ id, args: args[0] } as Reason);
  }

  get length(): number {
    return this.list.length;
  }
}
