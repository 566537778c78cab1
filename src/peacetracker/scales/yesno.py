"""Yes/no scales.  Values are booleans, written ``yes``/``no`` or ``true``/``false``.

Gaps are 0 (same answer) or 1; zones are sets of acceptable answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from attrs import frozen

from ._base import Overlap, Scale, ScaleError, side_zones

if TYPE_CHECKING:
    import numpy as np

__all__ = ["YesNoScale"]

_WORDS = {"yes": True, "no": False, "true": True, "false": False}


@frozen
class YesNoScale(Scale):
    type: ClassVar[str] = "yesno"
    unit = "answers"

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> YesNoScale:
        return cls()

    def to_data(self) -> dict[str, Any]:
        return {"type": self.type}

    def parse_value(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _WORDS:
            return _WORDS[raw.strip().lower()]
        raise ScaleError(f"the value must be yes or no, not {raw!r}", "write yes or no")

    def parse_zone(self, raw: Any) -> frozenset[bool]:
        items = raw if isinstance(raw, Sequence) and not isinstance(raw, str) else [raw]
        if not items:
            raise ScaleError("the acceptable set is empty", "write [yes], [no] or [yes, no]")
        return frozenset(self.parse_value(x) for x in items)

    def value_to_data(self, value: bool) -> str:
        return "yes" if value else "no"

    def zone_to_data(self, zone: frozenset[bool]) -> list[str]:
        return [self.value_to_data(v) for v in (True, False) if v in zone]

    def point_zone(self, value: bool) -> frozenset[bool]:
        return frozenset([value])

    def contains(self, zone: frozenset[bool], value: bool) -> bool:
        return value in zone

    def distance(self, a: bool, b: bool) -> float:
        return 0.0 if a == b else 1.0

    def normalised(self, a: bool, b: bool, span: float | None = None) -> float:
        return self.distance(a, b)

    def common_zone(self, zones: Iterable[frozenset[bool]]) -> frozenset[bool] | None:
        return frozenset([True, False]).intersection(*zones) or None

    def gaps(
        self, a: np.ndarray, b: np.ndarray, x_a: np.ndarray, x_b: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np
        x_a, x_b = np.asarray(x_a, dtype="float64"), np.asarray(x_b, dtype="float64")
        d = (x_a != x_b).astype("float64")
        d[np.isnan(x_a) | np.isnan(x_b)] = np.nan
        return d, d.copy()

    def _no_common_zone(
        self, zones: Mapping[str, frozenset[bool]], sides: Mapping[str, str] | None
    ) -> Overlap:
        # Some say only yes, others only no: the minority side must move; on a tie
        # (one party on each side, say) either side could, so both are named.  A
        # coalition and its members count as one side (accepting what all accept).
        grouped = [frozenset([True, False]).intersection(*m) for m in side_zones(zones, sides)]
        yes = sum(True in z for z in grouped)
        no = sum(False in z for z in grouped)
        keep = {True} if yes > no else {False} if no > yes else {True, False}
        movers = tuple(sorted(p for p, z in zones.items() if not keep <= z))
        return Overlap(None, 1.0, 1.0, movers)

    def describe(self, value: bool) -> str:
        return "yes" if value else "no"

    def describe_zone(self, zone: frozenset[bool]) -> str:
        return " or ".join(self.describe(v) for v in (True, False) if v in zone)

    def as_number(self, value: bool) -> float:
        return 1.0 if value else 0.0

    def from_number(self, x: float) -> bool:
        return bool(x >= 0.5)

    def sort_key(self, value: bool) -> Any:
        return (not value,)

    def gap_text(self, units: float) -> str:
        """Two answers agree or not: "same answer", "opposite answers"."""
        return "same answer" if units == 0 else "opposite answers"

    value_is_choice: ClassVar[bool] = True

    @classmethod
    def gap_phrase(cls, gap_text: str) -> str:
        """An answer gap stands alone: "opposite answers"."""
        return gap_text
