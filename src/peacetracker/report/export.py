"""Writing the analysis frames to CSV, JSON and Parquet with their own column
names (see docs/api.md).  Cells holding scale values or zones (``object``
columns) become JSON text in CSV and Parquet, and nested data in JSON."""

from __future__ import annotations

import io
import json

import pandas as pd

from ._plain import plain_value

__all__ = ["EXPORT_FORMATS", "frame_bytes"]

EXPORT_FORMATS = ("csv", "json", "parquet")


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every object column as JSON text (one type per column)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = pd.array(
                [
                    None
                    if (v := plain_value(x)) is None
                    else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                    for x in out[col]
                ],
                dtype="string",
            )
    return out


def frame_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """``frame`` encoded as ``fmt`` (csv, json or parquet)."""
    if fmt == "csv":
        flat = _flat(frame)
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
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
