"""Generated datasets, cached on disk under ``benchmarks/.datasets/`` (gitignored).

A dataset is keyed by generator version, size, seed and variant; it is
generated into a temporary folder and renamed into place when complete, so an
interrupted run never leaves a half-written dataset behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from .generate import GENERATOR_VERSION, generate

__all__ = ["DATASETS", "dataset_files", "ensure_dataset", "stats"]

#: Where generated datasets are kept (override with PEACETRACKER_BENCH_DATA).
DATASETS = Path(os.environ.get("PEACETRACKER_BENCH_DATA", Path(__file__).parent / ".datasets"))
_STATS = ".generated.json"


def ensure_dataset(size: int, seed: int = 1, variant: bool = False) -> Path:
    """The folder of the generated dataset (generating it on first use)."""
    name = f"v{GENERATOR_VERSION}-n{size}-s{seed}" + ("-variant" if variant else "")
    root = DATASETS / name
    if (root / _STATS).is_file():
        return root
    DATASETS.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=DATASETS))
    try:
        info = generate(tmp, size, seed, variant=variant)
        (tmp / _STATS).write_text(json.dumps(info, indent=1))
        if root.exists():
            shutil.rmtree(root)
        tmp.rename(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return root


def stats(root: Path) -> dict:
    """What the generator wrote into ``root`` (stances, files, bytes...)."""
    return json.loads((root / _STATS).read_text())


def dataset_files(root: Path) -> list[Path]:
    """The YAML files a loader reads (docs/format.md): every ``.yaml``/``.yml`` file
    below ``root`` except in dot folders, ``texts/`` and ``schema/``."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and d not in ("texts", "schema"))
        out.extend(Path(dirpath) / f for f in sorted(filenames)
                   if f.endswith((".yaml", ".yml")))
    return out
