"""Snapshots: the stance in force for every party and issue at a date."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import pandas as pd

from ._core import IN_FORCE, STANCE_COLUMNS, Core, DatasetLike, DateLike, to_timestamp

__all__ = ["as_of", "in_force", "snapshot"]

_D = TypeVar("_D", bound=DatasetLike)


def in_force(
    ds: DatasetLike,
    as_of: DateLike | None = None,
    parties: Iterable[str] | None = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The internal table cut to the stances in force at ``as_of`` (private columns kept).

    Memoised per dataset: callers must not modify the frame."""
    core = ds._core
    parties = core.check_parties(parties)
    issues = core.check_issues(issues)
    when = to_timestamp(as_of, "as_of")
    key = (
        when,
        tuple(sorted(parties)) if parties is not None else None,
        tuple(sorted(issues)) if issues is not None else None,
    )
    cached = core.snapshots.get(key)
    if cached is None:
        if parties is not None:
            # a party's stance in force does not depend on the others: cut the
            # (memoised) snapshot of every party
            everyone = in_force(ds, as_of, None, issues)
            mask = everyone["party"].isin(parties).to_numpy()
            cached = everyone[mask].reset_index(drop=True)
        else:
            cached = _in_force(core, when, None, issues)
        core.snapshots[key] = cached
    return cached


def _in_force(
    core: Core, when: pd.Timestamp | None, parties: list[str] | None, issues: list[str] | None
) -> pd.DataFrame:
    t = core.table
    mask = t["status"].isin(IN_FORCE).to_numpy().copy()
    if when is not None:
        mask &= (t["date"] <= when).to_numpy()
    if parties is not None:
        mask &= t["party"].isin(parties).to_numpy()
    if issues is not None:
        mask &= t["issue"].isin(issues).to_numpy()
    cut = t[mask]
    # The table is sorted by issue, party, date, then file order: the last row of
    # each (party, issue) is the stance in force.
    latest = cut.drop_duplicates(["issue", "party"], keep="last")
    latest = latest[latest["status"] != "withdrawn"]
    return latest.sort_values(["_io", "_po"], kind="stable").reset_index(drop=True)


def snapshot(
    ds: DatasetLike,
    *,
    parties: Iterable[str] | str | None = None,
    issues: Iterable[str] | str | None = None,
    as_of: DateLike | None = None,
) -> pd.DataFrame:
    """The stance in force for every party and issue at ``as_of`` (columns of ``stances_frame``)."""
    return in_force(ds, as_of, parties, issues).loc[:, list(STANCE_COLUMNS)]


def as_of(ds: _D, date: DateLike) -> _D:
    """The dataset with every stance dated after ``date`` dropped."""
    return ds.as_of(date)
