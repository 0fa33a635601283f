"""CPython side of the pickle tests: what the real pickler and pickletools do.

Reads one JSON request on stdin and writes one JSON answer on stdout, so that
a test file needs a single python3 call. Request:

  {"cases": [{"name", "value", "protocol"}],   values in the tagged form below
   "special": ["token", ...],                   real multiprocessing objects
   "errors": ["lambda", ...],                   functions that fail to pickle
   "dis": {"name": "hex", ...}}                 pickles to run pickletools on

Answer: {"cases": {name: pickle}, "special": {name: pickle}, "errors": {name:
{"type", "message", "address"}}, "dis": {name: {"text", "ops"} or {"error"}}},
where a pickle is its hex or, over 8 KiB, {"length", "sha256", "head", "tail"}.

Tagged values: null/true/false as is; strings as JSON strings (interned, so
that CPython's memo-by-identity matches the model's memo-by-value); {"int":
"123"}; {"float": "<big-endian hex>"}; {"bytes": hex, "id"} or {"zeros": n,
"id"} for n zero bytes; {"tuple": [...], "id"}; {"list": [...], "id"};
{"dict": [[k, v], ...], "id"}; {"global": [module, qualname]}; {"obj": {"id",
"kind", "callable", "args", "state"}}; {"ref": id} for a value seen before
(shared, so memoized).
"""

import copyreg
import hashlib
import importlib
import io
import json
import pickle
import pickletools
import struct
import sys

from multiprocessing.managers import AcquirerProxy, RebuildProxy, Token
from multiprocessing.reduction import ForkingPickler


def lookup(module, qualname):
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


class Reduced:
    """An instance whose __reduce_ex__ returns exactly the model's Reduction."""

    def __init__(self):
        self.target_class = None
        self.reduce_value = None

    # The C pickler checks obj.__class__ is the class given to __newobj__.
    @property
    def __class__(self):
        return self.target_class or Reduced

    def __reduce_ex__(self, protocol):
        return self.reduce_value


class Unfinished:
    """A tuple referenced (through a list or dict) while its items are decoded."""

    def __init__(self, id_):
        self.id = id_


def decode_root(v):
    seen, patches = {}, []
    value = decode(v, seen, patches)
    # Recursive structures: put the finished tuples where they were referenced.
    for container, key, id_ in patches:
        container[key] = seen[id_]
    return value


def decode(v, seen, patches):
    def items(xs, container):
        out = [decode(x, seen, patches) for x in xs]
        for i, x in enumerate(out):
            if isinstance(x, Unfinished):
                patches.append((container, i, x.id))
        return out

    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return sys.intern(v)
    if "ref" in v:
        return seen[v["ref"]]
    if "int" in v:
        return int(v["int"])
    if "float" in v:
        return struct.unpack(">d", bytes.fromhex(v["float"]))[0]
    if "bytes" in v:
        seen[v["id"]] = bytes.fromhex(v["bytes"])
        return seen[v["id"]]
    if "zeros" in v:
        seen[v["id"]] = bytes(v["zeros"])
        return seen[v["id"]]
    if "tuple" in v:
        seen[v["id"]] = Unfinished(v["id"])
        seen[v["id"]] = tuple(decode(x, seen, patches) for x in v["tuple"])
        return seen[v["id"]]
    if "list" in v:
        out = seen[v["id"]] = []
        out.extend(items(v["list"], out))
        return out
    if "dict" in v:
        out = seen[v["id"]] = {}
        for k, x in v["dict"]:
            key = decode(k, seen, patches)
            out[key] = decode(x, seen, patches)
            if isinstance(out[key], Unfinished):
                patches.append((out, key, out[key].id))
        return out
    if "global" in v:
        return lookup(*v["global"])
    if "obj" in v:
        spec = v["obj"]
        obj = seen[spec["id"]] = Reduced()
        callable_ = decode(spec["callable"], seen, patches)
        args = tuple(decode(x, seen, patches) for x in spec["args"])
        state = decode(spec["state"], seen, patches)
        if spec["kind"] == "newobj":
            obj.target_class = callable_
            obj.reduce_value = (copyreg.__newobj__, (callable_,) + args, state)
        else:
            obj.reduce_value = (callable_, args, state)
        return obj
    raise ValueError(f"unknown tagged value {v!r}")


def encode_pickle(data):
    """Hex, or for pickles over 8 KiB a digest with both ends (keeps the answer small)."""
    if len(data) <= 8192:
        return data.hex()
    return {
        "length": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "head": data[:256].hex(),
        "tail": data[-256:].hex(),
    }


def dumps(value, protocol):
    if protocol is None:
        return bytes(ForkingPickler.dumps(value))
    return pickle.dumps(value, protocol)


# --- real objects -------------------------------------------------------------


class Plain:
    pass


class ProxyLike:
    """Pickles like a manager's Lock proxy: BaseProxy.__reduce__ without a manager."""

    def __init__(self, token):
        self.token = token

    def __reduce__(self):
        return (RebuildProxy, (AcquirerProxy, self.token, "pickle", {}))


def special(name):
    if name == "token":
        return Token("Lock", "/tmp/x", "7f56cdc42d40")
    if name == "plain":
        p = Plain()
        p.a = 1
        p.b = "x"
        p.items = [1, 2]
        return p
    if name == "plain_empty":
        return Plain()
    if name == "plain_twice":
        p = Plain()
        p.n = 5
        return (p, p)
    if name == "lock_proxy":
        token = Token("Lock", "/tmp/pymp-ud0k6032/listener-26f76o2k", "7f56cdc42d40")
        return (3, ProxyLike(token))
    raise ValueError(name)


# --- functions that cannot be pickled ------------------------------------------

module_lambda = lambda x: x  # noqa: E731


def outer():
    def inner():
        pass

    return inner, (lambda: 1)


def renamed(qualname):
    def f():
        pass

    f.__qualname__ = qualname
    return f


def failing(name):
    if name == "lambda":
        return module_lambda
    if name == "local":
        return outer()[0]
    if name == "local_lambda":
        return outer()[1]
    if name == "missing":
        return renamed("does_not_exist")
    raise ValueError(name)


def main():
    request = json.load(sys.stdin)
    answer = {"cases": {}, "special": {}, "errors": {}, "dis": {}}
    for case in request.get("cases", []):
        value = decode_root(case["value"])
        answer["cases"][case["name"]] = encode_pickle(dumps(value, case.get("protocol")))
    for name in request.get("special", []):
        answer["special"][name] = encode_pickle(dumps(special(name), None))
    for name in request.get("errors", []):
        fn = failing(name)
        try:
            ForkingPickler.dumps((0, 1, fn))
            answer["errors"][name] = None
        except Exception as e:  # noqa: BLE001 - we report whatever CPython raised
            answer["errors"][name] = {
                "type": f"{type(e).__module__}.{type(e).__qualname__}".removeprefix("builtins."),
                "message": str(e),
                "address": id(fn),
                "module": fn.__module__,
                "qualname": fn.__qualname__,
            }
    for name, data in request.get("dis", {}).items():
        raw = bytes.fromhex(data)
        out = io.StringIO()
        try:
            pickletools.dis(raw, out=out)
            ops = [op.name for op, _arg, _pos in pickletools.genops(raw)]
            answer["dis"][name] = {"text": out.getvalue(), "ops": ops}
        except Exception as e:  # noqa: BLE001
            answer["dis"][name] = {"error": f"{type(e).__name__}: {e}", "text": out.getvalue()}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
