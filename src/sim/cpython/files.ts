/**
 * The file names the model's tracebacks and pickles show, as CPython prints
 * them for the script the page shows.
 */

/**
 * The script's file name (`File "scenarios.py"`, `sys_argv`): saved under it
 * (scenarios/source.ts's scriptDownload), the script prints the same.
 */
export const SCRIPT_FILE = 'scenarios.py';

/**
 * The "file" of code given with `python -c`: a spawned child runs
 * `from multiprocessing.spawn import spawn_main; spawn_main(...)` so, and a
 * traceback shows its frame as `File "<string>", line 1, in <module>`, with
 * no source line.
 */
export const COMMAND_FILE = '<string>';

/** The folder stdlib frames are shown in: the interpreter's own path, shortened. */
export const STDLIB_DIR = '.../multiprocessing/';
