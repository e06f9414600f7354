"""What the data says about one resource: the facts its pages show, read generically from the quads.

Nothing here knows the project's terms, which change as the ontology does: a
page shows whatever triples an IRI has. Only these public terms are read for
what they are:

- a label is ``rdfs:label``, ``skos:prefLabel``, ``dct:title`` or ``foaf:name``
  (Danish first); a resource without one is named by its type and the last
  segment of its IRI ("Meeting 2021-11-09");
- ``rdf:subject``/``rdf:predicate``/``rdf:object`` make a reified statement,
  which the page of its subject shows with the lines that state it (TriG and
  N-Quads state every relationship so, in the named graph of its document);
- ``rdf:Statement`` and ``prov:Derivation`` resources have no page of their
  own in the static site: the page of what they qualify shows them.

A resource under another's IRI without a label of its own (``.../derivation/<sha>``,
``.../attended/<hash>``) is a dependent of that one: its page shows the
dependent's facts in place, where a link alone would say nothing. Each fact
keeps the named graphs that hold it, and the page shows what the default graph
says of each graph (the document it was read from).

Kept in one module: a resource's name and its description are made by one
``Describer`` from the labels and types it reads once from the store, and a
description orders its facts by those names; split, each half would reach
into the other's state.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.web.dataset import Dataset
from kommunegraf.stores.web.iri_paths import IriSpace

RDF, RDFS, PROV = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["prov"]
TYPE = RDF + "type"
REIFICATION = {RDF + "subject", RDF + "object"}  # a statement's links to the ends of the fact it states
LABELS = (RDFS + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["dct"] + "title", PREFIXES["foaf"] + "name")
PAGELESS = frozenset({RDF + "Statement", PROV + "Derivation"})
OWN_NAMESPACE = PREFIXES["kg"]  # a type of the project's own ontology names an unlabelled resource best

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
DEFAULT_GRAPH = ""
_HASH = re.compile(r"[0-9a-f]{12,}…?")


@dataclass(frozen=True)
class Fact:
    """One triple seen from the resource: the object of an outgoing one, the subject of an incoming one."""

    predicate: str
    value: Term
    graphs: tuple[str, ...]  # the named graphs that hold it (DEFAULT_GRAPH for the default graph)
    nested: tuple[Fact, ...] = ()  # a dependent resource's own facts


@dataclass(frozen=True)
class Statement:
    """A reified statement about the resource: the fact it states and its other properties (document, lines)."""

    iri: str
    subject: Term | None
    predicate: str | None
    object: Term | None
    graphs: tuple[str, ...]
    details: tuple[Fact, ...]


@dataclass
class Description:
    iri: str
    label: str
    types: tuple[str, ...]
    outgoing: list[Fact] = field(default_factory=list)
    incoming: list[Fact] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    documents: dict[str, list[Fact]] = field(default_factory=dict)  # named graph -> the default graph's facts of it
    triples: list[ox.Triple] = field(default_factory=list)  # all of the above, for the Turtle and JSON-LD documents


_NUMBERS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Numbers compared as numbers: ``item/2`` before ``item/10``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _NUMBERS.split(text) if part)


def graph_of(quad: ox.Quad) -> str:
    name = quad.graph_name
    return DEFAULT_GRAPH if isinstance(name, ox.DefaultGraph) else name.value


def _language_rank(literal: ox.Literal) -> int:
    return {"da": 0, None: 1, "en": 2}.get(literal.language, 3)


def tail(iri: str) -> str:
    """The last segment of an IRI, a long hash cut short."""
    last = re.split(r"[/#]", iri.rstrip("/"))[-1] or iri
    return last if len(last) <= 24 else last[:12] + "…"


class Describer:
    """Descriptions of the resources of one dataset; labels and types are read once, in one pass each."""

    def __init__(self, dataset: Dataset) -> None:
        self.store = dataset.store
        self.space = IriSpace(dataset.base)
        self.labels = self._labels()
        self._names: dict[str, str] = {}  # the names made for resources without a label
        self._curies: dict[str, str] = {}
        self.graph_names = {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}
        self.types: dict[str, tuple[str, ...]] = defaultdict(tuple)
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(TYPE), None):
            if isinstance(quad.object, ox.NamedNode) and quad.object.value not in self.types[quad.subject.value]:
                self.types[quad.subject.value] += (quad.object.value,)

    def _labels(self) -> dict[str, str]:
        best: dict[str, tuple[int, int, str]] = {}
        for rank, predicate in enumerate(LABELS):
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None):
                if isinstance(quad.object, ox.Literal) and quad.object.value.strip():
                    candidate = (rank, _language_rank(quad.object), quad.object.value)
                    if quad.subject.value not in best or candidate < best[quad.subject.value]:
                        best[quad.subject.value] = candidate
        return {iri: value for iri, (_, _, value) in best.items()}

    # -- names -----------------------------------------------------------------

    def curie(self, iri: str) -> str:
        """``dct:title`` for a term of a known vocabulary, else the IRI."""
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def label(self, term: Term | str) -> str:
        """A resource's label; without one, its type and IRI: "Meeting 2021-11-09", and for a hash or a bare type
        under another resource, that one's name: "Attendance · Jette Rau", "Decision · Godkendelse af referat"."""
        if isinstance(term, ox.Literal):
            return term.value
        iri = term if isinstance(term, str) else term.value
        known = self.labels.get(iri) or self._names.get(iri)
        if known is None:
            known = self._names[iri] = self._name(iri)
        return known

    def _name(self, iri: str) -> str:
        if not self.space.contains(iri):
            return self.curie(iri)
        types = self.types.get(iri, ())
        own = [t for t in types if t.startswith(OWN_NAMESPACE)] or sorted(types)
        kind = tail(own[0]) if own else "Graph" if iri in self.graph_names else ""
        last = tail(iri)
        if _HASH.fullmatch(last) or last.casefold() == kind.casefold():
            owner = self._owner(iri)
            if owner:
                return f"{kind or last} · {self.label(owner)}"
        return f"{kind} {last}".strip()

    def _owner(self, iri: str) -> str | None:
        """The nearest resource above ``iri`` in its path."""
        cut = iri.rfind("/")
        while cut > len(self.space.base):
            if iri[:cut] in self.types:
                return iri[:cut]
            cut = iri.rfind("/", 0, cut)
        return None

    def exists(self, iri: str) -> bool:
        """Whether any quad names ``iri``."""
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        return any(True for _ in self.store.quads_for_pattern(node, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, node)
        )

    def has_page(self, iri: str) -> bool:
        """Whether the static site has a page for ``iri`` (the server answers for every IRI it holds)."""
        return self.space.contains(iri) and not PAGELESS.intersection(self.types.get(iri, ()))

    # -- resources -------------------------------------------------------------

    def resources(self) -> list[str]:
        """Every IRI under the base that the data mentions and that has a page of its own, in IRI order."""
        found: set[str] = set()
        for quad in self.store.quads_for_pattern(None, None, None):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode) and term.value not in found and self.space.contains(term.value):
                    found.add(term.value)
        return sorted(iri for iri in found if self.has_page(iri))

    def of_type(self, local_name: str) -> list[str]:
        """The resources with a type of that local name (``Meeting``), whatever its namespace."""
        return [
            iri
            for iri, types in self.types.items()
            if self.space.contains(iri) and any(tail(t) == local_name for t in types)
        ]

    # -- descriptions ----------------------------------------------------------

    def _grouped(self, quads: Iterable[ox.Quad], outgoing: bool) -> dict[tuple[str, Term], list[str]]:
        facts: dict[tuple[str, Term], list[str]] = defaultdict(list)
        for quad in quads:
            facts[(quad.predicate.value, quad.object if outgoing else quad.subject)].append(graph_of(quad))
        return facts

    def _dependent(self, owner: str, term: Term) -> bool:
        if isinstance(term, ox.BlankNode):
            return True
        return isinstance(term, ox.NamedNode) and term.value.startswith(owner + "/") and term.value not in self.labels

    def _own_facts(
        self, node: ox.NamedNode | ox.BlankNode, leave_out: str, triples: set[ox.Triple]
    ) -> tuple[Fact, ...]:
        quads = list(self.store.quads_for_pattern(node, None, None))
        triples.update(quad.triple for quad in quads)
        grouped = self._grouped((q for q in quads if q.object.value != leave_out), outgoing=True)
        return tuple(self._sorted(Fact(p, v, tuple(sorted(set(g)))) for (p, v), g in grouped.items()))

    def _sorted(self, facts: Iterable[Fact]) -> list[Fact]:
        def key(fact: Fact) -> tuple:
            rank = 0 if fact.predicate == TYPE else 1 if fact.predicate in LABELS else 2
            value = fact.value.value if isinstance(fact.value, ox.Literal) else self.label(fact.value).casefold()
            iri = "" if isinstance(fact.value, ox.Literal) else fact.value.value
            return rank, self.curie(fact.predicate), natural_key(iri), natural_key(value)

        return sorted(facts, key=key)

    def _statement(self, node: ox.NamedNode, triples: set[ox.Triple]) -> Statement:
        parts: dict[str, Term] = {}
        details: dict[tuple[str, Term], list[str]] = defaultdict(list)
        graphs: set[str] = set()
        for quad in self.store.quads_for_pattern(node, None, None):
            triples.add(quad.triple)
            graphs.add(graph_of(quad))
            predicate = quad.predicate.value
            if predicate in (RDF + "subject", RDF + "predicate", RDF + "object"):
                parts[predicate[len(RDF) :]] = quad.object
            elif predicate != TYPE:
                details[(predicate, quad.object)].append(graph_of(quad))
        said = parts.get("predicate")
        return Statement(
            node.value,
            parts.get("subject"),
            said.value if isinstance(said, ox.NamedNode) else None,
            parts.get("object"),
            tuple(sorted(graphs)),
            tuple(self._sorted(Fact(p, v, tuple(sorted(set(g)))) for (p, v), g in details.items())),
        )

    def describe(self, iri: str) -> Description | None:
        """Everything the data says of ``iri``; ``None`` when no quad names it."""
        node = ox.NamedNode(iri)
        out_quads = list(self.store.quads_for_pattern(node, None, None))
        in_quads = list(self.store.quads_for_pattern(None, None, node))
        if not out_quads and not in_quads:
            return None
        triples: set[ox.Triple] = {quad.triple for quad in out_quads} | {quad.triple for quad in in_quads}
        described = Description(iri, self.label(iri), self.types.get(iri, ()))
        for (predicate, value), graphs in self._grouped(out_quads, outgoing=True).items():
            nested = self._own_facts(value, iri, triples) if self._dependent(iri, value) else ()
            described.outgoing.append(Fact(predicate, value, tuple(sorted(set(graphs))), nested))
        statements: dict[str, Statement] = {}
        for quad in in_quads:  # the statements of its own facts; the page of each fact's subject shows the others
            if quad.predicate.value == RDF + "subject" and quad.subject.value not in statements:
                statements[quad.subject.value] = self._statement(quad.subject, triples)
        ordinary = (q for q in in_quads if q.predicate.value not in REIFICATION)
        for (predicate, value), graphs in self._grouped(ordinary, outgoing=False).items():
            nested = self._own_facts(value, iri, triples) if self._dependent(iri, value) else ()
            described.incoming.append(Fact(predicate, value, tuple(sorted(set(graphs))), nested))
        described.outgoing = self._sorted(described.outgoing)
        described.incoming = self._sorted(described.incoming)
        described.statements = sorted(statements.values(), key=lambda s: self._statement_key(s, iri))
        named = {g for fact in described.outgoing for g in fact.graphs} | {
            g for statement in described.statements for g in statement.graphs
        }
        for graph in sorted(named - {DEFAULT_GRAPH}, key=lambda g: natural_key(self.label(g))):
            quads = list(self.store.quads_for_pattern(ox.NamedNode(graph), None, None, ox.DefaultGraph()))
            triples.update(quad.triple for quad in quads)
            grouped = self._grouped(quads, outgoing=True)
            described.documents[graph] = self._sorted(Fact(p, v, (DEFAULT_GRAPH,)) for (p, v) in grouped)
        described.triples = sorted(triples, key=str)
        return described

    def _statement_key(self, statement: Statement, iri: str) -> tuple:
        subject_is_it = statement.subject is not None and statement.subject.value == iri
        about = statement.object if subject_is_it else statement.subject
        return (
            not subject_is_it,
            self.curie(statement.predicate or ""),
            natural_key(about.value if about is not None else ""),
            statement.graphs,
        )


def statements_by_graph(statements: Iterable[Statement]) -> Iterator[tuple[str, list[Statement]]]:
    """Statements grouped by the named graph (document) that holds them, in the order given."""
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        for graph in statement.graphs:
            grouped[graph].append(statement)
    yield from grouped.items()
