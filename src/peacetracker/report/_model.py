"""The report model: everything a renderer shows, worked out once.

Built by :func:`peacetracker.report.build_report` from the analysis API;
renderers (terminal, Markdown, HTML, JSON) only lay it out.  Every figure
carries the numbers of the citations (footnotes) behind it.
"""

from __future__ import annotations

import datetime as dt
import functools

from attrs import field, frozen

from ._words import date_text

__all__ = [
    "Cell",
    "Change",
    "Citation",
    "Direction",
    "GapLine",
    "IssueInfo",
    "PartyInfo",
    "Report",
    "Timeline",
    "TimelinePoint",
    "Zone",
]


def _tuple(value) -> tuple:
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

    @property
    def date_text(self) -> str | None:
        """The stance's date in words ("before 2026-01-06", "Dec 2025")."""
        return date_text(self.date, self.precision) if self.date else None

    @property
    def published_text(self) -> str:
        """The publication date as precisely as known ("Jan 2026", "before 2026-01-14")."""
        return date_text(self.published, self.published_precision)


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

    @property
    def date_text(self) -> str:
        """The date in words: "2026-01-06", "Dec 2025", "before 2026-01-06"."""
        return date_text(self.date, self.precision)


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

    @property
    def notes(self) -> tuple[int, ...]:
        return self.notes_a + self.notes_b


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


@frozen
class Direction:
    """How a move changed the gap to one other party."""

    other: str
    #: "converging", "diverging" or "unchanged".
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
    #: The fact-checkers' word ("new", "softened", "hardened", "reversed", "dropped", "unchanged").
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
        as held *before* a date is not news of that date, so it says so."""
        if self.move != self.word:
            return f"{self.move}; held before {self.new_date.isoformat()}"
        return self.word


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
        if not self.plans_left_out:
            return None
        names = ", ".join(self.party_name(p) for p in self.plans_left_out)
        return (
            f"Plans ({names}) are left out of the agreement zones: they are drafts, not "
            "negotiators. They appear in the stance matrix and the gaps; name them among "
            "the parties (--parties) to count them."
        )

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
