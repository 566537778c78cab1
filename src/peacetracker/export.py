"""Writing the analysis frames to CSV, JSON and Parquet with their own column
names (see docs/api.md).  Cells holding scale values or zones (``object``
columns) become JSON text in CSV and Parquet, and nested data in JSON."""

from __future__ import annotations

import io
import json

import pandas as pd

from ._plumbing.json_values import plain_value
from .errors import FormatError

__all__ = ["EXPORT_FORMATS", "frame_bytes"]

EXPORT_FORMATS = ("csv", "json", "parquet")


#: What a spreadsheet reads as the start of a formula (OWASP's list).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula
    (``=HYPERLINK(...)``, ``+1``, ``-2+3``, ``@SUM``) gets a leading ``'``."""
    return "'" + text if text.startswith(_FORMULA) else text


def _flat(frame: pd.DataFrame, csv: bool = False) -> pd.DataFrame:
    """The frame with every object column as JSON text (one type per column);
    with ``csv``, text from the data neutralised for spreadsheets (:func:`_cell`:
    text only, never a number or a value written as JSON)."""
    out = frame.copy()
    text = _cell if csv else (lambda v: v)
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = pd.array(
                [
                    None
                    if (v := plain_value(x)) is None
                    else (text(v) if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                    for x in out[col]
                ],
                dtype="string",
            )
        elif csv and pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v: _cell(v) if isinstance(v, str) else v)
    return out


def frame_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """``frame`` encoded as ``fmt`` (csv, json or parquet)."""
    if fmt == "csv":
        flat = _flat(frame, csv=True)
        for col in flat.columns:
            if pd.api.types.is_datetime64_any_dtype(flat[col]):
                flat[col] = flat[col].dt.strftime("%Y-%m-%d")
        return flat.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt == "json":
        records = [
            {col: plain_value(v) for col, v in zip(frame.columns, row, strict=True)}
            for row in frame.itertuples(index=False, name=None)
        ]
        return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == "parquet":
        buf = io.BytesIO()
        _flat(frame).to_parquet(buf, index=False, engine="pyarrow")
        return buf.getvalue()
    raise FormatError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}",
                      "fmt", fmt, EXPORT_FORMATS)
