"""Options shared by the report, diff and export commands: dates, id lists,
and their validation (an unknown id names the closest valid one and every
valid choice)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import click

from .._suggest import closest, list_choices

__all__ = ["DATE", "check_ids", "parse_date", "split_ids"]


def parse_date(text: str) -> dt.date | None:
    """An ISO date (``2026-01-07``), or None when ``text`` does not look like one."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class DateType(click.ParamType):
    """A click parameter that takes an ISO date."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        date = parse_date(str(value))
        if date is None:
            self.fail(
                f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-07", param, ctx
            )
        return date


DATE = DateType()


def split_ids(values: Iterable[str] | None) -> list[str] | None:
    """``--parties a,b --parties c`` -> ``[a, b, c]``; None when not given."""
    if not values:
        return None
    out: list[str] = []
    for value in values:
        out.extend(x.strip() for x in value.split(",") if x.strip())
    return out


def check_ids(given: Sequence[str] | None, valid: Iterable[str], what: str, option: str) -> None:
    """Raise a usage error naming the first unknown id, the closest valid one,
    and the valid choices."""
    if not given:
        return
    valid = list(valid)
    known = set(valid)
    for item in given:
        if item not in known:
            best = closest(item, valid)
            hint = f" Did you mean '{best}'?" if best else ""
            raise click.BadParameter(
                f"unknown {what} '{item}'.{hint} Valid {what} ids: {list_choices(valid, 40)}.",
                param_hint=f"'{option}'",
            )
