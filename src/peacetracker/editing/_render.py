"""Render a new entry as YAML text formatted like its neighbours: the same
flow or block style per key, the same quoting, the file's indentation."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ._layout import Indent

__all__ = ["render_entry", "render_item", "styled"]

_QUOTES = (DoubleQuotedScalarString, SingleQuotedScalarString)


def _is_collection(value: Any) -> bool:
    return isinstance(value, Mapping | list | tuple)


def _all_scalars(value: Any) -> bool:
    items = value.values() if isinstance(value, Mapping) else value
    return all(not _is_collection(v) for v in items)


def _flow_vote(examples: list[Any]) -> bool | None:
    votes = Counter(
        bool(e.fa.flow_style())
        for e in examples
        if isinstance(e, CommentedMap | CommentedSeq) and len(e)  # `[]` says nothing
    )
    return votes.most_common(1)[0][0] if votes else None


def _quote_vote(examples: list[Any]) -> type | None:
    votes = Counter(
        next((q for q in _QUOTES if isinstance(e, q)), str) for e in examples if isinstance(e, str)
    )
    if not votes:
        return None
    kind = votes.most_common(1)[0][0]
    return None if kind is str else kind


def styled(value: Any, neighbours: Iterable[Any] = ()) -> Any:
    """``value`` (plain data) as round-trip data styled like ``neighbours``.

    Collections take the flow or block style most neighbours use for the same
    key; where no neighbour has the key, a collection of scalars is written in
    flow style (``[a, b]``) and one holding collections in block style.
    Strings take the quoting most neighbours use for the same key.
    """
    neighbours = list(neighbours)
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            examples = [n[key] for n in neighbours if isinstance(n, Mapping) and key in n]
            out[key] = _styled_member(item, examples)
        return out
    if isinstance(value, list | tuple):
        items = [
            x for n in neighbours if isinstance(n, Sequence) and not isinstance(n, str) for x in n
        ]
        return CommentedSeq([styled(v, items) for v in value])
    return value


def _styled_member(item: Any, examples: list[Any]) -> Any:
    if _is_collection(item):
        inner = styled(item, examples)
        same_shape = [
            e
            for e in examples
            if _is_collection(e)
            and isinstance(e, Mapping) == isinstance(item, Mapping)
            and _all_scalars(e) == _all_scalars(item)
        ]
        flow = _flow_vote(same_shape or examples)
        if flow is None:
            flow = _all_scalars(item)
        if flow:
            inner.fa.set_flow_style()
        else:
            inner.fa.set_block_style()
        return inner
    if isinstance(item, str) and not isinstance(item, _QUOTES):
        quote = _quote_vote(examples)
        if quote is not None and "\n" not in item:
            return quote(item)
    return item


def _dump(obj: Any, indent: Indent) -> list[str]:
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yaml.width = 1_000_000
    out = io.StringIO()
    yaml.dump(obj, out)
    return out.getvalue().splitlines(keepends=True)


def _rebase(lines: list[str], shift: int) -> list[str]:
    if shift >= 0:
        return [(" " * shift + ln) if ln.strip() else ln for ln in lines]
    return [ln[-shift:] if ln[:-shift].strip() == "" else ln for ln in lines]


def render_item(value: Any, dash_col: int, content_col: int, indent: Indent) -> list[str]:
    """Lines for one sequence item (``- ...``) with its dash at ``dash_col`` and
    its content at ``content_col``."""
    geometry = Indent(indent.mapping, indent.offset + (content_col - dash_col), indent.offset)
    seq = CommentedSeq([value])
    seq.fa.set_block_style()
    return _rebase(_dump(seq, geometry), dash_col - indent.offset)


def render_entry(key: Any, value: Any, col: int, indent: Indent) -> list[str]:
    """Lines for one mapping entry (``key: ...``) with its key at ``col``."""
    mapping = CommentedMap([(key, value)])
    mapping.fa.set_block_style()
    return _rebase(_dump(mapping, indent), col)
