"""docs/format.md agrees with the code: the stance keys it lists are the keys
the loader accepts, in the order `peacetracker fmt` writes them."""

from __future__ import annotations

import re

from conftest import ROOT
from peacetracker.editing._order import STANCE_KEYS


def stance_table_keys() -> list[str]:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("## `stances/<party>.yaml`", 1)[1]
    table = section.split("\n\n| key |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.M)


def test_the_stance_table_lists_every_key_in_fmt_order():
    assert stance_table_keys() == list(STANCE_KEYS)
