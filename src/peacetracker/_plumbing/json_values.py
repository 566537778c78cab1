"""Python values from the analysis frames as plain JSON data."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

__all__ = ["plain_value"]


def plain_value(value: Any, *, keep_floats: bool = False) -> Any:
    """A JSON-ready form of a frame cell: numbers, strings, booleans, lists and
    mappings; sets sorted; zones as ``{"min": ..., "max": ...}``; dates as
    ISO strings; missing values (None, NaN, NaT) as None.  A whole float is
    written as an int (``1.0`` as ``1``) unless ``keep_floats`` (for fields
    typed float, as the report's)."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and not keep_floats else value
    if isinstance(value, dt.datetime):
        if value != value:  # NaT
            return None
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        items = [plain_value(v, keep_floats=keep_floats) for v in value]
        try:
            return sorted(items)
        except TypeError:  # mixed kinds (ids and numbers): grouped by kind, then sorted
            return sorted(items, key=lambda v: (type(v).__name__, repr(v)))
    if isinstance(value, list | tuple):
        return [plain_value(v, keep_floats=keep_floats) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_value(v, keep_floats=keep_floats) for k, v in value.items()}
    if hasattr(value, "to_data") and callable(value.to_data):
        return plain_value(value.to_data(), keep_floats=keep_floats)
    if attrs.has(type(value)):
        names = [f.name for f in attrs.fields(type(value))]
        if names == ["lo", "hi"]:  # a numeric Interval
            return {
                "min": plain_value(value.lo, keep_floats=keep_floats),
                "max": plain_value(value.hi, keep_floats=keep_floats),
            }
        return {
            n: plain_value(getattr(value, n), keep_floats=keep_floats)
            for n in names
            if n != "origin"
        }
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalars
        return plain_value(value.item(), keep_floats=keep_floats)
    return str(value)
