"""What differs by scale type is asked of the scale classes: the commands and the
report's wording name no scale type, so a new scale type needs no edit there."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, ClassVar

import pytest

import peacetracker
from peacetracker.cli import add
from peacetracker.report._words import gap_phrase
from peacetracker.scales import SCALE_KEYS, SCALE_TYPES, Scale

PACKAGE = Path(peacetracker.__file__).parent

#: Per scale type: the keys it takes, how a gap ends a sentence, whether a value
#: is one of its choices, the hint for writing a value, the questions it asks.
EXPECTED: dict[str, tuple[Any, ...]] = {
    "numeric": (("unit", "min", "max"), "a gap of 5 km", False, "", {}),
    "ordinal": (
        ("options",), "a gap of 5 km", True, "",
        {"options": "Options, lowest first, separated by commas"},
    ),
    "categorical": (
        ("options",), "5 km", True, "",
        {"options": "Options, lowest first, separated by commas"},
    ),
    "yesno": ((), "5 km", True, "", {}),
    "set": (
        ("universe",), "a gap of 5 km", False, "a list like [a, b]",
        {"universe": "Ids the set may hold, separated by commas"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(SCALE_TYPES))
def test_each_scale_type_says_what_differs_for_it(kind: str) -> None:
    cls = SCALE_TYPES[kind]
    keys, phrase, is_choice, hint, questions = EXPECTED[kind]
    assert cls.keys == SCALE_KEYS[kind] == keys
    assert cls.gap_phrase("5 km") == gap_phrase(kind, "5 km") == phrase
    assert cls.value_is_choice is is_choice
    assert cls.value_hint == hint
    assert dict(cls.questions) == questions
    assert set(cls.questions) <= set(cls.keys)


def test_an_unknown_scale_type_reads_as_a_gap() -> None:
    assert gap_phrase("", "2 steps") == "a gap of 2 steps"


@pytest.mark.parametrize("module", [
    "cli/add.py", "report/_words.py", "report/_build.py", "editing/_inputs.py",
    "loading/_structure.py",
])
def test_the_commands_and_the_wording_name_no_scale_type(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    names = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in SCALE_TYPES
    }
    classes = {cls.__name__ for cls in SCALE_TYPES.values()}
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} & classes
    assert not names and not used, f"{module} names {sorted(names | used)}"


class _RankedChoice(Scale):
    """A scale type the commands have never heard of."""

    type: ClassVar[str] = "ranked"
    keys: ClassVar[tuple[str, ...]] = ("options", "unit")
    questions: ClassVar[dict[str, str]] = {"options": "Options, best first"}

    @classmethod
    def gap_phrase(cls, gap_text: str) -> str:
        return f"{gap_text} apart"


def test_a_new_scale_type_needs_no_edit_in_the_commands_or_the_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(SCALE_TYPES, "ranked", _RankedChoice)
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "gold, silver"

    monkeypatch.setattr(add.click, "prompt", prompt)
    given = {"unit": "places", "min": 1, "max": None}
    data = add._scale_data("ranked", True, given, {"options": (), "universe": ()})
    assert data == {"type": "ranked", "options": ["gold", "silver"], "unit": "places"}
    assert asked == ["Options, best first"]
    assert gap_phrase("ranked", "2 places") == "2 places apart"
    issue = {"scale": {"type": "ranked"}}
    assert add._scale_class(issue) is _RankedChoice


def test_the_scale_of_an_issue_with_a_broken_type_is_the_base_class() -> None:
    for issue in (None, {}, {"scale": "yesno"}, {"scale": {"type": ["set"]}}, {"scale": {}}):
        assert add._scale_class(issue) is Scale
    assert add._scale_class({"scale": {"type": "set"}}) is SCALE_TYPES["set"]


def test_a_numeric_scale_keeps_only_the_bounds_given_and_asks_nothing() -> None:
    given = {"unit": None, "min": 0, "max": None}
    data = add._scale_data("numeric", True, given, {"options": ("a",), "universe": ()})
    assert data == {"type": "numeric", "min": 0}


@pytest.mark.parametrize(("data", "words"), [
    ({"type": "numeric", "unit": "km2"}, ["0 km2", "1 km2", "5,000 km2"]),
    ({"type": "ordinal", "options": ["a", "b", "c"]}, ["0 steps", "1 step", "2 steps"]),
    ({"type": "set", "universe": ["a", "b", "c"]}, ["0 elements", "1 element", "2 elements"]),
    ({"type": "categorical", "options": ["a", "b"]}, ["same option", "different options", None]),
    ({"type": "yesno"}, ["same answer", "opposite answers", None]),
])
def test_a_gap_is_worded_by_its_scale_alone(data: dict, words: list) -> None:
    """One wording of gaps: the report's ``gap_words`` is the scale's ``gap_text``."""
    from peacetracker.report import gap_words
    from peacetracker.scales import parse_scale

    scale = parse_scale(data)
    sizes = (0, 1, 5000 if data["type"] == "numeric" else 2)
    for units, expected in zip(sizes, words, strict=True):
        if expected is not None:
            assert scale.gap_text(units) == gap_words(scale, units) == expected


def test_only_a_numeric_scale_without_bounds_misses_a_range() -> None:
    from peacetracker.scales import parse_scale

    assert parse_scale({"type": "numeric", "unit": "km"}).range_missing
    assert not parse_scale({"type": "numeric", "min": 0, "max": 10}).range_missing
    assert not any(parse_scale(d).range_missing for d in (
        {"type": "yesno"}, {"type": "ordinal", "options": ["a", "b"]},
        {"type": "set", "universe": ["a"]}, {"type": "categorical", "options": ["a", "b"]},
    ))
