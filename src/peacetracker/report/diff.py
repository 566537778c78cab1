"""What ``peacetracker diff`` shows: the changes between two versions of a
dataset, grouped in one block per changed stance (then changed definitions),
as dyff-style text or as JSON rows with the analysis frame's columns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen
from rich.console import Console
from rich.text import Text

from .._plumbing.json_values import plain_value
from ._build import _date, _float, _frame_rows, _s
from ._words import (
    CONTEXT_MOVE,
    context_counterparts,
    context_word,
    date_text,
    direction_text,
)

if TYPE_CHECKING:
    from .._dataset import Dataset

__all__ = [
    "ChangeBlock",
    "ChangeItem",
    "ChangeSet",
    "changes_between",
    "render_changes_json",
    "render_changes_text",
]


#: A move against one counterpart: (other party's name, direction, gap before,
#: gap after, band after).
DirectionRow = tuple[str, str, float | None, float | None, str | None]


def _direction_rows(rows: Iterable[DirectionRow]) -> tuple[DirectionRow, ...]:
    return tuple(rows)


@frozen
class ChangeItem:
    """One change to a stance or definition (one row of the changes frame)."""

    kind: str
    word: str | None
    field: str | None
    before: str | None
    after: str | None
    #: (other party's name, direction, gap before, gap after, band after)
    directions: tuple[DirectionRow, ...] = attrs.field(converter=_direction_rows, default=())
    #: The move in words against named counterparts and on the scale's own axis
    #: (the frame's ``word_text``), None for other changes.
    word_text: str | None = None


def _items(items: Iterable[ChangeItem]) -> tuple[ChangeItem, ...]:
    return tuple(items)


@frozen
class ChangeBlock:
    """Every change to one stance (party, issue and date) or one definition."""

    entity: str
    #: ``party/issue`` for a stance; the id for a definition.
    path: str
    #: In words: "Northland on Size of Southland's army".
    title: str
    date_before: dt.date | None
    date_after: dt.date | None
    items: tuple[ChangeItem, ...] = attrs.field(converter=_items)
    #: How precise each date is (``day``, ``month``, ``before``), as the report shows it.
    precision_before: str = "day"
    precision_after: str = "day"

    @property
    def dates_text(self) -> str:
        """The stance dates compared, as precise as they are known."""
        before = date_text(self.date_before, self.precision_before) if self.date_before else ""
        after = date_text(self.date_after, self.precision_after) if self.date_after else ""
        if before and after and self.date_before != self.date_after:
            return f"{before} -> {after}"
        return after or before


def _blocks(blocks: Iterable[ChangeBlock]) -> tuple[ChangeBlock, ...]:
    return tuple(blocks)


def _json_rows(rows: Iterable[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    return tuple(rows)


@frozen
class ChangeSet:
    old: str
    new: str
    blocks: tuple[ChangeBlock, ...] = attrs.field(converter=_blocks)
    #: The change rows, as JSON-ready dicts (frame columns plus their directions).
    rows: tuple[dict[str, Any], ...] = attrs.field(converter=_json_rows, default=())

    @property
    def count(self) -> int:
        return len(self.rows)


def changes_between(
    old: Dataset,
    new: Dataset,
    *,
    old_date: dt.date | None = None,
    new_date: dt.date | None = None,
    **filters: Any,
) -> ChangeSet:
    """Changes from ``old`` to ``new`` (``Dataset.compare``).  When both are dates
    of one dataset, every dated step between them; else the two versions, each
    cut at its date if given.  ``filters`` are the evidence filters of
    ``Dataset.compare`` (``min_confidence``, ``exclude_kinds``, ``basis``)."""
    if old_date is not None and new_date is not None and old is new:
        result = new.compare(old_date, new_date, **filters)
    else:
        a = old.as_of(old_date) if old_date is not None else old
        b = new.as_of(new_date) if new_date is not None else new
        result = b.compare(a, **filters)
    frame, dirs = result.changes, result.directions
    labels = (result.old, result.new)

    names = {
        **{k: p.name for k, p in old.parties.items()},
        **{k: p.name for k, p in new.parties.items()},
    }
    issues = {
        **{k: i.name for k, i in old.issues.items()},
        **{k: i.name for k, i in new.issues.items()},
    }
    # a question about the talks: only "same answer" or "answers differ" (no band word)
    context = {k for ds in (old, new) for k, i in ds.issues.items() if i.kind == "context"}
    by_change: dict[int, list[DirectionRow]] = {}
    dir_rows: dict[int, list[dict]] = {}
    for d in _frame_rows(dirs):
        after = _float(d.gap_after)
        band = _s(d.band_after)
        if d.issue in context:
            band = context_word(after if after is not None else 1.0)
        by_change.setdefault(int(d.change), []).append(
            (names.get(d.other, d.other), str(d.direction), _float(d.gap_before), after, band)
        )
        dir_rows.setdefault(int(d.change), []).append(
            {k: plain_value(v) for k, v in d._asdict().items() if k != "change"}
        )
    blocks: dict[tuple, dict[str, Any]] = {}
    rows = []
    for c in _frame_rows(frame):
        row = {k: plain_value(v) for k, v in c._asdict().items()}
        row["directions"] = dir_rows.get(int(c.change), [])
        rows.append(row)
        before, after = _date(c.date_before), _date(c.date_after)
        if c.entity == "stance":
            key = ("stance", c.party, c.issue, after or before)
            title = f"{names.get(c.party, c.party)} on {issues.get(c.issue, c.issue)}"
            path = f"{c.party}/{c.issue}"
        else:
            ident = _s(c.id) or ""
            key = (str(c.entity), ident)
            title = _definition_title(str(c.entity), ident, names, issues)
            path = f"{c.entity}/{ident}" if ident else str(c.entity)
        block = blocks.setdefault(
            key,
            {
                "entity": str(c.entity),
                "path": path,
                "title": title,
                "date_before": before,
                "date_after": after,
                "items": [],
                "precision_before": _s(c.precision_before) or "day",
                "precision_after": _s(c.precision_after) or "day",
            },
        )
        if block["date_before"] is None:
            block["date_before"] = before
            block["precision_before"] = _s(c.precision_before) or "day"
        word, word_text = _s(c.word), _s(c.word_text)
        directions = by_change.get(int(c.change), ())
        if c.kind == "moved" and c.issue in context:
            # no "toward"/"away" on a question about the talks: whose answer it now matches
            word = CONTEXT_MOVE
            word_text = context_counterparts(
                word_text.split("; ", 1)[0] if word_text else None,
                [o for o, _, _, ga, _ in directions if ga == 0],
                [o for o, _, _, ga, _ in directions if ga is not None and ga != 0],
            )
        block["items"].append(
            ChangeItem(
                str(c.kind),
                word,
                _s(c.field),
                _s(c.before_text),
                _s(c.after_text),
                directions,
                word_text,
            )
        )
    stance_blocks = [ChangeBlock(**b) for k, b in blocks.items() if k[0] == "stance"]
    other_blocks = [ChangeBlock(**b) for k, b in blocks.items() if k[0] != "stance"]
    return ChangeSet(labels[0], labels[1], stance_blocks + other_blocks, rows)


def _definition_title(entity: str, ident: str, names: dict, issues: dict) -> str:
    if entity == "party":
        return f"party {names.get(ident, ident)}"
    if entity == "issue":
        return f"issue {issues.get(ident, ident)}"
    if entity == "settings":
        return "dataset settings"
    return f"{entity} {ident}".strip()


def _word_text(word: str, block: ChangeBlock) -> str:
    """The fact-checker's word with the qualifiers the report shows: a stance
    only known to be held by its date is first recorded then, not new."""
    if word in ("new", "recorded") and block.precision_after == "before" and block.date_after:
        return f"first recorded; held before {block.date_after.isoformat()}"
    return word


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_changes_text(changes: ChangeSet, console: Console) -> None:
    """dyff-style blocks: a path line, then ``±`` per change with ``-`` old
    and ``+`` new values, and the direction of a move against each other party."""
    plain = not console.is_terminal

    def style(s: str) -> str:
        return "" if plain else s

    n_stances = sum(b.entity == "stance" for b in changes.blocks)
    head = Text()
    head.append(f"between {changes.old}\n    and {changes.new}\n", style=style("bold"))
    if not changes.blocks:
        head.append("\nno changes")
        console.print(head)
        return
    head.append(
        f"\n{_plural(changes.count, 'change')}: {_plural(n_stances, 'stance')}, "
        f"{_plural(len(changes.blocks) - n_stances, 'definition')}"
    )
    console.print(head)
    for b in changes.blocks:
        t = Text("\n")
        t.append(b.path, style=style("bold cyan"))
        dates = ""
        if b.entity == "stance" and (b.date_after or b.date_before):
            dates = f"  ({b.dates_text})"
        t.append(dates)
        t.append(f"\n  {b.title}", style=style("dim"))
        for item in b.items:
            label = item.kind.replace("-", " ")
            if item.word_text and item.word in ("toward", "away", "mixed", "shifted",
                                                CONTEXT_MOVE):
                label += f": {item.word_text}"  # the move against named counterparts
            elif item.word:
                label += f": {_word_text(item.word, b)}"
                if item.word_text and item.word_text != item.word:
                    label += f" ({item.word_text})"
            if item.field and b.entity != "stance":
                label += f" ({item.field})"
            t.append("\n  ± ", style=style("yellow"))
            t.append(label, style=style("yellow bold"))
            if item.before is not None:
                t.append("\n    - ", style=style("red"))
                t.append(item.before or "(none)", style=style("red"))
            if item.after is not None:
                t.append("\n    + ", style=style("green"))
                t.append(item.after or "(none)", style=style("green"))
            for other, direction, gb, ga, band in item.directions:
                t.append("\n    " + direction_text(direction, other, gb, ga, band, arrow="->"))
        console.print(t)


def render_changes_json(changes: ChangeSet) -> str:
    """The changes as JSON: ``{"old", "new", "changes": [row, ...]}``; each row
    has the columns of the analysis changes frame and its ``directions``."""
    data = {
        "old": changes.old,
        "new": changes.new,
        "count": changes.count,
        "changes": list(changes.rows),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
