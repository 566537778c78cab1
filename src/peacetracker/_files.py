"""The per-file pass: one file's bytes in, plain data and its local problems out.

:func:`read_file` is a pure function of (relative path, bytes) and its result
is plain JSON-serialisable data, so it can be cached by content hash::

    {"kind": "stances" | "registry" | "settings" | None,
     "data": {...} | None,         # see peacetracker._validate
     "problems": [{...}, ...]}     # Problem.to_dict(), positions resolved
"""

from __future__ import annotations

from typing import Any

from ._positions import NodePositions, Positions
from ._spec import FILE_KINDS, REGISTRY_KEYS, classify
from ._validate import SOURCE_TEXT, Flag, validate
from ._yaml import parse
from .problems import Problem

__all__ = ["FILE_RESULT_VERSION", "LOCAL_ERROR", "locate_flags", "read_file", "stance_flags"]

#: Bump when the shape or meaning of read_file's result changes (cache key).
FILE_RESULT_VERSION = 2

#: Set on a stance whose own keys contradict each other (an error is reported
#: here, in the per-file pass): the cross-file pass checks it but builds nothing.
LOCAL_ERROR = "_local_error"

_WHERE = {
    "settings": "peacetracker.yaml",
    "registry": "this registry file",
    "stances": "this stance file",
}


def locate_flags(
    relpath: str, text: str | None, flags: list[Flag], positions: Any = None
) -> list[Problem]:
    """Problems for ``flags``, each with its line and column in ``text`` (found
    by ``positions`` when given, else by indexing ``text``)."""
    if positions is None:
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
    plain, flags = validate(FILE_KINDS[kind], parsed.data, _WHERE[kind])
    if kind == "stances":
        flags += stance_flags(plain)
        # Registry keys in a stance file are a common slip: say where they belong.
        for flag in flags:
            if flag.rule == "unknown-key" and flag.path and flag.path[0] in REGISTRY_KEYS:
                flag.params["fix"] = (
                    f"'{flag.path[0]}:' belongs in a registry file such as "
                    f"{flag.path[0]}.yaml, not in a stance file"
                )
    if flags:
        problems += locate_flags(relpath, parsed.text, flags, _positions(parsed))
    problems.sort(key=Problem.sort_key)
    return {"kind": kind, "data": plain, "problems": [p.to_dict() for p in problems]}


def _positions(parsed: Any) -> NodePositions | None:
    """Positions from the nodes kept by the load, where they match the text's
    (no aliases, merges or anything already reported); else None."""
    text = parsed.text or ""
    if parsed.findings or "&" in text or "<<" in text or not isinstance(parsed.data, dict):
        return None
    root = parsed.nodes.get(id(parsed.data))
    return NodePositions(root) if root is not None else None


def stance_flags(plain: dict[str, Any]) -> list[Flag]:
    """The rules a stance answers to on its own (no registry needed): a
    withdrawn stance states no position, any other states ``prefer``, a
    deprecated or disputed one gives its ``reason``; warnings for a stance with
    no acceptable zone and for hearsay marked high confidence.  A stance with
    such an error gets ``LOCAL_ERROR`` set."""
    party = plain.get("party")
    if party is None:  # the cross-file pass checks nothing in such a file either
        return []
    flags = []
    for issue, entries in (plain.get("stances") or {}).items():
        for i, d in enumerate(entries):
            if d.get("_bad"):
                continue
            path = ("stances", issue, i)
            status = d.get("status", "active")
            error = True
            if status == "withdrawn" and ("prefer" in d or "accept" in d):
                key = "prefer" if "prefer" in d else "accept"
                flags.append(Flag("withdrawn-prefer", (*path, key), {}, True))
            elif status != "withdrawn" and "prefer" not in d:
                flags.append(Flag("missing-prefer", path, {"status": status}, True))
            else:
                error = False
            if status in ("deprecated", "disputed") and "reason" not in d:
                flags.append(Flag("missing-reason", path, {"status": status}, True))
                error = True
            if error:
                d[LOCAL_ERROR] = True
            if status == "active" and "prefer" in d and "accept" not in d:
                flags.append(Flag("no-accept", (*path, "prefer"),
                                  {"issue": issue, "party": party}))
            basis = d.get("basis", "stated")
            if basis != "stated" and d.get("confidence", "high") == "high":
                flags.append(Flag("confident-hearsay", path, {"basis": basis}, True))
    return flags
