"""Build the :class:`~peacetracker.report.Report` from the analysis API.

Every number comes from the dataset's DataFrames (snapshot, gaps, overlaps,
changes, directions, timeline); this module only selects, orders, words and
footnotes them.  The cost is linear in the number of stances: each frame is
walked once, and citations are looked up in a dict built in one pass.
"""

from __future__ import annotations

import collections
import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..analysis._core import EVIDENCE_COLUMNS
from ..analysis._gc import without_collector
from ._model import (
    Cell,
    Change,
    Citation,
    Direction,
    GapLine,
    IssueInfo,
    PartyInfo,
    Report,
    Timeline,
    TimelinePoint,
    Zone,
)

if TYPE_CHECKING:
    from .._dataset import Dataset

__all__ = ["build_report", "gap_words"]

#: Words for the changes to a stance other than a move of its preferred point.
_LABELS = {
    "accept-added": "acceptable range stated",
    "accept-removed": "acceptable range dropped",
    "accept-widened": "acceptable range widened",
    "accept-narrowed": "acceptable range narrowed",
    "accept-shifted": "acceptable range shifted",
    "evidence-added": "new evidence",
    "evidence-removed": "evidence removed",
    "salience-changed": "salience",
    "confidence-changed": "confidence",
    "basis-changed": "basis",
    "status-changed": "status",
    "move-kind-changed": "kind of move",
    "conditions-changed": "conditions",
    "precision-changed": "date precision",
    "event-changed": "linked event",
    "note-changed": "note",
}
#: Changes of the preferred point itself (the headline of a changed stance).
_PREFER_KINDS = ("moved", "added", "withdrawn", "restated", "removed")


def _s(value: Any) -> str | None:
    """A text cell, None when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return str(value)


def _date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _ids(joined: Any) -> tuple[str, ...]:
    text = _s(joined)
    return tuple(x for x in text.split(", ") if x) if text else ()


def _float(value: Any) -> float | None:
    if value is None:
        return None
    f = float(value)
    return None if math.isnan(f) else f


def gap_words(scale: Any, gap: float) -> str:
    """A gap in the issue's own units, in words: ``100,000 personnel``, ``2 steps``."""
    kind = scale.type
    if kind == "numeric":
        return scale.describe(gap)
    if kind in ("categorical", "yesno"):
        if gap == 0:
            return "same answer" if kind == "yesno" else "same option"
        return "opposite answers" if kind == "yesno" else "different options"
    n = int(gap) if float(gap).is_integer() else gap
    unit = scale.unit
    if n == 1 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{n} {unit}"


#: The evidence frame's columns a footnote needs, in the frame's order (rows are
#: read as tuples by position below).
_CITATION_COLUMNS = [c for c in EVIDENCE_COLUMNS if c != "kind"]


#: The gaps frame's columns the report reads.
_GapRow = collections.namedtuple(
    "_GapRow",
    ["issue", "party_a", "party_b", "text_a", "text_b", "gap", "gap_norm", "band", "norm_basis"],
)


#: The snapshot's columns the stance matrix reads.
_CellRow = collections.namedtuple(
    "_CellRow",
    "party issue date status prefer_text accept_text move basis confidence precision",
)


def _rows(frame: pd.DataFrame, row: Any) -> Iterator:
    """``frame``'s rows as ``row`` namedtuples of the columns it names, read
    column by column (``itertuples`` converts every cell of every column, and
    arrow-backed text one cell at a time)."""
    return map(row._make, zip(*(_column(frame[c]) for c in row._fields), strict=True))


def _column(values: pd.Series) -> list:
    """A column as Python values, as ``itertuples`` gives them (missing text is
    NaN) but with dates as ``datetime.date`` (None for none), and much faster."""
    if values.dtype.kind == "M":
        return values.to_numpy(dtype="datetime64[D]").astype(object).tolist()
    return values.to_numpy(dtype=object).tolist()


class _Citations:
    """Numbers footnotes in order of first use; one number per (stance, citation)."""

    def __init__(self, *evidence_frames: tuple[str, pd.DataFrame]):
        # (version, party, issue, date, status) -> rows of that stance's evidence
        self._rows: dict[tuple, list[tuple]] = {}
        for version, frame in evidence_frames:
            for row in zip(*(_column(frame[c]) for c in _CITATION_COLUMNS), strict=True):
                key = (version, row[0], row[1], row[2])
                self._rows.setdefault((*key, row[3]), []).append(row)
                self._rows.setdefault((*key, None), []).append(row)
        #: (version, party, issue, date) -> the stance's date precision.
        self.precision: dict[tuple, str] = {}
        #: source id -> how precise its publication date is (when not to the day).
        self.published_precision: dict[str, str] = {}
        self._numbers: dict[tuple, tuple[int, ...]] = {}
        self._by_content: dict[tuple, int] = {}
        self.citations: list[Citation] = []

    def notes(
        self,
        party: str,
        issue: str,
        date: dt.date | None,
        status: str | None = None,
        version: str = "new",
    ) -> tuple[int, ...]:
        """Footnote numbers for the evidence of one stance (numbered on first use)."""
        if date is None:
            return ()
        key = (version, party, issue, date, status)
        known = self._numbers.get(key)
        if known is not None:
            return known
        rows = self._rows.get(key) or self._rows.get((*key[:4], None), [])
        numbers = []
        for row in sorted(rows, key=lambda r: r[4]):
            # The same quote on the same stance is one footnote, whichever
            # version or status it was found under.
            content = (party, issue, date, row[5], row[6])
            number = self._by_content.get(content)
            if number is None:
                number = len(self.citations) + 1
                self._by_content[content] = number
                self.citations.append(
                    Citation(
                        number=number,
                        quote=str(row[6]),
                        source=str(row[5]),
                        outlet=_s(row[9]) or "outlet unknown",
                        title=_s(row[10]) or "",
                        published=_date(row[11]) or date,
                        published_precision=self.published_precision.get(str(row[5]), "day"),
                        speaker=_s(row[7]),
                        via=_s(row[8]),
                        url=_s(row[12]),
                        party=party,
                        issue=issue,
                        date=date,
                        precision=self.precision.get((version, party, issue, date), "day"),
                    )
                )
            if number not in numbers:
                numbers.append(number)
        self._numbers[key] = tuple(numbers)
        return self._numbers[key]


def _selected(registry: Iterable[str], chosen: Sequence[str] | None) -> list[str]:
    if chosen is None:
        return list(registry)
    wanted = set(chosen)
    return [i for i in registry if i in wanted]


@without_collector
def build_report(
    ds: Dataset,
    *,
    as_of: dt.date | None = None,
    since: dt.date | Dataset | None = None,
    parties: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    timelines: bool = True,
    series_per_issue: int | None = 6,
    label: str | None = None,
) -> Report:
    """Work out the position-gap report for ``ds``.

    ``since`` is a date (changes between the snapshots at that date and at
    ``as_of``) or an earlier version of the dataset (a :class:`Dataset`
    loaded from a git revision or another directory: changes between the two).
    ``parties`` and ``issues`` restrict every section to those ids (already
    validated).  ``timelines=False`` leaves out the gap timelines (only the
    HTML and JSON reports draw them); ``series_per_issue`` keeps, per issue,
    the pairs with the largest current gap among those whose gap changed
    (None: every such pair).  ``label`` names the data in the
    report (default: the dataset's own label).
    """
    party_ids = _selected(ds.parties, parties)
    issue_ids = _selected(ds.issues, issues)
    old_ds = since if since is not None and not isinstance(since, dt.date) else None
    frames = [("new", ds.evidence_frame)]
    if old_ds is not None:
        frames.append(("old", old_ds.evidence_frame))
    cites = _Citations(*frames)
    for each in (old_ds, ds):  # the newer version's word wins
        if each is not None:
            cites.published_precision.update(
                {s.id: s.precision for s in each.sources.values() if s.precision != "day"}
            )
    cites.precision.update(_precisions("new", ds))
    if old_ds is not None:
        cites.precision.update(_precisions("old", old_ds))

    snap = ds.snapshot(as_of, parties=party_ids, issues=issue_ids)
    in_force: dict[tuple[str, str], tuple[dt.date, str]] = {}
    cells_by_key: dict[tuple[str, str], Any] = {}  # snapshot rows
    for row in _rows(snap, _CellRow):
        date = _date(row.date)
        in_force[(row.party, row.issue)] = (date, row.status)
        cells_by_key[(row.party, row.issue)] = row
    # The matrix: issues and parties in registry order (footnotes numbered in reading order).
    used_parties = [p for p in party_ids if any((p, i) in cells_by_key for i in issue_ids)]
    matrix = []
    for issue in issue_ids:
        for party in used_parties:
            row = cells_by_key.get((party, issue))
            if row is None:
                continue
            date, status = in_force[(party, issue)]
            matrix.append(
                Cell(
                    party=party,
                    issue=issue,
                    prefer=_s(row.prefer_text) or "",
                    date=date,
                    accept=_s(row.accept_text),
                    move=_s(row.move),
                    basis=_s(row.basis) or "stated",
                    confidence=_s(row.confidence) or "high",
                    notes=cites.notes(party, issue, date, status),
                    precision=_s(row.precision) or "day",
                )
            )

    def stance_notes(party: str, issue: str) -> tuple[int, ...]:
        hit = in_force.get((party, issue))
        return cites.notes(party, issue, hit[0], hit[1]) if hit else ()

    gaps_frame = ds.gaps(as_of, parties=party_ids, issues=issue_ids)
    issue_rank = {i: n for n, i in enumerate(issue_ids)}
    party_rank = {p: n for n, p in enumerate(party_ids)}
    # the columns used, read column by column (not by itertuples)
    gap_rows = sorted(
        _rows(gaps_frame, _GapRow),
        key=lambda g: (
            -g.gap_norm,
            issue_rank[g.issue],
            party_rank[g.party_a],
            party_rank[g.party_b],
        ),
    )
    words: dict[tuple[str, float], str] = {}

    def gap_text(issue: str, gap: float) -> str:
        text = words.get((issue, gap))
        if text is None:
            text = words[(issue, gap)] = gap_words(ds.issues[issue].scale, gap)
        return text

    gaps = [
        GapLine(
            issue=g.issue,
            party_a=g.party_a,
            party_b=g.party_b,
            prefer_a=_s(g.text_a) or "",
            prefer_b=_s(g.text_b) or "",
            gap=float(g.gap),
            gap_text=gap_text(g.issue, float(g.gap)),
            normalised=float(g.gap_norm),
            band=str(g.band),
            basis="relative to the larger figure" if g.norm_basis == "relative" else None,
            notes_a=stance_notes(g.party_a, g.issue),
            notes_b=stance_notes(g.party_b, g.issue),
        )
        for g in gap_rows
    ]

    # A plan (a draft treaty, a framework) is a document, not a negotiator:
    # the zones count it only when the caller names it.
    zone_ids = party_ids
    plans_left_out: list[str] = []
    if parties is None:
        zone_ids = [p for p in party_ids if ds.parties[p].kind != "plan"]
        plans_left_out = [p for p in used_parties if ds.parties[p].kind == "plan"]
    zones = []
    for z in ds.overlaps(zone_ids, as_of=as_of, issues=issue_ids).itertuples(index=False):
        who = _ids(z.parties)
        if len(who) < 2:
            continue
        scale = ds.issues[z.issue].scale
        zones.append(
            Zone(
                issue=z.issue,
                parties=who,
                exists=not bool(z.empty),
                zone=_s(z.zone_text),
                concession=float(z.concession),
                concession_text=gap_words(scale, float(z.concession)) if z.empty else None,
                concession_norm=float(z.concession_norm),
                movers=_ids(z.movers),
                assumed=_ids(z.assumed),
                notes=tuple(n for p in who for n in stance_notes(p, z.issue)),
            )
        )
    zones.sort(key=lambda z: (z.exists, -z.concession_norm, issue_rank[z.issue]))

    changes = (
        _changes(ds, since, old_ds, as_of, party_ids, issue_ids, cites) if since is not None else []
    )

    latest = {(g.issue, g.party_a, g.party_b): g.normalised for g in gaps}
    lines = (
        _timelines(ds, as_of, party_ids, issue_ids, latest, series_per_issue) if timelines else []
    )

    # Name every party and issue the report mentions (a withdrawn stance's too).
    named_parties = {c.party for c in matrix} | {c.party for c in changes}
    named_parties |= {d.other for c in changes for d in c.directions}
    named_issues = {c.issue for c in matrix} | {c.issue for c in changes}
    used_parties = [p for p in party_ids if p in named_parties]
    issue_ids = [i for i in issue_ids if i in named_issues]

    return Report(
        title=ds.settings.title,
        description=ds.settings.description,
        label=label or ds.label or (str(ds.root) if ds.root else "in memory"),
        as_of=as_of,
        latest=max((c.date for c in matrix), default=None),
        since=_since_label(since),
        parties=[PartyInfo(p, ds.parties[p].name, ds.parties[p].kind) for p in used_parties],
        issues=[
            IssueInfo(
                i,
                ds.issues[i].name,
                ds.issues[i].question,
                ds.issues[i].scale.type,
                ds.issues[i].scale.unit or "",
                ds.issues[i].group,
            )
            for i in issue_ids
        ],
        bands=ds.settings.bands,
        matrix=matrix,
        gaps=gaps,
        zones=zones,
        changes=changes,
        timelines=lines,
        citations=cites.citations,
        plans_left_out=plans_left_out,
    )


def _precisions(version: str, ds: Dataset) -> dict[tuple, str]:
    """(version, party, issue, date) -> the date's precision, for stances not
    dated to the day (a stance dated to the day is the default)."""
    frame = ds.stances_frame
    frame = frame[frame["precision"] != "day"]
    return {
        (version, party, issue, date.date()): str(precision)
        for party, issue, date, precision in zip(
            frame["party"], frame["issue"], frame["date"], frame["precision"], strict=True
        )
    }


def _since_label(since: Any) -> str | None:
    if since is None:
        return None
    if isinstance(since, dt.date):
        return since.isoformat()
    return since.label or "the other version"


def _changes(ds, since, old_ds, as_of, party_ids, issue_ids, cites: _Citations) -> list[Change]:
    compared = ds.compare(since if old_ds is None else old_ds, as_of)
    frame, dirs = compared.changes, compared.directions
    before_version = "new" if old_ds is None else "old"
    wanted_p, wanted_i = set(party_ids), set(issue_ids)
    by_change: dict[int, list[Direction]] = {}
    for d in dirs.itertuples(index=False):
        if d.other not in wanted_p:
            continue
        by_change.setdefault(int(d.change), []).append(
            Direction(
                other=d.other,
                direction=str(d.direction),
                gap_before=_float(d.gap_before),
                gap_after=_float(d.gap_after),
                band_after=_s(d.band_after),
            )
        )
    # One Change per changed stance: its preferred-point change (if any) heads it,
    # the other changes to the same stance become details.
    groups: dict[tuple, list] = {}
    for c in frame.itertuples(index=False):
        if c.entity != "stance" or c.party not in wanted_p or c.issue not in wanted_i:
            continue
        key = (c.party, c.issue, _date(c.date_before), _date(c.date_after))
        groups.setdefault(key, []).append(c)
    out = []
    for (party, issue, before, after), rows in groups.items():
        head = next((c for c in rows if c.kind in _PREFER_KINDS), rows[0])
        kind = str(head.kind)
        old_notes = cites.notes(party, issue, before, version=before_version)
        # The new stance's quotes (for a withdrawal: the quote that says it was dropped).
        notes = cites.notes(party, issue, after) if kind != "removed" else ()
        details = [_detail(c) for c in rows if c is not head]
        if head.kind not in _PREFER_KINDS:
            details.insert(0, _LABELS.get(kind, kind.replace("-", " ")))
        directions = [d for c in rows for d in by_change.get(int(c.change), ())]
        out.append(
            Change(
                party=party,
                issue=issue,
                kind=kind,
                word=_s(head.word) or _LABELS.get(kind, kind.replace("-", " ")),
                old=_s(head.before_text),
                new=_s(head.after_text),
                old_date=before,
                new_date=after,
                directions=directions,
                details=details,
                notes=notes,
                old_notes=old_notes,
                old_precision=cites.precision.get((before_version, party, issue, before), "day"),
                new_precision=cites.precision.get(("new", party, issue, after), "day"),
            )
        )
    return out


def _detail(c: Any) -> str:
    """One non-headline change to a stance, in words."""
    label = _LABELS.get(str(c.kind), str(c.kind).replace("-", " "))
    before, after = _s(c.before_text), _s(c.after_text)
    if before and after:
        return f"{label}: {before} → {after}"
    if after:
        return f"{label}: {after}"
    if before:
        return f"{label} (was {before})"
    return label


def _timelines(ds, as_of, party_ids, issue_ids, latest, limit) -> list[Timeline]:
    """The gap over time for the pairs whose gap changed (a line that never
    moves says nothing a gap table does not): per issue, the ``limit`` pairs
    with the largest current gap (``latest``: (issue, a, b) -> normalised gap)."""
    from ..analysis.timeline import timeline_steps

    # every pair's timeline as arrays: rows are chosen before any text is built
    steps = timeline_steps(ds)
    wanted_i, wanted_p = set(issue_ids), set(party_ids)
    pair_ok = np.array(
        [
            i in wanted_i and a in wanted_p and b in wanted_p
            for i, a, b in zip(steps.pair_issue, steps.name_a, steps.name_b, strict=True)
        ],
        dtype=bool,
    )
    pair, norm = steps.pair, steps.gap_norm
    keep = pair_ok[pair] & ~np.isnan(norm)
    if as_of is not None:
        keep &= steps.date <= np.datetime64(pd.Timestamp(as_of))
    rows = np.flatnonzero(keep)
    # pairs whose gap changed (rows are in pair order, then by date)
    moved = pd.Series(norm[rows]).groupby(pair[rows]).transform("nunique").to_numpy() > 1
    rows = rows[moved]
    if limit is not None:
        by_issue: dict[str, list[tuple[float, int]]] = {}
        for p in pd.unique(pair[rows]).tolist():
            key = (steps.pair_issue[p], steps.name_a[p], steps.name_b[p])
            by_issue.setdefault(key[0], []).append((-latest.get(key, 0.0), p))
        chosen = []
        for keys in by_issue.values():
            keys.sort(key=lambda k: k[0])  # stable: registry order on ties
            chosen.extend(p for _, p in keys[:limit])
        rows = rows[np.isin(pair[rows], chosen)]
    # datetime64[D] -> datetime.date, without a Timestamp per value
    dates = steps.date[rows].astype("datetime64[D]").astype(object).tolist()
    words: dict[tuple[str, float], str] = {}
    series: dict[tuple[str, str, str], list[TimelinePoint]] = {}
    for p, date, norm_, gap in zip(
        pair[rows].tolist(), dates, norm[rows].tolist(), steps.gap[rows].tolist(), strict=True
    ):
        issue = steps.pair_issue[p]
        text = words.get((issue, gap))
        if text is None:
            text = words[(issue, gap)] = gap_words(ds.issues[issue].scale, float(gap))
        key = (issue, steps.name_a[p], steps.name_b[p])
        series.setdefault(key, []).append(TimelinePoint(date, float(norm_), text))
    return [Timeline(i, a, b, pts) for (i, a, b), pts in series.items()]
