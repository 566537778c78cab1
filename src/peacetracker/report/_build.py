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
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pandas as pd

from .._model import SALIENCE_RANK
from .._plumbing.collector import without_collector
from ..analysis._quality import BASIS_RANK, RANK, weak_reasons
from ._content import (
    Cell,
    Change,
    Citation,
    Direction,
    FirstRecord,
    FirstRecords,
    GapLine,
    IssueInfo,
    LedeSentence,
    PartyInfo,
    PlanClause,
    PlanInfo,
    Report,
    Timeline,
    TimelinePoint,
    Zone,
)
from ._words import (
    CONTEXT_MOVE,
    context_counterparts,
    context_word,
    direction_text,
    gap_phrase,
    quote_text,
)

if TYPE_CHECKING:
    from .._dataset import Dataset
    from .._model import Source

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


def _frame_rows(frame: pd.DataFrame) -> Iterator[Any]:
    """``frame.itertuples(index=False)``: a namedtuple per row, fields by column
    name (typed Any: a frame's columns are not known to the type checker)."""
    return iter(frame.itertuples(index=False))


def _float(value: Any) -> float | None:
    if value is None:
        return None
    f = float(value)
    return None if math.isnan(f) else f


def gap_words(scale: Any, gap: float) -> str:
    """A gap in the issue's own units, in words: ``100,000 personnel``, ``2 steps``
    (the scale's own wording, :meth:`~peacetracker.scales.Scale.gap_text`)."""
    return scale.gap_text(gap)


#: The evidence frame's columns a footnote reads (by name: see :class:`_CiteRow`).
_CiteRow = collections.namedtuple(
    "_CiteRow",
    "party issue date status n source quote speaker via outlet title kind published url i",
)


#: The gaps frame's columns the report reads.
_GapRow = collections.namedtuple(
    "_GapRow",
    ["issue", "party_a", "party_b", "text_a", "text_b", "gap", "gap_norm", "band", "norm_basis",
     "zones_meet"],
)

#: The words for a gap's normalising basis, beside the figure.
_BASIS_WORDS = {
    "relative": "relative to the larger figure",
    "declared": "by the declared range",
}


def _band_word(inp: _Inputs, g: _GapRow) -> str:
    """The gap's band word; on a question about the talks (kind: context) two
    parties giving the same answer have agreed no term, so the words say only
    whether the answers differ."""
    if _is_context(inp.ds, g.issue):
        return context_word(float(g.gap_norm))
    return str(g.band)


def _is_context(ds: Dataset, issue: str) -> bool:
    """True for a question about the talks (kind: context), not a term of a
    deal: its gaps are worded only "same answer" or "answers differ", with no
    band word and no figure."""
    return ds.issues[issue].kind == "context"


def _norm_basis_text(g: _GapRow) -> str | None:
    """What a normalised gap rests on, and why a gap of 1.00 may read "apart":
    when what each would accept includes a position the other accepts, the
    pair is never "far apart" (their acceptable zones meet)."""
    parts = [_BASIS_WORDS.get(str(g.norm_basis))]
    if bool(g.zones_meet) and float(g.gap_norm) > 0:
        parts.append("their acceptable zones meet")
    return "; ".join(p for p in parts if p) or None


#: The snapshot's columns the stance matrix reads.
_CellRow = collections.namedtuple(
    "_CellRow",
    "party issue date status prefer_text accept_text move basis confidence precision",
)


def _rows(frame: pd.DataFrame, row: Any) -> Iterator:
    """``frame``'s rows as ``row`` namedtuples of the columns it names, read
    column by column (``itertuples`` converts every cell of every column, and
    arrow-backed text one cell at a time).  A field ``i`` reads the private
    column ``_i`` (a namedtuple field cannot start with an underscore)."""
    names = ["_i" if c == "i" else c for c in row._fields]
    return map(row._make, zip(*(_column(frame[c]) for c in names), strict=True))


def _column(values: pd.Series) -> list:
    """A column as Python values, as ``itertuples`` gives them (missing text is
    NaN) but with dates as ``datetime.date`` (None for none), and much faster."""
    if values.dtype.kind == "M":
        return values.to_numpy(dtype="datetime64[D]").astype(object).tolist()
    return values.to_numpy(dtype=object).tolist()


class _Citations:
    """Numbers footnotes in order of first use; one number per (stance, citation)."""

    def __init__(self, *versions: tuple[str, Dataset]):
        # (version, party, issue, date, status) -> rows of that stance's evidence
        self._rows: dict[tuple, list[_CiteRow]] = {}
        self._datasets = dict(versions)
        for version, ds in versions:
            frame = ds._core.evidence  # the public columns and the stance's index
            for row in _rows(frame, _CiteRow):
                key = (version, row.party, row.issue, row.date)
                self._rows.setdefault((*key, row.status), []).append(row)
                self._rows.setdefault((*key, None), []).append(row)
        #: (version, party, issue, date) -> the stance's date precision.
        self.precision: dict[tuple, str] = {}
        #: source id -> how precise its publication date is (when not to the day);
        #: the newer version's word wins.
        self.published_precision: dict[str, str] = {
            s.id: s.precision
            for _, ds in reversed(versions)
            for s in ds.sources.values()
            if getattr(s, "precision", "day") != "day"
        }
        self._numbers: dict[tuple, tuple[int, ...]] = {}
        self._by_content: dict[tuple, int] = {}
        self.citations: list[Citation] = []
        # A note on a stance or a source is printed once, with its first footnote.
        self._noted: set[tuple] = set()

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
        rows = self._stance_rows(version, party, issue, date, status)
        numbers = []
        for row in sorted(rows, key=lambda r: r.n):
            # The same quote on the same stance is one footnote, whichever
            # version or status it was found under.
            content = (party, issue, date, row.source, row.quote)
            number = self._by_content.get(content)
            if number is None:
                number = len(self.citations) + 1
                self._by_content[content] = number
                self.citations.append(self._citation(number, row, version))
            if number not in numbers:
                numbers.append(number)
        self._numbers[key] = tuple(numbers)
        return self._numbers[key]

    def _citation(self, number: int, row: _CiteRow, version: str) -> Citation:
        ds = self._datasets[version]
        stance = ds.stances[row.i]
        evidence = stance.evidence[row.n]
        source = ds.sources.get(row.source)
        stance_key = ("stance", row.party, row.issue, row.date)
        stance_note = stance.note if stance_key not in self._noted else None
        source_note = getattr(source, "note", None) if row.source not in self._noted else None
        self._noted.update((stance_key, row.source))
        return Citation(
            number=number,
            quote=str(row.quote),
            source=str(row.source),
            outlet=_s(row.outlet) or "outlet unknown",
            title=_s(row.title) or "",
            published=_date(row.published) or row.date,
            published_precision=self.published_precision.get(str(row.source), "day"),
            speaker=_s(row.speaker),
            via=_s(row.via),
            url=_s(row.url),
            party=row.party,
            issue=row.issue,
            date=row.date,
            precision=self.precision.get((version, row.party, row.issue, row.date), "day"),
            kind=_s(row.kind),
            affiliation=getattr(source, "affiliation", None),
            basis=stance.basis,
            confidence=stance.confidence,
            stance_note=stance_note,
            evidence_note=evidence.note,
            source_note=source_note,
        )

    def _stance_rows(
        self, version: str, party: str, issue: str, date: dt.date, status: str | None
    ) -> list[Any]:
        """One stance's evidence rows: those under its status, else those of any."""
        key = (version, party, issue, date)
        return self._rows.get((*key, status)) or self._rows.get((*key, None), [])

    def cited(
        self,
        party: str,
        issue: str,
        date: dt.date | None,
        status: str | None = None,
        version: str = "new",
    ) -> list[Source | None]:
        """The sources a stance's evidence cites (None: unknown), read from its
        evidence rows as :meth:`notes` reads them (no footnote is numbered)."""
        if date is None:
            return []
        rows = self._stance_rows(version, party, issue, date, status)
        sources = self._datasets[version].sources
        return [sources.get(r.source) for r in rows]

    def outlets(self, numbers: Sequence[int]) -> tuple[str, ...]:
        """The outlets behind footnotes ``numbers``, each named once, in order."""
        return tuple(dict.fromkeys(self.citations[n - 1].outlet_text for n in numbers))


def _selected(registry: Iterable[str], chosen: Sequence[str] | None) -> list[str]:
    if chosen is None:
        return list(registry)
    wanted = set(chosen)
    return [i for i in registry if i in wanted]




def _focus(
    ds: Dataset, chosen: Sequence[str] | None, party_ids: list[str], negotiators: list[str]
) -> list[str]:
    """The parties the report leads with: ``chosen``, else the settings'
    ``focus:``, else the two negotiators (non-plan parties) with the most
    stances (ties in registry order; plans only when they are counted and
    fewer than two other parties hold stances); only parties in the selection."""
    wanted = chosen or ds.settings.focus
    if wanted:
        return [p for p in wanted if p in party_ids]
    frame = ds.stances_frame
    counts = frame["party"].value_counts().to_dict() if len(frame) else {}
    ranked = sorted(
        (p for p in negotiators if counts.get(p)),
        key=lambda p: (ds.parties[p].kind == "plan", -counts[p]),
    )
    return ranked[:2]


def _issue_order(
    ds: Dataset, issue_ids: list[str], gaps: pd.DataFrame, focus: list[str]
) -> list[str]:
    """Issues by importance: the settings' ``issue-order:`` first, then by
    salience (high, medium, low, unset), then by the gap between the focus
    parties, then by the largest gap between any two, then registry order."""
    listed = {i: n for n, i in enumerate(ds.settings.issue_order)}
    focus_gap: dict[Hashable, float] = {}
    any_gap: dict[Hashable, float] = {}
    if len(gaps):
        norm = gaps["gap_norm"].to_numpy(dtype=float)
        any_gap = pd.Series(norm).groupby(gaps["issue"].to_numpy()).max().to_dict()
        if len(focus) >= 2:
            both = gaps["party_a"].isin(focus).to_numpy() & gaps["party_b"].isin(focus).to_numpy()
            if both.any():
                sub = pd.Series(norm[both]).groupby(gaps["issue"].to_numpy()[both]).max()
                focus_gap = sub.to_dict()
    registry = {i: n for n, i in enumerate(issue_ids)}

    def key(i: str) -> tuple:
        salience = getattr(ds.issues[i], "salience", None)
        return (
            listed.get(i, len(listed)),
            # the model's salience ranking (higher is more important; unset 0),
            # as a sort key: high 0 .. unset 3
            SALIENCE_RANK["high"] - SALIENCE_RANK.get(salience or "", 0),
            -focus_gap.get(i, -1.0),
            -any_gap.get(i, -1.0),
            registry[i],
        )

    return sorted(issue_ids, key=key)


class _Inputs:
    """What every section builder reads: the dataset, the selection, the
    stances in force, and the footnotes (numbered in the order sections use them)."""

    def __init__(
        self,
        ds: Dataset,
        as_of: dt.date | None,
        since: dt.date | Dataset | None,
        parties: Sequence[str] | None,
        issues: Sequence[str] | None,
        focus: Sequence[str] | None,
        plans: bool,
        all_pairs: bool,
        filters: dict[str, Any],
        full: bool = True,
    ) -> None:
        from ..analysis._quality import Quality

        self.ds = ds
        self.all_pairs = all_pairs
        #: True once the gaps left out a pair with no focus party.
        self.pairs_cut = False
        #: The evidence filters, as keyword arguments of the analysis API.
        self.filters: dict[str, Any] = filters
        self.quality = Quality.of(**filters)
        self.as_of = as_of
        self.since = since
        self.parties_named = parties is not None
        self.party_ids = _selected(ds.parties, parties)
        self.issue_ids = _selected(ds.issues, issues)
        self.old_ds = since if since is not None and not isinstance(since, dt.date) else None
        versions = [("new", ds)]
        if self.old_ds is not None:
            versions.append(("old", self.old_ds))
        self.cites = _Citations(*versions)
        self.cites.precision.update(_precisions("new", ds))
        if self.old_ds is not None:
            self.cites.precision.update(_precisions("old", self.old_ds))
        snap = ds.snapshot(as_of=as_of, parties=self.party_ids, issues=self.issue_ids)
        #: (party, issue) -> the snapshot row of the stance in force.
        self.in_force: dict[tuple[str, str], _CellRow] = {
            (row.party, row.issue): row._replace(date=_date(row.date))
            for row in _rows(snap, _CellRow)
        }
        if self.quality.active:  # as the analysis API does: the stance in force must pass
            kept = {
                (x.party, x.issue, x.date, x.status)
                for x in ds.stances
                if self.quality.keeps(x, ds.sources)
            }
            self.in_force = {
                k: row for k, row in self.in_force.items()
                if (row.party, row.issue, row.date, row.status) in kept
            }
        self._words: dict[tuple[str, float], str] = {}
        self._weak: dict[tuple[str, str], tuple[str, ...]] = {}
        #: Plans (drafts, frameworks) are documents, not negotiators: the gap
        #: tables and zones leave them out unless named or asked for.
        self.plans = plans or self.parties_named
        held = {p for p, _ in self.in_force}
        if not any(ds.parties[p].kind != "plan" for p in held):
            self.plans = True  # a dataset of plans alone: compare them as parties
        self.negotiators = [
            p for p in self.party_ids if self.plans or ds.parties[p].kind != "plan"
        ]
        self.focus = _focus(ds, focus, self.party_ids, self.negotiators)
        # parties: the focus first, then the others in registry order
        self.party_ids = [*self.focus, *(p for p in self.party_ids if p not in self.focus)]
        self.party_rank = {p: n for n, p in enumerate(self.party_ids)}
        self.gaps_frame = ds.gaps(
            as_of=as_of, parties=self.negotiators, issues=self.issue_ids, **filters
        )
        self.issue_ids = _issue_order(ds, self.issue_ids, self.gaps_frame, self.focus)
        self.issue_rank = {i: n for n, i in enumerate(self.issue_ids)}
        self.full = full
        #: The issues the tables show: all with ``full``, else the most important.
        held = {i for _, i in self.in_force}
        with_stance = [i for i in self.issue_ids if i in held]
        self.shown_issues = with_stance if full else with_stance[:MAX_ISSUES]
        #: (what, shown, total) for every section cut short.
        self.left_out: list[tuple[str, int, int]] = []
        if len(self.shown_issues) < len(with_stance):
            self.left_out.append(("issues", len(self.shown_issues), len(with_stance)))

    def stance_notes(self, party: str, issue: str) -> tuple[int, ...]:
        """Footnotes behind the stance in force of ``party`` on ``issue``."""
        hit = self.in_force.get((party, issue))
        return self.cites.notes(party, issue, hit.date, hit.status) if hit else ()

    def strength(self, party: str, issue: str) -> tuple[int, int, int]:
        """How weak the evidence for a stance in force is, as a sort key (lower
        is stronger): the number of reasons it is weak, then confidence, then basis."""
        hit = self.in_force.get((party, issue))
        if hit is None:
            return (9, 9, 9)
        return (
            len(self.weak(party, issue)),
            # the analysis's rankings (higher is stronger), turned to sort keys
            RANK["high"] - RANK.get(_s(hit.confidence) or "high", RANK["high"]),
            BASIS_RANK["stated"] - BASIS_RANK.get(_s(hit.basis) or "stated", BASIS_RANK["stated"]),
        )

    def weak(self, party: str, issue: str) -> tuple[str, ...]:
        """Why the evidence for the stance in force of ``party`` on ``issue`` is weak."""
        known = self._weak.get((party, issue))
        if known is not None:
            return known
        hit = self.in_force.get((party, issue))
        if hit is None:
            return ()
        out = self._weak[(party, issue)] = weak_reasons(
            _s(hit.confidence), _s(hit.basis),
            self.cites.cited(party, issue, hit.date, hit.status),
        )
        return out

    def gap_text(self, issue: str, gap: float) -> str:
        """A gap in ``issue``'s units, in words (worked out once per value)."""
        text = self._words.get((issue, gap))
        if text is None:
            text = self._words[(issue, gap)] = gap_words(self.ds.issues[issue].scale, gap)
        return text


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
    focus: Sequence[str] | None = None,
    plans: bool = False,
    all_pairs: bool = False,
    min_confidence: str | None = None,
    exclude_kinds: Sequence[str] | None = None,
    basis: Sequence[str] | None = None,
    full: bool = False,
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

    ``focus`` names the parties the report leads with (default: the settings'
    ``focus:``, else the two non-plan parties with the most stances): they
    come first in the tables, and their pairs first among the gaps.  Issues
    are ordered by importance (the settings' ``issue-order:``, then issue
    salience, then the gap between the focus parties).  ``plans=True`` keeps
    the plans (parties of kind ``plan``) in the gap tables and zones; by
    default they are compared as plans in a section of their own, unless
    named in ``parties``.  The gaps and the timelines hold the pairs with a
    focus party; ``all_pairs=True`` holds every pair.  ``min_confidence``,
    ``exclude_kinds`` and ``basis`` are the evidence filters of the analysis
    API (docs/api.md): every section holds only stances that pass them.
    Without ``full``, a large dataset's tables are cut to the most important
    rows (:data:`MAX_ISSUES` issues, :data:`MAX_GAPS` gaps, :data:`MAX_CHARTS`
    timeline charts) and the report says so; ``full=True`` keeps every row.

    Each section has its own builder below; they share :class:`_Inputs`.
    """
    filters = {"min_confidence": min_confidence, "exclude_kinds": exclude_kinds, "basis": basis}
    inp = _Inputs(ds, as_of, since, parties, issues, focus, plans, all_pairs, filters, full)
    if inp.quality.active:  # the timelines too: the history of the stances that pass
        ds = attrs.evolve(
            ds, stances=[x for x in ds.stances if inp.quality.keeps(x, ds.sources)]
        )
    matrix = _matrix(inp)
    gaps = _gaps(inp)
    zones, plans_left_out = _zones(inp)
    changes = _changes(inp) if since is not None else []
    changes, first_records = _news(inp, changes)
    lede = _lede(inp, gaps, changes)
    plan_infos = _plans(inp)
    latest = {(g.issue, g.party_a, g.party_b): g.normalised for g in gaps}
    lines = (
        # a question about the talks has no gap to draw over time
        _timelines(ds, as_of, inp.party_ids,
                   [i for i in inp.shown_issues if not _is_context(ds, i)], latest,
                   series_per_issue,
                   None if all_pairs or not inp.focus else set(inp.focus))
        if timelines
        else []
    )
    charted = list(dict.fromkeys(t.issue for t in lines))
    if not full and len(charted) > MAX_CHARTS:
        inp.left_out.append(("charts", MAX_CHARTS, len(charted)))
        keep = set(sorted(charted, key=inp.issue_rank.__getitem__)[:MAX_CHARTS])
        lines = [t for t in lines if t.issue in keep]

    # Name every party and issue the report mentions (a withdrawn stance's too).
    named_parties = {c.party for c in matrix} | {c.party for c in changes}
    named_parties |= {d.other for c in changes for d in c.directions}
    named_parties |= {f.party for f in first_records}
    named_parties |= {q for p in plan_infos for q in (p.plan, *p.endorsed_by, p.derived_from) if q}
    named_issues = {c.issue for c in matrix} | {c.issue for c in changes}
    named_issues |= {r.issue for f in first_records for r in f.records}
    named_issues |= {g.issue for g in gaps} | {z.issue for z in zones} | {t.issue for t in lines}
    named_parties |= {p for g in gaps for p in (g.party_a, g.party_b)}
    named_parties |= {p for z in zones for p in z.parties}
    named_parties |= {p for t in lines for p in (t.party_a, t.party_b)}
    named_issues |= {c.issue for p in plan_infos for c in p.clauses}
    focus = set(inp.focus)
    return _in_reading_order(Report(
        title=ds.settings.title,
        description=ds.settings.description,
        label=label or ds.label or (str(ds.root) if ds.root else "in memory"),
        as_of=as_of,
        latest=max((c.date for c in matrix), default=None),
        since=_since_label(since),
        parties=_party_infos(ds, [p for p in inp.party_ids if p in named_parties | focus]),
        issues=_issue_infos(ds, [i for i in inp.issue_ids if i in named_issues]),
        bands=ds.settings.bands,
        matrix=matrix,
        gaps=gaps,
        zones=zones,
        changes=changes,
        timelines=lines,
        citations=inp.cites.citations,
        plans_left_out=plans_left_out,
        first_records=first_records,
        focus=inp.focus,
        lede=lede,
        plans_counted=inp.plans,
        plans=plan_infos,
        all_pairs=not inp.pairs_cut,
        filters=_filters_text(inp.quality),
        left_out=inp.left_out,
    ))


def _claims_weak(inp: _Inputs, party: Any) -> tuple[str, ...]:
    """Why a plan's structural claims (who endorses it, what it revises) rest
    on weak evidence, in the words the stances use."""
    sources = inp.ds.sources
    out = []
    for c in getattr(party, "claims", ()):
        why = [] if c.evidence else ["no evidence cited"]
        why += weak_reasons(c.confidence, c.basis, [sources.get(e.source) for e in c.evidence])
        if why:
            verb = "endorsed by" if c.relation == "endorsed-by" else "revising"
            who = inp.ds.parties[c.party].name if c.party in inp.ds.parties else c.party
            out.append(f"{verb} {who}: {', '.join(why)}")
    return tuple(out)


def _plans(inp: _Inputs) -> list[PlanInfo]:
    """Each plan with stances in force, compared as a plan: clause by clause
    against the plan it was derived from (kept, changed, dropped, added)."""
    ds = inp.ds
    out = []
    for plan in _used_parties(inp):
        party = ds.parties[plan]
        if party.kind != "plan":
            continue
        parent = party.derived_from
        # compared only with an earlier plan in the selection
        compare = parent if parent in inp.party_rank else None
        clauses = []
        for issue in inp.shown_issues:
            new = inp.in_force.get((plan, issue))
            old = inp.in_force.get((compare, issue)) if compare else None
            if new is None and old is None:
                continue
            if not compare:
                status = "recorded"
            elif old is None:
                status = "added"
            elif new is None:
                status = "dropped"
            else:
                status = "kept" if _s(old.prefer_text) == _s(new.prefer_text) and _s(
                    old.accept_text) == _s(new.accept_text) else "changed"
            clauses.append(
                PlanClause(
                    issue=issue,
                    status=status,
                    old=_s(old.prefer_text) if old is not None else None,
                    new=_s(new.prefer_text) if new is not None else None,
                    old_notes=inp.stance_notes(compare, issue) if old is not None and compare
                    else (),
                    notes=inp.stance_notes(plan, issue) if new is not None else (),
                )
            )
        if compare and not any(c.status in ("kept", "changed", "dropped") for c in clauses):
            # the earlier plan has no clause on record: nothing can be said to be new
            clauses = [attrs.evolve(c, status="recorded") for c in clauses]
        order = {"changed": 0, "dropped": 1, "added": 2, "kept": 3, "recorded": 4}
        clauses.sort(key=lambda c: order[c.status])  # stable: issue order within
        out.append(PlanInfo(plan, party.endorsed_by, parent, clauses,
                            claims_weak=_claims_weak(inp, party)))
    # lineage first: a plan derived from another right after it
    return out


#: Without ``full``: the most important issues shown in the matrix, zones and
#: plans; the most gap rows; the most issues with a gap timeline.  (At 100,000
#: stances the full HTML page is tens of megabytes; these keep it readable.)
MAX_ISSUES = 100
MAX_GAPS = 500
MAX_CHARTS = 24


#: At most this many sentences on each finding of the lede.
_LEDE_GAPS = 3
_LEDE_MOVES = 3
_LEDE_ZONES = 2


def _lede(inp: _Inputs, gaps: list[GapLine], changes: list[Change]) -> list[LedeSentence]:
    """The story first: where the focus parties are furthest apart (in units),
    who really moved since the comparison point (moves, not first records),
    and where a deal could lie (zones both stated positions share).  Every
    sentence carries the footnotes behind it."""
    if len(inp.focus) < 2:
        return []
    ds = inp.ds
    a, b = inp.focus[:2]
    name = {p: ds.parties[p].name for p in inp.party_ids}
    out = _lede_gaps(inp, gaps, a, b, name)
    if inp.since is not None:
        out += _lede_moves(inp, changes, a, b, name, gaps)
    out += _lede_zones(inp, a, b, name)
    return out


def _lede_gaps(
    inp: _Inputs, gaps: list[GapLine], a: str, b: str, name: dict[str, str]
) -> list[LedeSentence]:
    ds = inp.ds
    # terms of a deal only (a question about the talks is no negotiating gap),
    # the firmest evidence first: a gap resting on an inference or an opinion
    # piece never leads while a stated one exists
    # ... and never an issue on which what both would accept meets (that is
    # common ground, said below, not a gap)
    terms = [
        g for g in gaps
        if {g.party_a, g.party_b} == {a, b} and g.normalised > 0 and not g.zones_meet
        and ds.issues[g.issue].kind != "context"
    ]
    # an opinion piece's reading is never a party's position in the story
    pair = [g for g in terms if not any("opinion only" in why for why in g.weak)]
    pair.sort(key=lambda g: (bool(g.weak), -g.normalised))
    # "furthest apart" is true of the first only if no weaker-sourced gap is larger
    firmest = bool(pair) and any(g.weak and g.normalised > pair[0].normalised for g in pair)
    # other terms as far apart as the first (whatever their evidence): said, not hidden
    ties = sum(math.isclose(g.normalised, pair[0].normalised) for g in terms) - 1 if pair else 0
    out = []
    for n, g in enumerate(pair[:_LEDE_GAPS]):
        first, second = (g.party_a, g.party_b) if g.party_a == a else (g.party_b, g.party_a)
        prefer = {g.party_a: g.prefer_a, g.party_b: g.prefer_b}
        issue = ds.issues[g.issue].name
        phrase = gap_phrase(ds.issues[g.issue].scale.type, g.gap_text)
        weak = f"; weak evidence: {'; '.join(g.weak)}" if g.weak else ""
        where = (
            ("On the best-sourced positions, " if firmest else "")
            + f"{name[a]} and {name[b]} are furthest apart{_as_far_apart(ties)} on {issue}"
            if n == 0
            else f"They are also {g.band} on {issue}"
        )
        out.append(
            LedeSentence(
                "apart",
                f"{where}: {name[first]}, {prefer[first]}; {name[second]}, "
                f"{prefer[second]} ({phrase}, {g.band}{weak}).",
                g.notes,
            )
        )
    return out


def _after_event(ds: Dataset, c: Change) -> str:
    """ " after “<the event's title>” (<its date>)" when the new stance is tied to
    an event (``event:``) dated on or before it; "" otherwise."""
    if c.new_date is None:
        return ""
    event_id = next((s.event for s in ds.stances if s.event and s.party == c.party
                     and s.issue == c.issue and s.date == c.new_date), None)
    event = ds.events.get(event_id) if event_id else None
    if event is None or event.date > c.new_date:
        return ""
    return f" after {quote_text(event.title)} ({event.date.isoformat()})"


_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _as_far_apart(ties: int) -> str:
    """ ", with two other terms as far apart" ("" with no tie at the top)."""
    if ties <= 0:
        return ""
    count = _COUNTS[ties] if ties < len(_COUNTS) else f"{ties:,}"
    return f", with {count} other term{'s' if ties > 1 else ''} as far apart,"


def _lede_moves(
    inp: _Inputs,
    changes: list[Change],
    a: str,
    b: str,
    name: dict[str, str],
    gaps: list[GapLine],
) -> list[LedeSentence]:
    """Moves by the focus parties first, then moves by others that changed
    their gap to a focus party."""
    ds = inp.ds
    focus = {a, b}
    real = [c for c in changes if c.kind in ("moved", "withdrawn", "removed") or
            (c.kind == "added" and c.word == "dropped")]
    own = [c for c in real if c.party in focus]
    others = [
        c for c in real if c.party not in focus and any(
            d.other in focus and d.gap_before is not None and d.gap_after is not None
            and d.gap_before != d.gap_after for d in c.directions
        )
    ]
    out = []
    when = f"Since {_since_label(inp.since)}"
    for c in (own + others)[:_LEDE_MOVES]:
        issue = ds.issues[c.issue].name
        if c.new is None:
            text = f"{when}, {name.get(c.party, c.party)} dropped its stance on {issue}"
            text += f" ({c.old})." if c.old else "."
        else:
            text = (f"{when}, {name.get(c.party, c.party)} moved on {issue}"
                    f"{_after_event(ds, c)}: {c.old} → {c.new} "
                    f"({c.counterparts_text or c.word})")
            # the same words as the changes section (one home: _words.direction_text)
            toward = [
                direction_text(d.direction, name.get(d.other, d.other), d.gap_before,
                               d.gap_after, d.band_after)
                for d in c.directions
                if d.other in focus and d.gap_before is not None and d.gap_after is not None
            ]
            text += f"; {'; '.join(toward)}" if toward else ""
            weak = [*c.weak, *_counterparts_weak(inp, c, name)]
            text += f" (weak evidence: {'; '.join(weak)})." if weak else "."
        out.append(LedeSentence("moved", text, tuple(dict.fromkeys(c.old_notes + c.notes))))
    if not own:
        pair = next((g for g in gaps if {g.party_a, g.party_b} == focus), None)
        notes = pair.notes if pair else ()
        if notes:
            out.insert(0, LedeSentence(
                "still",
                f"{when}, neither {name[a]} nor {name[b]} changed a recorded stance"
                + (f"; on {ds.issues[pair.issue].name} both hold what they held." if pair else "."),
                notes,
            ))
    return out


def _counterparts_weak(inp: _Inputs, c: Change, name: dict[str, str]) -> list[str]:
    """Why the stances a move is measured against rest on weak evidence
    ("Ukraine: low confidence, inferred"): the counterparts the direction word
    names, each at its stance in force on the move's date (the analysis's rule)."""
    who = c.counterparts_text or ""
    others = [d.other for d in c.directions if name.get(d.other, d.other) in who]
    if not others or c.new_date is None:
        return []
    held = inp.ds.snapshot(as_of=c.new_date, parties=list(dict.fromkeys(others)),
                           issues=[c.issue])
    out = []
    for row in _frame_rows(held):
        day = row.date.date() if isinstance(row.date, dt.datetime) else row.date
        why = weak_reasons(_s(row.confidence), _s(row.basis),
                           inp.cites.cited(row.party, c.issue, day))
        if why:
            out.append(f"{name.get(row.party, row.party)}: {', '.join(why)}")
    return out


def _lede_zones(inp: _Inputs, a: str, b: str, name: dict[str, str]) -> list[LedeSentence]:
    """Where a deal could lie: issues on which what both focus parties would
    accept overlaps (both holding a stance); else the smallest gap to close."""
    ds = inp.ds
    frame = ds.overlaps(parties=[a, b], as_of=inp.as_of, issues=inp.issue_ids, **inp.filters)
    # two-sided rows only: an issue on which one of them holds no stance is no common ground
    rows = [
        z for z in _frame_rows(frame)
        if len(_ids(z.parties)) >= 2 and z.status in ("zone", "no-zone")
    ]
    rows.sort(key=lambda z: inp.issue_rank[z.issue])
    out = []
    for z in [z for z in rows if not bool(z.empty)][:_LEDE_ZONES]:
        issue = ds.issues[z.issue].name
        assumed = _ids(z.assumed)
        text = (f"Common ground for {name[a]} and {name[b]} on {issue}: both would "
                f"accept {_s(z.zone_text)}")
        if assumed:
            who = " and ".join(name[p] for p in assumed)
            text += (f" (assuming {who} would accept only {'its' if len(assumed) == 1 else 'their'}"
                     " preferred point: no acceptable range is on record)")
        notes = inp.stance_notes(a, z.issue) + inp.stance_notes(b, z.issue)
        out.append(LedeSentence("zone", text + ".", notes))
    if not out:
        empty = sorted((z for z in rows if bool(z.empty)),
                       key=lambda z: (float(z.concession_norm), inp.issue_rank[z.issue]))
        if empty:
            z = empty[0]
            scale = ds.issues[z.issue].scale
            # the footnotes of the most important issues without a zone
            first = sorted(empty, key=lambda e: inp.issue_rank[e.issue])[:3]
            notes = tuple(n for e in first for p in (a, b) for n in inp.stance_notes(p, e.issue))
            text = _no_zone_text(inp, empty, name[a], name[b])
            # name the nearest only when the pair is close on it: "the smallest
            # gap" of an issue they are far apart on reads as a small one
            close = inp.ds.settings.bands[1][0] if len(inp.ds.settings.bands) > 1 else None
            if str(z.band) == close:
                concession = f"a concession of {gap_words(scale, float(z.concession))}"
                text += (f"; {concession} would open one ({z.band})" if len(empty) == 1
                         else f"; the nearest is {ds.issues[z.issue].name}, {concession} "
                              f"({z.band})")
                notes = inp.stance_notes(a, z.issue) + inp.stance_notes(b, z.issue)
            out.append(LedeSentence("no-zone", text + ".", tuple(dict.fromkeys(notes))))
    return out


#: At most this many issues named in a clause of the lede.
_LEDE_NAMED = 3


def _named(names: list[str]) -> str:
    """Up to :data:`_LEDE_NAMED` items, "; "-joined, then "and N more"."""
    more = len(names) - _LEDE_NAMED
    return "; ".join(names[:_LEDE_NAMED]) + (f"; and {more} more" if more > 0 else "")


def _no_zone_text(inp: _Inputs, empty: list[Any], a: str, b: str) -> str:
    """ "On none of the 3 terms ... overlap", saying on which of them what a side
    would accept is only assumed from its preferred position (the overlaps'
    ``assumed``) and which rest on weak evidence (the analysis's weak reasons)."""
    ds = inp.ds
    rows = sorted(empty, key=lambda z: inp.issue_rank[z.issue])
    n = len(rows)
    if n == 1:
        text = (f"On the one term of a deal that both address, "
                f"{ds.issues[rows[0].issue].name}, the positions {a} and {b} would "
                f"accept do not overlap")
    else:
        text = (f"On none of the {n} terms of a deal that both address do the positions "
                f"{a} and {b} would accept overlap")
    party_name = {p: ds.parties[p].name for p in ds.parties}
    assumed = []
    for z in rows:
        who = _ids(z.assumed)
        if who:
            parties = "both sides" if len(who) > 1 else party_name[who[0]]
            assumed.append(f"{ds.issues[z.issue].name}: {parties}")
    if assumed and n == 1:
        who = _ids(rows[0].assumed)
        text += (f"; what {'both' if len(who) > 1 else party_name[who[0]]} would accept "
                 f"is not stated, only assumed from {'their' if len(who) > 1 else 'its'} "
                 f"preferred position{'s' if len(who) > 1 else ''}")
    elif assumed:
        where = "on all of them" if len(assumed) == n else f"on {len(assumed)} of them"
        text += (f"; {where} what a side would accept is not stated, only assumed from "
                 f"its preferred position ({_named(assumed)})")
    weak = []
    for z in rows:
        why = _pair_weak(inp, z.issue, *_ids(z.parties)[:2])
        if why:
            weak.append(f"{ds.issues[z.issue].name}: {', '.join(why)}" if n > 1
                        else ", ".join(why))
    if weak:
        text += f" (weak evidence: {_named(weak)})"
    return text


def _in_reading_order(rep: Report) -> Report:
    """``rep`` with its footnotes numbered in the order a reader meets them
    (the lede first, then the tables section by section), not in the order
    the builders happened to cite them."""
    order: dict[int, int] = {}

    def see(numbers: Iterable[int]) -> None:
        for n in numbers:
            if n not in order:
                order[n] = len(order) + 1

    for s in rep.lede:
        see(s.notes)
    for c in rep.matrix:
        see(c.notes)
    for g in rep.gaps:
        see(g.notes)
    for z in rep.zones:
        see(z.notes)
    for p in rep.plans:
        for c in p.clauses:
            see(c.old_notes + c.notes)
    for c in rep.changes:
        see(c.old_notes + c.notes)
    for f in rep.first_records:
        for x in f.records:
            see(x.notes)
    see(c.number for c in rep.citations)
    if all(k == v for k, v in order.items()):
        return rep

    def new(numbers: Iterable[int]) -> tuple[int, ...]:
        return tuple(order[n] for n in numbers)

    ev = attrs.evolve
    return ev(
        rep,
        lede=[ev(s, notes=new(s.notes)) for s in rep.lede],
        matrix=[ev(c, notes=new(c.notes)) for c in rep.matrix],
        gaps=[ev(g, notes_a=new(g.notes_a), notes_b=new(g.notes_b)) for g in rep.gaps],
        zones=[ev(z, notes=new(z.notes)) for z in rep.zones],
        plans=[
            ev(p, clauses=[ev(c, notes=new(c.notes), old_notes=new(c.old_notes))
                           for c in p.clauses])
            for p in rep.plans
        ],
        changes=[ev(c, notes=new(c.notes), old_notes=new(c.old_notes)) for c in rep.changes],
        first_records=[
            ev(f, records=[ev(x, notes=new(x.notes)) for x in f.records])
            for f in rep.first_records
        ],
        citations=_notes_first(sorted((ev(c, number=order[c.number]) for c in rep.citations),
                                      key=lambda c: c.number)),
    )


def _notes_first(citations: list[Citation]) -> list[Citation]:
    """The editor's note on a stance or a source moved to its first footnote
    (each is printed once)."""
    stance_notes: dict[tuple, str] = {}
    source_notes: dict[str, str] = {}
    for c in citations:
        if c.stance_note:
            stance_notes[(c.party, c.issue, c.date)] = c.stance_note
        if c.source_note:
            source_notes[c.source] = c.source_note
    out = []
    for c in citations:
        out.append(attrs.evolve(
            c,
            stance_note=stance_notes.pop((c.party, c.issue, c.date), None),
            source_note=source_notes.pop(c.source, None),
        ))
    return out


def _filters_text(quality: Any) -> str | None:
    """The evidence filters in words, for the report's header (None: no filter)."""
    parts = []
    if quality.min_confidence:
        parts.append(f"confidence at least {quality.min_confidence}")
    if quality.basis:
        parts.append(f"basis {' or '.join(quality.basis)}")
    if quality.exclude_kinds:
        words = " or ".join(k.replace("-", " ") for k in quality.exclude_kinds)
        parts.append(f"not resting only on {words} sources")
    return "Only stances with " + "; ".join(parts) + "." if parts else None


def _party_infos(ds: Dataset, ids: Iterable[str]) -> list[PartyInfo]:
    return [PartyInfo(p, ds.parties[p].name, ds.parties[p].kind) for p in ids]


def _issue_infos(ds: Dataset, ids: Iterable[str]) -> list[IssueInfo]:
    out = []
    for i in ids:
        issue = ds.issues[i]
        out.append(
            IssueInfo(
                i, issue.name, issue.question, issue.scale.type, issue.scale.unit or "",
                issue.group,
            )
        )
    return out


def _used_parties(inp: _Inputs) -> list[str]:
    """The selected parties with a stance in force, in registry order."""
    held = {p for p, _ in inp.in_force}
    return [p for p in inp.party_ids if p in held]


def _matrix(inp: _Inputs) -> list[Cell]:
    """The stance matrix: issues and parties in registry order (footnotes
    numbered in reading order)."""
    used = _used_parties(inp)
    matrix = []
    for issue in inp.shown_issues:
        for party in used:
            row = inp.in_force.get((party, issue))
            if row is None:
                continue
            notes = inp.cites.notes(party, issue, row.date, row.status)
            matrix.append(
                Cell(
                    party=party,
                    issue=issue,
                    prefer=_s(row.prefer_text) or "",
                    date=row.date,
                    accept=_s(row.accept_text),
                    move=_s(row.move),
                    basis=_s(row.basis) or "stated",
                    confidence=_s(row.confidence) or "high",
                    notes=notes,
                    precision=_s(row.precision) or "day",
                    outlets=inp.cites.outlets(notes),
                    weak=inp.weak(party, issue),
                )
            )
    return matrix


def _gaps(inp: _Inputs) -> list[GapLine]:
    """Every pair's gap on every issue, largest first."""
    issue_rank, party_rank = inp.issue_rank, inp.party_rank
    focus = set(inp.focus)

    def key(g: _GapRow) -> tuple:
        # the focus pair first, then pairs with one focus party, then the rest;
        # largest first; then the more important issue; then the stronger
        # evidence (the weaker side's first, then the other's), then registry order
        a, b = (g.party_a, g.party_b) if party_rank[g.party_a] < party_rank[g.party_b] else (
            g.party_b, g.party_a)
        return (
            -((g.party_a in focus) + (g.party_b in focus)),
            -g.gap_norm,
            issue_rank[g.issue],
            sorted((inp.strength(g.party_a, g.issue), inp.strength(g.party_b, g.issue)),
                   reverse=True),
            party_rank[a],
            party_rank[b],
        )

    rows = list(_rows(inp.gaps_frame, _GapRow))
    if not inp.all_pairs and focus:
        every = len(rows)
        rows = [g for g in rows if g.party_a in focus or g.party_b in focus]
        inp.pairs_cut = len(rows) < every
    rows = sorted(rows, key=key)
    if not inp.full and len(rows) > MAX_GAPS:
        # the focus pair's own gaps are never cut: the lede reads them
        pair = set(inp.focus[:2])
        keep = sum({g.party_a, g.party_b} == pair for g in rows)
        if len(rows) > max(MAX_GAPS, keep):
            shown = max(MAX_GAPS, keep)
            inp.left_out.append(("gaps", shown, len(rows)))
            rows = rows[:shown]
    return [
        GapLine(
            issue=g.issue,
            party_a=g.party_a,
            party_b=g.party_b,
            prefer_a=_s(g.text_a) or "",
            prefer_b=_s(g.text_b) or "",
            gap=float(g.gap),
            gap_text=_band_word(inp, g) if _is_context(inp.ds, g.issue)
            else inp.gap_text(g.issue, float(g.gap)),
            normalised=float(g.gap_norm),
            band=_band_word(inp, g),
            basis=_norm_basis_text(g),
            zones_meet=bool(g.zones_meet),
            notes_a=inp.stance_notes(g.party_a, g.issue),
            notes_b=inp.stance_notes(g.party_b, g.issue),
            weak=_pair_weak(inp, g.issue, g.party_a, g.party_b),
        )
        for g in rows
    ]


def _parties_weak(inp: _Inputs, issue: str, parties: Iterable[str]) -> tuple[str, ...]:
    """Why any of ``parties``' stances on ``issue`` rests on weak evidence."""
    names = inp.ds.parties
    return tuple(
        f"{names[p].name}: {', '.join(why)}" for p in parties if (why := inp.weak(p, issue))
    )


def _pair_weak(inp: _Inputs, issue: str, a: str, b: str) -> tuple[str, ...]:
    """Why either side of a gap rests on weak evidence: "Russia: opinion only"."""
    names = inp.ds.parties
    return tuple(
        f"{names[p].name}: {', '.join(why)}" for p in (a, b) if (why := inp.weak(p, issue))
    )


def _zones(inp: _Inputs) -> tuple[list[Zone], list[str]]:
    """The agreement zones, and the plans they leave out.  A plan (a draft
    treaty, a framework) is a document, not a negotiator: the zones count it
    only when the caller names it."""
    ds = inp.ds
    zone_ids = inp.negotiators
    plans_left_out = [p for p in _used_parties(inp) if p not in zone_ids]
    zones = []
    frame = ds.overlaps(
        parties=zone_ids, as_of=inp.as_of, issues=inp.shown_issues, **inp.filters
    )
    for z in _frame_rows(frame):
        who = _ids(z.parties)
        # one party alone, or a question about the talks (kind: context), is no zone
        if len(who) < 2 or z.status not in ("zone", "no-zone"):
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
                notes=tuple(n for p in who for n in inp.stance_notes(p, z.issue)),
                movers_assumed=_ids(z.movers_assumed),
                weak=_parties_weak(inp, z.issue, who),
            )
        )
    zones.sort(key=lambda z: (z.exists, -z.concession_norm, inp.issue_rank[z.issue]))
    return zones, plans_left_out


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


def _since_label(since: dt.date | Dataset | None) -> str | None:
    if since is None:
        return None
    if isinstance(since, dt.date):
        return since.isoformat()
    return since.label or "the other version"


def _changes(inp: _Inputs) -> list[Change]:
    """What changed since ``inp.since``: one :class:`Change` per changed stance."""
    ds, since, old_ds, as_of, cites = inp.ds, inp.since, inp.old_ds, inp.as_of, inp.cites
    party_ids, issue_ids = inp.party_ids, inp.issue_ids
    if since is None:  # (nothing to compare with)
        return []
    compared = ds.compare(since if old_ds is None else old_ds, as_of, **inp.filters)
    frame, dirs = compared.changes, compared.directions
    before_version = "new" if old_ds is None else "old"
    wanted_p, wanted_i = set(party_ids), set(issue_ids)
    # A move is measured against negotiators: plans only when named or asked for.
    counterparts = set(inp.negotiators)
    by_change: dict[int, list[Direction]] = {}
    for d in _frame_rows(dirs):
        if d.other not in counterparts:
            continue
        band_after = _s(d.band_after)
        after = _float(d.gap_after)
        if _is_context(ds, d.issue):
            # no band word on a question about the talks (direction_text words it)
            band_after = context_word(after if after is not None else 1.0)
        by_change.setdefault(int(d.change), []).append(
            Direction(
                other=d.other,
                direction=str(d.direction),
                gap_before=_float(d.gap_before),
                gap_after=after,
                band_after=band_after,
            )
        )
    # One Change per changed stance: its preferred-point change (if any) heads it,
    # the other changes to the same stance become details.
    groups: dict[tuple, list] = {}
    for c in _frame_rows(frame):
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
        weak = _change_weak(inp, head, party, issue, ((before_version, before), ("new", after)))
        if weak:
            # shown with the change in every format, as the matrix and gaps show it
            details.append(f"weak evidence: {'; '.join(weak)}")
        word = _s(head.word) or _LABELS.get(kind, kind.replace("-", " "))
        word_text = _s(getattr(head, "word_text", None))
        if kind == "moved" and _is_context(ds, issue):
            # no "toward"/"away" on a question about the talks: whose answer it now matches
            word = CONTEXT_MOVE
            word_text = _context_counterparts(inp, word_text, directions)
        out.append(
            Change(
                party=party,
                issue=issue,
                kind=kind,
                word=word,
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
                word_text=word_text,
                weak=weak,
            )
        )
    return out


def _context_counterparts(
    inp: _Inputs, word_text: str | None, directions: list[Direction]
) -> str | None:
    """A changed answer to a question about the talks against the counterparts
    (:func:`~._words.context_counterparts`), for :attr:`Change.word_text`."""
    rank, names = inp.party_rank, inp.ds.parties
    shown = sorted((d for d in directions if d.gap_after is not None),
                   key=lambda d: rank.get(d.other, 0))
    move = word_text.split("; ", 1)[0] if word_text else None
    return context_counterparts(
        move,
        [names[d.other].name for d in shown if d.gap_after == 0],
        [names[d.other].name for d in shown if d.gap_after != 0],
    )


def _change_weak(
    inp: _Inputs,
    head: Any,
    party: str,
    issue: str,
    ends: tuple[tuple[str, dt.date | None], tuple[str, dt.date | None]],
) -> tuple[str, ...]:
    """Why either end of a change rests on weak evidence ("before: inferred"):
    the analysis's rule on each end's confidence, basis and cited sources
    (``ends``: the version and date of the stance before and after)."""
    out = []
    for side, suffix, (version, date) in zip(("before", "now"), ("before", "after"), ends,
                                             strict=True):
        why = weak_reasons(
            _s(getattr(head, f"confidence_{suffix}", None)),
            _s(getattr(head, f"basis_{suffix}", None)),
            inp.cites.cited(party, issue, date, version=version),
        )
        if why:
            out.append(f"{side}: {', '.join(why)}")
    return tuple(out)


#: Order of the changes as news: moves of the preferred point first, then
#: withdrawals, then changes to what a party would accept, then the rest.
_NEWS_ORDER = {"moved": 0, "withdrawn": 1, "removed": 1}


def _news(inp: _Inputs, changes: list[Change]) -> tuple[list[Change], list[FirstRecords]]:
    """The changes as news: real moves first (each against its counterparts),
    and the stances merely first recorded collapsed into one entry per party."""
    firsts: dict[str, list[FirstRecord]] = {}
    kept = []
    for c in changes:
        if c.kind == "added" and c.word in ("new", "recorded"):
            firsts.setdefault(c.party, []).append(
                FirstRecord(c.issue, c.new_date, c.new_precision, c.notes)
            )
        else:
            # its direction against the focus parties first, then the others
            kept.append(attrs.evolve(c, directions=sorted(
                c.directions,
                key=lambda d: (d.other not in inp.focus, inp.party_rank.get(d.other, 0)),
            )))
    rank = inp.party_rank
    kept.sort(key=lambda c: (_NEWS_ORDER.get(c.kind, 2 if c.kind.startswith("accept") else 3),
                             inp.issue_rank.get(c.issue, 0), rank.get(c.party, 0)))
    records = [FirstRecords(p, firsts[p]) for p in sorted(firsts, key=lambda p: rank.get(p, 0))]
    return kept, records


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


def _timelines(
    ds: Dataset,
    as_of: dt.date | None,
    party_ids: Sequence[str],
    issue_ids: Sequence[str],
    latest: dict[tuple[str, str, str], float],
    limit: int | None,
    focus: set[str] | None = None,
) -> list[Timeline]:
    """The gap over time for the pairs whose gap changed (a line that never
    moves says nothing a gap table does not): per issue, the ``limit`` pairs
    with the largest current gap (``latest``: (issue, a, b) -> normalised gap);
    only pairs with a party in ``focus`` when given."""
    from ..analysis.timeline import timeline_steps

    # every pair's timeline as arrays: rows are chosen before any text is built
    steps = timeline_steps(ds)
    wanted_i, wanted_p = set(issue_ids), set(party_ids)
    pair_ok = np.array(
        [
            i in wanted_i and a in wanted_p and b in wanted_p
            and (focus is None or a in focus or b in focus)
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
        chosen: list[int] = []
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
