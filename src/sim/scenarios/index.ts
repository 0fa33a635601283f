/**
 * The scenarios: their specs and documents, and the Python source of each.
 * The script as the library's `__main__` is scenario-program.ts, beside this
 * folder: it needs the library, and what is here does not (the page shows a
 * scenario's code before it loads the model).
 */
export * from './spec';
export * from './release-order';
export * from './documents';
export * from './source';
export * from './original';
/** The format as a JSON Schema (src/sim/space reads its choices off it); tree-shaken from the page. */
export { default as scenarioSchema } from './scenario.schema.json' with { type: 'json' };
