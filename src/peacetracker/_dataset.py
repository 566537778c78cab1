"""The :class:`Dataset`: every registry and stance of one version of a dataset."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import attrs
from attrs import field, frozen

from ._model import DateLike, Event, Issue, Party, Settings, Source, Stance, freeze_mapping
from .errors import DamagedEntry

if TYPE_CHECKING:
    import pandas as pd

    from .analysis._core import Core
    from .analysis._quality import Quality
    from .analysis.changes import Comparison

#: A list of party or issue ids (or one id); None for all.
Ids = Iterable[str] | str | None

__all__ = ["Dataset", "DateLike", "Ids", "LazyStances"]


class LazyStances(Sequence[Stance]):
    """The stances of a dataset read from the load cache, built on first use.

    It behaves as the tuple it stands for (indexing, iteration, ``len``,
    equality with tuples, hashing, pickling as a tuple); its length is known
    without building anything.  ``peacetracker check`` never needs the stances
    themselves, so a warm check never pays for them.
    """

    __slots__ = ("_build", "_items", "_len", "_lock")

    def __init__(self, length: int, build: Callable[[], Iterable[Stance]]):
        self._len = length
        self._build: Callable[[], Iterable[Stance]] | None = build
        self._items: tuple[Stance, ...] | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        """Whether the stances have been built yet."""
        return self._items is not None

    def _all(self) -> tuple[Stance, ...]:
        if self._items is None:
            with self._lock:
                if self._items is None:
                    assert self._build is not None
                    items = tuple(self._build())
                    if len(items) != self._len:  # the entry does not hold what its head promised
                        raise DamagedEntry(
                            f"the load cache promised {self._len} stances, built {len(items)}")
                    self._items, self._build = items, None
        return self._items

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> Stance: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Stance, ...]: ...
    def __getitem__(self, index: int | slice) -> Stance | tuple[Stance, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Stance]:
        return iter(self._all())

    def __contains__(self, item: object) -> bool:
        return item in self._all()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyStances):
            other = other._all()
        return self._all() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __add__(self, other: Iterable[Stance]) -> tuple[Stance, ...]:
        return self._all() + tuple(other)

    def __reduce__(self) -> tuple[type[tuple], tuple[tuple[Stance, ...]]]:
        return (tuple, (self._all(),))

    def __repr__(self) -> str:
        if self._items is None:
            return f"<{self._len} stances, built on first use>"
        return repr(self._items)


def _stances(value: Iterable[Stance]) -> tuple[Stance, ...] | LazyStances:
    return value if isinstance(value, LazyStances) else tuple(value)


def _quality(min_confidence: str | None, exclude_kinds: Ids, basis: Ids) -> Quality:
    """The evidence filters every filtering analysis takes, checked (docs/api.md)."""
    from .analysis._quality import Quality

    return Quality.of(min_confidence, exclude_kinds, basis)


@frozen(cache_hash=False)
class Dataset:
    """One version of a dataset: registries by id, and every stance.

    Datasets are immutable; operations return new objects (DataFrames, or new
    datasets).  Load one with :func:`peacetracker.load`.
    """

    parties: Mapping[str, Party] = field(converter=freeze_mapping, factory=dict)
    issues: Mapping[str, Issue] = field(converter=freeze_mapping, factory=dict)
    sources: Mapping[str, Source] = field(converter=freeze_mapping, factory=dict)
    events: Mapping[str, Event] = field(converter=freeze_mapping, factory=dict)
    #: Issue groups: id -> display name.
    groups: Mapping[str, str] = field(converter=freeze_mapping, factory=dict)
    #: Sorted by party, issue and date: a tuple (or, loaded from the cache, a
    #: :class:`LazyStances` that behaves as one and is built on first use).
    stances: tuple[Stance, ...] = field(converter=_stances, factory=tuple)
    settings: Settings = field(factory=Settings)
    #: Where the dataset was read from (None for one built in memory).
    root: Path | None = field(default=None, eq=False)
    #: What version this is, for reports: a directory, ``git:REV`` or ``as of DATE``.
    label: str = field(default="", eq=False)

    # -- analyses (peacetracker.analysis; columns in docs/api.md) -----------------
    @functools.cached_property
    def _core(self) -> Core:
        from .analysis._core import Core

        return Core(self)

    @property
    def stances_frame(self) -> pd.DataFrame:
        """Every stance as a tidy DataFrame, one row per stance (see docs/api.md);
        a new copy on each access."""
        return self._core.stances_frame

    @property
    def evidence_frame(self) -> pd.DataFrame:
        """Every citation, one row per (stance, citation), with its source's outlet and
        date; a new copy on each access."""
        return self._core.evidence_frame

    def as_of(self, date: DateLike) -> Dataset:
        """This dataset with every stance dated after ``date`` dropped."""
        from .analysis._core import to_timestamp

        when = to_timestamp(date, "date")
        if when is None:
            return self
        cut = when.date()
        return attrs.evolve(
            self,
            stances=tuple(s for s in self.stances if s.date <= cut),
            label=f"as of {cut.isoformat()}",
            root=self.root,
        )

    # Every analysis takes its options by keyword, in one order: ``parties=``,
    # ``issues=``, ``as_of=``, then its own, then the evidence filters.

    def snapshot(
        self, *, parties: Ids = None, issues: Ids = None, as_of: DateLike | None = None
    ) -> pd.DataFrame:
        """The stance in force for every party and issue at a date (latest if None)."""
        from .analysis.snapshot import snapshot

        return snapshot(self, parties=parties, issues=issues, as_of=as_of)

    def gaps(
        self,
        *,
        parties: Ids = None,
        issues: Ids = None,
        as_of: DateLike | None = None,
        missing: bool = False,
        min_confidence: str | None = None,
        exclude_kinds: Ids = None,
        basis: Ids = None,
    ) -> pd.DataFrame:
        """One row per issue and pair of parties: both points and the gap between them
        (only stances that pass the evidence filters, docs/api.md)."""
        from .analysis.gaps import gaps

        return gaps(
            self,
            parties=parties,
            issues=issues,
            as_of=as_of,
            missing=missing,
            quality=_quality(min_confidence, exclude_kinds, basis),
        )

    def distances(
        self, *, parties: Ids = None, issues: Ids = None, as_of: DateLike | None = None
    ) -> pd.DataFrame:
        """Salience-weighted mean normalised gap for every pair of parties (tidy)."""
        from .analysis.gaps import distances

        return distances(self, parties=parties, issues=issues, as_of=as_of)

    def distance_matrix(
        self, *, parties: Ids = None, issues: Ids = None, as_of: DateLike | None = None
    ) -> pd.DataFrame:
        """The party-by-party distance matrix (square frame of ``distances``)."""
        from .analysis.gaps import distance_matrix

        return distance_matrix(self, parties=parties, issues=issues, as_of=as_of)

    def overlaps(
        self,
        *,
        parties: Ids = None,
        issues: Ids = None,
        as_of: DateLike | None = None,
        min_confidence: str | None = None,
        exclude_kinds: Ids = None,
        basis: Ids = None,
    ) -> pd.DataFrame:
        """Per issue: the zone every party would accept, or the concession that would open
        one (only stances that pass the evidence filters, docs/api.md)."""
        from .analysis.overlaps import overlaps

        return overlaps(
            self,
            parties=parties,
            issues=issues,
            as_of=as_of,
            quality=_quality(min_confidence, exclude_kinds, basis),
        )

    def outcomes(
        self, *, issues: Ids = None, as_of: DateLike | None = None, include_plans: bool = False
    ) -> pd.DataFrame:
        """Outcome estimates per issue from the compromise model (a model, labelled as
        one): plans do not vote unless ``include_plans``; never from a single voice."""
        from .analysis.outcomes import outcomes

        return outcomes(self, issues=issues, as_of=as_of, include_plans=include_plans)

    def timeline(
        self, *, party_a: str | None = None, party_b: str | None = None, issue: str | None = None
    ) -> pd.DataFrame:
        """The gap between two parties on an issue at every date either one moved."""
        from .analysis.timeline import timeline

        return timeline(self, party_a=party_a, party_b=party_b, issue=issue)

    def compare(
        self,
        since: DateLike | Dataset,
        until: DateLike | None = None,
        *,
        net: bool = False,
        min_confidence: str | None = None,
        exclude_kinds: Ids = None,
        basis: Ids = None,
    ) -> Comparison:
        """What changed since a date (every dated step; ``net=True``: the two
        snapshots) or since another version of this dataset (both cut at ``until``):
        ``.changes`` (one row per change) and ``.directions`` (one row per move and
        other party), only stances that pass the evidence filters (docs/api.md)."""
        from .analysis.changes import compare

        quality = _quality(min_confidence, exclude_kinds, basis)
        return compare(self, since, until, net=net, quality=quality)

    def changes(
        self,
        since: DateLike | Dataset,
        until: DateLike | None = None,
        *,
        net: bool = False,
        min_confidence: str | None = None,
        exclude_kinds: Ids = None,
        basis: Ids = None,
    ) -> pd.DataFrame:
        """Classified changes, one row per change: ``compare(...).changes``."""
        return self.compare(
            since,
            until,
            net=net,
            min_confidence=min_confidence,
            exclude_kinds=exclude_kinds,
            basis=basis,
        ).changes

    def provenance(self) -> dict[str, Any]:
        """The provenance graph (sources, quotes, speakers, stances, plans) as PROV-JSON."""
        from .analysis.provenance import provenance

        return provenance(self)
