"""Run every benchmark, each against a baseline measured in the same run.

Every measurement is a fresh process (``benchmarks.child``) so that peak
memory is per measurement and no run warms the next one's interpreter.
Subjects and their baselines are run in turn (round-robin), so a noisy
neighbour slows both; figures are medians over the repeats, and targets are
ratios, never absolute times.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .datasets import DATASETS, dataset_files, ensure_dataset, stats

__all__ = [
    "DEFAULT_GROUPS", "GROUPS", "Measurement", "format_markdown", "format_table", "run_suite",
]

REPO = Path(__file__).resolve().parent.parent
#: Benchmark groups, in the order they run; ``--only`` picks some.
GROUPS = ("load", "memory", "diff", "analysis", "report", "startup", "scale")
#: Groups run when none are named (``scale`` is the once-off run at 1,000,000 stances).
DEFAULT_GROUPS = GROUPS[:-1]
#: DeepDiff takes minutes at 100k stances: at most this many repeats of it.
DEEPDIFF_REPEAT = 3
#: Growth exponent counted as linear (cost ~ size ** exponent).
LINEAR = 1.2


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    env.pop("PEACETRACKER_CACHE", None)
    env.update(extra)
    return env


@dataclass
class Measurement:
    """Repeated runs of one task: seconds, peak memory and facts from each run."""

    task: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    info: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def median_rss(self) -> float | None:
        return statistics.median(self.peak_rss_mb) if self.peak_rss_mb else None

    def as_dict(self) -> dict[str, Any]:
        return {"task": self.task, "median_s": self.median, "runs_s": self.seconds,
                "peak_rss_mb": self.median_rss, "skipped": self.skipped,
                "facts": self.info[-1] if self.info else {}}


def run_child(m: Measurement, args: dict[str, Any], env: dict[str, str] | None = None) -> None:
    """One run of ``m.task`` in a fresh process; appends its figures to ``m``."""
    if m.skipped:
        return
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.child", m.task, json.dumps(args)],
        cwd=REPO, env=env or _env(), capture_output=True, text=True, check=False,
    )
    lines = proc.stdout.strip().splitlines()
    try:
        out = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        m.skipped = f"failed (exit {proc.returncode}): {tail}"
        return
    if "skipped" in out:
        m.skipped = out["skipped"]
        return
    m.seconds.append(out["seconds"])
    m.peak_rss_mb.append(out["peak_rss_mb"])
    m.info.append(out["info"])


def wall_time(m: Measurement, argv: list[str], env: dict[str, str] | None = None) -> None:
    """Time a whole command (start-up included)."""
    if m.skipped:
        return
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=REPO, env=env or _env(), capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        m.skipped = f"{' '.join(argv[1:4])} failed (exit {proc.returncode}): {tail}"
        return
    m.seconds.append(seconds)
    m.info.append({"exit": proc.returncode})


# -- result rows -----------------------------------------------------------------------------


def _row(name: str, size: int | None, subject: Measurement, baseline: Measurement | None,
         kind: str, target: float | None, *, what: str = "", facts: dict | None = None,
         subject_value: float | None = None, baseline_value: float | None = None,
         unit: str = "s", problem: str | None = None) -> dict[str, Any]:
    """A result: the subject's median, the baseline's, their ratio and the verdict.

    ``kind`` says how the ratio is read: ``max`` (subject/baseline must not exceed
    the target), ``speedup`` (baseline/subject must reach it), ``exponent`` (growth
    exponent must not exceed it), ``check`` (a correctness fact, no timing).
    """
    s = subject_value if subject_value is not None else subject.median
    b = baseline_value if baseline_value is not None else (baseline.median if baseline else None)
    row: dict[str, Any] = {
        "name": name, "what": what, "size": size, "unit": unit, "kind": kind, "target": target,
        "median": s, "runs": subject.peak_rss_mb if unit == "MB" else subject.seconds,
        "baseline": baseline.task if baseline else None, "baseline_median": b,
        "baseline_runs": (baseline.peak_rss_mb if unit == "MB" else baseline.seconds)
        if baseline else None,
        "ratio": None, "status": "skipped", "why": None, "facts": facts or {},
    }
    skipped = subject.skipped or (baseline.skipped if baseline else None)
    if skipped:
        row["why"] = skipped
        return row
    if kind == "speedup":
        ratio = b / s if s else math.inf
    elif kind in ("max",):
        ratio = s / b if b else math.inf
    else:
        ratio = s
    row["ratio"] = ratio
    if problem:
        row["status"], row["why"] = "fail", problem
    elif target is None:
        row["status"] = "info"
    elif kind == "speedup":
        row["status"] = "pass" if ratio >= target else "fail"
    else:
        row["status"] = "pass" if ratio <= target else "fail"
    return row


def _exponent(small: Measurement, big: Measurement, n_small: int, n_big: int) -> float | None:
    if small.skipped or big.skipped or not small.median or not big.median:
        return None
    return math.log(big.median / small.median) / math.log(n_big / n_small)


# -- the suite -------------------------------------------------------------------------------


def _copy_with_one_change(root: Path, dest: Path) -> str:
    """Hard-link ``root`` into ``dest`` and change one stance file (a new copy, so the
    original keeps its bytes; a new comment each time, so the cache has never seen
    it).  Returns the changed file's relative path."""
    shutil.copytree(root, dest, copy_function=os.link)
    changed = next(p for p in dataset_files(dest) if "stances" in p.parts)
    data = changed.read_bytes() + f"# edited by the benchmark ({time.time_ns()})\n".encode()
    changed.unlink()
    changed.write_bytes(data)
    return str(changed.relative_to(dest))


def run_suite(size: int, repeat: int = 5, seed: int = 1, only: Iterable[str] = DEFAULT_GROUPS,
              small: int | None = None, log: Callable[[str], None] = print,
              growth_repeat: int | None = None,
              checkpoint: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Run the benchmarks of the groups in ``only`` at ``size`` stances; returns the results.

    ``growth_repeat`` (default ``repeat``) is the number of runs of the analysis and
    report benchmarks, which take minutes each at 100k stances.  ``checkpoint`` is
    given the results so far (``meta.partial`` true) after each group."""
    only = set(only)
    growth_repeat = growth_repeat or repeat
    small = small or max(size // 10, 100)
    rows: list[dict[str, Any]] = []
    t_start = time.perf_counter()
    log(f"dataset: {size} stances (seed {seed})")
    root = ensure_dataset(size, seed)
    info = stats(root)
    log(f"  {info['yaml_files']} YAML files, {info['files']} files, "
        f"{info['bytes'] / 1e6:.1f} MB, at {root}")
    work = Path(tempfile.mkdtemp(prefix="peacetracker-bench-"))
    # Content-keyed, so safe to share between runs: untimed loads reuse it.
    warm_dir = DATASETS / ".warm-cache"
    def done_group() -> None:
        if checkpoint is not None:
            meta = _meta(size, repeat, growth_repeat, seed, info, time.perf_counter() - t_start)
            checkpoint({"meta": {**meta, "partial": True}, "results": list(rows)})

    try:
        if only & {"load", "memory"}:
            rows += _load_group(root, size, repeat, work, warm_dir, log)
            done_group()
        if "diff" in only:
            rows += _diff_group(size, seed, repeat, warm_dir, log)
            done_group()
        if "analysis" in only:
            rows += _growth("gaps-overlaps", "gaps and overlaps, all pairs of parties",
                            size, small, seed, growth_repeat, warm_dir, log)
            done_group()
        if "report" in only:
            rows += _growth("report-html", "HTML report (default: the most important rows)",
                            size, small, seed, growth_repeat, warm_dir, log)
            done_group()
        if "startup" in only:
            rows += _startup_group(repeat, work, log)
            done_group()
        if "scale" in only:
            rows += _scale_group(root, size, work, log)
            done_group()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if "memory" not in only:
        rows = [r for r in rows if r["unit"] != "MB" or r["kind"] == "check"]
    if "load" not in only and "memory" in only:
        rows = [r for r in rows if r["unit"] == "MB" or r["kind"] == "check"]
    return {"meta": _meta(size, repeat, growth_repeat, seed, info,
                          time.perf_counter() - t_start),
            "results": rows}


def _load_group(root: Path, size: int, repeat: int, work: Path, warm_dir: Path,
                log: Callable[[str], None]) -> list[dict[str, Any]]:
    ruamel, pyyaml = Measurement("parse-ruamel"), Measurement("parse-pyyaml")
    cold, warm, one = Measurement("load-check"), Measurement("load-check"), Measurement(
        "load-check")
    built = Measurement("load-check-build")
    args = {"root": str(root)}
    log("load: populating the warm cache (untimed)")
    run_child(Measurement("load-check"), args, _env(PEACETRACKER_CACHE_DIR=str(warm_dir)))
    for i in range(repeat):
        log(f"load: run {i + 1}/{repeat}")
        run_child(ruamel, args)
        run_child(pyyaml, args)
        cold_dir = work / f"cold-cache-{i}"
        run_child(cold, args, _env(PEACETRACKER_CACHE_DIR=str(cold_dir)))
        shutil.rmtree(cold_dir, ignore_errors=True)
        run_child(warm, args, _env(PEACETRACKER_CACHE_DIR=str(warm_dir)))
        run_child(built, args, _env(PEACETRACKER_CACHE_DIR=str(warm_dir)))
        # one changed file (a change the cache has never seen), the rest warm
        changed_root = work / f"one-changed-{i}"
        changed = _copy_with_one_change(root, changed_root)
        run_child(one, {"root": str(changed_root)}, _env(PEACETRACKER_CACHE_DIR=str(warm_dir)))
        shutil.rmtree(changed_root, ignore_errors=True)
    rows = []
    facts = cold.info[-1] if cold.info else {}
    problem = None
    if facts.get("errors"):
        problem = (f"the loader reported {facts['errors']} errors on generated data, e.g. "
                   f"{facts.get('first_errors')}")
    for base in (ruamel, pyyaml):
        rows.append(_row("cold load + check", size, cold, base, "max", 1.25, facts=facts,
                         what="no cache: parse, build, check every rule and quote",
                         problem=problem))
    for base in (ruamel, pyyaml):
        rows.append(_row("warm load + check", size, warm, base, "max", 0.05,
                         facts=warm.info[-1] if warm.info else {},
                         what="cache warm, no file changed"))
    rows.append(_row("warm load + check, every stance built", size, built, ruamel, "max", None,
                     facts=built.info[-1] if built.info else {},
                     what="cache warm; then the stances a warm check defers to first use"))
    one_facts = one.info[-1] if one.info else {}
    misses = one_facts.get("cache", {}).get("file", {}).get("misses")
    one_problem = None
    if not one.skipped and misses != 1:
        one_problem = f"expected exactly 1 file re-parsed ({changed}), cache says {misses}"
    rows.append(_row("warm, one file changed", size, one, ruamel, "max", None,
                     facts={**one_facts, "changed": changed},
                     what="re-parses only the changed file", problem=one_problem))
    for base in (ruamel, pyyaml):
        rows.append(_row("peak memory, cold load + check", size, cold, base, "max", 1.5,
                         unit="MB", subject_value=cold.median_rss,
                         baseline_value=base.median_rss,
                         what="peak RSS of the process, against the bare parse's"))
    for r in rows:
        _log_row(r, log)
    return rows


def _diff_group(size: int, seed: int, repeat: int, warm_dir: Path,
                log: Callable[[str], None]) -> list[dict[str, Any]]:
    old, new = ensure_dataset(size, seed), ensure_dataset(size, seed, variant=True)
    args = {"old": str(old), "new": str(new)}
    ours, theirs = Measurement("diff"), Measurement("deepdiff")
    env = _env(PEACETRACKER_CACHE_DIR=str(warm_dir))
    for i in range(repeat):
        log(f"diff: run {i + 1}/{repeat}")
        run_child(ours, args, env)
        if i < DEEPDIFF_REPEAT:
            run_child(theirs, args)
    row = _row("diff, 1% of stances changed", size, ours, theirs, "speedup", 20.0,
               facts={"ours": ours.info[-1] if ours.info else {},
                      "deepdiff": theirs.info[-1] if theirs.info else {},
                      "deepdiff_repeats": len(theirs.seconds)},
               what="two loaded versions; baseline DeepDiff on the two parsed trees")
    _log_row(row, log)
    return [row]


def _growth(task: str, what: str, size: int, small: int, seed: int, repeat: int,
            warm_dir: Path, log: Callable[[str], None]) -> list[dict[str, Any]]:
    rows = []
    runs = {}
    for n in (small, size):
        root = ensure_dataset(n, seed)
        m = Measurement(task)
        env = _env(PEACETRACKER_CACHE_DIR=str(warm_dir))
        for i in range(repeat):
            log(f"{task}: {n} stances, run {i + 1}/{repeat}")
            run_child(m, {"root": str(root)}, env)
        runs[n] = m
    exp = _exponent(runs[small], runs[size], small, size)
    row = _row(f"{task}: growth {small} -> {size}", size, runs[size], runs[small], "exponent",
               LINEAR, subject_value=exp, unit="exp", what=what,
               facts=runs[size].info[-1] if runs[size].info else {})
    row["median_s"], row["baseline_median_s"] = runs[size].median, runs[small].median
    row["small"] = small
    rows.append(row)
    _log_row(row, log)
    facts = runs[size].info[-1] if runs[size].info else {}
    if task == "report-html" and "html_bytes" in facts:
        # the page a reader opens must stay readable: under 5 MB (issue #12's
        # target at 100,000 stances; full tables are one flag away, --full)
        page = _row(f"{task}: page size", size, runs[size], None, "max", 1.0,
                    subject_value=facts["html_bytes"] / 1e6, baseline_value=REPORT_PAGE_MB,
                    unit="MB page", what="size of the default HTML page against 5 MB",
                    facts={"html_bytes": facts["html_bytes"]})
        page["runs"] = [page["median"]]
        page["ratio"] = page["median"] / REPORT_PAGE_MB
        page["status"] = "pass" if page["ratio"] <= 1.0 else "fail"
        rows.append(page)
        _log_row(page, log)
    return rows


#: The largest default HTML report page, in MB (issue #12).
REPORT_PAGE_MB = 5.0


def _startup_group(repeat: int, work: Path, log: Callable[[str], None]) -> list[dict[str, Any]]:
    bundled = REPO / "positions"
    check, pandas = Measurement("peacetracker check"), Measurement("import pandas")
    env = _env(PEACETRACKER_CACHE_DIR=str(work / "startup-cache"))
    cmd = [sys.executable, "-m", "peacetracker", "check", str(bundled)]
    base = [sys.executable, "-c", "import pandas"]
    # one untimed run of each: byte-compiled files and the cache exist, as for a user
    for argv in (cmd, base):
        subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=False)
    probe = subprocess.run([*cmd[:4], "--help"], cwd=REPO, env=env, capture_output=True,
                           text=True, check=False)
    if probe.returncode != 0:
        check.skipped = "the 'check' command is not registered yet; owner: check"
    for i in range(repeat):
        log(f"startup: run {i + 1}/{repeat}")
        wall_time(check, cmd, env)
        wall_time(pandas, base, env)
    facts = {**(check.info[-1] if check.info else {}),
             "yaml_files": len(dataset_files(bundled)) if bundled.is_dir() else 0}
    row = _row("peacetracker check, bundled dataset", None, check, pandas, "max", 1.5,
               what="whole command, start-up included; baseline: python -c 'import pandas'",
               facts=facts)
    _log_row(row, log)
    return [row]


def _scale_group(root: Path, size: int, work: Path,
                 log: Callable[[str], None]) -> list[dict[str, Any]]:
    """Once, at a large size: do cold load + check and the HTML report complete, and
    in what time and memory (against one bare parse)?"""
    parse, load, report = (Measurement("parse-ruamel"), Measurement("load-check"),
                           Measurement("report-html"))
    cache = work / "scale-cache"
    env = _env(PEACETRACKER_CACHE_DIR=str(cache))
    log(f"scale: bare parse of {size} stances")
    run_child(parse, {"root": str(root)})
    log("scale: cold load + check")
    run_child(load, {"root": str(root)}, env)
    log("scale: HTML report (loads from the cache first, untimed)")
    run_child(report, {"root": str(root)}, env)
    rows = []
    for name, m in (("completes: cold load + check", load), ("completes: HTML report", report)):
        row = _row(name, size, m, parse, "max", None, facts={
            **(m.info[-1] if m.info else {}), "peak_rss_mb": m.median_rss,
            "parse_peak_rss_mb": parse.median_rss}, what="one run; ratio to one bare parse")
        if row["status"] == "info":
            row["status"] = "pass"
        elif m.skipped:
            row["status"], row["why"] = "fail", f"did not complete: {m.skipped}"
        rows.append(row)
        _log_row(row, log)
    return rows


# -- output ----------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "MB page":  # a size on disk, not memory
        return f"{value:.1f} MB"
    if unit == "exp":
        return f"{value:.2f}"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def _target(row: dict[str, Any]) -> str:
    t = row["target"]
    if t is None:
        return "-"
    return {"speedup": f">= {t:g}x faster", "exponent": f"exponent <= {t:g}"}.get(
        row["kind"], f"<= {t:g}x")


def _log_row(row: dict[str, Any], log: Callable[[str], None]) -> None:
    ratio = "-" if row["ratio"] is None else (
        f"{row['ratio']:.2f}" if row["kind"] == "exponent" else f"{row['ratio']:.3g}x")
    log(f"  -> {row['name']}: {row['status']} ({ratio}; target {_target(row)})"
        + (f"; {row['why']}" if row["why"] else ""))


def format_table(results: dict[str, Any]) -> str:
    """The results as a plain-text table (as printed at the end of a run)."""
    head = ("benchmark", "size", "median", "baseline", "baseline median", "ratio", "target",
            "result")
    lines = [head]
    for r in results["results"]:
        if r["kind"] == "exponent":
            median = f"{_fmt(r.get('median_s'), 's')} at {r['size']}"
            base = f"same at {r['small']}"
            base_median = _fmt(r.get("baseline_median_s"), "s")
            ratio = _fmt(r["ratio"], "exp")
        else:
            median = _fmt(r["median"], r["unit"])
            base = r["baseline"] or "-"
            base_median = _fmt(r["baseline_median"], r["unit"])
            ratio = "-" if r["ratio"] is None else f"{r['ratio']:.3g}x"
        status = r["status"] + (f": {r['why']}" if r["status"] in ("skipped", "fail")
                                and r["why"] else "")
        lines.append((r["name"], str(r["size"] or "-"), median, base, base_median, ratio,
                      _target(r), status))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head) - 1)]
    out = []
    for line in lines:
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=False))
                   + "  " + line[-1])
    return "\n".join(out)


def format_markdown(results: dict[str, Any]) -> str:
    """The results as a Markdown table (as in docs/performance.md)."""
    m = results["meta"]
    runs = m.get("runs", [m])
    commits = ", ".join(dict.fromkeys(str(r.get("git")) for r in runs))
    repeats = " or ".join(str(n) for n in sorted({r["repeat"] for r in runs}))
    out = [f"{len(runs)} run(s) ending {m['when']}, at commit(s) {commits}: {m['size']} stances "
           f"({m['dataset']['yaml_files']} YAML files, {m['dataset']['bytes'] / 1e6:.1f} MB), "
           f"{repeats} run(s) per measurement (growth: {m.get('growth_repeat', m['repeat'])}), "
           f"medians; {m['machine']}, Python {m['python']}.", "",
           "| benchmark | median | baseline | baseline median | ratio | target | result |",
           "|---|---|---|---|---|---|---|"]
    for r in results["results"]:
        if r["kind"] == "exponent":
            median = f"{_fmt(r.get('median_s'), 's')} at {r['size']}"
            base, base_median = f"same at {r['small']}", _fmt(r.get("baseline_median_s"), "s")
            ratio = "-" if r["ratio"] is None else f"exponent {r['ratio']:.2f}"
        else:
            median, base = _fmt(r["median"], r["unit"]), f"`{r['baseline']}`"
            base_median = _fmt(r["baseline_median"], r["unit"])
            ratio = "-" if r["ratio"] is None else f"{r['ratio']:.3g}x"
        result = r["status"] + (f" ({r['why']})" if r["why"] else "")
        out.append(f"| {r['name']} | {median} | {base} | {base_median} | {ratio} | "
                   f"{_target(r)} | {result} |")
    return "\n".join(out)


def _meta(size: int, repeat: int, growth_repeat: int, seed: int, info: dict,
          elapsed: float) -> dict[str, Any]:
    def version(name: str) -> str | None:
        from importlib import metadata

        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                         text=True, check=False).stdout.strip()
    # a run from an exported copy of the tree (no .git) names its commit this way
    rev = rev or os.environ.get("PEACETRACKER_BENCH_COMMIT", "")
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "size": size, "repeat": repeat, "growth_repeat": growth_repeat, "seed": seed,
        "dataset": info,
        "git": rev or None, "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "versions": {n: version(n) for n in ("ruamel.yaml", "ruamel.yaml.clib", "PyYAML",
                                             "deepdiff", "pandas")},
        "elapsed_s": round(elapsed, 1),
    }
