"""Timelines: the gap between two parties on an issue at every date either moved."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from attrs import frozen

from ..errors import ArgumentError
from ._core import IN_FORCE, Core, band_words, text_column
from ._quality import weakest
from .gaps import pair_gaps

if TYPE_CHECKING:
    from ._core import DatasetLike

__all__ = ["TIMELINE_COLUMNS", "Steps", "timeline", "timeline_steps", "trajectories"]

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
    "norm_basis",
    "band",
    "strength_a",
    "strength_b",
    "strength",
)


def trajectories(ds: DatasetLike, issues: list[str] | None = None) -> dict[str, dict[str, list]]:
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
    ds: DatasetLike,
    *,
    party_a: str | None = None,
    party_b: str | None = None,
    issue: str | None = None,
) -> pd.DataFrame:
    """One row per (issue, pair, date on which either party's stance in force changed);
    ``mover`` names who moved that day: a party's first record is not a move."""
    steps = timeline_steps(ds, party_a, party_b, issue)
    basis = {i: ds._core.norm_basis(i) for i in set(steps.pair_issue.tolist())}
    a_c, b_c = steps.name_a[steps.pair], steps.name_b[steps.pair]
    mover = np.where(
        steps.moved_a & steps.moved_b,
        a_c + ", " + b_c,
        np.where(steps.moved_a, a_c, np.where(steps.moved_b, b_c, "")),
    )
    return pd.DataFrame(
        {
            "issue": text_column(steps.pair_issue[steps.pair].tolist()),
            "party_a": text_column(a_c.tolist()),
            "party_b": text_column(b_c.tolist()),
            "date": pd.Series(steps.date),
            "mover": text_column(mover.tolist()),
            "prefer_a": pd.Series(steps.prefer_a, dtype=object),
            "prefer_b": pd.Series(steps.prefer_b, dtype=object),
            "text_a": text_column(steps.text_a.tolist()),
            "text_b": text_column(steps.text_b.tolist()),
            "gap": steps.gap,
            "gap_norm": steps.gap_norm,
            "norm_basis": text_column(
                [basis[i] for i in steps.pair_issue[steps.pair].tolist()]
            ),
            "band": text_column(
                band_words(ds.settings.bands, steps.gap_norm, steps.zones_meet).tolist()
            ),
            "strength_a": text_column(steps.strength_a.tolist()),
            "strength_b": text_column(steps.strength_b.tolist()),
            "strength": text_column(weakest(steps.strength_a, steps.strength_b).tolist()),
        }
    )


@frozen(eq=False)  # arrays: no element-wise ==
class Steps:
    """The rows of :func:`timeline` as arrays: per pair (``pair_issue``,
    ``name_a``, ``name_b``) and per row (``pair`` indexes the pair arrays, then
    the date, who moved, each side's point and the gap).  For callers that
    select from every pair's timeline before building any text column."""

    pair_issue: np.ndarray
    name_a: np.ndarray
    name_b: np.ndarray
    pair: np.ndarray
    date: np.ndarray  # datetime64[ns]
    moved_a: np.ndarray
    moved_b: np.ndarray
    prefer_a: np.ndarray
    prefer_b: np.ndarray
    text_a: np.ndarray
    text_b: np.ndarray
    gap: np.ndarray
    gap_norm: np.ndarray
    #: each side's evidence strength (docs/api.md, "Evidence quality"); None with no stance
    strength_a: np.ndarray
    strength_b: np.ndarray
    #: whether both zones (stated, or the point alone) share a position that day
    zones_meet: np.ndarray


def timeline_steps(
    ds: DatasetLike,
    party_a: str | None = None,
    party_b: str | None = None,
    issue: str | None = None,
) -> Steps:
    """The rows of :func:`timeline` (same arguments) as :class:`Steps`."""
    core = ds._core
    core.check_parties([p for p in (party_a, party_b) if p is not None])
    issues = core.check_issues(issue)
    if party_a is not None and party_a == party_b:
        raise ArgumentError(
            f"party_a and party_b are both '{party_a}': name two different parties",
            "party_b", party_b)
    trail = _Trail(core, issues)
    pair_issue, group_a, group_b, name_a, name_b = trail.pairs(party_a, party_b)
    # every (pair, date on which either party moved), in pair order, then by date
    pair, day = trail.expand(group_a, group_b)
    at_a, moved_a = trail.at(group_a[pair], day)
    at_b, moved_b = trail.at(group_b[pair], day)
    pa, ta, xa = trail.values(at_a)
    pb, tb, xb = trail.values(at_b)
    sa, sb = trail.strengths(at_a), trail.strengths(at_b)
    issue_c = pair_issue[pair]
    units, norm = pair_gaps(core, issue_c, pa, pb, xa, xb)
    meet = trail.meet(core, issue_c, at_a, at_b)
    return Steps(
        pair_issue,
        name_a,
        name_b,
        pair,
        trail.dates[day].astype("datetime64[ns]"),
        moved_a,
        moved_b,
        pa,
        pb,
        ta,
        tb,
        units,
        norm,
        sa,
        sb,
        meet,
    )


def _objects(n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = None
    return out


class _Trail:
    """Every party's trajectory on every issue as flat arrays (the entries of
    :func:`trajectories`), sorted by issue, party and date.  Entries of one
    (issue, party) form a *group*; dates are ranks into ``dates``."""

    def __init__(self, core: Core, issues: list[str] | None):
        t = core.table
        mask = t["status"].isin(IN_FORCE).to_numpy().copy()
        if issues is not None:
            mask &= t["issue"].isin(issues).to_numpy()
        # the table is sorted by issue, party, date and file order: the last
        # entry of a date is the one in force
        t = t[mask].drop_duplicates(["issue", "party", "date"], keep="last")
        withdrawn = (t["status"] == "withdrawn").to_numpy(dtype=bool)
        self.dates, self.day = np.unique(
            t["date"].to_numpy(dtype="datetime64[ns]"), return_inverse=True
        )
        self.day = self.day.reshape(-1)
        self.prefer = t["prefer"].to_numpy(dtype=object).copy()
        self.prefer[withdrawn] = None
        self.text = t["prefer_text"].to_numpy(dtype=object).copy()
        self.text[withdrawn] = None
        self.strength = t["strength"].to_numpy(dtype=object).copy()
        self.strength[withdrawn] = None
        self.zone = t["zone"].to_numpy(dtype=object).copy()
        self.zone[withdrawn] = None
        self.x = t["_x"].to_numpy(dtype="float64").copy()
        self.x[withdrawn] = np.nan
        io = t["_io"].to_numpy(dtype="int64")
        po = t["_po"].to_numpy(dtype="int64")
        n = len(io)
        first = np.ones(n, dtype=bool)
        first[1:] = (io[1:] != io[:-1]) | (po[1:] != po[:-1])
        #: whether an entry is its party's first record on the issue (never a move)
        self.first = first
        self.group = np.cumsum(first) - 1
        self.start = np.flatnonzero(first)
        self.stop = np.append(self.start[1:], n).astype("int64")
        self.g_io, self.g_po = io[self.start], po[self.start]
        self.nd = max(len(self.dates), 1)
        #: (group, date) as one sortable key, ascending
        self.key = self.group * self.nd + self.day
        self.issue_ids = np.array(list(core.issue_order), dtype=object)
        self.party_ids = np.array(list(core.party_order), dtype=object)
        self.party_order = core.party_order

    def pairs(
        self, party_a: str | None, party_b: str | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The pairs to follow, issue by issue in registry order: (issue, group of
        a, group of b (-1: no trajectory), id of a, id of b), as arrays."""
        issue_l, ga_l, gb_l, pa_l, pb_l = [], [], [], [], []
        n = len(self.g_io)
        bounds = np.flatnonzero(np.append(True, self.g_io[1:] != self.g_io[:-1]))[:n]
        ends = np.append(bounds[1:], n)[: len(bounds)]
        fixed = party_a if party_a is not None else party_b
        for lo, hi in zip(bounds.tolist(), ends.tolist(), strict=True):
            groups = np.arange(lo, hi)
            pos = self.g_po[lo:hi]
            if party_a is not None and party_b is not None:
                ga = self._group(groups, pos, party_a)
                gb = self._group(groups, pos, party_b)
                if ga < 0 and gb < 0:
                    continue
                a = np.array([ga])
                b = np.array([gb])
                oa = np.array([self.party_order[party_a]])
                ob = np.array([self.party_order[party_b]])
            elif fixed is not None:
                g = self._group(groups, pos, fixed)
                if g < 0:  # only issues the named party addressed
                    continue
                b = groups[groups != g]
                a = np.full(len(b), g)
                oa, ob = self.g_po[a], self.g_po[b]
            else:
                i, j = np.triu_indices(hi - lo, k=1)
                a, b = groups[i], groups[j]
                oa, ob = self.g_po[a], self.g_po[b]
            issue_l.append(np.full(len(a), self.g_io[lo]))
            ga_l.append(a)
            gb_l.append(b)
            pa_l.append(oa)
            pb_l.append(ob)

        def cat(parts: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(parts).astype("int64") if parts else np.zeros(0, "int64")

        return (
            self.issue_ids[cat(issue_l)],
            cat(ga_l),
            cat(gb_l),
            self.party_ids[cat(pa_l)],
            self.party_ids[cat(pb_l)],
        )

    def _group(self, groups: np.ndarray, pos: np.ndarray, party: str) -> int:
        hit = groups[pos == self.party_order[party]]
        return int(hit[0]) if len(hit) else -1

    def expand(self, group_a: np.ndarray, group_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(pair, date) for every date either party of a pair moved, sorted."""
        pair_parts, day_parts = [], []
        for groups in (group_a, group_b):
            pair = np.flatnonzero(groups >= 0)
            g = groups[pair]
            length = self.stop[g] - self.start[g]
            offset = np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length)
            pair_parts.append(np.repeat(pair, length))
            day_parts.append(self.day[np.repeat(self.start[g], length) + offset])
        key = np.sort(np.concatenate(pair_parts) * self.nd + np.concatenate(day_parts))
        key = key[np.append(True, key[1:] != key[:-1])[: len(key)]]  # unique, kept sorted
        return key // self.nd, key % self.nd

    def at(self, groups: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each (group, date): the index of the entry in force then (-1 for
        none yet, or no group), and whether that entry is a move of that very
        date (an entry of that date that is not the party's first record)."""
        idx = np.searchsorted(self.key, groups * self.nd + day, side="right") - 1
        ok = (groups >= 0) & (idx >= 0)
        ok[ok] = self.group[idx[ok]] == groups[ok]
        moved = ok.copy()
        moved[ok] = (self.day[idx[ok]] == day[ok]) & ~self.first[idx[ok]]
        return np.where(ok, idx, -1), moved

    def meet(
        self, core: Core, issues: np.ndarray, at_a: np.ndarray, at_b: np.ndarray
    ) -> np.ndarray:
        """For each row, whether the two entries' zones meet (the scale's
        ``zones_meet``), worked out once per distinct pair of entries."""
        out = np.zeros(len(at_a), dtype=bool)
        ok = (at_a >= 0) & (at_b >= 0)
        if not ok.any():
            return out
        n = len(self.zone) + 1
        keys, first, inverse = np.unique(
            at_a[ok] * n + at_b[ok], return_index=True, return_inverse=True
        )
        rows = np.flatnonzero(ok)
        found = np.zeros(len(keys), dtype=bool)
        for k, r in enumerate(rows[first]):
            za, zb = self.zone[at_a[r]], self.zone[at_b[r]]
            scale = core.scale(issues[r])
            if za is not None and zb is not None and scale is not None:
                try:
                    found[k] = bool(scale.zones_meet(za, zb))
                except (AttributeError, TypeError, ValueError):
                    found[k] = False
        out[rows] = found[inverse.reshape(-1)]
        return out

    def strengths(self, idx: np.ndarray) -> np.ndarray:
        """The evidence strength of entries; None for -1."""
        ok = idx >= 0
        out = _objects(len(idx))
        out[ok] = self.strength[idx[ok]]
        return out

    def values(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(prefer, prefer_text, position) of entries; None, None, NaN for -1."""
        ok = idx >= 0
        prefer, text = _objects(len(idx)), _objects(len(idx))
        prefer[ok] = self.prefer[idx[ok]]
        text[ok] = self.text[idx[ok]]
        x = np.full(len(idx), np.nan)
        x[ok] = self.x[idx[ok]]
        return prefer, text, x
