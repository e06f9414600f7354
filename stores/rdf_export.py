"""RDF export: Turtle, N-Triples, TriG, N-Quads and JSON-LD, with the project's ontology.

Terms come from ``kommunegraf.ontology.mapping``: every node is typed with its
own class and the public classes it aligns to, properties become typed
literals (xsd:date, xsd:time, xsd:integer, xsd:boolean, xsd:dateTime; Danish
text tagged ``@da``), relationships become triples.

The triple formats (Turtle, N-Triples, JSON-LD) carry the merged graph:
each fact once, and ``prov:wasDerivedFrom`` from every node to the documents
that mention it. The quad formats (TriG, N-Quads) carry it to the line: what
each document states is in a named graph of its own, ``<base>graph/<sha256>``,
which ``prov:wasDerivedFrom`` its Source (a node mentioned by two documents
is in both graphs), and inside it every node has a ``prov:qualifiedDerivation``
and every relationship a reified ``rdf:Statement``, each with ``kg:lines``
(and ``kg:pageLines`` for a PDF) -- the lines of the document that state it.

Relationship properties (a participant's role, a presenter's role, a job
title) are qualified relations: a resource ``<person>/attended/<hash>`` of
class kg:Attendance (kg:Presentation, kg:Employment) with kg:agent,
kg:object and kg:role.

Every format is written straight from the graph as text, a subject at a
time, in chunks (bounded memory beside the graph); the terms' text comes
from ``rdf_terms``. SPARQL and the tests get pyoxigraph terms by parsing the
N-Quads/N-Triples text (``quads``, ``triples``), so what is queried is what
is exported. JSON-LD has a writer of its own (``jsonld_export``).
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kommunegraf.graph.model import Graph, Node, Relationship, Spans, format_pages, format_spans, page_starts_of
from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.atomic import atomic_writer
from kommunegraf.stores.chunks import TextChunks
from kommunegraf.stores.rdf_links import SameAs, links_of
from kommunegraf.stores.rdf_terms import N_TRIPLES, TURTLE, Syntax, quoted

if TYPE_CHECKING:
    import pyoxigraph as ox

FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")
QUAD_FORMATS = {"trig", "nq"}
QUALIFIED = {  # relationship type -> (class, property that holds the relationship's value)
    "ATTENDED": ("kg:Attendance", "role"),
    "PRESENTED": ("kg:Presentation", "role"),
    "WORKS_IN": ("kg:Employment", "title"),
}


def graph_name(source_id: str) -> str:
    """The named graph of a Source: ``.../source/<sha256>`` -> ``.../graph/<sha256>``."""
    head, _, sha = source_id.rpartition("/source/")
    return f"{head}/graph/{sha}"


def qualified_iri(rel: Relationship) -> str:
    """The resource of a qualified relation: ``<start>/<type>/<hash of end>``, stable across runs."""
    return f"{rel.start}/{rel.type.lower()}/{hashlib.sha1(rel.end.encode('utf-8')).hexdigest()[:12]}"


def statement_iri(rel: Relationship, source: str) -> str:
    """The reified statement of one relationship as one document (``source``) states it: stable across runs."""
    digest = hashlib.sha1(f"{rel.type}|{rel.end}|{source}".encode()).hexdigest()[:16]
    return f"{rel.start}/statement/{digest}"


def derivation_iri(node_id: str, source_id: str) -> str:
    """Where one document mentions a node: ``<node>/derivation/<the document's sha256>``."""
    return f"{node_id}/derivation/{source_id.rpartition('/')[2]}"


Block = tuple[str, list[str]]  # a subject and its "predicate object" pairs
PageStarts = tuple[int, ...] | None


def _relationship(syntax: Syntax, rel: Relationship, start_label: str, described: list[str], extra: list[Block]) -> str:
    """Add a relationship to its start node's description (and its qualified relation); return the predicate."""
    predicate = syntax.predicate(rel.type, start_label)
    described.append(f"{predicate} <{rel.end}>")
    properties = rel.properties
    if properties:
        if rel.type == "ON_AGENDA_OF" and properties.get("position") is not None:
            described.append(f"{syntax.term('schema:position')} {syntax.integer(properties['position'])}")
        qualified = QUALIFIED.get(rel.type)
        if qualified and properties.get(qualified[1]):
            cls, key = qualified
            extra.append(
                (
                    f"<{qualified_iri(rel)}>",
                    [
                        f"{syntax.type} {syntax.term(cls)}",
                        f"{syntax.term('kg:agent')} <{rel.start}>",
                        f"{syntax.term('kg:object')} <{rel.end}>",
                        f"{syntax.term('kg:role')} {syntax.danish(str(properties[key]))}",
                    ],
                )
            )
    return predicate


def _same_as(syntax: Syntax, node: Node, same_as: SameAs) -> list[str]:
    """``owl:sameAs`` for a municipality linked in the links file (``rdf_links``)."""
    return [f"{syntax.term('owl:sameAs')} <{iri}>" for iri in links_of(node, same_as)]


def merged_blocks(graph: Graph, syntax: Syntax, same_as: SameAs | None = None) -> Iterator[Block]:
    """The merged graph, a subject at a time: each node with its outgoing relationships (each fact once).

    Nodes come in id order with their relationships (``Graph.nodes_with_outgoing``);
    a fact stated by several documents is one relationship, said once.
    """
    derived = syntax.derived_from
    for node, outgoing in graph.nodes_with_outgoing():
        described = syntax.node_description(node)
        if same_as:
            described += _same_as(syntax, node, same_as)
        provenance = node.provenance
        if len(provenance) == 1:
            described.append(f"{derived} <{next(iter(provenance))}>")
        else:
            described += [f"{derived} <{source}>" for source in sorted(provenance)]
        extra: list[Block] = []
        for rel in outgoing:
            if rel.properties:
                _relationship(syntax, rel, node.label, described, extra)
            else:
                described.append(f"{syntax.predicate(rel.type, node.label)} <{rel.end}>")
        yield f"<{node.id}>", described
        yield from extra


def document_blocks(
    graph: Graph, syntax: Syntax, same_as: SameAs | None = None
) -> Iterator[tuple[str | None, list[Block]]]:
    """Per document, its named graph: the nodes it mentions and the relationships it states, to the line.

    The default graph (``None``) comes first: the Sources, and each named
    graph ``prov:wasDerivedFrom`` its Source, and the municipalities'
    ``owl:sameAs`` links (from a links file, not a document). In a document's graph every
    node it mentions has a ``prov:qualifiedDerivation`` with the lines
    (``kg:lines``, and ``kg:pageLines`` for a PDF) and every relationship
    is also a reified ``rdf:Statement`` with its lines, so each fact keeps
    the lines that state it.
    """
    derived = syntax.derived_from
    sources = sorted(node.id for node in graph.of_label("Source"))
    default: list[Block] = []
    for source in sources:
        default.append((f"<{source}>", syntax.node_description(graph.nodes[source])))
        default.append((f"<{graph_name(source)}>", [f"{derived} <{source}>"]))
    if same_as:
        for node in sorted(graph.of_label("Municipality"), key=attrgetter("id")):
            if links := _same_as(syntax, node, same_as):
                default.append((f"<{node.id}>", links))
    yield None, default
    mentioned: dict[str, list[str]] = defaultdict(list)
    for node in graph.nodes.values():
        for source in node.provenance:
            mentioned[source].append(node.id)
    stated: dict[str, list[tuple[Relationship, Spans]]] = defaultdict(list)
    for rel in graph.relationships.values():
        for source, spans in rel.statements():
            stated[source].append((rel, spans))
    terms = _ProvenanceTerms(syntax)
    for source in sorted(mentioned.keys() | stated.keys()):
        outgoing: dict[str, list[tuple[Relationship, Spans]]] = defaultdict(list)
        for rel, spans in stated.pop(source, ()):
            outgoing[rel.start].append((rel, spans))
        here = set(mentioned.pop(source, ()))
        page_starts = page_starts_of(graph.nodes.get(source))
        blocks: list[Block] = []
        for node_id in sorted(here | outgoing.keys()):
            node = graph.nodes[node_id]
            extra: list[Block] = []
            described = terms.mentioned(node, source, page_starts, extra) if node_id in here else []
            for rel, spans in sorted(outgoing.get(node_id, ()), key=lambda stated: (stated[0].type, stated[0].end)):
                predicate = _relationship(syntax, rel, node.label, described, extra)
                extra.append(terms.stated(rel, source, spans, predicate, page_starts))
            blocks.append((f"<{node_id}>", described))
            blocks.extend(extra)
        yield f"<{graph_name(source)}>", blocks


class _ProvenanceTerms:
    """The terms of line provenance in one syntax."""

    def __init__(self, syntax: Syntax) -> None:
        self.syntax = syntax
        self.qualified_derivation = syntax.term("prov:qualifiedDerivation")
        self.derivation = f"{syntax.type} {syntax.term('prov:Derivation')}"
        self.entity = syntax.term("prov:entity")
        self.statement = f"{syntax.type} {syntax.term('rdf:Statement')}"
        self.subject = syntax.term("rdf:subject")
        self.predicate = syntax.term("rdf:predicate")
        self.object = syntax.term("rdf:object")
        self._lines_term = syntax.term("kg:lines") + " "
        self._pages_term = syntax.term("kg:pageLines") + " "

    def mentioned(self, node: Node, source: str, page_starts: PageStarts, extra: list[Block]) -> list[str]:
        """A node's description in a document's graph, and (into ``extra``) where the document mentions it."""
        syntax = self.syntax
        derivation = derivation_iri(node.id, source)
        described = syntax.node_description(node)
        described.append(f"{syntax.derived_from} <{source}>")
        described.append(f"{self.qualified_derivation} <{derivation}>")
        where = [self.derivation, f"{self.entity} <{source}>"]
        extra.append((f"<{derivation}>", self._lines(where, node.provenance[source], page_starts)))
        return described

    def stated(self, rel: Relationship, source: str, spans: Spans, predicate: str, page_starts: PageStarts) -> Block:
        """A relationship as a reified statement of one document, with the lines that state it."""
        said = [
            self.statement,
            f"{self.subject} <{rel.start}>",
            f"{self.predicate} {predicate}",
            f"{self.object} <{rel.end}>",
            f"{self.syntax.derived_from} <{source}>",
        ]
        return f"<{statement_iri(rel, source)}>", self._lines(said, spans, page_starts)

    def _lines(self, described: list[str], spans: Spans, page_starts: PageStarts) -> list[str]:
        described.append(self._lines_term + quoted(format_spans(spans)))
        if page_starts:
            described.append(self._pages_term + quoted(format_pages(spans, page_starts)))
        return described


# -- writers -----------------------------------------------------------------


def write_ntriples(graph: Graph, handle: IO[bytes], same_as: SameAs | None = None) -> None:
    with TextChunks(handle) as out:
        for subject, described in merged_blocks(graph, N_TRIPLES, same_as):
            if described:  # "s p1 o1 .\ns p2 o2 .\n": one join per subject
                out.add(subject + " " + (" .\n" + subject + " ").join(described) + " .\n")


def write_nquads(graph: Graph, handle: IO[bytes], same_as: SameAs | None = None) -> None:
    with TextChunks(handle) as out:
        for name, blocks in document_blocks(graph, N_TRIPLES, same_as):
            tail = f" {name} .\n" if name else " .\n"
            for subject, described in blocks:
                if described:
                    out.add(f"{subject} {(tail + subject + ' ').join(described)}{tail}")


def _turtle_block(subject: str, described: list[str]) -> str:
    return subject + " " + " ;\n    ".join(described) + " .\n\n"


def _prefixes() -> str:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items() if name != "sh") + "\n"


def write_turtle(graph: Graph, handle: IO[bytes], same_as: SameAs | None = None) -> None:
    with TextChunks(handle) as out:
        out.add(_prefixes())
        for subject, described in merged_blocks(graph, TURTLE, same_as):
            if described:
                out.add(_turtle_block(subject, described))


def write_trig(graph: Graph, handle: IO[bytes], same_as: SameAs | None = None) -> None:
    with TextChunks(handle) as out:
        out.add(_prefixes())
        for name, blocks in document_blocks(graph, TURTLE, same_as):
            if name:
                out.add(f"\n{name} {{\n")
            for subject, described in blocks:
                if described:
                    out.add(_turtle_block(subject, described))
            if name:
                out.add("}\n")


TEXT_WRITERS = {"nt": write_ntriples, "nq": write_nquads, "ttl": write_turtle, "trig": write_trig}


# -- pyoxigraph terms (SPARQL, tests) ------------------------------------------


def serialized(graph: Graph, named_graphs: bool) -> bytes:
    """The N-Quads (``named_graphs``) or N-Triples export, in memory."""
    buffer = io.BytesIO()
    (write_nquads if named_graphs else write_ntriples)(graph, buffer)
    return buffer.getvalue()


def _parsed(graph: Graph, named_graphs: bool) -> Iterator[ox.Triple | ox.Quad]:
    import pyoxigraph as ox  # imported when used: 9 MB that writing files does not need

    data = serialized(graph, named_graphs)
    return ox.parse(data, format=ox.RdfFormat.N_QUADS if named_graphs else ox.RdfFormat.N_TRIPLES)


def quads(graph: Graph) -> Iterator[ox.Quad]:
    """Every statement of the quad export (one named graph per document), as pyoxigraph terms."""
    return _parsed(graph, named_graphs=True)  # type: ignore[return-value]


def triples(graph: Graph) -> Iterator[ox.Triple]:
    """Every statement of the merged graph, as pyoxigraph terms."""
    return _parsed(graph, named_graphs=False)  # type: ignore[return-value]


def rebased(graph: Graph, base_iri: str) -> Graph:
    """The same graph with every id moved from the base it was built with to ``base_iri``."""
    source = next((n.id for n in graph.nodes.values() if n.label == "Source"), None)
    if source is None:
        return graph
    old = source[: source.rindex("source/")]
    new = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    import pyoxigraph as ox

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
        more = {move(source): spans for source, spans in rel.more.items()} if rel.more else None
        moved = Relationship(
            rel.type, move(rel.start), move(rel.end), move(rel.source), dict(rel.properties), rel.spans, more
        )
        result.relationships[moved.key] = moved
    return result


def export(
    graph: Graph, path: str | Path, fmt: str, base_iri: str | None = None, same_as: SameAs | None = None
) -> None:
    """Write ``graph`` to ``path`` in ``fmt`` (ttl, nt, trig, nq, jsonld), atomically.

    ``same_as`` (``rdf_links.read_same_as``) links municipalities to other datasets with ``owl:sameAs``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if base_iri:
        graph = rebased(graph, base_iri)
    with atomic_writer(path, binary=True) as handle:
        if fmt == "jsonld":
            from kommunegraf.stores.jsonld_export import write_jsonld

            write_jsonld(graph, handle, same_as)
        else:
            TEXT_WRITERS[fmt](graph, handle, same_as)
