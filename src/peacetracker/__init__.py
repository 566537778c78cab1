"""peacetracker: track where the parties to a negotiation stand, issue by issue.

    >>> import peacetracker
    >>> ds = peacetracker.load("positions")            # doctest: +SKIP
    >>> ds.gaps().head()                                # doctest: +SKIP
"""

from ._dataset import Dataset
from ._load import CheckResult, check, load
from ._model import (
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

__all__ = [
    "CategoricalScale",
    "CheckResult",
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
    "load",
]
