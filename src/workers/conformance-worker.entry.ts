/**
 * Test-only: a free-running process's worker for the conformance suite, with
 * the scenarios' programs and the suite's own. conformance.test.ts bundles it
 * with esbuild behind a small Node shim (worker_threads as a Web Worker's
 * `self`). No Node API here: it is type-checked as worker code.
 *
 * Nothing in the app imports it.
 */
import { PROGRAMS } from '../sim/programs';
import { CONFORMANCE_PROGRAMS } from './conformance-programs';
import { serveFreeProcess } from './free';

serveFreeProcess({ ...PROGRAMS, ...CONFORMANCE_PROGRAMS });
