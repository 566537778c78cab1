"""The data model: frozen attrs classes for parties, issues, sources, events and stances.

Values on a stance (``prefer``, ``accept``) are already parsed by the issue's
scale (see :mod:`peacetracker.scales`): a ``float`` for numeric scales, an
option id (``str``) for ordinal and categorical scales, a ``bool`` for yes/no,
and a ``frozenset`` of ids for set scales.  Acceptable zones are scale-specific
objects (:class:`~peacetracker.scales.Interval`, ``frozenset``,
:class:`~peacetracker.scales.SetRange`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from .errors import InvalidValueError
from .scales import Scale

if TYPE_CHECKING:
    import numpy as np

#: A date as every analysis takes it: a ``datetime.date`` (a ``pandas.Timestamp``
#: is one) or an ISO string ``"2026-01-07"``.
DateLike = dt.date | str

__all__ = [
    "AFFILIATIONS",
    "BASES",
    "CONFIDENCES",
    "ISSUE_KINDS",
    "MOVES",
    "PARTY_KINDS",
    "PRECISIONS",
    "RELATIONS",
    "SALIENCES",
    "SALIENCE_RANK",
    "SOURCE_KINDS",
    "STATUSES",
    "Claim",
    "Condition",
    "DateLike",
    "Event",
    "Evidence",
    "Issue",
    "Origin",
    "Party",
    "Settings",
    "Source",
    "Stance",
    "band_words",
]

#: Kinds of party.  ``plan`` is a document that acts as a position of its own.
PARTY_KINDS = ("state", "coalition", "bloc", "organisation", "plan", "person", "other")
#: Kinds of move a stance records.
MOVES = ("demand", "offer", "proposal", "acceptance", "rejection", "condition", "denial")
#: How sure the editor is of a stance.
CONFIDENCES = ("high", "medium", "low")
#: Whether the party said it itself, was reported to have said it, or the editor inferred it.
BASES = ("stated", "reported", "inferred")
#: How precise a stance's date is: the day, the month, or only "before the source".
PRECISIONS = ("day", "month", "before")
#: The life of a stance: in force, withdrawn on its date, deprecated (misreported,
#: kept for the record), or disputed (a conflicting claim standing beside another).
STATUSES = ("active", "withdrawn", "deprecated", "disputed")
#: Kinds of source document.
SOURCE_KINDS = (
    "article",
    "statement",
    "draft",
    "transcript",
    "post",
    "interview",
    "opinion",
    "report",
    "other",
)
#: Who stands behind the outlet that published a source (a closed vocabulary;
#: docs/format.md defines each word).
AFFILIATIONS = (
    "state-media",
    "public-media",
    "government",
    "party-affiliated",
    "intergovernmental",
    "independent",
    "unknown",
)
#: How much an issue matters to the talks as a whole, most first.
SALIENCES = ("high", "medium", "low")
#: What an issue asks: a ``term`` of a possible deal (the default: gaps and
#: zones of agreement), or ``context``, a question about the talks rather than
#: a term of a deal (a fact in dispute, an assessment, an intention, the
#: process itself: "did the attack happen?", "is the other side ready to
#: compromise?", "will you stay in the talks?"), on which the parties' answers
#: are compared but never form a zone of agreement.
ISSUE_KINDS = ("term", "context")
#: Sort rank of an issue's salience: high > medium > low > unset (0).
SALIENCE_RANK = {"high": 3, "medium": 2, "low": 1}
#: Structural claims a plan makes about other parties.
RELATIONS = ("endorsed-by", "derived-from")


_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _one_of(allowed: tuple[str, ...]) -> _Validator:
    """An attrs validator: the value must be one of ``allowed`` (names them when it is not)."""

    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value not in allowed:
            raise InvalidValueError(attribute.name, allowed, value)

    return check


def _optional_one_of(allowed: tuple[str, ...]) -> _Validator:
    inner = _one_of(allowed)

    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def _tuple(value: Any) -> tuple:
    return tuple(value) if value is not None else ()


@frozen
class Origin:
    """Where a record came from: a file (relative to the dataset root) and the
    key path inside its YAML document, e.g. ``("stances", "nato-membership", 2)``.

    Line and column are not stored: they are looked up only when a problem
    must be reported (see :mod:`peacetracker.loading._positions`).
    """

    file: str
    path: tuple[str | int, ...] = field(converter=tuple, default=())


@frozen
class Evidence:
    """A citation: the verbatim quote from a source, who said it and who relayed it."""

    source: str
    quote: str
    speaker: str | None = None
    #: Who relayed it (an aide reporting a call, an outlet's unnamed diplomat).
    via: str | None = None
    note: str | None = None


@frozen
class Claim:
    """A structural claim about a plan: that ``party`` endorses it
    (``endorsed-by``) or that it was revised from the plan ``party``
    (``derived-from``), with the evidence for it, like a stance's.

    A claim written as a bare id has no evidence, and ``basis`` and
    ``confidence`` are None (``peacetracker check`` warns: ``unbacked-claim``).
    """

    relation: str = field(validator=_one_of(RELATIONS))
    #: The endorsing party (``endorsed-by``) or the plan revised (``derived-from``).
    party: str
    basis: str | None = field(default=None, validator=_optional_one_of(BASES))
    confidence: str | None = field(default=None, validator=_optional_one_of(CONFIDENCES))
    evidence: tuple[Evidence, ...] = field(converter=_tuple, default=())
    note: str | None = None

    @property
    def backed(self) -> bool:
        """True when the claim cites evidence."""
        return bool(self.evidence)


@frozen
class Party:
    """Someone who takes positions: a state, a coalition, an organisation, a plan."""

    id: str
    name: str
    kind: str = field(default="state", validator=_one_of(PARTY_KINDS))
    aliases: tuple[str, ...] = field(converter=_tuple, default=())
    #: Party ids of a coalition's or bloc's members.
    members: tuple[str, ...] = field(converter=_tuple, default=())
    #: For a plan: the party ids that endorse it.
    endorsed_by: tuple[str, ...] = field(converter=_tuple, default=())
    #: For a plan: the id of the plan it was revised from.
    derived_from: str | None = None
    #: Relative capability (0..100) for the compromise model; None if not given.
    capability: float | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, eq=False, repr=False)
    #: The structural claims behind ``endorsed_by`` and ``derived_from``, in
    #: that order, with their evidence (see :class:`Claim`).  When not given,
    #: one bare claim (no evidence) per id.
    claims: tuple[Claim, ...] = field(converter=_tuple)

    @claims.default
    def _bare_claims(self) -> tuple[Claim, ...]:
        bare = [Claim("endorsed-by", p) for p in self.endorsed_by]
        if self.derived_from is not None:
            bare.append(Claim("derived-from", self.derived_from))
        return tuple(bare)


@frozen
class Issue:
    """What is negotiated: a question and the scale stances on it are measured on."""

    id: str
    name: str
    question: str
    scale: Scale
    group: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, eq=False, repr=False)
    #: How much the issue matters to the talks: ``high``, ``medium``, ``low``
    #: (see :data:`SALIENCES`), or None when the texts give no cue.
    salience: str | None = field(default=None, validator=_optional_one_of(SALIENCES))
    #: The citations that back ``salience``.
    salience_evidence: tuple[Evidence, ...] = field(converter=_tuple, default=())
    #: ``term`` (a term of a possible deal) or ``context`` (a question about the
    #: talks, not a term of a deal: never a zone of agreement); see :data:`ISSUE_KINDS`.
    kind: str = field(default="term", validator=_one_of(ISSUE_KINDS))

    @property
    def salience_rank(self) -> int:
        """3 for high, 2 medium, 1 low, 0 unset: sort with ``-issue.salience_rank``."""
        return SALIENCE_RANK.get(self.salience or "", 0)


@frozen
class Source:
    """A dated document that stances cite."""

    id: str
    kind: str = field(validator=_one_of(SOURCE_KINDS))
    #: Who published it; None when the document names no outlet ("outlet unknown").
    outlet: str | None
    title: str
    published: dt.date
    url: str | None = None
    #: Path of the stored text, relative to the dataset root.
    path: str | None = None
    #: For a stored file holding several articles: the 1-based inclusive line range.
    lines: tuple[int, int] | None = None
    author: str | None = None
    note: str | None = None
    #: How precise ``published`` is: "day", "month" (only the month is known;
    #: ``published`` is its first day) or "before" (published at some point
    #: before that day, e.g. the day it was retrieved).
    precision: str = field(default="day", validator=_one_of(PRECISIONS))
    origin: Origin | None = field(default=None, eq=False, repr=False)
    #: Who stands behind the outlet (see :data:`AFFILIATIONS`); None when not given.
    affiliation: str | None = field(default=None, validator=_optional_one_of(AFFILIATIONS))


@frozen
class Event:
    """Something that happened (a summit, an attack, a draft published) and may explain moves."""

    id: str
    date: dt.date
    title: str
    parties: tuple[str, ...] = field(converter=_tuple, default=())
    sources: tuple[str, ...] = field(converter=_tuple, default=())
    note: str | None = None
    origin: Origin | None = field(default=None, eq=False, repr=False)


@frozen
class Condition:
    """A tie to another issue: the stance holds only if ``issue`` is settled at ``value``."""

    issue: str
    #: The value on that issue's scale (parsed like a preferred point).
    value: Any
    note: str | None = None


@frozen
class Stance:
    """One party's position on one issue as of a date."""

    party: str
    issue: str
    date: dt.date
    #: The preferred point, parsed by the issue's scale; None for a withdrawal.
    prefer: Any = None
    #: The acceptable zone, parsed by the issue's scale; None when not stated.
    accept: Any = None
    precision: str = field(default="day", validator=_one_of(PRECISIONS))
    #: How much the issue matters to the party, 0..100; None when not stated.
    salience: float | None = None
    move: str | None = field(default=None, validator=_optional_one_of(MOVES))
    confidence: str = field(default="high", validator=_one_of(CONFIDENCES))
    basis: str = field(default="stated", validator=_one_of(BASES))
    status: str = field(default="active", validator=_one_of(STATUSES))
    #: Why a stance is deprecated or disputed.
    reason: str | None = None
    conditions: tuple[Condition, ...] = field(converter=_tuple, default=())
    evidence: tuple[Evidence, ...] = field(converter=_tuple, default=())
    #: Id of the event that explains this stance.
    event: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, eq=False, repr=False)

    @property
    def key(self) -> tuple[str, str, dt.date]:
        """Identity of a stance across versions: party, issue and date."""
        return (self.party, self.issue, self.date)

    @property
    def in_force(self) -> bool:
        """True for a stance that can be in force (not deprecated and not a disputed claim)."""
        return self.status in ("active", "withdrawn")


def _bands(pairs: Iterable[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    return tuple((str(w), float(b)) for w, b in pairs)


@frozen
class Settings:
    """Dataset-wide settings from ``peacetracker.yaml``."""

    title: str = "Untitled dataset"
    description: str | None = None
    #: Words for normalised gaps: (word, upper bound) pairs in increasing order.
    #: A gap gets the first word whose bound it does not exceed.
    bands: tuple[tuple[str, float], ...] = field(
        converter=_bands,
        default=(("agreed", 0.0), ("close", 0.25), ("apart", 0.6), ("far apart", 1.0)),
    )
    #: The parties the report leads with (empty: the two non-plan parties with
    #: the most stances).
    focus: tuple[str, ...] = field(converter=tuple, default=())
    #: Issues in order of importance for the report, most important first
    #: (issues not named follow, by salience).
    issue_order: tuple[str, ...] = field(converter=tuple, default=())

    def band(self, gap: float, zones_meet: bool = False) -> str:
        """The word for a normalised gap (0..1): :func:`band_words` for one gap."""
        word = band_words(self.bands, [gap], [zones_meet])[0]
        return word if isinstance(word, str) else self.bands[-1][0]


def band_words(
    bands: Sequence[tuple[str, float]], gaps: Any, zones_meet: Any = None
) -> np.ndarray:
    """The band rule: the word for each normalised gap, the first band whose bound
    it does not exceed (NaN stays NaN).  Where ``zones_meet`` is True (the two
    parties' acceptable zones share a position), the last band (``far apart``) is
    never given: the last but one is the furthest such a pair can be."""
    import numpy as np  # here: importing the package loads no numpy

    gaps = np.asarray(gaps, dtype="float64")
    words = np.array([w for w, _ in bands], dtype=object)
    bounds = np.array([b for _, b in bands], dtype="float64")
    idx = np.searchsorted(bounds + 1e-12, gaps, side="left")
    idx = np.minimum(idx, len(words) - 1)
    if zones_meet is not None and len(words) > 1:
        meet = np.asarray(zones_meet, dtype=bool)
        idx = np.where(meet, np.minimum(idx, len(words) - 2), idx)
    out = words[idx]
    out[np.isnan(gaps)] = np.nan
    return out


def freeze_mapping(items: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of a dict (registries on a Dataset are not to be mutated)."""
    from types import MappingProxyType

    return MappingProxyType(dict(items))
