"""Set scales: a set drawn from a universe (e.g. which states may station troops).

Gaps are the number of elements in one set and not the other, normalised as
the Jaccard distance.  A zone is a :class:`SetRange`: every set that holds at
least ``min`` and at most ``max`` is acceptable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from attrs import field, frozen

from .._plumbing.suggest import did_you_mean
from ._base import (
    Overlap,
    Scale,
    ScaleError,
    humanise,
    id_tuple,
    label_tuple,
    option_labels,
)

__all__ = ["SetRange", "SetScale"]


def _id_set(ids: Iterable[str]) -> frozenset[str]:
    return frozenset(ids)


@frozen
class SetRange:
    """Acceptable sets: those containing all of ``min`` and nothing outside ``max``."""

    min: frozenset[str] = field(converter=_id_set, default=frozenset())
    max: frozenset[str] = field(converter=_id_set, default=frozenset())


@frozen
class SetScale(Scale):
    type: ClassVar[str] = "set"
    unit = "elements"

    universe: tuple[str, ...] = field(converter=id_tuple)
    labels: tuple[tuple[str, str], ...] = field(converter=label_tuple, default=())

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> SetScale:
        universe, labels = option_labels(raw.get("universe"), "universe")
        return cls(universe=universe, labels=labels)

    def to_data(self) -> dict[str, Any]:
        labels = dict(self.labels)
        universe: Any = {o: labels.get(o) for o in self.universe} if labels else list(self.universe)
        return {"type": self.type, "universe": universe}

    def label(self, element: str) -> str:
        return dict(self.labels).get(element, humanise(element))

    def parse_value(self, raw: Any) -> frozenset[str]:
        if raw is None:
            return frozenset()
        if isinstance(raw, str) or not isinstance(raw, Sequence):
            raise ScaleError(
                f"a value on a set scale is a list of ids, not {raw!r}",
                "write e.g. [first, second], or [] for none",
            )
        seen: set[str] = set()
        for x in raw:
            x = str(x)
            if x not in self.universe:
                raise ScaleError(f"'{x}' is not in the universe", did_you_mean(x, self.universe))
            if x in seen:
                raise ScaleError(f"'{x}' is listed twice", "remove the repeated id")
            seen.add(x)
        return frozenset(seen)

    def parse_zone(self, raw: Any) -> SetRange:
        if not isinstance(raw, Mapping) or not raw or set(raw) - {"min", "max"}:
            raise ScaleError(
                "an acceptable zone on a set scale is {min: [...], max: [...]}",
                "min lists what must be in the set, max everything that may be",
            )
        lo = self.parse_value(raw.get("min"))
        hi = self.parse_value(raw["max"]) if "max" in raw else frozenset(self.universe)
        if not lo <= hi:
            extra = sorted(lo - hi)[0]
            raise ScaleError(f"'{extra}' is in min but not in max", f"add '{extra}' to max")
        return SetRange(lo, hi)

    def value_to_data(self, value: frozenset[str]) -> list[str]:
        return [e for e in self.universe if e in value]

    def zone_to_data(self, zone: SetRange) -> dict[str, list[str]]:
        return {"min": self.value_to_data(zone.min), "max": self.value_to_data(zone.max)}

    def point_zone(self, value: frozenset[str]) -> SetRange:
        return SetRange(value, value)

    def contains(self, zone: SetRange, value: frozenset[str]) -> bool:
        return zone.min <= value <= zone.max

    def distance(self, a: frozenset[str], b: frozenset[str]) -> float:
        return float(len(a ^ b))

    def normalised(self, a: frozenset[str], b: frozenset[str], span: float | None = None) -> float:
        union = a | b
        return len(a ^ b) / len(union) if union else 0.0

    def common_zone(self, zones: Iterable[SetRange]) -> SetRange | None:
        zones = list(zones)
        required = frozenset().union(*(z.min for z in zones))
        allowed = frozenset(self.universe).intersection(*(z.max for z in zones))
        return SetRange(required, allowed) if required <= allowed else None

    def axis(self, old: frozenset[str], new: frozenset[str]) -> int:
        if new == old:
            return 0
        return 1 if new > old else -1 if new < old else 0

    def move_text(self, old: frozenset[str], new: frozenset[str]) -> str | None:
        parts = []
        if new - old:
            parts.append(f"added {self.describe(new - old)}")
        if old - new:
            parts.append(f"removed {self.describe(old - new)}")
        return "; ".join(parts) or None

    def _no_common_zone(
        self, zones: Mapping[str, SetRange], sides: Mapping[str, str] | None
    ) -> Overlap:
        required = frozenset().union(*(z.min for z in zones.values()))
        allowed = frozenset(self.universe).intersection(*(z.max for z in zones.values()))
        conflict = required - allowed
        movers = sorted(p for p, z in zones.items() if (z.min & conflict) or (conflict - z.max))
        return Overlap(
            None, float(len(conflict)), len(conflict) / len(self.universe), tuple(movers)
        )

    def zone_covers(self, outer: SetRange, inner: SetRange) -> bool:
        return outer.min <= inner.min and outer.max >= inner.max

    def describe(self, value: frozenset[str]) -> str:
        return ", ".join(self.label(e) for e in self.universe if e in value) or "none"

    def describe_zone(self, zone: SetRange) -> str:
        if zone.min == zone.max:
            return self.describe(zone.min)
        must = self.describe(zone.min)
        may = self.describe(zone.max - zone.min)
        return f"must include {must}; may include {may}" if zone.min else f"any of {may}"

    def sort_key(self, value: frozenset[str]) -> Any:
        return tuple(self.value_to_data(value))

    keys: ClassVar[tuple[str, ...]] = ("universe",)
    questions: ClassVar[Mapping[str, str]] = {
        "universe": "Ids the set may hold, separated by commas"
    }
    value_hint: ClassVar[str] = "a list like [a, b]"
