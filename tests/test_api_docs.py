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
