"""The per-file pass: one file's bytes in, plain data and its local problems out.

:func:`read_file` is a pure function of (relative path, bytes) and its result
is plain JSON-serialisable data, so it can be cached by content hash::

    {"kind": "stances" | "registry" | "settings" | None,
     "data": {...} | None,         # see peacetracker.loading._structure
     "problems": [{...}, ...]}     # Problem.to_dict(), positions resolved
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import NotRegularFile, OutsideDataset, TooLarge
from ..problems import Problem
from ._positions import NodePositions, Positions
from ._spec import FILE_KINDS, REGISTRY_KEYS, classify
from ._structure import SOURCE_TEXT, Flag, validate
from ._yaml import parse

__all__ = [
    "FILE_RESULT_VERSION",
    "LOCAL_ERROR",
    "MARKS",
    "NotRegularFile",
    "OutsideDataset",
    "TooLarge",
    "link_outside",
    "locate_flags",
    "marked",
    "read_file",
    "read_regular",
    "stance_flags",
    "stance_marks",
]

#: Bump when the shape or meaning of read_file's result changes (cache key).
FILE_RESULT_VERSION = 2

#: Set on a stance whose own keys contradict each other (an error is reported
#: here, in the per-file pass): the cross-file pass checks it but builds nothing.
LOCAL_ERROR = "_local_error"

#: Where a stance's values are, for problems found across files: see stance_marks.
MARKS = "_at"
#: The keys of a stance whose values the cross-file pass may point at, in slot order
#: (slot 0 is the stance itself); then each evidence's source and quote, then each
#: condition's issue and value.
MARKED_KEYS = ("date", "event", "prefer", "accept")

def link_outside(root_real: str, path: str) -> str | None:
    """Where ``path`` leads when it is a symlink to a file outside the directory
    ``root_real`` (already a real path); None for anything else.  One ``lstat``
    for a file that is no link."""
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return None
    except OSError:
        return None
    real = os.path.realpath(path)
    return None if os.path.commonpath([real, root_real]) == root_real else real


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | (
    getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (a symlink to one is fine),
    reading at most ``limit`` + 1 bytes.

    Raises :class:`NotRegularFile` for anything else (opening a FIFO to read
    would wait for a writer forever, ``/dev/zero`` never ends: the file is
    opened without blocking and checked before a byte is read), and
    :class:`TooLarge` when it holds more than ``limit`` bytes (its size is
    known first, so a huge sparse file is not read at all)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(
                st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(
                st.st_mode) else "a socket or other special file")
            raise NotRegularFile(errno.EINVAL, f"it is {kind}, not a regular file",
                                 os.fspath(path))
        if st.st_size > limit:
            raise TooLarge(os.fspath(path), st.st_size, limit)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, max(st.st_size + 1, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)  # (no copy for one chunk)
    if len(data) > limit:  # grew since its size was read
        raise TooLarge(os.fspath(path), len(data), limit)
    return data


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
    positions = _positions(parsed)
    if kind == "stances":
        flags += stance_flags(plain)
        if positions is not None:
            stance_marks(parsed.data, plain, parsed.nodes)
        # Registry keys in a stance file are a common slip: say where they belong.
        for flag in flags:
            if flag.rule == "unknown-key" and flag.path and flag.path[0] in REGISTRY_KEYS:
                flag.params["fix"] = (
                    f"'{flag.path[0]}:' belongs in a registry file such as "
                    f"{flag.path[0]}.yaml, not in a stance file"
                )
    if flags:
        problems += locate_flags(relpath, parsed.text, flags, positions)
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
                flags.append(Flag("confident-hearsay", path, {"basis": basis, "what": "stance"},
                                  True))
    return flags


def _pairs(node: Any) -> dict[str, tuple[Any, Any]]:
    return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)} if isinstance(
        node, MappingNode) else {}


def _at(node: Any) -> str:
    mark = node.start_mark
    return f"{mark.line + 1},{mark.column + 1}"


def _item_marks(parent: Any, values: dict, key: str, count: int, keys: tuple[str, str],
                out: list[str]) -> None:
    """Marks of ``keys`` in each of ``count`` items of the list under ``key``,
    falling back as far as the document goes (as Positions.locate does)."""
    seq = values.get(key)
    for j in range(count):
        if not isinstance(seq, SequenceNode):
            where = _at(seq if seq is not None else parent)
            out.extend((where, where))
            continue
        if j >= len(seq.value):
            out.extend((_at(seq), _at(seq)))
            continue
        item = seq.value[j]
        item_values = _pairs(item)
        for k in keys:
            value = item_values.get(k)
            out.append(_at(value if value is not None else item))


def stance_marks(raw: Any, plain: dict[str, Any], nodes: dict[int, Any]) -> None:
    """Keep, on each stance of ``plain``, the line and column of what problems
    found across files point at (``MARKS``: "line,col,..." in slot order; see
    ``MARKED_KEYS``), read off the load's nodes.  Far cheaper to keep than
    every position, and it spares indexing the file again for such problems."""
    raw_stances = raw.get("stances") if isinstance(raw, dict) else None
    if not isinstance(raw_stances, dict):
        return
    for issue, entries in (plain.get("stances") or {}).items():
        raw_entries = raw_stances.get(issue)
        if not isinstance(raw_entries, list) or len(raw_entries) != len(entries):
            continue
        for d, raw_d in zip(entries, raw_entries, strict=True):
            node = nodes.get(id(raw_d))
            if node is None:
                continue
            values = _pairs(node)
            out = [_at(node)]
            for key in MARKED_KEYS:
                value = values.get(key)
                out.append(_at(value if value is not None else node))
            evidence, conditions = d.get("evidence"), d.get("conditions")
            _item_marks(node, values, "evidence", len(evidence) if isinstance(evidence, list)
                        else 0, ("source", "quote"), out)
            _item_marks(node, values, "conditions", len(conditions)
                        if isinstance(conditions, list) else 0, ("issue", "value"), out)
            d[MARKS] = ",".join(out)


def marked(d: dict[str, Any], rest: tuple) -> tuple[int, int] | None:
    """The position kept by :func:`stance_marks` on stance ``d`` for the path
    ``rest`` below it, or None when none was kept for it."""
    marks = d.get(MARKS)
    if not marks:
        return None
    slot = None
    if not rest:
        slot = 0
    elif len(rest) == 1 and rest[0] in MARKED_KEYS:
        slot = 1 + MARKED_KEYS.index(rest[0])
    elif len(rest) == 3 and isinstance(rest[1], int) and rest[1] >= 0:
        evidence = d.get("evidence")
        count = len(evidence) if isinstance(evidence, list) else 0
        base = 1 + len(MARKED_KEYS)
        if rest[0] == "evidence" and rest[1] < count and rest[2] in ("source", "quote"):
            slot = base + 2 * rest[1] + (rest[2] == "quote")
        elif rest[0] == "conditions" and rest[2] in ("issue", "value"):
            conditions = d.get("conditions")
            if isinstance(conditions, list) and rest[1] < len(conditions):
                slot = base + 2 * count + 2 * rest[1] + (rest[2] == "value")
    if slot is None:
        return None
    numbers = marks.split(",")
    return int(numbers[2 * slot]), int(numbers[2 * slot + 1])
