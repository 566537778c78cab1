"""The benchmark suite: the synthetic dataset generator, and a small-size run of
``python -m benchmarks run`` that must produce well-formed results (no timings
are asserted: the machine is shared and noisy)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.datasets import dataset_files
from benchmarks.generate import SCALE_TYPES, generate
from ruamel.yaml import YAML

from peacetracker.loading._quotes import find_quote, normalise
from peacetracker.scales import parse_scale

ROOT = Path(__file__).resolve().parent.parent


def _load_tree(root: Path) -> dict[str, object]:
    yaml = YAML(typ="safe", pure=False)
    return {p.relative_to(root).as_posix(): yaml.load(p.read_bytes()) for p in dataset_files(root)}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("gen") / "ds"
    info = generate(root, 2400, seed=3)
    return root, info


def _registries(tree: dict) -> dict[str, dict]:
    out: dict[str, dict] = {"parties": {}, "issues": {}, "sources": {}, "events": {},
                            "groups": {}}
    for doc in tree.values():
        for key in out:
            if isinstance(doc, dict) and key in doc:
                out[key].update(doc[key])
    return out


def _stances(tree: dict) -> list[tuple[str, str, dict]]:
    return [(doc["party"], issue, st)
            for doc in tree.values() if isinstance(doc, dict) and "party" in doc
            for issue, history in doc["stances"].items() for st in history]


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", 250, seed=7)
    generate(tmp_path / "b", 250, seed=7)
    generate(tmp_path / "c", 250, seed=8)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                   if p.is_file())
    assert files
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
               for f in files)
    assert any(not (tmp_path / "c" / f).exists()
               or (tmp_path / "a" / f).read_bytes() != (tmp_path / "c" / f).read_bytes()
               for f in files)


def test_exact_number_of_stances_over_many_files(small) -> None:
    root, info = small
    tree = _load_tree(root)
    stances = _stances(tree)
    assert len(stances) == info["stances"] == 2400
    stance_files = [f for f, doc in tree.items() if "party" in doc]
    per_party = Counter(tree[f]["party"] for f in stance_files)
    assert max(per_party.values()) > 1  # a party's stances spread over several files
    assert info["yaml_files"] == len(tree)
    # histories: several dated stances per party and issue, dates distinct
    by_pair = Counter((p, i) for p, i, _ in stances)
    assert max(by_pair.values()) >= 2
    for (p, i), n in by_pair.items():
        dates = [st["date"] for pp, ii, st in stances if (pp, ii) == (p, i)]
        assert len(set(dates)) == n


def test_registries_cover_the_format(small) -> None:
    root, _ = small
    reg = _registries(_load_tree(root))
    kinds = Counter(p.get("kind", "state") for p in reg["parties"].values())
    assert kinds["coalition"] == 1 and kinds["plan"] == 2 and kinds["state"] >= 10
    coalition = next(p for p in reg["parties"].values() if p["kind"] == "coalition")
    assert set(coalition["members"]) <= set(reg["parties"])
    plans = [p for p in reg["parties"].values() if p["kind"] == "plan"]
    assert any(p.get("derived-from") in reg["parties"] for p in plans)
    assert {i["scale"]["type"] for i in reg["issues"].values()} == set(SCALE_TYPES)
    assert {i["group"] for i in reg["issues"].values()} <= set(reg["groups"])
    assert any("lines" in s for s in reg["sources"].values())
    assert any("path" not in s for s in reg["sources"].values())


def test_stances_are_valid_on_their_scales(small) -> None:
    root, _ = small
    tree = _load_tree(root)
    reg = _registries(tree)
    scales = {iid: parse_scale(i["scale"]) for iid, i in reg["issues"].items()}
    statuses = Counter()
    for party, issue, st in _stances(tree):
        assert party in reg["parties"] and issue in reg["issues"]
        statuses[st.get("status", "active")] += 1
        scale = scales[issue]
        if st.get("status") == "withdrawn":
            assert "prefer" not in st
        else:
            value = scale.parse_value(st["prefer"])
            if "accept" in st:
                assert scale.contains(scale.parse_zone(st["accept"]), value), (party, issue, st)
        for cond in st.get("conditions", []):
            scales[cond["issue"]].parse_value(cond["value"])
        if "event" in st:
            assert st["event"] in reg["events"]
        assert st["evidence"] and all(e["source"] in reg["sources"] for e in st["evidence"])
    assert statuses["withdrawn"] and statuses["active"]


def test_every_quote_is_in_its_stored_text(small) -> None:
    root, _ = small
    tree = _load_tree(root)
    reg = _registries(tree)
    texts: dict[str, str] = {}
    checked = 0
    for _, _, st in _stances(tree):
        for ev in st["evidence"]:
            src = reg["sources"][ev["source"]]
            if "path" not in src:
                continue
            if ev["source"] not in texts:
                lines = (root / src["path"]).read_text(encoding="utf-8").splitlines()
                if "lines" in src:
                    a, b = (int(x) for x in src["lines"].split("-"))
                    lines = lines[a - 1 : b]
                texts[ev["source"]] = normalise("\n".join(lines))
            assert find_quote(ev["quote"], texts[ev["source"]]) is not None, ev
            checked += 1
    assert checked > 500
    raw = "".join(p.read_text(encoding="utf-8") for p in (root / "texts").iterdir())
    assert "\u201c" in raw and "\u2019" in raw and "\u2014" in raw  # normalisation has work


def test_comments_are_written(small) -> None:
    root, _ = small
    stance_text = "".join(p.read_text() for p in (root / "stances").rglob("*.yaml"))
    assert stance_text.count("\n    # ") >= 5


def test_variant_changes_about_one_percent(tmp_path: Path) -> None:
    generate(tmp_path / "a", 3000, seed=2)
    generate(tmp_path / "b", 3000, seed=2, variant=True)
    old, new = _load_tree(tmp_path / "a"), _load_tree(tmp_path / "b")

    def keyed(tree: dict) -> dict:
        return {(p, i, st["date"]): st for p, i, st in _stances(tree)}

    a, b = keyed(old), keyed(new)
    changed = sum(1 for k in a if k not in b or a[k] != b[k])
    assert 0.005 * len(a) <= changed <= 0.011 * len(a)
    assert {f for f in old if not f.startswith("stances/")} == {
        f for f in new if not f.startswith("stances/")}


@pytest.mark.slow
def test_benchmark_command_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {**os.environ, "PEACETRACKER_BENCH_DATA": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "run", "--size", "200", "--repeat", "1",
         "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["meta"]["size"] == 200
    assert results["meta"]["dataset"]["stances"] == 200
    rows = results["results"]
    names = {r["name"].split(":")[0] for r in rows}
    assert {"cold load + check", "warm load + check", "warm, one file changed",
            "peak memory, cold load + check", "diff, 1% of stances changed", "gaps-overlaps",
            "report-html", "peacetracker check, bundled dataset"} <= names
    # the report page's size is measured against its 5 MB target
    (page,) = [r for r in rows if r["name"] == "report-html: page size"]
    assert page["unit"] == "MB page" and page["baseline_median"] == 5.0
    assert page["facts"]["html_bytes"] > 0 and page["status"] == "pass"
    for r in rows:
        assert r["status"] in ("pass", "fail", "info", "skipped"), r
        if r["status"] == "skipped":
            assert r["why"] and r["ratio"] is None, r  # skipped with a reason, no figure
        else:
            assert isinstance(r["ratio"], float), r
            assert r["median"] is not None, r
        if r["baseline_median"] is not None:
            assert r["baseline_median"] > 0, r
    # the baselines always run: the bare parses and DeepDiff need nothing of ours
    parse_rows = [r for r in rows if r["baseline"] in ("parse-ruamel", "parse-pyyaml")]
    assert parse_rows and all(r["baseline_median"] > 0 for r in parse_rows)
    # the printed table has one line per result, and names each result
    table = proc.stdout.strip().splitlines()
    assert len(table) == len(rows) + 1
    assert all(r["name"] in line for r, line in zip(rows, table[1:], strict=True))


def _doc() -> str:
    return (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")


def test_performance_doc_shows_the_saved_results() -> None:
    """The table in docs/performance.md is the one of benchmarks/results/latest.json."""
    from benchmarks.runner import format_markdown

    results = json.loads((ROOT / "benchmarks" / "results" / "latest.json").read_text())
    doc = _doc()
    start, end = "<!-- results:start -->\n", "\n<!-- results:end -->"
    assert start in doc and end in doc
    shown = doc.split(start, 1)[1].split(end, 1)[0].strip()
    assert shown == format_markdown(results).strip()
    assert results["results"] and all(r["status"] in ("pass", "fail", "info", "skipped")
                                      for r in results["results"])


def test_commands_in_the_performance_doc_are_valid() -> None:
    import shlex

    from benchmarks.__main__ import build_parser

    commands = [line.strip() for line in _doc().splitlines()
                if line.strip().startswith("python -m benchmarks")]
    assert len(commands) >= 3
    for command in commands:
        argv = shlex.split(command.split("#")[0])[3:]
        build_parser().parse_args(argv)  # exits (fails the test) on a bad command line


def test_the_closest_passage_benchmark_runs(capsys):
    """A small run of ``python -m benchmarks.closest_passage``: every method
    finds the passage (no timing is asserted)."""
    from benchmarks.closest_passage import main

    main(["--text-bytes", "30000", "--quotes", "120", "--repeat", "1"])
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    assert [r[1] for r in rows] == ["difflib", "rapidfuzz-whole", "peacetracker"]
    assert all(float(r[-1]) > 0.95 for r in rows)
