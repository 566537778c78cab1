"""The report model: everything a renderer shows, worked out once.

Built by :func:`peacetracker.report.build_report` from the analysis API;
renderers (terminal, Markdown, HTML, JSON) only lay it out.  Every figure
carries the numbers of the citations (footnotes) behind it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from attrs import field, frozen

from ..analysis._quality import WEAK_REASONS
from ._words import CONTEXT_WORDS, basis_text, date_text, kind_text

__all__ = [
    "WEAK_REASONS",
    "Cell",
    "Change",
    "Citation",
    "Direction",
    "FirstRecord",
    "FirstRecords",
    "GapLine",
    "IssueInfo",
    "LedeSentence",
    "PartyInfo",
    "PlanClause",
    "PlanInfo",
    "Report",
    "Timeline",
    "TimelinePoint",
    "Zone",
]




def _tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(value) if value is not None else ()


@frozen
class PartyInfo:
    """A party as the report names it."""

    id: str
    name: str
    kind: str


@frozen
class IssueInfo:
    """An issue as the report names it."""

    id: str
    name: str
    question: str
    scale: str
    #: Unit gaps are given in ("personnel", "steps", "options", "answers", "elements").
    unit: str
    group: str | None = None


@frozen
class Citation:
    """One footnote: a verbatim quote, who said it, and where and when it was published."""

    number: int
    quote: str
    source: str
    outlet: str
    title: str
    published: dt.date
    speaker: str | None = None
    via: str | None = None
    url: str | None = None
    #: What the quote supports: party id, issue id and the stance's date.
    party: str = ""
    issue: str = ""
    date: dt.date | None = None
    #: How precise the stance's date is: "day", "month" or "before".
    precision: str = "day"
    #: How precise the publication date is: "day", "month" or "before".
    published_precision: str = "day"
    #: What kind of text the source is ("article", "opinion", "statement", "draft"...).
    kind: str | None = None
    #: Who owns the outlet, where the sources registry says ("state-media", "independent"...).
    affiliation: str | None = None
    #: How the stance rests on its sources, and how sure the editor is.
    basis: str = "stated"
    confidence: str = "high"
    #: The editor's notes: on the stance, on this piece of evidence, on the source.
    stance_note: str | None = None
    evidence_note: str | None = None
    source_note: str | None = None

    @property
    def date_text(self) -> str | None:
        """The stance's date in words ("before 2026-01-06", "Dec 2025")."""
        return date_text(self.date, self.precision) if self.date else None

    @property
    def published_text(self) -> str:
        """The publication date as precisely as known ("Jan 2026", "before 2026-01-14")."""
        return date_text(self.published, self.published_precision)

    @property
    def outlet_text(self) -> str:
        """The outlet with what kind of text it is and who owns it, where known:
        "RT, opinion piece, state media"."""
        return outlet_text(self.outlet, self.kind, self.affiliation)

    @property
    def source_words(self) -> tuple[str, ...]:
        """The kind of text and the outlet's owner in words, where known:
        ("opinion piece", "state media")."""
        return source_words(self.kind, self.affiliation)

    @property
    def quality_text(self) -> str:
        """Basis and confidence in words: "reported by others, medium confidence"."""
        return f"{basis_text(self.basis)}, {self.confidence} confidence"

    @property
    def note_texts(self) -> tuple[str, ...]:
        """The editor's notes, labelled by what they are about."""
        out = []
        if self.stance_note:
            out.append(f"Note on the stance: {' '.join(self.stance_note.split())}")
        if self.evidence_note:
            out.append(f"Note on the quote: {' '.join(self.evidence_note.split())}")
        if self.source_note:
            out.append(f"Note on the source: {' '.join(self.source_note.split())}")
        return tuple(out)


def outlet_text(outlet: str, kind: str | None, affiliation: str | None) -> str:
    """An outlet with its kind of text and its owner, where known:
    "RT, opinion piece, state media"."""
    return ", ".join([outlet, *source_words(kind, affiliation)])


def source_words(kind: str | None, affiliation: str | None) -> tuple[str, ...]:
    """A source's kind and its outlet's owner in words, where known."""
    words = (kind_text(kind) if kind else None, affiliation_text(affiliation))
    return tuple(x for x in words if x)


def affiliation_text(affiliation: str | None) -> str | None:
    """An affiliation in words: "state-media" -> "state media"."""
    return affiliation.replace("-", " ") if affiliation else None


@frozen
class Cell:
    """One party's current stance on one issue (a cell of the stance matrix)."""

    party: str
    issue: str
    #: The preferred point in words.
    prefer: str
    date: dt.date
    #: What the party would accept, in words; None when it stated nothing.
    accept: str | None = None
    move: str | None = None
    basis: str = "stated"
    confidence: str = "high"
    notes: tuple[int, ...] = field(converter=_tuple, default=())
    #: How precise ``date`` is: "day", "month" (only the month is known) or
    #: "before" (held at some point before ``date``).
    precision: str = "day"
    #: The outlets behind the stance, each with its kind of text and owner
    #: ("RT, opinion piece, state media").
    outlets: tuple[str, ...] = field(converter=_tuple, default=())
    #: Why the evidence is weak, if it is: "low confidence", "inferred",
    #: "opinion only", "state media only" (see :data:`WEAK_REASONS`, the analysis's rule).
    weak: tuple[str, ...] = field(converter=_tuple, default=())

    @property
    def date_text(self) -> str:
        """The date in words: "2026-01-06", "Dec 2025", "before 2026-01-06"."""
        return date_text(self.date, self.precision)

    @property
    def quality_text(self) -> str:
        """Basis and confidence in words: "reported by others, medium confidence"."""
        return f"{basis_text(self.basis)}, {self.confidence} confidence"


@frozen
class GapLine:
    """The gap between two parties on one issue."""

    issue: str
    party_a: str
    party_b: str
    prefer_a: str
    prefer_b: str
    #: The gap in the issue's units, as a number and in words ("100,000 personnel").
    gap: float
    gap_text: str
    #: The gap normalised to 0..1, and its band word ("close", "far apart").
    normalised: float
    band: str
    #: How the gap was normalised, when worth saying ("by the observed range").
    basis: str | None = None
    #: Footnotes behind each side's position.
    notes_a: tuple[int, ...] = field(converter=_tuple, default=())
    notes_b: tuple[int, ...] = field(converter=_tuple, default=())
    #: Why either side's evidence is weak ("Russia: opinion only"); empty when neither is.
    weak: tuple[str, ...] = field(converter=_tuple, default=())
    #: True when what each would accept includes a position the other accepts
    #: (never "far apart"; the lede calls it common ground, not a gap).
    zones_meet: bool = False

    @property
    def notes(self) -> tuple[int, ...]:
        return self.notes_a + self.notes_b

    @property
    def context(self) -> bool:
        """True on a question about the talks: ``band`` is "same answer" or
        "answers differ", and no figure is shown (it is no distance between
        negotiating positions)."""
        return self.band in CONTEXT_WORDS

    @property
    def normalised_text(self) -> str:
        """The normalised gap as shown: "0.50"; "–" on a question about the talks."""
        return "–" if self.context else f"{self.normalised:.2f}"


@frozen
class Zone:
    """The zone of possible agreement among the parties with a stance on one issue."""

    issue: str
    parties: tuple[str, ...] = field(converter=_tuple)
    #: True when a zone every party would accept exists.
    exists: bool
    #: The zone in words (when it exists).
    zone: str | None
    #: When none exists: the smallest concession that would open one, in units,
    #: in words and normalised, and who would have to make it.
    concession: float = 0.0
    concession_text: str | None = None
    concession_norm: float = 0.0
    movers: tuple[str, ...] = field(converter=_tuple, default=())
    #: Parties whose acceptable zone was assumed to be their preferred point.
    assumed: tuple[str, ...] = field(converter=_tuple, default=())
    notes: tuple[int, ...] = field(converter=_tuple, default=())
    #: Who would move among the parties whose zone is only assumed (their
    #: preferred point standing in for what they would accept).
    movers_assumed: tuple[str, ...] = field(converter=_tuple, default=())
    #: Why either side's evidence is weak: ("Russia: opinion only", ...).
    weak: tuple[str, ...] = field(converter=_tuple, default=())

    @property
    def who_moves(self) -> tuple[tuple[str, bool], ...]:
        """(party, zone assumed?) for every party that would have to move:
        those with a stated zone first."""
        return tuple((p, False) for p in self.movers) + tuple(
            (p, True) for p in self.movers_assumed
        )

    @property
    def weak_text(self) -> str | None:
        """ "weak evidence: Russia: opinion only" when either side's evidence is weak."""
        return f"weak evidence: {'; '.join(self.weak)}" if self.weak else None


@frozen
class Direction:
    """How a move changed the gap to one other party."""

    other: str
    #: The analysis's direction: "converging", "diverging", "level" or "new"
    #: (docs/api.md, "Directions").
    direction: str
    gap_before: float | None
    gap_after: float | None
    band_after: str | None = None


@frozen
class Change:
    """One changed stance since the comparison point."""

    party: str
    issue: str
    #: What happened ("added", "moved", "withdrawn", "widened", ...).
    kind: str
    #: The fact-checker's word of the analysis ("new", "recorded", "dropped",
    #: "unchanged", "widened", "narrowed", "toward", "away", "mixed", "reversed",
    #: "shifted"; docs/api.md), or for a change that is no move, its label
    #: ("acceptable range widened", "new evidence", ...).
    word: str
    old: str | None
    new: str | None
    old_date: dt.date | None = None
    new_date: dt.date | None = None
    directions: tuple[Direction, ...] = field(converter=_tuple, default=())
    #: The other changes to the same stance, in words ("kind of move: demand → offer").
    details: tuple[str, ...] = field(converter=_tuple, default=())
    #: Footnotes behind the new stance, and behind the old one.
    notes: tuple[int, ...] = field(converter=_tuple, default=())
    old_notes: tuple[int, ...] = field(converter=_tuple, default=())
    #: How precise each date is ("day", "month", "before").
    old_precision: str = "day"
    new_precision: str = "day"
    #: The whole move in words, counterparts named (the analysis's ``word_text``:
    #: "moved up the scale to X; toward Ukraine"); None where not given.
    word_text: str | None = None
    #: Why either end rests on weak evidence: ("before: inferred", "now: state media only").
    weak: tuple[str, ...] = field(converter=_tuple, default=())

    @property
    def old_date_text(self) -> str | None:
        return date_text(self.old_date, self.old_precision) if self.old_date else None

    @property
    def new_date_text(self) -> str | None:
        return date_text(self.new_date, self.new_precision) if self.new_date else None

    @property
    def move(self) -> str:
        """The fact-checker's word in short: "first recorded" for a stance that
        is new to the data but was held *before* its date (not news of that date)."""
        if self.word in ("new", "recorded") and self.new_precision == "before" and self.new_date:
            return "first recorded"
        return self.word

    @property
    def headline(self) -> str:
        """The fact-checker's word as a reader sees it: a stance first recorded
        as held *before* a date is not news of that date, so it says so; a move
        with its counterparts named ("toward Ukraine, United States")."""
        if self.move != self.word and self.new_date is not None:
            return f"{self.move}; held before {self.new_date.isoformat()}"
        who = self.counterparts_text
        if who:
            return who if who.startswith(self.word) else f"{self.word}: {who}"
        return self.word

    @property
    def counterparts_text(self) -> str | None:
        """Whom the move went toward or away from, by name, from the analysis's
        ``word_text`` ("toward Ukraine, United States"); None when not given."""
        if not self.word_text or "; " not in self.word_text:
            return None
        return self.word_text.split("; ", 1)[1]


def _sorted_notes(notes: Iterable[int] | None) -> tuple[int, ...]:
    return tuple(sorted(set(notes or ())))


@frozen
class LedeSentence:
    """One sentence of the report's lede: a computed finding about the focus
    parties, with the footnotes that support it."""

    #: "apart" (where the focus parties are furthest apart), "moved" (who
    #: moved), "still" (nobody moved), "zone" (where a deal could lie),
    #: "no-zone" (no stated positions overlap).
    kind: str
    text: str
    #: The footnotes behind the sentence, in number order.
    notes: tuple[int, ...] = field(converter=_sorted_notes, default=())


@frozen
class PlanClause:
    """One issue of a plan against the plan it was derived from."""

    issue: str
    #: "kept", "changed", "dropped", "added", or "recorded" (the earlier
    #: plan's clauses are not on record, so nothing can be said to have changed).
    status: str
    old: str | None = None
    new: str | None = None
    old_notes: tuple[int, ...] = field(converter=_tuple, default=())
    notes: tuple[int, ...] = field(converter=_tuple, default=())


@frozen
class PlanInfo:
    """A plan compared as a plan: who endorses it, and, when it revises an
    earlier plan (``derived-from``), what it kept, changed, dropped and added."""

    plan: str
    endorsed_by: tuple[str, ...] = field(converter=_tuple, default=())
    derived_from: str | None = None
    clauses: tuple[PlanClause, ...] = field(converter=_tuple, default=())
    #: Why a structural claim in the heading rests on weak evidence:
    #: ("endorsed by United States: inferred, low confidence", ...).
    claims_weak: tuple[str, ...] = field(converter=_tuple, default=())

    @property
    def parent_on_record(self) -> bool:
        """True when the earlier plan has clauses on record to compare with."""
        return any(c.status != "recorded" for c in self.clauses)

    @property
    def summary(self) -> str:
        """ "kept 3, changed 1, dropped 1, added 2" (statuses with no clause left out)."""
        if not self.parent_on_record:
            n = len(self.clauses)
            return f"{n} clause{'' if n == 1 else 's'} on record"
        counts = {k: sum(1 for c in self.clauses if c.status == k)
                  for k in ("kept", "changed", "dropped", "added")}
        return ", ".join(f"{k} {n}" for k, n in counts.items() if n)


@frozen
class FirstRecord:
    """One stance new to the data since the comparison point: not a move (the
    data says nothing of what the party held before), so it is listed, not told."""

    issue: str
    date: dt.date | None
    precision: str = "day"
    notes: tuple[int, ...] = field(converter=_tuple, default=())

    @property
    def date_text(self) -> str | None:
        return date_text(self.date, self.precision) if self.date else None


@frozen
class FirstRecords:
    """A party's stances first recorded since the comparison point, on one line."""

    party: str
    records: tuple[FirstRecord, ...] = field(converter=_tuple)

    @property
    def headline(self) -> str:
        """ "first recorded: 12 stances"."""
        n = len(self.records)
        return f"first recorded: {n} stance{'' if n == 1 else 's'}"


@frozen
class TimelinePoint:
    date: dt.date
    normalised: float
    gap_text: str


@frozen
class Timeline:
    """The gap between two parties on an issue at every date either moved."""

    issue: str
    party_a: str
    party_b: str
    points: tuple[TimelinePoint, ...] = field(converter=_tuple)


def _left_out(
    sections: Iterable[Iterable[Any]] | None,
) -> tuple[tuple[str, int, int], ...]:
    return tuple(tuple(x) for x in sections or ())


@frozen
class Report:
    """The position-gap report, ready to render."""

    title: str
    description: str | None
    #: Which version of the data: a directory, a git revision, a date.
    label: str
    as_of: dt.date | None
    #: The date of the newest stance shown (what "latest" means when ``as_of`` is None).
    latest: dt.date | None
    #: What "changes" compare against ("2026-01-06", "git:HEAD~3"); None for no changes section.
    since: str | None
    parties: tuple[PartyInfo, ...] = field(converter=_tuple)
    issues: tuple[IssueInfo, ...] = field(converter=_tuple)
    #: The band words: (word, upper bound of the normalised gap).
    bands: tuple[tuple[str, float], ...] = field(converter=_tuple)
    matrix: tuple[Cell, ...] = field(converter=_tuple)
    gaps: tuple[GapLine, ...] = field(converter=_tuple)
    zones: tuple[Zone, ...] = field(converter=_tuple)
    changes: tuple[Change, ...] = field(converter=_tuple)
    timelines: tuple[Timeline, ...] = field(converter=_tuple)
    citations: tuple[Citation, ...] = field(converter=_tuple)
    #: Parties of kind ``plan`` with stances that the agreement zones leave out
    #: (a draft is not a negotiator); empty when the parties were named.
    plans_left_out: tuple[str, ...] = field(converter=_tuple, default=())
    #: Stances first recorded since the comparison point, one entry per party
    #: (``changes`` holds the real changes: moves, withdrawals, ranges).
    first_records: tuple[FirstRecords, ...] = field(converter=_tuple, default=())
    #: The parties the report leads with (ids), most important first.
    focus: tuple[str, ...] = field(converter=_tuple, default=())
    #: The story first: a few computed sentences about the focus parties.
    lede: tuple[LedeSentence, ...] = field(converter=_tuple, default=())
    #: True when the plans are counted as parties in the gaps and zones
    #: (named, asked for, or no other party holds a stance).
    plans_counted: bool = False
    #: The plans with stances, compared as plans (lineage first).
    plans: tuple[PlanInfo, ...] = field(converter=_tuple, default=())
    #: True when the gaps, heatmap and timelines hold every pair; False when
    #: pairs with no focus party were left out (``--all-pairs`` shows them).
    all_pairs: bool = True
    #: The evidence filters in words ("Only stances with confidence at least
    #: medium."); None when none applies.
    filters: str | None = None
    #: Sections cut short (without ``full``): (what, shown, total), what being
    #: "issues", "gaps" or "charts".
    left_out: tuple[tuple[str, int, int], ...] = field(converter=_left_out, default=())

    def cut_text(self, what: str) -> str | None:
        """Why a section shows fewer rows than it could ("Showing the 100 most
        important of 500 issues; --full shows all."), None when it shows all."""
        for name, shown, total in self.left_out:
            if name == what:
                text = {
                    "issues": f"the {shown:,} most important of {total:,} issues",
                    "gaps": f"the first {shown:,} of {total:,} gaps",
                    "charts": f"timelines for the {shown:,} most important of {total:,} issues",
                }[what]
                return f"Showing {text}; --full shows all."
        return None

    @property
    def pairs_text(self) -> str | None:
        """Which pairs the gaps show, in words (None when every pair)."""
        if self.all_pairs:
            return None
        names = " or ".join(self.party_name(p) for p in self.focus)
        return f"Only pairs that include {names}; --all-pairs shows every pair."

    @functools.cached_property
    def plan_grid(self) -> tuple[tuple[IssueInfo, tuple[Cell | None, ...]], ...]:
        """The plans side by side: (issue, the clause of each plan in ``plans``
        or None), for issues on which at least one plan has a clause; empty
        with fewer than two plans."""
        if len(self.plans) < 2:
            return ()
        ids = [p.plan for p in self.plans]
        cells = {(c.issue, c.party): c for c in self.matrix if c.party in set(ids)}
        out = []
        for issue in self.matrix_issues:
            row = tuple(cells.get((issue.id, p)) for p in ids)
            if any(row):
                out.append((issue, row))
        return tuple(out)

    @functools.cached_property
    def matrix_parties(self) -> tuple[PartyInfo, ...]:
        """The columns of the stance matrix: parties with a stance in force."""
        held = {c.party for c in self.matrix}
        return tuple(p for p in self.parties if p.id in held)

    @functools.cached_property
    def matrix_issues(self) -> tuple[IssueInfo, ...]:
        """The rows of the stance matrix: issues with a stance in force."""
        held = {c.issue for c in self.matrix}
        return tuple(i for i in self.issues if i.id in held)

    @property
    def as_of_text(self) -> str:
        """Which stances the report shows, in words."""
        if self.as_of is not None:
            return f"Stances in force on {self.as_of.isoformat()}"
        if self.latest is not None:
            return f"Latest stances (the newest dated {self.latest.isoformat()})"
        return "Latest stances"

    @property
    def plans_text(self) -> str | None:
        """Why the zones leave out the plans, in words (None when none is left out)."""
        if self.plans_counted and self.plans and not any(
            p.kind != "plan" for p in self.matrix_parties
        ):
            ids = ",".join(p.id for p in self.matrix_parties)
            return (
                "Only plans hold stances here, so they are compared as parties in the gaps "
                f"and the agreement zones (as with --parties {ids})."
            )
        if not self.plans_left_out:
            return None
        names = ", ".join(self.party_name(p) for p in self.plans_left_out)
        return (
            f"Plans ({names}) are left out of the gaps and the agreement zones: they are "
            "drafts, not negotiators. They appear in the stance matrix and are compared "
            "as plans; name them among the parties (--parties) or add --plans to count them."
        )

    @property
    def context_words_text(self) -> str | None:
        """The words for gaps on questions about the talks, when any is shown."""
        if any(g.context for g in self.gaps):
            return ("On a question about the talks rather than a term of a deal, the words "
                    "are only same answer and answers differ: no agreement is implied.")
        return None

    @property
    def sources_text(self) -> str:
        """How much evidence is behind the report: "12 citations from 5 sources"."""
        n, m = len(self.citations), len({c.source for c in self.citations})
        return (
            f"{n} citation{'' if n == 1 else 's'} from {m} source{'' if m == 1 else 's'}"
        )

    def party_name(self, party_id: str) -> str:
        return self._party_names.get(party_id, party_id)

    def issue_name(self, issue_id: str) -> str:
        return self._issue_names.get(issue_id, issue_id)

    @functools.cached_property
    def _party_names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.parties}

    @functools.cached_property
    def _issue_names(self) -> dict[str, str]:
        return {i.id: i.name for i in self.issues}

    @functools.cached_property
    def citations_by_number(self) -> dict[int, Citation]:
        return {c.number: c for c in self.citations}
