/**
 * The space of scenario documents, for the differential check against
 * CPython (scripts/sweep.py, docs/sweep.md).
 */
export {
  choices,
  documentSpace,
  RUN_CALLS,
  sampleSpace,
  substance,
  type SpaceDocument,
} from './space';
