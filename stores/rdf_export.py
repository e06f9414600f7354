"""RDF export: Turtle, N-Triples, TriG, N-Quads and JSON-LD, with the project's ontology.

Terms come from ``kommunegraf.ontology.mapping``: every node is typed with its
own class and the public classes it aligns to, properties become typed
literals (xsd:date, xsd:time, xsd:integer, xsd:boolean, xsd:dateTime; Danish
text tagged ``@da``), relationships become triples. The quad formats (TriG,
N-Quads) put what each document states into a named graph of its own,
``<base>graph/<sha256>``, which ``prov:wasDerivedFrom`` its Source: the
relationships it states and the nodes it mentions (a node mentioned by two
documents is in both graphs). The triple formats carry the merged graph.

Relationship properties (a participant's role, a presenter's role, a job
title) are qualified relations: a resource ``<person>/attended/<hash>`` of
class kg:Attendance (kg:Presentation, kg:Employment) with kg:agent,
kg:object and kg:role.

Serialisation is pyoxigraph's, fed from a generator: N-Triples and N-Quads
are written as a stream.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kommunegraf.graph.model import Graph, Node, Relationship
from kommunegraf.ontology.mapping import (
    CLASS_OF,
    KG,
    PREFIXES,
    PROPERTY_OF,
    expand,
    relationship_term,
)
from kommunegraf.stores.atomic import atomic_writer

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"trig", "nq"}
RDF_TYPE = ox.NamedNode(expand("rdf:type"))
QUALIFIED = {  # relationship type -> (class, property that holds the relationship's value)
    "ATTENDED": ("kg:Attendance", "role"),
    "PRESENTED": ("kg:Presentation", "role"),
    "WORKS_IN": ("kg:Employment", "title"),
}
_iri_cache: dict[str, ox.NamedNode] = {}


def iri(text: str) -> ox.NamedNode:
    node = _iri_cache.get(text)
    if node is None:
        if len(_iri_cache) > 100_000:
            _iri_cache.clear()
        node = _iri_cache[text] = ox.NamedNode(text)
    return node


@cache
def term(curie: str) -> ox.NamedNode:
    return ox.NamedNode(expand(curie))


@cache
def _predicate(rel_type: str, start_label: str) -> ox.NamedNode:
    return term(relationship_term(rel_type, start_label).term)


@cache
def _property_predicate(label: str, key: str) -> ox.NamedNode:
    return term(PROPERTY_OF[(label, key)].term)


@cache
def _types(label: str) -> tuple[ox.NamedNode, ...]:
    spec = CLASS_OF[label]
    return (term(spec.term), *(term(a) for a in spec.aligned))


def graph_name(source_id: str) -> ox.NamedNode:
    """The named graph of a Source: ``.../source/<sha256>`` -> ``.../graph/<sha256>``."""
    head, _, sha = source_id.rpartition("/source/")
    return iri(f"{head}/graph/{sha}")


def literal(label: str, key: str, value: object) -> ox.Literal:
    spec = PROPERTY_OF[(label, key)]
    if spec.danish_text:
        return ox.Literal(str(value), language="da")
    if spec.datatype == "xsd:boolean":
        return ox.Literal("true" if value else "false", datatype=term("xsd:boolean"))
    if spec.datatype == "xsd:integer":
        return ox.Literal(str(int(value)), datatype=term("xsd:integer"))
    if spec.datatype == "xsd:time":
        text = str(value)
        return ox.Literal(text if text.count(":") == 2 else f"{text}:00", datatype=term("xsd:time"))
    if spec.datatype == "xsd:date":
        return ox.Literal(dt.date.fromisoformat(str(value)).isoformat(), datatype=term("xsd:date"))
    if spec.datatype == "xsd:dateTime":
        return ox.Literal(str(value).replace("Z", "+00:00"), datatype=term("xsd:dateTime"))
    return ox.Literal(str(value))


def node_triples(node: Node) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.Term]]:
    subject = iri(node.id)
    for cls in _types(node.label):
        yield subject, RDF_TYPE, cls
    if node.label == "KLETopic":
        yield subject, term("skos:inScheme"), iri(KG + "KLE")
    for key, value in sorted(node.properties.items()):
        if value is not None:
            yield subject, _property_predicate(node.label, key), literal(node.label, key, value)


def relationship_triples(graph: Graph, rel: Relationship) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.Term]]:
    start, end = graph.nodes[rel.start], graph.nodes[rel.end]
    subject, obj = iri(rel.start), iri(rel.end)
    yield subject, _predicate(rel.type, start.label), obj
    if rel.type == "ON_AGENDA_OF" and rel.properties.get("position") is not None:
        yield (
            subject,
            term("schema:position"),
            ox.Literal(str(rel.properties["position"]), datatype=term("xsd:integer")),
        )
    qualified = QUALIFIED.get(rel.type)
    if qualified and rel.properties.get(qualified[1]):
        cls, key = qualified
        digest = hashlib.sha1(end.id.encode("utf-8")).hexdigest()[:12]
        node = iri(f"{rel.start}/{rel.type.lower()}/{digest}")
        yield node, RDF_TYPE, term(cls)
        yield node, term("kg:agent"), subject
        yield node, term("kg:object"), obj
        yield node, term("kg:role"), ox.Literal(str(rel.properties[key]), language="da")


def quads(graph: Graph) -> Iterator[ox.Quad]:
    """Every statement in the named graph of the source that makes it; sources in the default graph."""
    default = ox.DefaultGraph()
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        if node.label == "Source":
            for s, p, o in node_triples(node):
                yield ox.Quad(s, p, o, default)
            named = graph_name(node.id)
            yield ox.Quad(named, term("prov:wasDerivedFrom"), iri(node.id), default)
            continue
        for source in sorted(node.provenance):
            named = graph_name(source)
            for s, p, o in node_triples(node):
                yield ox.Quad(s, p, o, named)
            yield ox.Quad(iri(node.id), term("prov:wasDerivedFrom"), iri(source), named)
    for rel in sorted(graph.relationships.values(), key=lambda r: r.key):
        named = graph_name(rel.source)
        for s, p, o in relationship_triples(graph, rel):
            yield ox.Quad(s, p, o, named)


def triples(graph: Graph) -> Iterator[ox.Triple]:
    """The merged graph: each statement once, however many documents make it."""
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        for s, p, o in node_triples(node):
            yield ox.Triple(s, p, o)
        for source in sorted(node.provenance):
            yield ox.Triple(iri(node.id), term("prov:wasDerivedFrom"), iri(source))
    seen: set[tuple[str, str, str]] = set()
    for rel in sorted(graph.relationships.values(), key=lambda r: r.key):
        key = (rel.start, rel.type, rel.end)
        if key in seen:
            continue
        seen.add(key)
        for s, p, o in relationship_triples(graph, rel):
            yield ox.Triple(s, p, o)


def rebased(graph: Graph, base_iri: str) -> Graph:
    """The same graph with every id moved from the base it was built with to ``base_iri``."""
    source = next((n.id for n in graph.nodes.values() if n.label == "Source"), None)
    if source is None:
        return graph
    old = source[: source.rindex("source/")]
    new = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    if old == new:
        return graph

    def move(node_id: str) -> str:
        return new + node_id[len(old) :] if node_id.startswith(old) else node_id

    result = Graph()
    for node in graph.nodes.values():
        result.nodes[move(node.id)] = Node(
            move(node.id), node.label, dict(node.properties), {move(s): set(v) for s, v in node.provenance.items()}
        )
    for rel in graph.relationships.values():
        moved = Relationship(
            rel.type, move(rel.start), move(rel.end), move(rel.source), dict(rel.properties), set(rel.spans)
        )
        result.relationships[moved.key] = moved
    return result


def export(graph: Graph, path: str | Path, fmt: str, base_iri: str | None = None) -> None:
    """Write ``graph`` to ``path`` in ``fmt`` (ttl, nt, trig, nq, jsonld), atomically."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if base_iri:
        graph = rebased(graph, base_iri)
    prefixes = {k: v for k, v in PREFIXES.items() if k != "sh"}
    with atomic_writer(path, binary=True) as handle:
        if fmt == "jsonld":
            from kommunegraf.stores.jsonld_export import write_jsonld

            write_jsonld(graph, handle)
        else:
            statements = quads(graph) if fmt in QUAD_FORMATS else triples(graph)
            ox.serialize(statements, handle, format=FORMATS[fmt], prefixes=prefixes)
