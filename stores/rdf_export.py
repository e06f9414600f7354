"""RDF export: Turtle, N-Triples, TriG, N-Quads and JSON-LD, with the project's ontology.

Terms come from ``kommunegraf.ontology.mapping``: every node is typed with its
own class and the public classes it aligns to, properties become typed
literals (xsd:date, xsd:time, xsd:integer, xsd:boolean, xsd:dateTime; Danish
text tagged ``@da``), relationships become triples. Beside them the export
states what public vocabularies expect to find without a reasoner (LBLOD's
``besluit:behandelt``, ``geplandeStart``, ``geplandOpenbaar``, treatments and
``eli:title``; ``schema:attendee``; ``org:Membership``; see ``rdf_derived``),
derived from the same facts. LBLOD's classes and terms are stated only of
the records the corpus publishes that hold what LBLOD's publication profile
requires: a meeting known only from another document's "Tidligere
behandling" and its items, or a meeting that states no start time, are
``kg:Meeting`` and ``kg:AgendaItem`` but not ``besluit:Zitting`` and
``besluit:Agendapunt`` (``rdf_lblod_scope.lblod_scope``), in every format.

The triple formats (Turtle, N-Triples, JSON-LD) carry the merged graph:
each fact once, and ``dct:isReferencedBy`` from every node to the documents
that name it (the node is not derived from the file; what is said about it
is). The quad formats (TriG, N-Quads) carry it to the line: what each
document states is in a named graph of its own, ``<base>graph/<sha256>``,
which ``prov:wasDerivedFrom`` its Source (a node mentioned by two documents
is in both graphs), and inside it every statement a document makes is also
a reified ``rdf:Statement`` that ``prov:wasDerivedFrom`` the Source, with
``kg:lines`` (and ``kg:pageLines`` for a PDF) -- the lines of the document
that state it: each relationship, and each node's ``dct:isReferencedBy``
the document (where the document names the node).

Every format is written straight from the graph as text, a subject at a
time (the blocks ``rdf_blocks`` makes), in chunks (bounded memory beside the
graph); the terms' text comes from ``rdf_terms``. SPARQL and the tests get pyoxigraph terms by parsing the
N-Quads/N-Triples text (``quads``, ``triples``), so what is queried is what
is exported. JSON-LD has a writer of its own (``jsonld_export``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kommunegraf.graph.model import Graph, Node, Relationship
from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.atomic import atomic_writer
from kommunegraf.stores.chunks import TextChunks
from kommunegraf.stores.rdf_blocks import document_blocks, merged_blocks
from kommunegraf.stores.rdf_links import SameAs
from kommunegraf.stores.rdf_terms import N_TRIPLES, TURTLE

if TYPE_CHECKING:
    import pyoxigraph as ox

FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")
QUAD_FORMATS = {"trig", "nq"}


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
