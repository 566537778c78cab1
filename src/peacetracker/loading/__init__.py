"""Loading and checking a dataset directory.

The layer below the analyses: what a dataset is (``_root``, ``_spec``), safe
YAML (``_yaml``), the per-file pass (``_per_file``: parse, ``_structure``
checks, located by ``_positions``; cached by ``_file_cache``), the cross-file
pass (``_cross_file``: registries, ids, scale values, quotes via ``_quotes``),
and the whole check's result cache (``_result_cache``).  ``load`` (with git
revisions), ``check`` and ``require_dataset`` are the one entry; the package
front re-exports them.
"""

from ._load import CheckResult, check, load, load_version, require_dataset

__all__ = ["CheckResult", "check", "load", "load_version", "require_dataset"]
