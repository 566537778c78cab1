"""peacetracker: track where the parties to a negotiation stand, issue by issue.

>>> import peacetracker
>>> ds = peacetracker.load("positions")            # doctest: +SKIP
>>> ds.gaps().head()                                # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._dataset import Dataset
from ._model import (
    Claim,
    Condition,
    DateLike,
    Event,
    Evidence,
    Issue,
    Origin,
    Party,
    Settings,
    Source,
    Stance,
)
from .errors import (
    ArgumentError,
    ArgumentTypeError,
    ConflictError,
    DatasetChangedError,
    DatasetError,
    DateError,
    EditError,
    FilterError,
    FormatError,
    InvalidValueError,
    LockedError,
    NoDirectoryError,
    NotADatasetError,
    PeacetrackerError,
    QuoteNotFound,
    RefusedError,
    RevisionError,
    ScaleError,
    UnknownIdError,
)
from .loading import CheckResult, check, load, load_version
from .problems import Problem
from .scales import (
    CategoricalScale,
    Interval,
    NumericScale,
    OrdinalScale,
    Overlap,
    Scale,
    SetRange,
    SetScale,
    YesNoScale,
)

if TYPE_CHECKING:
    import pandas as pd


def diff(
    a: Dataset,
    b: Dataset,
    *,
    min_confidence: str | None = None,
    exclude_kinds: Iterable[str] | str | None = None,
    basis: Iterable[str] | str | None = None,
) -> pd.DataFrame:
    """Classified changes from dataset ``a`` to dataset ``b``, one row per change
    (a pandas DataFrame; columns in docs/api.md).  ``b.compare(a)`` gives the
    directions of its moves too."""
    from .analysis._quality import Quality
    from .analysis.changes import diff as _diff

    return _diff(a, b, quality=Quality.of(min_confidence, exclude_kinds, basis))


__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "CategoricalScale",
    "CheckResult",
    "Claim",
    "Condition",
    "ConflictError",
    "Dataset",
    "DatasetChangedError",
    "DatasetError",
    "DateError",
    "DateLike",
    "EditError",
    "Event",
    "Evidence",
    "FilterError",
    "FormatError",
    "Interval",
    "InvalidValueError",
    "Issue",
    "LockedError",
    "NoDirectoryError",
    "NotADatasetError",
    "NumericScale",
    "OrdinalScale",
    "Origin",
    "Overlap",
    "Party",
    "PeacetrackerError",
    "Problem",
    "QuoteNotFound",
    "RefusedError",
    "RevisionError",
    "Scale",
    "ScaleError",
    "SetRange",
    "SetScale",
    "Settings",
    "Source",
    "Stance",
    "UnknownIdError",
    "YesNoScale",
    "check",
    "diff",
    "load",
    "load_version",
]
