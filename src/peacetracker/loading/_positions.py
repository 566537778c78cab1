"""Line and column of a key path, looked up only when a problem must be reported.

Loading never keeps positions: the safe loader builds plain data.  When a
file has problems, its text is run once more through the C parser's event
stream (no nodes, no tag resolution: several times cheaper than composing)
and the position of every key and value is indexed by key path.  A path that
goes further than the document (a missing key) falls back to the deepest
part of it that exists.

    >>> tree = Positions("a:\\n  - b: 1\\n    c: [x, y]\\n")
    >>> tree.locate(("a", 0, "c", 1))
    (3, 12)
    >>> tree.locate(("a", 0, "c"), on_key=True)
    (3, 5)
    >>> tree.locate(("a", 0, "missing"))
    (2, 5)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ._yaml import release

__all__ = ["NodePositions", "Positions"]

_COMPLEX_KEY = "\x00complex-key"


class _Frame:
    __slots__ = ("expect_key", "index", "is_map", "key", "path")

    def __init__(self, path: tuple, is_map: bool):
        self.path = path
        self.is_map = is_map
        self.expect_key = True
        self.key: str | None = None
        self.index = 0


class _Entry:
    __slots__ = ("key_mark", "text", "value_mark")

    def __init__(self) -> None:
        self.key_mark: tuple[int, int] | None = None
        self.value_mark: tuple[int, int] | None = None
        self.text: str | None = None


def _index(text: str) -> dict[tuple, _Entry]:
    """Key path -> positions of its key and value (1-based), from parse events."""
    index: dict[tuple, _Entry] = {}
    stack: list[_Frame] = []
    yaml = YAML(typ="safe", pure=False)
    try:
        for event in yaml.parse(text):
            cls = type(event)
            if cls is ScalarEvent or cls is AliasEvent or cls is MappingStartEvent or (
                cls is SequenceStartEvent
            ):
                mark = (event.start_mark.line + 1, event.start_mark.column + 1)
                if not stack:
                    path: tuple = ()
                else:
                    frame = stack[-1]
                    if not frame.is_map:
                        path = (*frame.path, frame.index)
                        frame.index += 1
                    elif frame.expect_key:
                        frame.expect_key = False
                        if cls is ScalarEvent:
                            frame.key = event.value
                            entry = index.setdefault((*frame.path, event.value), _Entry())
                            entry.key_mark = mark
                            continue
                        frame.key = _COMPLEX_KEY
                        path = (*frame.path, _COMPLEX_KEY)
                    else:
                        frame.expect_key = True
                        path = (*frame.path, frame.key)
                entry = index.setdefault(path, _Entry())
                entry.value_mark = mark
                if cls is ScalarEvent:
                    entry.text = event.value
                elif cls is MappingStartEvent:
                    stack.append(_Frame(path, True))
                elif cls is SequenceStartEvent:
                    stack.append(_Frame(path, False))
            elif isinstance(event, CollectionEndEvent) and stack:
                stack.pop()
    except (YAMLError, RecursionError):
        pass  # positions up to the error are indexed
    finally:
        release(yaml)
    return index


class Positions:
    """Positions in one YAML text (indexed lazily, on the first lookup)."""

    def __init__(self, text: str | None):
        self._text = text
        self._index: dict[tuple, _Entry] | None = None

    @property
    def index(self) -> dict[tuple, _Entry]:
        if self._index is None:
            self._index = _index(self._text) if self._text else {}
        return self._index

    def _entry(self, path: Sequence[str | int]) -> tuple[tuple, _Entry | None]:
        key = tuple(step if isinstance(step, int) else str(step) for step in path)
        index = self.index
        while key:
            found = index.get(key)
            if found is not None:
                return key, found
            key = key[:-1]
        return (), index.get(())

    def locate(self, path: Sequence[str | int], on_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path`` (of its key when
        ``on_key``), or of the deepest part of ``path`` that exists; (1, 1) at worst."""
        found, entry = self._entry(path)
        if entry is None:
            return 1, 1
        if on_key and len(found) == len(path) and entry.key_mark is not None:
            return entry.key_mark
        return entry.value_mark or entry.key_mark or (1, 1)

    def source_text(self, path: Sequence[str | int]) -> str | None:
        """The scalar as written at ``path`` (e.g. ``1.10`` for a value read as 1.1)."""
        found, entry = self._entry(path)
        if entry is None or len(found) != len(path):
            return None
        return entry.text


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class NodePositions:
    """:class:`Positions` read off the node tree kept from the load, instead of
    parsing the text again: the per-file pass locates its own problems with it.

    Only for files without aliases, merge keys or duplicate keys (where a
    node's mark and the text's event marks could differ): the caller falls
    back to :class:`Positions` for those.  ``locate`` and ``source_text``
    answer exactly as :class:`Positions` does (a test checks it).
    """

    def __init__(self, root: Any):
        self._root = root

    def _walk(self, path: Sequence[str | int]) -> tuple[int, Any, Any]:
        """How many steps of ``path`` exist, and the node (and key node) reached."""
        node, key_node, depth = self._root, None, 0
        for step in path:
            if isinstance(node, MappingNode) and not isinstance(step, int):
                wanted = str(step)
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == wanted:
                        node, key_node = v, k
                        break
                else:
                    break
            elif isinstance(node, SequenceNode) and isinstance(step, int) and (
                0 <= step < len(node.value)
            ):
                node, key_node = node.value[step], None
            else:
                break
            depth += 1
        return depth, node, key_node

    def locate(self, path: Sequence[str | int], on_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``path`` (of its key when
        ``on_key``), or of the deepest part of ``path`` that exists."""
        if self._root is None:
            return 1, 1
        depth, node, key_node = self._walk(path)
        if on_key and depth == len(path) and key_node is not None:
            return _mark(key_node)
        return _mark(node)

    def source_text(self, path: Sequence[str | int]) -> str | None:
        """The scalar as written at ``path``."""
        if self._root is None:
            return None
        depth, node, _ = self._walk(path)
        if depth != len(path) or not isinstance(node, ScalarNode):
            return None
        return node.value
