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
``besluit:Agendapunt`` (``rdf_derived.lblod_scope``), in every format.

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
time, in chunks (bounded memory beside the graph); the terms' text comes
from ``rdf_terms``. SPARQL and the tests get pyoxigraph terms by parsing the
N-Quads/N-Triples text (``quads``, ``triples``), so what is queried is what
is exported. JSON-LD has a writer of its own (``jsonld_export``).
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from collections.abc import Iterator, Set
from operator import attrgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kommunegraf.graph.model import Graph, Node, Relationship, Spans, format_pages, format_spans, page_starts_of
from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.atomic import atomic_writer
from kommunegraf.stores.chunks import TextChunks
from kommunegraf.stores.rdf_derived import Block as Statements
from kommunegraf.stores.rdf_derived import derived, graph_vocabulary, lblod_scope
from kommunegraf.stores.rdf_links import SameAs, links_of
from kommunegraf.stores.rdf_terms import N_TRIPLES, TURTLE, Syntax, quoted

if TYPE_CHECKING:
    import pyoxigraph as ox

FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")
QUAD_FORMATS = {"trig", "nq"}


def graph_name(source_id: str) -> str:
    """The named graph of a Source: ``.../source/<sha256>`` -> ``.../graph/<sha256>``."""
    head, _, sha = source_id.rpartition("/source/")
    return f"{head}/graph/{sha}"


def statement_iri(rel: Relationship, source: str) -> str:
    """The reified statement of one relationship as one document (``source``) states it: stable across runs."""
    digest = hashlib.sha1(f"{rel.type}|{rel.end}|{source}".encode()).hexdigest()[:16]
    return f"{rel.start}/statement/{digest}"


def mention_iri(node_id: str, source_id: str) -> str:
    """The reified statement that a document names a node: ``<node>/mention/<the document's sha256>``."""
    return f"{node_id}/mention/{source_id.rpartition('/')[2]}"


Block = tuple[str, list[str]]  # a subject and its "predicate object" pairs
PageStarts = tuple[int, ...] | None


class _Shared:
    """Resources several facts point to (a job title's org:Role): described once in each graph."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def blocks(self, syntax: Syntax, found: list[Statements]) -> Iterator[Block]:
        for subject, pairs in found:
            if subject not in self.seen:
                self.seen.add(subject)
                yield f"<{subject}>", syntax.pairs(pairs)


def _relationship(
    syntax: Syntax,
    rel: Relationship,
    start: Node,
    described: list[str],
    extra: list[Block],
    shared: _Shared,
    outside: Set[str],
) -> str:
    """Add a relationship to its start node's description, and what the export derives from it (``outside``:
    the records the corpus does not publish); return the relationship's predicate."""
    predicate = syntax.predicate(rel.type, start.label)
    described.append(f"{predicate} <{rel.end}>")
    more = derived(rel, start, outside)
    if more is not None:
        if more.about_start:
            described += syntax.pairs(more.about_start)
        extra += [(f"<{subject}>", syntax.pairs(pairs)) for subject, pairs in more.blocks]
        if more.shared:
            extra += shared.blocks(syntax, more.shared)
    return predicate


def _same_as(syntax: Syntax, node: Node, same_as: SameAs) -> list[str]:
    """``owl:sameAs`` for a municipality linked in the links file (``rdf_links``)."""
    return [f"{syntax.term('owl:sameAs')} <{iri}>" for iri in links_of(node, same_as)]


def _vocabulary(syntax: Syntax, graph: Graph) -> list[Block]:
    return [(f"<{subject}>", syntax.pairs(pairs)) for subject, pairs in graph_vocabulary(graph)]


def merged_blocks(graph: Graph, syntax: Syntax, same_as: SameAs | None = None) -> Iterator[Block]:
    """The merged graph, a subject at a time: each node with its outgoing relationships (each fact once).

    Nodes come in id order with their relationships (``Graph.nodes_with_outgoing``);
    a fact stated by several documents is one relationship, said once. The
    media types and the language the statements point to come first.
    """
    yield from _vocabulary(syntax, graph)
    referenced_by = syntax.referenced_by
    shared = _Shared()
    outside = lblod_scope(graph).outside
    for node, outgoing in graph.nodes_with_outgoing():
        described = syntax.node_description(node, node.id not in outside)
        if same_as:
            described += _same_as(syntax, node, same_as)
        provenance = node.provenance
        if len(provenance) == 1:
            described.append(f"{referenced_by} <{next(iter(provenance))}>")
        else:
            described += [f"{referenced_by} <{source}>" for source in sorted(provenance)]
        extra: list[Block] = []
        for rel in outgoing:
            _relationship(syntax, rel, node, described, extra, shared, outside)
        yield f"<{node.id}>", described
        yield from extra


def document_blocks(
    graph: Graph, syntax: Syntax, same_as: SameAs | None = None
) -> Iterator[tuple[str | None, list[Block]]]:
    """Per document, its named graph: the nodes it mentions and the relationships it states, to the line.

    The default graph (``None``) comes first: the Sources, and each named
    graph ``prov:wasDerivedFrom`` its Source, the media types and language
    the statements point to, and the municipalities' ``owl:sameAs`` links
    (from a links file, not a document). In a document's graph every node it
    mentions is ``dct:isReferencedBy`` the document and every relationship it
    states is there; each of those statements is also a reified
    ``rdf:Statement`` with its lines (``kg:lines``, and ``kg:pageLines`` for a
    PDF), so each fact keeps the lines that state it.
    """
    sources = sorted(node.id for node in graph.of_label("Source"))
    default: list[Block] = []
    for source in sources:
        default.append((f"<{source}>", syntax.node_description(graph.nodes[source])))
        default.append((f"<{graph_name(source)}>", [f"{syntax.derived_from} <{source}>"]))
    default += _vocabulary(syntax, graph)
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
    outside = lblod_scope(graph).outside
    for source in sorted(mentioned.keys() | stated.keys()):
        outgoing: dict[str, list[tuple[Relationship, Spans]]] = defaultdict(list)
        for rel, spans in stated.pop(source, ()):
            outgoing[rel.start].append((rel, spans))
        here = set(mentioned.pop(source, ()))
        page_starts = page_starts_of(graph.nodes.get(source))
        blocks: list[Block] = []
        shared = _Shared()
        for node_id in sorted(here | outgoing.keys()):
            node = graph.nodes[node_id]
            extra: list[Block] = []
            published = node_id not in outside
            described = terms.mentioned(node, published, source, page_starts, extra) if node_id in here else []
            for rel, spans in sorted(outgoing.get(node_id, ()), key=lambda stated: (stated[0].type, stated[0].end)):
                predicate = _relationship(syntax, rel, node, described, extra, shared, outside)
                extra.append(terms.stated(rel, source, spans, predicate, page_starts))
            blocks.append((f"<{node_id}>", described))
            blocks.extend(extra)
        yield f"<{graph_name(source)}>", blocks


class _ProvenanceTerms:
    """The terms of line provenance in one syntax."""

    def __init__(self, syntax: Syntax) -> None:
        self.syntax = syntax
        self.statement = f"{syntax.type} {syntax.term('rdf:Statement')}"
        self.subject = syntax.term("rdf:subject")
        self.predicate = syntax.term("rdf:predicate")
        self.object = syntax.term("rdf:object")
        self._lines_term = syntax.term("kg:lines") + " "
        self._pages_term = syntax.term("kg:pageLines") + " "

    def mentioned(
        self, node: Node, published: bool, source: str, page_starts: PageStarts, extra: list[Block]
    ) -> list[str]:
        """A node's description in a document's graph, and (into ``extra``) where the document names it."""
        syntax = self.syntax
        described = syntax.node_description(node, published)
        described.append(f"{syntax.referenced_by} <{source}>")
        said = self._said(node.id, syntax.referenced_by, source, source)
        extra.append((f"<{mention_iri(node.id, source)}>", self._lines(said, node.provenance[source], page_starts)))
        return described

    def stated(self, rel: Relationship, source: str, spans: Spans, predicate: str, page_starts: PageStarts) -> Block:
        """A relationship as a reified statement of one document, with the lines that state it."""
        said = self._said(rel.start, predicate, rel.end, source)
        return f"<{statement_iri(rel, source)}>", self._lines(said, spans, page_starts)

    def _said(self, subject: str, predicate: str, obj: str, source: str) -> list[str]:
        return [
            self.statement,
            f"{self.subject} <{subject}>",
            f"{self.predicate} {predicate}",
            f"{self.object} <{obj}>",
            f"{self.syntax.derived_from} <{source}>",
        ]

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
