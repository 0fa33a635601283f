/**
 * The scenario format's name and version (docs/scenario-format.md), alone in
 * a module: the page's first bundle runs the seeds through
 * scenarios/documents.ts, which needs this string but not the reader in
 * scenario-format.ts (the builder's chunk has that; a module shared by two
 * chunks goes whole into the first).
 */
export const SCENARIO_FORMAT = 'mpviz-scenario/1';
