"""Checks of what an editor gives before it is written: ids, dates, choices,
values against the issue's scale, and a stance's evidence.  Each failure is
an :class:`EditError` that names the item and a fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .._model import BASES, CONFIDENCES, MOVES, PRECISIONS, STATUSES
from .._plumbing.suggest import did_you_mean, list_choices
from ..scales import ScaleError, parse_scale
from ._errors import EditError
from ._order import STANCE_KEYS, ordered

__all__ = ["as_date", "check_choice", "check_id", "scale_hint", "stance_data"]

_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def check_id(value: str, what: str) -> None:
    """Raise :class:`EditError` unless ``value`` is a valid id (``eastern-league``)."""
    if not value or not set(value) <= _ID_CHARS or value.startswith("-"):
        raise EditError(
            f"'{value}' is not a valid {what} id",
            "use lowercase letters, digits and '-', e.g. 'eastern-league'",
        )


def check_choice(value: Any, choices: Sequence[str], what: str) -> None:
    """Raise :class:`EditError` (with the closest choice) unless ``value`` is
    one of ``choices`` or None."""
    if value is not None and value not in choices:
        fix = did_you_mean(str(value), choices)
        kind = what.split()[0]
        if not list(choices) and kind in ("party", "issue", "source", "event", "group"):
            fix = f"none are defined yet: add one with 'peacetracker add {kind} ID ...' first"
        raise EditError(f"unknown {what} '{value}'", fix)


def as_date(value: Any, what: str = "date") -> dt.date:
    """``value`` (a date or ``YYYY-MM-DD``) as a date, or :class:`EditError`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise EditError(
            f"'{value}' is not a date", f"write the {what} as YYYY-MM-DD, e.g. 2026-01-06"
        ) from None


def scale_hint(scale: Any) -> str:
    options = getattr(scale, "options", None) or getattr(scale, "universe", None)
    if options:
        return f"give --prefer, one of: {list_choices(options)}"
    if scale.value_is_choice:  # a closed choice without a list of ids: yes or no
        return "give --prefer yes or --prefer no"
    return "give --prefer with a number"


def stance_data(
    party: str,
    issue: str,
    stance: Mapping[str, Any],
    *,
    parties: Mapping[str, Any],
    issues: Mapping[str, Any],
    events: Callable[[], Mapping[str, Any]],
    sources: Callable[[], Mapping[str, Any]],
    verify_quote: Callable[[str, str], None],
) -> dict[str, Any]:
    """A stance as plain data ready to write (empty values dropped, keys in
    canonical order), after checking every field against the registries."""
    check_choice(party, list(parties), "party")
    check_choice(issue, list(issues), "issue")

    data = {k: v for k, v in stance.items() if v is not None and v != () and v != []}
    unknown = [k for k in data if k not in STANCE_KEYS]
    if unknown:
        raise EditError(f"unknown stance key '{unknown[0]}'", did_you_mean(unknown[0], STANCE_KEYS))
    data["date"] = as_date(data.get("date"))
    for key, choices in (
        ("precision", PRECISIONS),
        ("move", MOVES),
        ("confidence", CONFIDENCES),
        ("basis", BASES),
        ("status", STATUSES),
    ):
        check_choice(data.get(key), choices, key)
    status = data.get("status", "active")
    if status in ("deprecated", "disputed") and not data.get("reason"):
        raise EditError(f"a {status} stance needs a reason", "give --reason")
    try:
        scale = parse_scale(issues[issue].get("scale"))
    except ScaleError as exc:
        raise EditError(f"issue '{issue}' has a broken scale: {exc.message}", exc.fix) from None
    if status == "withdrawn":
        if "prefer" in data:
            raise EditError("a withdrawn stance has no preferred point", "leave out prefer")
    elif "prefer" not in data:
        raise EditError(
            f"a stance on '{issue}' needs a preferred point (prefer)", scale_hint(scale)
        )
    for key, parse in (("prefer", scale.parse_value), ("accept", scale.parse_zone)):
        if key in data:
            try:
                parse(data[key])
            except ScaleError as exc:
                raise EditError(f"{key} on issue '{issue}': {exc.message}", exc.fix) from None
    if isinstance(data.get("accept"), str | bool):
        data["accept"] = [data["accept"]]  # `accept: no` is `[no]`, written in the list form
    if data.get("event") is not None:
        check_choice(data["event"], list(events()), "event")
    for cond in data.get("conditions", ()):
        check_choice(cond.get("issue"), list(issues), "issue in a condition")
    evidence = data.get("evidence") or []
    if not evidence:
        raise EditError(
            "a stance needs evidence: a source and a quote", "give --source and --quote"
        )
    known_sources = list(sources())
    for cite in evidence:
        check_choice(cite.get("source"), known_sources, "source")
        if not cite.get("quote"):
            raise EditError(f"the citation of '{cite.get('source')}' has no quote", "give --quote")
        verify_quote(cite["source"], cite["quote"])
    data["evidence"] = [ordered(dict(c), "evidence") for c in evidence]
    if "conditions" in data:
        data["conditions"] = [ordered(dict(c), "condition") for c in data["conditions"]]
    return ordered(data, "stance")
