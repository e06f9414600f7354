"""The graph layer: resolves names, mints stable ids, merges records with provenance.

It takes loader records and gives one backend-free ``Graph`` that every
store and exporter writes out. The names below are imported when first
used: a module that needs only ``identity`` or ``model`` does not load the
builder and the records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kommunegraf.graph.builder import build_graph
    from kommunegraf.graph.model import Graph, Node, Relationship

__all__ = ["Graph", "Node", "Relationship", "build_graph"]


def __getattr__(name: str) -> Any:
    if name == "build_graph":
        from kommunegraf.graph.builder import build_graph

        return build_graph
    if name in __all__:
        from kommunegraf.graph import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
