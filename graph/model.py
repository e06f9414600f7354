"""A backend-free property graph with provenance on every node and relationship.

Nodes are merged by id; relationships by (type, start, end, source), so the
same fact stated in two documents stays two traceable statements. Merging
the same thing twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kommunegraf.graph.sharing import SharedIds
from kommunegraf.graph.spans import NO_SPANS, LineSpan, SharedSpans, Spans, format_pages, format_spans
from kommunegraf.ontology.schema import LABELS, RELATIONSHIPS

if TYPE_CHECKING:  # a record's span is read by its attributes: the records (pydantic) stay unimported here
    from kommunegraf.records import Span

_KNOWN_LABELS = frozenset(LABELS)
NO_PROPERTIES: Mapping[str, Any] = MappingProxyType({})


def page_starts_of(source: Node | None) -> tuple[int, ...] | None:
    """The printed line where each page of a paginated Source (a PDF) begins."""
    value = source.properties.get("page_starts") if source is not None else None
    return tuple(int(part) for part in str(value).split(",")) if value else None


def _lines_and_pages(spans: Spans, page_starts: tuple[int, ...] | None) -> dict[str, str]:
    found = {"lines": format_spans(spans)}
    if page_starts:
        found["pages"] = format_pages(spans, page_starts)
    return found


@dataclass(slots=True)
class Node:
    id: str
    label: str
    properties: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Spans] = field(default_factory=dict)  # source id -> spans

    def merge(self, properties: dict[str, Any]) -> None:
        """Fill properties the node lacks; a value already there is kept (first source wins)."""
        for key, value in properties.items():
            if value is not None and self.properties.get(key) is None:
                self.properties[key] = value


@dataclass(slots=True)
class Relationship:
    """One fact joining two nodes, with every document that states it and the lines where.

    A fact exists once, however many documents state it (a person's party,
    a KLE topic's group): ``statements()`` gives each document with its
    spans. The first document is kept inline (``source``, ``spans``), the
    others, which most facts do not have, in ``more``: a graph of millions
    of facts then holds no map for each.
    """

    type: str
    start: str
    end: str
    source: str  # the first document that states it
    # most relationships have no properties: they share one read-only empty map
    properties: Mapping[str, Any] = field(default_factory=lambda: NO_PROPERTIES)
    spans: Spans = NO_SPANS  # where the first document states it
    more: dict[str, Spans] | None = None  # the other documents, in the order they came

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.start, self.end)

    def statements(self) -> Iterator[tuple[str, Spans]]:
        """Each document that states the fact, with its spans, in the order they came."""
        yield self.source, self.spans
        if self.more:
            yield from self.more.items()

    @property
    def sources(self) -> list[str]:
        return [self.source, *(self.more or ())]


_start = attrgetter("start")


class Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.relationships: dict[tuple[str, str, str], Relationship] = {}
        self._spans = SharedSpans()
        self._ids = SharedIds(self.nodes)

    def add_node(
        self,
        label: str,
        node_id: str,
        properties: dict[str, Any] | None = None,
        source: str | None = None,
        span: Span | LineSpan | None = None,
    ) -> Node:
        node = self.nodes.get(node_id)
        if node is None:
            if label not in _KNOWN_LABELS:
                raise ValueError(f"unknown label {label!r}")
            node = self.nodes[node_id] = Node(node_id, label)
        elif node.label != label:
            raise ValueError(f"id {node_id} is a {node.label}, not a {label}")
        if properties:
            node.merge(properties)
        if source is not None and span is not None:
            key = self._ids.of(source)
            node.provenance[key] = self._spans.added(node.provenance.get(key, NO_SPANS), span)
        return node

    def add_relationship(
        self,
        rel_type: str,
        start: str,
        end: str,
        source: str,
        span: Span | LineSpan,
        properties: dict[str, Any] | None = None,
    ) -> Relationship:
        spec = RELATIONSHIPS.get(rel_type)
        if spec is None:
            raise ValueError(f"unknown relationship type {rel_type!r}")
        nodes = self.nodes
        start_node, end_node = nodes.get(start), nodes.get(end)
        for node_id, node, allowed in ((start, start_node, spec.start), (end, end_node, spec.end)):
            if node is None or node.label not in allowed:
                raise ValueError(f"{rel_type} cannot join {node_id} ({node.label if node else 'missing'})")
        # the nodes' own id strings: one copy of each IRI, however often it is linked
        key = (rel_type, start_node.id, end_node.id)
        source = self._ids.of(source)
        added = self._spans.added
        rel = self.relationships.get(key)
        if rel is None:
            rel = self.relationships[key] = Relationship(*key, source, NO_PROPERTIES, added(NO_SPANS, span))
        elif rel.source is source or rel.source == source:
            rel.spans = added(rel.spans, span)
        else:
            if rel.more is None:
                rel.more = {}
            rel.more[source] = added(rel.more.get(source, NO_SPANS), span)
        if properties:  # a value the fact lacks comes from any document that states it
            for name, value in properties.items():
                if value is not None and rel.properties.get(name) is None:
                    if rel.properties is NO_PROPERTIES:
                        rel.properties = {}
                    rel.properties[name] = value
        return rel

    def provenance(self, source: str, spans: Spans) -> dict[str, str]:
        """Where a node or relationship was read: ``lines`` of the file, and for a PDF also
        ``pages`` ("3:12-40": page 3, lines 12-40 of that page)."""
        return _lines_and_pages(spans, page_starts_of(self.nodes.get(source)))

    def statement_lists(
        self, rel: Relationship, provenance: Callable[[str, Spans], dict[str, str]] | None = None
    ) -> dict[str, list[str]]:
        """Where a fact is stated, as parallel lists: ``sources`` (the documents), ``lines`` (each one's lines)
        and, where a document is a PDF, ``pages`` ("" for a document without pages) — the form Neo4j, node-link,
        networkx and the DataFrames keep it in."""
        provenance = provenance or self.provenance
        sources: list[str] = []
        lines: list[str] = []
        pages: list[str] = []
        paged = False
        for source, spans in rel.statements():
            found = provenance(source, spans)
            sources.append(source)
            lines.append(found["lines"])
            pages.append(found.get("pages", ""))
            paged = paged or "pages" in found
        lists = {"sources": sources, "lines": lines}
        if paged:
            lists["pages"] = pages
        return lists

    def nodes_with_outgoing(self) -> Iterator[tuple[Node, list[Relationship]]]:
        """Every node in id order, with the relationships that start at it in the order they were merged.

        The RDF writers describe a subject at a time in this order; a graph
        built from the same documents is always written the same way (the
        merge takes documents in the order of their sha256). Only the start
        is sorted on: a string sort, four times faster than sorting the whole
        (type, start, end) keys at 1 and 11 million relationships, and stable.
        """
        ordered = list(self.relationships.values())
        ordered.sort(key=_start)
        position, count = 0, len(ordered)
        for node_id in sorted(self.nodes):
            first = position
            while position < count and ordered[position].start == node_id:
                position += 1
            yield self.nodes[node_id], ordered[first:position]
        if position != count:
            raise ValueError(f"relationship from {ordered[position].start}, which is not a node of the graph")

    def provenance_in_order(self) -> Callable[[str, Spans], dict[str, str]]:
        """``provenance`` for a pass over the graph, once it no longer changes, in the order it was merged.

        Facts come a document at a time in that order: the document's page
        starts are looked up (in the table of every node) and read once for
        each run of its facts instead of once for each fact.
        """
        last_source: str | None = None
        page_starts: tuple[int, ...] | None = None

        def provenance(source: str, spans: Spans) -> dict[str, str]:
            nonlocal last_source, page_starts
            if source is not last_source:
                last_source, page_starts = source, page_starts_of(self.nodes.get(source))
            return _lines_and_pages(spans, page_starts)

        return provenance

    def of_label(self, label: str) -> Iterator[Node]:
        return (n for n in self.nodes.values() if n.label == label)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per label and relationships per type (FROM_SOURCE counted once per node and source)."""
        labels: dict[str, int] = {}
        for node in self.nodes.values():
            labels[node.label] = labels.get(node.label, 0) + 1
        types: dict[str, int] = {}
        for rel in self.relationships.values():
            types[rel.type] = types.get(rel.type, 0) + 1
        provenance = sum(len(n.provenance) for n in self.nodes.values())
        if provenance:
            types["FROM_SOURCE"] = provenance
        return dict(sorted(labels.items())), dict(sorted(types.items()))
