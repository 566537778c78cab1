"""The lede and the wording of questions about the talks, on the bundled dataset.

A fact-checker who read only the seeds read the bundled report: these tests
hold the report to what its legend promises (a question about the talks has
only "same answer" and "answers differ", no band word, no figure) and the lede
to what the data says (ties at the top, assumed zones, weak evidence)."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from pathlib import Path

import pytest

import peacetracker
from peacetracker.report import build_report, render
from peacetracker.report._words import CONTEXT_WORDS, direction_text

BUNDLED = Path(__file__).parent.parent / "positions"
SINCE = dt.date(2025, 12, 26)
#: Words that read as a distance between negotiating positions.
BAND_WORDS = re.compile(r"\b(apart|close|far apart|agreed|converging|diverging|toward|away)\b",
                        re.IGNORECASE)
FIGURE = re.compile(r"(?<![\d.])[01]\.\d\d(?![\d])|\bgap\b|\bsteps?\b")


@functools.cache
def _bundled():
    return peacetracker.load(BUNDLED)


@functools.cache
def _report(all_pairs: bool = True):
    return build_report(_bundled(), since=SINCE, all_pairs=all_pairs)


def _context_issues() -> dict[str, str]:
    ds = _bundled()
    return {i: ds.issues[i].name for i in ds.issues if ds.issues[i].kind == "context"}


def _stance_texts(rep) -> list[str]:
    """Every stance text the report quotes (data: they may hold any word)."""
    texts = {c.prefer for c in rep.matrix} | {c.accept for c in rep.matrix if c.accept}
    texts |= {x for c in rep.changes for x in (c.old, c.new) if x}
    return sorted(texts, key=len, reverse=True)


def _words_of(text: str, rep) -> str:
    """``text`` without the data it quotes: stance texts, issue names."""
    for t in _stance_texts(rep):
        text = text.replace(t, "")
    for name in sorted((i.name for i in rep.issues), key=len, reverse=True):
        text = text.replace(name, "")
    return text


def test_the_bundled_dataset_has_context_issues_in_every_section():
    rep = _report()
    context = _context_issues()
    assert len(context) >= 4
    assert any(g.issue in context for g in rep.gaps)
    assert any(c.issue in context and c.kind == "moved" for c in rep.changes)


def test_context_gaps_say_only_same_answer_or_answers_differ():
    rep = _report()
    context = _context_issues()
    for g in rep.gaps:
        if g.issue in context:
            assert g.context and g.band in CONTEXT_WORDS and g.gap_text == g.band, g
            assert g.normalised_text == "–"
        else:
            assert not g.context and g.band not in CONTEXT_WORDS, g
    # no gap over time on a question about the talks
    assert not [t for t in rep.timelines if t.issue in context]


def test_context_moves_and_their_directions_have_no_band_word_or_figure():
    rep = _report()
    context = _context_issues()
    moves = [c for c in rep.changes if c.issue in context]
    assert moves
    for c in moves:
        assert not BAND_WORDS.search(c.headline), c.headline
        for d in c.directions:
            text = direction_text(d.direction, rep.party_name(d.other), d.gap_before,
                                  d.gap_after, d.band_after)
            assert not BAND_WORDS.search(text) and not FIGURE.search(text), text
    for s in rep.lede:
        for name in context.values():
            if name in s.text:
                words = _words_of(s.text.split(" (weak evidence")[0], rep)
                assert not BAND_WORDS.search(words) and not FIGURE.search(words), s.text


def _lines(text: str, fmt: str) -> list[str]:
    if fmt == "html":  # a line per table row or list item
        text = re.sub(r"(</tr>|<li\b|</p>)", r"\n\1", text.replace("\n", " "))
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text.splitlines()


@pytest.mark.parametrize("fmt", ["markdown", "terminal", "html"])
def test_every_format_words_context_issues_without_band_words_or_figures(fmt):
    """Every line that words a context issue's gap or move (not a footnote or
    a stance cell) and the direction lines under a context move."""
    rep = _report()
    context = set(_context_issues().values())
    text = render(rep, fmt)
    if fmt == "html":  # the heatmap and the timelines draw no context issue
        for name in context:
            svg = re.findall(r"<svg.*?</svg>", text, re.S)
            assert not any(html.escape(name, quote=True) in s or name in s for s in svg), name
    lines = _lines(text, fmt)
    checked = 0
    under_context_move = False
    for line in lines:
        stripped = line.strip()
        names = [n for n in context if n in line]
        # a footnote, a source list, a list of first records, a stance matrix row
        if (stripped.startswith(("[^", "[")) or "first recorded" in line
                or re.match(r"^\s*\d+\.? ", line) or ("(before " in line and not names)):
            under_context_move = False
            continue
        # a direction line: indented under its move
        is_direction = re.match(
            r"^(- )?([A-Z][^:;]* had no stance before|(converging |diverging |level )?with [A-Z])",
            stripped) is not None
        if names and " on " in line and (" → " in line or " -> " in line):
            under_context_move = True
        elif not is_direction and not line.startswith(" "):
            under_context_move = False
        if not names and not (under_context_move and is_direction):
            continue
        if names and ("same answer" not in line and "answers differ" not in line
                      and "answer changed" not in line and "answers now differ" not in line):
            continue  # not a gap or a move: the matrix, a zone, a plan
        words = _words_of(line, rep)
        assert not BAND_WORDS.search(words), (fmt, line)
        assert not FIGURE.search(words), (fmt, line)
        checked += 1
    assert checked >= 8, (fmt, checked)


def test_json_words_context_issues_as_the_other_formats_do():
    rep = _report()
    context = _context_issues()
    data = json.loads(render(rep, "json"))
    gaps = [g for g in data["gaps"] if g["issue"] in context]
    assert gaps and all(g["band"] in CONTEXT_WORDS and g["gap_text"] in CONTEXT_WORDS
                        for g in gaps)
    moves = [c for c in data["changes"] if c["issue"] in context and c["kind"] == "moved"]
    assert moves
    for c in moves:
        assert c["word"] == "answer changed"
        assert not BAND_WORDS.search(c["word_text"].split("; ", 1)[1])
        assert all(d["band_after"] in CONTEXT_WORDS for d in c["directions"])
    assert not [t for t in data["timelines"] if t["issue"] in context]


def test_rich_terminal_gap_rows_of_context_issues_show_no_figure():
    import io

    from peacetracker.report.terminal import make_console, render_terminal

    rep = _report()
    buf = io.StringIO()
    render_terminal(rep, make_console(buf, force_terminal=True, width=200))
    text = re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())
    gaps = text[text.index("Gaps between"):text.index("Agreement zones")]
    for row in gaps.split("\n"):
        if row.rstrip().endswith(CONTEXT_WORDS):  # the band column, last
            assert not FIGURE.search(_words_of(row, rep)), row


def test_the_diff_words_context_moves_without_band_words():
    from peacetracker.report.diff import changes_between

    ds = _bundled()
    changes = changes_between(ds, ds, old_date=SINCE, new_date=dt.date(2026, 1, 10))
    context = _context_issues()
    seen = 0
    for b in changes.blocks:
        for item in b.items:
            for other, direction, gb, ga, band in item.directions:
                if any(b.path.endswith("/" + i) for i in context):
                    assert band in CONTEXT_WORDS
                    text = direction_text(direction, other, gb, ga, band)
                    assert not BAND_WORDS.search(text) and not FIGURE.search(text), text
                    seen += 1
    assert seen


def test_no_overlap_sentence_says_which_zones_are_assumed_and_which_evidence_is_weak():
    """(c) "On no term ... overlap" stated flatly hid that on some terms what a
    side would accept is only its preferred position, and weak evidence."""
    ds = _bundled()
    rep = build_report(ds, since=SINCE)
    a, b = rep.focus[:2]
    sentence = next(s.text for s in rep.lede if s.kind == "no-zone")
    frame = ds.overlaps(parties=[a, b])
    rows = frame[frame["status"].isin(["zone", "no-zone"])]
    assert rows["empty"].all()  # the sentence's premise on the bundled data
    assert f"On none of the {len(rows)} terms of a deal that both address" in sentence
    head, _, weak = sentence.partition(" (weak evidence: ")
    assumed = rows[rows["assumed"].fillna("").astype(str) != ""]
    assert 0 < len(assumed) < len(rows)
    assert f"on {len(assumed)} of them what a side would accept is not stated, only assumed" \
        in head
    for issue, who in zip(assumed["issue"], assumed["assumed"], strict=True):
        parties = [p for p in str(who).split(", ") if p]
        named = "both sides" if len(parties) > 1 else ds.parties[parties[0]].name
        assert f"{ds.issues[issue].name}: {named}" in head
    stated = set(rows["issue"]) - set(assumed["issue"])
    assert all(ds.issues[i].name not in head for i in stated)
    # weak evidence named as the gaps table names it, issue by issue
    pair = {g.issue: g for g in rep.gaps if {g.party_a, g.party_b} == {a, b}}
    for issue in rows["issue"]:
        g = pair[issue]
        if g.weak:
            assert f"{ds.issues[issue].name}: {', '.join(g.weak)}" in weak
        else:
            assert ds.issues[issue].name not in weak
    assert weak  # the bundled data has some


def test_furthest_apart_says_when_other_terms_are_as_far_apart():
    """(b) Three terms tie at the largest gap: the lede says so in its one sentence."""
    ds = _bundled()
    rep = build_report(ds, since=SINCE)
    a, b = rep.focus[:2]
    frame = ds.gaps(parties=[a, b])
    term = frame["issue"].map(lambda i: ds.issues[i].kind != "context").astype(bool)
    terms = frame[term & ~frame["zones_meet"].astype(bool) & (frame["gap_norm"] > 0)]
    top = terms["gap_norm"].max()
    ties = int((terms["gap_norm"] == top).sum()) - 1
    assert ties == 2  # line of contact, the 20-point plan, troops from NATO countries
    first = rep.lede[0]
    assert first.kind == "apart"
    assert first.text.startswith(
        "Ukraine and Russia are furthest apart, with two other terms as far apart, on ")
    assert first.text.count(".") == 1 and first.notes  # one sentence, footnoted as before


def test_furthest_apart_without_a_tie_reads_as_before():
    from peacetracker.report._build import _as_far_apart

    rep = build_report(peacetracker.load(Path(__file__).parent / "data" / "mini"))
    assert "as far apart" not in rep.lede[0].text
    assert "furthest apart on Size of Southland's army" in rep.lede[0].text
    assert _as_far_apart(0) == ""
    assert _as_far_apart(1) == ", with one other term as far apart,"
    assert _as_far_apart(12) == ", with 12 other terms as far apart,"


def test_a_move_names_the_event_its_new_stance_is_tied_to_in_every_format():
    """(d) "Russia moved on X after “<event title>” (<date>): ..."; no event, no clause."""
    ds = _bundled()
    rep = build_report(ds, since=SINCE)
    moves = [s for s in rep.lede if s.kind == "moved"]
    assert moves
    tied = {(s.party, s.issue, s.date): ds.events[s.event] for s in ds.stances if s.event}
    named = 0
    for c in rep.changes:
        sentence = next((s.text for s in moves
                         if f"{rep.party_name(c.party)} moved on {rep.issue_name(c.issue)}"
                         in s.text), None)
        if sentence is None or c.new is None:
            continue
        event = tied.get((c.party, c.issue, c.new_date))
        if event is not None and event.date <= c.new_date:
            clause = f" after “{event.title}” ({event.date.isoformat()}): "
            assert clause in sentence
            named += 1
            for fmt in ("terminal", "markdown", "html"):
                text = html.unescape(render(rep, fmt)).replace("\\", "")
                assert clause in text, fmt
        else:
            assert " after “" not in sentence
    assert named == 2
    # a move with no event reads as before
    mini = build_report(peacetracker.load(Path(__file__).parent / "data" / "mini"),
                        since=dt.date(2026, 1, 2))
    assert all(" after “" not in s.text for s in mini.lede)


def test_the_heatmap_caption_says_questions_about_the_talks_are_not_drawn():
    text = render(_report(), "html")
    assert "Questions about the talks are not drawn" in text
    mini = build_report(peacetracker.load(Path(__file__).parent / "data" / "mini"))
    assert "Questions about the talks are not drawn" not in render(mini, "html")


def test_plain_text_gap_lines_of_context_issues_say_their_word_once_in_its_column():
    """The plain-text gaps list puts a context issue's word in the band column,
    aligned with the others, and does not repeat it at the end of the line."""
    text = render(_report(), "terminal")
    context = set(_context_issues().values())
    start = text.index("Gaps between the parties")
    rows = [line for line in text[start:].splitlines()
            if line and not line.startswith(" ") and re.match(r"^\S.*\s{2}(\d\.\d\d|–)\s", line)]
    assert rows
    columns = {re.search(r"\s{2}(\d\.\d\d|–)\s", line).start(1) for line in rows}
    assert len(columns) == 1, columns  # the figure column lines up on every row
    for line in rows:
        if any(name in line for name in context):
            word = line.split("  ", 1)[0].strip()
            assert word in ("same answer", "answers differ") and line.count(word) == 1, line


def test_a_move_in_the_lede_names_the_weak_evidence_of_the_stances_it_is_measured_against():
    """"answers now differ from Ukraine, United States" rests on those two
    parties' stances too: where they are weak, the sentence says so, by the
    analysis's rule on each counterpart's stance in force on the move's date."""
    moved = [s.text for s in _report().lede if s.kind == "moved"]
    russia = next(t for t in moved if t.startswith("Since 2025-12-26, Russia moved"))
    weak = russia.rsplit("(weak evidence: ", 1)[1]
    assert "Ukraine: low confidence, inferred, state media only" in weak
    assert "United States: inferred, state media only" in weak
    coalition = next(t for t in moved if "Coalition of the Willing moved" in t)
    assert "Ukraine:" not in coalition.rsplit("(weak evidence: ", 1)[-1]  # Ukraine's is not weak
