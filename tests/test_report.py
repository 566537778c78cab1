"""The report model and its renderers (peacetracker.report), on the mini fixture.

Snapshot tests compare each format with a stored file under tests/snapshots/;
after a deliberate change to the report, regenerate them with

    PEACETRACKER_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_report.py tests/test_cli_diff.py

and review the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import peacetracker
from _datasets import random_datasets
from _report_data import HOSTILE_QUOTE, hostile
from peacetracker.report import FORMATS, build_report, render
from peacetracker.report._escape import md_cell, safe_url

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = bool(os.environ.get("PEACETRACKER_UPDATE_SNAPSHOTS"))
SUFFIX = {"terminal": "txt", "markdown": "md", "html": "html", "json": "json"}


def check_snapshot(name: str, text: str) -> None:
    """``text`` must equal the stored snapshot ``name`` (rewritten when updating)."""
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(
                f"no snapshot {path}: run with PEACETRACKER_UPDATE_SNAPSHOTS=1 to create it"
            )
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot"


@functools.cache
def _mini():
    return peacetracker.load(Path(__file__).parent / "data" / "mini")


@pytest.fixture(scope="module")
def mini():
    return _mini()


@pytest.fixture(scope="module")
def report(mini):
    return build_report(mini, since=dt.date(2026, 1, 6), label="tests/data/mini")


def _markdown_html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


# -- snapshots ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot(report, fmt):
    check_snapshot(f"report-mini.{SUFFIX[fmt]}", render(report, fmt))


def test_snapshot_as_of_and_selection(mini):
    rep = build_report(
        mini,
        as_of=dt.date(2026, 1, 7),
        parties=["northland", "eastern-league"],
        label="tests/data/mini",
    )
    check_snapshot("report-mini-as-of.md", render(rep, "markdown"))


# -- content --------------------------------------------------------------------


def test_matrix_holds_the_stances_in_force(report, mini):
    cells = {(c.party, c.issue): c for c in report.matrix}
    army = cells[("northland", "army-size")]
    assert (army.prefer, army.accept, army.move) == (
        "150,000 personnel",
        "at most 150,000 personnel",
        "offer",
    )
    assert army.date == dt.date(2026, 1, 12)
    assert len(report.matrix) == len(mini.snapshot())


def test_as_of_shows_the_earlier_stance(mini):
    rep = build_report(mini, as_of=dt.date(2026, 1, 7))
    cells = {(c.party, c.issue): c for c in rep.matrix}
    assert cells[("northland", "army-size")].prefer == "100,000 personnel"
    assert ("northland", "sequencing") not in cells  # stated only on 2026-01-12
    assert rep.as_of_text == "Stances in force on 2026-01-07"


def test_gaps_largest_first_in_units_normalised_and_words(report):
    norms = [g.normalised for g in report.gaps]
    assert norms == sorted(norms, reverse=True)
    words = {w for w, _ in report.bands}
    first = report.gaps[0]
    assert (first.issue, first.gap_text, first.normalised, first.band) == (
        "sequencing",
        "different options",
        1.0,
        "apart",  # the zones meet (southland would accept settlement first): never far apart
    )
    army = next(g for g in report.gaps if g.issue == "army-size" and g.party_b == "southland")
    assert (army.gap, army.gap_text, army.normalised, army.band) == (
        100000.0,
        "100,000 personnel",
        0.2,
        "close",
    )
    assert all(g.band in words for g in report.gaps)


def test_zones_say_where_none_exists_who_moves_and_what_is_assumed(report):
    army = next(z for z in report.zones if z.issue == "army-size")
    assert not army.exists and army.zone is None
    assert (army.concession, army.concession_text) == (50000.0, "50,000 personnel")
    # eastern-league's zone is only assumed from its point: not named as a mover
    assert army.movers == ("northland", "southland")
    assert army.assumed == ("eastern-league",)
    seq = next(z for z in report.zones if z.issue == "sequencing")
    assert seq.exists and seq.zone == "settlement first" and seq.assumed == ("northland",)
    # Issues where no zone exists come first.
    assert [z.exists for z in report.zones] == sorted(z.exists for z in report.zones)


def test_changes_name_the_move_and_its_direction(report):
    moved = next(c for c in report.changes if c.party == "northland" and c.issue == "army-size")
    assert (moved.word, moved.old, moved.new) == (
        "toward",
        "100,000 personnel",
        "150,000 personnel",
    )
    south = next(d for d in moved.directions if d.other == "southland")
    assert (south.direction, south.gap_before, south.gap_after) == ("converging", 0.3, 0.2)
    assert "kind of move: demand → offer" in moved.details
    # stances new to the data are not moves: one entry per party, after the moves
    assert all(c.word != "new" for c in report.changes)
    firsts = {(f.party, r.issue) for f in report.first_records for r in f.records}
    assert ("eastern-league", "guarantees") in firsts
    kinds = [c.kind for c in report.changes]
    assert kinds == sorted(kinds, key=lambda k: k != "moved")  # real moves first
    # Each changed stance is one entry, however many of its fields changed.
    keys = [(c.party, c.issue, c.old_date, c.new_date) for c in report.changes]
    assert len(keys) == len(set(keys))


def test_every_figure_is_footnoted_and_every_footnote_is_used(report):
    numbers = {c.number for c in report.citations}
    assert numbers == set(range(1, len(report.citations) + 1))
    used: set[int] = set()
    for c in report.matrix:
        assert c.notes, f"no source for {c.party} on {c.issue}"
        used.update(c.notes)
    for g in report.gaps:
        assert g.notes_a and g.notes_b
        used.update(g.notes)
    for z in report.zones:
        assert z.notes
        used.update(z.notes)
    for c in report.changes:
        assert c.notes or c.old_notes
        used.update(c.notes + c.old_notes)
    assert used == numbers
    # The old stance of a move is cited too: the quote that set the earlier figure.
    moved = next(c for c in report.changes if c.kind == "moved" and c.party == "northland")
    old_quote = report.citations_by_number[moved.old_notes[0]]
    assert old_quote.date == dt.date(2026, 1, 5) and "100,000 troops" in old_quote.quote
    assert old_quote.speaker == "Foreign minister of Northland"


def test_selection_restricts_every_section(mini):
    rep = build_report(
        mini,
        since=dt.date(2026, 1, 6),
        parties=["northland", "southland"],
        issues=["army-size", "sequencing"],
    )
    assert {p.id for p in rep.parties} == {"northland", "southland"}
    assert {i.id for i in rep.issues} == {"army-size", "sequencing"}
    ids = {"northland", "southland"}
    assert all({g.party_a, g.party_b} <= ids for g in rep.gaps)
    assert all(set(z.parties) <= ids for z in rep.zones)
    assert all(c.party in ids and c.issue in {"army-size", "sequencing"} for c in rep.changes)
    assert all(d.other in ids for c in rep.changes for d in c.directions)


@settings(max_examples=10, deadline=None)
@given(
    parties=st.sets(
        st.sampled_from(["northland", "southland", "eastern-league", "eastland"]), min_size=1
    ),
    issues=st.sets(
        st.sampled_from(
            ["army-size", "guarantees", "sequencing", "alliance-membership", "foreign-troops"]
        ),
        min_size=1,
    ),
)
def test_any_selection_is_consistent(parties, issues):
    ds = _mini()
    rep = build_report(
        ds, since=dt.date(2026, 1, 1), parties=sorted(parties), issues=sorted(issues)
    )
    assert {c.party for c in rep.matrix} <= parties and {c.issue for c in rep.matrix} <= issues
    cited = {n for c in rep.matrix for n in c.notes} | {n for g in rep.gaps for n in g.notes}
    cited |= {n for z in rep.zones for n in z.notes}
    cited |= {n for c in rep.changes for n in c.notes + c.old_notes}
    assert cited == {c.number for c in rep.citations}
    assert all(c.party in parties and c.issue in issues for c in rep.citations)


# -- escaping ---------------------------------------------------------------------


def test_html_escapes_all_data_text():
    page = render(build_report(hostile()), "html")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower() and "<b>North" not in page
    assert "javascript:" not in page.lower().replace(
        "javascript:alert(1))", ""
    )  # only as quoted text
    assert 'href="javascript' not in page
    assert html.escape(HOSTILE_QUOTE, quote=True).replace("&#x27;", "'") in page
    assert "&lt;b&gt;North&lt;/b&gt; &amp; *Co* | [x]" in page


def test_markdown_escapes_all_data_text():
    text = render(build_report(hostile()), "markdown")
    out = _markdown_html(text)
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "<em>not bold</em>" not in out and "<strong>not bold</strong>" not in out
    assert 'href="javascript' not in out and "<h1>Not a heading" not in out
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in out
    # Data text never adds or breaks a table cell: every row has as many cells as its header.
    for table in re.findall(r"<table>.*?</table>", out, flags=re.S):
        widths = {
            len(re.findall(r"<t[hd][ >]", row))
            for row in re.findall(r"<tr>.*?</tr>", table, flags=re.S)
        }
        assert len(widths) == 1, widths
    # The description's "- ..." and "1. ..." lines stay text, not lists.
    assert "<li>not a list item" not in out and "<ol>" not in out


def test_terminal_text_is_not_read_as_rich_markup():
    text = render(build_report(hostile()), "terminal")
    assert "[x]" in text and "<b>North</b>" in text


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
        | st.sampled_from("\\`*_[]{}()#+-.!|~<>&^=:\"' 1\n\t"),
        max_size=40,
    )
)
def test_md_cell_is_literal_text(s):
    """Whatever the data says, the rendered Markdown shows exactly that text."""
    expected = " ".join(s.split())
    out = _markdown_html(md_cell(s))
    if not expected:
        assert out.strip() == ""
        return
    assert out.startswith("<p>") and out.endswith("</p>\n"), out
    assert html.unescape(out[3:-5]) == expected


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org", False),
        ("", False),
        (None, False),
    ],
)
def test_only_web_addresses_become_links(url, ok):
    assert (safe_url(url) is not None) == ok


def test_json_is_the_report_model(report):
    data = json.loads(render(report, "json"))
    assert data["format"] == "peacetracker-report"
    assert len(data["gaps"]) == len(report.gaps) and len(data["citations"]) == len(report.citations)
    assert data["gaps"][0]["band"] == report.gaps[0].band
    assert data["changes"][0]["directions"][0]["direction"] == "converging"
    assert data["bands"][1] == {"word": "close", "upto": 0.25}


def test_json_has_no_nan_and_keeps_floats(report):
    """The report's JSON goes through the package's one converter: a missing
    number is null (NaN is no JSON), a whole float stays a float."""
    from peacetracker.report import as_json

    assert as_json.plain_value is peacetracker._plumbing.json_values.plain_value
    gaps = (attrs.evolve(report.gaps[0], gap=float("nan"), normalised=float("nan")),
            *report.gaps[1:])
    text = render(attrs.evolve(report, gaps=gaps), "json")

    def no_constant(word):
        raise AssertionError(f"{word} in the report's JSON")

    data = json.loads(text, parse_constant=no_constant)
    assert data["gaps"][0]["gap"] is None and data["gaps"][0]["normalised"] is None
    assert '"upto": 0.0' in text and data["bands"][0] == {"word": "agreed", "upto": 0.0}


def test_the_names_that_collided_are_defined_once():
    """``basis_text`` (how a stance rests on its sources) and the gap's
    normalising basis (``_norm_basis_text``) no longer share a name."""
    import ast

    src = Path(peacetracker.__file__).parent
    where: dict[str, list[str]] = {}
    for path in sorted(src.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                where.setdefault(node.name.lstrip("_"), []).append(path.name)
    assert where["basis_text"] == ["_words.py"]
    assert where["norm_basis_text"] == ["_build.py"]


def _terminal_plain(rep, width: int) -> str:
    """The terminal report as a terminal ``width`` columns wide shows it, colours removed."""
    import io

    from peacetracker.report.terminal import make_console, render_terminal

    buf = io.StringIO()
    render_terminal(rep, make_console(buf, force_terminal=True, width=width))
    return re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())


def test_on_a_terminal_tables_colour_and_a_row_limit(report):
    import io

    from peacetracker.report.terminal import make_console, render_terminal

    buf = io.StringIO()
    render_terminal(report, make_console(buf, force_terminal=True, width=140), top=2)
    out = buf.getvalue()
    assert "\x1b[" in out  # colour on a terminal
    assert "Showing 2 of 4 gaps: --top 0 shows all" in out
    assert "first recorded: 3 stances" in re.sub(r"\x1b\[[0-9;]*m", "", out)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "Ceasefire sequencing" in plain and "apart" in plain
    # Only the sources of the rows shown are listed.
    assert "[9]" in plain and "“Both sides said" in plain


def test_plain_text_is_one_record_per_line(report):
    text = render(report, "terminal")
    assert (
        "apart      1.00  Ceasefire sequencing: Northland and Southland: different options"
        in text
    )
    moved = next(c for c in report.changes if c.word == "toward")
    (n,) = moved.old_notes
    assert f"  was 100,000 personnel (2026-01-05) [{n}]" in text
    assert not any(line != line.rstrip() for line in text.splitlines())


def test_a_withdrawal_is_dropped_and_cites_both_quotes(tmp_path, mini_path):
    import shutil

    root = tmp_path / "ds"
    shutil.copytree(mini_path, root)
    path = root / "stances" / "northland.yaml"
    text = path.read_text(encoding="utf-8")
    withdrawal = (
        "  sequencing:\n"
        "    - date: 2026-01-14\n"
        "      status: withdrawn\n"
        "      evidence:\n"
        "        - source: northland-statement\n"
        "          quote: Northland will accept a ceasefire only after a comprehensive"
        " settlement is signed.\n"
    )
    path.write_text(text.replace("  sequencing:\n", withdrawal), encoding="utf-8")
    rep = build_report(peacetracker.load(root), since=dt.date(2026, 1, 13))
    (change,) = rep.changes
    assert (change.party, change.issue, change.word) == ("northland", "sequencing", "dropped")
    assert (change.old, change.new, change.new_date) == (
        "settlement first",
        None,
        dt.date(2026, 1, 14),
    )
    cited = [rep.citations_by_number[n] for n in change.old_notes + change.notes]
    assert [c.date for c in cited] == [dt.date(2026, 1, 12), dt.date(2026, 1, 14)]
    assert ("northland", "sequencing") not in {(c.party, c.issue) for c in rep.matrix}
    assert "withdrawn 2026-01-14" in render(rep, "markdown")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("\\`*_[]{}()#+-.!|~<>&^=:\"' 1a\n\t"), max_size=30))
def test_md_cell_escapes_like_md_text(s):
    from peacetracker.report._escape import md_text

    assert md_cell(s) == md_text(" ".join(s.split()))


def test_header_counts_citations_and_distinct_sources(report):
    sources = {c.source for c in report.citations}
    assert len(sources) < len(report.citations)  # the fixture cites some sources twice
    words = f"{len(report.citations)} citations from {len(sources)} sources"
    assert report.sources_text == words
    for fmt in ("terminal", "markdown", "html"):
        text = render(report, fmt)
        assert words in text and "quoted sources" not in text


def test_quotes_nest_typographically(mini):
    """A quote holding straight quote marks: outer “ ”, inner ‘ ’, never a doubled mark."""
    from peacetracker.report import quote_text

    assert quote_text('known as "NATO Article 5-style guarantees,"') == (
        "“known as ‘NATO Article 5-style guarantees,’”"
    )
    assert quote_text("he said “no” twice") == "“he said ‘no’ twice”"
    assert quote_text("plain") == "“plain”"
    ds = mini
    stances = [
        attrs.evolve(
            s,
            evidence=[attrs.evolve(e, quote='what he called "a red line,"') for e in s.evidence],
        )
        for s in ds.stances
    ]
    rep = build_report(attrs.evolve(ds, stances=stances))
    for fmt in ("terminal", "markdown", "html"):
        text = render(rep, fmt)
        assert ',""' not in text and ",\"”" not in text and ",&#34;" not in text
    assert "“what he called ‘a red line,’”" in render(rep, "terminal")
    assert "“what he called ‘a red line,’”" in render(rep, "markdown")
    assert "what he called ‘a red line,’" in render(rep, "html")


def test_gap_wording_reads_as_a_sentence(report):
    text = render(report, "terminal")
    assert "gap different options" not in text and "gap opposite answers" not in text
    assert re.search(r"Northland and Southland: (different options|opposite answers)", text)
    assert re.search(r"Northland and Southland: a gap of [\d,]+ personnel", text)


def test_relative_basis_is_a_mark_on_a_terminal_not_words_down_the_column(mini):

    from peacetracker.scales import parse_scale

    issues = dict(mini.issues)
    issues["army-size"] = attrs.evolve(
        issues["army-size"], scale=parse_scale({"type": "numeric", "unit": "personnel"})
    )
    rep = build_report(attrs.evolve(mini, issues=issues))
    assert any(g.basis == "relative to the larger figure" for g in rep.gaps)
    plain = _terminal_plain(rep, 120)
    assert "larger figure" not in plain.split("* normalised")[0]  # not in the table
    assert re.search(r"\b0\.\d\d\*", plain)
    assert "* normalised relative to the larger figure (the issue declares no range)" in plain
    assert "(normalised relative to the larger figure)" in render(rep, "terminal")


def _with_a_plan(ds):
    """The mini fixture with the 12-point draft (a party of kind plan) demanding
    an army of 500,000 on army-size: far from every negotiator."""
    plan = next(s for s in ds.stances if s.party == "southland" and s.issue == "army-size")
    plan = attrs.evolve(plan, party="draft-12-point", prefer=500000, accept=None)
    return attrs.evolve(ds, stances=[*ds.stances, plan])


def test_zones_leave_out_plans_unless_named(mini):
    ds = _with_a_plan(mini)
    assert ds.parties["draft-12-point"].kind == "plan"
    rep = build_report(ds)
    # the plan is in the matrix, but not in the gaps ...
    assert any(c.party == "draft-12-point" for c in rep.matrix)
    assert not any("draft-12-point" in (g.party_a, g.party_b) for g in rep.gaps)
    with_plans = build_report(ds, plans=True)
    assert any("draft-12-point" in (g.party_a, g.party_b) for g in with_plans.gaps)
    # ... nor among the negotiators of a zone, and the report says so
    army = next(z for z in rep.zones if z.issue == "army-size")
    assert "draft-12-point" not in army.parties + army.movers
    assert rep.plans_left_out == ("draft-12-point",)
    for fmt in ("terminal", "markdown", "html"):
        text = render(rep, fmt)
        assert "12-point draft framework" in text
        assert "left out of the gaps and the agreement zones" in text
    # named explicitly, a plan counts
    named = build_report(ds, parties=["northland", "southland", "draft-12-point"])
    army = next(z for z in named.zones if z.issue == "army-size")
    assert "draft-12-point" in army.parties and named.plans_left_out == ()
    assert "left out of the gaps" not in render(named, "markdown")


def test_timelines_only_for_gaps_that_changed_largest_first(mini):
    rep = build_report(mini)
    assert {(t.issue, t.party_a, t.party_b) for t in rep.timelines} == {
        ("army-size", "northland", "southland"),
        ("army-size", "northland", "eastern-league"),
    }
    ns = next(t for t in rep.timelines if t.party_b == "southland")
    assert [(p.date, p.normalised, p.gap_text) for p in ns.points] == [
        (dt.date(2026, 1, 5), 0.3, "150,000 personnel"),
        (dt.date(2026, 1, 12), 0.2, "100,000 personnel"),
    ]
    (only,) = build_report(mini, series_per_issue=1).timelines
    assert (only.party_a, only.party_b) == ("northland", "southland")  # the larger gap now
    assert build_report(mini, timelines=False).timelines == ()


def _with_precisions(ds):
    """Northland's foreign-troops stance held 'before' 2026-01-12; Southland's
    sequencing stance known only to the month (January 2026)."""
    stances = []
    for s in ds.stances:
        if (s.party, s.issue) == ("northland", "foreign-troops"):
            s = attrs.evolve(s, precision="before")
        elif (s.party, s.issue) == ("southland", "sequencing"):
            s = attrs.evolve(s, precision="month", date=dt.date(2026, 1, 1))
        stances.append(s)
    return attrs.evolve(ds, stances=stances)


def test_date_precision_is_shown_wherever_a_stance_date_is(mini):
    rep = build_report(_with_precisions(mini), since=dt.date(2026, 1, 6))
    cell = next(c for c in rep.matrix if (c.party, c.issue) == ("northland", "foreign-troops"))
    assert cell.precision == "before" and cell.date_text == "before 2026-01-12"
    month = next(c for c in rep.matrix if (c.party, c.issue) == ("southland", "sequencing"))
    assert month.date_text == "Jan 2026"
    (north,) = [f for f in rep.first_records if f.party == "northland"]
    first = next(r for r in north.records if r.issue == "foreign-troops")
    assert first.precision == "before" and first.date_text == "before 2026-01-12"
    plain = render(rep, "terminal")
    assert "Foreign troops in Southland (before 2026-01-12)" in plain
    assert "(rejection, before 2026-01-12" in plain
    assert "Jan 2026" in plain and "2026-01-01" not in plain
    md = render(rep, "markdown")
    assert "Foreign troops in Southland (before 2026-01-12)[^" in md
    assert "Jan 2026" in md
    page = render(rep, "html")
    assert "(before 2026-01-12)" in page and "Jan 2026" in page
    data = json.loads(render(rep, "json"))
    key = ("northland", "foreign-troops")
    (jc,) = [c for c in data["matrix"] if (c["party"], c["issue"]) == key]
    assert jc["precision"] == "before"


def _inner_quotes_by_character(text: str) -> str:
    """The first, character-by-character inner_quotes (the reference)."""
    from peacetracker.report._words import _OPENERS

    out = []
    for n, ch in enumerate(text):
        if ch == "“":
            out.append("‘")
        elif ch == "”":
            out.append("’")
        elif ch == '"':
            out.append("‘" if n == 0 or text[n - 1] in _OPENERS else "’")
        else:
            out.append(ch)
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from('"“”‘’ \t\n([{-–—/)a,.'), max_size=24))
def test_inner_quotes_equals_the_character_by_character_rule(text):
    from peacetracker.report._words import inner_quotes

    assert inner_quotes(text) == _inner_quotes_by_character(text)


def _timelines_reference(ds, as_of, party_ids, issue_ids, latest, limit):
    """The first implementation of the report's timeline selection (a tuple
    key per row, a Timestamp per date, gap words per row)."""
    import pandas as pd

    from peacetracker.report import Timeline, TimelinePoint, gap_words

    frame = ds.timeline()
    if frame.empty:
        return []
    keep = (
        frame["gap_norm"].notna()
        & frame["issue"].isin(issue_ids)
        & frame["party_a"].isin(party_ids)
        & frame["party_b"].isin(party_ids)
    )
    if as_of is not None:
        keep &= frame["date"] <= pd.Timestamp(as_of)
    frame = frame[keep]
    pair = ["issue", "party_a", "party_b"]
    frame = frame[frame.groupby(pair, sort=False)["gap_norm"].transform("nunique") > 1]
    if limit is not None:
        by_issue: dict = {}
        for key in frame[pair].drop_duplicates().itertuples(index=False, name=None):
            by_issue.setdefault(key[0], []).append(key)
        chosen = set()
        for keys in by_issue.values():
            keys.sort(key=lambda k: -latest.get(k, 0.0))
            chosen.update(keys[:limit])
        key_col = pd.Series(
            list(zip(frame["issue"], frame["party_a"], frame["party_b"], strict=True)),
            index=frame.index,
        )
        frame = frame[key_col.isin(chosen)]
    series: dict = {}
    for issue, a, b, date, norm, gap in zip(
        frame["issue"], frame["party_a"], frame["party_b"], frame["date"].dt.date,
        frame["gap_norm"], frame["gap"], strict=True,
    ):
        text = gap_words(ds.issues[issue].scale, float(gap))
        series.setdefault((issue, a, b), []).append(TimelinePoint(date, float(norm), text))
    return [Timeline(i, a, b, pts) for (i, a, b), pts in series.items()]


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=5, max_stances=24), st.data())
def test_report_timelines_equal_the_row_by_row_selection(ds, data):
    from peacetracker.report._build import _timelines

    limit = data.draw(st.sampled_from([None, 1, 2, 6]), label="limit")
    as_of = data.draw(st.sampled_from([None, dt.date(2026, 1, 3)]), label="as_of")
    parties = data.draw(st.lists(st.sampled_from(sorted(ds.parties)), min_size=1, unique=True))
    issues = sorted(ds.issues)
    rng = data.draw(st.randoms(use_true_random=False))
    # few distinct gaps: ties keep registry order
    latest = {
        (i, a, b): rng.choice([0.0, 0.5, 1.0]) for i in issues for a in parties for b in parties
    }
    assert _timelines(ds, as_of, parties, issues, latest, limit) == _timelines_reference(
        ds, as_of, parties, issues, latest, limit
    )


@settings(max_examples=25, deadline=None)
@given(random_datasets(max_parties=5, max_stances=24))
def test_html_pieces_rendered_once_equal_pieces_rendered_every_time(ds):
    """render_html renders each distinct footnote mark and band label once: the
    page is the same as when every row renders its own."""
    from peacetracker.report import html as html_mod

    rep = build_report(ds)
    fast = render(rep, "html")
    memo = html_mod._memo
    html_mod._memo = lambda piece: piece
    try:
        slow = render(rep, "html")
    finally:
        html_mod._memo = memo
    assert fast == slow


@pytest.mark.parametrize("width", [80, 120])
def test_terminal_changes_keep_the_move_word_whole_at_80_and_120_columns(report, width):
    """The move word ("first recorded" for a stance held before its date) is
    never wrapped, and what changed gets the widest column (at 120 columns a
    direction against another party fits on one line)."""

    from peacetracker.report._words import direction_text

    moved = next(c for c in report.changes if c.directions)
    first = attrs.evolve(
        report.changes[0], word="new", old=None, new_date=dt.date(2025, 12, 29),
        new_precision="before",
    )
    rep = attrs.evolve(report, changes=(first, moved))
    plain = _terminal_plain(rep, width)
    section = plain.split("What changed since")[1].split("Sources")[0]
    lines = section.splitlines()
    assert all(len(line) <= width for line in lines)
    assert any("first recorded" in line for line in lines)  # one piece, not "first / recorded;"
    assert any(moved.word in line.split() for line in lines)
    assert "now " + first.new + " (before 2025-12-29)" in section  # the detail, beside the word
    header = next(line for line in lines if "What changed" in line)
    assert width - header.index("What changed") >= 50
    if width >= 120:
        for d in moved.directions:
            phrase = direction_text(
                d.direction, rep.party_name(d.other), d.gap_before, d.gap_after, d.band_after,
                arrow="->",
            )
            assert any(phrase in line for line in lines), phrase


@pytest.mark.parametrize("width", [80, 120, 160])
def test_terminal_gaps_keep_positions_on_a_line_at_80_and_120_columns(report, width):
    """Below 130 columns the issue and parties share a column and the gap, its
    value and its band stack in another, so positions are not folded word by
    word; a wider terminal keeps a column each."""


    plain = _terminal_plain(report, width)
    section = plain.split("Gaps between the parties")[1].split("Agreement zones")[0]
    lines = section.splitlines()
    assert all(len(line) <= width for line in lines)
    for g in report.gaps:
        a = report.party_name(g.party_a)
        assert any(f"{a}: {g.prefer_a}" in line for line in lines), (a, g.prefer_a)
        assert any(re.search(rf"\b{g.normalised:.2f}\b.*\b{g.band}\b", line) for line in lines)
    header = next(line for line in lines if "Positions" in line).split()
    assert header == (["Issue", "and", "parties", "Positions", "Gap"] if width < 130 else
                      ["Issue", "Between", "Positions", "Gap", "Norm.", "In", "words"])


def test_terminal_matrix_below_100_columns_heads_each_issue(report):
    """At 80 columns the issue is a heading row over its parties, so a position
    gets the width an issue column would take (it fitted in 28 columns); at
    120 the issue keeps its column."""


    long = "Binding commitments, with an Article 5-like clause"
    first = attrs.evolve(report.matrix[0], prefer=long)
    rep = attrs.evolve(report, matrix=(first, *report.matrix[1:]))
    issue = rep.issue_name(first.issue)
    for width, headed in ((80, True), (120, False)):
        plain = _terminal_plain(rep, width)
        lines = plain.split("Where the parties stand")[1].split("Gaps between")[0].splitlines()
        assert all(len(line) <= width for line in lines)
        if headed:
            assert any(long in line for line in lines)  # on one line
        assert any(line.strip() == issue for line in lines) == headed
        assert any(line.startswith(f"{rep.party_name(first.party)} ") for line in lines) == headed


@pytest.mark.parametrize("width", [80, 120])
def test_terminal_zones_in_two_columns_below_100(report, width):
    """At 80 columns the smallest concession and who would make it go under the
    zone (two columns, the zone's text the width of three); at 120, four columns."""


    plain = _terminal_plain(report, width)
    lines = plain.split("Agreement zones")[1].split("What changed")[0].splitlines()
    assert all(len(line) <= width for line in lines)
    header = next(line for line in lines if line.startswith("Issue and parties"))
    none = [z for z in report.zones if not z.exists]
    assert none  # the fixture has issues with no zone
    if width < 100:
        assert " ".join(header.split()) == "Issue and parties Zone of agreement, or who would move"
        at = header.index("Zone")
        text = " ".join(line[at:].strip() for line in lines)  # the second column, joined
        for z in none:
            movers = ", ".join(report.party_name(p) for p in z.movers)
            concession = f"{z.concession_text} ({z.concession_norm:.2f})"
            assert f"smallest concession: {concession}, by {movers}" in text
    else:
        assert " ".join(header.split()) == (
            "Issue and parties Zone of agreement Smallest concession Who would move"
        )


# -- provenance: outlet, kind of source, basis, confidence and notes everywhere ---


def _weakened(ds):
    """The mini fixture with Southland's army-size stance inferred at low
    confidence from an opinion piece, and notes on the stance, its quote and
    the source."""
    sources = dict(ds.sources)
    sources["column"] = attrs.evolve(
        sources["wire-2026-01-05"], id="column", kind="opinion", outlet="The Daily Column",
        note="A signed column; the author is a former minister.",
    )
    stances = []
    for s in ds.stances:
        if s.party == "southland" and s.issue == "army-size" and s.status == "active":
            evidence = [attrs.evolve(e, source="column", note="Sarcastic in context.")
                        for e in s.evidence]
            s = attrs.evolve(s, basis="inferred", confidence="low", evidence=evidence,
                             note="Inferred from the column's complaint.")
        stances.append(s)
    return attrs.evolve(ds, sources=sources, stances=stances)


def test_weak_evidence_is_named_on_the_cell_the_gap_and_the_footnote(mini):
    ds = _weakened(mini)
    rep = build_report(ds)
    by_key = {(c.party, c.issue): c for c in rep.matrix}
    weak = by_key[("southland", "army-size")]
    assert weak.weak == ("low confidence", "inferred", "opinion only")
    assert weak.outlets == ("The Daily Column, opinion piece",)
    assert weak.quality_text == "inferred by the editor, low confidence"
    # a stance stated by the party in an official statement is not weak
    strong = by_key[("northland", "army-size")]
    assert strong.weak == () and strong.quality_text.startswith("said by the party itself")
    gap = next(g for g in rep.gaps if g.issue == "army-size" and "southland" in
               (g.party_a, g.party_b) and "northland" in (g.party_a, g.party_b))
    assert gap.weak == ("Southland: low confidence, inferred, opinion only",)
    cite = rep.citations_by_number[weak.notes[0]]
    assert (cite.kind, cite.basis, cite.confidence) == ("opinion", "inferred", "low")
    assert cite.note_texts == (
        "Note on the stance: Inferred from the column's complaint.",
        "Note on the quote: Sarcastic in context.",
        "Note on the source: A signed column; the author is a former minister.",
    )
    for fmt in ("terminal", "markdown", "html"):
        text = html.unescape(render(rep, fmt))
        for words in ("The Daily Column", "opinion piece", "inferred by the editor, low "
                      "confidence", "Sarcastic in context.", "former minister",
                      "weak", "said by the party itself"):
            assert words in text, (fmt, words)


def test_html_draws_weak_cells_hatched_with_a_legend(mini):
    page = render(build_report(_weakened(mini)), "html")
    assert 'id="weak-legend"' in page and "Hatched: weak evidence" in page
    # the matrix cell, the heatmap square and the gap row of the weak stance
    assert re.search(r'<td class="weak" title="weak evidence: low confidence, inferred, '
                     r'opinion only">', page)
    assert 'fill="url(#weak-hatch)"' in page
    assert '<tr class="weak" title="weak evidence: Southland: low confidence' in page
    # one hatched square per gap with a weak side, none for the others
    for rep in (build_report(mini), build_report(_weakened(mini))):
        page = render(rep, "html")
        assert page.count('fill="url(#weak-hatch)"') == sum(1 for g in rep.gaps if g.weak)
        assert page.count('<td class="weak"') == sum(1 for c in rep.matrix if c.weak)


def test_state_media_only_is_weak_when_the_registry_says_so(mini):
    if "affiliation" not in attrs.fields_dict(type(next(iter(mini.sources.values())))):
        pytest.skip("Source.affiliation is not in the format yet")
    sources = {k: attrs.evolve(s, affiliation="state-media") for k, s in mini.sources.items()}
    rep = build_report(attrs.evolve(mini, sources=sources))
    assert all("state media only" in c.weak for c in rep.matrix)
    assert all(", state media" in o for c in rep.matrix for o in c.outlets)


def test_weak_evidence_is_the_analysis_rule_on_every_cell(mini):
    """The report asks analysis/_quality.weak_reasons; it keeps no rule of its own."""
    from peacetracker.analysis._quality import weak_reasons

    weak = 0
    for ds in (mini, _weakened(mini)):
        rep = build_report(ds)
        for c in rep.matrix:
            same = [s for s in ds.stances
                    if (s.party, s.issue, s.date) == (c.party, c.issue, c.date)]
            if len(same) != 1:
                continue
            stance = same[0]
            cited = [ds.sources.get(e.source) for e in stance.evidence]
            assert c.weak == weak_reasons(stance.confidence, stance.basis, cited)
            weak += bool(c.weak)
    assert weak


def test_both_ends_of_a_change_name_state_media(mini):
    """The stance a party moved from is weighed as the stance it moved to: a
    before-side resting only on state media says so (it once did not)."""
    sources = {k: attrs.evolve(s, affiliation="state-media") for k, s in mini.sources.items()}
    rep = build_report(attrs.evolve(mini, sources=sources), since=dt.date(2026, 1, 6))
    moved = [c for c in rep.changes if c.old_date is not None and c.new_date is not None]
    assert moved
    for c in moved:
        sides = dict(w.split(": ", 1) for w in c.weak)
        assert "state media only" in sides["before"] and "state media only" in sides["now"]


# -- order by importance: focus parties, issue order, strength of evidence ----------


def test_default_focus_is_the_two_negotiators_with_the_most_stances(mini):
    counts = mini.stances_frame["party"].value_counts()
    rep = build_report(_with_a_plan(mini))  # the plan never counts
    expected = [p for p in counts.index if mini.parties[p].kind != "plan"][:2]
    assert list(rep.focus) == expected == ["northland", "southland"]
    # the focus parties head the party list, and their pair heads the gaps
    assert [p.id for p in rep.parties[:2]] == expected
    pairs = [{g.party_a, g.party_b} for g in rep.gaps]
    n_focus = sum(1 for p in pairs if p == set(expected))
    assert n_focus and all(p == set(expected) for p in pairs[:n_focus])


def test_focus_from_the_settings_or_the_caller_orders_the_pairs(mini):
    ds = attrs.evolve(mini, settings=attrs.evolve(mini.settings,
                                                  focus=("southland", "eastern-league")))
    for rep in (build_report(ds), build_report(mini, focus=["southland", "eastern-league"])):
        assert rep.focus == ("southland", "eastern-league")
        first = rep.gaps[0]
        assert {first.party_a, first.party_b} == {"southland", "eastern-league"}
        # pairs with one focus party come before pairs with none
        involved = [len({g.party_a, g.party_b} & set(rep.focus)) for g in rep.gaps]
        assert involved == sorted(involved, reverse=True)


def test_issue_order_from_the_settings_then_by_the_focus_gap(mini):
    rep = build_report(mini)
    # no order set: the issue on which the focus parties are furthest apart first
    focus_gap = {g.issue: g.normalised for g in rep.gaps
                 if {g.party_a, g.party_b} == set(rep.focus)}
    assert rep.issues[0].id == max(focus_gap, key=focus_gap.get)
    ordered = attrs.evolve(mini, settings=attrs.evolve(
        mini.settings, issue_order=("foreign-troops", "guarantees")))
    rep = build_report(ordered)
    assert [i.id for i in rep.issues[:2]] == ["foreign-troops", "guarantees"]
    assert [i.id for i in rep.matrix_issues[:2]] == ["foreign-troops", "guarantees"]


def test_issue_salience_orders_issues_when_the_format_has_it(mini):
    if "salience" not in attrs.fields_dict(type(next(iter(mini.issues.values())))):
        pytest.skip("Issue.salience is not in the format yet")
    issues = dict(mini.issues)
    issues["guarantees"] = attrs.evolve(issues["guarantees"], salience="high")
    issues["army-size"] = attrs.evolve(issues["army-size"], salience="low")
    rep = build_report(attrs.evolve(mini, issues=issues))
    order = [i.id for i in rep.issues]
    # high > medium > low > unset
    assert order[:2] == ["guarantees", "army-size"]


def test_equal_gaps_put_the_stronger_evidence_first(mini):
    # army-size: Southland-Eastern League and Northland-Southland are both 0.20
    # apart; weaken Southland's partner evidence on one of them
    # (Westland, with no stance, is the focus: no pair is a focus pair)
    rep = build_report(mini, focus=["westland"], all_pairs=True)
    tied = [g for g in rep.gaps if g.normalised == 0.2 and g.issue == "army-size"]
    # registry order on equal evidence
    assert [(g.party_a, g.party_b) for g in tied] == [
        ("northland", "southland"), ("southland", "eastern-league")]
    weak_ds = _weakened(mini)  # Southland's army-size stance: weak
    stances = [attrs.evolve(s, confidence="low") if s.party == "northland"
               and s.issue == "army-size" else s for s in weak_ds.stances]
    rep = build_report(attrs.evolve(weak_ds, stances=stances), focus=["westland"],
                       all_pairs=True)
    tied = [g for g in rep.gaps if g.issue == "army-size" and g.normalised == 0.2]
    # both rows hold Southland's weak stance; the other side decides: Eastern
    # League's (strong) before Northland's (low confidence)
    assert [(g.party_a, g.party_b) for g in tied] == [
        ("southland", "eastern-league"), ("northland", "southland")]


# -- the lede ---------------------------------------------------------------------


BUNDLED = Path(__file__).parent.parent / "positions"


def _lede_text(rep) -> str:
    return "\n".join(f"{s.kind}: {s.text} {list(s.notes)}" for s in rep.lede) + "\n"


def test_lede_snapshot_on_the_bundled_dataset():
    ds = peacetracker.load(BUNDLED)
    rep = build_report(ds, since=dt.date(2025, 12, 26))
    check_snapshot("lede-bundled.txt", _lede_text(rep))
    kinds = [s.kind for s in rep.lede]
    assert kinds[0] == "apart" and "moved" in kinds
    # every format opens with it, before the tables
    for fmt in ("terminal", "markdown", "html"):
        text = html.unescape(render(rep, fmt))
        first = rep.lede[0].text
        assert first in text and text.index(first) < text.index("Where the parties stand")


def test_lede_snapshot_on_two_plans():
    from _report_data import two_plans

    rep = build_report(two_plans())
    check_snapshot("lede-two-plans.txt", _lede_text(rep))
    # only plans: they are counted as parties, and the report says how
    assert rep.plans_counted and rep.zones
    assert "--parties draft-12-point,draft-15-point" in rep.plans_text
    assert any(s.kind == "zone" for s in rep.lede)


def test_plans_compared_clause_by_clause_along_their_lineage():
    from _report_data import two_plans

    rep = build_report(two_plans())
    old, new = rep.plans
    assert old.plan == "draft-12-point" and not old.parent_on_record
    assert new.derived_from == "draft-12-point"
    got = {(c.status, c.issue, c.old, c.new) for c in new.clauses}
    assert got == {
        ("changed", "army-size", "150,000 personnel", "200,000 personnel"),
        ("dropped", "alliance-membership", "no", None),
        ("added", "guarantees", None, "Binding commitments"),
        ("kept", "sequencing", "settlement first", "settlement first"),
        ("kept", "foreign-troops", "none", "none"),
    }
    assert new.summary == "kept 2, changed 1, dropped 1, added 1"
    # side by side, newsroom style: one row per issue, a column per plan
    grid = {issue.id: tuple(c.prefer if c else None for c in row) for issue, row in rep.plan_grid}
    assert grid["army-size"] == ("150,000 personnel", "200,000 personnel")
    assert grid["alliance-membership"] == ("no", None)
    assert grid["guarantees"] == (None, "Binding commitments")
    md = render(rep, "markdown")
    assert "| Issue | 12-point draft framework | 15-point revised framework |" in md
    assert 'id="plan-grid"' in render(rep, "html")
    for fmt in ("terminal", "markdown", "html"):
        text = html.unescape(render(rep, fmt))
        # the claims are bare ids here: the heading says they cite no evidence
        assert (
            "revising 12-point draft framework [weak evidence: endorsed by Eastern League: "
            "no evidence cited; revising 12-point draft framework: no evidence cited]: "
            "kept 2, changed 1, dropped 1, added 1"
        ) in text.replace("\\[", "[").replace("\\]", "]")


def test_plans_leave_the_gap_tables_of_the_bundled_dataset():
    ds = peacetracker.load(BUNDLED)
    rep = build_report(ds)
    plans = {p for p in ds.parties if ds.parties[p].kind == "plan"}
    assert not any({g.party_a, g.party_b} & plans for g in rep.gaps)
    assert {p.plan for p in rep.plans} == {c.party for c in rep.matrix} & plans


@settings(max_examples=40, deadline=None)
@given(random_datasets(max_parties=4, max_stances=20),
       st.sampled_from([None, dt.date(2026, 1, 2), dt.date(2026, 1, 4)]))
def test_every_lede_sentence_has_a_footnote_that_resolves_to_a_quote(ds, since):
    rep = build_report(ds, since=since)
    cites = rep.citations_by_number
    for sentence in rep.lede:
        assert sentence.notes, sentence
        for n in sentence.notes:
            assert cites[n].quote.strip()
            # the quote is about a party the sentence names
            assert rep.party_name(cites[n].party) in sentence.text, (sentence, cites[n])


def test_gaps_heatmap_and_timelines_hold_focus_pairs_unless_all_pairs(mini):
    rep = build_report(mini, focus=["eastern-league"])
    assert rep.gaps and all("eastern-league" in (g.party_a, g.party_b) for g in rep.gaps)
    assert all("eastern-league" in (t.party_a, t.party_b) for t in rep.timelines)
    assert rep.pairs_text == "Only pairs that include Eastern League; --all-pairs shows every pair."
    every = build_report(mini, focus=["eastern-league"], all_pairs=True)
    assert {(g.issue, g.party_a, g.party_b) for g in rep.gaps} < {
        (g.issue, g.party_a, g.party_b) for g in every.gaps}
    assert every.pairs_text is None
    assert len(every.gaps) == len(mini.gaps())
    page = render(rep, "html")
    heat = page[page.index('<svg id="gap-heatmap"'):page.index("</svg>", page.index("gap-heatmap"))]
    assert "Eastern League" in heat and "Northland – Southland" not in heat
    assert "--all-pairs shows every pair" in page


# -- evidence filters --------------------------------------------------------------


def test_filters_leave_out_weak_stances_everywhere_and_say_so(mini):
    ds = _weakened(mini)  # Southland's army-size stance: inferred, low, opinion only
    full = build_report(ds, all_pairs=True)
    for kw in ({"min_confidence": "medium"}, {"exclude_kinds": ["opinion"]},
               {"basis": ["stated", "reported"]}):
        rep = build_report(ds, all_pairs=True, **kw)
        assert ("southland", "army-size") not in {(c.party, c.issue) for c in rep.matrix}
        assert not any(g.issue == "army-size" and "southland" in (g.party_a, g.party_b)
                       for g in rep.gaps)
        # filters never add rows
        assert {(c.party, c.issue) for c in rep.matrix} <= {(c.party, c.issue)
                                                            for c in full.matrix}
        assert {(g.issue, g.party_a, g.party_b) for g in rep.gaps} <= {
            (g.issue, g.party_a, g.party_b) for g in full.gaps}
        assert rep.filters and rep.filters.startswith("Only stances with")
        for fmt in ("terminal", "markdown", "html"):
            assert rep.filters in render(rep, fmt)
    assert full.filters is None
    # the API's own filters agree with the report's gaps
    api = ds.gaps(min_confidence="medium")
    rep = build_report(ds, all_pairs=True, min_confidence="medium")
    assert len(rep.gaps) == len(api)


# -- size: a large dataset's tables cut to the most important rows ---------------


def test_without_full_the_tables_keep_the_most_important_rows(mini, monkeypatch):
    from peacetracker.report import _build

    monkeypatch.setattr(_build, "MAX_ISSUES", 2)
    monkeypatch.setattr(_build, "MAX_GAPS", 1)
    monkeypatch.setattr(_build, "MAX_CHARTS", 1)
    full = build_report(mini, full=True)
    rep = build_report(mini)
    held = [i.id for i in full.matrix_issues]
    assert [i.id for i in rep.matrix_issues] == held[:2]  # the most important
    # the focus pair's gaps are never cut (the lede reads them): beyond them, none
    pair = set(rep.focus[:2])
    own = [g for g in full.gaps if {g.party_a, g.party_b} == pair]
    assert len(own) > 1 and len(rep.gaps) == len(own) < len(full.gaps)
    assert rep.gaps == full.gaps[: len(own)]
    assert {z.issue for z in rep.zones} <= set(held[:2])
    assert len({t.issue for t in rep.timelines}) <= 1
    assert ("issues", 2, len(held)) in rep.left_out
    assert ("gaps", len(own), len(full.gaps)) in rep.left_out
    assert full.left_out == ()
    # only the quotes behind what is shown are listed, and every one is used
    used = {n for c in rep.matrix for n in c.notes} | {n for g in rep.gaps for n in g.notes}
    used |= {n for z in rep.zones for n in z.notes} | {n for s in rep.lede for n in s.notes}
    used |= {n for p in rep.plans for c in p.clauses for n in c.notes + c.old_notes}
    assert {c.number for c in rep.citations} == used
    assert len(rep.citations) < len(full.citations)
    # gaps on issues beyond the matrix still name their issue (every format renders)
    monkeypatch.setattr(_build, "MAX_GAPS", 1000)
    monkeypatch.setattr(_build, "MAX_ISSUES", 1)
    wide = build_report(mini)
    assert {g.issue for g in wide.gaps} - {i.id for i in wide.matrix_issues}
    named = {i.id for i in wide.issues}
    assert {g.issue for g in wide.gaps} | {t.issue for t in wide.timelines} <= named
    for fmt in ("terminal", "markdown", "html", "json"):
        render(wide, fmt)
    for fmt in ("terminal", "markdown", "html"):
        text = render(rep, fmt)
        assert f"Showing the 2 most important of {len(held)} issues; --full shows all." in text
        assert f"Showing the first {len(own)} of {len(full.gaps)} gaps; --full shows all." in text


def test_footnotes_are_numbered_in_reading_order(report):
    """The lede's footnotes come first, then the tables' in the order they are
    read; every number in the text appears for the first time in order."""
    text = render(report, "terminal")
    body = text[: text.index("\nSources\n")]
    seen: list[int] = []
    for m in re.finditer(r"\[(\d+)(?:-(\d+))?\]", body):
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        for n in range(lo, hi + 1):
            if n not in seen:
                seen.append(n)
    assert seen == sorted(seen) == list(range(1, len(seen) + 1))
    assert report.lede and report.lede[0].notes[0] == 1


@settings(max_examples=30, deadline=None)
@given(random_datasets(max_parties=4, max_stances=20), st.integers(1, 3), st.integers(1, 4),
       st.sampled_from([None, dt.date(2026, 1, 3)]))
def test_any_cut_names_everything_it_shows_and_renders(ds, issues, gaps, since):
    from unittest import mock

    from peacetracker.report import _build

    with mock.patch.object(_build, "MAX_ISSUES", issues), \
         mock.patch.object(_build, "MAX_GAPS", gaps), mock.patch.object(_build, "MAX_CHARTS", 1):
        rep = build_report(ds, since=since)
    named_i, named_p = {i.id for i in rep.issues}, {p.id for p in rep.parties}
    assert {g.issue for g in rep.gaps} | {z.issue for z in rep.zones} <= named_i
    assert {p for g in rep.gaps for p in (g.party_a, g.party_b)} <= named_p
    # the focus pair's own gaps are never cut (the lede reads them)
    own = sum({g.party_a, g.party_b} == set(rep.focus[:2]) for g in rep.gaps)
    assert len(rep.gaps) <= max(gaps, own) and len(rep.matrix_issues) <= issues
    for fmt in FORMATS:
        assert render(rep, fmt)


def _with_southland_on_alliance(ds):
    """The mini fixture with Southland stating "yes" on alliance membership,
    against Northland's inferred "no": the pair's largest gap, on weak evidence."""
    from peacetracker import Evidence, Stance

    yes = Stance("southland", "alliance-membership", dt.date(2026, 1, 5), prefer=True,
                 evidence=[Evidence("wire-2026-01-05", "a ceasefire before anything else")])
    return attrs.evolve(ds, stances=[*ds.stances, yes])


def test_the_lede_leads_with_the_best_sourced_gap(mini):
    """A gap resting on an inference never opens the story while a stated
    one exists; when a weaker-sourced gap is larger, the sentence says so."""
    rep = build_report(_with_southland_on_alliance(mini))
    apart = [s.text for s in rep.lede if s.kind == "apart"]
    assert apart[0].startswith(
        "On the best-sourced positions, Northland and Southland are furthest apart on "
        "Size of Southland's army"
    )
    assert apart[1].startswith("They are also far apart on Alliance membership")
    assert "weak evidence: Northland: inferred" in apart[1]


def test_the_lede_names_no_gap_where_zones_meet_and_no_question_about_the_talks(mini):
    """Ceasefire sequencing: Southland accepts either option, so the pair has
    common ground there; the lede says so and never also calls it a gap. Made
    a question about the talks (kind: context), it is neither."""
    rep = build_report(mini)
    kinds = {s.kind for s in rep.lede if "Ceasefire sequencing" in s.text}
    assert kinds == {"zone"}
    issues = {**mini.issues}
    issues["sequencing"] = attrs.evolve(issues["sequencing"], kind="context")
    rep = build_report(attrs.evolve(mini, issues=issues))
    assert not any("Ceasefire sequencing" in s.text for s in rep.lede)
    assert all(z.issue != "sequencing" for z in rep.zones)
    row = next(g for g in rep.gaps if g.issue == "sequencing")
    assert row.band == "answers differ"


def test_a_lede_move_on_weak_evidence_says_so(mini):
    """A move whose ends rest on an inference or a low-confidence report
    carries the words, as the gaps do."""
    ds = mini
    weak = [
        attrs.evolve(s, basis="inferred")
        if s.party == "northland" and s.issue == "army-size" and s.date < dt.date(2026, 1, 10)
        else s
        for s in ds.stances
    ]
    rep = build_report(attrs.evolve(ds, stances=weak), since=dt.date(2026, 1, 6))
    moved = [s.text for s in rep.lede if s.kind == "moved"]
    assert moved and "(weak evidence: before: inferred)" in moved[0]


def test_the_lede_never_rests_a_gap_on_an_opinion_piece(mini):
    """A side known only from an opinion piece stays in the tables, marked,
    and out of the story (a reader quotes the lede, not the footnote)."""
    ds = _with_southland_on_alliance(mini)
    opinion = attrs.evolve(ds.sources["wire-2026-01-05"], kind="opinion")
    ds = attrs.evolve(ds, sources={**ds.sources, "wire-2026-01-05": opinion})
    rep = build_report(ds)
    assert any(g.issue == "alliance-membership" and any("opinion only" in w for w in g.weak)
               for g in rep.gaps)
    assert not any("Alliance membership" in s.text for s in rep.lede if s.kind == "apart")


def test_a_plans_heading_says_when_its_endorsement_rests_on_weak_evidence(mini):
    """A plan "endorsed by" a party on an inference from an opinion piece says
    so beside the claim, as a stance would (the seed check found "Istanbul
    draft treaty of 2022 (endorsed by Russia)" resting on one RT column)."""
    from peacetracker.report.text import plan_heading

    ds = _with_a_plan(mini)
    rep = build_report(ds, parties=list(ds.parties))
    (plan,) = [p for p in rep.plans if p.plan == "draft-12-point"]
    assert plan.claims_weak == () and "weak evidence" not in plan_heading(rep, plan)
    party = ds.parties["draft-12-point"]
    claims = tuple(attrs.evolve(c, basis="inferred", confidence="low") for c in party.claims)
    opinion = attrs.evolve(ds.sources["wire-2026-01-07"], kind="opinion")
    ds = attrs.evolve(
        ds,
        parties={**ds.parties, "draft-12-point": attrs.evolve(party, claims=claims)},
        sources={**ds.sources, "wire-2026-01-07": opinion},
    )
    rep = build_report(ds, parties=list(ds.parties))
    (plan,) = [p for p in rep.plans if p.plan == "draft-12-point"]
    assert plan.claims_weak == (
        "endorsed by Eastern League: low confidence, inferred, opinion only",
    )
    assert "[weak evidence: endorsed by Eastern League: low confidence" in plan_heading(rep, plan)
