#!/usr/bin/env python3
"""The differential check of issue 14: every document of the scenario format
(or a seeded sample) x start method x local CPython, against the model.

    npm run sweep -- [--sample N --seed S] [--cell-sample K] [--docs N,N] [--python PATH ...]
                     [--methods fork,spawn] [--runs R] [--model-runs M] [--jobs J]
                     [--json] [--verbose]

The documents come from src/sim/space/space.ts (read off the format's JSON
Schema; ``scripts/sweep-space.ts`` prints them). A cell is a document, one of
the run's Pool calls that changes its script, a start method and an
interpreter (3.11-3.14; ``pyenv versions`` and ``python3.X`` on the PATH, or
the ``--python`` paths). For each cell this uses the truth harness
(cpython_check_run.py, cpython_check_compare.py) as scripts/cpython_check.py
does: the script is ``npm run sim -- --spec FILE --print-script``, run R times
under the instrumentation, and the model is ``--spec FILE --json --runs M``,
compared column by column; plus ``observed``, what the parent read (its last
line, a list's order aside: the order is the verdict column's).

CPython is not deterministic everywhere (the order results arrive in, the
Pool's sentinels at exit). A column is judged against CPython's own spread:
``ok`` when every run agrees with the model's seed 1; ``~`` when the runs
differ among themselves and the model gives one of them, or one of the
model's next seeds gives what a run gave (the two spreads overlap);
``spread?`` when the runs differ and the model gives none of them (R runs may
not show everything CPython does: reported, not failed); ``DIFF`` when every
run says the same and no seed of the model says it, also over ``--confirm``
runs in all: a deterministic mismatch, and the exit status is 1.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cpython_check import METHODS, MODEL_VERSIONS  # noqa: E402
from cpython_check_compare import COLUMNS as HARNESS_COLUMNS, compare, printed_lines  # noqa: E402
from cpython_check_run import ROOT, SIM, find_interpreters, run_cpython  # noqa: E402

COLUMNS = HARNESS_COLUMNS + ('observed',)
MARKS = ('ok', '~', 'spread?', 'DIFF')


def space(sample, seed):
    tsx = os.path.join(ROOT, 'node_modules', '.bin', 'tsx')
    args = [tsx, os.path.join('scripts', 'sweep-space.ts')]
    if sample is not None:
        args += ['--sample', str(sample), '--seed', str(seed)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit('sweep: scripts/sweep-space.ts: %s' % out.stderr.strip())
    return json.loads(out.stdout)


# ── the model ───────────────────────────────────────────────────────────────

class Model:
    """One ``npm run sim -- --batch`` process (src/cli/sim.ts): the model's answers for
    thousands of cells without starting Node twice per cell. Not shared between threads."""

    def __init__(self):
        self.proc = subprocess.Popen(SIM + ['--batch'], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def __call__(self, *args):
        self.proc.stdin.write(json.dumps({'args': list(args)}) + '\n')
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError('npm run sim -- --batch ended (status %s)' % self.proc.poll())
        answer = json.loads(line)
        if answer['code'] not in (0, 1):
            raise RuntimeError('npm run sim %s: %s' % (' '.join(args), answer['stderr'].strip()))
        return answer['stdout']

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


_local = threading.local()
_models = []
_models_lock = threading.Lock()


def sim(*args):
    """The model's stdout for these options, from this thread's batch process."""
    model = getattr(_local, 'model', None)
    if model is None:
        model = _local.model = Model()
        with _models_lock:
            _models.append(model)
    return model(*args)


def close_models():
    with _models_lock:
        for model in _models:
            model.close()
        _models.clear()


# ── CPython's runs, kept ────────────────────────────────────────────────────

HARNESS_FILES = ('cpython_check_run.py', os.path.join('mpviz_instrument', 'sitecustomize.py'))


def harness_digest():
    """What a CPython run's record depends on besides the script and the interpreter: the
    instrumentation and the code that summarizes what it wrote."""
    digest = hashlib.sha256()
    for name in HARNESS_FILES:
        with open(os.path.join(ROOT, 'scripts', name), 'rb') as f:
            digest.update(name.encode() + b'\0' + f.read() + b'\0')
    return digest.hexdigest()


class CPythonRuns:
    """--cpython-cache DIR: CPython's runs of each script, kept by what they depend on (the
    interpreter's version, the script's text, the harness): a sweep after a change to the model
    reruns only the model, and CPython's runs of an unchanged script are the same samples as
    before. A script asked for more runs than are kept gets the missing ones run and added."""

    def __init__(self, directory):
        self.directory = directory
        self.harness = harness_digest()
        if directory:
            os.makedirs(directory, exist_ok=True)

    def __call__(self, version, path, script, runs):
        if not self.directory:
            return [run_cpython(path, script) for _ in range(runs)]
        key = hashlib.sha256('\0'.join((version, self.harness, script)).encode()).hexdigest()
        file = os.path.join(self.directory, key + '.json')
        kept = []
        if os.path.exists(file):
            try:
                with open(file) as f:
                    kept = json.load(f)['runs']
            except (ValueError, KeyError):
                kept = []  # a file cut short: run again
        if len(kept) < runs:
            kept += [run_cpython(path, script) for _ in range(runs - len(kept))]
            partial = '%s.%d.tmp' % (file, threading.get_ident())
            with open(partial, 'w') as f:
                json.dump({'python': version, 'runs': kept}, f)
            os.replace(partial, file)  # whole or not at all, for a sweep stopped while writing
        return kept[:runs]


# ── one cell ────────────────────────────────────────────────────────────────

def _sorted_lists(text):
    return re.sub(r'\[([^\[\]]*)\]',
                  lambda m: '[%s]' % ', '.join(sorted(x.strip() for x in m.group(1).split(','))),
                  text)


def observed(stdout):
    """The parent's last line, the order of what it read aside (that is the verdict column's):
    "fails: A != B" where B is A in another order reads as "successful!"."""
    stdout = printed_lines(stdout)
    last = _sorted_lists(stdout[-1] if stdout else '')
    m = re.match(r'(Scenario \d+) fails: (\[.*\]) != (\[.*\])$', last)
    return '%s successful!' % m.group(1) if m and m.group(2) == m.group(3) else last


def as_model(run):
    """A CPython run in the shape of the model's --json, to compare two runs with each other."""
    return dict(run, verdicts={run['verdict']: 1},
                processes=[{'name': n, 'pid': p} for n, p in zip(run['processes'], run['pids'])])


def columns(runs, model):
    """{column: [ok per run]}, the model against each run."""
    out = collections.defaultdict(list)
    for run in runs:
        for c, (ok, _detail) in compare([run], model).items():
            out[c].append(ok)
        out['observed'].append(observed(run['stdout']) == observed(model['stdout']))
    return out


def judge(runs, model):
    """{column: (mark, detail)}: the model against the runs, within CPython's own spread."""
    against_model = columns(runs, model)
    against_first = columns(runs[1:], as_model(runs[0])) if len(runs) > 1 else {}
    first = compare(runs[:1], model)
    marks = {}
    for c in COLUMNS:
        oks = against_model[c]
        deterministic = all(against_first.get(c, [True]))
        if all(oks):
            mark = 'ok'
        elif not deterministic:
            mark = '~' if any(oks) else 'spread?'
        else:
            mark = 'DIFF'
        if c == 'observed':
            detail = '%r vs model %r' % (observed(runs[0]['stdout']), observed(model['stdout']))
        else:
            detail = first[c][1]
        marks[c] = (mark, detail)
    return marks


# Three CPython runs that agree do not make a cell deterministic: an outcome a run gives
# often, but not always (every Pool worker taking tasks, under spawn; none of the forkserver's
# workers reaching its initializer before an error tears the Pool down), may be one the model
# gives in a seed out of four or five. Four more seeds missed such an outcome in about a
# third of those cells; twenty miss it about once in two hundred.
EXTRA_SEEDS = 20


def widen(marks, cpython, args):
    """The columns the model's seed 1 gets wrong, against its next seeds: where one of those
    gives what a CPython run gave, the two spreads overlap (~). The verdict column already
    counts every seed."""
    todo = [c for c, (m, _) in marks.items() if m in ('DIFF', 'spread?') and c != 'verdict']
    for seed in range(2, 2 + EXTRA_SEEDS):
        if not todo:
            break
        other = json.loads(sim('--json', '--seed', str(seed), *args))
        oks = columns(cpython, other)
        for c in [c for c in todo if any(oks[c])]:
            detail = '%s (the model\'s seed %d gives what CPython gave)' % (marks[c][1], seed)
            marks[c] = ('~', detail)
            todo.remove(c)
    return marks


def check_cell(cell, spec_file, runs, model_runs, cpython_runs, confirm=0):
    """The cell's row; a check that fails (the model's batch ended, CPython could not start) is a
    row of DIFFs saying why, so that a long sweep finishes and counts it as a mismatch."""
    try:
        return _check_cell(cell, spec_file, runs, model_runs, cpython_runs, confirm)
    except Exception as error:  # noqa: BLE001 - any failure of the check itself
        detail = 'the check itself failed: %s: %s' % (type(error).__name__, error)
        return dict(cell, cpythonVerdicts={}, modelVerdicts={},
                    columns={c: {'mark': 'DIFF', 'detail': detail} for c in COLUMNS})


def _check_cell(cell, spec_file, runs, model_runs, cpython_runs, confirm=0):
    args = ['--spec', spec_file, '--start-method', cell['startMethod'], '--python', cell['minor']]
    with open(spec_file) as f:
        if 'call' not in json.load(f):
            args += ['--call', cell['call']]  # only a document without its own call takes the run's
    script = sim('--print-script', *args)
    model = json.loads(sim('--json', '--runs', str(model_runs), *args))
    cpython = cpython_runs(cell['python'], cell['path'], script, runs)
    marks = widen(judge(cpython, model), cpython, args)
    if confirm > runs and any(m == 'DIFF' for m, _ in marks.values()):
        # A few runs that agree may be chance (an outcome CPython gives two runs in three):
        # a DIFF stands only if `confirm` runs in all agree as well.
        cpython = cpython_runs(cell['python'], cell['path'], script, confirm)
        marks = widen(judge(cpython, model), cpython, args)
    return dict(cell, cpythonVerdicts=dict(collections.Counter(r['verdict'] for r in cpython)),
                modelVerdicts=model.get('verdicts') or {model['verdict']: 1},
                columns={c: {'mark': m, 'detail': d} for c, (m, d) in marks.items()})


# ── the sweep ───────────────────────────────────────────────────────────────

def cell_key(cell):
    """A cell by what it is (its document's label, not its place in this sample)."""
    return (cell['label'], cell['call'], cell['startMethod'], cell['python'])


def model_commit():
    """The commit the model is checked at, '+' if the work tree differs from it."""
    def git(*a):
        return subprocess.run(['git', *a], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    head = git('rev-parse', 'HEAD') or 'unknown'
    return head + ('+' if git('status', '--porcelain', '--', 'src', 'scripts') else '')


class Saved:
    """--save FILE: a header line (the model's commit), then one JSON line per finished cell.
    --resume reads the cells back, if the header names this commit: cells of another model
    would be counted as this one's."""

    def __init__(self, path, resume):
        self.path = path
        self.rows = {}
        commit = model_commit()
        if resume and os.path.exists(path):
            with open(path) as f:
                lines = f.read().splitlines()
            header = json.loads(lines[0]) if lines else {}
            if header.get('commit') != commit or commit.endswith('+'):
                raise SystemExit('sweep: --resume: %s is from the model at %s, this is %s; '
                                 'start a new file' % (path, header.get('commit'), commit))
            for line in lines[1:]:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue  # the last line of a sweep that was stopped while writing it
                self.rows[cell_key(row)] = row
            return
        with open(path, 'w') as f:
            f.write(json.dumps({'commit': commit}) + '\n')

    def append(self, row):
        with open(self.path, 'a') as f:
            f.write(json.dumps(row) + '\n')


def parse_docs(text):
    """--docs "49,342" (or "doc 49, doc 342"): the labels, or a clear reason."""
    labels = set()
    for part in text.split(','):
        m = re.fullmatch(r'\s*(?:doc\s+)?(\d{1,6})\s*', part)
        if not m:
            raise SystemExit('sweep: --docs takes document numbers, comma-separated '
                             '(e.g. 49,342), not %r' % part.strip())
        labels.add('doc %d' % int(m.group(1)))
    return labels


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sample', type=int, help='this many documents of the space (seeded)')
    parser.add_argument('--seed', type=int, default=1, help='the sample\'s seed (default 1)')
    parser.add_argument('--cell-sample', type=int,
                        help='then only this many of the cells (seeded too): a quick check')
    parser.add_argument('--docs', metavar='N,N,...',
                        help='then only these documents of the space (the numbers of their '
                             'labels, "doc N"): a family of cells, checked again after a change')
    parser.add_argument('--python', action='append', default=[], help='an interpreter to use')
    parser.add_argument('--methods', default=','.join(METHODS),
                        help='start methods, comma-separated (default all three)')
    parser.add_argument('--runs', type=int, default=3, help='CPython runs per cell (default 3)')
    parser.add_argument('--confirm', type=int, default=10, metavar='N',
                        help='a DIFF (every run agrees, the model does not) is judged again '
                             'against N CPython runs in all before it counts (default 10)')
    parser.add_argument('--model-runs', type=int, default=100,
                        help='model seeds per cell, for the verdicts (default 100)')
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--json', action='store_true', help='one JSON object on stdout')
    parser.add_argument('--save', metavar='FILE',
                        help='append each finished cell to FILE as a JSON line, as it finishes: '
                             'a long sweep keeps what it has done')
    parser.add_argument('--resume', action='store_true',
                        help='with --save: skip the cells FILE already has (from the same commit '
                             'of the model) and count them in the table')
    parser.add_argument('--cpython-cache', metavar='DIR',
                        help='keep CPython\'s runs of each script in DIR and reuse them: a sweep '
                             'after a change to the model then reruns only the model')
    parser.add_argument('--verbose', action='store_true', help='every difference in full')
    args = parser.parse_args(argv)
    methods = args.methods.split(',')
    if any(m not in METHODS for m in methods):
        raise SystemExit('sweep: --methods takes %s' % ', '.join(METHODS))
    if (not 1 <= args.runs <= 100 or not 0 <= args.confirm <= 100
            or not 1 <= args.model_runs <= 10000 or not 1 <= args.jobs <= 16):
        raise SystemExit('sweep: --runs must be 1..100, --confirm 0..100, --model-runs 1..10000, '
                         '--jobs 1..16')
    if min(args.sample or 1, args.cell_sample or 1) < 1:
        raise SystemExit('sweep: --sample and --cell-sample must be at least 1')
    interpreters = [(v, p) for v, p in find_interpreters(args.python)
                    if v.rsplit('.', 1)[0] in MODEL_VERSIONS]
    wanted = parse_docs(args.docs) if args.docs is not None else None
    found = space(args.sample, args.seed)
    documents = found['documents']
    if wanted is not None:
        missing = wanted - {d['label'] for d in documents}
        if missing:
            raise SystemExit('sweep: --docs: %s not in this sample of the space' % ', '.join(
                sorted(missing, key=lambda label: int(label.split()[1]))))
        documents = [d for d in documents if d['label'] in wanted]
    if not interpreters:
        print('sweep: no CPython 3.11-3.14 found; nothing to compare', file=sys.stderr)
        return 0
    directory = tempfile.mkdtemp(prefix='mpviz-sweep-')
    try:
        sim('--help')  # this thread's batch first: it (re)builds the bundle once, for every thread
        files = []
        for i, d in enumerate(documents):
            files.append(os.path.join(directory, 'doc-%d.json' % i))
            with open(files[-1], 'w') as f:
                json.dump(d['document'], f)
        cells = all_cells = [({'doc': i, 'label': d['label'], 'call': call, 'startMethod': method,
                   'python': version, 'minor': version.rsplit('.', 1)[0], 'path': path}, files[i])
                 for i, d in enumerate(documents) for call in d['calls'] for method in methods
                 for version, path in interpreters]
        if args.cell_sample is not None and args.cell_sample < len(cells):
            cells = sorted(random.Random(args.seed).sample(range(len(cells)), args.cell_sample))
            cells = [all_cells[i] for i in cells]
        saved = Saved(args.save, args.resume) if args.save else None
        done = saved.rows if saved else {}
        todo = [(cell, f) for cell, f in cells if cell_key(cell) not in done]
        if done:
            print('sweep: %d of the %d cells are in %s already' % (
                len(cells) - len(todo), len(cells), args.save), file=sys.stderr)
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            cpython_runs = CPythonRuns(args.cpython_cache)
            futures = [pool.submit(check_cell, cell, f, args.runs, args.model_runs, cpython_runs,
                                   args.confirm)
                       for cell, f in todo]
            for n, f in enumerate(concurrent.futures.as_completed(futures), 1):
                row = f.result()
                done[cell_key(row)] = row
                if saved:
                    saved.append(row)
                if not args.json and (n % 20 == 0 or n == len(futures)):
                    print('sweep: %d/%d cells' % (n, len(futures)), file=sys.stderr)
        rows = [dict(done[cell_key(cell)], doc=cell['doc']) for cell, _ in cells]
    finally:
        close_models()
        shutil.rmtree(directory, ignore_errors=True)
    mismatches = sum(1 for r in rows for c in r['columns'].values() if c['mark'] == 'DIFF')
    result = {'interpreters': [v for v, _ in interpreters], 'space': found['size'],
              'documents': documents, 'methods': methods, 'runs': args.runs,
              'rows': rows, 'mismatches': mismatches}
    if args.json:
        json.dump(result, sys.stdout)
        sys.stdout.write('\n')
    else:
        print_table(found['size'], documents, interpreters, methods, rows, args)
    return 1 if mismatches else 0


def count_marks(rows, column):
    counts = collections.Counter(r['columns'][column]['mark'] for r in rows)
    return ' '.join('%d %s' % (counts[m], m) for m in MARKS if counts[m]) or '-'


def print_table(size, documents, interpreters, methods, rows, args):
    print('sweep: %d of the %d documents of the space x %s x %s, %d CPython runs and %d model '
          'seeds per cell: %d cells' % (len(documents), size, '/'.join(methods),
                                        '/'.join(v for v, _ in interpreters), args.runs,
                                        args.model_runs, len(rows)))
    print('marks: ok = every CPython run agrees with the model; ~ = the spreads overlap (CPython '
          'varies and the model gives one of its outcomes, or a later model seed gives what '
          'CPython gave); spread? = CPython varies, the model gives none of it; DIFF = CPython '
          'always says one thing and the model another\n')
    header = ['document', 'cells'] + list(COLUMNS)
    print('| ' + ' | '.join(header) + ' |')
    print('|' + '|'.join('---' for _ in header) + '|')
    by_doc = collections.defaultdict(list)
    for r in rows:
        by_doc[r['doc']].append(r)
    for i, d in enumerate(documents):
        doc_rows = by_doc[i]
        name = '%s: %s' % (d['label'], d['document']['title'])
        print('| ' + ' | '.join([name, str(len(doc_rows))] +
                                [count_marks(doc_rows, c) for c in COLUMNS]) + ' |')
    totals = [count_marks(rows, c) for c in COLUMNS]
    print('| ' + ' | '.join(['all', str(len(rows))] + totals) + ' |')
    notes = [(r, c) for r in rows for c in COLUMNS
             if r['columns'][c]['mark'] in ('DIFF', 'spread?')]
    if notes:
        print('\n%d difference(s):' % len(notes))
        for r, c in notes if args.verbose else notes[:40]:
            print('  %s %s %s %s %s, %s [%s]: %s' % (
                r['label'], r['python'], r['startMethod'], r['call'], 'CPython %s model %s' % (
                    r['cpythonVerdicts'], r['modelVerdicts']), c, r['columns'][c]['mark'],
                r['columns'][c]['detail']))
    deterministic = sum(1 for r in rows for c in COLUMNS if r['columns'][c]['mark'] == 'DIFF')
    print('\n%d deterministic mismatch(es)' % deterministic)


if __name__ == '__main__':
    sys.exit(main())
