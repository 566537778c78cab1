"""One measurement, in its own process: ``python -m benchmarks.child TASK ARGS_JSON``.

Prints one JSON line: the seconds the timed operation took (imports and
untimed set-up excluded), the process's peak resident memory, and facts the
runner checks (counts of stances, problems, changes, cache hits).  A task
that cannot run prints ``{"skipped": reason}``.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import api
from .datasets import dataset_files

__all__ = ["TASKS", "main"]


def _parse_all(root: Path, load: Callable[[bytes], Any]) -> tuple[float, dict]:
    files = dataset_files(root)
    t0 = time.perf_counter()
    trees = [load(p.read_bytes()) for p in files]
    seconds = time.perf_counter() - t0
    return seconds, {"files": len(trees), "_keep": trees}


def parse_ruamel(args: dict) -> tuple[float, dict]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    if yaml.Parser.__name__ != "CParser":
        raise api.Unavailable("ruamel.yaml.clib (the C parser) is not installed")
    return _parse_all(Path(args["root"]), yaml.load)


def parse_pyyaml(args: dict) -> tuple[float, dict]:
    try:
        import yaml
        from yaml import CSafeLoader
    except ImportError as exc:
        raise api.Unavailable(f"PyYAML with libyaml is not installed ({exc})") from None
    return _parse_all(Path(args["root"]), lambda data: yaml.load(data, Loader=CSafeLoader))


def load_check(args: dict) -> tuple[float, dict]:
    root = Path(args["root"])
    t0 = time.perf_counter()
    dataset, problems = api.load_and_check(root)
    seconds = time.perf_counter() - t0
    info: dict[str, Any] = {"problems": len(problems), "_keep": (dataset, problems)}
    if dataset is not None:
        info["stances"] = len(dataset.stances)
    errors = [p for p in problems if getattr(p, "level", "error") == "error"]
    info["errors"] = len(errors)
    info["first_errors"] = [str(p) for p in errors[:3]]
    stats = _cache_stats()
    if stats is not None:
        info["cache"] = stats
    return seconds, info


def load_check_build(args: dict) -> tuple[float, dict]:
    """A check, then every stance built (a warm check defers that to first use)."""
    root = Path(args["root"])
    t0 = time.perf_counter()
    dataset, problems = api.load_and_check(root)
    stances = tuple(dataset.stances) if dataset is not None else ()
    seconds = time.perf_counter() - t0
    return seconds, {"problems": len(problems), "stances": len(stances),
                     "cache": _cache_stats(), "_keep": (dataset, problems, stances)}


def _cache_stats() -> dict | None:
    try:
        from peacetracker.loading import _file_cache as _cache
    except ImportError:
        return None
    totals = getattr(_cache, "process_stats", None)
    return totals() if callable(totals) else None


def _settle() -> None:
    """Before timing: what loading left for the cycle collector is collected, in
    both the subject and its baseline."""
    import gc

    gc.collect()


def diff(args: dict) -> tuple[float, dict]:
    old = api.load_dataset(Path(args["old"]))
    new = api.load_dataset(Path(args["new"]))
    api.prepare("peacetracker.analysis.changes")  # imported untimed, as DeepDiff is
    _settle()
    t0 = time.perf_counter()
    changes = api.diff(old, new)
    seconds = time.perf_counter() - t0
    return seconds, {"changes": len(changes), "_keep": (old, new, changes)}


def deepdiff(args: dict) -> tuple[float, dict]:
    try:
        import yaml
        from deepdiff import DeepDiff
    except ImportError as exc:
        raise api.Unavailable(f"deepdiff or PyYAML is not installed ({exc})") from None

    def trees(root: Path) -> dict:
        return {str(p.relative_to(root)): yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
                for p in dataset_files(root)}

    old, new = trees(Path(args["old"])), trees(Path(args["new"]))
    _settle()
    t0 = time.perf_counter()
    result = DeepDiff(old, new)
    seconds = time.perf_counter() - t0
    return seconds, {"changes": sum(len(v) for v in result.values()), "_keep": result}


def gaps_overlaps(args: dict) -> tuple[float, dict]:
    dataset = api.load_dataset(Path(args["root"]))
    api.prepare("peacetracker.analysis.gaps", "peacetracker.analysis.overlaps")
    _settle()  # a fixed cost (imports) in the timing would flatter the growth exponent
    t0 = time.perf_counter()
    gaps, overlaps = api.gaps_and_overlaps(dataset)
    seconds = time.perf_counter() - t0
    return seconds, {"gaps": len(gaps), "pairs": len(overlaps),
                     "overlap_rows": sum(len(o) for o in overlaps), "_keep": (gaps, overlaps)}


def report_html(args: dict) -> tuple[float, dict]:
    dataset = api.load_dataset(Path(args["root"]))
    api.prepare("peacetracker.report", "peacetracker.report.html",
                "peacetracker.analysis.gaps", "peacetracker.analysis.overlaps")
    _settle()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        size = api.report_html(dataset, Path(tmp) / "report.html")
        seconds = time.perf_counter() - t0
    return seconds, {"html_bytes": size}


TASKS: dict[str, Callable[[dict], tuple[float, dict]]] = {
    "parse-ruamel": parse_ruamel,
    "parse-pyyaml": parse_pyyaml,
    "load-check": load_check,
    "load-check-build": load_check_build,
    "diff": diff,
    "deepdiff": deepdiff,
    "gaps-overlaps": gaps_overlaps,
    "report-html": report_html,
}


def main(argv: list[str]) -> int:
    task, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    try:
        seconds, info = TASKS[task](args)
    except api.Unavailable as exc:
        print(json.dumps({"skipped": str(exc)}))
        return 0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    info = {k: v for k, v in info.items() if not k.startswith("_")}
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_kb / 1024, "info": info}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
