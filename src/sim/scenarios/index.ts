/**
 * The scenarios: their specs, the Python source of each, and the script as
 * the library's `__main__` (program.ts), written against the mp library's API.
 */
export * from './spec';
export * from './documents';
export * from './source';
export * from './original';
export * from './program';
// The space of documents, for the differential check (scripts/sweep.py); tree-shaken from the page.
export { documentSpace, sampleSpace, RUN_CALLS, type SpaceDocument } from './space';
