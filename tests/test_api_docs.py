"""The examples in docs/api.md run, in order, in one namespace (as a reader would)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list[str]:
    return BLOCK.findall((ROOT / "docs" / "api.md").read_text(encoding="utf-8"))


def test_docs_have_examples():
    assert len(blocks()) >= 8


def test_api_examples_run(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for n, code in enumerate(blocks()):
        try:
            exec(compile(code, f"docs/api.md[block {n}]", "exec"), namespace)
        except Exception as err:  # name the failing block
            raise AssertionError(f"docs/api.md block {n} failed: {err!r}\n{code}") from err
    assert os.getcwd() == str(ROOT)


# A module name with a part starting with "_" (peacetracker._quotes, peacetracker.editing._files).
PRIVATE = re.compile(r"\bpeacetracker(?:\.[A-Za-z]\w*)*\._[a-z]\w*")


@pytest.mark.parametrize("doc", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_docs_name_no_private_module(doc: Path):
    """Users are told to use the public API only: ``peacetracker`` and its public
    submodules (each with an ``__all__``), never a module whose name starts with ``_``."""
    text = doc.read_text(encoding="utf-8")
    if doc.name == "changelog.md":  # history may name what was private then
        return
    found = sorted(set(PRIVATE.findall(text)))
    assert not found, f"docs/{doc.name} names private modules: {found}"
    found = re.findall(r"^\s*from \._|^\s*from peacetracker\.\w+ import _\w+", text, re.M)
    assert not found, f"docs/{doc.name} imports private names: {found}"


def test_the_quote_and_serialise_helpers_are_public():
    import peacetracker.quotes
    import peacetracker.serialise

    for module, names in [
        (peacetracker.quotes, {"normalise", "find_passage", "closest_passage", "Passage"}),
        (peacetracker.serialise, {"dataset_to_files", "dump_yaml", "write_files"}),
    ]:
        assert names <= set(module.__all__), module.__name__
        for name in module.__all__:
            assert getattr(module, name).__doc__, f"{module.__name__}.{name} has no docstring"
