"""Categorical scales: unordered options (e.g. ceasefire first vs. settlement first).

Two different options are 1 apart (normalised 1), the same option 0.
Zones are sets of acceptable options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from attrs import field, frozen

from ._base import id_tuple, label_tuple, option_labels
from ._option_scale import OptionScale

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

    def gap_text(self, units: float) -> str:
        """Unordered options are the same or not: "same option", "different options"."""
        return "same option" if units == 0 else "different options"

    @classmethod
    def gap_phrase(cls, gap_text: str) -> str:
        """An option gap stands alone: "different options"."""
        return gap_text
