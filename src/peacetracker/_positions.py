"""Line and column of a key path, looked up only when a problem must be reported.

Loading never keeps positions: the safe loader builds plain data.  When a
file has problems, it is composed once more (C-backed, nodes with marks) and
each problem's key path is walked down the node tree.  A path that goes
further than the tree (a missing key) stops at the deepest node found.

    >>> tree = Positions("a:\\n  - b: 1\\n    c: [x, y]\\n")
    >>> tree.locate(("a", 0, "c", 1))
    (3, 13)
    >>> tree.locate(("a", 0, "c"), on_key=True)
    (3, 5)
"""

from __future__ import annotations

from collections.abc import Sequence

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._yaml import compose

__all__ = ["Positions"]


class Positions:
    """Positions in one YAML text (composed lazily, on the first lookup)."""

    def __init__(self, text: str | None):
        self._text = text
        self._root: Node | None = None
        self._composed = False

    @property
    def root(self) -> Node | None:
        if not self._composed:
            self._composed = True
            self._root = compose(self._text) if self._text else None
        return self._root

    def node(self, path: Sequence[str | int], on_key: bool = False) -> Node | None:
        """The node at ``path`` (its key node when ``on_key``), or the deepest one found."""
        node = self.root
        if node is None:
            return None
        for depth, step in enumerate(path):
            last = depth == len(path) - 1
            if isinstance(node, MappingNode):
                for key, value in node.value:
                    if isinstance(key, ScalarNode) and key.value == str(step):
                        node = key if (last and on_key) else value
                        break
                else:
                    return node
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return node
                node = node.value[step]
            else:
                return node
        return node

    def locate(self, path: Sequence[str | int], on_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of ``path``; (1, 1) when the text does not compose."""
        node = self.node(path, on_key)
        if node is None:
            return 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1

    def source_text(self, path: Sequence[str | int]) -> str | None:
        """The scalar as written at ``path`` (e.g. ``1.10`` for a value read as 1.1)."""
        node = self.node(path)
        if isinstance(node, ScalarNode) and path:
            return node.value
        return None
