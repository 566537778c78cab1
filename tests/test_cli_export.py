"""``peacetracker export`` through click's CliRunner: the API's columns in CSV,
JSON and Parquet."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import peacetracker
from peacetracker.cli import main


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


@pytest.fixture(scope="module")
def ds():
    return peacetracker.load(Path(__file__).parent / "data" / "mini")


def _frame(ds, table):
    if table == "stances":
        return ds.stances_frame
    if table == "evidence":
        return ds.evidence_frame
    if table == "gaps":
        return ds.gaps()
    if table == "overlaps":
        return ds.overlaps()
    return ds.changes("2026-01-06")


@pytest.mark.parametrize("table", ["stances", "evidence", "gaps", "overlaps", "changes"])
def test_csv_json_and_parquet_keep_the_api_columns(ds, mini_path, tmp_path, table):
    expected = _frame(ds, table)
    extra = ["--since", "2026-01-06"] if table == "changes" else []
    csv = run("export", table, mini_path, *extra)
    assert csv.exit_code == 0, csv.output
    got = pd.read_csv(io.StringIO(csv.stdout))
    assert list(got.columns) == list(expected.columns) and len(got) == len(expected)

    as_json = run("export", table, mini_path, *extra, "--format", "json")
    records = json.loads(as_json.stdout)
    assert len(records) == len(expected)
    assert all(list(r) == list(expected.columns) for r in records)

    target = tmp_path / f"{table}.parquet"
    assert run("export", table, mini_path, *extra, "-o", target).exit_code == 0
    back = pd.read_parquet(target)
    assert list(back.columns) == list(expected.columns) and len(back) == len(expected)
    for col in expected.columns:
        if expected[col].dtype.kind in "fi":
            pd.testing.assert_series_equal(back[col], expected[col], check_names=False)


def test_values_are_plain_data(mini_path):
    rows = json.loads(run("export", "gaps", mini_path, "-f", "json").stdout)
    row = next(r for r in rows if r["party_a"] == "northland" and r["party_b"] == "southland")
    assert (row["prefer_a"], row["prefer_b"], row["gap_norm"], row["band"]) == (
        150000,
        250000,
        0.2,
        "close",
    )
    assert row["date_a"] == "2026-01-12"
    zones = json.loads(run("export", "overlaps", mini_path, "-f", "json").stdout)
    guarantees = next(z for z in zones if z["issue"] == "guarantees")
    # only the Eastern League holds a stance: one-sided, no zone, no band
    assert guarantees["status"] == "one-sided"
    assert guarantees["zone"] is None and guarantees["band"] is None
    sequencing = next(z for z in zones if z["issue"] == "sequencing")
    assert (sequencing["status"], sequencing["zone"]) == ("zone", ["settlement-first"])
    csv = run("export", "stances", mini_path).stdout
    assert '"{""min"": null, ""max"": 150000}"' in csv  # a zone as JSON text in one CSV cell


def test_filters(mini_path):
    rows = json.loads(
        run(
            "export",
            "stances",
            mini_path,
            "-p",
            "northland",
            "-i",
            "army-size",
            "--as-of",
            "2026-01-07",
            "-f",
            "json",
        ).stdout
    )
    assert [(r["party"], r["issue"], r["date"]) for r in rows] == [
        ("northland", "army-size", "2026-01-05")
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["changes"], ["--since"]),
        (["gaps", "-f", "parquet"], ["give a file with -o"]),
        (
            ["gaps", "--issues", "sequencng"],
            ["unknown issue 'sequencng'", "Did you mean 'sequencing'?"],
        ),
        (["tables"], ["'tables' is not one of", "stances", "gaps"]),
    ],
)
def test_usage_errors(mini_path, args, words):
    table, *rest = args
    result = run("export", table, mini_path, *rest)
    assert result.exit_code == 2
    for word in words:
        assert word in result.output


def test_since_after_as_of_is_a_usage_error(mini_path):
    result = run("export", "changes", mini_path, "--since", "2026-01-12", "--as-of", "2026-01-07")
    assert result.exit_code == 2, result.output
    assert "--since 2026-01-12 is after --as-of 2026-01-07" in result.output
    assert "internal error" not in result.output


def test_an_unknown_output_suffix_is_refused(mini_path, tmp_path):
    result = run("export", "gaps", mini_path, "-o", tmp_path / "gaps.xlsx")
    assert result.exit_code == 2
    assert "'.xlsx'" in result.output and ".csv" in result.output and ".parquet" in result.output
    assert not (tmp_path / "gaps.xlsx").exists()


def test_evidence_filters(ds, mini_path):
    every = json.loads(run("export", "gaps", mini_path, "-f", "json").stdout)
    sure = run("export", "gaps", mini_path, "-f", "json", "--min-confidence", "high")
    assert sure.exit_code == 0, sure.output
    rows = json.loads(sure.stdout)
    assert len(rows) == len(ds.gaps(min_confidence="high")) < len(every)
    assert {r["confidence_a"] for r in rows} | {r["confidence_b"] for r in rows} <= {"high"}
    changes = run(
        "export", "changes", mini_path, "--since", "2026-01-06", "-f", "json",
        "--basis", "stated,reported", "--exclude-kinds", "opinion",
    )
    assert changes.exit_code == 0, changes.output
    expected = ds.changes("2026-01-06", basis=["stated", "reported"], exclude_kinds="opinion")
    assert len(json.loads(changes.stdout)) == len(expected) < len(ds.changes("2026-01-06"))
    bad = run("export", "gaps", mini_path, "--exclude-kinds", "opinon")
    assert bad.exit_code == 2 and "did you mean 'opinion'" in bad.output


def test_csv_cells_that_look_like_formulas_stay_text():
    """A party name or quote starting with = + - @ became a live formula in
    a spreadsheet; such text cells now start with '.  Numbers, and values
    written as JSON (a negative preferred point), are untouched."""
    import pandas as pd

    from peacetracker.export import frame_bytes

    frame = pd.DataFrame({
        "party": pd.array(['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "plain"],
                          dtype="string"),
        "prefer": [-5, {"max": -2}, "-cut", None],
        "gap": [-3, 0, 1, 2],
    })
    lines = frame_bytes(frame, "csv").decode().splitlines()
    assert lines[1:] == [
        '"\'=HYPERLINK(""http://x"",""y"")",-5,-3',
        "'+1,\"{\"\"max\"\": -2}\",0",
        "'@SUM(A1),'-cut,1",
        "plain,,2",
    ]
    # JSON and Parquet keep the data as it is.
    assert b'"=HYPERLINK' in frame_bytes(frame, "json")
