"""The report as JSON: the report model, field for field, dates as ISO strings."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs

from ._content import Report

__all__ = ["render_json", "report_data"]


def _json_ready(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return value


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data (what ``--format json`` writes)."""
    data = attrs.asdict(report, recurse=True)
    data["bands"] = [{"word": w, "upto": b} for w, b in report.bands]
    return {"format": "peacetracker-report", "version": 1, **_json_ready(data)}


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"
