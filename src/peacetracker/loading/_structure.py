"""Per-file structure: check one file's parsed YAML against its record in
:mod:`._spec` and turn it into plain, JSON-serialisable data.

Problems are returned as :class:`Flag` objects at key paths; positions are
looked up afterwards, only for files that have problems.  A record with a
problem keeps ``"_bad": True`` in the plain data (so that its id still counts
as defined) and loses the offending key.  Dates become ISO strings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import math
import re
import sys
from collections.abc import Callable
from typing import Any

from attrs import field, frozen

from .._plumbing.suggest import closest, did_you_mean, list_choices
from ..scales import ScaleError, parse_scale
from ._spec import ID_RE, Field, Record, parse_lines
from ._yaml import ImpossibleDate

__all__ = ["SOURCE_TEXT", "Flag", "validate"]

#: A parameter the position resolver fills with the scalar as written in the file.
SOURCE_TEXT = "\x00source-text"

_LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@frozen
class Flag:
    """A problem at a key path, before its line and column are known."""

    rule: str
    path: tuple[str | int, ...]
    params: dict[str, Any] = field(factory=dict)
    on_key: bool = False


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return f"text ('{value}')" if len(value) < 40 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def slugify(text: str) -> str:
    """A valid id made from ``text`` (``Security Guarantees`` -> ``security-guarantees``)."""
    return "-".join(re.findall(r"[a-z0-9]+", str(text).lower()))


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and not (
        isinstance(value, float) and not math.isfinite(value)
    )


_FIELD_MAPS: dict[int, dict[str, Field]] = {}


def _fields(record: Record) -> dict[str, Field]:
    found = _FIELD_MAPS.get(id(record))
    if found is None:
        found = _FIELD_MAPS[id(record)] = {f.key: f for f in record.fields}
    return found


_TABLE_TYPES = frozenset({"table", "table-of-lists", "labels"})


class _Validator:
    def __init__(self) -> None:
        self.flags: list[Flag] = []

    def flag(self, rule: str, path: tuple, on_key: bool = False, **params: Any) -> None:
        self.flags.append(Flag(rule, path, params, on_key))

    # -- records ---------------------------------------------------------------
    def record(
        self, record: Record, raw: Any, path: tuple, where: str
    ) -> dict[str, Any]:
        """Plain data for one record."""
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.flag("wrong-type", path, key=where, expected=f"a mapping (a {record.name})",
                      actual=_describe(raw),
                      fix=f"write the {record.name}'s keys, e.g. "
                          f"'{record.keys[0]}: ...', one per line")
            return {"_bad": True}
        fmap = _fields(record)
        out: dict[str, Any] = {}
        bad = False
        misspelt: set[str] = set()
        for key, value in raw.items():
            spec = fmap.get(key)
            if spec is None:
                misspelt.add(closest(str(key), record.keys) or "")
                self.flag("unknown-key", (*path, key), on_key=True, key=key, where=where,
                          fix=did_you_mean(str(key), record.keys, "one of"))
                bad = True
                continue
            if value is None:
                if spec.required:
                    self.flag("empty", (*path, key), on_key=True, key=key,
                              fix=f"write {spec.about} after '{key}:'")
                    bad = True
                continue
            # Fast paths for the common, correct cases (no path tuple, no call).
            # Keys are the spec's own strings and ids, choices and dates are
            # interned: a dataset repeats them on every stance.
            kind, cls, key = spec.type, type(value), spec.key
            if cls is str:
                if kind == "text":
                    out[key] = value
                    continue
                if (kind == "choice" and value in spec.choices) or (
                    kind == "id" and ID_RE.match(value)
                ):
                    out[key] = sys.intern(value)
                    continue
            if cls is dt.date and kind == "date":
                out[key] = sys.intern(value.isoformat())
                continue
            ok, clean = self.value(spec, value, (*path, key))
            if ok:
                out[key] = clean
            else:
                bad = True
        for key in record.required:
            if key not in raw and key not in misspelt:  # a typo is reported once
                spec = fmap[key]
                self.flag("missing-key", path, on_key=True, where=where, key=key, hint=spec.about)
                bad = True
        if bad:
            out["_bad"] = True
        return out

    # -- values ----------------------------------------------------------------
    def value(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        check = getattr(self, "_" + spec.type.replace("-", "_"))
        return check(spec, value, path)

    def _wrong(self, spec: Field, value: Any, path: tuple, expected: str, fix: str) -> None:
        self.flag("wrong-type", path, key=spec.key, expected=expected, actual=_describe(value),
                  fix=fix)

    def _text(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        if type(value) is str:
            return True, value
        if isinstance(value, str):  # ImpossibleDate: it is text, as written
            return True, str(value)
        if isinstance(value, bool):
            self._wrong(spec, value, path, "text",
                        f'put it in quotes: {spec.key}: "{_describe(value)}"')
        elif isinstance(value, int | float):
            self.flag("number-as-text", path, key=spec.key, value=value, text=SOURCE_TEXT)
        elif isinstance(value, dt.date):
            self._wrong(spec, value, path, "text",
                        f'put it in quotes: {spec.key}: "{value.isoformat()}"')
        else:
            self._wrong(spec, value, path, "text",
                        "write one line of text; put it in quotes if it starts with "
                        "'[', '{', '-' or holds ': '")
        return False, None

    def _list(
        self, spec: Field, value: Any, path: tuple, what: str, item: Callable[..., Any]
    ) -> tuple[bool, Any]:
        """A list whose every item ``item`` checks (``what`` names it in the message)."""
        if not isinstance(value, list):
            shown = value if isinstance(value, str) else "..."
            self._wrong(spec, value, path, what, f"write a list: {spec.key}: [{shown}]")
            return False, None
        ok, out = True, []
        for i, x in enumerate(value):
            good, clean = item(spec, x, (*path, i))
            ok = ok and good
            out.append(clean)
        return ok, out

    def _texts(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        return self._list(spec, value, path, "a list of text", self._text)

    def _id(self, spec: Field, value: Any, path: tuple, on_key: bool = False) -> tuple[bool, Any]:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            value = str(value)
        if isinstance(value, str):
            if ID_RE.match(value):
                return True, str(value)
            slug = slugify(value)
            fix = f"write it as '{slug}'" if slug else "use lowercase letters, digits and hyphens"
            self.flag("bad-id", path, on_key=on_key, value=value, fix=fix)
            return False, None
        self._wrong(spec, value, path, "an id (lowercase words joined by hyphens)",
                    "write an id such as 'security-guarantees'")
        return False, None

    def _ids(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        return self._list(spec, value, path, "a list of ids", self._id)

    def _claim(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        """A structural claim: a bare id, or a record with its evidence."""
        assert spec.record is not None
        if isinstance(value, dict):
            # Like a stance in its table: a claim with a problem stays, marked
            # "_bad" (its problem is reported), so the claims beside it and its
            # own valid keys (ids, evidence) are still checked across files.
            return True, self.record(spec.record, value, path,
                                     f"{spec.record.name} in '{spec.key}'")
        if isinstance(value, list):
            self._wrong(spec, value, path, f"an id or a {spec.record.name} (one, not a list)",
                        f"write one id: {spec.key}: {spec.example or 'the-plan-id'}")
            return False, None
        return self._id(spec, value, path)

    def _claims(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        assert spec.record is not None
        return self._list(spec, value, path, f"a list of ids or {spec.record.name}s",
                          self._claim)

    def _date(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        if isinstance(value, dt.datetime):
            self.flag("date-format", path, key=spec.key, value=value.isoformat(),
                      fix=f"write the date only: {spec.key}: {value.date().isoformat()}")
            return False, None
        if isinstance(value, dt.date):
            return True, value.isoformat()
        if isinstance(value, ImpossibleDate):
            self.flag("date-impossible", path, key=spec.key, value=str(value))
            return False, None
        if isinstance(value, str):
            if _ISO_DATE.match(value):
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    self.flag("date-impossible", path, key=spec.key, value=value)
                    return False, None
                self.flag("date-quoted", path, key=spec.key, value=value)
                return False, None
            loose = _LOOSE_DATE.match(value)
            month = _MONTH.match(value)
            if loose:
                y, m, d = (int(x) for x in loose.groups())
                fix = f"write it as YYYY-MM-DD: {spec.key}: {y:04d}-{m:02d}-{d:02d}"
            elif month and spec.key in ("date", "published"):
                y, m = (int(x) for x in month.groups())
                fix = (f"write the month's first day and say so: {spec.key}: {y:04d}-{m:02d}-01 "
                       "with precision: month")
            else:
                fix = f"write it as YYYY-MM-DD, e.g. {spec.key}: 2026-01-06"
            self.flag("date-format", path, key=spec.key, value=f"'{value}'", fix=fix)
            return False, None
        self.flag("date-format", path, key=spec.key, value=_describe(value),
                  fix=f"write it as YYYY-MM-DD, e.g. {spec.key}: 2026-01-06")
        return False, None

    def _number(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value
        ):
            fix = "write a plain number, e.g. 50"
            if isinstance(value, str):
                cleaned = value.replace(",", "").replace("_", "").replace(" ", "").rstrip("%")
                with contextlib.suppress(ValueError):
                    fix = f"write it as a plain number: {spec.key}: {float(cleaned):g}"
            self._wrong(spec, value, path, "a number", fix)
            return False, None
        if (spec.lo is not None and value < spec.lo) or (spec.hi is not None and value > spec.hi):
            self.flag("out-of-range", path, key=spec.key, value=value, lo=f"{spec.lo:g}",
                      hi=f"{spec.hi:g}")
            return False, None
        return True, value

    def _choice(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        if type(value) is str and value in spec.choices:
            return True, value
        if isinstance(value, str):
            self.flag("bad-choice", path, key=spec.key, value=value,
                      choices=list_choices(spec.choices),
                      fix=did_you_mean(value, spec.choices, "one of"))
        else:
            self._wrong(spec, value, path, f"one of {list_choices(spec.choices)}",
                        f"write one of: {list_choices(spec.choices)}")
        return False, None

    def _scalar_or_list(self, spec: Field, value: Any, path: tuple) -> bool:
        if _is_scalar(value):
            return True
        if isinstance(value, list) and all(_is_scalar(v) for v in value):
            return True
        if isinstance(value, dt.date) or (
            isinstance(value, list) and any(isinstance(v, dt.date) for v in value)
        ):
            fix = "no scale takes dates: write a number, an option id, yes/no or a list of ids"
        else:
            fix = "write a number, an option id, yes or no, or a list of ids: [a, b]"
        self._wrong(spec, value, path, "a value on the issue's scale", fix)
        return False

    def _value(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        if isinstance(value, dict):
            fix = ("a range goes under 'accept:', e.g. accept: {min: 0, max: 5000}"
                   if spec.key == "prefer" else "write a single value")
            self._wrong(spec, value, path, "a single value on the issue's scale", fix)
            return False, None
        if not self._scalar_or_list(spec, value, path):
            return False, None
        return True, list(value) if isinstance(value, list) else value

    def _zone(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key not in ("min", "max"):
                    self.flag("unknown-key", (*path, key), on_key=True, key=key,
                              where="an acceptable zone",
                              fix=did_you_mean(str(key), ["min", "max"], "one of"))
                    return False, None
                if item is not None and not self._scalar_or_list(spec, item, (*path, key)):
                    return False, None
                out[key] = list(item) if isinstance(item, list) else item
            if not out:
                self.flag("empty", path, key=spec.key,
                          fix="write e.g. accept: {min: 0, max: 5000}, or a list of options")
                return False, None
            return True, out
        if not self._scalar_or_list(spec, value, path):
            return False, None
        return True, list(value) if isinstance(value, list) else value

    def _lines(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        lines = parse_lines(value)
        if lines is not None:
            return True, list(lines)
        self.flag("bad-lines", path, value=repr(value) if not isinstance(value, str) else value)
        return False, None

    def _scale(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        try:
            scale = parse_scale(value)
        except ScaleError as err:
            issue = path[-2] if len(path) >= 2 else "?"
            self.flag("bad-scale", path, issue=issue, message=err.message,
                      fix=err.fix or "see the scales table in docs/format.md")
            return False, None
        if scale.range_missing:
            issue = path[-2] if len(path) >= 2 else "?"
            self.flag("no-range", path, issue=issue)
        return True, scale.to_data()

    def _keyed(
        self, spec: Field, value: Any, path: tuple, expected: str, fix: str
    ) -> dict[Any, Any] | None:
        """A mapping's items with valid id keys (None reads as empty)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            first = value[0] if isinstance(value, list) and value else None
            if isinstance(first, dict):
                # A list of records with their id inside: show the id as the key.
                ident = first.get("id", first.get("issue"))
                if isinstance(ident, str) and ident:
                    fix += f", e.g. '{ident}:' on its own line"
            self._wrong(spec, value, path, expected, fix)
            return None
        items: dict[Any, Any] = {}
        for key, item in value.items():
            ok, clean = self._id(spec, key, (*path, key), on_key=True)
            if ok:
                items[clean] = item
        return items

    def _labels(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        items = self._keyed(spec, value, path, "a mapping of id to name",
                            "write one 'id: Name' per line")
        if items is None:
            return False, None
        out = {}
        ok = True
        for key, label in items.items():
            if label is None:
                out[key] = key
                continue
            good, clean = self._text(Field(key, "text", ""), label, (*path, key))
            ok = ok and good
            if good:
                out[key] = clean
        return ok and len(items) == len(value or {}), out

    def _bands(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        if not isinstance(value, dict) or not value:
            self._wrong(spec, value, path, "a mapping of word to upper bound",
                        "write e.g. bands: {agreed: 0, close: 0.25, apart: 0.6, far apart: 1}")
            return False, None
        out: list[list[Any]] = []
        for word, bound in value.items():
            if isinstance(bound, bool) or not isinstance(bound, int | float):
                self.flag("bad-bands", (*path, word),
                          detail=f"'{word}' has {_describe(bound)}, not a number")
                return False, None
            out.append([str(word), float(bound)])
        bounds = [b for _, b in out]
        if any(b < 0 or b > 1 for b in bounds):
            self.flag("bad-bands", path, detail="every bound lies between 0 and 1")
            return False, None
        if any(b2 <= b1 for b1, b2 in itertools.pairwise(bounds)):
            self.flag("bad-bands", path, detail="the bounds do not increase")
            return False, None
        if bounds[-1] != 1:
            self.flag("bad-bands", path, detail=f"the last bound is {bounds[-1]:g}, not 1")
            return False, None
        return True, out

    def _records(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        assert spec.record is not None
        if isinstance(value, dict):
            self._wrong(spec, value, path, f"a list of {spec.record.name}s",
                        f"start each {spec.record.name} with '- ', e.g. "
                        f"'- {spec.record.keys[0]}: ...'")
            return False, None
        if not isinstance(value, list):
            self._wrong(spec, value, path, f"a list of {spec.record.name}s",
                        f"write one or more items, each starting with '- {spec.record.keys[0]}:'")
            return False, None
        if not value and spec.nonempty:
            self.flag("empty", path, key=spec.key,
                      fix=f"add at least one {spec.record.name}, e.g. "
                          f"'- {spec.record.keys[0]}: ...'")
            return False, None
        out = [
            self.record(spec.record, item, (*path, i), f"{spec.record.name} #{i + 1}")
            for i, item in enumerate(value)
        ]
        return not any("_bad" in r for r in out), out

    def _table(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        assert spec.record is not None
        name = spec.record.name
        items = self._keyed(spec, value, path, f"a mapping of id to {name}",
                            f"write each {name} as 'its-id:' followed by its keys, indented")
        if items is None:
            return False, None
        out = {
            key: self.record(spec.record, item, (*path, key), f"{name} '{key}'")
            for key, item in items.items()
        }
        return True, out

    def _table_of_lists(self, spec: Field, value: Any, path: tuple) -> tuple[bool, Any]:
        assert spec.record is not None
        name = spec.record.name
        items = self._keyed(spec, value, path, f"a mapping of issue id to a list of {name}s",
                            f"write each issue id as a key with its {name}s listed under it")
        if items is None:
            return False, None
        out = {}
        for key, entries in items.items():
            if entries is None:
                entries = []
            if isinstance(entries, dict):
                self.flag("wrong-type", (*path, key), key=key, expected=f"a list of {name}s",
                          actual="a mapping",
                          fix=f"start each {name} with '- ', e.g. '- date: 2026-01-05'")
                out[key] = [{"_bad": True}]
                continue
            if not isinstance(entries, list):
                self.flag("wrong-type", (*path, key), key=key, expected=f"a list of {name}s",
                          actual=_describe(entries),
                          fix=f"write the {name}s as a list, each starting with '- date:'")
                continue
            out[key] = [
                self.record(spec.record, item, (*path, key, i), f"{name} #{i + 1} on '{key}'")
                for i, item in enumerate(entries)
            ]
        return True, out


def validate(record: Record, data: Any, where: str) -> tuple[dict[str, Any], list[Flag]]:
    """Plain data for one file's top-level mapping, and the problems found (at
    key paths: the caller locates them)."""
    validator = _Validator()
    out = validator.record(record, data, (), where)
    return out, validator.flags
