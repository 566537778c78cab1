"""Numeric scales: a number with a unit (personnel, km2, money).

Zones are :class:`Interval` objects; an open end is ``None``.  Gaps are
absolute differences, normalised by the declared range (``min``..``max``)
or, when none is declared, relatively: by the larger of the two magnitudes
compared (never by the range observed in the data, which two values always
span whole).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from attrs import frozen

from ._base import Overlap, Scale, ScaleError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Interval", "NumericScale"]


@frozen
class Interval:
    """Closed interval ``lo..hi``; ``None`` is an open end."""

    lo: float | None = None
    hi: float | None = None

    def __contains__(self, value: float) -> bool:
        return (self.lo is None or value >= self.lo) and (self.hi is None or value <= self.hi)

    def covers(self, other: Interval) -> bool:
        lo_ok = self.lo is None or (other.lo is not None and other.lo >= self.lo)
        hi_ok = self.hi is None or (other.hi is not None and other.hi <= self.hi)
        return lo_ok and hi_ok


def _number(raw: Any, what: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        hint = ""
        if isinstance(raw, str):
            cleaned = raw.replace(",", "").replace("_", "").replace(" ", "")
            try:
                hint = f"write it as a plain number: {float(cleaned):g}"
            except ValueError:
                hint = "write a plain number, e.g. 5000"
        else:
            hint = "write a plain number, e.g. 5000"
        raise ScaleError(f"{what} must be a number, not {raw!r}", hint)
    value = float(raw)
    if math.isnan(value) or math.isinf(value):
        raise ScaleError(f"{what} must be a finite number, not {raw!r}", "write a plain number")
    return value


def _fmt(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.6g}"


@frozen
class NumericScale(Scale):
    type: ClassVar[str] = "numeric"

    unit: str = ""
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> NumericScale:
        lo = _number(raw["min"], "min") if raw.get("min") is not None else None
        hi = _number(raw["max"], "max") if raw.get("max") is not None else None
        if lo is not None and hi is not None and lo > hi:
            raise ScaleError(f"min ({_fmt(lo)}) is greater than max ({_fmt(hi)})", "swap them")
        unit = raw.get("unit", "")
        return cls(unit=str(unit) if unit is not None else "", min=lo, max=hi)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type}
        if self.unit:
            data["unit"] = self.unit
        if self.min is not None:
            data["min"] = self.min
        if self.max is not None:
            data["max"] = self.max
        return data

    @property
    def declared_span(self) -> float | None:
        if self.min is None or self.max is None:
            return None
        return self.max - self.min

    # parsing
    def parse_value(self, raw: Any) -> float:
        value = _number(raw, "the value")
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            scale_range = self.describe_zone(Interval(self.min, self.max))
            raise ScaleError(
                f"{_fmt(value)} is outside the scale's range {scale_range}",
                "check the figure and its unit, or widen the issue's min/max",
            )
        return value

    def parse_zone(self, raw: Any) -> Interval:
        if not isinstance(raw, Mapping) or not ({"min", "max"} & set(raw)):
            raise ScaleError(
                "an acceptable range on a numeric scale is a mapping with min and/or max",
                "write e.g. 'accept: {min: 0, max: 5000}'",
            )
        extra = set(raw) - {"min", "max"}
        if extra:
            raise ScaleError(
                f"unknown key '{sorted(extra)[0]}' in an acceptable range", "use only min and max"
            )
        lo = self.parse_value(raw["min"]) if raw.get("min") is not None else None
        hi = self.parse_value(raw["max"]) if raw.get("max") is not None else None
        if lo is not None and hi is not None and lo > hi:
            raise ScaleError(f"min ({_fmt(lo)}) is greater than max ({_fmt(hi)})", "swap them")
        return Interval(lo, hi)

    def value_to_data(self, value: float) -> Any:
        return int(value) if float(value).is_integer() else value

    def zone_to_data(self, zone: Interval) -> dict[str, Any]:
        data = {}
        if zone.lo is not None:
            data["min"] = self.value_to_data(zone.lo)
        if zone.hi is not None:
            data["max"] = self.value_to_data(zone.hi)
        return data

    # semantics
    def point_zone(self, value: float) -> Interval:
        return Interval(value, value)

    def contains(self, zone: Interval, value: float) -> bool:
        return value in zone

    def distance(self, a: float, b: float) -> float:
        return abs(a - b)

    @property
    def norm_basis(self) -> str:
        """``declared`` (a gap over the declared ``min``..``max``) or ``relative``
        (a gap over the larger of the two magnitudes compared)."""
        return "declared" if self.declared_span else "relative"

    def _norm(self, d: Any, a: Any, b: Any) -> Any:
        """The normalising rule, element-wise: ``d / (max - min)`` with a declared
        range; else ``d / max(|a|, |b|)`` (relative: 100 vs 150 is 0.33, at any
        scale, whatever else the dataset holds), 0 when both are 0; at most 1."""
        import numpy as np
        span = self.declared_span
        with np.errstate(invalid="ignore", divide="ignore"):
            if span:
                return np.minimum(1.0, d / span)
            size = np.maximum(np.abs(a), np.abs(b))
            return np.where(d == 0, 0.0, np.minimum(1.0, d / size))

    def normalised(self, a: float, b: float, span: float | None = None) -> float:
        return float(self._norm(abs(a - b), a, b))

    def gaps(
        self, a: np.ndarray, b: np.ndarray, x_a: np.ndarray, x_b: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np
        x_a, x_b = np.asarray(x_a, dtype="float64"), np.asarray(x_b, dtype="float64")
        d = np.abs(x_a - x_b)
        return d, np.asarray(self._norm(d, x_a, x_b), dtype="float64")

    @property
    def range_missing(self) -> bool:
        return not self.declared_span

    def gap_text(self, units: float) -> str:
        return self.describe(units)

    def axis(self, old: float, new: float) -> int:
        import numpy as np
        return int(np.sign(new - old))

    def move_text(self, old: float, new: float) -> str | None:
        if new == old:
            return None
        return f"{'raised' if new > old else 'lowered'} to {self.describe(new)}"

    def common_zone(self, zones: Iterable[Interval]) -> Interval | None:
        zones = list(zones)
        los = [z.lo for z in zones if z.lo is not None]
        his = [z.hi for z in zones if z.hi is not None]
        lo = max(los) if los else None
        hi = min(his) if his else None
        return Interval(lo, hi) if lo is None or hi is None or lo <= hi else None

    def _no_common_zone(
        self, zones: Mapping[str, Interval], sides: Mapping[str, str] | None
    ) -> Overlap:
        los = [(z.lo, p) for p, z in zones.items() if z.lo is not None]
        his = [(z.hi, p) for p, z in zones.items() if z.hi is not None]
        lo = max(v for v, _ in los)
        hi = min(v for v, _ in his)
        gap = lo - hi
        movers = sorted({p for v, p in los if v == lo} | {p for v, p in his if v == hi})
        return Overlap(None, gap, float(self._norm(gap, lo, hi)), tuple(movers))

    def zone_covers(self, outer: Interval, inner: Interval) -> bool:
        return outer.covers(inner)

    def _with_unit(self, text: str) -> str:
        return f"{text} {self.unit}" if self.unit else text

    def describe(self, value: float) -> str:
        return self._with_unit(_fmt(value))

    def describe_zone(self, zone: Interval) -> str:
        if zone.lo is not None and zone.hi is not None:
            if zone.lo == zone.hi:
                return self.describe(zone.lo)
            return self._with_unit(f"{_fmt(zone.lo)} to {_fmt(zone.hi)}")
        if zone.lo is not None:
            return self._with_unit(f"at least {_fmt(zone.lo)}")
        if zone.hi is not None:
            return self._with_unit(f"at most {_fmt(zone.hi)}")
        return "any"

    def as_number(self, value: float) -> float:
        return float(value)

    def from_number(self, x: float) -> float:
        return round(float(x), 6)

    def sort_key(self, value: float) -> Any:
        return value

    keys: ClassVar[tuple[str, ...]] = ("unit", "min", "max")
