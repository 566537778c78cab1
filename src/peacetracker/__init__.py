"""peacetracker: track where the parties to a negotiation stand, issue by issue.

>>> import peacetracker
>>> ds = peacetracker.load("positions")            # doctest: +SKIP
>>> ds.gaps().head()                                # doctest: +SKIP
"""

from ._dataset import Dataset
from ._load import CheckResult, check, load
from ._model import (
    Claim,
    Condition,
    Event,
    Evidence,
    Issue,
    Origin,
    Party,
    Settings,
    Source,
    Stance,
)
from .problems import DatasetError, Problem
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
from .versions import load_version


def diff(a: Dataset, b: Dataset):
    """Classified changes from dataset ``a`` to dataset ``b``, one row per change
    (a pandas DataFrame; columns in docs/api.md)."""
    from .analysis.changes import diff as _diff

    return _diff(a, b)


def diff_directions(a: Dataset, b: Dataset):
    """For every move from ``a`` to ``b``: converging or diverging from each other
    party, with the gap before and after (a pandas DataFrame)."""
    from .analysis.changes import diff_directions as _diff_directions

    return _diff_directions(a, b)


__all__ = [
    "CategoricalScale",
    "CheckResult",
    "Claim",
    "Condition",
    "Dataset",
    "DatasetError",
    "Event",
    "Evidence",
    "Interval",
    "Issue",
    "NumericScale",
    "OrdinalScale",
    "Origin",
    "Overlap",
    "Party",
    "Problem",
    "Scale",
    "SetRange",
    "SetScale",
    "Settings",
    "Source",
    "Stance",
    "YesNoScale",
    "check",
    "diff",
    "diff_directions",
    "load",
    "load_version",
]
