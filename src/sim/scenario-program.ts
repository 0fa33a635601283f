/**
 * The scenario script, transliterated: one generator per Python function of
 * `source.ts`, moving the current line with `py.at(label)` exactly where the
 * Python would be. The functions are built from the ScenarioSpec, like the
 * source text, so the two cannot drift apart.
 */
import {
  list,
  tuple,
  pyEquals,
  pyRepr,
  isTuple,
  isObject,
  type PyGlobal,
  type PyObject,
  type PyValue,
} from './python';
import type { Gen, RunConfig } from './syscalls';
import {
  Lock,
  Manager,
  SimpleQueue,
  newLock,
  Pool,
  Queue,
  applyResultGet,
  listImap,
  poolApplyAsync,
  poolImapRead,
  poolImapUnordered,
  poolStarmap,
  defineMainModule,
  isAlive,
  makeGenerator,
  managerCreate,
  newProcess,
  nextFromIterable,
  poolClose,
  poolImap,
  poolJoin,
  poolMap,
  processPid,
  releaseProxy,
  start,
  type MainModule,
  type Py,
  type PyFunction,
  type PyIterable,
} from './mp';
import {
  initargsFields,
  jobFunction,
  lockTypeOf,
  poolMethod,
  readsResults,
  releaseOrder,
  routeOf,
  scriptSource,
  setupOrder,
  specOf,
  taskFields,
  type ScenarioSpec,
} from './scenarios';
import {
  lockAcquire,
  lockRelease,
  queueEmptyAny,
  queueGetAny,
  queuePutAny,
} from './scenario-calls';

const MAIN = (qualname: string): PyGlobal => ({ t: 'global', module: '__main__', qualname });
/** The job the script hands on, as a global of `__main__` (the_job, or its lambda or local wrapper). */
const jobGlobal = (spec: ScenarioSpec): PyGlobal => MAIN(jobFunction(spec).qualname);

/**
 * The `__main__` functions a scenario defines, by name (what pickle and
 * Process targets find). Made once per scenario: looked up for every task.
 */
function scenarioFunctions(config: RunConfig): Record<string, PyFunction> {
  const spec = specOf(config);
  let fns = FUNCTIONS.get(spec);
  if (fns === undefined) FUNCTIONS.set(spec, (fns = makeScenarioFunctions(spec)));
  return fns;
}

const FUNCTIONS = new WeakMap<ScenarioSpec, Record<string, PyFunction>>();

function makeScenarioFunctions(spec: ScenarioSpec): Record<string, PyFunction> {
  const fns: Record<string, PyFunction> = {
    // starmap calls the_job(*task): its arguments arrive unpacked.
    the_job:
      spec.call === 'starmap'
        ? (py, args) => theJobUnpacked(py, spec, args)
        : (py, args) => theJob(py, spec, args[0] ?? null),
    read_queue: (py, args) => readQueue(py, args[0] as PyObject),
    start_scenario: (py) => startScenario(py, spec),
    main: (py) => mainFunction(py, spec),
  };
  if (spec.initializerName) fns[spec.initializerName] = (py, args) => initializer(py, spec, args);
  const job = jobFunction(spec);
  if (job.qualname !== 'the_job') {
    const theJobFn = fns['the_job']!;
    fns[job.qualname] = (py, args) => jobWrapper(py, spec, job.frame, () => theJobFn(py, args));
  }
  return fns;
}

/** Module-level names the script binds before `main()` (the job's globals start as None). */
function scenarioModuleGlobals(config: RunConfig): Record<string, PyValue> {
  const spec = specOf(config);
  const globals: Record<string, PyValue> = {};
  // `lock = None` at the top: the initializer's globals, and the scenario function's.
  for (const name of ['lock', 'queue'] as const)
    if (routeOf(spec, name) !== 'task') globals[name] = null;
  return globals;
}

// ── module level and main() ────────────────────────────────────────────────

/**
 * The scenario script as the library's `__main__` for a run: its source, its
 * functions, its module globals and its body. One per config object (every
 * thread of a run asks with the same one).
 */
export function scenarioMainModule(config: RunConfig): MainModule {
  let module = MAIN_MODULES.get(config);
  if (module === undefined) {
    const spec = specOf(config);
    module = {
      source: scriptSource(config),
      functions: scenarioFunctions(config),
      globals: scenarioModuleGlobals(config),
      run: (py) => moduleBody(py, spec),
    };
    MAIN_MODULES.set(config, module);
  }
  return module;
}

const MAIN_MODULES = new WeakMap<RunConfig, MainModule>();

// Frame bodies here are named generator functions, not `function* () {}`
// closures: V8 gives every new generator closure its own prototype and map
// when it is first called, which made each frame many times slower to enter.
function* moduleBody(py: Py, spec: ScenarioSpec): Gen<void> {
  defineMainModule(py);
  py.at('module.main');
  yield* py.scriptCall('main', '', () => mainFunction(py, spec));
}

function* mainFunction(py: Py, spec: ScenarioSpec): Gen<PyValue> {
  if (py.script.labels['main.set_start_method'] !== undefined) {
    py.at('main.set_start_method');
    yield* py.cpu('python');
  }
  py.at('main.start');
  yield* py.scriptCall('start_scenario', String(spec.id), () => startScenario(py, spec));
  return null;
}

function* startScenario(py: Py, spec: ScenarioSpec): Gen<PyValue> {
  py.at('start.args');
  const args = list(Array.from({ length: 10 }, (_, i) => i));
  py.setVar('start_scenario:args', args);
  py.at('start.ncores');
  const ncores = 3;
  py.at('start.call');
  const jobArg = spec.job === 'lambda' ? 'lambda' : jobFunction(spec).frame;
  const result = yield* py.scriptCall(spec.functionName, `${jobArg}, args, ${ncores}`, () =>
    scenarioFunction(py, spec, args, ncores),
  );
  py.setVar('start_scenario:result', result);
  py.at('start.check');
  yield* py.cpu('python');
  const ok = pyEquals(result, args);
  if (!ok) {
    py.at('start.fails');
    yield* py.print(`Scenario ${spec.id} fails: ${pyRepr(args)} != ${pyRepr(result)}`);
  } else {
    py.at('start.successful');
    yield* py.print(`Scenario ${spec.id} successful!`);
  }
  const items =
    typeof result === 'object' &&
    result !== null &&
    !(result instanceof Uint8Array) &&
    result.t === 'list'
      ? result.items
      : [];
  py.emit({
    kind: 'verdict',
    verdict: ok ? 'successful' : 'fails',
    result: items.filter((v): v is number => typeof v === 'number'),
  });
  return null;
}

// ── the scenario function ──────────────────────────────────────────────────

/**
 * The lock slot's `mp.Lock()`, `mp.Semaphore(2)`, `mp.Manager().RLock()` or
 * `manager.Lock()` of the shared one; the queue slot's likewise.
 */
function* makeObject(
  py: Py,
  spec: ScenarioSpec,
  name: 'lock' | 'queue',
  shared: PyValue | undefined,
): Gen<PyObject> {
  if (name === 'lock') {
    const type = lockTypeOf(spec);
    const args = spec.lockValue !== undefined ? [spec.lockValue] : [];
    if (spec.lock === 'mp') return yield* type === 'Lock' ? Lock(py) : newLock(py, type, args);
    const manager = isObject(shared) ? shared : yield* Manager(py);
    return yield* managerCreate(py, manager, type, args);
  }
  if (spec.queueType === 'SimpleQueue') return yield* SimpleQueue(py, 'SimpleQueue');
  if (spec.queue === 'mp') return yield* Queue(py);
  const manager = isObject(shared) ? shared : yield* Manager(py);
  const type = spec.queueType === 'JoinableQueue' ? 'JoinableQueue' : 'Queue';
  return yield* managerCreate(py, manager, type);
}

function* scenarioFunction(
  py: Py,
  spec: ScenarioSpec,
  args: PyValue,
  ncores: number,
): Gen<PyValue> {
  const fn = spec.functionName;
  const local = (name: string): string => `${fn}:${name}`;
  const values: Record<string, PyValue> = {};
  let pool: PyObject | null = null;

  // The statements come in the order source.ts wrote them.
  for (const step of setupOrder(spec)) {
    if (step === 'pool') pool = yield* makePool(py, spec, values, ncores);
    else if (step === 'manager') {
      py.at('scn.manager');
      values['manager'] = yield* Manager(py);
      py.setVar(local('manager'), values['manager']);
    } else {
      py.at(`scn.${step}`);
      values[step] = yield* makeObject(py, spec, step, values['manager']);
      // `global lock`: the module's name, which a forked child inherits with the memory.
      py.setVar(routeOf(spec, step) === 'global' ? step : local(step), values[step]);
    }
  }

  const extras = taskFields(spec)
    .filter((f) => f !== 'idx')
    .map((f) => values[f]!);
  const items = (args as { items: PyValue[] }).items;
  let iterable: PyIterable;
  if (extras.length > 0) {
    py.at('scn.iterator');
    iterable = yield* py.scriptCall('make_iterator', 'args, ...', () =>
      makeIterator(py, items, extras),
    );
    py.setVar(local('iterator'), py.mem.heap.get((iterable as { addr: number }).addr)!);
  } else if (spec.call === 'starmap') {
    // zip(args): one-item tuples, for the_job(idx).
    iterable = { kind: 'list', items: items.map((v) => tuple(v)), pos: 0 };
  } else {
    iterable = { kind: 'list', items: [...items], pos: 0 };
  }

  if (spec.container === 'pool') {
    yield* poolCall(py, spec, pool!, iterable);
    py.at('scn.close');
    yield* poolClose(py, pool!);
    py.at('scn.join');
    yield* poolJoin(py, pool!);
  } else {
    py.at('scn.call');
    yield* py.scriptCall('do_job_single_processes', 'jobfunc, iterator, ncores', () =>
      doJobSingleProcesses(py, jobGlobal(spec), iterable, ncores),
    );
  }

  py.at('scn.return');
  const result = yield* py.scriptCall('read_queue', 'queue', () =>
    readQueue(py, values['queue'] as PyObject),
  );
  // Returning drops the function's locals: Manager proxies are collected
  // (decref), and with them the Manager objects only they kept alive.
  // A shared Manager goes with its last proxy (each proxy references it).
  for (const name of releaseOrder(spec, py.config.call)) {
    const v = values[name]!;
    if (isObject(v) && v.dict['_token'] !== undefined) yield* releaseProxy(py, v);
  }
  for (const name of ['mypool', 'manager', 'lock', 'queue', 'iterator', 'results'])
    py.delVar(local(name));
  return result;
}

/** The Pool call of the script (source.ts's poolCallLines), its results read or not. */
function* poolCall(py: Py, spec: ScenarioSpec, pool: PyObject, iterable: PyIterable): Gen<void> {
  const method = poolMethod(spec, py.config.call);
  const read = readsResults(spec, py.config.call);
  const job = jobGlobal(spec);
  if (method === 'apply_async') {
    yield* applyAsyncLoop(py, spec, pool, iterable, read);
    return;
  }
  py.at('scn.call');
  if (method === 'map') yield* poolMap(py, pool, job, iterable);
  else if (method === 'starmap') yield* poolStarmap(py, pool, job, iterable);
  else if (!read) {
    if (method === 'imap') yield* poolImap(py, pool, job, iterable);
    else yield* poolImapUnordered(py, pool, job, iterable, false);
  } else {
    const iterator =
      method === 'imap'
        ? yield* poolImapRead(py, pool, job, iterable)
        : yield* poolImapUnordered(py, pool, job, iterable, true);
    yield* listImap(py, pool, iterator as PyObject);
  }
}

/** `for task in iterator: mypool.apply_async(jobfunc, (task,))`, then `.get()` each if read. */
function* applyAsyncLoop(
  py: Py,
  spec: ScenarioSpec,
  pool: PyObject,
  iterable: PyIterable,
  read: boolean,
): Gen<void> {
  const local = (name: string): string => `${spec.functionName}:${name}`;
  const results: PyObject[] = [];
  if (read) {
    py.at('scn.results');
    py.setVar(local('results'), list());
  }
  for (;;) {
    py.at('scn.for');
    const task = yield* nextFromIterable(py, iterable);
    if (task === undefined) break;
    py.setVar(local('task'), task);
    py.at('scn.call');
    const result = yield* poolApplyAsync(py, pool, jobGlobal(spec), task);
    if (read) {
      results.push(result);
      py.setVar(local('results'), list(results));
    }
  }
  py.delVar(local('task'));
  for (const result of results) {
    py.at('scn.for_get');
    py.setVar(local('result'), result);
    py.at('scn.get');
    yield* applyResultGet(py, pool, result);
  }
  py.delVar(local('result'));
}

/** `mypool = mp.Pool(...)`, with the initializer's arguments once they exist. */
function* makePool(
  py: Py,
  spec: ScenarioSpec,
  values: Record<string, PyValue>,
  ncores: number,
): Gen<PyObject> {
  const viaInit = spec.lockRoute === 'initializer' || spec.queueRoute === 'initializer';
  py.at('scn.pool');
  const initargs = initargsFields(spec).map((n) => values[n]!);
  const pool = yield* Pool(py, ncores, viaInit ? MAIN(spec.initializerName!) : null, initargs);
  py.setVar(`${spec.functionName}:mypool`, pool);
  return pool;
}

function* makeIterator(py: Py, args: PyValue[], extras: PyValue[]): Gen<PyIterable> {
  py.at('iter.return');
  yield* py.cpu('python');
  // `return ((arg, *extras) for arg in args)`: the generator's frames are on this line.
  return makeGenerator(py, args, extras, py.script.line('iter.return'));
}

function* doJobSingleProcesses(
  py: Py,
  jobfunc: PyGlobal,
  iterator: PyIterable,
  ncores: number,
): Gen<PyValue> {
  const local = (name: string): string => `do_job_single_processes:${name}`;
  py.at('single.keep');
  let keepRunning = true;
  py.at('single.dict');
  const processDict: [number, PyObject][] = [];
  for (;;) {
    py.at('single.while');
    yield* py.cpu('python');
    if (!(processDict.length > 0 || keepRunning)) break;
    py.at('single.terminated');
    const terminated: number[] = [];
    for (const [pid, proc] of processDict) {
      py.at('single.for');
      py.at('single.is_alive');
      if (!(yield* isAlive(py, proc))) {
        py.at('single.append');
        terminated.push(pid);
      }
    }
    for (const pid of terminated) {
      py.at('single.pop');
      processDict.splice(
        processDict.findIndex(([p]) => p === pid),
        1,
      );
    }
    py.at('single.if');
    if (processDict.length < ncores && keepRunning) {
      py.at('single.next');
      const task = yield* nextFromIterable(py, iterator);
      if (task === undefined) {
        py.at('single.keep_false');
        keepRunning = false;
      } else {
        py.setVar(local('task'), task);
        py.at('single.process');
        const proc = newProcess(py, {
          target: jobfunc,
          args: [task],
          defaultContext: true,
        });
        py.setVar(local('proc'), proc);
        py.at('single.start');
        yield* start(py, proc);
        py.at('single.store');
        processDict.push([processPid(proc)!, proc]);
      }
    }
    py.at('single.sleep');
    yield* py.frame('time', 'sleep', () => py.sys({ op: 'sleep', seconds: 0.1 }));
  }
  py.delVar(local('task'));
  py.delVar(local('proc'));
  return null;
}

// ── the job, the initializer, read_queue ───────────────────────────────────

/**
 * The lambda or local function the script hands on instead of the_job: one
 * line that calls the_job with its own arguments (`return the_job(args)`).
 */
function* jobWrapper(
  py: Py,
  spec: ScenarioSpec,
  frame: string,
  callTheJob: () => Gen<PyValue>,
): Gen<PyValue> {
  return yield* py.scriptCall(frame, '', () => jobWrapperBody(py, spec, callTheJob));
}

function* jobWrapperBody(py: Py, spec: ScenarioSpec, callTheJob: () => Gen<PyValue>): Gen<PyValue> {
  // A lambda's body is the line it is written on, where its frame already is.
  if (spec.job === 'local') py.at('local.return');
  yield* py.cpu('python');
  return yield* callTheJob();
}

function* initializer(py: Py, spec: ScenarioSpec, args: PyValue[]): Gen<PyValue> {
  const names = (['lock', 'queue'] as const).filter(
    (n) => (n === 'lock' ? spec.lockRoute : spec.queueRoute) === 'initializer',
  );
  return yield* py.scriptCall(spec.initializerName!, names.map((n) => n[0]).join(', '), () =>
    initializerBody(py, names, args),
  );
}

function* initializerBody(
  py: Py,
  names: readonly ('lock' | 'queue')[],
  args: PyValue[],
): Gen<PyValue> {
  for (const [i, name] of names.entries()) {
    py.at(`init.${name}`);
    yield* py.cpu('python');
    py.setVar(name, args[i] ?? null);
  }
  return null;
}

function* theJob(py: Py, spec: ScenarioSpec, arg: PyValue): Gen<PyValue> {
  return yield* py.scriptCall('the_job', pyRepr(isTuple(arg) ? arg.items[0]! : arg), () =>
    theJobBody(py, spec, arg),
  );
}

// The job's labels and variable names, spelt out once (not joined on every task).
const JOB_LINES = ['I', 'was ', 'here ', '!!!!', '1111', 'einhundertelfzigelf\n'];
const JOB_PRINT_LABELS = JOB_LINES.map((_, i) => `job.print.${i}`);
const JOB_UNPACK_LABELS = {
  idx: 'job.unpack.idx',
  lock: 'job.unpack.lock',
  queue: 'job.unpack.queue',
};
const JOB_VARS = { idx: 'the_job:idx', lock: 'the_job:lock', queue: 'the_job:queue' };

/** the_job(idx, lock, queue) as starmap calls it: the task's items are its parameters. */
function* theJobUnpacked(py: Py, spec: ScenarioSpec, args: PyValue[]): Gen<PyValue> {
  return yield* py.scriptCall('the_job', pyRepr(args[0] ?? null), () =>
    theJobBody(py, spec, tuple(...args), true),
  );
}

function* theJobBody(py: Py, spec: ScenarioSpec, arg: PyValue, unpacked = false): Gen<PyValue> {
  const fields = taskFields(spec);
  const values: Record<string, PyValue> = {};
  if (unpacked && isTuple(arg)) {
    // Parameters, not `x = args[i]` lines: bound before the body's first line.
    for (const [i, f] of fields.entries()) {
      values[f] = arg.items[i] ?? null;
      py.setVar(JOB_VARS[f], values[f]!);
    }
  } else if (fields.length > 1 && isTuple(arg)) {
    for (const [i, f] of fields.entries()) {
      py.at(JOB_UNPACK_LABELS[f]);
      values[f] = arg.items[i] ?? null;
      py.setVar(JOB_VARS[f], values[f]!);
    }
  } else {
    values['idx'] = arg;
    py.setVar('the_job:idx', arg);
  }
  const lock = values['lock'] ?? py.mem.vars.get('lock') ?? null;
  const queue = values['queue'] ?? py.mem.vars.get('queue') ?? null;
  const idx = values['idx'] as number;
  py.at('job.acquire');
  yield* lockAcquire(py, lock);
  for (let i = 0; i < JOB_LINES.length; i++) {
    py.at(JOB_PRINT_LABELS[i]!);
    yield* py.print(JOB_LINES[i]!);
  }
  py.at('job.who');
  const who = ` By run ${idx} \n`;
  py.at('job.print.6');
  yield* py.print(who);
  py.at('job.release');
  yield* lockRelease(py, lock);
  py.at('job.put');
  yield* queuePutAny(py, queue, idx);
  for (const f of fields) py.delVar(JOB_VARS[f]);
  return null;
}

function* readQueue(py: Py, queue: PyObject): Gen<PyValue> {
  return yield* py.scriptCall('read_queue', 'queue', () => readQueueBody(py, queue));
}

function* readQueueBody(py: Py, queue: PyObject): Gen<PyValue> {
  py.at('read.results');
  const results = list();
  py.setVar('read_queue:results', results);
  for (;;) {
    py.at('read.empty');
    if (yield* queueEmptyAny(py, queue)) break;
    py.at('read.get');
    const item = yield* queueGetAny(py, queue);
    py.at('read.append');
    results.items.push(item);
    py.setVar('read_queue:results', results);
  }
  py.at('read.return');
  py.delVar('read_queue:results');
  return results;
}
