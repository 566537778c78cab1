"""The parts of peacetracker the benchmarks time, found at run time.

Each function raises :class:`Unavailable` (with the reason) when the part it
needs has not landed yet, so the runner reports the benchmark as skipped
instead of inventing a figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "Unavailable",
    "diff",
    "gaps_and_overlaps",
    "load_and_check",
    "load_dataset",
    "prepare",
    "report_html",
]


class Unavailable(RuntimeError):
    """A benchmark cannot run: what it needs is not there (yet)."""


def _need(module: str, name: str, owner: str) -> Any:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise Unavailable(f"{module} not importable ({exc}); owner: {owner}") from None
    try:
        return getattr(mod, name)
    except AttributeError:
        raise Unavailable(f"{module}.{name} does not exist yet; owner: {owner}") from None


def load_and_check(root: Path) -> tuple[Any, list[Any]]:
    """Load the dataset and run every check: (dataset, problems)."""
    check = _need("peacetracker", "check", "check")
    result = check(root)
    return _dataset_and_problems(result, root)


def _dataset_and_problems(result: Any, root: Path) -> tuple[Any, list[Any]]:
    if isinstance(result, tuple) and len(result) == 2:
        return result[0], list(result[1])
    dataset = getattr(result, "dataset", None)
    problems = getattr(result, "problems", result)
    return dataset, list(problems)


def load_dataset(root: Path) -> Any:
    """A loaded dataset, every stance built (for benchmarks that time what comes
    after loading: from a warm cache, stances are otherwise built on first use,
    inside the timed operation)."""
    load = _need("peacetracker", "load", "check")
    dataset = load(root)
    tuple(dataset.stances)
    return dataset


def prepare(*modules: str) -> None:
    """Import what a timed operation uses (pandas among them), as a script would
    at its top: a fixed cost, not the operation's."""
    import importlib

    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise Unavailable(f"{module} not importable ({exc})") from None


def diff(old: Any, new: Any) -> Any:
    """Changes between two loaded versions."""
    fn = _need("peacetracker", "diff", "analysis")
    return fn(old, new)


def gaps_and_overlaps(dataset: Any) -> tuple[Any, list[Any]]:
    """Gaps for every pair of parties on every issue, and the overlap of every pair."""
    gaps = getattr(dataset, "gaps", None)
    overlaps = getattr(dataset, "overlaps", None)
    if gaps is None or overlaps is None:
        raise Unavailable("Dataset.gaps / Dataset.overlaps do not exist yet; owner: analysis")
    parties = sorted(dataset.parties)
    pairs = [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]
    return gaps(), [overlaps(parties=[a, b]) for a, b in pairs]


def report_html(dataset: Any, out: Path) -> int:
    """Build and write the full HTML report; returns its size in bytes."""
    build = _need("peacetracker.report", "build_report", "report")
    render = _need("peacetracker.report", "render", "report")
    html = render(build(dataset), "html")
    out.write_text(html, encoding="utf-8")
    return len(html)
