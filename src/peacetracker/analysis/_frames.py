"""The tidy frames every other analysis starts from: stances and evidence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from .._model import Stance

if TYPE_CHECKING:
    from .._dataset import Dataset
    from ._core import Core

__all__ = ["evidence_frame", "stances_frame"]


def _core_for(ds: Dataset, stances: Iterable[Stance] | None) -> Core:
    if stances is None or stances is ds.stances:
        return ds._core
    from .._dataset import Dataset as _Dataset

    sub = _Dataset(
        parties=ds.parties,
        issues=ds.issues,
        sources=ds.sources,
        events=ds.events,
        groups=ds.groups,
        stances=tuple(stances),
        settings=ds.settings,
    )
    return sub._core


def stances_frame(ds: Dataset, stances: Iterable[Stance] | None = None) -> pd.DataFrame:
    """Every stance (or the given ones) as a tidy frame, one row per stance (docs/api.md)."""
    return _core_for(ds, stances).stances_frame


def evidence_frame(ds: Dataset, stances: Iterable[Stance] | None = None) -> pd.DataFrame:
    """Every citation, one row per (stance, citation), with its source's outlet and date."""
    return _core_for(ds, stances).evidence_frame
