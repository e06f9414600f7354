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

The statements are produced once, as plain strings (``statements``), and
rendered twice: as N-Triples/N-Quads lines written straight to the file (a
stream, bounded memory; Turtle and TriG are pyoxigraph's rewriting of those
lines), or as pyoxigraph terms for SPARQL (``triples``, ``quads``). JSON-LD has a writer of its own
(``jsonld_export``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kommunegraf.graph.model import Graph, Node, Relationship
from kommunegraf.ontology.mapping import CLASS_OF, KG, PREFIXES, PROPERTY_OF, expand, relationship_term
from kommunegraf.stores.atomic import atomic_writer

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"trig", "nq"}
QUALIFIED = {  # relationship type -> (class, property that holds the relationship's value)
    "ATTENDED": ("kg:Attendance", "role"),
    "PRESENTED": ("kg:Presentation", "role"),
    "WORKS_IN": ("kg:Employment", "title"),
}
RDF_TYPE = expand("rdf:type")
DERIVED_FROM = expand("prov:wasDerivedFrom")
LINES_PER_WRITE = 20_000

Literal = tuple[str, str | None, str | None]  # lexical form, datatype IRI, language
Object = str | Literal  # an IRI, or a literal
Statement = tuple[str, str, Object]


@cache
def _iri(curie: str) -> str:
    return expand(curie)


def literal(label: str, key: str, value: object) -> Literal:
    """The RDF literal of a property value: typed, or tagged @da for Danish text."""
    spec = PROPERTY_OF[(label, key)]
    if spec.danish_text:
        return str(value), None, "da"
    if spec.datatype == "xsd:boolean":
        return ("true" if value else "false"), _iri("xsd:boolean"), None
    if spec.datatype == "xsd:integer":
        return str(int(value)), _iri("xsd:integer"), None
    if spec.datatype == "xsd:time":
        text = str(value)
        return (text if text.count(":") == 2 else f"{text}:00"), _iri("xsd:time"), None
    if spec.datatype == "xsd:date":
        return dt.date.fromisoformat(str(value)).isoformat(), _iri("xsd:date"), None
    if spec.datatype == "xsd:dateTime":
        return str(value).replace("Z", "+00:00"), _iri("xsd:dateTime"), None
    if spec.datatype == "xsd:anyURI":
        return str(value), _iri("xsd:anyURI"), None
    return str(value), None, None


@cache
def _types(label: str) -> tuple[str, ...]:
    spec = CLASS_OF[label]
    return (_iri(spec.term), *(_iri(a) for a in spec.aligned))


@cache
def _predicate(rel_type: str, start_label: str) -> str:
    return _iri(relationship_term(rel_type, start_label).term)


@cache
def _property_predicate(label: str, key: str) -> str:
    return _iri(PROPERTY_OF[(label, key)].term)


def graph_name(source_id: str) -> str:
    """The named graph of a Source: ``.../source/<sha256>`` -> ``.../graph/<sha256>``."""
    head, _, sha = source_id.rpartition("/source/")
    return f"{head}/graph/{sha}"


def node_statements(node: Node) -> Iterator[Statement]:
    for cls in _types(node.label):
        yield node.id, RDF_TYPE, cls
    if node.label == "KLETopic":
        yield node.id, _iri("skos:inScheme"), KG + "KLE"
    for key, value in sorted(node.properties.items()):
        if value is not None:
            yield node.id, _property_predicate(node.label, key), literal(node.label, key, value)


def qualified_iri(rel: Relationship) -> str:
    """The resource of a qualified relation: ``<start>/<type>/<hash of end>``, stable across runs."""
    return f"{rel.start}/{rel.type.lower()}/{hashlib.sha1(rel.end.encode('utf-8')).hexdigest()[:12]}"


def relationship_statements(graph: Graph, rel: Relationship) -> Iterator[Statement]:
    yield rel.start, _predicate(rel.type, graph.nodes[rel.start].label), rel.end
    if rel.type == "ON_AGENDA_OF" and rel.properties.get("position") is not None:
        yield rel.start, _iri("schema:position"), (str(rel.properties["position"]), _iri("xsd:integer"), None)
    qualified = QUALIFIED.get(rel.type)
    if qualified and rel.properties.get(qualified[1]):
        cls, key = qualified
        node = qualified_iri(rel)
        yield node, RDF_TYPE, _iri(cls)
        yield node, _iri("kg:agent"), rel.start
        yield node, _iri("kg:object"), rel.end
        yield node, _iri("kg:role"), (str(rel.properties[key]), None, "da")


def statements(graph: Graph, named_graphs: bool) -> Iterator[tuple[str, str, Object, str | None]]:
    """Every statement with its graph: per source (``named_graphs``), or the merged graph once each."""
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        own = list(node_statements(node))
        if named_graphs and node.label == "Source":
            for s, p, o in own:
                yield s, p, o, None
            yield graph_name(node.id), DERIVED_FROM, node.id, None
        elif named_graphs:
            for source in sorted(node.provenance):
                named = graph_name(source)
                for s, p, o in own:
                    yield s, p, o, named
                yield node.id, DERIVED_FROM, source, named
        else:
            for s, p, o in own:
                yield s, p, o, None
            for source in sorted(node.provenance):
                yield node.id, DERIVED_FROM, source, None
    seen: set[tuple[str, str, str]] = set()
    for rel in sorted(graph.relationships.values(), key=lambda r: r.key):
        if not named_graphs:
            if (rel.start, rel.type, rel.end) in seen:
                continue
            seen.add((rel.start, rel.type, rel.end))
        named = graph_name(rel.source) if named_graphs else None
        for s, p, o in relationship_statements(graph, rel):
            yield s, p, o, named


# -- pyoxigraph terms (Turtle, TriG, SPARQL) ---------------------------------


def _ox_object(value: Object) -> ox.NamedNode | ox.Literal:
    if isinstance(value, str):
        return ox.NamedNode(value)
    lexical, datatype, language = value
    if language:
        return ox.Literal(lexical, language=language)
    return ox.Literal(lexical, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(lexical)


def quads(graph: Graph) -> Iterator[ox.Quad]:
    default = ox.DefaultGraph()
    names: dict[str, ox.NamedNode] = {}
    for s, p, o, g in statements(graph, named_graphs=True):
        named = default if g is None else names.setdefault(g, ox.NamedNode(g))
        yield ox.Quad(ox.NamedNode(s), ox.NamedNode(p), _ox_object(o), named)


def triples(graph: Graph) -> Iterator[ox.Triple]:
    for s, p, o, _ in statements(graph, named_graphs=False):
        yield ox.Triple(ox.NamedNode(s), ox.NamedNode(p), _ox_object(o))


# -- N-Triples and N-Quads, written directly ---------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_object(value: Object) -> str:
    if isinstance(value, str):
        return f"<{value}>"
    lexical, datatype, language = value
    text = f'"{lexical.translate(_ESCAPES)}"'
    if language:
        return f"{text}@{language}"
    return f"{text}^^<{datatype}>" if datatype else text


def write_lines(graph: Graph, handle: IO[bytes], named_graphs: bool) -> None:
    """N-Triples (or N-Quads) lines, written in chunks as they are made."""
    lines: list[str] = []
    for s, p, o, g in statements(graph, named_graphs):
        tail = f" <{g}> .\n" if g else " .\n"
        lines.append(f"<{s}> <{p}> {_nt_object(o)}{tail}")
        if len(lines) >= LINES_PER_WRITE:
            handle.write("".join(lines).encode("utf-8"))
            lines.clear()
    handle.write("".join(lines).encode("utf-8"))


def rebased(graph: Graph, base_iri: str) -> Graph:
    """The same graph with every id moved from the base it was built with to ``base_iri``."""
    source = next((n.id for n in graph.nodes.values() if n.label == "Source"), None)
    if source is None:
        return graph
    old = source[: source.rindex("source/")]
    new = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    ox.NamedNode(new)  # raises ValueError for a base that is not an IRI
    if old == new:
        return graph

    def move(node_id: str) -> str:
        return new + node_id[len(old) :] if node_id.startswith(old) else node_id

    result = Graph()
    for node in graph.nodes.values():
        result.nodes[move(node.id)] = Node(
            move(node.id), node.label, dict(node.properties), {move(s): v for s, v in node.provenance.items()}
        )
    for rel in graph.relationships.values():
        moved = Relationship(
            rel.type, move(rel.start), move(rel.end), move(rel.source), dict(rel.properties), rel.spans
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
        elif fmt in ("nt", "nq"):
            write_lines(graph, handle, named_graphs=fmt == "nq")
        else:
            # N-Triples/N-Quads lines first (fast in Python), then pyoxigraph turns them into Turtle/TriG:
            # about 1.5x quicker than handing it Python term objects, and memory stays bounded.
            named = fmt in QUAD_FORMATS
            with tempfile.TemporaryFile() as lines:
                write_lines(graph, lines, named_graphs=named)
                lines.seek(0)
                parsed = ox.parse(lines, format=ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES)
                ox.serialize(parsed, handle, format=FORMATS[fmt], prefixes=prefixes)
