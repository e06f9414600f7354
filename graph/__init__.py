"""The graph layer: resolves names, mints stable ids, merges records with provenance.

It takes loader records and gives one backend-free ``Graph`` that every
store and exporter writes out.
"""

from kommunegraf.graph.builder import build_graph
from kommunegraf.graph.model import Graph, Node, Relationship

__all__ = ["Graph", "Node", "Relationship", "build_graph"]
