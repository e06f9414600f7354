"""The first pass of an import export: per label and per relationship type, the properties present and the
neo4j-admin types of their values, so each file's header is known before its first row.

A property whose values differ in type between nodes of one label (never
seen in practice: ``number`` is an integer on items and a string on cases,
different labels) gets a further file per combination of types
(``file_key``, ``header_types``), so each value keeps the type the loader
would give it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter
from typing import Any

from kommunegraf.graph.model import NO_PROPERTIES, Graph
from kommunegraf.stores.neo4j_csv import SCALAR_TYPES, Neo4jImportError, neo4j_type
from kommunegraf.stores.neo4j_schema import DATE_PROPERTIES, neo4j_value, property_name

LIST_KEYS = ("sources", "lines", "pages")  # a fact's statements, parallel lists
_NONE = type(None)
_PROPERTIES = attrgetter("properties")


@dataclass
class Columns:
    """The properties of one label or type, each with the type(s) its values have."""

    types: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def see(self, key: str, kind: str, count: int = 1) -> None:
        self.types[key][kind] += count

    def names(self) -> list[str]:
        return sorted(self.types)

    def mixed(self) -> list[str]:
        return [key for key in self.names() if len(self.types[key]) > 1]

    def header_type(self, key: str) -> str:
        return self.types[key].most_common(1)[0][0]


# the properties the loader stores as another type than the graph keeps (dates kept as ISO text)
CONVERTED = {**{label: frozenset(keys) for label, keys in DATE_PROPERTIES.items()}, "Source": frozenset({"loaded_at"})}


def typed(label: str, properties: dict[str, Any]) -> dict[str, Any]:
    """A node's properties with a value, typed as the loader stores them (dates from their ISO text)."""
    converted = CONVERTED.get(label, frozenset())
    return {k: neo4j_value(label, k, v) if k in converted else v for k, v in properties.items() if v is not None}


def paged_sources(graph: Graph) -> set[str]:
    """The Sources with pages (PDFs)."""
    return {n.id for n in graph.of_label("Source") if n.properties.get("page_starts")}


def scan_nodes(graph: Graph) -> dict[str, Columns]:
    """First pass over the nodes: per label, the properties and their types."""
    labels: dict[str, Columns] = defaultdict(Columns)
    seen: dict[tuple[str, str, str], int] = {}  # (label, property, type) -> nodes
    scalar = SCALAR_TYPES
    # Nodes of a label mostly have the same properties with values of the same types: nodes are counted by that
    # shape (made at C speed), and a shape's properties looked at once. A value whose type says less than its
    # header type needs (a list's items, a datetime's zone) is looked at node by node.
    shapes: dict[tuple[str, tuple[str, ...], tuple[type, ...]], int] = {}
    plain_kinds: dict[tuple[type, ...], bool] = {}  # whether a tuple of types holds scalars only
    for node in graph.nodes.values():
        label = node.label
        values = node.properties if label not in CONVERTED else typed(label, node.properties)
        kinds = tuple(map(type, values.values()))
        plain = plain_kinds.get(kinds)
        if plain is None:
            plain = plain_kinds[kinds] = all(kind in scalar or kind is _NONE for kind in kinds)
        if plain:
            shape = (label, tuple(values), kinds)
            shapes[shape] = shapes.get(shape, 0) + 1
            continue
        for key, value in values.items():
            if value is not None:
                found = (label, key, scalar.get(type(value)) or neo4j_type(value))
                seen[found] = seen.get(found, 0) + 1
    for (label, keys, kinds), count in shapes.items():
        for key, kind in zip(keys, kinds, strict=True):
            if kind is not _NONE:
                found = (label, key, scalar[kind])
                seen[found] = seen.get(found, 0) + count
    for (label, key, kind), count in seen.items():
        if key == "id":
            node_id = next(n.id for n in graph.of_label(label) if n.properties.get("id") is not None)
            raise Neo4jImportError(f"{node_id} has a property named id, which is the node's id")
        labels[label].see(property_name(key), kind, count)
    return labels


def scan_relationships(graph: Graph) -> tuple[dict[str, Columns], dict[str, bool]]:
    """First pass over the facts: per type, the properties of its own and their types; which types have pages."""
    types: dict[str, Columns] = defaultdict(Columns)
    paged_types: dict[str, bool] = {}
    paged = paged_sources(graph)
    relationships = graph.relationships.values()
    for rel_type in set(map(itemgetter(0), graph.relationships)):  # the types present, at C speed
        types[rel_type] = Columns()  # every type gets its columns, with properties of its own or without
        paged_types[rel_type] = False
    # most facts have no properties of their own: those that do are picked out at C speed
    with_properties = compress(relationships, map(is_not, map(_PROPERTIES, relationships), repeat(NO_PROPERTIES)))
    for rel in with_properties:
        columns = types[rel.type]
        for key, value in rel.properties.items():
            if value is not None:
                if key in LIST_KEYS:
                    raise Neo4jImportError(f"{rel.type} {rel.start} -> {rel.end} has its own property {key}")
                columns.see(property_name(key), neo4j_type(value))
    if paged:
        for rel in relationships:
            if not paged_types[rel.type]:
                paged_types[rel.type] = rel.source in paged or any(source in paged for source in rel.more or ())
    return types, paged_types


def file_key(mixed: list[str], values: dict[str, Any]) -> tuple[str | None, ...]:
    """Which file of its label or type a row goes to: the types of its values of the ``mixed`` properties."""
    return tuple(neo4j_type(values[key]) if key in values else None for key in mixed)


def header_types(columns: Columns, mixed: list[str], key: tuple[str | None, ...]) -> dict[str, str]:
    """Each property's header type in the file of ``key``: the most common, but the mixed ones as ``key`` says."""
    chosen = {k: columns.header_type(k) for k in columns.names()}
    for name, kind in zip(mixed, key, strict=True):
        if kind is not None:
            chosen[name] = kind
    return chosen
