"""What every analysis shares: the internal stance table (built once per
dataset), registry orders, observed numeric ranges, date parsing and the
helpers that build columns of the documented dtypes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self, overload

import numpy as np
import pandas as pd

from .._model import DateLike, Event, Issue, Party, Settings, Source, Stance, band_words
from .._plumbing.collector import without_collector
from ..errors import ArgumentTypeError, DateError, UnknownIdError
from ..scales import Scale
from ._quality import Quality, stance_quality

if TYPE_CHECKING:
    from .._model import Stance

__all__ = [
    "IN_FORCE",
    "Core",
    "DatasetLike",
    "DateLike",
    "band_words",
    "dates_column",
    "join_ids",
    "text_column",
    "to_timestamp",
]


class DatasetLike(Protocol):
    """What the analyses read of a dataset (:class:`peacetracker.Dataset` is one)."""

    @property
    def parties(self) -> Mapping[str, Party]: ...
    @property
    def issues(self) -> Mapping[str, Issue]: ...
    @property
    def sources(self) -> Mapping[str, Source]: ...
    @property
    def events(self) -> Mapping[str, Event]: ...
    @property
    def groups(self) -> Mapping[str, str]: ...
    @property
    def stances(self) -> tuple[Stance, ...]: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def root(self) -> Path | None: ...
    @property
    def label(self) -> str: ...
    @property
    def _core(self) -> Core: ...
    def as_of(self, date: DateLike) -> Self: ...


#: Statuses of stances that can be in force.
IN_FORCE = ("active", "withdrawn")

#: Public columns of the stances frame, in order (docs/api.md).
STANCE_COLUMNS = (
    "party",
    "issue",
    "date",
    "precision",
    "start_known",
    "status",
    "prefer",
    "prefer_text",
    "accept",
    "accept_text",
    "zone",
    "zone_assumed",
    "salience",
    "move",
    "confidence",
    "basis",
    "reason",
    "event",
    "conditions",
    "sources",
    "n_evidence",
    "file",
    "kinds",
    "strength",
)

#: Public columns of the evidence frame, in order.
EVIDENCE_COLUMNS = (
    "party",
    "issue",
    "date",
    "status",
    "n",
    "source",
    "quote",
    "speaker",
    "via",
    "outlet",
    "title",
    "kind",
    "published",
    "url",
)


@overload
def to_timestamp(value: None, what: str = "date") -> None: ...
@overload
def to_timestamp(value: DateLike, what: str = "date") -> pd.Timestamp: ...
def to_timestamp(value: DateLike | None, what: str = "date") -> pd.Timestamp | None:
    """A date (``datetime.date``, ``Timestamp`` or ISO string) as a Timestamp; None stays None."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.normalize()
    if isinstance(value, dt.datetime):
        return pd.Timestamp(value.date())
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if isinstance(value, str):
        try:
            return pd.Timestamp(dt.date.fromisoformat(value.strip()))
        except ValueError:
            raise DateError(what, value) from None
    raise ArgumentTypeError(
        f"{what} must be a date or a YYYY-MM-DD string, not {type(value).__name__}", what, value)


def join_ids(ids: Iterable[str]) -> str:
    """Ids joined by ``", "`` (the documented form of an id list)."""
    return ", ".join(ids)


_STR = pd.Series([], dtype="str").dtype


def text_column(values: Sequence[Any] | np.ndarray) -> pd.Series:
    """Text values (None or NaN for missing) as a ``str`` Series.

    Built through pyarrow when pandas' string dtype is pyarrow-backed: several
    times faster than pandas' own element-wise validation."""
    if getattr(_STR, "storage", None) == "pyarrow":
        try:
            import pyarrow as pa

            arr = pa.array(values, type=pa.large_string(), from_pandas=True)
            return pd.Series(arr, dtype=_STR)
        except (ImportError, TypeError, ValueError, pa.ArrowException):
            pass
    return pd.Series(list(values), dtype="str")


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo("int64").min


def dates_column(values: Sequence[dt.date | None]) -> pd.Series:
    """Dates (or None) as a ``datetime64[ns]`` Series (None becomes NaT)."""
    days = np.fromiter(
        (_NAT if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values),
        dtype="int64",
        count=len(values),
    )
    missing = days == _NAT
    ns = days * np.int64(86_400_000_000_000)
    ns[missing] = _NAT
    return pd.Series(ns.view("datetime64[ns]"))


def _order(registry: Iterable[str], seen: Iterable[str]) -> dict[str, int]:
    """Registry order, then ids not in the registry alphabetically."""
    order = {k: i for i, k in enumerate(registry)}
    extra = sorted(set(seen) - set(order))
    for k in extra:
        order[k] = len(order)
    return order


class Core:
    """The analysis state of one dataset: built lazily, once (cached on the dataset)."""

    def __init__(self, ds: DatasetLike):
        self.ds = ds
        stances = ds.stances
        self.party_order = _order(ds.parties, (s.party for s in stances))
        self.issue_order = _order(ds.issues, (s.issue for s in stances))
        self._scales: dict[str, Scale] = {k: v.scale for k, v in ds.issues.items()}
        self._zone_texts: dict[tuple[str, Any], str] = {}
        self._table: pd.DataFrame | None = None
        #: in_force() results by (as_of, parties, issues): datasets never change.
        #: Memoised snapshots (and, for overlaps, (snapshot, zones) pairs).
        self.snapshots: dict[tuple[Any, ...], Any] = {}
        self._evidence: pd.DataFrame | None = None

    # -- scales ------------------------------------------------------------------
    def scale(self, issue: str) -> Scale | None:
        return self._scales.get(issue)

    def scale_type(self, issue: str) -> str | None:
        scale = self.scale(issue)
        return scale.type if scale is not None else None

    def position(self, issue: str, value: Any) -> float:
        """A value as a number on its scale's line (NaN for unordered scales or none)."""
        scale = self.scale(issue)
        if value is None or scale is None:
            return np.nan
        try:
            x = scale.as_number(value)
        except (TypeError, ValueError):
            return np.nan
        return np.nan if x is None else float(x)

    def gap(self, issue: str, a: Any, b: Any) -> tuple[float, float]:
        """Gap between two preferred points, in units and normalised (NaN when either is None)."""
        scale = self.scale(issue)
        if a is None or b is None or scale is None:
            return np.nan, np.nan
        try:
            return scale.distance(a, b), scale.normalised(a, b, self.span(issue))
        except (TypeError, ValueError):
            return np.nan, np.nan

    def span(self, issue: str) -> float | None:
        """A numeric issue's declared range (``max - min``), or None."""
        scale = self.scale(issue)
        return getattr(scale, "declared_span", None)

    def zone_text(self, issue: str, zone: Any) -> str:
        """:meth:`Scale.describe_zone`, once per distinct (issue, zone)."""
        key = (issue, zone)
        try:
            return self._zone_texts[key]
        except KeyError:
            text = self._zone_texts[key] = self._scales[issue].describe_zone(zone)
            return text
        except TypeError:  # an unhashable zone
            return self._scales[issue].describe_zone(zone)

    def norm_basis(self, issue: str) -> str:
        """What normalises the issue's gaps: the scale's ``norm_basis``."""
        scale = self.scale(issue)
        return scale.norm_basis if scale is not None else "scale"

    # -- the stance table -------------------------------------------------------
    @property
    def table(self) -> pd.DataFrame:
        """Every stance: the public columns plus private ones (``_i`` index into
        ``ds.stances``, ``_po``/``_io`` registry orders), sorted."""
        if self._table is None:
            self._table = self._build_table()
        return self._table

    @without_collector
    def _build_table(self) -> pd.DataFrame:
        stances = self.ds.stances
        texts: dict[tuple[str, str, Any], str | None] = {}

        def words(issue: str, kind: str, value: Any) -> str | None:
            if value is None:
                return None
            key = (issue, kind, value)
            hashable = True
            try:
                return texts[key]
            except KeyError:
                pass
            except TypeError:  # an unhashable value (should not happen with parsed values)
                hashable = False
            scale = self.scale(issue)
            try:
                if scale is None:
                    text = str(value)
                elif kind == "value":
                    text = scale.describe(value)
                else:
                    text = scale.describe_zone(value)
            except (AttributeError, KeyError, TypeError, ValueError):
                text = str(value)
            if hashable:
                texts[key] = text
            return text

        # one pass over the stances; values repeat, so their words and positions
        # are computed once per (issue, value)
        zones: list[Any] = []
        assumed: list[bool] = []
        prefer_text: list[str | None] = []
        accept_text: list[str | None] = []
        xs: list[float] = []
        scales = self._scales
        points: dict[tuple[str, Any], tuple[str | None, float]] = {}
        for s in stances:
            prefer, accept, issue = s.prefer, s.accept, s.issue
            if prefer is None:
                prefer_text.append(None)
                xs.append(np.nan)
            else:
                try:
                    text, x = points[(issue, prefer)]
                except KeyError:
                    text, x = words(issue, "value", prefer), self.position(issue, prefer)
                    points[(issue, prefer)] = (text, x)
                except TypeError:
                    text, x = words(issue, "value", prefer), self.position(issue, prefer)
                prefer_text.append(text)
                xs.append(x)
            accept_text.append(None if accept is None else words(issue, "zone", accept))
            if accept is not None:
                zones.append(accept)
                assumed.append(False)
            elif prefer is not None and (sc := scales.get(issue)) is not None:
                zones.append(sc.point_zone(prefer))
                assumed.append(True)
            else:
                zones.append(None)
                assumed.append(False)
        types = {k: sc.type for k, sc in scales.items()}
        # evidence quality, once per distinct (confidence, basis, cited sources)
        sources = self.ds.sources
        graded: dict[tuple, tuple[str, str]] = {}
        kinds, strength = [], []
        for s in stances:
            key = (s.confidence, s.basis, tuple(e.source for e in s.evidence))
            q = graded.get(key)
            if q is None:
                q = graded[key] = stance_quality(s, sources)
            kinds.append(q[0])
            strength.append(q[1])

        def conditions_text(s: Stance) -> str:
            parts = []
            for c in s.conditions:
                sc = self.scale(c.issue)
                try:
                    value = sc.value_to_data(c.value) if sc is not None else c.value
                except (AttributeError, TypeError, ValueError):
                    value = c.value
                if isinstance(value, list):
                    value = "[" + ", ".join(map(str, value)) + "]"
                parts.append(f"{c.issue}={value}")
            return join_ids(parts)

        def obj(values: list) -> pd.Series:
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            return pd.Series(arr, dtype=object)

        frame = pd.DataFrame(
            {
                "party": text_column([s.party for s in stances]),
                "issue": text_column([s.issue for s in stances]),
                "date": dates_column([s.date for s in stances]),
                "precision": text_column([s.precision for s in stances]),
                "start_known": pd.Series([s.precision != "before" for s in stances], dtype=bool),
                "status": text_column([s.status for s in stances]),
                "prefer": obj([s.prefer for s in stances]),
                "prefer_text": text_column(prefer_text),
                "accept": obj([s.accept for s in stances]),
                "accept_text": text_column(accept_text),
                "zone": obj(zones),
                "zone_assumed": pd.Series(assumed, dtype=bool),
                "salience": pd.Series(
                    [np.nan if s.salience is None else float(s.salience) for s in stances],
                    dtype="float64",
                ),
                "move": text_column([s.move for s in stances]),
                "confidence": text_column([s.confidence for s in stances]),
                "basis": text_column([s.basis for s in stances]),
                "reason": text_column([s.reason for s in stances]),
                "event": text_column([s.event for s in stances]),
                "conditions": text_column(
                    [conditions_text(s) if s.conditions else "" for s in stances]
                ),
                "sources": text_column([join_ids(e.source for e in s.evidence) for s in stances]),
                "n_evidence": pd.Series([len(s.evidence) for s in stances], dtype="int64"),
                "file": text_column([s.origin.file if s.origin else None for s in stances]),
                "kinds": text_column(kinds),
                "strength": text_column(strength),
                "_i": pd.Series(np.arange(len(stances)), dtype="int64"),
                "_scale": text_column([types.get(s.issue) for s in stances]),
                "_x": np.array(xs, dtype="float64"),
                "_po": pd.Series([self.party_order[s.party] for s in stances], dtype="int64"),
                "_io": pd.Series([self.issue_order[s.issue] for s in stances], dtype="int64"),
            }
        )
        return frame.sort_values(["_io", "_po", "date", "_i"], kind="stable").reset_index(drop=True)

    @property
    def stances_frame(self) -> pd.DataFrame:
        return self.table.loc[:, list(STANCE_COLUMNS)].copy()

    @property
    def evidence(self) -> pd.DataFrame:
        """Every citation, with ``_i`` (the stance's index in ``ds.stances``)."""
        if self._evidence is None:
            self._evidence = self._build_evidence()
        return self._evidence

    @without_collector
    def _build_evidence(self) -> pd.DataFrame:
        rows_i, rows_n, cites = [], [], []
        stances = self.ds.stances
        for i in self.table["_i"].to_numpy().tolist():
            for n, e in enumerate(stances[i].evidence):
                rows_i.append(i)
                rows_n.append(n)
                cites.append(e)
        # the cited source's fields: a column per field over the registry
        # (plus a last row of None for an unknown source), taken by position
        sources = self.ds.sources
        cited = pd.Index([e.source for e in cites], dtype=object)
        where = pd.Index(list(sources), dtype=object).get_indexer(cited)
        where[where < 0] = len(sources)

        def src(
            attr: str, column: Callable[[list[Any]], pd.Series] = text_column
        ) -> pd.Series:
            values = [getattr(s, attr) for s in sources.values()] + [None]
            return column(values).take(where).reset_index(drop=True)

        owner = [stances[i] for i in rows_i]
        return pd.DataFrame(
            {
                "party": text_column([s.party for s in owner]),
                "issue": text_column([s.issue for s in owner]),
                "date": dates_column([s.date for s in owner]),
                "status": text_column([s.status for s in owner]),
                "n": pd.Series(rows_n, dtype="int64"),
                "source": text_column([e.source for e in cites]),
                "quote": text_column([e.quote for e in cites]),
                "speaker": text_column([e.speaker for e in cites]),
                "via": text_column([e.via for e in cites]),
                "outlet": src("outlet"),
                "title": src("title"),
                "kind": src("kind"),
                "published": src("published", dates_column),
                "url": src("url"),
                "_i": pd.Series(rows_i, dtype="int64"),
            }
        )

    @property
    def evidence_frame(self) -> pd.DataFrame:
        return self.evidence.loc[:, list(EVIDENCE_COLUMNS)].copy()

    def keep(self, snap: pd.DataFrame, quality: Quality | None) -> pd.DataFrame:
        """``snap`` (rows of the table) cut to the stances that pass ``quality``'s
        filters: rows are only ever removed, never replaced by older stances."""
        if quality is None or not quality.active or not len(snap):
            return snap
        stances, sources = self.ds.stances, self.ds.sources
        mask = [quality.keeps(stances[i], sources) for i in snap["_i"].to_numpy().tolist()]
        return snap[np.array(mask, dtype=bool)].reset_index(drop=True)

    # -- arguments ----------------------------------------------------------------
    def check_parties(self, parties: Iterable[str] | str | None) -> list[str] | None:
        """Validate a list of party ids (names the unknown one and the closest id)."""
        return self._check(parties, self.party_order, "party")

    def check_issues(self, issues: Iterable[str] | str | None) -> list[str] | None:
        return self._check(issues, self.issue_order, "issue")

    @staticmethod
    def _check(
        ids: Iterable[str] | str | None, known: dict[str, int], what: str
    ) -> list[str] | None:
        if ids is None:
            return None
        if isinstance(ids, str):
            ids = [ids]
        ids = list(dict.fromkeys(ids))
        for i in ids:
            if i not in known:
                raise UnknownIdError(what, i, known)
        return ids
