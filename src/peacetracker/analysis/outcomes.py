"""Outcome estimates from the compromise model of the bargaining literature:
``O = sum(c*s*x) / sum(c*s)``.  A model, not a finding: always labelled."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._core import DateLike, join_ids, text_column
from .snapshot import in_force

if TYPE_CHECKING:
    from ..scales import Scale
    from ._core import DatasetLike

__all__ = [
    "DEFAULT_CAPABILITY",
    "DEFAULT_SALIENCE",
    "MIN_PARTIES",
    "MODEL",
    "OUTCOME_COLUMNS",
    "outcomes",
]

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
    "why",
    "weighting",
    "parties",
    "n_parties",
    "assumed",
    "plans_left_out",
)

#: Fewest parties whose positions an estimate may rest on: never a single voice.
MIN_PARTIES = 2


def _words(scale: Scale, estimate: float) -> str | None:
    """The estimate in words: the value nearest it on the scale (the number with
    its unit; for ordinal and yes/no, the nearest option)."""
    value = scale.from_number(estimate)
    return None if value is None else scale.describe(value)


def outcomes(
    ds: DatasetLike,
    *,
    issues: Iterable[str] | str | None = None,
    as_of: DateLike | None = None,
    include_plans: bool = False,
) -> pd.DataFrame:
    """One row per issue with stances in force: the compromise model's estimate
    over the parties (not plans, unless ``include_plans``) holding a position, or,
    where none can be given, ``why`` instead of a number."""
    core = ds._core
    snap = in_force(ds, as_of, None, issues)
    rows: dict[str, list] = {c: [] for c in OUTCOME_COLUMNS}
    groups: dict[str, list[int]] = {}
    for k, issue in enumerate(snap["issue"].to_numpy(dtype=object)):
        groups.setdefault(issue, []).append(k)
    all_parties = snap["party"].to_numpy(dtype=object)
    all_salience = snap["salience"].to_numpy(dtype="float64")
    all_x = snap["_x"].to_numpy(dtype="float64")
    for issue, rows_of_issue in groups.items():
        scale = core.scale(issue)
        if scale is None:
            continue
        idx = np.array(rows_of_issue)
        is_plan = np.array(
            [ds.parties[p].kind == "plan" if p in ds.parties else False for p in all_parties[idx]],
            dtype=bool,
        )
        plans = all_parties[idx][is_plan].tolist()
        if not include_plans:
            idx = idx[~is_plan]
        x = all_x[idx]
        ordered = len(x) == 0 or not np.isnan(x).all()
        parties = all_parties[idx].tolist()
        cap = [ds.parties[p].capability if p in ds.parties else None for p in parties]
        cap_missing = np.array([c is None for c in cap], dtype=bool)
        c = np.array([DEFAULT_CAPABILITY if c is None else c for c in cap], dtype="float64")
        s_raw = all_salience[idx]
        s = np.where(np.isnan(s_raw), DEFAULT_SALIENCE, s_raw)
        missing = cap_missing | np.isnan(s_raw)
        why = None
        if issue in ds.issues and ds.issues[issue].kind == "context":
            why = "a question about the talks (kind: context), not a term of a deal: no outcome"
        elif not ordered:
            why = f"a {scale.type} scale has no order: positions cannot be averaged"
        elif len(parties) < MIN_PARTIES:
            note = " (plans left out)" if plans and not include_plans else ""
            why = (
                f"only {parties[0]} holds a position{note}: an estimate needs at "
                f"least {MIN_PARTIES} parties, never a single voice"
                if parties
                else f"no party holds a position{note}"
            )
        if why is None:
            w = c * s
            estimate = float((w * x).sum() / w.sum()) if w.sum() > 0 else float(x.mean())
            text = _words(scale, estimate)
            weighting = (
                "unweighted" if missing.all() else "partly assumed" if missing.any() else "weighted"
            )
        else:
            estimate, text, weighting = np.nan, None, None
        rows["issue"].append(issue)
        rows["scale"].append(scale.type)
        rows["unit"].append(scale.unit)
        rows["model"].append(MODEL)
        rows["estimate"].append(estimate)
        rows["estimate_text"].append(text)
        rows["why"].append(why)
        rows["weighting"].append(weighting)
        rows["parties"].append(join_ids(parties))
        rows["n_parties"].append(len(parties))
        rows["assumed"].append(join_ids(p for p, m in zip(parties, missing, strict=True) if m))
        rows["plans_left_out"].append("" if include_plans else join_ids(plans))
    frame = pd.DataFrame(
        {
            **{c: text_column(rows[c]) for c in ("issue", "scale", "unit", "model")},
            "estimate": np.array(rows["estimate"], dtype="float64"),
            **{c: text_column(rows[c]) for c in ("estimate_text", "why", "weighting")},
            "parties": text_column(rows["parties"]),
            "n_parties": pd.Series(rows["n_parties"], dtype="int64"),
            "assumed": text_column(rows["assumed"]),
            "plans_left_out": text_column(rows["plans_left_out"]),
        }
    )
    return frame
