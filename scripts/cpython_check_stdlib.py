"""The model's stdlib line table (``npm run sim -- --print-stdlib-lines``)
checked for scripts/cpython_check.py against each release's source: the
installed interpreters' Lib/multiprocessing, a directory given with
``--stdlib-source RELEASE=DIR``, or else the standard library that the
``pyodide`` devDependency ships, for the release it was built from (pyodide
314.0.0 is CPython 3.14.2's Lib, as .py files, although its lock file says
3.14.0: its _sysconfigdata names the build; this is how 3.14, which no
machine here has, is checked)."""
import ast
import json
import os
import re
import subprocess
import tempfile
import zipfile

from cpython_check_run import sim

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYODIDE = os.path.join(ROOT, 'node_modules', 'pyodide')


def stdlib_dir(python):
    out = subprocess.run([python, '-c', 'import os, multiprocessing; '
                          'print(os.path.dirname(multiprocessing.__file__))'],
                         capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def pyodide_stdlib(scratch):
    """{release: (Lib/multiprocessing dir, where it is from)} from node_modules/pyodide,
    or {} when it is absent."""
    try:
        with open(os.path.join(PYODIDE, 'pyodide-lock.json')) as f:
            release = json.load(f)['info']['python']
        with zipfile.ZipFile(os.path.join(PYODIDE, 'python_stdlib.zip')) as z:
            names = [n for n in z.namelist() if n.startswith('multiprocessing/') and n.endswith('.py')]
            z.extractall(scratch, names)
            release = built_release(z) or release
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return {}
    if not names:
        return {}
    return {release: (os.path.join(scratch, 'multiprocessing'),
                      'node_modules/pyodide/python_stdlib.zip')}


def built_release(z):
    """The CPython release a Pyodide stdlib was built from, as its _sysconfigdata's build
    paths name it (``Python-3.14.2``), or None. pyodide-lock.json's "python" can lag it:
    pyodide 314.0.0 says 3.14.0 and runs 3.14.2."""
    for name in z.namelist():
        if name.startswith('_sysconfigdata_') and name.endswith('.py'):
            found = set(re.findall(r'Python-(\d+\.\d+\.\d+)', z.read(name).decode('utf-8', 'replace')))
            if len(found) == 1:
                return found.pop()
    return None


def check_stdlib_lines(release, directory, lines):
    """[(key, problem)] for every entry of one version's table that is not, in that
    release's source, the stripped text of a line inside the function it names."""
    problems = []
    parsed = {}
    for key, entry in sorted(lines.items()):
        file, func = key.split(':')
        func = func.split('#')[0]  # 'function#which': one of several lines of a function
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
        # 'Class.method' names the method of one class (a file may have two of that name).
        cls, _, name = func.rpartition('.')
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls] \
            if cls else [tree]
        spans = [(n.lineno, n.end_lineno) for scope in scopes for n in ast.walk(scope)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]
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
    """Check each version's table against its release: --stdlib-source first, then the
    installed interpreters, then pyodide's copy."""
    table = json.loads(sim('--print-stdlib-lines'))
    with tempfile.TemporaryDirectory(prefix='mpviz-stdlib-') as scratch:
        dirs = pyodide_stdlib(scratch)
        for version, path in interpreters:
            directory = stdlib_dir(path)
            dirs[version] = (directory, directory)
        dirs.update({release: (d, d) for release, d in sources.items()})
        return check_table(table, dirs)


def check_table(table, dirs):
    report = []
    for minor, entry in sorted(table.items()):
        release = entry['release']
        if release not in dirs:
            report.append({'minor': minor, 'release': release, 'checked': False, 'problems': []})
            continue
        directory, source = dirs[release]
        problems = check_stdlib_lines(release, directory, entry['lines'])
        report.append({'minor': minor, 'release': release, 'checked': True, 'source': source,
                       'entries': len(entry['lines']),
                       'problems': [{'entry': k, 'problem': p} for k, p in problems]})
    return report


def print_stdlib_report(report):
    print('\nstdlib traceback lines:')
    for r in report:
        if not r['checked']:
            print('  %s (%s): NOT CHECKED: no interpreter, --stdlib-source or pyodide for %s'
                  % (r['minor'], r['release'], r['release']))
            continue
        status = 'ok' if not r['problems'] else '%d DIFF' % len(r['problems'])
        print('  %s: %d entries checked against %s (%s): %s' % (
            r['minor'], r['entries'], r['release'], r['source'], status))
        for p in r['problems']:
            print('    %s: %s' % (p['entry'], p['problem']))
