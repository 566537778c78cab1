from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def mini_path() -> Path:
    """The small fixture dataset of docs/format.md (read-only: copy it to edit)."""
    return DATA / "mini"
