"""From an empty folder to a published report with CLI commands only: init,
add party/group/issue/source/stance/evidence, edit, set, quote, check and
report, in a temporary folder; the report says what the commands recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from peacetracker.cli import main

ARTICLE_1 = """Talks resume
By Example Wire staff, 5 January 2026

Northland wants Southland's army "no larger than 100,000 troops".
Southland says its army "will never be smaller than 250,000 personnel".
Southland wants "binding guarantees" before anything else.
"""
ARTICLE_2 = """Northland moves
Northland's minister said the ceiling "could rise to 180,000 troops".
"""
MEMO = "Southland will not go below 250,000 personnel.\n"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def run(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(main, list(args), prog_name="peacetracker")
        assert result.exit_code == code, f"peacetracker {' '.join(args)}\n{result.output}"
        return result.output

    return run


def test_from_an_empty_folder_to_a_report(tmp_path: Path, cli, monkeypatch) -> None:
    assert list(tmp_path.iterdir()) == []
    assert "no dataset in the current directory" in cli("add", "party", "x", "--name", "X",
                                                          code=2)  # fmt: skip
    cli("init", "talks", "--title", "Northland-Southland talks")
    monkeypatch.chdir(tmp_path / "talks")
    cli("check")
    cli("add", "party", "northland", "--name", "Northland")
    cli("add", "party", "southland", "--name", "Southland")
    cli("add", "group", "security", "--name", "Security")
    cli("add", "issue", "army-size", "--name", "Army size", "--question", "How large?",
        "--group", "security", "--scale", "numeric", "--unit", "personnel",
        "--min", "0", "--max", "500000")  # fmt: skip
    cli("add", "issue", "guarantees", "--name", "Guarantees", "--question", "How strong?",
        "--group", "security", "--scale", "ordinal", "--option", "none=No guarantee",
        "--option", "assurances=Political assurances",
        "--option", "binding=Binding commitments")  # fmt: skip
    Path("texts").joinpath("wire-1.txt").write_text(ARTICLE_1, encoding="utf-8")
    Path("texts").joinpath("wire-2.txt").write_text(ARTICLE_2, encoding="utf-8")
    Path("texts").joinpath("memo.txt").write_text(MEMO, encoding="utf-8")
    cli("add", "source", "wire-1", "--kind", "article", "--outlet", "Example Wire",
        "--title", "Talks resume", "--published", "2026-01-05", "--path", "texts/wire-1.txt")
    cli("add", "source", "wire-2", "--kind", "article", "--outlet", "Example Wire",
        "--title", "Northland moves", "--published", "2026-01-14", "--path", "texts/wire-2.txt")
    cli("add", "source", "memo", "--kind", "other", "--no-outlet", "--title", "Memo",
        "--published", "2026-01-09", "--precision", "before", "--path", "texts/memo.txt")
    assert "texts/wire-1.txt:4: found" in cli("quote", "wire-1", "no larger than 100,000 troops")
    cli("add", "stance", "--party", "northland", "--issue", "army-size", "--date", "2026-01-05",
        "--prefer", "100000", "--accept", "{max: 100000}", "--source", "wire-1",
        "--quote", "no larger than 100,000 troops")
    cli("add", "stance", "--party", "southland", "--issue", "army-size", "--date", "2026-01-05",
        "--prefer", "250000", "--source", "wire-1",
        "--quote", "will never be smaller than 250,000 personnel")
    cli("add", "stance", "--party", "southland", "--issue", "guarantees", "--date",
        "2026-01-05", "--prefer", "binding", "--source", "wire-1", "--quote", "binding guarantees")
    cli("edit", "stance", "--party", "southland", "--issue", "army-size", "--date", "2026-01-05",
        "--accept", "{min: 250000}")
    cli("add", "evidence", "--party", "southland", "--issue", "army-size", "--date",
        "2026-01-05", "--source", "memo", "--quote", "will not go below 250,000 personnel")
    cli("add", "stance", "--party", "northland", "--issue", "army-size", "--date", "2026-01-13",
        "--prefer", "180000", "--accept", "{max: 180000}", "--move", "offer",
        "--source", "wire-2", "--quote", "could rise to 180,000 troops")
    cli("set", "description", "Coded from Example Wire")  # fmt: skip
    said = cli("check", "--strict", code=1)  # the one warning: no accept on guarantees
    assert said.endswith("0 errors, 1 warning in 1 file (of 7 checked)\n")
    assert "on 'guarantees'" in said

    report = json.loads(cli("report", "--since", "2026-01-10", "--format", "json"))
    assert report["title"] == "Northland-Southland talks"
    assert report["description"] == "Coded from Example Wire"
    assert [p["id"] for p in report["parties"]] == ["northland", "southland"]
    cells = {(c["party"], c["issue"]): c for c in report["matrix"]}
    assert cells["northland", "army-size"]["prefer"] == "180,000 personnel"
    assert cells["southland", "army-size"]["accept"] == "at least 250,000 personnel"
    assert cells["southland", "guarantees"]["prefer"] == "Binding commitments"  # the label
    (gap,) = [g for g in report["gaps"] if g["issue"] == "army-size"]
    assert (gap["gap_text"], gap["normalised"], gap["band"]) == ("70,000 personnel", 0.14, "close")
    (change,) = report["changes"]
    assert (change["party"], change["issue"], change["word"]) == ("northland", "army-size",
                                                                   "toward")  # fmt: skip
    memo = [c for c in report["citations"] if c["source"] == "memo"]
    assert [(c["outlet"], c["published_precision"]) for c in memo] == [("outlet unknown", "before")]
    assert len(report["citations"]) == 5

    assert cli("report", "-o", "report.html").startswith("wrote report.html (")
    page = Path("report.html").read_text(encoding="utf-8")
    assert "Northland-Southland talks" in page and "Binding commitments" in page
    assert ("<i>outlet unknown</i>, <span class=\"source-kind\">other</span>, “Memo”, "
            "before 2026-01-09.") in page
