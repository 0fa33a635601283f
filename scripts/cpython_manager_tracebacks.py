"""Every ('#TRACEBACK', text) a manager's server thread pickled in CPython's runs of the
500-document sweep (oracle/sweep-cpython-runs.tar.xz), per interpreter, with how many times:
the tracebacks of a client gone in the middle of the authentication handshake, or before its
reply. Written to oracle/manager-tracebacks.json, which src/sim/mp/manager-server.test.ts
compares the model's with (each text the model pickles must be one CPython pickled).

    python3 scripts/cpython_manager_tracebacks.py
"""
import collections
import json
import os
import pickle
import re
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCHIVE = os.path.join(ROOT, 'oracle', 'sweep-cpython-runs.tar.xz')
OUT = os.path.join(ROOT, 'oracle', 'manager-tracebacks.json')
# The model prints stdlib paths as ".../multiprocessing/" (cpython_check_compare.py does the same).
STDLIB_PATH = re.compile(r'File "[^"]*/multiprocessing/')


def main():
    texts = collections.defaultdict(collections.Counter)
    runs = collections.Counter()
    with tarfile.open(ARCHIVE) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith('.json'):
                continue
            cell = json.load(tar.extractfile(member))
            for run in cell['runs']:
                runs[cell['python']] += 1
                for p in run['pickles']:
                    if p['error'] is not None or not p['process'].startswith('SyncManager'):
                        continue
                    value = pickle.loads(bytes.fromhex(p['hex']))
                    if isinstance(value, tuple) and value[:1] == ('#TRACEBACK',):
                        texts[cell['python']][STDLIB_PATH.sub('File ".../multiprocessing/', value[1])] += 1
    out = {version: {'runs': runs[version],
                     'tracebacks': [{'count': n, 'text': t} for t, n in texts[version].most_common()]}
           for version in sorted(texts)}
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write('\n')
    for version, entry in out.items():
        print('%s: %d runs, %d distinct tracebacks' % (version, entry['runs'], len(entry['tracebacks'])))


if __name__ == '__main__':
    main()
