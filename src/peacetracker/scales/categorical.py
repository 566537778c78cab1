"""Categorical scales: unordered options (e.g. ceasefire first vs. settlement first).

Two different options are 1 apart (normalised 1), the same option 0.
Zones are sets of acceptable options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from attrs import field, frozen

from ._base import Overlap, id_tuple, label_tuple, option_labels
from ._options import OptionScale

__all__ = ["CategoricalScale"]


@frozen
class CategoricalScale(OptionScale):
    type: ClassVar[str] = "categorical"

    options: tuple[str, ...] = field(converter=id_tuple)
    labels: tuple[tuple[str, str], ...] = field(converter=label_tuple, default=())

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> CategoricalScale:
        options, labels = option_labels(raw.get("options"), "options")
        return cls(options=options, labels=labels)

    def to_data(self) -> dict[str, Any]:
        labels = dict(self.labels)
        options: Any = {o: labels.get(o) for o in self.options} if labels else list(self.options)
        return {"type": self.type, "options": options}

    def distance(self, a: str, b: str) -> float:
        return 0.0 if a == b else 1.0

    def normalised(self, a: str, b: str, span: float | None = None) -> float:
        return self.distance(a, b)

    def overlap(
        self,
        zones: Mapping[str, frozenset[str]],
        span: float | None = None,
        sides: Mapping[str, str] | None = None,
    ) -> Overlap:
        if not zones:
            return Overlap(frozenset(self.options), 0.0, 0.0, ())
        common = self.common_zone(zones.values())
        if common:
            return Overlap(common, 0.0, 0.0, ())
        return self._most_accepted(zones, sides)
