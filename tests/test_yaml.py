"""Safe YAML reading (peacetracker._yaml)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from peacetracker import _yaml
from peacetracker._yaml import ImpossibleDate, parse


def rules(parsed):
    return [(f.rule, f.line, f.col) for f in parsed.findings]


def test_plain_data_with_yaml_1_2_words():
    parsed = parse(b"a: no\nb: yes\nc: true\nd: 1.10\ne: 2026-01-05\nf: [x, y]\n")
    assert parsed.findings == ()
    assert parsed.data == {"a": "no", "b": "yes", "c": True, "d": 1.1,
                           "e": dt.date(2026, 1, 5), "f": ["x", "y"]}


def test_an_impossible_date_is_kept_as_text():
    parsed = parse(b"date: 2026-02-30\n")
    assert parsed.findings == ()
    assert isinstance(parsed.data["date"], ImpossibleDate)
    assert parsed.data["date"] == "2026-02-30"


def test_object_building_tags_are_refused_all_at_once():
    parsed = parse(b"a: !!python/object/apply:os.system [ls]\nb: !!binary aGk=\nc: !local x\n"
                   b"d: !!set {x}\n")
    assert parsed.data is None
    assert [(f.params["tag"], f.line, f.col) for f in parsed.findings] == [
        ("!!python/object/apply:os.system", 1, 4), ("!!binary", 2, 4), ("!local", 3, 4),
        ("!!set", 4, 4),
    ]


def test_standard_tags_are_fine():
    assert parse(b"a: !!str 1.10\nb: !!int '5'\n").data == {"a": "1.10", "b": 5}


def test_duplicate_keys_name_both_lines_and_loading_goes_on():
    parsed = parse(b"a:\n  x: 1\n  y: 2\n  x: 3\nb: 1\nb: 2\n")
    assert [(f.rule, f.line, f.col, f.params["key"], f.params["first"])
            for f in parsed.findings] == [
        ("duplicate-key", 4, 3, "x", 2), ("duplicate-key", 6, 1, "b", 5),
    ]
    assert parsed.data == {"a": {"x": 1, "y": 2}, "b": 1}


def test_tabs_in_indentation_are_named_once_per_line():
    parsed = parse(b"a:\n\tb: 1\nc: 'tab\there is fine'\n")
    assert rules(parsed) == [("tab", 2, 1)]


def test_syntax_errors_carry_their_mark():
    parsed = parse(b"a: [1, 2\nb: 3\n")
    [finding] = parsed.findings
    assert (finding.rule, finding.line, finding.col) == ("syntax", 2, 2)
    assert "did not find expected ',' or ']'" in finding.params["problem"]


def test_encodings_bytes_and_emptiness():
    assert rules(parse(b"\xef\xbb\xbfa: 1\n")) == []
    assert rules(parse("a: \xe9\n".encode("latin-1"))) == [("encoding", 1, 4)]
    assert rules(parse("a: 1\n".encode("utf-16"))) == [("encoding", 1, 1)]
    assert rules(parse(b"a: 1\n\x00")) == [("binary", 2, 1)]
    assert rules(parse(b"")) == [("empty-file", 1, 1)]
    assert rules(parse(b"  \n\n")) == [("empty-file", 1, 1)]
    assert parse(b"# only a comment\n").findings[0].params["detail"] == " (it holds only comments)"


def test_size_is_bounded(monkeypatch):
    monkeypatch.setattr(_yaml, "MAX_FILE_BYTES", 10)
    [finding] = parse(b"a: 12345678901\n").findings
    assert finding.rule == "too-large" and finding.params == {"size": 15, "limit": 10}


def test_aliases_are_fine_until_they_explode():
    assert parse(b"a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}
    laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n" for i in range(1, 7)
    )
    parsed = parse(laughs.encode())
    assert parsed.data is None and rules(parsed) == [("aliases", 1, 1)]


def test_nodes_are_kept_for_every_mapping():
    parsed = parse(b"a:\n  b: {c: 1}\n")
    inner = parsed.data["a"]["b"]
    node = parsed.nodes[id(inner)]
    assert (node.start_mark.line, node.start_mark.column) == (1, 5)


scalars = st.one_of(st.integers(), st.booleans(), st.text(max_size=10), st.none(),
                    st.floats(allow_nan=False), st.dates())
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=20)


@settings(deadline=None)
@given(trees)
def test_reads_exactly_what_the_stock_safe_loader_reads(tree):
    import io

    out = io.StringIO()
    YAML(typ="safe", pure=True).dump({"root": tree}, out)
    text = out.getvalue()
    try:
        expected = YAML(typ="safe", pure=False).load(text)
    except Exception:  # the pure dumper wrote something the C parser refuses
        parsed = parse(text.encode())
        assert parsed.data is None and parsed.findings[0].rule == "syntax"
        return
    assert parse(text.encode()).data == expected


def test_a_tab_in_a_multi_line_scalar_or_flow_list_is_not_indentation():
    cases = {
        b"a:\n  note: |\n    one\n    \ttabbed\n  b: 1\n": {"note": "one\n\ttabbed\n", "b": 1},
        b"a:\n  note: >-\n    one\n\n    \ttabbed\n": {"note": "one\n\n\ttabbed"},
        b"a:\n  - |\n    x\n    \t\ty\n": ["x\n\t\ty\n"],
        b'a:\n  quote: "one\n  \ttwo"\n': {"quote": "one two"},
        b"a:\n  parties: [x,\n\ty]\n": {"parties": ["x", "y"]},  # separation in a [list]
    }
    for text, value in cases.items():
        parsed = parse(text)
        assert rules(parsed) == [], text
        assert parsed.data == {"a": value}


def test_a_tab_indenting_structure_next_to_a_block_scalar_is_still_named():
    # Spaces alone set a block scalar's indentation: a line with fewer spaces
    # before its tab ends the scalar, so its tab indents structure.
    assert rules(parse(b"note: |\n  x\n\ty: 1\n")) == [("tab", 3, 1)]
    assert rules(parse(b"note: |\n    x\n  \ty\n")) == [("tab", 3, 3)]
    assert rules(parse(b"note: |\n\tx\n")) == [("tab", 2, 1)]
    assert rules(parse(b"a:\n\tnote: |\n\t  x\n")) == [("tab", 2, 1), ("tab", 3, 1)]


_block_line = st.text(alphabet="ab \t:#-'\"", max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["|", "|-", ">", ">+", "|2", ">-2"]),
    st.text(alphabet="ab\t:#-", min_size=1, max_size=6),
    st.lists(_block_line, max_size=5),
)
def test_tabs_in_a_block_scalar_are_never_reported(style, first, more):
    """Whatever a block scalar holds after its indentation, tabs included, the
    text loads as libyaml reads it and no tab is reported.  The one exception
    is libyaml's: a tab right after the spaces of the first line, when the
    indentation is not given (``|2``) but taken from that line."""
    body = "".join(f"    {line}\n" if line else "\n" for line in [first, *more])
    text = f"issue:\n  note: {style}\n{body}  next: 1\n"
    parsed = parse(text.encode())
    if first.startswith("\t") and not style.endswith("2"):
        found = [(f.rule, f.line) for f in parsed.findings]
        assert found[0] == ("tab", 3) and {rule for rule, _ in found} == {"tab"}
        return
    assert [f.rule for f in parsed.findings] == []
    assert parsed.data == YAML(typ="safe", pure=False).load(text)
