"""Quote normalisation and finding (peacetracker.loading._quotes)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from peacetracker.loading._quotes import (
    closest_passage,
    find_passage,
    find_quote,
    normalise,
    quote_pieces,
)

TEXT = (
    "Statement by the Government of Northland\n"
    "\n"
    "Northland rejects \u2014 in the strongest terms \u2014 the stationing\n"
    "of any foreign troops on Southland\u2019s territory.\n"
    "The minister said: \u201cwe will not move\u2026 ever.\u201d\n"
)


def test_normalise_makes_quotes_dashes_and_space_plain():
    assert normalise("  \u201cA\u2019s\u201d \u2013 b\n\t c\u2026 ") == "\"A's\" - b c..."


def test_normalise_drops_soft_hyphens():
    assert normalise("nego\u00adtiation") == "negotiation"


def test_quote_pieces_split_on_elisions():
    assert quote_pieces("we will ... not [...] move") == ["we will", "not", "move"]
    assert quote_pieces("...and then") == ["and then"]
    assert quote_pieces("...") == []


def test_find_quote_across_lines_and_typography():
    norm = normalise(TEXT)
    at = find_quote("rejects - in the strongest terms - the stationing of any foreign troops", norm)
    assert at == norm.index("rejects")
    assert find_quote("Southland's territory", norm) is not None


def test_find_quote_with_elision_needs_order():
    norm = normalise(TEXT)
    at = find_quote("Northland rejects ... foreign troops", norm)
    assert at == norm.index("Northland rejects")
    assert find_quote("foreign troops ... Northland rejects", norm) is None


def test_find_quote_is_case_sensitive_and_verbatim():
    norm = normalise(TEXT)
    assert find_quote("northland rejects", norm) is None
    assert find_quote("Northland firmly rejects", norm) is None
    assert find_quote("", norm) is None


def test_find_passage_gives_line_and_column_in_the_original():
    passage = find_passage("in the strongest terms - the stationing of any", TEXT)
    assert (passage.line, passage.col) == (3, 21)
    assert passage.text == "in the strongest terms - the stationing of any"
    assert passage.similarity == 1.0


def test_find_passage_honours_first_line():
    passage = find_passage("we will not move", "x\nthey said we will not move", first_line=10)
    assert (passage.line, passage.col) == (11, 11)


def test_closest_passage_points_at_the_near_miss():
    passage = closest_passage("Northland rejects in the strongest terms the stationing", TEXT)
    assert (passage.line, passage.col) == (3, 1)
    assert passage.text.startswith("Northland rejects - in the strongest")
    assert 0.8 < passage.similarity < 1.0


def test_closest_passage_of_a_later_piece():
    passage = closest_passage("Northland rejects ... the stationing of all foreign troops", TEXT)
    assert passage.line == 3
    assert passage.text.startswith("the stationing")


def test_closest_passage_of_nothing():
    assert closest_passage("abc", "") is None
    assert closest_passage("", TEXT) is None


words = st.text(alphabet="abcdefg \u2014\u2019\u201c\n", min_size=1, max_size=40)


@settings(deadline=None)
@given(st.text(max_size=30), words, st.text(max_size=30))
def test_a_normalised_slice_is_always_found(before, middle, after):
    text = before + middle + after
    if normalise(middle):
        assert find_quote(middle, normalise(text)) is not None


@settings(deadline=None)
@given(st.text(max_size=60))
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@settings(deadline=None)
@given(st.text(max_size=40), words)
def test_find_passage_text_normalises_to_the_quote(before, quote):
    text = before + "\n" + quote
    passage = find_passage(quote, text)
    if quote_pieces(quote) and "..." not in normalise(quote):
        assert passage is not None
        assert normalise(passage.text) == normalise(quote)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    [*"ab \n\t.-'\"", "\u201c", "\u201d", "\u2019", "\u2014", "\u2026", "\u00ad",
     "\u00ab", "\u2212", "\u00e9", "\u00a0", "\u2009"]), max_size=60))
def test_normalise_changes_what_the_translation_table_says(text):
    from peacetracker.loading._quotes import _TRANSLATE

    assert normalise(text) == " ".join(text.translate(_TRANSLATE).split())


def _offsets_table(text: str) -> tuple[str, list[int]]:
    """The reference: for every character of normalise(text), its offset in
    text (the per-character table the hints used to build)."""
    from peacetracker.loading._quotes import _TRANSLATE

    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        mapped = ch.translate(_TRANSLATE)
        if not mapped:
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        for m in mapped:
            out.append(m)
            offsets.append(i)
    return "".join(out), offsets


@settings(deadline=None)
@given(st.text(alphabet="ab \n\t\u2014\u2026\u00ad\u201c\u00a0", max_size=40))
def test_offsets_are_found_without_a_table(text):
    from peacetracker.loading._quotes import _original_offsets

    norm, table = _offsets_table(text)
    assert norm == normalise(text)
    if norm:
        positions = list(range(len(norm)))
        assert _original_offsets(text, positions) == table


def test_the_hint_aligns_only_near_candidates_in_a_long_text(monkeypatch):
    """A 300-character quote with a typo against a 1.3 MB text took 9 s
    (difflib over the whole text), 5,000 characters 132 s.  Now no alignment
    sees more than a few times the quote's length; the passage is the same."""
    import random

    from peacetracker.loading import _quotes

    rng = random.Random(7)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(3000)]
    text = "\n".join(" ".join(rng.choice(vocab) for _ in range(12)) for _ in range(20_000))
    middle = text.index("\n", len(text) // 2) + 1
    quote = text[middle : middle + 300]
    quote = quote[:150] + "xyz" + quote[153:]
    seen: list[int] = []
    real = _quotes._fuzz()

    def spy(name):
        def call(a, b, **kw):
            seen.append(max(len(a), len(b)))
            return getattr(real, name)(a, b, **kw)

        return call

    names = ("ratio", "partial_ratio_alignment")
    spied = type("Fuzz", (), {n: staticmethod(spy(n)) for n in names})
    monkeypatch.setattr(_quotes, "fuzz", spied)
    passage = closest_passage(quote, text)
    assert passage.line == text.count("\n", 0, middle) + 1 and passage.col == 1
    assert 0.98 < passage.similarity < 1
    assert seen and max(seen) <= 3 * len(quote)


@settings(deadline=None)
@given(st.text(alphabet="ab \n\u2014\u2026\u00ad\u00a0", max_size=60), st.integers(1, 7))
def test_a_long_text_is_normalised_piece_by_piece_alike(text, chunk):
    from peacetracker.loading import _quotes

    whole = _quotes._normalise_short(text)
    old = _quotes._CHUNK
    _quotes._CHUNK = chunk
    try:
        assert normalise(text) == whole
    finally:
        _quotes._CHUNK = old


# -- one reader of stored texts: check and the edits read them alike ---------------

import re  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

import peacetracker  # noqa: E402
from peacetracker.editing import EditError, Editor, QuoteNotFound  # noqa: E402
from peacetracker.loading._quotes import read_stored, select_lines  # noqa: E402

_FIRST = "Northland and Southland resume talks"  # the first words of texts/wire.txt
_LATER = "proposing a ceiling of 150,000 troops"  # on line 6 (the second article)


def _stored(tmp_path: Path, mini_path: Path, change: str) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    wire = root / "texts" / "wire.txt"
    if change == "bom":
        wire.write_bytes(b"\xef\xbb\xbf" + wire.read_bytes())
    elif change == "binary":
        wire.write_bytes(wire.read_bytes() + b"\x00")
    elif change == "past-the-end":
        sources = root / "sources.yaml"
        sources.write_text(sources.read_text().replace("lines: 5-7", "lines: 5-70"))
    return root


@pytest.mark.parametrize("change", ["none", "bom", "binary", "past-the-end"])
def test_check_and_add_read_a_stored_text_alike(tmp_path, mini_path, change) -> None:
    root = _stored(tmp_path, mini_path, change)
    problems = peacetracker.check(root).problems
    with Editor.open(root) as editor:
        for source in ("wire-2026-01-05", "wire-2026-01-07"):
            checked = not any(p.rule.startswith("source-") and p.path[:2] == ("sources", source)
                              for p in problems)
            try:
                text, first = editor.source_text(source) or ("", 1)
            except EditError:
                assert not checked, source
                continue
            assert checked, source
            # The text as check reads it: the BOM dropped, the same lines.
            _, whole, _ = read_stored(root / "texts" / "wire.txt")
            assert whole is not None and not text.startswith("\ufeff")
            span = (1, 4) if source == "wire-2026-01-05" else (5, 7)
            assert (text, first) == (select_lines(whole.splitlines(keepends=True), span), span[0])
            # A quote is found, or not, by both.
            for quote in (_FIRST, _LATER):
                try:
                    editor.verify_quote(source, quote)
                    found = True
                except QuoteNotFound:
                    found = False
                assert found == (quote == (_FIRST if source == "wire-2026-01-05" else _LATER))
    if change in ("binary", "past-the-end"):
        assert any(p.rule in ("source-unreadable", "source-lines") for p in problems)


@pytest.mark.parametrize(("data", "says"), [
    (b"\xef\xbb\xbfline one\nbad \xc9 byte\n", "is not UTF-8 text (byte 0xc9 on line 2)"),
    (b"\xff\xfel\x00i\x00", "is not UTF-8 text (byte 0xff on line 1)"),
    (b"text\x00more", "is binary, not text"),
])
def test_add_refuses_a_stored_text_check_cannot_read(tmp_path, mini_path, data, says) -> None:
    root = _stored(tmp_path, mini_path, "none")
    (root / "texts" / "wire.txt").write_bytes(data)
    assert any(p.rule == "source-unreadable" for p in peacetracker.check(root).problems)
    with Editor.open(root, lock=False) as editor, pytest.raises(EditError, match=re.escape(says)):
        editor.source_text("wire-2026-01-05")
