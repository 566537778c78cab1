"""Outcome estimates from the compromise model of the bargaining literature:
``O = sum(c*s*x) / sum(c*s)``.  A model, not a finding: always labelled."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..scales import NumericScale, OrdinalScale, YesNoScale
from ._core import join_ids, text_column
from .snapshot import in_force

if TYPE_CHECKING:
    from .._dataset import Dataset

__all__ = ["DEFAULT_CAPABILITY", "DEFAULT_SALIENCE", "MODEL", "OUTCOME_COLUMNS", "outcomes"]

MODEL = "compromise model"
#: Taken for a party with no stated capability or salience: the middle of 0..100.
DEFAULT_CAPABILITY = 50.0
DEFAULT_SALIENCE = 50.0

OUTCOME_COLUMNS = (
    "issue",
    "scale",
    "unit",
    "model",
    "estimate",
    "estimate_text",
    "parties",
    "n_parties",
    "assumed",
)


def _words(scale, estimate: float) -> str:
    if isinstance(scale, NumericScale):
        return scale.describe(round(estimate, 6))
    if isinstance(scale, OrdinalScale):
        return scale.describe(scale.options[int(np.clip(np.floor(estimate + 0.5), 0, scale.steps))])
    return scale.describe(estimate >= 0.5)


def outcomes(
    ds: Dataset, as_of: Any = None, issues: Iterable[str] | str | None = None
) -> pd.DataFrame:
    """One row per ordered issue (numeric, ordinal, yes/no) with stances in force."""
    core = ds._core
    snap = in_force(ds, as_of, None, issues)
    rows: dict[str, list] = {c: [] for c in OUTCOME_COLUMNS}
    groups: dict[str, list[int]] = {}
    for k, issue in enumerate(snap["issue"].to_numpy(dtype=object)):
        groups.setdefault(issue, []).append(k)
    all_parties = snap["party"].to_numpy(dtype=object)
    all_salience = snap["salience"].to_numpy(dtype="float64")
    all_x = snap["_x"].to_numpy(dtype="float64")
    for issue, idx in groups.items():
        scale = core.scale(issue)
        if not isinstance(scale, NumericScale | OrdinalScale | YesNoScale):
            continue
        parties = all_parties[idx].tolist()
        cap = np.array(
            [ds.parties[p].capability if p in ds.parties else None for p in parties], dtype=object
        )
        cap_missing = np.array([c is None for c in cap])
        c = np.where(cap_missing, DEFAULT_CAPABILITY, cap).astype("float64")
        s_raw = all_salience[idx]
        s = np.where(np.isnan(s_raw), DEFAULT_SALIENCE, s_raw)
        x = all_x[idx]
        w = c * s
        estimate = float((w * x).sum() / w.sum()) if w.sum() > 0 else float(x.mean())
        assumed = [
            p for p, m, sm in zip(parties, cap_missing, np.isnan(s_raw), strict=True) if m or sm
        ]
        rows["issue"].append(issue)
        rows["scale"].append(scale.type)
        rows["unit"].append(scale.unit)
        rows["model"].append(MODEL)
        rows["estimate"].append(estimate)
        rows["estimate_text"].append(_words(scale, estimate))
        rows["parties"].append(join_ids(parties))
        rows["n_parties"].append(len(parties))
        rows["assumed"].append(join_ids(assumed))
    frame = pd.DataFrame(
        {
            **{c: text_column(rows[c]) for c in ("issue", "scale", "unit", "model")},
            "estimate": np.array(rows["estimate"], dtype="float64"),
            "estimate_text": text_column(rows["estimate_text"]),
            "parties": text_column(rows["parties"]),
            "n_parties": pd.Series(rows["n_parties"], dtype="int64"),
            "assumed": text_column(rows["assumed"]),
        }
    )
    return frame
