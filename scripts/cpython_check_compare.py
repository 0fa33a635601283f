"""Comparing one cell for scripts/cpython_check.py: CPython's runs against the
model's, column by column (verdict, error, traceback, thread, procs, pickles,
sentinels, stdout), pickles compared as opcodes with what differs from run to
run (addresses, authkeys, ids, pids, paths) replaced by a name."""
import collections
import pickletools
import re

COLUMNS = ('verdict', 'error', 'traceback', 'thread', 'procs', 'pickles', 'sentinels', 'stdout')


# ── pickles ─────────────────────────────────────────────────────────────────

_ADDRESS = re.compile(r'^(/tmp/pymp-[\w]+/listener-[\w]+|\0?listener-\w+|/tmp/pymp-\w+/\w+)$')
_HEX_ID = re.compile(r'^[0-9a-f]{6,16}$')
_SEM_NAME = re.compile(r'^/mp-[\w]+$')


_STDLIB_PATH = re.compile(r'File "[^"]*/multiprocessing/')
_SCRIPT_PATH = re.compile(r'File "[^"]*/scenarios\.py"')
_REMOTE_TRACEBACK = '\n"""\nTraceback (most recent call last):'
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
                    if arg.startswith('Traceback (most recent call last):'):
                        # a server's ('#TRACEBACK', format_exc()): stdlib paths as the model prints them
                        value = _STDLIB_PATH.sub('File ".../multiprocessing/', arg)
                    elif arg.startswith(_REMOTE_TRACEBACK):
                        # a Pool worker's ExceptionWithTraceback: its traceback's text, the paths
                        # as the model prints them (so its length, and SHORT_ or not, differs)
                        value = _SCRIPT_PATH.sub('File "scenarios.py"',
                                                 _STDLIB_PATH.sub('File ".../multiprocessing/', arg))
                        name = 'UNICODE'
                    elif _ADDRESS.match(arg):
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


def printed_lines(lines):
    """Lines as CPython's output is read here (its text with the trailing newlines stripped,
    then split): a model's stdout that ends with an empty line (`print(' By run 9 \\n')`, the
    last thing printed when the script ends with an exception) without it."""
    lines = list(lines)
    while lines and lines[-1] == '':
        lines.pop()
    return lines


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
    model_err = printed_lines(model['stderr'])
    cols['traceback'] = (first['stderr'] == model_err, diff_lines(first['stderr'], model_err))
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
    # When the client has closed by then, that send fails and _handle_request pickles
    # ('#TRACEBACK', format_exc()) of the BrokenPipeError (sent to no one): 0 to 1 per manager
    # too (CPython 3 runs in 20, the model 2 seeds in 30). The traceback's text is compared
    # whenever both have it.
    managers = sum(1 for n in first['processes'] if n.startswith('SyncManager-'))
    for extra in (only_cp, only_model):
        for key in [k for k in extra if k == SECOND_SHUTDOWN_REPLY or is_failed_reply_traceback(k)]:
            if 0 < extra[key] <= managers:
                del extra[key]
    detail = '%d pickles (model %d)' % (sum(cp_keys.values()), sum(model_keys.values()))
    if only_cp or only_model:
        detail += '; only in CPython: %s; only in the model: %s' % (
            describe_keys(only_cp), describe_keys(only_model))
        detail += '\n' + pickle_diff(only_cp, only_model)
    cols['pickles'] = (not only_cp and not only_model, detail)
    # The verdict line is the verdict column's; the jobs' lines may come in any order.
    cp_out = sorted(l for l in first['stdout'] if not _VERDICT_LINE.match(l))
    model_out = sorted(l for l in printed_lines(model['stdout']) if not _VERDICT_LINE.match(l))
    cols['stdout'] = (cp_out == model_out, diff_lines(cp_out, model_out))
    return cols


SECOND_SHUTDOWN_REPLY = ('SyncManager-N', 'Thread-N (handle_request)',
                         ('PROTO 4', "SHORT_BINUNICODE '#RETURN'", 'NONE', 'TUPLE2', 'STOP'))


def is_failed_reply_traceback(key):
    kind, thread, body = key
    return (kind, thread) == SECOND_SHUTDOWN_REPLY[:2] and len(body) == 5 and \
        body[1] == "SHORT_BINUNICODE '#TRACEBACK'" and 'BrokenPipeError' in body[2]


def describe_keys(counter):
    out = []
    for (kind, thread, body), n in sorted(counter.items())[:6]:
        # A short pickle is shown whole: which one it is says more than its length.
        shown = ' '.join(body[1:-1])[:160] if len(body) <= 6 else ''
        out.append('%dx %s/%s (%d ops%s)' % (n, kind, thread, len(body),
                                              ': ' + shown if shown else ''))
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
