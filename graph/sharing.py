"""One copy of each string a graph names again and again (node ids, outcomes, KLE codes, roles).

Why: a graph holds millions of facts that name the same few strings; an equal
string per fact costs each fact a string object, one shared copy costs it a
pointer. Values are interned; a node id is the graph's own copy, the node's.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kommunegraf.graph.model import Node


def shared_value(value: str | None) -> str | None:
    """The one copy of a value that recurs across the graph (an outcome, a KLE code, a role)."""
    return sys.intern(value) if value is not None else None


class SharedIds:
    """The graph's own copy of a node id: the id string of the node itself."""

    __slots__ = ("_last", "_nodes")

    def __init__(self, nodes: Mapping[str, Node]) -> None:
        self._nodes = nodes
        self._last: str | None = None

    def of(self, node_id: str) -> str:
        """``node_id``'s node's own id, or ``node_id`` if no node has it (a document's facts come one after
        another, naming the same source: the last one is kept at hand)."""
        if node_id is self._last:
            return node_id
        node = self._nodes.get(node_id)
        if node is None:
            return node_id
        self._last = node.id
        return node.id
