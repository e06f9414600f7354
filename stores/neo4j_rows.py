"""The rows of a load: the graph's nodes and relationships grouped by the statement that writes them, each as the
positional row that statement reads (``neo4j_statements``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kommunegraf.graph.model import Graph, Node, Relationship
from kommunegraf.graph.spans import Spans
from kommunegraf.stores.neo4j_schema import neo4j_value

NodeGroup = tuple[str, tuple[str, ...]]  # label, property keys
RelationshipGroup = tuple[str, str, str, tuple[str, ...]]  # type, start label, end label, property keys
Row = list[Any]  # positional: a list of values packs and unpacks far quicker than a map with its keys
Provenance = tuple[str, str, Spans]  # node id, source id, spans


def _provenance_keys(graph: Graph, source: str) -> tuple[str, ...]:
    return ("lines", "pages") if graph.nodes[source].properties.get("page_starts") else ("lines",)


def node_groups(graph: Graph) -> dict[NodeGroup, list[Node]]:
    """Nodes per label and set of properties, so each statement names its properties."""
    groups: dict[NodeGroup, list[Node]] = defaultdict(list)
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        keys = tuple(k for k, v in sorted(node.properties.items()) if v is not None)
        groups[(node.label, keys)].append(node)
    return groups


def node_row(node: Node, keys: tuple[str, ...]) -> Row:
    """``[id, value of keys[0], ...]`` for ``node_statement``."""
    properties = node.properties
    return [node.id, *(neo4j_value(node.label, key, properties[key]) for key in keys)]


def relationship_groups(graph: Graph) -> dict[RelationshipGroup, list[Relationship | Provenance]]:
    """Relationships (and each node's FROM_SOURCE links) per type, end labels and set of properties."""
    groups: dict[RelationshipGroup, list[Relationship | Provenance]] = defaultdict(list)
    for rel in sorted(graph.relationships.values(), key=lambda r: r.key):
        own = tuple(k for k, v in sorted(rel.properties.items()) if v is not None)
        paged = any(graph.nodes[source].properties.get("page_starts") for source, _ in rel.statements())
        keys = (*own, "sources", "lines", *(("pages",) if paged else ()))
        groups[(rel.type, graph.nodes[rel.start].label, graph.nodes[rel.end].label, keys)].append(rel)
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        for source, spans in sorted(node.provenance.items()):
            group = ("FROM_SOURCE", node.label, "Source", _provenance_keys(graph, source))
            groups[group].append((node.id, source, spans))
    return groups


def split_by_source(
    items: list[Relationship | Provenance], stored_sources: set[str]
) -> tuple[list[Relationship | Provenance], list[Relationship | Provenance]]:
    """``items`` that cannot be in the database yet, and those that may be.

    A node's FROM_SOURCE link to a document the database has not seen cannot
    be there: it is CREATEd, which needs no look at the node's other links.
    A fact may be there whichever documents state it (another document the
    database holds may state it too): it is always MERGEd.
    """
    new: list[Relationship | Provenance] = []
    seen: list[Relationship | Provenance] = []
    for item in items:
        fresh = not isinstance(item, Relationship) and item[1] not in stored_sources
        (new if fresh else seen).append(item)
    return new, seen


def relationship_row(graph: Graph, item: Relationship | Provenance) -> Row:
    """``[start, end, values of the group's keys...]`` for ``relationship_statement``."""
    if isinstance(item, Relationship):
        properties = item.properties
        own = [properties[key] for key in sorted(properties) if properties[key] is not None]
        return [item.start, item.end, *own, *graph.statement_lists(item).values()]
    node_id, source, spans = item
    return [node_id, source, *graph.provenance(source, spans).values()]


def node_rows(graph: Graph) -> dict[NodeGroup, list[Row]]:
    """Every node's row, grouped as loaded (for inspection and other loaders)."""
    return {group: [node_row(n, group[1]) for n in nodes] for group, nodes in node_groups(graph).items()}


def relationship_rows(graph: Graph) -> dict[RelationshipGroup, list[Row]]:
    return {group: [relationship_row(graph, r) for r in items] for group, items in relationship_groups(graph).items()}
