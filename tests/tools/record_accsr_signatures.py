"""Record the public API of accsr's ``remote_storage`` module as JSON.

Why this exists: Bucket Ferry's engine (``bucketferry.core``) promises to be a drop-in
replacement for ``accsr.remote_storage``. ``tests/core/test_api_compat.py`` holds it to that
promise by comparing every public signature against accsr's *real* signatures, as recorded
by this script from an installed accsr with :mod:`inspect` -- not typed in by hand. accsr is
not a dependency of Bucket Ferry, so the recording is kept in the repository
(``tests/core/accsr_signatures.json``) and the tests read that file.

The script imports nothing from Bucket Ferry and needs only accsr (and Python's standard
library), so it runs in any environment where accsr is installed.

To re-record for a new accsr release::

    python -m venv /tmp/accsr-venv
    /tmp/accsr-venv/bin/pip install accsr==<version>
    /tmp/accsr-venv/bin/python tests/tools/record_accsr_signatures.py \\
        --out tests/core/accsr_signatures.json

(without ``--out`` the JSON goes to standard output), then run
``pytest tests/core/test_api_compat.py`` and review the JSON diff: each failing case names
the callable and the parameter Bucket Ferry has to follow. Intended differences are listed,
with a reason, in ``KNOWN_DIFFERENCES`` at the top of that test.

What is recorded (keys sorted, so re-recording the same release gives the same file):

* ``accsr_version`` and the Python that recorded it;
* ``public_names``: the public classes defined in ``accsr.remote_storage``;
* ``enums``: each :class:`enum.Enum` (``Provider``) with its members and values, in order;
* ``classes``: for every other public class, its public members (including inherited ones,
  and ``__init__`` for classes that are not dataclasses or protocols), each with a ``kind``
  (``method``, ``staticmethod``, ``classmethod``, ``property``, ``cached_property`` or
  ``attribute``) and, for callables, the ordered ``parameters``: ``name``, ``kind``
  (``inspect.Parameter`` kind name, e.g. ``POSITIONAL_OR_KEYWORD``) and ``default`` (the
  ``repr`` of the default value, or ``null`` when there is none); for dataclasses, the
  ordered ``fields`` with ``kw_only``, ``init``, ``repr`` (``false`` = excluded from the
  repr) and ``default`` (``repr`` of the default, or of what the default factory produces;
  ``default_from`` says which, ``null`` for none).
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import functools
import importlib
import importlib.metadata
import inspect
import json
import platform
import sys
from typing import Any

MODULE = "accsr.remote_storage"
DISTRIBUTION = "accsr"
FORMAT = 1


def _default_repr(value: Any) -> str | None:
    return None if value is inspect.Parameter.empty else repr(value)


def record_parameters(func: Any) -> list[dict[str, Any]]:
    """Name, kind and default of each parameter of ``func``, in order."""
    return [
        {"name": p.name, "kind": p.kind.name, "default": _default_repr(p.default)}
        for p in inspect.signature(func).parameters.values()
    ]


def record_fields(cls: type) -> list[dict[str, Any]]:
    """A dataclass's fields in order, with their defaults."""
    recorded = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default_from, default = "value", repr(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            default_from, default = "factory", repr(f.default_factory())
        else:
            default_from, default = None, None
        recorded.append(
            {
                "name": f.name,
                "kw_only": bool(f.kw_only),
                "init": f.init,
                "repr": f.repr,
                "default": default,
                "default_from": default_from,
            }
        )
    return recorded


def record_member(cls: type, name: str) -> dict[str, Any]:
    static = inspect.getattr_static(cls, name)
    if isinstance(static, functools.cached_property):
        return {"kind": "cached_property"}
    if isinstance(static, property):
        return {"kind": "property"}
    if isinstance(static, staticmethod):
        return {"kind": "staticmethod", "parameters": record_parameters(static.__func__)}
    if isinstance(static, classmethod):
        return {"kind": "classmethod", "parameters": record_parameters(static.__func__)}
    if inspect.isfunction(static):
        return {"kind": "method", "parameters": record_parameters(static)}
    return {"kind": "attribute"}


def _annotated_names(cls: type) -> set[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is not object:
            names.update(vars(klass).get("__annotations__", {}))
    return names


def record_class(cls: type) -> dict[str, Any]:
    is_dataclass = dataclasses.is_dataclass(cls)
    is_protocol = bool(getattr(cls, "_is_protocol", False))
    field_names = {f.name for f in dataclasses.fields(cls)} if is_dataclass else set()
    names = {n for n in dir(cls) if not n.startswith("_")}
    if is_protocol:
        # A protocol's data members exist only as annotations.
        names |= {n for n in _annotated_names(cls) if not n.startswith("_")}
    names -= field_names
    members = {}
    for name in sorted(names):
        if hasattr(cls, name):
            members[name] = record_member(cls, name)
        else:
            members[name] = {"kind": "attribute"}
    if not is_dataclass and not is_protocol:
        members["__init__"] = record_member(cls, "__init__")
    recorded: dict[str, Any] = {
        "is_dataclass": is_dataclass,
        "is_protocol": is_protocol,
        "members": members,
    }
    if is_dataclass:
        recorded["fields"] = record_fields(cls)
    return recorded


def record_enum(cls: type[enum.Enum]) -> dict[str, Any]:
    return {
        "str_valued": issubclass(cls, str),
        "members": [[name, member.value] for name, member in cls.__members__.items()],
    }


def record(module_name: str = MODULE) -> dict[str, Any]:
    module = importlib.import_module(module_name)
    public = sorted(
        name
        for name, obj in vars(module).items()
        if not name.startswith("_") and inspect.isclass(obj) and obj.__module__ == module.__name__
    )
    enums: dict[str, Any] = {}
    classes: dict[str, Any] = {}
    for name in public:
        cls = getattr(module, name)
        if issubclass(cls, enum.Enum):
            enums[name] = record_enum(cls)
        else:
            classes[name] = record_class(cls)
    return {
        "format": FORMAT,
        "module": module_name,
        "accsr_version": importlib.metadata.version(DISTRIBUTION),
        "recorded_with_python": platform.python_version(),
        "public_names": public,
        "enums": enums,
        "classes": classes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the JSON to this file (default: standard output)")
    args = parser.parse_args(argv)
    text = json.dumps(record(), indent=2, sort_keys=True) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
