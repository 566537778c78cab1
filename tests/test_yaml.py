"""Safe YAML reading (peacetracker.loading._yaml)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from peacetracker.loading import _yaml
from peacetracker.loading._yaml import ImpossibleDate, parse


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


# -- the fast builder against ruamel's constructor ------------------------------------

def _typed(value):
    """``value`` with every type spelt out (1 == 1.0 == True otherwise)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def _both(text: bytes, monkeypatch):
    monkeypatch.setattr(_yaml, "FAST", True)
    fast = parse(text)
    monkeypatch.setattr(_yaml, "FAST", False)
    slow = parse(text)
    monkeypatch.setattr(_yaml, "FAST", True)
    return fast, slow


def _same(fast, slow) -> None:
    assert _typed(fast.data) == _typed(slow.data)
    assert fast.findings == slow.findings
    assert fast.text == slow.text
    # Every mapping's node is kept, and at the same place.
    marks = {(n.start_mark.line, n.start_mark.column) for n in fast.nodes.values()}
    assert marks == {(n.start_mark.line, n.start_mark.column) for n in slow.nodes.values()}


def _corpus() -> list:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "tests" / "data").rglob("*.yaml"))
    files += sorted((root / "positions").rglob("*.yaml"))
    return files


def test_the_fast_builder_reads_every_file_of_the_corpus_as_ruamel_does(monkeypatch):
    files = _corpus()
    assert len(files) > 80
    built = []
    real = _yaml._fast_load

    def counted(text):
        built.append(real(text) is not None)
        return real(text)

    monkeypatch.setattr(_yaml, "_fast_load", counted)
    for path in files:
        fast, slow = _both(path.read_bytes(), monkeypatch)
        try:
            _same(fast, slow)
        except AssertionError as err:
            raise AssertionError(f"{path}: {err}") from err
    assert sum(built) > 60  # most files took the fast path (the others fell back)


TRICKY = ["yes", "no", "on", "true", "False", "NULL", "~", "", "1.10", "1_000", "0x1F", "0o17",
          "017", "+12", "-0", ".inf", "-.INF", ".nan", "1e3", "1.5e-3", "12:30", "2026-01-05",
          "2026-02-30", "2026-1-5", "2026-01-05T10:20:30Z", "2026-01-05 10:20", "'quoted'",
          '"dq"', "a: b", "- x", "#c", "[1, 2]", "{a: 1}", "!!str 1", "!!int 3", "!!float 1",
          "!!bool true", "!!null ''", "!!timestamp 2026-01-05", "!!binary aGk=", "!!set {a}",
          "!local x", "a&b", "*x", "<<", "é", "💬", "line\\nbreak", "tab\\there"]
scalar_text = st.sampled_from(TRICKY) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8)


@st.composite
def documents(draw, depth=0):
    """YAML text in block or flow style, with keys and scalars that stress the
    resolver (YAML 1.1 words, numbers in every base, dates, tags)."""
    if depth >= 2 or draw(st.integers(0, 3)) == 0:
        return draw(scalar_text)
    kind = draw(st.sampled_from(["map", "seq", "flowmap", "flowseq"]))
    n = draw(st.integers(0, 3))
    pad = "  " * (depth + 1)
    if kind == "map":
        keys = draw(st.lists(st.sampled_from(["a", "b", "1", "2026-01-05", "yes", "null", "c"]),
                             min_size=n, max_size=n))
        return "\n" + "".join(f"{pad}{k}: {draw(documents(depth + 1))}\n" for k in keys)
    if kind == "seq":
        return "\n" + "".join(f"{pad}- {draw(documents(depth + 1))}\n" for _ in range(n))
    items = [draw(scalar_text) for _ in range(n)]
    if kind == "flowseq":
        return "[" + ", ".join(items) + "]"
    return "{" + ", ".join(f"k{i}: {v}" for i, v in enumerate(items)) + "}"


@settings(max_examples=400, deadline=None)
@given(documents())
def test_the_fast_builder_reads_any_document_as_ruamel_does(body):
    import pytest

    text = f"top: {body}\n".encode()
    with pytest.MonkeyPatch.context() as mp:
        fast, slow = _both(text, mp)
    _same(fast, slow)


def test_nothing_of_a_parse_outlives_it_while_the_collector_is_off(monkeypatch):
    """``check`` turns the cyclic collector off: a parse must leave no cycle
    behind (ruamel's loaders refer to themselves; a recursive closure does too),
    or every file's nodes and text stay in memory to the end."""
    import gc

    from ruamel.yaml.nodes import Node

    def alive() -> tuple[int, int]:
        objects = gc.get_objects()
        return (sum(isinstance(o, Node) for o in objects),
                sum(type(o).__name__ == "XLoader" for o in objects))

    text = b"party: p\nstances:\n  a:\n    - date: 2026-01-05\n      prefer: 1\n"
    for fast in (True, False):
        monkeypatch.setattr(_yaml, "FAST", fast)
        gc.collect()
        gc.disable()
        try:
            before = alive()
            parsed = parse(text)
            assert parsed.nodes and alive()[0] > before[0]  # the nodes are kept with the data
            del parsed
            assert alive() == before, f"FAST={fast}"
        finally:
            gc.enable()


@settings(max_examples=400, deadline=None)
@given(documents())
def test_any_document_reads_as_with_the_stock_safe_loader(body):
    """Our resolver and builder against ruamel's own, untouched: where the stock
    loader reads a document, we read the same (we refuse object-building tags
    and keep impossible dates as text, where the stock loader fails)."""
    text = f"top: {body}\n"
    try:
        expected = YAML(typ="safe", pure=False).load(text)
    except Exception:
        return
    parsed = parse(text.encode())
    if parsed.findings:  # a tag we refuse, e.g. !!binary or !local
        assert {f.rule for f in parsed.findings} <= {"tag", "syntax"}
        return
    assert _typed(parsed.data) == _typed(expected)


def test_nesting_is_bounded_before_the_c_composer_sees_it():
    """30,000 levels crashed libyaml's composer (SIGSEGV): flow or block, the
    file is refused at the first level past the limit, with its place."""
    flow = parse(("note: " + "[" * 30_000 + "]" * 30_000 + "\n").encode())
    assert [(f.rule, f.line, f.col) for f in flow.findings] == [("too-deep", 1, 1006)]
    block = parse(("x:\n" + "- " * 30_000 + "a\n").encode())
    assert [(f.rule, f.line, f.col) for f in block.findings] == [("too-deep", 2, 1999)]
    assert flow.data is None and block.data is None


def test_nesting_up_to_the_limit_reads(monkeypatch):
    monkeypatch.setattr(_yaml, "MAX_DEPTH", 8)
    assert parse(b"a: [[[[[[[1]]]]]]]\n").data == {"a": [[[[[[[1]]]]]]]}
    assert rules(parse(b"a: [[[[[[[[1]]]]]]]]\n")) == [("too-deep", 1, 11)]
    # Block structure counts as well as brackets.
    assert parse(b"a:\n- - - - - - - 1\n").findings == ()
    assert rules(parse(b"a:\n- - - - - - - - 1\n")) == [("too-deep", 2, 15)]


def test_merge_keys_are_bounded_by_the_work_they_stand_for():
    """`<<: [*a, *a]` doubles the constructor's work each level while the
    values stay few (merged keys are copied, then de-duplicated): 40 levels
    ran past a minute and 550 MB.  The work is counted on the composed nodes."""
    lines = ["x0: &a0 {k0: v}"]
    lines += [f"x{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: v}}" for i in range(1, 40)]
    text = ("\n".join(lines) + "\n").encode()
    assert rules(parse(text)) == [("aliases", 1, 1)]
    # Ordinary merges still read.
    ok = parse(b"base: &b {a: 1, b: 2}\nx: {<<: *b, c: 3}\ny: {<<: [*b], a: 9}\n")
    assert ok.findings == ()
    assert ok.data["x"] == {"a": 1, "b": 2, "c": 3} and ok.data["y"] == {"a": 9, "b": 2}
