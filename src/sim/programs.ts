/**
 * The programs a run's kernel starts: the multiprocessing library's, with
 * the scenario script as `__main__`. Here, above both, is the one place that
 * joins the library to the script: the library finds `__main__` through the
 * run's configuration, and never imports the scenarios.
 */
import { libraryPrograms } from './mp';
import { scenarioMainModule } from './scenario-program';
import type { ProgramTable } from './syscalls';

export const PROGRAMS: ProgramTable = libraryPrograms(scenarioMainModule);
