"""``peacetracker fmt``: one canonical layout, every comment and value kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from peacetracker.cli import main
from peacetracker.editing import EditError, format_text

MESSY = """\
# yaml-language-server: $schema=../schema/stances.schema.json
stances:
    army-size:   # the big one
    # Softened later.
    -   move: offer
        date: 2026-01-12
        evidence:
        -   quote: "a ceiling of 150,000 troops"   # checked
            source: statement
        prefer: 150000
    # First figure.
    -   date: 2026-01-05
        prefer: 100000
        accept: {max: 100000}
party: northland
# the end
"""

CANONICAL = """\
# yaml-language-server: $schema=../schema/stances.schema.json
party: northland
stances:
  army-size:   # the big one
    # First figure.
    - date: 2026-01-05
      prefer: 100000
      accept: {max: 100000}
    # Softened later.
    - date: 2026-01-12
      prefer: 150000
      move: offer
      evidence:
        - source: statement
          quote: "a ceiling of 150,000 troops"   # checked
# the end
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_canonical_layout() -> None:
    assert format_text(MESSY) == CANONICAL
    assert format_text(CANONICAL) == CANONICAL


def test_the_fixture_is_already_canonical(mini_path: Path) -> None:
    result = run("fmt", "--check", str(mini_path))
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_check_lists_files_and_fmt_fixes_them(tmp_path: Path, mini_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    (root / "stances/northland.yaml").write_text(MESSY)
    result = run("fmt", "--check", str(root))
    assert result.exit_code == 1
    assert result.output == f"{root / 'stances/northland.yaml'}: would be reformatted\n"
    assert (root / "stances/northland.yaml").read_text() == MESSY
    result = run("fmt", str(root))
    assert result.exit_code == 0
    assert (root / "stances/northland.yaml").read_text() == CANONICAL
    assert run("fmt", "--check", str(root)).exit_code == 0


def test_broken_file_is_reported_with_position(tmp_path: Path) -> None:
    (tmp_path / "parties.yaml").write_text("parties:\n  a: [unclosed\n")
    result = run("fmt", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'parties.yaml'}:3:1: error:" in result.output
    assert "Traceback" not in result.output


def test_registry_key_order() -> None:
    text = (
        "sources:\n  s:\n    title: T   # t\n    published: 2026-01-01\n"
        "    kind: article\n    outlet: O\n"
    )
    assert format_text(text) == (
        "sources:\n  s:\n    kind: article\n    outlet: O\n"
        "    title: T   # t\n    published: 2026-01-01\n"
    )


def test_refuses_rather_than_change_a_value(monkeypatch) -> None:
    from peacetracker.editing import _format

    monkeypatch.setattr(_format._Formatter, "run", lambda self: "party: other\n")
    with pytest.raises(EditError, match="would change a value"):
        format_text("party: northland\nstances: {}\n")


# -- properties ------------------------------------------------------------------

ids = st.sampled_from(["army-size", "guarantees", "sequencing", "troops"])
words = st.text(alphabet="abcdefgh ,.'", min_size=1, max_size=20).map(str.strip).filter(bool)
comments = st.one_of(st.none(), words.map(lambda w: "# " + w))
names = st.text(alphabet="abcdefgh", min_size=1, max_size=12)
stance_keys = ["note", "move", "prefer", "date", "evidence", "salience", "accept"]


@st.composite
def stance_files(draw) -> str:
    """A stance file in any indentation and key order, with comments anywhere."""
    m = draw(st.integers(2, 4))  # mapping indent
    off = draw(st.integers(0, 3))  # dash offset
    seq = off + draw(st.integers(2, 3))  # item content
    out = []

    def comment(col: int) -> None:
        c = draw(comments)
        if c:
            out.append(" " * col + c + "\n")

    def eol() -> str:
        c = draw(comments)
        return f"   {c}" if c else ""

    comment(0)
    top = ["party", "stances"]
    if draw(st.booleans()):
        top.reverse()
    for key in top:
        comment(0)
        if key == "party":
            out.append(f"party: p{eol()}\n")
            continue
        out.append(f"stances:{eol()}\n")
        for issue in draw(st.lists(ids, min_size=1, max_size=3, unique=True)):
            comment(m)
            out.append(f"{' ' * m}{issue}:{eol()}\n")
            days = draw(st.lists(st.integers(1, 28), min_size=1, max_size=4, unique=True))
            for day in days:
                comment(m + off)
                keys = draw(st.permutations(stance_keys))
                keys = keys[: draw(st.integers(2, len(keys)))]
                if "date" not in keys:
                    keys.append("date")
                col = m + seq
                for n, key in enumerate(keys):
                    lead = (" " * (m + off) + "-" + " " * (seq - off - 1)) if n == 0 else " " * col
                    if n:
                        comment(col)
                    value = {
                        "note": draw(names),
                        "move": "offer",
                        "prefer": day * 1000,
                        "date": f"2026-01-{day:02d}",
                        "salience": 50,
                        "accept": "{max: 5}",
                    }.get(key)
                    if key == "evidence":
                        out.append(f"{lead}evidence:{eol()}\n")
                        out.append(
                            f"{' ' * (col + off)}-{' ' * (seq - off - 1)}quote: "
                            f"{draw(words)!r}{eol()}\n"
                        )
                        out.append(f"{' ' * (col + seq)}source: s\n")
                    else:
                        out.append(f"{lead}{key}: {value}{eol()}\n")
    comment(0)
    return "".join(out)


def comment_lines(text: str) -> list[str]:
    return sorted(ln.split("#", 1)[1] for ln in text.splitlines() if "#" in ln)


def sort_stances(data):
    for items in data["stances"].values():
        items.sort(key=lambda s: s["date"])
    return data


@settings(max_examples=75, deadline=None)
@given(stance_files())
def test_fmt_is_idempotent_keeps_values_and_comments(text: str) -> None:
    once = format_text(text)
    assert format_text(once) == once
    load = YAML(typ="safe", pure=True).load
    assert sort_stances(load(once)) == sort_stances(load(text))
    assert comment_lines(once) == comment_lines(text)
    # Canonical: dates in order in every list.
    for items in load(once)["stances"].values():
        assert [s["date"] for s in items] == sorted(s["date"] for s in items)
    assert once.splitlines()[0].startswith(("party", "stances", "#"))


def test_the_bundled_dataset_is_canonical() -> None:
    root = Path(__file__).resolve().parent.parent / "positions"
    result = run("fmt", "--check", str(root))
    assert result.exit_code == 0, f"run `peacetracker fmt positions/`:\n{result.output}"


def test_a_file_changed_while_formatting_is_left_alone(tmp_path: Path, monkeypatch) -> None:
    from peacetracker.cli import fmt as fmt_module

    path = tmp_path / "stances.yaml"
    path.write_text(MESSY)

    def format_and_race(text: str) -> str:
        path.write_text(MESSY + "# someone else's edit\n")
        return format_text(text)

    monkeypatch.setattr(fmt_module, "format_text", format_and_race)
    result = run("fmt", str(path))
    assert result.exit_code == 2
    assert "changed while formatting; left alone" in result.output
    assert path.read_text() == MESSY + "# someone else's edit\n"


def test_check_diff_shows_the_change(tmp_path: Path) -> None:
    path = tmp_path / "stances.yaml"
    path.write_text(MESSY)
    result = run("fmt", "--check", "--diff", str(path))
    assert result.exit_code == 1
    assert f"+++ {path} (formatted)" in result.output
    assert "-    -   move: offer\n" in result.output
    assert "+    - date: 2026-01-05\n" in result.output
    assert path.read_text() == MESSY


def test_anchors_that_would_break_are_refused() -> None:
    text = "stances:\n  a: &x 1\nparty: *x\n"
    with pytest.raises(EditError, match="anchors and aliases"):
        format_text(text)


# -- files fmt cannot read: the same problem as check, counted ------------------------


def _with_duplicate_key(tmp_path: Path, mini_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    path = root / "stances/northland.yaml"
    twice = "salience: 90\n      salience: 80\n"
    path.write_text(path.read_text().replace("salience: 90\n", twice, 1))
    return root


def test_a_file_fmt_cannot_read_gets_the_problem_check_reports(
    tmp_path: Path, mini_path: Path
) -> None:
    root = _with_duplicate_key(tmp_path, mini_path)
    checked = run("check", str(root)).output.splitlines()
    at = next(i for i, line in enumerate(checked) if "(duplicate-key)" in line)
    result = run("fmt", str(root))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        *checked[at : at + 2],
        "0 files reformatted, 7 unchanged, 1 file skipped because of errors: "
        "run peacetracker check",
    ]
    assert checked[at] == (
        f"{root}/stances/northland.yaml:11:7: error: key 'salience' appears twice in this "
        "mapping (first on line 10) (duplicate-key)"
    )


def test_check_mode_counts_the_skipped_file_too(tmp_path: Path, mini_path: Path) -> None:
    root = _with_duplicate_key(tmp_path, mini_path)
    result = run("fmt", "--check", str(root))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "1 file skipped because of errors: run peacetracker check"
    )


def test_a_file_that_is_not_utf8_is_reported_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "parties.yaml"
    path.write_bytes("parties:\n  a:\n    name: Caf\u00e9\n".encode("latin-1"))
    result = run("fmt", str(tmp_path))
    assert result.exit_code == 2
    assert "(encoding)" in result.output and "fix: save the file as UTF-8" in result.output
    assert "internal error" not in result.output


def test_a_bare_accept_is_written_in_the_list_form(tmp_path, mini_path) -> None:
    import shutil

    from click.testing import CliRunner

    import peacetracker
    from peacetracker.cli import main

    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    path = root / "stances/southland.yaml"
    text = path.read_text()
    old = "      accept: [ceasefire-first, settlement-first]\n"
    assert old in text
    path.write_text(text.replace(old, "      accept: ceasefire-first  # only this\n"))
    before = peacetracker.load(root).stances
    runner = CliRunner()
    check = runner.invoke(main, ["fmt", "--check", str(root)])
    assert check.exit_code == 1 and "stances/southland.yaml" in check.output
    assert runner.invoke(main, ["fmt", str(root)]).exit_code == 0
    assert "      accept: [ceasefire-first]  # only this\n" in path.read_text()
    assert peacetracker.load(root).stances == before  # the same zone, in the list form
    assert runner.invoke(main, ["fmt", "--check", str(root)]).exit_code == 0


def test_line_endings_are_kept_whatever_they_are() -> None:
    """A file with CR alone as its line ending came out with mixed endings
    (its last line in CRLF); a CRLF file without a final newline got an LF."""
    cr = "party: x\rstances:\r  a:\r    - prefer: 1\r      date: 2026-01-05\r"
    out = format_text(cr)
    assert "\n" not in out and out.count("\r") == cr.count("\r")
    assert out == format_text(cr.replace("\r", "\n")).replace("\n", "\r")
    crlf = "groups:\r\n  a: A\r\n  b: B"
    assert format_text(crlf) == "groups:\r\n  a: A\r\n  b: B\r\n"


def test_a_hash_line_inside_a_block_scalar_is_text_not_a_comment() -> None:
    """fmt refused such a file ("would change a value"): it took the line
    for the next key's comment and moved it away from the text."""
    text = ("party: x\nstances:\n  a:\n    - date: 2026-01-05\n      note: |\n"
            "        line one\n        # not a comment\n      prefer: 1\n")
    assert format_text(text) == (
        "party: x\nstances:\n  a:\n    - date: 2026-01-05\n      prefer: 1\n"
        "      note: |\n        line one\n        # not a comment\n")


def test_a_file_fmt_cannot_lay_out_is_left_alone_and_the_rest_go_on(tmp_path, monkeypatch):
    """A bug while laying out one file (fuzzing found a KeyError and an
    AssertionError) said "internal error" and stopped; now that file is named,
    left alone, and the others are formatted."""
    from peacetracker.cli import fmt as fmt_module

    real = fmt_module.format_text

    def flaky(text):
        if "boom" in text:
            raise KeyError("boom")
        return real(text)

    monkeypatch.setattr(fmt_module, "format_text", flaky)
    (tmp_path / "a.yaml").write_text("groups:\n  boom: Boom\n")
    (tmp_path / "b.yaml").write_text("groups:\n    x: X\n")
    result = CliRunner().invoke(main, ["fmt", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")])
    assert result.exit_code == 2
    assert "fmt cannot lay out this file (a bug: KeyError: 'boom')" in result.output
    assert (tmp_path / "a.yaml").read_text() == "groups:\n  boom: Boom\n"
    assert (tmp_path / "b.yaml").read_text() == "groups:\n  x: X\n"


def test_fmt_locks_the_dataset_a_file_belongs_to(tmp_path: Path, mini_path: Path) -> None:
    """A file's dataset is the nearest dataset folder above it (the loader's
    answer), else the file's own folder."""
    from peacetracker.cli.fmt import dataset_of

    root = tmp_path / "mini"
    shutil.copytree(mini_path, root)
    assert dataset_of(root / "parties.yaml").resolve() == root.resolve()
    assert dataset_of(root / "stances" / "northland.yaml").resolve() == root.resolve()
    loose = tmp_path / "loose.yaml"
    loose.write_text("a: 1\n")
    assert dataset_of(loose) == tmp_path


def test_a_hostile_file_name_reaches_the_terminal_harmless(tmp_path: Path) -> None:
    hostile = tmp_path / "evil\x1b]52;c;ZXZpbA==\x07\x1b[2J.yaml"
    hostile.write_text("a:\n      - 1\n      - 2\n")
    for args in (["fmt", "--check", "--diff", str(hostile)], ["fmt", str(hostile)]):
        result = CliRunner().invoke(main, args)
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "\u241b[2J.yaml" in result.output
