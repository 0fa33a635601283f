/**
 * The Python 3 source of a scenario: the seed's script ported with as few
 * changes as possible (print(), next(), .items(), list(range(10))), reduced to
 * the functions the chosen scenario uses, plus `set_start_method` when the
 * start method is not the platform's default.
 *
 * Every line the program can be "on" carries a label; events carry the line
 * numbers these labels resolve to, so the code panel can mark each process's
 * current line.
 */
import type { RunConfig } from '../syscalls';
import { SCRIPT_FILE } from '../cpython';
import type { ScriptSource } from '../mp';
import { defaultStartMethod } from '../platforms';
import { specOf } from './documents';
import {
  initargsFields,
  lockTypeOf,
  moduleGlobalFields,
  poolMethod,
  readsResults,
  setupOrder,
  sharedManager,
  taskFields,
  type ScenarioSpec,
} from './spec';

class Builder {
  readonly lines: string[] = [];
  readonly labels: Record<string, number> = {};

  add(text: string, label?: string): void {
    this.lines.push(text);
    if (label !== undefined) {
      if (label in this.labels) throw new Error(`duplicate label ${label}`);
      this.labels[label] = this.lines.length;
    }
  }

  /** A second label for the last line added (a lambda's `def.` is the line it is written on). */
  alias(label: string): void {
    if (label in this.labels) throw new Error(`duplicate label ${label}`);
    this.labels[label] = this.lines.length;
  }

  blank(n = 1): void {
    for (let i = 0; i < n; i++) this.lines.push('');
  }
}

const cache = new Map<string, ScriptSource>();
/** The last config asked about: every thread of a run asks with the same object. */
let last: { config: RunConfig; source: ScriptSource } | null = null;

export function scriptSource(config: RunConfig): ScriptSource {
  if (last !== null && last.config === config) return last.source;
  const scenario = config.document ? JSON.stringify(config.document) : config.scenario;
  const key = `${scenario}|${config.call}|${config.startMethod}|${config.platform}|${config.python}`;
  let source = cache.get(key);
  if (!source) {
    source = buildSource(specOf(config), config);
    cache.set(key, source);
  }
  last = { config, source };
  return source;
}

export function buildSource(spec: ScenarioSpec, config: RunConfig): ScriptSource {
  const b = new Builder();
  const fields = taskFields(spec);
  const globalsFromInit = initargsFields(spec);
  const viaInit = globalsFromInit.length > 0;
  const moduleGlobals = moduleGlobalFields(spec);
  // Module level, the job's globals start as None: a spawned child, importing
  // the script afresh, finds them so unless its initializer sets them.
  const startNone = (['lock', 'queue'] as const).filter(
    (n) => globalsFromInit.includes(n) || moduleGlobals.includes(n),
  );

  b.add('import multiprocessing as mp');
  b.add('import time');
  b.blank(2);

  if (startNone.length > 0) {
    for (const name of startNone) b.add(`${name} = None`, `global.${name}`);
    b.blank(2);
  }
  if (viaInit) {
    const params = globalsFromInit.map((n) => n[0]).join(', ');
    b.add(`def ${spec.initializerName}(${params}):`, `def.${spec.initializerName}`);
    b.add(`    global ${globalsFromInit.join(', ')}`);
    for (const name of globalsFromInit) b.add(`    ${name} = ${name[0]}`, `init.${name}`);
    b.blank(2);
  }

  // the_job: starmap unpacks each task into its parameters.
  const method = spec.container === 'pool' ? poolMethod(spec, config.call) : null;
  const starmap = method === 'starmap';
  const tupleTask = fields.length > 1 && !starmap;
  const params = starmap ? fields.join(', ') : tupleTask ? 'args' : 'idx';
  b.add(`def the_job(${params}):`, 'def.the_job');
  b.add('    """The job for multiprocessing.');
  b.add('');
  b.add('    Prints some stuff secured by a lock and');
  b.add('    finally puts the input into a queue.');
  b.add('    """');
  if (tupleTask) {
    fields.forEach((f, i) => b.add(`    ${f} = args[${i}]`, `job.unpack.${f}`));
    b.add('');
  }
  b.add('    lock.acquire()', 'job.acquire');
  b.add("    print('I')", 'job.print.0');
  b.add("    print('was ')", 'job.print.1');
  b.add("    print('here ')", 'job.print.2');
  b.add("    print('!!!!')", 'job.print.3');
  b.add("    print('1111')", 'job.print.4');
  b.add("    print('einhundertelfzigelf\\n')", 'job.print.5');
  b.add("    who = ' By run %d \\n' % idx", 'job.who');
  b.add('    print(who)', 'job.print.6');
  b.add('    lock.release()', 'job.release');
  b.add('');
  b.add('    queue.put(idx)', 'job.put');
  b.blank(2);

  // read_queue
  b.add('def read_queue(queue):', 'def.read_queue');
  b.add('    """Turns a qeue into a normal python list."""');
  b.add('    results = []', 'read.results');
  b.add('    while not queue.empty():', 'read.empty');
  b.add('        result = queue.get()', 'read.get');
  b.add('        results.append(result)', 'read.append');
  b.add('    return results', 'read.return');
  b.blank(2);

  // make_iterator
  const extras = fields.filter((f) => f !== 'idx');
  if (extras.length > 0) {
    b.add(`def make_iterator(args, ${extras.join(', ')}):`, 'def.make_iterator');
    b.add(
      `    """Makes an iterator over args and passes the ${extras.join(' an ')} to each element."""`,
    );
    b.add(`    return ((arg, ${extras.join(', ')}) for arg in args)`, 'iter.return');
    b.blank(2);
  }

  // start_scenario
  b.add('def start_scenario(scenario_number=1):', 'def.start_scenario');
  b.add('    """Starts one of the multiprocessing scenarios."""');
  if (spec.job === 'local') {
    b.add(`    def local_job(${params}):`, 'def.local_job');
    b.add(`        return the_job(${params})`, 'local.return');
    b.add('');
  }
  b.add('    args = list(range(10))', 'start.args');
  b.add('    ncores = 3', 'start.ncores');
  const jobfunc =
    spec.job === 'lambda'
      ? `lambda ${params}: the_job(${params})`
      : spec.job === 'local'
        ? 'local_job'
        : 'the_job';
  b.add(`    result = ${spec.functionName}(${jobfunc}, args, ncores)`, 'start.call');
  if (spec.job === 'lambda') b.alias('def.<lambda>');
  b.add('    if result != args:', 'start.check');
  b.add(
    "        print('Scenario %d fails: %s != %s' % (scenario_number, args, result))",
    'start.fails',
  );
  b.add('    else:');
  b.add("        print('Scenario %d successful!' % scenario_number)", 'start.successful');
  b.blank(2);

  // the scenario function
  const expr = (name: 'lock' | 'queue'): string => {
    const call = name === 'lock' ? lockCall(spec) : `${spec.queueType ?? 'Queue'}()`;
    if (spec[name] === 'mp') return `mp.${call}`;
    return sharedManager(spec) ? `manager.${call}` : `mp.Manager().${call}`;
  };
  const noun =
    spec.container === 'pool' ? 'a pool of processes' : 'an individual process for every task';
  b.add(`def ${spec.functionName}(jobfunc, args, ncores):`, `def.${spec.functionName}`);
  b.add(`    """Runs ${routeClause(spec, noun, globalsFromInit, moduleGlobals)}.`);
  b.add('');
  b.add(`    ${spec.docVerdict}`);
  b.add('    """');
  if (moduleGlobals.length > 0) b.add(`    global ${moduleGlobals.join(', ')}`);
  const initArgs = `(${globalsFromInit.join(', ')}${globalsFromInit.length === 1 ? ',' : ''})`;
  const poolLine = viaInit
    ? `    mypool = mp.Pool(ncores, initializer=${spec.initializerName}, initargs=${initArgs})`
    : '    mypool = mp.Pool(ncores)';
  for (const step of setupOrder(spec)) {
    if (step === 'pool') b.add(poolLine, 'scn.pool');
    else if (step === 'manager') b.add('    manager = mp.Manager()', 'scn.manager');
    else b.add(`    ${step} = ${expr(step)}`, `scn.${step}`);
  }
  b.add('');
  // do_job_single_processes calls next() on it: a list needs iter() (module globals leave
  // nothing for make_iterator to add).
  const iterable =
    extras.length > 0
      ? 'iterator'
      : starmap
        ? 'zip(args)'
        : spec.container === 'process'
          ? 'iter(args)'
          : 'args';
  if (extras.length > 0)
    b.add(`    iterator = make_iterator(args, ${extras.join(', ')})`, 'scn.iterator');
  if (method !== null) {
    poolCallLines(b, method, readsResults(spec, config.call), iterable);
    b.add('');
    b.add('    mypool.close()', 'scn.close');
    b.add('    mypool.join()', 'scn.join');
  } else {
    b.add(`    do_job_single_processes(jobfunc, ${iterable}, ncores)`, 'scn.call');
  }
  b.add('');
  b.add('    return read_queue(queue)', 'scn.return');
  b.blank(2);

  if (spec.container === 'process') {
    b.add('def do_job_single_processes(jobfunc, iterator, ncores):', 'def.do_job_single_processes');
    b.add('    """Runs a job function by starting individual processes for every task.');
    b.add('');
    b.add('    At most `ncores` processes operate at the same time');
    b.add('    """');
    b.add('    keep_running = True', 'single.keep');
    b.add('    process_dict = {}  # Dict containing all subprocees', 'single.dict');
    b.add('');
    b.add('    while len(process_dict) > 0 or keep_running:', 'single.while');
    b.add('        terminated_procs_pids = []', 'single.terminated');
    b.add('        # First check if some processes did finish their job');
    b.add('        for pid, proc in process_dict.items():', 'single.for');
    b.add('            # Remember the terminated processes');
    b.add('            if not proc.is_alive():', 'single.is_alive');
    b.add('                terminated_procs_pids.append(pid)', 'single.append');
    b.add('');
    b.add('        # And delete these from the process dict');
    b.add('        for terminated_proc in terminated_procs_pids:', 'single.for_terminated');
    b.add('            process_dict.pop(terminated_proc)', 'single.pop');
    b.add('');
    b.add('        # If we have less active processes than ncores and there is still');
    b.add('        # a job to do, add another process');
    b.add('        if len(process_dict) < ncores and keep_running:', 'single.if');
    b.add('            try:');
    b.add('                task = next(iterator)', 'single.next');
    b.add('                proc = mp.Process(target=jobfunc, args=(task,))', 'single.process');
    b.add('                proc.start()', 'single.start');
    b.add('                process_dict[proc.pid] = proc', 'single.store');
    b.add('            except StopIteration:', 'single.stop');
    b.add('                # All tasks have been started');
    b.add('                keep_running = False', 'single.keep_false');
    b.add('');
    b.add('        time.sleep(0.1)', 'single.sleep');
    b.blank(2);
  }

  b.add('def main():', 'def.main');
  b.add('    """Runs one of the multiprocessing scenarios."""');
  if (config.startMethod !== defaultStartMethod(config.platform, config.python)) {
    b.add(`    mp.set_start_method('${config.startMethod}')`, 'main.set_start_method');
  }
  b.add(`    start_scenario(${spec.id})`, 'main.start');
  b.blank(2);
  b.add("if __name__ == '__main__':", 'module.if_main');
  b.add('    main()', 'module.main');

  const lines = b.lines;
  const labels = b.labels;
  return {
    lines,
    labels,
    line(label) {
      const n = labels[label];
      if (n === undefined) throw new Error(`no line labelled ${label}`);
      return n;
    },
    text(line) {
      return (lines[line - 1] ?? '').trim();
    },
    defLine(func) {
      const n = labels[`def.${func}`];
      if (n === undefined) throw new Error(`no function ${func}`);
      return n;
    },
  };
}

/**
 * The docstring's first line after "Runs": what runs the job and how the
 * objects reach it when not in the task ("a pool of processes; lock through
 * the initializer, queue as a module global").
 */
function routeClause(
  spec: ScenarioSpec,
  noun: string,
  viaInit: readonly string[],
  moduleGlobals: readonly string[],
): string {
  if (viaInit.length === 0 && moduleGlobals.length === 0) return `${noun} ${managerClause(spec)}`;
  const parts: string[] = [];
  if (viaInit.length > 0) parts.push(`${viaInit.join(' and ')} through the initializer`);
  if (moduleGlobals.length > 0) {
    const plural = moduleGlobals.length > 1 ? 'module globals' : 'a module global';
    parts.push(`${moduleGlobals.join(' and ')} as ${plural}`);
  }
  return `${noun}; ${parts.join(', ')}`;
}

/** "WITH a Manager for the lock and queue", or which of the two has one. */
function managerClause(spec: ScenarioSpec): string {
  if (spec.lock === spec.queue) {
    return `${spec.lock === 'manager' ? 'WITH' : 'WITHOUT'} a Manager for the lock and queue`;
  }
  const [managed, plain] = spec.lock === 'manager' ? ['lock', 'queue'] : ['queue', 'lock'];
  return `WITH a Manager for the ${managed}, WITHOUT one for the ${plain}`;
}

/**
 * The Pool call: one line for map, starmap and an unread imap; `list(...)`
 * round a read imap; a loop of `apply_async`, keeping the results to `.get()`
 * each when they are read.
 */
function poolCallLines(b: Builder, method: string, read: boolean, iterable: string): void {
  if (method !== 'apply_async') {
    const call = `mypool.${method}(jobfunc, ${iterable})`;
    b.add(`    ${read && method.startsWith('imap') ? `list(${call})` : call}`, 'scn.call');
    return;
  }
  if (read) b.add('    results = []', 'scn.results');
  b.add(`    for task in ${iterable}:`, 'scn.for');
  const apply = 'mypool.apply_async(jobfunc, (task,))';
  b.add(`        ${read ? `results.append(${apply})` : apply}`, 'scn.call');
  if (read) {
    b.add('    for result in results:', 'scn.for_get');
    b.add('        result.get()', 'scn.get');
  }
}

/** `Lock()`, `RLock()`, `Semaphore(2)`...: the lock slot's constructor call. */
function lockCall(spec: ScenarioSpec): string {
  return `${lockTypeOf(spec)}(${spec.lockValue ?? ''})`;
}

export function scriptText(config: RunConfig): string {
  return scriptSource(config).lines.join('\n') + '\n';
}

/** What a "Download this script" button saves: the code panel's text, as a file. */
export interface ScriptDownload {
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
}

/**
 * The script for `config` as a file a learner can run with `python3 scenarios.py`.
 * Pure: the UI turns it into a Blob; `npm run sim -- --print-script` prints the same text.
 */
export function scriptDownload(config: RunConfig): ScriptDownload {
  return { fileName: SCRIPT_FILE, mimeType: 'text/x-python', text: scriptText(config) };
}
