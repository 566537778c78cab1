"""The model back to plain data and YAML: each value written through its
issue's scale, in the layout of docs/format.md (see docs/api.md).

>>> import peacetracker
>>> from peacetracker.serialise import dataset_to_files, dump_yaml
>>> files = dataset_to_files(peacetracker.load("tests/data/mini"))    # doctest: +SKIP
>>> print(dump_yaml(files["parties.yaml"]))                           # doctest: +SKIP
"""

from ._serialise import (
    dataset_to_files,
    dump_yaml,
    stance_file_to_data,
    stance_to_data,
    write_files,
)

__all__ = ["dataset_to_files", "dump_yaml", "stance_file_to_data", "stance_to_data", "write_files"]
