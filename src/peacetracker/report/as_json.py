"""The report as JSON: the report model, field for field, dates as ISO strings,
a missing number as ``null`` (never NaN, which is no JSON)."""

from __future__ import annotations

import json
from typing import Any

import attrs

from .._plumbing.json_values import plain_value
from ._content import Report

__all__ = ["render_json", "report_data"]


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data (what ``--format json`` writes): the package's
    one JSON converter, floats kept as floats (the fields are typed float)."""
    data = attrs.asdict(report, recurse=True)
    data["bands"] = [{"word": w, "upto": b} for w, b in report.bands]
    return {"format": "peacetracker-report", "version": 1, **plain_value(data, keep_floats=True)}


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"
