"""Instrumentation for scripts/cpython_check.py, loaded from outside the script.

cpython_check.py puts this directory on PYTHONPATH and names a log file in
MPVIZ_TRACE, so every interpreter the script starts (the script itself, spawned
children, the forkserver, the resource tracker, manager processes) imports this
module at start-up; forked children inherit the patched modules. Nothing in the
script is changed. Each process appends JSON lines to the log:

  {"kind": "start", ...}      an interpreter started (its command line)
  {"kind": "bootstrap", ...}  BaseProcess._bootstrap: the process's name
  {"kind": "started", ...}    BaseProcess.start returned: the child's name and pid
                              (a child killed before it bootstrapped has one too)
  {"kind": "pickle", ...}     a ForkingPickler.dumps or reduction.dump: the thread,
                              the bytes (hex), or the error when it was refused

The wrappers add a frame ("sitecustomize.py ... in dumps") to a traceback that
passes through them; cpython_check.py removes exactly those frames before it
compares tracebacks.
"""
import json
import os
import sys
import threading

_LOG = os.environ.get('MPVIZ_TRACE')


def _record(kind, **fields):
    process = None
    mp_process = sys.modules.get('multiprocessing.process')
    if mp_process is not None:
        process = mp_process.current_process().name
    fields.update(kind=kind, pid=os.getpid(), ppid=os.getppid(), process=process,
                  thread=threading.current_thread().name)
    line = (json.dumps(fields) + '\n').encode()
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _install():
    import multiprocessing.process as process
    import multiprocessing.reduction as reduction

    dumps = reduction.ForkingPickler.dumps.__func__

    def forking_dumps(cls, obj, protocol=None):
        try:
            buf = dumps(cls, obj, protocol)
        except BaseException as e:
            _record('pickle', via='dumps', hex=None, error='%s: %s' % (type(e).__name__, e))
            raise
        _record('pickle', via='dumps', hex=bytes(buf).hex(), error=None)
        return buf

    reduction.ForkingPickler.dumps = classmethod(forking_dumps)

    dump = reduction.dump

    def reduction_dump(obj, file, protocol=None):
        start = file.tell() if hasattr(file, 'getvalue') else None
        try:
            dump(obj, file, protocol)
        except BaseException as e:
            _record('pickle', via='dump', hex=None, error='%s: %s' % (type(e).__name__, e))
            raise
        data = file.getvalue()[start:] if start is not None else b''
        _record('pickle', via='dump', hex=data.hex(), error=None)

    reduction.dump = reduction_dump

    bootstrap = process.BaseProcess._bootstrap

    def _bootstrap(self, *args, **kwargs):
        _record('bootstrap', name=self.name)
        return bootstrap(self, *args, **kwargs)

    process.BaseProcess._bootstrap = _bootstrap

    start = process.BaseProcess.start

    def start_process(self):
        start(self)
        _record('started', name=self.name, child=self.pid)

    process.BaseProcess.start = start_process


if _LOG:
    _record('start', argv=list(getattr(sys, 'orig_argv', sys.argv)))
    _install()
