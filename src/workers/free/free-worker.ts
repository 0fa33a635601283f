/**
 * A process of a free-running run, in its own Web Worker: the scenarios'
 * programs, served by serve.ts. Started by free-run.ts by its URL.
 */
import { PROGRAMS } from '../../sim/programs';
import { serveFreeProcess } from './serve';

serveFreeProcess(PROGRAMS);
