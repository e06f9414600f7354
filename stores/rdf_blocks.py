"""What the RDF export states, a subject at a time, before any syntax writes it: the merged graph's blocks and,
per document, its named graph's.

The merged graph (the triple formats) has each fact once, and
``dct:isReferencedBy`` from every node to the documents that name it (the
node is not derived from the file; what is said about it is). A document's
named graph (the quad formats), ``<base>graph/<sha256>``, which
``prov:wasDerivedFrom`` its Source, holds the nodes the document mentions
(a node mentioned by two documents is in both graphs) and the relationships
it states, and each of those statements is also a reified ``rdf:Statement``
that ``prov:wasDerivedFrom`` the Source, with ``kg:lines`` (and
``kg:pageLines`` for a PDF): the lines of the document that state it.

Beside the graph's own facts each block holds what ``rdf_derived`` derives
from them, LBLOD's terms only for the records ``rdf_lblod_scope.lblod_scope``
leaves in. The terms' text is the ``Syntax``'s (``rdf_terms``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Set
from operator import attrgetter

from kommunegraf.graph.model import Graph, Node, Relationship, page_starts_of
from kommunegraf.graph.spans import Spans, format_pages, format_spans
from kommunegraf.stores.rdf_derived import Block as Statements
from kommunegraf.stores.rdf_derived import derived, graph_vocabulary
from kommunegraf.stores.rdf_lblod_scope import lblod_scope
from kommunegraf.stores.rdf_links import SameAs, links_of
from kommunegraf.stores.rdf_terms import Syntax, quoted


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
