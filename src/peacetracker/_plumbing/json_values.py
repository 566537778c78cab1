"""Python values from the analysis frames as plain JSON data."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

__all__ = ["plain_value"]


def plain_value(value: Any) -> Any:
    """A JSON-ready form of a frame cell: numbers, strings, booleans, lists and
    mappings; sets sorted; zones as ``{"min": ..., "max": ...}``; dates as
    ISO strings; missing values (None, NaN, NaT) as None."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else (int(value) if value.is_integer() else value)
    if isinstance(value, dt.datetime):
        if value != value:  # NaT
            return None
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        items = [plain_value(v) for v in value]
        try:
            return sorted(items)
        except TypeError:  # mixed kinds (ids and numbers): grouped by kind, then sorted
            return sorted(items, key=lambda v: (type(v).__name__, repr(v)))
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if hasattr(value, "to_data") and callable(value.to_data):
        return plain_value(value.to_data())
    if attrs.has(type(value)):
        names = [f.name for f in attrs.fields(type(value))]
        if names == ["lo", "hi"]:  # a numeric Interval
            return {"min": plain_value(value.lo), "max": plain_value(value.hi)}
        return {n: plain_value(getattr(value, n)) for n in names if n != "origin"}
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalars
        return plain_value(value.item())
    return str(value)
