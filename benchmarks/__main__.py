"""``python -m benchmarks``: generate datasets and run the benchmarks.

    python -m benchmarks run --size 100000 --repeat 5 --json benchmarks/results/latest.json
    python -m benchmarks run --size 1000000 --repeat 1 --only scale
    python -m benchmarks generate --size 10000 --out /tmp/ds10k
    python -m benchmarks table benchmarks/results/latest.json
    python -m benchmarks merge load.json diff.json --out benchmarks/results/latest.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .generate import generate
from .runner import DEFAULT_GROUPS, GROUPS, format_markdown, format_table, run_suite

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m benchmarks``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every benchmark and print a table of ratios")
    run.add_argument("--size", type=int, default=100_000, help="stances (default 100000)")
    run.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    run.add_argument("--growth-repeat", type=int,
                     help="runs of the analysis and report benchmarks (default: --repeat)")
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--small", type=int, help="smaller size for growth exponents (size/10)")
    run.add_argument("--only", default=",".join(DEFAULT_GROUPS),
                     help=f"comma-separated groups of: {', '.join(GROUPS)} "
                          "(default: all but scale)")
    run.add_argument("--json", type=Path, help="also write the results to this JSON file")
    gen = sub.add_parser("generate", help="write a synthetic dataset")
    gen.add_argument("--size", type=int, required=True)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--variant", action="store_true", help="the version with 1%% changed")
    gen.add_argument("--out", type=Path, required=True)
    table = sub.add_parser("table", help="print saved results as a Markdown table")
    table.add_argument("results", type=Path, help="a JSON file written by 'run --json'")
    merge = sub.add_parser("merge", help="join results of runs of different groups")
    merge.add_argument("results", type=Path, nargs="+", help="JSON files written by 'run'")
    merge.add_argument("--out", type=Path, required=True)
    merge.add_argument("--commit", help="the commit measured, for runs that could not tell")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    if args.command == "merge":
        runs = [json.loads(p.read_text()) for p in args.results]
        for r in runs:
            r["meta"]["git"] = r["meta"].get("git") or args.commit
            for row in r["results"]:  # runs before 4c6efce listed memory as growth runs
                if (row["kind"] == "exponent" and row.get("median_s") is not None
                        and r["meta"].get("growth_repeat") == 1):
                    row["runs"] = [row["median_s"]]
                    row["baseline_runs"] = [row["baseline_median_s"]]
        merged = {"meta": {**runs[0]["meta"], "runs": [r["meta"] for r in runs]},
                  "results": [row for r in runs for row in r["results"]]}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(merged, indent=1) + "\n")
        return 0
    if args.command == "table":
        print(format_markdown(json.loads(args.results.read_text())))
        return 0

    if args.command == "generate":
        if args.out.exists() and any(args.out.iterdir()):
            parser.error(f"{args.out} is not empty: choose a new folder")
        print(json.dumps(generate(args.out, args.size, args.seed, args.variant), indent=1))
        return 0

    only = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = sorted(set(only) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    if args.size < 20 or args.repeat < 1:
        parser.error("--size must be at least 20 and --repeat at least 1")
    def save(results: dict) -> None:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(results, indent=1) + "\n")

    results = run_suite(args.size, args.repeat, args.seed, only, args.small,
                        log=lambda msg: print(msg, file=sys.stderr, flush=True),
                        growth_repeat=args.growth_repeat, checkpoint=save)
    print(format_table(results))
    save(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
