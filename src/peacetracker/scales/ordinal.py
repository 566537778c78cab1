"""Ordinal scales: an ordered list of options (e.g. none < assurances < binding).

Gaps are rank differences, normalised by the number of steps on the scale.
Zones are sets of options, written as a list or as ``{min: a, max: b}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from attrs import field, frozen

from ._base import Overlap, ScaleError, id_tuple, label_tuple, option_labels
from ._option_scale import OptionScale

if TYPE_CHECKING:
    import numpy as np

__all__ = ["OrdinalScale"]


@frozen
class OrdinalScale(OptionScale):
    type: ClassVar[str] = "ordinal"
    unit = "steps"

    options: tuple[str, ...] = field(converter=id_tuple)
    labels: tuple[tuple[str, str], ...] = field(converter=label_tuple, default=())

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> OrdinalScale:
        options, labels = option_labels(raw.get("options"), "options")
        if len(options) < 2:
            raise ScaleError("an ordinal scale needs at least two options", "add another option")
        return cls(options=options, labels=labels)

    def to_data(self) -> dict[str, Any]:
        labels = dict(self.labels)
        options: Any = {o: labels.get(o) for o in self.options} if labels else list(self.options)
        return {"type": self.type, "options": options}

    def rank(self, option: str) -> int:
        return self.options.index(option)

    @property
    def steps(self) -> int:
        return len(self.options) - 1

    def parse_zone(self, raw: Any) -> frozenset[str]:
        if isinstance(raw, Mapping):
            extra = set(raw) - {"min", "max"}
            if extra or not raw:
                raise ScaleError(
                    "an ordinal range is written {min: option, max: option}",
                    "use only min and max, or list the options",
                )
            lo = self.rank(self.parse_value(raw["min"])) if raw.get("min") is not None else 0
            hi = (
                self.rank(self.parse_value(raw["max"]))
                if raw.get("max") is not None
                else self.steps
            )
            if lo > hi:
                raise ScaleError(
                    f"min '{self.options[lo]}' ranks above max '{self.options[hi]}'", "swap them"
                )
            return frozenset(self.options[lo : hi + 1])
        return super().parse_zone(raw)

    def distance(self, a: str, b: str) -> float:
        return float(abs(self.rank(a) - self.rank(b)))

    def normalised(self, a: str, b: str, span: float | None = None) -> float:
        return self.distance(a, b) / self.steps

    def _zone_distance(self, z1: frozenset[str], z2: frozenset[str]) -> int:
        return min(abs(self.rank(a) - self.rank(b)) for a in z1 for b in z2)

    def gaps(
        self, a: np.ndarray, b: np.ndarray, x_a: np.ndarray, x_b: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np
        d = np.abs(np.asarray(x_a, dtype="float64") - np.asarray(x_b, dtype="float64"))
        return d, d / self.steps

    def axis(self, old: str, new: str) -> int:
        import numpy as np
        return int(np.sign(self.rank(new) - self.rank(old)))

    def move_text(self, old: str, new: str) -> str | None:
        way = self.axis(old, new)
        if way == 0:
            return None
        return f"moved {'up' if way > 0 else 'down'} the scale to {self.label(new)}"

    def _no_common_zone(
        self, zones: Mapping[str, frozenset[str]], sides: Mapping[str, str] | None
    ) -> Overlap:
        # The most distant pair of zones bounds the concession (as for intervals).
        items = sorted(zones.items())
        worst, movers = 0, set()
        for i, (p, z) in enumerate(items):
            for q, w in items[i + 1 :]:
                d = self._zone_distance(z, w)
                if d > worst:
                    worst, movers = d, {p, q}
                elif d == worst and d > 0:
                    movers |= {p, q}
        if worst == 0:
            # Pairwise overlapping but no common option (non-contiguous zones).
            return self._most_accepted(zones, sides)
        return Overlap(None, float(worst), worst / self.steps, tuple(sorted(movers)))

    def as_number(self, value: str) -> float:
        return float(self.rank(value))

    def from_number(self, x: float) -> str:
        import numpy as np
        return self.options[int(np.clip(np.floor(x + 0.5), 0, self.steps))]
