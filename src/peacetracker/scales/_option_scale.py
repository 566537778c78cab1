"""What ordinal and categorical scales share: a list of option ids with labels,
and zones that are sets of options."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from .._plumbing.suggest import did_you_mean
from ._base import Overlap, Scale, ScaleError, humanise, side_zones

if TYPE_CHECKING:
    import numpy as np

__all__ = ["OptionScale"]


class OptionScale(Scale):
    """A scale whose values are option ids (``options`` is an ordered tuple)."""

    options: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]
    unit = "options"

    def label(self, option: str) -> str:
        return dict(self.labels).get(option, humanise(option))

    def parse_value(self, raw: Any) -> str:
        if type(raw) is str and raw in self.options:  # the common case, first
            return raw
        if isinstance(raw, bool) or raw is None or isinstance(raw, Mapping | list):
            raise ScaleError(
                f"the value must be one option id, not {raw!r}",
                did_you_mean("", self.options, "one of"),
            )
        value = str(raw)
        if value not in self.options:
            raise ScaleError(
                f"unknown option '{value}'", did_you_mean(value, self.options, "one of")
            )
        return value

    def parse_zone(self, raw: Any) -> frozenset[str]:
        items = raw if isinstance(raw, Sequence) and not isinstance(raw, str) else [raw]
        if not items:
            raise ScaleError("the acceptable set is empty", "list at least one option")
        return frozenset(self.parse_value(x) for x in items)

    def value_to_data(self, value: str) -> str:
        return value

    def zone_to_data(self, zone: frozenset[str]) -> list[str]:
        return [o for o in self.options if o in zone]

    def point_zone(self, value: str) -> frozenset[str]:
        return frozenset([value])

    def contains(self, zone: frozenset[str], value: str) -> bool:
        return value in zone

    def describe(self, value: str) -> str:
        return self.label(value)

    def describe_zone(self, zone: frozenset[str]) -> str:
        return ", ".join(self.label(o) for o in self.options if o in zone)

    def sort_key(self, value: str) -> Any:
        return self.options.index(value) if value in self.options else len(self.options)

    def common_zone(self, zones: Iterable[frozenset[str]]) -> frozenset[str] | None:
        common = frozenset(self.options).intersection(*zones)
        return common or None

    def gaps(
        self, a: np.ndarray, b: np.ndarray, x_a: np.ndarray, x_b: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np
        present = np.array([p is not None and q is not None for p, q in zip(a, b, strict=True)])
        d = np.array([p != q for p, q in zip(a, b, strict=True)], dtype="float64")
        d[~present] = np.nan
        return d, d.copy()

    def _no_common_zone(
        self, zones: Mapping[str, frozenset[str]], sides: Mapping[str, str] | None
    ) -> Overlap:
        return self._most_accepted(zones, sides)

    def _most_accepted(
        self, zones: Mapping[str, frozenset[str]], sides: Mapping[str, str] | None = None
    ) -> Overlap:
        """No common option: the option accepted by most sides shows who would
        have to move: everyone not accepting it.  On a tie, any of the tied options
        could be the one agreed, so every party that does not accept all of them
        could have to move.  A side (a coalition with its members) counts once,
        and accepts an option when all of its members do."""
        counts = dict.fromkeys(self.options, 0)  # zones are sets: each counts once
        for members in side_zones(zones, sides):
            for o in frozenset(self.options).intersection(*members):
                counts[o] += 1
        top = max(counts.values())
        best = [o for o in self.options if counts[o] == top]
        movers = tuple(sorted(p for p, z in zones.items() if not all(o in z for o in best)))
        return Overlap(None, 1.0, 1.0, movers)

    keys: ClassVar[tuple[str, ...]] = ("options",)
    questions: ClassVar[Mapping[str, str]] = {
        "options": "Options, lowest first, separated by commas"
    }
    value_is_choice: ClassVar[bool] = True
