// The builder panel's strings, and the reasons a `doc=` in the address is
// refused, in English: loaded with the builder or the document reader (a
// part of the messages module in its own chunk, as messages-compare.ts is).
// Other locales get a module of the same shape. Labels of a field or value
// the format adds later fall back to the field's or value's own name.

import { REASON_TEXTS } from '../src/sim/scenario-reasons';
import { registerMessages, type Translation } from './locale';

export const builderMessages = registerMessages('builder', {
  builder: {
    title: 'Compose a scenario',
    intro:
      'Choose what the script does: its code follows as you choose. Run shows it here, under ' +
      'the start method, OS, Python and call of the settings bar.',
    close: 'Close',
    presets: 'Start from',
    presetsHint: 'A preset replaces the choices below.',
    presetOption: (id: number, title: string): string => `${id}. ${title}`,
    load: 'Load',
    choices: 'What the script does',
    names: 'Its names',
    namesHint: 'Until you edit them, a composed scenario is named after its choices (number 7).',
    objects: 'Shared objects',
    object: (n: number, type: string): string => `Object ${n}: ${type}`,
    remove: (n: number, type: string): string => `Remove object ${n} (${type})`,
    addType: 'Object to add',
    add: 'Add object',
    optional: '(leave out)',
    /** The label of each field the format has; a field it adds later shows its own name. */
    fields: {
      container: 'Runs the job in',
      call: 'Pool call',
      read: 'Results read',
      manager: 'Managers',
      job: 'The job',
      initializer: 'Initializer function',
      number: 'Number',
      name: 'Function name',
      title: 'Title',
      summary: 'Summary (optional)',
      claim: 'Docstring’s claim (optional)',
      type: 'Object',
      from: 'Made by',
      route: 'Reaches the job',
      value: 'Value (optional)',
    } as Readonly<Record<string, string>>,
    /** Each value's label, by field; a value the format adds later shows itself. */
    values: {
      container: { pool: 'a Pool of 3 workers', process: 'one Process per task' },
      call: {
        map: 'map',
        imap: 'imap',
        imap_unordered: 'imap_unordered',
        starmap: 'starmap',
        apply_async: 'apply_async, one per task',
      },
      read: { true: 'yes (list() or .get())', false: 'no: nobody reads them' },
      manager: { shared: 'one Manager for all', 'per-object': 'one Manager per object' },
      job: {
        module: 'the_job, at module level',
        lambda: 'a lambda calling the_job',
        local: 'a function defined inside start_scenario',
      },
      from: { mp: 'multiprocessing', manager: 'a Manager (a proxy)' },
      route: {
        task: 'inside every task',
        initializer: 'through the Pool’s initializer',
        global: 'a module global (global lock)',
      },
    } as Readonly<Record<string, Readonly<Record<string, string>>>>,
    /** The same, in the one-line summary. */
    short: {
      container: { pool: 'Pool', process: 'a Process per task' },
      read: { true: 'results read', false: 'results unread' },
      manager: { shared: 'one Manager', 'per-object': 'a Manager each' },
      job: { module: 'the_job', lambda: 'a lambda job', local: 'a local job' },
      from: { mp: 'mp', manager: 'Manager' },
      route: { task: 'in each task', initializer: 'via the initializer', global: 'a global' },
    } as Readonly<Record<string, Readonly<Record<string, string>>>>,
    summaryLabel: 'In one line',
    runsWith: (settings: string): string => `Runs with ${settings} (the settings bar’s).`,
    code: 'The script',
    changed: (n: number): string =>
      n === 0 ? 'The script is unchanged.' : n === 1 ? '1 line changed.' : `${n} lines changed.`,
    refused: 'These choices cannot run:',
    noScript: 'No script until the choices can run.',
    run: 'Run this scenario',
    runDisabled: 'Run is off until the choices can run.',
    json: 'The document (JSON)',
    download: 'Download the document',
    downloadHint: (file: string): string => `Save these choices as ${file} (npm run sim -- --spec)`,
    failed: (message: string): string => `The script could not be made: ${message}`,
    /**
     * Why the format refuses a document, one sentence per reason: the
     * format's own English (a copy: a locale pours its sentences into this
     * object, and the command line keeps the English).
     */
    reasons: { ...REASON_TEXTS },
    /** Why a `doc=` in the address was refused (before the format's own reasons). */
    address: {
      refused: (reasons: readonly string[], fallback: number): string =>
        `“doc=” is not a scenario mpviz can run (${reasons.join('; ')}); showing scenario ` +
        `${fallback}.`,
      refusedNow: (reasons: readonly string[]): string =>
        `That scenario document cannot run (${reasons.join('; ')}); nothing changed.`,
      scenarioIgnored: '“scenario=” is ignored: the address’s “doc=” is the scenario.',
      tooLong: (length: number, max: number): string =>
        `it is ${length} characters long, and at most ${max} are read`,
      version: (got: string, want: string): string =>
        got === ''
          ? `it does not start with the format’s version (“${want}.”)`
          : `it is in version ${got.slice(0, 8)} of the format; this page reads version ${want}`,
      notBase64: 'it is not base64url text',
      notJson: 'it is not a JSON object',
      more: (n: number): string => `and ${n} more`,
    },
  },
});

export type BuilderMessagesShape = Translation<typeof builderMessages>;
