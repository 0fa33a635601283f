#!/usr/bin/env python3
"""Run the very script the page shows under every CPython on this machine and
compare what happens with the model, cell by cell.

    python3 scripts/cpython_check.py [--runs N] [--model-runs M] [--cells SPEC]
                                     [--python PATH ...] [--jobs J] [--json]

For each interpreter found (``pyenv versions``, ``python3.X`` on the PATH, or
the ``--python`` paths) and each cell (scenario x start method x map/imap), the
script text comes from ``npm run sim -- --print-script`` (the code panel's
text), is saved as ``scenarios.py`` in a fresh directory and run N times.
It is instrumented from outside: ``scripts/mpviz_instrument/sitecustomize.py``
is put on PYTHONPATH, so every process the script starts logs its name and
every pickle it makes (thread, bytes, or the error that refused it).

The model runs the same settings (``npm run sim -- --json --runs M``) for the
same minor version. Columns (``ok`` or ``DIFF``):

  verdict    every verdict CPython showed also occurs in the model's seeds
  error      the exception line
  traceback  the whole stderr, paths shortened as the model prints them
  thread     the process and thread where the first pickle was refused
  procs      the multiset of process names (so their number too)
  pickles    every pickle, as (process kind, thread, bytes): listener
             addresses, authkeys, ids, pids, handles, paths and sys.path
             normalised, memo references resolved. A refused pickle is never
             sent, so it is compared by its error alone.
  sentinels  how many times `None` was pickled (the Pool's "no more work"
             and wake-up sentinels, mostly while it is torn down at exit)
  stdout     the lines printed, as a multiset (jobs print in any order)

``--cells`` is ``all`` (default), ``quick`` (one cell per scenario and start
method, with map), or a list such as ``1:fork:map,3:spawn``. Exits 1 when a
cell differs. Also runs the question's original Python 2 script under 2.7 if
one is found and checks where it raises. Needs only the standard library and
Node (for the model).
"""
import argparse
import collections
import concurrent.futures
import glob
import json
import os
import pickletools
import re
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INSTRUMENT = os.path.join(HERE, 'mpviz_instrument')
SIM = ['node', os.path.join(ROOT, 'scripts', 'sim.mjs')]
MODEL_VERSIONS = ('3.11', '3.12', '3.13', '3.14')
SCENARIOS = (1, 2, 3, 4, 5, 6)
METHODS = ('fork', 'spawn', 'forkserver')
POOL_SCENARIOS = (1, 2, 5, 6)
TIMEOUT = 90.0
COLUMNS = ('verdict', 'error', 'traceback', 'thread', 'procs', 'pickles', 'sentinels', 'stdout')


# ── interpreters ────────────────────────────────────────────────────────────

def interpreter_version(path):
    try:
        out = subprocess.run([path, '-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def find_interpreters(explicit=()):
    """[(full version, path)], one per full version, newest minor last."""
    candidates = list(explicit)
    if not explicit:
        root = os.environ.get('PYENV_ROOT', os.path.expanduser('~/.pyenv'))
        candidates += sorted(glob.glob(os.path.join(root, 'versions', '*', 'bin', 'python')))
        for minor in range(7, 20):
            found = shutil.which('python3.%d' % minor)
            if found:
                candidates.append(found)
        for name in ('python3', 'python2', 'python2.7'):
            found = shutil.which(name)
            if found:
                candidates.append(found)
    seen = {}
    for path in candidates:
        version = interpreter_version(path)
        if version and version not in seen:
            seen[version] = path
    return sorted(seen.items(), key=lambda kv: tuple(int(x) for x in kv[0].split('.')))


# ── the model ───────────────────────────────────────────────────────────────

def sim(*args):
    out = subprocess.run(SIM + list(args), capture_output=True, text=True, timeout=300, cwd=ROOT)
    if out.returncode not in (0, 1):
        raise RuntimeError('npm run sim %s: %s' % (' '.join(args), out.stderr.strip()))
    return out.stdout


def cell_args(cell, minor):
    scenario, method, call = cell
    return ['--scenario', str(scenario), '--start-method', method, '--call', call,
            '--python', minor]


def model_cell(cell, minor, runs):
    return json.loads(sim('--json', '--runs', str(runs), *cell_args(cell, minor)))


# ── running CPython ─────────────────────────────────────────────────────────

def run_cpython(python, script):
    directory = tempfile.mkdtemp(prefix='mpviz-check-')
    try:
        with open(os.path.join(directory, 'scenarios.py'), 'w') as f:
            f.write(script)
        log = os.path.join(directory, 'trace.jsonl')
        env = dict(os.environ, MPVIZ_TRACE=log, PYTHONPATH=INSTRUMENT, PYTHONHASHSEED='0')
        env.pop('PYTHONSTARTUP', None)
        proc = subprocess.Popen([python, 'scenarios.py'], cwd=directory, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
            hung = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            hung = True
        # Children (the resource tracker, a forkserver) may still be writing: wait for the group.
        for _ in range(50):
            try:
                os.killpg(proc.pid, 0)
            except OSError:
                break
            import time
            time.sleep(0.1)
        records = []
        if os.path.exists(log):
            with open(log) as f:
                for line in f:
                    try:
                        records.append(json.loads(line))
                    except ValueError:
                        pass
        return summarize_cpython(stdout, stderr, proc.returncode, hung, records, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def verdict_of(stdout_lines, stderr_lines, returncode, hung):
    if hung:
        return 'hang'
    last = stdout_lines[-1] if stdout_lines else ''
    if returncode != 0 and any(l.startswith('Traceback') for l in stderr_lines):
        return 'raised'
    if re.match(r'Scenario \d+ successful!$', last):
        return 'successful'
    if re.match(r'Scenario \d+ fails: ', last):
        return 'fails'
    return 'crashed'


def process_names(records):
    names = {}
    main_pid = None
    for r in records:
        pid = r['pid']
        if r['kind'] == 'start':
            argv = ' '.join(r['argv'])
            if 'resource_tracker' in argv:
                names[pid] = 'resource_tracker'
            elif 'forkserver import main' in argv:
                names[pid] = 'forkserver'
            elif main_pid is None and 'scenarios.py' in argv:
                main_pid = pid
                names[pid] = 'MainProcess'
            else:
                names.setdefault(pid, '?')
        elif r['kind'] == 'bootstrap':
            names.setdefault(pid, r['name'])
            if names[pid] == '?':
                names[pid] = r['name']
    # The name the parent gave (its Process object's), even if the child never ran.
    for r in records:
        if r['kind'] == 'started':
            names[r['child']] = r['name']
    return names


def summarize_cpython(stdout, stderr, returncode, hung, records, directory):
    out_lines = stdout.rstrip('\n').split('\n') if stdout else []
    err_lines = normalize_stderr(stderr, directory)
    names = process_names(records)
    pickles = []
    pids = sorted(set(names))
    for r in records:
        if r['kind'] == 'pickle':
            pickles.append({'process': names.get(r['pid'], r['process']), 'thread': r['thread'],
                            'hex': r['hex'], 'error': r['error']})
    verdict = verdict_of(out_lines, err_lines, returncode, hung)
    error = err_lines[-1] if verdict == 'raised' and err_lines else None
    return {'verdict': verdict, 'stdout': out_lines, 'stderr': err_lines, 'error': error,
            'processes': sorted(names.values()), 'pickles': pickles, 'pids': pids}


_SITE_FRAME = re.compile(r'  File ".*mpviz_instrument/sitecustomize\.py", line \d+, in ')


def normalize_stderr(text, directory):
    """The stderr as the model prints it: the script by name, the stdlib as .../multiprocessing/,
    and without the frames of the instrumentation's own wrappers."""
    lines = text.rstrip('\n').split('\n') if text else []
    out = []
    skipping = False
    for line in lines:
        if _SITE_FRAME.match(line):
            skipping = True
            continue
        if skipping and line.startswith('    '):
            continue
        skipping = False
        line = line.replace(os.path.join(directory, 'scenarios.py'), 'scenarios.py')
        line = re.sub(r'File "[^"]*/multiprocessing/', 'File ".../multiprocessing/', line)
        out.append(line)
    return out


# ── pickles ─────────────────────────────────────────────────────────────────

_ADDRESS = re.compile(r'^(/tmp/pymp-[\w]+/listener-[\w]+|\0?listener-\w+|/tmp/pymp-\w+/\w+)$')
_HEX_ID = re.compile(r'^[0-9a-f]{6,16}$')
_SEM_NAME = re.compile(r'^/mp-[\w]+$')


_PROCESS_NAME = re.compile(r'^((?:Fork|Spawn|ForkServer)?(?:PoolWorker|Process)|SyncManager)-\d+$')


def normalize_pickle(hexdata, pids=()):
    """The opcodes of a pickle as text, with what differs from run to run replaced by a name:
    `pids` are the run's process ids (a Queue pickles its owner's, a Process its parent's)."""
    data = bytes.fromhex(hexdata)
    ops = []
    memo = []
    last = None
    after_key = None
    skip_depth = None
    try:
        for op, arg, _pos in pickletools.genops(data):
            name = op.name
            if name == 'FRAME':
                continue
            if name == 'MEMOIZE':
                memo.append(last)
                continue
            if name in ('PUT', 'BINPUT', 'LONG_BINPUT'):
                while len(memo) <= arg:
                    memo.append(None)
                memo[arg] = last
                continue
            if name in ('GET', 'BINGET', 'LONG_BINGET'):
                text = 'GET %s' % (memo[arg] if arg < len(memo) else '?')
            else:
                value = arg
                if isinstance(arg, str):
                    if _ADDRESS.match(arg):
                        value = '<address>'
                    elif _SEM_NAME.match(arg):
                        value = '<semaphore name>'
                    elif _HEX_ID.match(arg) and re.search(r'\d', arg):
                        value = '<id>'
                    elif arg.startswith('/') and arg.count('/') >= 2:
                        value = '<path>'
                    elif _PROCESS_NAME.match(arg):
                        # which worker sends which request is timing; the kind of name is not
                        value = re.sub(r'-\d+$', '-N', arg)
                elif isinstance(arg, bytes) and len(arg) == 32:
                    value = '<authkey>'
                elif isinstance(arg, int) and not isinstance(arg, bool):
                    if after_key == '_parent_pid' or arg in pids or abs(arg) >= 1 << 31:
                        value = '<pid or handle>'
                text = name if arg is None else '%s %r' % (name, value)
            last = text
            after_key = arg if name in ('SHORT_BINUNICODE', 'BINUNICODE', 'UNICODE') else None
            # sys.path differs between machines: keep only that it is a list.
            if skip_depth is not None:
                if name == 'MARK':
                    skip_depth += 1
                elif name in ('APPENDS', 'SETITEMS', 'TUPLE', 'LIST', 'DICT'):
                    skip_depth -= 1
                    if skip_depth == 0:
                        skip_depth = None
                        ops.append('<sys.path>')
                continue
            if text == "SHORT_BINUNICODE 'sys_path'":
                ops.append(text)
                skip_depth = 0
                continue
            ops.append(text)
    except Exception as e:  # a pickle that does not parse is itself a difference
        ops.append('<unreadable: %s>' % e)
    return ops


def process_kind(name):
    return re.sub(r'-\d+(:\d+)*$', '-N', name or '?')


def pickle_key(p, pids):
    if p['error'] is not None:
        body = ('refused, never sent: %s' % p['error'],)
    else:
        body = tuple(normalize_pickle(p['hex'], pids))
    thread = re.sub(r'^Thread-\d+', 'Thread-N', p['thread'])
    # A manager's server thread takes its client's process name (accept_connection).
    thread = process_kind(thread) if _PROCESS_NAME.match(thread) else thread
    return (process_kind(p['process']), thread, body)


# ── comparing ───────────────────────────────────────────────────────────────

def is_none_pickle(p):
    return p['error'] is None and normalize_pickle(p['hex'])[1:] == ['NONE', 'STOP']


def first_refusal(pickles):
    for p in pickles:
        if p['error'] is not None:
            return '%s/%s' % (p['process'], p['thread'])
    return None


_VERDICT_LINE = re.compile(r'Scenario \d+ (successful!|fails: .*)$')


def compare(cpython_runs, model):
    """{column: (ok, detail)} for one cell."""
    first = cpython_runs[0]
    counts = collections.Counter(r['verdict'] for r in cpython_runs)
    model_counts = model.get('verdicts') or {model['verdict']: 1}
    cols = {}
    missing = [v for v in counts if not model_counts.get(v)]
    cols['verdict'] = (not missing, 'CPython %s; model %s' % (
        dict(counts), dict(sorted(model_counts.items()))))
    cols['error'] = (first['error'] == model['error'], '%r vs model %r' % (first['error'], model['error']))
    cols['traceback'] = (first['stderr'] == model['stderr'], diff_lines(first['stderr'], model['stderr']))
    model_pickles = [dict(p) for p in model['pickles']]
    cols['thread'] = (first_refusal(first['pickles']) == first_refusal(model_pickles),
                      '%s vs model %s' % (first_refusal(first['pickles']), first_refusal(model_pickles)))
    cp_procs = first['processes']
    model_procs = sorted(p['name'] for p in model['processes'])
    cols['procs'] = (cp_procs == model_procs, '%s vs model %s' % (cp_procs, model_procs))
    # `None` (a sentinel: "no more work", "wake up") is pickled mostly while the Pool is torn
    # down at exit; counted in a column of its own so the data pickles stay readable.
    cp_none = [p for p in first['pickles'] if is_none_pickle(p)]
    model_none = [p for p in model_pickles if is_none_pickle(p)]
    cols['sentinels'] = (len(cp_none) == len(model_none),
                         '%d None pickles vs model %d' % (len(cp_none), len(model_none)))
    cp_pids = set(first['pids'])
    model_pids = {p['pid'] for p in model['processes']}
    cp_keys = collections.Counter(pickle_key(p, cp_pids) for p in first['pickles']
                                  if not is_none_pickle(p))
    model_keys = collections.Counter(pickle_key(p, model_pids) for p in model_pickles
                                     if not is_none_pickle(p))
    only_cp = cp_keys - model_keys
    only_model = model_keys - cp_keys
    # Server.shutdown replies ('#RETURN', None) itself and _handle_request then sends the
    # method's result, ('#RETURN', None), again, but only if that thread runs before the
    # manager process exits: CPython shows 0 to 1 such pickle per manager from run to run.
    managers = sum(1 for n in first['processes'] if n.startswith('SyncManager-'))
    for extra in (only_cp, only_model):
        if 0 < extra.get(SECOND_SHUTDOWN_REPLY, 0) <= managers:
            del extra[SECOND_SHUTDOWN_REPLY]
    detail = '%d pickles (model %d)' % (sum(cp_keys.values()), sum(model_keys.values()))
    if only_cp or only_model:
        detail += '; only in CPython: %s; only in the model: %s' % (
            describe_keys(only_cp), describe_keys(only_model))
        detail += '\n' + pickle_diff(only_cp, only_model)
    cols['pickles'] = (not only_cp and not only_model, detail)
    # The verdict line is the verdict column's; the jobs' lines may come in any order.
    cp_out = sorted(l for l in first['stdout'] if not _VERDICT_LINE.match(l))
    model_out = sorted(l for l in model['stdout'] if not _VERDICT_LINE.match(l))
    cols['stdout'] = (cp_out == model_out, diff_lines(cp_out, model_out))
    return cols


SECOND_SHUTDOWN_REPLY = ('SyncManager-N', 'Thread-N (handle_request)',
                         ('PROTO 4', "SHORT_BINUNICODE '#RETURN'", 'NONE', 'TUPLE2', 'STOP'))


def describe_keys(counter):
    out = []
    for (kind, thread, body), n in sorted(counter.items())[:6]:
        out.append('%dx %s/%s (%d ops)' % (n, kind, thread, len(body)))
    return ', '.join(out) or '-'


def pickle_diff(only_cp, only_model):
    """The first differing opcode of the closest pair, to say what differs."""
    lines = []
    for key_cp in list(only_cp)[:3]:
        candidates = [k for k in only_model if k[0] == key_cp[0] and k[1] == key_cp[1]]
        if not candidates:
            continue
        best = max(candidates, key=lambda k: common_prefix(k[2], key_cp[2]))
        i = common_prefix(best[2], key_cp[2])
        lines.append('    %s/%s op %d: CPython %s | model %s' % (
            key_cp[0], key_cp[1], i, key_cp[2][i:i + 3], best[2][i:i + 3]))
    return '\n'.join(lines)


def common_prefix(a, b):
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def diff_lines(a, b):
    if a == b:
        return ''
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return 'line %d: %r vs model %r' % (i + 1, x, y)
    return '%d lines vs model %d' % (len(a), len(b))


# ── cells ───────────────────────────────────────────────────────────────────

def all_cells():
    for scenario in SCENARIOS:
        for method in METHODS:
            for call in (('map', 'imap') if scenario in POOL_SCENARIOS else ('map',)):
                yield (scenario, method, call)


def parse_cells(spec):
    if spec == 'all':
        return list(all_cells())
    if spec == 'quick':
        return [(s, m, 'map') for s in SCENARIOS for m in METHODS]
    cells = []
    for part in spec.split(','):
        fields = part.split(':')
        if not 1 <= len(fields) <= 3 or not fields[0].isdigit() or int(fields[0]) not in SCENARIOS:
            raise SystemExit('--cells: %r is not SCENARIO[:METHOD[:CALL]]' % part)
        methods = [fields[1]] if len(fields) > 1 else list(METHODS)
        calls = [fields[2]] if len(fields) > 2 else ['map']
        for m in methods:
            if m not in METHODS:
                raise SystemExit('--cells: start method must be one of %s' % ', '.join(METHODS))
            for c in calls:
                if c not in ('map', 'imap'):
                    raise SystemExit('--cells: call must be map or imap')
                cells.append((int(fields[0]), m, c))
    return cells


def check_python2(python):
    """The original Python 2 script: where it raises (item 8 of issue 10)."""
    script = sim('--print-original')
    directory = tempfile.mkdtemp(prefix='mpviz-py2-')
    try:
        with open(os.path.join(directory, 'original.py'), 'w') as f:
            f.write(script)
        out = subprocess.run([python, 'original.py'], cwd=directory, capture_output=True,
                             text=True, timeout=TIMEOUT)
        lines = normalize_stderr(out.stderr, directory)
        return lines
    finally:
        shutil.rmtree(directory, ignore_errors=True)


# ── the stdlib line table ───────────────────────────────────────────────────

def stdlib_dir(python):
    out = subprocess.run([python, '-c', 'import os, multiprocessing; '
                          'print(os.path.dirname(multiprocessing.__file__))'],
                         capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def check_stdlib_lines(release, directory, lines):
    """[(key, problem)] for every entry of one version's table that is not, in that
    release's source, the stripped text of a line inside the function it names."""
    import ast
    problems = []
    parsed = {}
    for key, entry in sorted(lines.items()):
        file, func = key.split(':')
        if file not in parsed:
            path = os.path.join(directory, file)
            if not os.path.exists(path):
                problems.append((key, 'no %s in %s' % (file, directory)))
                parsed[file] = None
                continue
            with open(path) as f:
                text = f.read()
            parsed[file] = (text.split('\n'), ast.parse(text))
        if parsed[file] is None:
            continue
        source, tree = parsed[file]
        spans = [(n.lineno, n.end_lineno) for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == func]
        n = entry['line']
        actual = source[n - 1].strip() if 0 < n <= len(source) else None
        inside = any(a <= n <= b for a, b in spans)
        if actual == entry['text'] and inside:
            continue
        found = [i + 1 for a, b in spans for i in range(a - 1, b) if source[i].strip() == entry['text']]
        problems.append((key, 'line %d is %r%s; %r is on line(s) %s' % (
            n, actual, '' if inside else ' (outside %s)' % func, entry['text'],
            ', '.join(map(str, found)) or 'none')))
    return problems


def stdlib_lines_report(interpreters, sources):
    """Check each version's table against its release: installed interpreters, then --stdlib-source."""
    table = json.loads(sim('--print-stdlib-lines'))
    dirs = {version: stdlib_dir(path) for version, path in interpreters}
    dirs.update(sources)
    report = []
    for minor, entry in sorted(table.items()):
        release = entry['release']
        if release not in dirs:
            report.append({'minor': minor, 'release': release, 'checked': False, 'problems': []})
            continue
        problems = check_stdlib_lines(release, dirs[release], entry['lines'])
        report.append({'minor': minor, 'release': release, 'checked': True, 'source': dirs[release],
                       'entries': len(entry['lines']),
                       'problems': [{'entry': k, 'problem': p} for k, p in problems]})
    return report


def print_stdlib_report(report):
    print('\nstdlib traceback lines:')
    for r in report:
        if not r['checked']:
            print('  %s (%s): NOT CHECKED: no interpreter or --stdlib-source for %s'
                  % (r['minor'], r['release'], r['release']))
            continue
        status = 'ok' if not r['problems'] else '%d DIFF' % len(r['problems'])
        print('  %s: %d entries checked against %s (%s): %s' % (
            r['minor'], r['entries'], r['release'], r['source'], status))
        for p in r['problems']:
            print('    %s: %s' % (p['entry'], p['problem']))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--runs', type=int, default=1, help='CPython runs per cell (default 1)')
    parser.add_argument('--model-runs', type=int, default=50, help='model seeds per cell (default 50)')
    parser.add_argument('--cells', default='all')
    parser.add_argument('--python', action='append', default=[], help='an interpreter to use')
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--json', action='store_true', help='one JSON object on stdout')
    parser.add_argument('--verbose', action='store_true', help='details of every difference')
    parser.add_argument('--stdlib-lines', action='store_true',
                        help='only check the model\'s stdlib line table against each release')
    parser.add_argument('--stdlib-source', action='append', default=[], metavar='RELEASE=DIR',
                        help='Lib/multiprocessing of a release not installed, e.g. 3.14.0=/src/Lib/multiprocessing')
    args = parser.parse_args(argv)
    sources = {}
    for item in args.stdlib_source:
        release, sep, directory = item.partition('=')
        if not sep or not re.match(r'^\d+\.\d+\.\d+$', release) or not os.path.isdir(directory):
            raise SystemExit('--stdlib-source must be RELEASE=DIR with an existing DIR (got %r)' % item)
        sources[release] = directory
    if not 1 <= args.runs <= 100 or not 1 <= args.model_runs <= 10000 or not 1 <= args.jobs <= 16:
        raise SystemExit('--runs must be 1..100, --model-runs 1..10000, --jobs 1..16')
    cells = parse_cells(args.cells)
    interpreters = find_interpreters(args.python)
    py3 = [(v, p) for v, p in interpreters if v.rsplit('.', 1)[0] in MODEL_VERSIONS]
    py2 = [(v, p) for v, p in interpreters if v.startswith('2.7.')]
    lines_report = stdlib_lines_report(py3, sources)
    lines_bad = any(r['problems'] for r in lines_report)
    if args.stdlib_lines:
        if args.json:
            json.dump({'stdlibLines': lines_report}, sys.stdout)
            sys.stdout.write('\n')
        else:
            print_stdlib_report(lines_report)
        return 1 if lines_bad else 0
    if not py3 and not py2:
        print('cpython_check: no CPython 3.11-3.14 or 2.7 interpreter found; nothing to compare',
              file=sys.stderr)
        return 0

    scripts = {}
    models = {}
    jobs = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for version, path in py3:
            minor = version.rsplit('.', 1)[0]
            for cell in cells:
                key = (cell, minor)
                if key not in scripts:
                    scripts[key] = pool.submit(sim, '--print-script', *cell_args(cell, minor))
                    models[key] = pool.submit(model_cell, cell, minor, args.model_runs)
        for version, path in py3:
            minor = version.rsplit('.', 1)[0]
            for cell in cells:
                script = scripts[(cell, minor)].result()
                runs = [pool.submit(run_cpython, path, script) for _ in range(args.runs)]
                jobs.append((version, cell, runs))
        rows = []
        for version, cell, runs in jobs:
            minor = version.rsplit('.', 1)[0]
            cpython_runs = [r.result() for r in runs]
            model = models[(cell, minor)].result()
            cols = compare(cpython_runs, model)
            rows.append({'python': version, 'scenario': cell[0], 'startMethod': cell[1],
                         'call': cell[2],
                         'cpythonVerdicts': dict(collections.Counter(r['verdict'] for r in cpython_runs)),
                         'modelVerdicts': model.get('verdicts') or {model['verdict']: 1},
                         'columns': {c: {'ok': ok, 'detail': d} for c, (ok, d) in cols.items()}})
    python2 = None
    if py2:
        python2 = {'python': py2[0][0], 'stderr': check_python2(py2[0][1]),
                   'model': json.loads(sim('--print-original', '--json'))}
    failed = [r for r in rows if not all(c['ok'] for c in r['columns'].values())]
    if python2 is not None:
        python2['ok'] = python2_ok(python2)
        if not python2['ok']:
            failed.append(python2)
    if args.json:
        json.dump({'interpreters': [v for v, _ in interpreters], 'rows': rows,
                   'python2': python2, 'stdlibLines': lines_report,
                   'mismatches': len(failed)}, sys.stdout)
        sys.stdout.write('\n')
    else:
        print_table(rows, args.verbose)
        if python2:
            print_python2(python2)
        print_stdlib_report(lines_report)
    return 1 if failed or lines_bad else 0


def print_table(rows, verbose):
    header = ['python', 'cell'] + list(COLUMNS)
    print(' | '.join(header))
    print('-|-'.join('-' * len(h) for h in header))
    for r in rows:
        cell = '%d %s %s' % (r['scenario'], r['startMethod'], r['call'])
        marks = ['ok' if r['columns'][c]['ok'] else 'DIFF' for c in COLUMNS]
        print(' | '.join([r['python'], cell] + marks) + '   ' + r['columns']['verdict']['detail'])
    diffs = [(r, c) for r in rows for c in COLUMNS if not r['columns'][c]['ok']]
    if diffs:
        print('\n%d difference(s):' % len(diffs))
        for r, c in diffs if verbose else diffs[:40]:
            print('  %s scenario %d %s %s, %s: %s' % (r['python'], r['scenario'], r['startMethod'],
                                                     r['call'], c, r['columns'][c]['detail']))
    else:
        print('\nno differences')


def python2_ok(p):
    end = p['model']['tracebackEnd']
    return p['stderr'][-len(end):] == end


def print_python2(p):
    print('\n%s, the question\'s original script, ends with:' % p['python'])
    for line in p['stderr'][-len(p['model']['tracebackEnd']):]:
        print('  ' + line)
    print('  the model records (%s): %s' % (p['model']['release'],
                                            'the same' if python2_ok(p) else 'DIFF'))


if __name__ == '__main__':
    sys.exit(main())
