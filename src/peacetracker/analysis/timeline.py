"""Timelines: the gap between two parties on an issue at every date either moved."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._core import IN_FORCE, band_words, join_ids, text_column
from .gaps import pair_gaps

if TYPE_CHECKING:
    from .._dataset import Dataset

__all__ = ["TIMELINE_COLUMNS", "timeline", "trajectories"]

TIMELINE_COLUMNS = (
    "issue",
    "party_a",
    "party_b",
    "date",
    "mover",
    "prefer_a",
    "prefer_b",
    "text_a",
    "text_b",
    "gap",
    "gap_norm",
    "band",
)


def trajectories(ds: Dataset, issues: list[str] | None = None) -> dict[str, dict[str, list]]:
    """issue -> party -> [(date, prefer or None, prefer_text or None, position)], one entry per
    date on which the party's stance in force changed (withdrawals give None)."""
    t = ds._core.table
    t = t[t["status"].isin(IN_FORCE)]
    if issues is not None:
        t = t[t["issue"].isin(issues)]
    t = t.drop_duplicates(["issue", "party", "date"], keep="last")
    out: dict[str, dict[str, list]] = {}
    withdrawn = (t["status"] == "withdrawn").tolist()
    for issue, party, date, prefer, text, x, w in zip(
        t["issue"],
        t["party"],
        t["date"],
        t["prefer"],
        t["prefer_text"],
        t["_x"],
        withdrawn,
        strict=True,
    ):
        entry = (date, None, None, np.nan) if w else (date, prefer, text, x)
        out.setdefault(issue, {}).setdefault(party, []).append(entry)
    return out


def timeline(
    ds: Dataset, party_a: str | None = None, party_b: str | None = None, issue: str | None = None
) -> pd.DataFrame:
    """One row per (issue, pair, date on which either party's stance in force changed)."""
    core = ds._core
    core.check_parties([p for p in (party_a, party_b) if p is not None])
    issues = core.check_issues(issue)
    if party_a is not None and party_a == party_b:
        raise ValueError(f"party_a and party_b are both '{party_a}': name two different parties")
    trails = trajectories(ds, issues)
    rows: list[tuple] = []
    for iss in sorted(trails, key=core.issue_order.__getitem__):
        by_party = trails[iss]
        names = sorted(by_party, key=core.party_order.__getitem__)
        if party_a is not None and party_b is not None:
            pairs = [(party_a, party_b)]
        else:
            fixed = party_a if party_a is not None else party_b
            if fixed is not None:
                # only issues the named party addressed
                pairs = [(fixed, p) for p in names if p != fixed] if fixed in by_party else []
            else:
                pairs = list(itertools.combinations(names, 2))
        for a, b in pairs:
            ta, tb = by_party.get(a, []), by_party.get(b, [])
            if not ta and not tb:
                continue
            rows.extend(_pair_rows(core, iss, a, b, ta, tb))
    if not rows:
        rows_t: list[list] = [[] for _ in range(7)]
    else:
        rows_t = [list(col) for col in zip(*rows, strict=True)]
    issue_c, a_c, b_c, date_c, mover_c, pa_c, pb_c = rows_t[:7]
    ta_c = [r[7] for r in rows]
    tb_c = [r[8] for r in rows]

    def obj(values) -> pd.Series:
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        return pd.Series(arr, dtype=object)

    # every gap at once, vectorised by scale type
    issues_arr = np.array(issue_c, dtype=object)
    pa, pb = obj(pa_c).to_numpy(), obj(pb_c).to_numpy()
    scale_of = {i: core.scale_type(i) for i in set(issue_c)}
    units, norm = pair_gaps(
        core,
        issues_arr,
        np.array([scale_of[i] for i in issue_c], dtype=object),
        pa,
        pb,
        np.array([r[9] for r in rows], dtype=float),
        np.array([r[10] for r in rows], dtype=float),
    )

    return pd.DataFrame(
        {
            "issue": text_column(issue_c),
            "party_a": text_column(a_c),
            "party_b": text_column(b_c),
            "date": pd.Series(
                pd.to_datetime(pd.Series(date_c, dtype=object)), dtype="datetime64[ns]"
            ),
            "mover": text_column(mover_c),
            "prefer_a": obj(pa_c),
            "prefer_b": obj(pb_c),
            "text_a": text_column(ta_c),
            "text_b": text_column(tb_c),
            "gap": units,
            "gap_norm": norm,
            "band": text_column(band_words(ds.settings.bands, norm).tolist()),
        }
    )


def _pair_rows(core, issue, a, b, ta, tb):
    dates = sorted({e[0] for e in ta} | {e[0] for e in tb})
    ia = ib = 0
    cur_a = cur_b = (None, None, np.nan)
    for d in dates:
        movers = []
        while ia < len(ta) and ta[ia][0] <= d:
            cur_a = ta[ia][1:]
            if ta[ia][0] == d:
                movers.append(a)
            ia += 1
        while ib < len(tb) and tb[ib][0] <= d:
            cur_b = tb[ib][1:]
            if tb[ib][0] == d:
                movers.append(b)
            ib += 1
        yield (
            issue,
            a,
            b,
            d,
            join_ids(movers),
            cur_a[0],
            cur_b[0],
            cur_a[1],
            cur_b[1],
            cur_a[2],
            cur_b[2],
        )
