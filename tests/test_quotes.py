"""Quote normalisation and finding (peacetracker._quotes)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from peacetracker._quotes import (
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
    from peacetracker._quotes import _TRANSLATE

    assert normalise(text) == " ".join(text.translate(_TRANSLATE).split())
