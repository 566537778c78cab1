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


# A module name with a part starting with "_" (peacetracker.loading._quotes,
# peacetracker.editing._file_map).
PRIVATE = re.compile(r"\bpeacetracker(?:\.[A-Za-z]\w*)*\._[a-z]\w*")
IMPORT = re.compile(
    r"^\s*(?:import|from)\s+(peacetracker(?:\.\w+)*\._\w+)"  # a private module
    r"|^\s*from\s+peacetracker(?:\.\w+)*\s+import\s+.*?\b(_[a-z]\w*)",  # a private name
    re.M,
)
#: The docs that teach the API: they may not even name a private module.
API_DOCS = ("api.md", "tutorial.md")


@pytest.mark.parametrize("doc", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_docs_import_no_private_module(doc: Path):
    """Users are shown the public API only: ``peacetracker`` and its public
    submodules (each with an ``__all__``), never a module or name starting with
    ``_``.  (docs/performance.md may name internals it explains; it imports none.)"""
    if doc.name == "changelog.md":  # history may name what was private then
        return
    text = doc.read_text(encoding="utf-8")
    found = sorted({a or b for a, b in IMPORT.findall(text)})
    assert not found, f"docs/{doc.name} imports private modules or names: {found}"
    if doc.name in API_DOCS:
        found = sorted(set(PRIVATE.findall(text)))
        assert not found, f"docs/{doc.name} points users to private modules: {found}"


def test_the_private_import_check_can_fail():
    text = (
        "from peacetracker.loading._quotes import normalise\n"
        "import peacetracker.editing._file_map\n"
        "from peacetracker.editing import _format\n"
        "from peacetracker.quotes import normalise\n"
    )
    assert sorted({a or b for a, b in IMPORT.findall(text)}) == [
        "_format", "peacetracker.editing._file_map", "peacetracker.loading._quotes"]


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


def test_api_md_has_each_section_once_and_points_to_no_source_file():
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    headings = re.findall(r"^## (.*?)\s*$", prose, flags=re.M)
    titles = [h.split(":")[0] for h in headings]
    assert len(titles) == len(set(titles)), f"a section appears twice: {sorted(titles)}"
    assert not re.search(r"src/peacetracker|\b_\w+\.py\b", text), "a pointer to a source file"
