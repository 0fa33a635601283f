"""The cells of scripts/cpython_check.py: a seed scenario, a start method and a
call, optionally changed by modifiers into a composed document
(docs/scenario-format.md) that `npm run sim -- --spec -` reads.

A cell is written SCENARIO[+MOD...][:METHOD[:CALL]]:

  CALL   map, imap                 the run's call setting (as the page offers)
         imap-read, imap_unordered, imap_unordered-read, starmap,
         apply_async, apply_async-read
                                   the document's "call" (and "read": true)
  MOD    lock=mp|manager, queue=mp|manager   that object's "from"
         shared                              "manager": "shared"

Groups: `all` (the seeds' cells), `quick`, `calls` (every Pool seed with every
document call), `managers` (the seeds with each object's "from" changed, and
a shared Manager for one proxy or both), `composed` (calls and managers).
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIOS = (1, 2, 3, 4, 5, 6)
METHODS = ('fork', 'spawn', 'forkserver')
POOL_SCENARIOS = (1, 2, 5, 6)
RUN_CALLS = ('map', 'imap')
DOCUMENT_CALLS = ('imap-read', 'imap_unordered', 'imap_unordered-read', 'starmap',
                  'apply_async', 'apply_async-read')


def seed_document(scenario):
    with open(os.path.join(ROOT, 'docs', 'scenarios', 'seed-%d.json' % scenario)) as f:
        return json.load(f)


def cell_document(cell):
    """The document a cell runs, or None for a seed with the run's call."""
    scenario, _method, call, mods = cell
    if isinstance(scenario, str):
        # A document's file (--document): it runs as it is, with the run's call.
        with open(scenario) as f:
            return json.load(f)
    if call in RUN_CALLS and not mods:
        return None
    doc = seed_document(scenario)
    if call not in RUN_CALLS:
        name, _, read = call.partition('-')
        doc['call'] = name
        if read:
            doc['read'] = True
    for mod in mods:
        if mod == 'shared':
            doc['manager'] = 'shared'
            continue
        key, _, value = mod.partition('=')
        kind = {'lock': 'Lock', 'queue': 'Queue'}[key]
        doc['objects'] = [dict(o, **({'from': value} if o['type'] == kind else {}))
                          for o in doc['objects']]
    return doc


def cell_name(cell):
    scenario, method, call, mods = cell
    if isinstance(scenario, str):
        scenario = os.path.splitext(os.path.basename(scenario))[0]
    return '%s %s %s' % ('+'.join([str(scenario)] + list(mods)), method, call)


def seed_cells():
    for scenario in SCENARIOS:
        for method in METHODS:
            for call in (RUN_CALLS if scenario in POOL_SCENARIOS else ('map',)):
                yield (scenario, method, call, ())


def call_cells():
    for scenario in POOL_SCENARIOS:
        for method in METHODS:
            for call in DOCUMENT_CALLS:
                yield (scenario, method, call, ())


def manager_variants(scenario):
    """Each seed with one object's "from" flipped, a shared Manager for one proxy, and
    one Manager for both (its address pickled once, then a memo reference)."""
    doc = seed_document(scenario)
    kinds = {o['type']: o['from'] for o in doc['objects']}
    flip = {'mp': 'manager', 'manager': 'mp'}
    variants = [('lock=%s' % flip[kinds['Lock']],), ('queue=%s' % flip[kinds['Queue']],)]
    variants.append(('queue=mp', 'shared') if kinds['Lock'] == 'manager'
                    else ('lock=manager', 'shared'))
    # Seeds 1 and 3 with both from one Manager would be seeds 2 and 4's documents again.
    if scenario not in (1, 3):
        variants.append(('lock=manager', 'queue=manager', 'shared'))
    return variants


def manager_cells():
    for scenario in SCENARIOS:
        for mods in manager_variants(scenario):
            for method in METHODS:
                yield (scenario, method, 'map', mods)


def parse_cells(spec):
    groups = {
        'all': lambda: list(seed_cells()),
        'quick': lambda: [(s, m, 'map', ()) for s in SCENARIOS for m in METHODS],
        'calls': lambda: list(call_cells()),
        'managers': lambda: list(manager_cells()),
        'composed': lambda: list(call_cells()) + list(manager_cells()),
    }
    if spec in groups:
        return groups[spec]()
    cells = []
    for part in spec.split(','):
        fields = part.split(':')
        head = fields[0].split('+')
        if not 1 <= len(fields) <= 3 or not head[0].isdigit() or int(head[0]) not in SCENARIOS:
            raise SystemExit('--cells: %r is not SCENARIO[+MOD...][:METHOD[:CALL]]' % part)
        scenario = int(head[0])
        mods = tuple(head[1:])
        for mod in mods:
            key, _, value = mod.partition('=')
            if not (mod == 'shared' or (key in ('lock', 'queue') and value in ('mp', 'manager'))):
                raise SystemExit('--cells: modifier %r is not lock=mp|manager, queue=mp|manager '
                                 'or shared' % mod)
        methods = [fields[1]] if len(fields) > 1 else list(METHODS)
        calls = [fields[2]] if len(fields) > 2 else ['map']
        for m in methods:
            if m not in METHODS:
                raise SystemExit('--cells: start method must be one of %s' % ', '.join(METHODS))
            for c in calls:
                if c not in RUN_CALLS + DOCUMENT_CALLS:
                    raise SystemExit('--cells: call must be one of %s'
                                     % ', '.join(RUN_CALLS + DOCUMENT_CALLS))
                if c != 'map' and scenario not in POOL_SCENARIOS:
                    raise SystemExit('--cells: scenario %d runs a Process per task: no Pool call'
                                     % scenario)
                cells.append((scenario, m, c, mods))
    return cells
