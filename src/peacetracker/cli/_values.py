"""Options shared by the report, diff and export commands: dates, id lists,
and their validation (an unknown id names the closest valid one and every
valid choice)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence

import click

from .._plumbing.suggest import closest, list_choices

__all__ = ["DATE", "check_ids", "date_problem", "parse_date", "split_ids"]

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> dt.date | None:
    """An ISO date (``2026-01-07``), or None when ``text`` is not one."""
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def date_problem(text: str) -> str:
    """Why ``text`` is not a date, in words, with the fix (for a text
    :func:`parse_date` refused)."""
    match = _ISO.fullmatch(text.strip())
    if match is None:
        return f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-07"
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        why = f"there is no month {month}"
    elif year < 1:
        why = "there is no year 0"
    else:
        last = calendar.monthrange(year, month)[1]
        why = f"there is no {day} {calendar.month_name[month]}" + (
            f" ({calendar.month_name[month]} {year} has {last} days)" if day > 0 else ""
        )
    return f"'{text}' is an impossible date: {why}; give a real day as YYYY-MM-DD"


class DateType(click.ParamType):
    """A click parameter that takes an ISO date."""

    name = "DATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        date = parse_date(str(value))
        if date is None:
            self.fail(date_problem(str(value)), param, ctx)
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
