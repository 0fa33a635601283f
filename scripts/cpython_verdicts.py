#!/usr/bin/env python3
"""Measure the verdicts of the page's own script under every CPython on this
machine and write them where "Run it 100 times" reads them.

    python3 scripts/cpython_verdicts.py [--runs N] [--from CHECK.json] [--out FILE]

Runs ``scripts/cpython_check.py --json --runs N`` (every scenario x start
method x call, each interpreter it finds), or reads a report it already
wrote (``--from``), and keeps, per CPython release, how many of the N runs of
each cell were successful, failed the script's check, or raised. The file is
``oracle/cpython-verdicts.json`` by default. The page shows the figures of
the release whose minor version is chosen, or says which release they are
when that minor version was not measured.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--from', dest='source', help='a cpython_check.py --json report')
    parser.add_argument('--out', default=os.path.join(ROOT, 'oracle', 'cpython-verdicts.json'))
    args = parser.parse_args(argv)
    if args.source:
        with open(args.source) as f:
            report = json.load(f)
    else:
        out = subprocess.run([sys.executable, os.path.join(HERE, 'cpython_check.py'), '--json',
                              '--runs', str(args.runs)], capture_output=True, text=True)
        report = json.loads(out.stdout)
    versions = {}
    for row in report['rows']:
        v = versions.setdefault(row['python'], [])
        v.append({'scenario': row['scenario'], 'startMethod': row['startMethod'],
                  'call': row['call'], 'runs': sum(row['cpythonVerdicts'].values()),
                  'verdicts': row['cpythonVerdicts']})
    data = {
        'about': 'Verdicts of the script the page shows (npm run sim -- --print-script), run '
                 'under each CPython release on this machine by scripts/cpython_verdicts.py '
                 '(scripts/cpython_check.py): successful (result == args), fails (the '
                 "script's check failed: results out of order, or none) and raised. Linux "
                 'x86-64, 2 cores shared with other jobs, so the timing-dependent counts vary '
                 'from measurement to measurement.',
        'measured': datetime.date.today().isoformat(),
        'versions': [{'release': release, 'cells': cells} for release, cells in
                     sorted(versions.items(), key=lambda kv: [int(x) for x in kv[0].split('.')])],
    }
    with open(args.out, 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    print('wrote %s: %s' % (os.path.relpath(args.out, ROOT),
                            ', '.join('%s (%d cells)' % (v['release'], len(v['cells']))
                                      for v in data['versions'])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
