"""Problems, rules and their renderers (peacetracker.problems)."""

from __future__ import annotations

import json
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peacetracker.errors import DatasetError
from peacetracker.problems import (
    LEVELS,
    RULES,
    Problem,
    render,
    render_github,
    render_json,
    render_text,
    summary,
)

P1 = Problem.create("unknown-key", "parties.yaml", ("parties", "x", "nmae"), 4, 5,
                    key="nmae", where="party 'x'", fix="did you mean 'name'?")
P2 = Problem.create("no-accept", "stances/x.yaml", ("stances", "y", 0, "prefer"), 8, 15,
                    issue="y", party="x")


def test_create_fills_the_rule_templates():
    assert P1.level == "error" and P2.level == "warning"
    assert P1.message == "unknown key 'nmae' in party 'x'"
    assert P1.fix == "did you mean 'name'?"
    assert str(P1) == "parties.yaml:4:5: error: unknown key 'nmae' in party 'x' (unknown-key)"


def test_every_rule_is_well_formed():
    fields = string.Formatter()
    for slug, rule in RULES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", slug)
        assert rule.slug == slug and rule.level in LEVELS and rule.about
        for template in (rule.message, rule.fix):
            list(fields.parse(template))  # parses as a format string


def test_render_text_is_yamllint_like_with_a_fix_line():
    assert render_text([P1, P2], base="positions").splitlines() == [
        "positions/parties.yaml:4:5: error: unknown key 'nmae' in party 'x' (unknown-key)",
        "    fix: did you mean 'name'?",
        "positions/stances/x.yaml:8:15: warning: no acceptable zone ('accept') on 'y': "
        "analyses will assume the preferred point alone (no-accept)",
        "    fix: add 'accept:' if the source says what 'x' would accept",
    ]


def test_render_json():
    payload = json.loads(render_json([P1, P2], files=3))
    assert (payload["errors"], payload["warnings"], payload["files"]) == (1, 1, 3)
    assert payload["problems"][0] == {
        "file": "parties.yaml", "line": 4, "col": 5, "level": "error", "rule": "unknown-key",
        "message": "unknown key 'nmae' in party 'x'", "fix": "did you mean 'name'?",
        "path": ["parties", "x", "nmae"],
    }


def test_render_github_escapes_properties_and_data():
    odd = Problem("syntax", "error", "50% bad\nsecond line", "fix it", "a,b:c.yaml", 2, 3)
    assert render_github([odd]) == (
        "::error file=a%2Cb%3Ac.yaml,line=2,col=3,title=syntax::50%25 bad%0Asecond line "
        "(fix: fix it)"
    )


def test_render_picks_a_format():
    assert render([P1], "text") == render_text([P1])
    assert render([P1], "github") == render_github([P1])
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render([P1], "xml")


def test_summary():
    assert summary([], 5) == "no problems in 5 files"
    assert summary([P1], 1) == "1 error, 0 warnings in 1 file (of 1 checked)"
    assert summary([P1, P2]) == "1 error, 1 warning in 2 files"


def test_dataset_error_carries_every_problem():
    err = DatasetError([P2, P1])
    assert err.problems == (P2, P1)
    assert str(err) == (
        "1 error(s) in the dataset; first: parties.yaml:4:5: unknown key 'nmae' in party 'x'"
    )


texts = st.text(max_size=20)


@settings(deadline=None)
@given(st.sampled_from(sorted(RULES)), texts, texts, texts, st.integers(1, 10**6),
       st.integers(1, 500), st.lists(st.one_of(texts, st.integers(0, 99)), max_size=5))
def test_to_dict_round_trips(rule, message, fix, file, line, col, path):
    problem = Problem(rule, RULES[rule].level, message, fix, file, line, col, path)
    data = json.loads(json.dumps(problem.to_dict()))
    assert Problem.from_dict(data) == problem


def test_every_rule_is_documented_in_format_md():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text()
    for slug, rule in RULES.items():
        assert f"| `{slug}` | {rule.level} | {rule.about} |" in text, slug


def test_why_a_folder_is_no_dataset_is_written_once():
    """``NO_REGISTRY`` is the one wording (the rule, NotADatasetError and the CLI use it)."""
    from pathlib import Path

    from peacetracker.errors import NotADatasetError
    from peacetracker.problems import NO_REGISTRY

    src = Path(__file__).resolve().parent.parent / "src" / "peacetracker"
    homes = [p.relative_to(src).as_posix() for p in sorted(src.rglob("*.py"))
             if "(parties.yaml, issues.yaml, ...)" in p.read_text(encoding="utf-8")]
    assert homes == ["problems.py"]
    assert NO_REGISTRY in str(NotADatasetError("x", None))


# -- one text of a problem: check, a refused edit, add's warning -------------------------

HOSTILE = "evil\x1b]52;c;ZXZpbA==\x07 \x1b[2J"


def _hostile_problem():
    return Problem.create("unknown-key", f"stances/{HOSTILE}.yaml", (), 3, 5,
                          key=HOSTILE, where="party 'n'", fix=f"did you mean {HOSTILE}?")


def test_without_position_a_problem_is_level_message_rule_and_fix():
    assert render_text([P1], position=False).splitlines() == [
        f"{P1.level}: {P1.message} ({P1.rule})", f"    fix: {P1.fix}"]


def test_a_refusal_is_shown_as_check_shows_it_and_safe_for_a_terminal():
    from peacetracker.errors import RefusedError

    problems = [P1, _hostile_problem()]
    err = RefusedError("not saved", problems)
    assert str(err) == "not saved\n" + render_text(problems)
    assert "\x1b" not in str(err) and "\x07" not in str(err)
    assert "\u241b]52;c;ZXZpbA==\u2407" in str(err)
    assert str(RefusedError("not saved", [])) == "not saved"


def test_the_cli_prints_a_refusal_with_the_one_text(tmp_path, capsys):
    from peacetracker.cli import _editing
    from peacetracker.errors import RefusedError

    problems = [P1, _hostile_problem()]

    class Refusing:
        root = tmp_path / "talks"

        def save(self):
            raise RefusedError("not saved: the edit would make `peacetracker check` fail",
                               problems)

    with pytest.raises(SystemExit) as stop:
        _editing.save_or_fail(Refusing())
    assert stop.value.code == 1
    shown = capsys.readouterr().err
    assert shown == ("error: not saved: the edit would make `peacetracker check` fail\n"
                     + render_text(problems, str(tmp_path / "talks")) + "\n")
    assert shown.splitlines()[1].startswith(f"{tmp_path}/talks/{P1.file}:")
    assert "\x1b" not in shown and "\x07" not in shown
