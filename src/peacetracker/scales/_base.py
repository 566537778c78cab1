"""What every scale provides.  The semantics of gaps and overlaps live in one
module per scale type; this module holds only what they share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from attrs import frozen

from ..errors import ScaleError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Overlap", "Scale", "ScaleError", "side_zones"]


@frozen
class Overlap:
    """The zone every party would accept, or, when there is none, how far apart
    the closest acceptable positions are and who would have to concede."""

    #: The common zone (scale-specific), or None when the zones do not meet.
    zone: Any
    #: Distance between the closest acceptable positions, in the scale's units (0 if a zone exists).
    concession: float
    #: The same, normalised to 0..1.
    concession_norm: float
    #: Ids of the parties whose zones bound the gap (who would have to move), sorted.
    movers: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return self.zone is None


class Scale:
    """Base class for scales.  Subclasses are frozen attrs classes."""

    type: ClassVar[str]

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> Scale:
        """The scale of a definition read from issues.yaml."""
        raise NotImplementedError

    # -- parsing (raise ScaleError with a fix) --------------------------------
    def parse_value(self, raw: Any) -> Any:
        raise NotImplementedError

    def parse_zone(self, raw: Any) -> Any:
        raise NotImplementedError

    # -- back to plain data (YAML/JSON) ---------------------------------------
    def value_to_data(self, value: Any) -> Any:
        raise NotImplementedError

    def zone_to_data(self, zone: Any) -> Any:
        raise NotImplementedError

    def to_data(self) -> dict[str, Any]:
        """The scale's definition as plain data, as written in issues.yaml."""
        raise NotImplementedError

    # -- semantics -------------------------------------------------------------
    #: The unit gaps are measured in (e.g. "km2", "ranks", "options", "elements").
    unit: str

    def point_zone(self, value: Any) -> Any:
        """The zone holding only ``value`` (used when no acceptable zone was stated)."""
        raise NotImplementedError

    def contains(self, zone: Any, value: Any) -> bool:
        raise NotImplementedError

    def distance(self, a: Any, b: Any) -> float:
        """Distance between two preferred points, in the scale's units."""
        raise NotImplementedError

    def normalised(self, a: Any, b: Any, span: float | None = None) -> float:
        """Distance between two preferred points, 0..1 (``span`` is unused; kept
        for callers of the earlier signature)."""
        raise NotImplementedError

    def overlap(
        self,
        zones: Mapping[str, Any],
        span: float | None = None,
        sides: Mapping[str, str] | None = None,
    ) -> Overlap:
        """Intersection of the parties' zones (party id -> zone).  ``sides`` maps a
        party to the side it counts for (a coalition's members count with it, as
        one side) where movers are found by counting parties."""
        common = self.common_zone(zones.values())
        if common is not None:
            return Overlap(common, 0.0, 0.0, ())
        return self._no_common_zone(zones, sides)

    def _no_common_zone(
        self, zones: Mapping[str, Any], sides: Mapping[str, str] | None
    ) -> Overlap:
        """The overlap of zones with no position in common:
        how far apart they are, and who would have to move."""
        raise NotImplementedError

    # -- the scale's semantics, for analyses and reports (one home per scale type) --
    def common_zone(self, zones: Iterable[Any]) -> Any:
        """The positions every zone holds (a zone), or None when they do not meet.
        The one rule of zone compatibility: :meth:`overlap` and
        :meth:`zones_meet` both follow it."""
        raise NotImplementedError

    def zones_meet(self, *zones: Any) -> bool:
        """Whether some position is acceptable in every zone."""
        return self.common_zone(zones) is not None

    @property
    def norm_basis(self) -> str:
        """What normalises a gap on this scale (``gaps``' ``norm_basis``)."""
        return "scale"

    def gaps(
        self, a: np.ndarray, b: np.ndarray, x_a: np.ndarray, x_b: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Gaps between aligned arrays of preferred points, vectorised: in the
        scale's units and normalised 0..1 (NaN where either point is None).
        ``x_*`` are the points as numbers (:meth:`as_number`; NaN where none)."""
        import numpy as np
        n = len(a)
        units, norm = np.full(n, np.nan), np.full(n, np.nan)
        for k in range(n):
            if a[k] is not None and b[k] is not None:
                units[k] = self.distance(a[k], b[k])
                norm[k] = self.normalised(a[k], b[k])
        return units, norm

    def gap_text(self, units: float) -> str:
        """A gap in the scale's units, in words ("100,000 personnel", "1 step",
        "2 elements"); the one wording of gaps every report uses."""
        n = int(units) if float(units).is_integer() else units
        unit = self.unit
        if n == 1 and unit.endswith("s"):
            unit = unit[:-1]
        return f"{n} {unit}" if unit else f"{n}"

    @property
    def range_missing(self) -> bool:
        """Whether the scale needs a declared range it lacks (numeric scales
        without ``min`` and ``max``: ``check`` warns, rule ``no-range``)."""
        return False

    def axis(self, old: Any, new: Any) -> int | None:
        """A move on the scale's own axis: 1 up (a larger number, a later option, a
        larger set), -1 down, 0 neither, None where the scale has no direction."""
        return None

    def move_text(self, old: Any, new: Any) -> str | None:
        """A move in the scale's own terms, for a reader ("raised", "moved up the
        scale to Binding commitments", "switched to yes"); None for no move."""
        if old == new:
            return None
        return f"switched to {self.describe(new)}"

    def compare_zones(self, old: Any, new: Any) -> str:
        """``same``, ``widened``, ``narrowed`` or ``shifted`` (by :meth:`zone_covers`)."""
        if old == new:
            return "same"
        if self.zone_covers(new, old):
            return "widened"
        if self.zone_covers(old, new):
            return "narrowed"
        return "shifted"

    def zone_covers(self, outer: Any, inner: Any) -> bool:
        """Whether zone ``outer`` holds every value of zone ``inner`` (zones that
        are sets of values; scales with other zones override it)."""
        return bool(outer >= inner)

    def describe(self, value: Any) -> str:
        """A value in words, for reports."""
        raise NotImplementedError

    def describe_zone(self, zone: Any) -> str:
        raise NotImplementedError

    def as_number(self, value: Any) -> float | None:
        """A position on a line, for the compromise model; None where the scale has no order."""
        return None

    def from_number(self, x: float) -> Any:
        """The value nearest a position on the scale's line (the inverse of
        :meth:`as_number`; e.g. a model estimate); None where the scale has no order."""
        return None

    def sort_key(self, value: Any) -> Any:
        """A key that orders values of this scale (for stable output)."""
        return str(value)

    # -- what differs by scale type for the commands and the reports -----------------
    #: The keys a definition of this type takes in issues.yaml besides ``type``.
    keys: ClassVar[tuple[str, ...]] = ()
    #: The question that asks for a list key (``options``, ``universe``) left empty.
    questions: ClassVar[Mapping[str, str]] = {}
    #: How a value is written, where its choices alone do not say.
    value_hint: ClassVar[str] = ""
    #: Whether a value is one of a closed list of choices (option ids, yes or no).
    value_is_choice: ClassVar[bool] = False

    @classmethod
    def gap_phrase(cls, gap_text: str) -> str:
        """A gap as the end of a sentence: "a gap of 100,000 personnel"."""
        return f"a gap of {gap_text}"


def option_labels(raw: Any, what: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Parse ``options`` / ``universe``: a list of ids, or a mapping id -> label."""
    if isinstance(raw, Mapping):
        ids = tuple(str(k) for k in raw)
        labels = tuple((str(k), str(v)) for k, v in raw.items() if v is not None)
    elif isinstance(raw, Sequence) and not isinstance(raw, str):
        ids = tuple(str(x) for x in raw)
        labels = ()
    else:
        raise ScaleError(
            f"{what} must be a list of ids or a mapping of id to label",
            f"write e.g. '{what}: [first, second]'",
        )
    if not ids:
        raise ScaleError(f"{what} is empty", f"list at least one id under '{what}'")
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ScaleError(f"{what} lists '{i}' twice", "remove the repeated id")
        seen.add(i)
    return ids, labels


def id_tuple(ids: Iterable[str]) -> tuple[str, ...]:
    """``tuple`` for ids, typed (an attrs converter)."""
    return tuple(ids)


def label_tuple(labels: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """``tuple`` for (id, label) pairs, typed (an attrs converter)."""
    return tuple(labels)


def side_zones(zones: Mapping[str, Any], sides: Mapping[str, str] | None) -> list[list[Any]]:
    """The zones grouped by side (a coalition and its members are one side; a
    party not in ``sides`` is its own), in first-seen order."""
    grouped: dict[str, list[Any]] = {}
    for party, zone in zones.items():
        key = sides.get(party, party) if sides else party
        grouped.setdefault(key, []).append(zone)
    return list(grouped.values())


def humanise(option_id: str) -> str:
    """``article-5-like`` -> ``article 5 like`` (used when no label is given)."""
    return option_id.replace("-", " ").replace("_", " ")
