import os
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


# Hypothesis: on CI, the same examples every run (a ci profile, as Hypothesis
# recommends), no deadlines on a shared, noisy machine; locally, fresh random
# examples each run, so properties keep being explored.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("dev", deadline=None)
_hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


def through_fifo(tmp_path: Path, write) -> tuple[Path, list[bytes]]:
    """Make a FIFO under ``tmp_path``, call ``write(fifo)`` while a thread reads
    it; return the FIFO and what the reader got (one item, or none on a hang)."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write(fifo)
    reader.join(10)
    return fifo, got
