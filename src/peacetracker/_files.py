"""The per-file pass: one file's bytes in, plain data and its local problems out.

:func:`read_file` is a pure function of (relative path, bytes) and its result
is plain JSON-serialisable data, so it can be cached by content hash::

    {"kind": "stances" | "registry" | "settings" | None,
     "data": {...} | None,         # see peacetracker._validate
     "problems": [{...}, ...]}     # Problem.to_dict(), positions resolved
"""

from __future__ import annotations

from typing import Any

from ._positions import Positions
from ._spec import FILE_KINDS, REGISTRY_KEYS, classify
from ._validate import SOURCE_TEXT, Flag, validate
from ._yaml import parse
from .problems import Problem

__all__ = ["FILE_RESULT_VERSION", "locate_flags", "read_file"]

#: Bump when the shape or meaning of read_file's result changes (cache key).
FILE_RESULT_VERSION = 1

_WHERE = {
    "settings": "peacetracker.yaml",
    "registry": "this registry file",
    "stances": "this stance file",
}


def locate_flags(relpath: str, text: str | None, flags: list[Flag]) -> list[Problem]:
    """Problems for ``flags``, each with its line and column in ``text``."""
    positions = Positions(text)
    problems = []
    for flag in flags:
        line, col = positions.locate(flag.path, flag.on_key)
        params = flag.params
        if SOURCE_TEXT in params.values():
            written = positions.source_text(flag.path)
            params = {
                k: ((written if written is not None else str(params.get("value", "")))
                    if v == SOURCE_TEXT else v)
                for k, v in params.items()
            }
        problems.append(Problem.create(flag.rule, relpath, flag.path, line, col, **params))
    return problems


def read_file(relpath: str, data: bytes) -> dict[str, Any]:
    """Parse and check one YAML file of a dataset (``relpath`` is POSIX-style,
    relative to the dataset directory).  Never raises for bad input."""
    parsed = parse(data)
    problems = [
        Problem.create(f.rule, relpath, (), f.line, f.col, **f.params) for f in parsed.findings
    ]
    if parsed.data is None:
        return {"kind": None, "data": None, "problems": [p.to_dict() for p in problems]}
    kind = classify(relpath, parsed.data)
    if kind is None:
        if isinstance(parsed.data, dict):
            keys = ", ".join(str(k) for k in parsed.data) or "none"
        else:
            keys = "none: the file holds a list or a single value, not a mapping"
        flags = [Flag("unknown-file", (), {"keys": keys})]
        problems += locate_flags(relpath, parsed.text, flags)
        return {"kind": None, "data": None, "problems": [p.to_dict() for p in problems]}
    plain, flags = validate(FILE_KINDS[kind], parsed.data, _WHERE[kind], parsed.nodes)
    if kind == "stances":
        # Registry keys in a stance file are a common slip: say where they belong.
        for flag in flags:
            if flag.rule == "unknown-key" and flag.path and flag.path[0] in REGISTRY_KEYS:
                flag.params["fix"] = (
                    f"'{flag.path[0]}:' belongs in a registry file such as "
                    f"{flag.path[0]}.yaml, not in a stance file"
                )
    if flags:
        problems += locate_flags(relpath, parsed.text, flags)
    problems.sort(key=Problem.sort_key)
    return {"kind": kind, "data": plain, "problems": [p.to_dict() for p in problems]}
