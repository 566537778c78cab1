"""Overlaps (zones of possible agreement): per issue, the zone every party
would accept, or the smallest concession that would open one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._core import Core, DateLike, band_words, join_ids, text_column
from ._quality import RANK, Quality
from .snapshot import in_force

if TYPE_CHECKING:
    from ._core import DatasetLike

__all__ = ["OVERLAP_COLUMNS", "STATUSES", "overlaps"]

#: The ``status`` of an overlap row: a zone every party accepts (at least two
#: parties hold a stance), zones that do not meet, fewer than two parties
#: holding a stance (no overlap, no agreement, no band), or an issue of kind
#: ``context`` (a question about the talks, not a term of a deal: answers are
#: compared in ``gaps``, never a zone of agreement, no band).
STATUSES = ("zone", "no-zone", "one-sided", "context")

OVERLAP_COLUMNS = (
    "issue",
    "group",
    "scale",
    "unit",
    "parties",
    "n_parties",
    "missing",
    "assumed",
    "status",
    "zone",
    "zone_text",
    "empty",
    "concession",
    "concession_norm",
    "norm_basis",
    "band",
    "movers",
    "movers_assumed",
    "confidence",
    "basis",
    "kinds",
    "strength",
)


class _Zones:
    """The zones in force, grouped two ways: issue -> [(party, zone, assumed)]
    in registry order, and party -> the issues it holds a zone on; with each
    issue's scale, span, group, unit and norm basis, looked up once."""

    def __init__(self, core: Core, snap: pd.DataFrame):
        self.groups: dict[str, list[tuple[str, Any, bool]]] = {}
        self.of_party: dict[str, list[str]] = {}
        self.at: dict[tuple[str, str], tuple[Any, bool]] = {}
        #: (issue, party) -> (confidence, basis, source kinds, strength)
        self.quality: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        for issue, party, zone, assumed, *quality in zip(
            snap["issue"].to_numpy(dtype=object),
            snap["party"].to_numpy(dtype=object),
            snap["zone"].to_numpy(dtype=object),
            snap["zone_assumed"].to_numpy(dtype=bool).tolist(),
            *(snap[c].to_numpy(dtype=object) for c in ("confidence", "basis", "kinds", "strength")),
            strict=True,
        ):
            self.quality[(issue, party)] = tuple(quality)
            self.groups.setdefault(issue, []).append((party, zone, assumed))
            self.of_party.setdefault(party, []).append(issue)
            self.at[(issue, party)] = (zone, assumed)
        #: issue -> its place in ``groups``
        self.rank = {issue: n for n, issue in enumerate(self.groups)}
        #: issue -> (scale, span, group, unit, norm basis), for issues with a scale
        self.meta = {
            i: (sc, core.span(i), core.ds.issues[i].group, sc.unit, core.norm_basis(i))
            for i in self.groups
            if (sc := core.scale(i)) is not None
        }

    def among(self, parties: list[str]) -> dict[str, list[tuple[str, Any, bool]]]:
        """``groups`` cut to ``parties`` (already in registry order), without
        walking the issues none of them holds a zone on."""
        hit = {i for p in parties for i in self.of_party.get(p, ())}
        out = {}
        for issue in sorted(hit, key=self.rank.__getitem__):
            out[issue] = [(p, *self.at[(issue, p)]) for p in parties if (issue, p) in self.at]
        return out


def _zones(
    ds: DatasetLike,
    as_of: DateLike | None,
    issues: Iterable[str] | None,
    quality: Quality | None = None,
) -> _Zones:
    """The zones of every stance in force (that passes ``quality``); memoised per
    dataset (overlaps of many sets of parties share them)."""
    core = ds._core
    snap = in_force(ds, as_of, None, issues)
    key = ("zones", id(snap), quality)
    if quality is not None and quality.active:
        cached = core.snapshots.get(key)
        if cached is not None and cached[0] is snap:
            return cached[1]
        zones = _Zones(core, core.keep(snap, quality))
        core.snapshots[key] = (snap, zones)
        return zones
    cached = core.snapshots.get(key)
    if cached is None or cached[0] is not snap:
        cached = core.snapshots[key] = (snap, _Zones(core, snap))
    return cached[1]


def _sides(ds: DatasetLike, zones: dict[str, Any]) -> dict[str, str]:
    """Party -> the side it counts for: a member of a coalition or bloc that is
    itself among the parties counts with it, as one side."""
    sides: dict[str, str] = {}
    for pid in zones:
        party = ds.parties.get(pid)
        if party is None or not party.members:
            continue
        for member in party.members:
            if member in zones and member not in sides:
                sides[member] = pid
    return sides


def _quality_cells(sides: list[tuple[str, str, str, str]]) -> tuple[str, str, str, str]:
    """An overlap row's evidence quality over its parties' stances: the lowest
    confidence, the distinct bases and source kinds, the weakest strength."""
    confidence = min((c for c, *_ in sides), key=lambda c: RANK.get(c, 0))
    bases = join_ids(dict.fromkeys(b for _, b, _, _ in sides))
    kinds = join_ids(dict.fromkeys(k for _, _, ks, _ in sides for k in ks.split(", ") if k))
    strength = min((w for *_, w in sides), key=lambda w: RANK.get(w, 0))
    return confidence, bases, kinds, strength


def overlaps(
    ds: DatasetLike,
    *,
    parties: Iterable[str] | str | None = None,
    issues: Iterable[str] | str | None = None,
    as_of: DateLike | None = None,
    quality: Quality | None = None,
) -> pd.DataFrame:
    """One row per issue on which at least one of ``parties`` holds a stance in force;
    a row where fewer than two hold one is ``one-sided`` (no zone, no band)."""
    core = ds._core
    named = core.check_parties(parties)
    zones_in_force = _zones(ds, as_of, issues, quality)
    if named is None:
        groups = zones_in_force.groups
    else:
        groups = zones_in_force.among(sorted(set(named), key=core.party_order.__getitem__))
    meta, order = zones_in_force.meta, core.party_order.__getitem__
    # one tuple per row, in OVERLAP_COLUMNS order but for the band
    found: list[tuple[Any, ...]] = []
    for issue, members in groups.items():
        if issue not in meta:  # no scale: nothing to intersect
            continue
        scale, span, group, unit, basis = meta[issue]
        zones = {p: z for p, z, _ in members}
        tail = _quality_cells([zones_in_force.quality[(issue, p)] for p in zones])
        head = (
            issue,
            group,
            scale.type,
            unit,
            join_ids(zones),
            len(zones),
            join_ids(p for p in named if p not in zones) if named is not None else "",
            join_ids(p for p, _, a in members if a),
        )
        if len(zones) < 2 or ds.issues[issue].kind == "context":
            # one party's zone is not an agreement, and two parties giving the
            # same answer to a question about the talks (a fact, an intention)
            # have not agreed a term: no zone, no concession, no band
            status = "one-sided" if len(zones) < 2 else "context"
            found.append((*head, status, None, None, True, np.nan, np.nan, basis, "", "", *tail))
            continue
        ov = scale.overlap(zones, span, _sides(ds, zones))
        assumed = {p for p, _, a in members if a}
        movers = sorted(ov.movers, key=order)
        found.append(
            (
                *head,
                "no-zone" if ov.empty else "zone",
                ov.zone,
                None if ov.zone is None else core.zone_text(issue, ov.zone),
                ov.empty,
                float(ov.concession),
                float(ov.concession_norm),
                basis,
                join_ids(p for p in movers if p not in assumed),
                join_ids(p for p in movers if p in assumed),
                *tail,
            )
        )
    names = [c for c in OVERLAP_COLUMNS if c != "band"]
    rows = dict(zip(names, map(list, zip(*found, strict=True)), strict=True)) if found else {}
    rows = {c: rows.get(c, []) for c in names}
    zone = np.empty(len(rows["zone"]), dtype=object)
    zone[:] = rows["zone"]
    norm = np.array(rows["concession_norm"], dtype="float64")
    typed = {
        "n_parties": np.array(rows["n_parties"], dtype="int64"),
        "zone": zone,
        "empty": np.array(rows["empty"], dtype=bool),
        "concession": np.array(rows["concession"], dtype="float64"),
        "concession_norm": norm,
        "band": text_column(band_words(ds.settings.bands, norm).tolist()).array,
    }
    # arrays (not Series) in column order: comparing every pair builds this
    # frame hundreds of times, and Series and a reordering cost more than the rows
    return pd.DataFrame(
        {c: typed[c] if c in typed else text_column(rows[c]).array for c in OVERLAP_COLUMNS},
        copy=False,
    )
