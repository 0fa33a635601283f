"""Running things for scripts/cpython_check.py: finding the interpreters, the
model (``npm run sim``), and the page's script under CPython, instrumented from
outside by ``scripts/mpviz_instrument/sitecustomize.py``, summarised as the
model summarises a run (verdict, stderr as the model prints it, process names,
pickles)."""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

from cpython_check_cells import cell_document

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INSTRUMENT = os.path.join(HERE, 'mpviz_instrument')
SIM = ['node', os.path.join(ROOT, 'scripts', 'sim.mjs')]
TIMEOUT = 90.0


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

def sim(*args, stdin=None):
    out = subprocess.run(SIM + list(args), capture_output=True, text=True, timeout=300, cwd=ROOT,
                         input=stdin)
    if out.returncode not in (0, 1):
        raise RuntimeError('npm run sim %s: %s' % (' '.join(args), out.stderr.strip()))
    return out.stdout


def cell_sim(cell, minor, *args):
    """`npm run sim` for a cell: a seed's settings, or its document on standard input."""
    scenario, method, call, _mods = cell
    document = cell_document(cell)
    common = ['--start-method', method, '--python', minor]
    if document is None:
        return sim(*args, '--scenario', str(scenario), '--call', call, *common)
    if 'call' not in document and document.get('container') == 'pool':
        common += ['--call', call]  # a document without its own call takes the run's
    return sim(*args, '--spec', '-', *common, stdin=json.dumps(document))


def model_cell(cell, minor, runs):
    return json.loads(cell_sim(cell, minor, '--json', '--runs', str(runs)))


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
