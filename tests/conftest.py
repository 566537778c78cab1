from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def mini_path() -> Path:
    """The small fixture dataset of docs/format.md (read-only: copy it to edit)."""
    return DATA / "mini"


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Tests never read or write the user's cache folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv("PEACETRACKER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()
