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
             (200 by default: CPython shows some verdicts 1 run in 50)
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

``--stdlib-lines`` only checks the model's stdlib line table against each
release's source; ``--lock-cost`` only times lock and queue operations under
each interpreter beside the figures the page shows.

The parts: cpython_check_run.py (interpreters, the model, running CPython),
cpython_check_compare.py (the columns), cpython_check_stdlib.py (the line
table), cpython_check_lockcost.py (lock costs); this file has the cells, the
command line and the table.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cpython_check_cells import METHODS, cell_name, parse_cells  # noqa: E402
from cpython_check_compare import COLUMNS, compare  # noqa: E402
from cpython_check_lockcost import lock_cost_report, print_lock_cost  # noqa: E402
from cpython_check_run import (cell_sim, check_python2, find_interpreters, model_cell,  # noqa: E402
                               run_cpython, sim)
from cpython_check_stdlib import print_stdlib_report, stdlib_lines_report  # noqa: E402

MODEL_VERSIONS = ('3.11', '3.12', '3.13', '3.14')


def document_cells(paths, calls_spec):
    """Cells of scenario documents (docs/scenario-format.md): each document x start method x
    call (map and imap for a Pool, or only those of --doc-calls)."""
    cells = []
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        calls = ('map', 'imap') if doc.get('container') == 'pool' else ('map',)
        if calls_spec:
            calls = tuple(c for c in calls if c in calls_spec.split(','))
        for method in METHODS:
            for call in calls:
                cells.append((os.path.abspath(path), method, call, ()))
    return cells


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--runs', type=int, default=1, help='CPython runs per cell (default 1)')
    # CPython shows some verdicts about 1 run in 50 (scenario 6 fork map's "successful"):
    # fewer seeds would often miss a verdict the model gives as often.
    parser.add_argument('--model-runs', type=int, default=200,
                        help='model seeds per cell (default 200)')
    parser.add_argument('--cells', default='all')
    parser.add_argument('--document', action='append', default=[], metavar='FILE',
                        help='a scenario document to check (its cells replace --cells)')
    parser.add_argument('--doc-calls', default='', help='with --document: only these calls, '
                                                        'e.g. map')
    parser.add_argument('--python', action='append', default=[], help='an interpreter to use')
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('--json', action='store_true', help='one JSON object on stdout')
    parser.add_argument('--verbose', action='store_true', help='details of every difference')
    parser.add_argument('--stdlib-lines', action='store_true',
                        help='only check the model\'s stdlib line table against each release')
    parser.add_argument('--lock-cost', action='store_true',
                        help='only time lock and queue operations under each interpreter, beside '
                             'the figures the page shows')
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
    cells = document_cells(args.document, args.doc_calls) if args.document else parse_cells(args.cells)
    interpreters = find_interpreters(args.python)
    py3 = [(v, p) for v, p in interpreters if v.rsplit('.', 1)[0] in MODEL_VERSIONS]
    py2 = [(v, p) for v, p in interpreters if v.startswith('2.7.')]
    if args.lock_cost:
        report = lock_cost_report(py3)
        if args.json:
            json.dump({'lockCost': report}, sys.stdout)
            sys.stdout.write('\n')
        else:
            print_lock_cost(report)
        return 0
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

    # Build the model's bundle once, before the threads below run it at the same time.
    sim('--help')
    scripts = {}
    models = {}
    jobs = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for version, path in py3:
            minor = version.rsplit('.', 1)[0]
            for cell in cells:
                key = (cell, minor)
                if key not in scripts:
                    scripts[key] = pool.submit(cell_sim, cell, minor, '--print-script')
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
                         'call': cell[2], 'cell': cell_name(cell),
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
        cell = r['cell']
        marks = ['ok' if r['columns'][c]['ok'] else 'DIFF' for c in COLUMNS]
        print(' | '.join([r['python'], cell] + marks) + '   ' + r['columns']['verdict']['detail'])
    diffs = [(r, c) for r in rows for c in COLUMNS if not r['columns'][c]['ok']]
    if diffs:
        print('\n%d difference(s):' % len(diffs))
        for r, c in diffs if verbose else diffs[:40]:
            print('  %s scenario %s, %s: %s' % (r['python'], r['cell'], c,
                                                r['columns'][c]['detail']))
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
