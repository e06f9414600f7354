"""What the RDF export states beside the graph's own facts, so that tools without a reasoner find the public terms.

The graph holds each fact once, in the project's terms; LBLOD, W3C ORG and
schema.org tools look for their own terms and reason about none. So the
export also states, from the same facts and from nothing else:

- a node's values in a public form: a meeting's ``besluit:geplandeStart``
  (its date and printed start time as an ``xsd:dateTime`` in Danish time,
  where both are known) and an item's ``besluit:geplandOpenbaar`` (not
  Lukket, where the minutes say which);
- a relationship's public terms, as ``ontology.mapping`` declares them: its
  public superproperties (``dct:relation``, ``dct:subject``,
  ``org:memberOf``) and inverse (``schema:attendee`` from a meeting to a
  participant), and between published records LBLOD's
  (``besluit:isGehoudenDoor``, ``besluit:behandelt`` from a meeting to its
  item, ``dct:references`` from an item to an earlier one);
- LBLOD's treatment of an item with a decision
  (``besluit:BehandelingVanAgendapunt``: ``dct:subject`` the item,
  ``prov:generated`` the decision, ``besluit:openbaar``), and the decision's
  ``eli:title`` (its item's title) and ``eli:language`` (Danish, the
  language its text is in);
- the values a relationship carries, as qualified relations: ``kg:Attendance``
  and ``kg:Presentation`` with the role printed beside the name, and an
  ``org:Membership`` whose ``org:role`` is an ``org:Role`` for a job title;
- the IRIs outside the graph that its statements point to, typed: media
  types (``dct:MediaType``) and the Danish language (``skos:Concept``, as in
  the EU's language table).

LBLOD's terms of meetings and items are stated only of records that the
corpus publishes and that hold what LBLOD's publication profile requires
(``ontology.mapping``'s ``published`` terms): ``rdf_lblod_scope`` finds the
others, which ``derived`` is given as ``outside``.

Statements are data here (``Pair``, ``Block``); ``rdf_terms`` writes them in
N-Triples or Turtle and ``jsonld_export`` in JSON-LD, so every format says
the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from kommunegraf.ontology.mapping import (
    CLASS_OF,
    DANISH,
    MEDIA_TYPES,
    RELATIONSHIP_TERMS,
    relationship_term,
)
from kommunegraf.text import slug

if TYPE_CHECKING:
    from kommunegraf.graph.model import Graph, Node, Relationship

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True, slots=True)
class Literal:
    lexical: str
    datatype: str = "xsd:string"  # a CURIE; ignored where ``language`` is set
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Term:
    """A term of the vocabulary as an object (the class of an ``rdf:type``)."""

    curie: str


Object = str | Term | Literal  # a str is an IRI
Pair = tuple[str, Object]  # a predicate (CURIE) and its object
Block = tuple[str, list[Pair]]  # a subject IRI and what is stated about it


@dataclass(slots=True)
class Derived:
    """What one relationship adds to the export."""

    about_start: list[Pair] = field(default_factory=list)  # more about the relationship's start node
    blocks: list[Block] = field(default_factory=list)  # about other resources, this fact's alone
    shared: list[Block] = field(default_factory=list)  # about resources several facts share (a role): state once


@cache
def classes(label: str, published: bool) -> tuple[str, ...]:
    """The classes a node of ``label`` is typed with: its own, the public ones it aligns to and, where the corpus
    publishes the node, the public classes of a published record."""
    spec = CLASS_OF[label]
    return (spec.term, *spec.aligned, *(spec.published if published else ()))


def planned_start(date: object, time: object) -> str | None:
    """A date and a printed start time as an ``xsd:dateTime`` in Danish time, with the offset in force that day.

    ("2021-11-09", "13:00") -> "2021-11-09T13:00:00+01:00"; in summer time +02:00. None where either is
    missing or not a real date or time of day.
    """
    if date is None or time is None:
        return None
    try:
        day = dt.date.fromisoformat(str(date))
        clock = dt.time.fromisoformat(str(time))
    except ValueError:
        return None
    return dt.datetime.combine(day, clock, COPENHAGEN).isoformat()


def _boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", "xsd:boolean")


def _meeting_values(properties: dict[str, Any]) -> list[Pair]:
    start = planned_start(properties.get("date"), properties.get("start_time"))
    return [("besluit:geplandeStart", Literal(start, "xsd:dateTime"))] if start else []


def _item_values(properties: dict[str, Any]) -> list[Pair]:
    closed = properties.get("closed")
    return [] if closed is None else [("besluit:geplandOpenbaar", _boolean(not closed))]


# label -> the values the export derives from a published node's own properties (ontology.mapping.DERIVED_VALUES
# names them; all are LBLOD's, so a record the corpus does not publish has none)
NODE_VALUES: dict[str, Callable[[dict[str, Any]], list[Pair]]] = {
    "Meeting": _meeting_values,
    "AgendaItem": _item_values,
}


def node_values(label: str, properties: dict[str, Any], published: bool) -> list[Pair]:
    """The values the export derives from a node's own properties (none for a record the corpus does not publish)."""
    derive = NODE_VALUES.get(label) if published else None
    return derive(properties) if derive is not None else []


def qualified_iri(rel: Relationship) -> str:
    """The resource of a qualified relation: ``<start>/<type>/<hash of end>``, stable across runs."""
    return f"{rel.start}/{rel.type.lower()}/{hashlib.sha1(rel.end.encode('utf-8')).hexdigest()[:12]}"


def treatment_iri(item: str) -> str:
    """LBLOD's treatment of an item (besluit:BehandelingVanAgendapunt): one per item, as its decision is."""
    return f"{item}/treatment"


def role_iri(unit: str, title: str) -> str:
    """A job title as an ``org:Role`` of the unit's municipality: ``<municipality>/role/<slug of the title>``."""
    municipality, found, _ = unit.rpartition("/orgunit/")
    return f"{municipality if found else unit}/role/{slug(title)}"


def _danish(text: object) -> Literal:
    return Literal(str(text), language="da")


def _qualified(rel: Relationship, cls: str, key: str) -> list[Block]:
    value = rel.properties.get(key)
    if not value:
        return []
    pairs: list[Pair] = [("rdf:type", Term(cls)), ("kg:agent", rel.start), ("kg:object", rel.end)]
    return [(qualified_iri(rel), [*pairs, ("kg:role", _danish(value))])]


def _membership(rel: Relationship, derived: Derived) -> None:
    title = rel.properties.get("title")
    if not title:
        return
    role = role_iri(rel.end, str(title))
    derived.blocks.append(
        (
            qualified_iri(rel),
            [
                ("rdf:type", Term("org:Membership")),
                ("org:member", rel.start),
                ("org:organization", rel.end),
                ("org:role", role),
            ],
        )
    )
    derived.shared.append((role, [("rdf:type", Term("org:Role")), ("skos:prefLabel", _danish(title))]))


def _treatment(rel: Relationship, item: Node, derived: Derived) -> None:
    treatment: list[Pair] = [
        ("rdf:type", Term("besluit:BehandelingVanAgendapunt")),
        ("dct:subject", rel.start),
        ("prov:generated", rel.end),
    ]
    closed = item.properties.get("closed")
    if closed is not None:
        treatment.append(("besluit:openbaar", _boolean(not closed)))
    derived.blocks.append((treatment_iri(rel.start), treatment))


def _decision(rel: Relationship, item: Node, derived: Derived) -> None:
    """Every decision is a ``besluit:Besluit``: its ``eli:title`` is its item's, its language Danish."""
    decision: list[Pair] = [("eli:language", DANISH)]
    title = item.properties.get("title")
    if title:
        decision.insert(0, ("eli:title", _danish(title)))
    derived.blocks.append((rel.end, decision))


@dataclass(frozen=True, slots=True)
class _PublicTerms:
    aligned: tuple[str, ...]  # stated of every fact
    inverse: str | None
    published: tuple[str, ...]  # stated where both ends are published
    published_inverse: str | None


@cache
def _public_terms(rel_type: str, start_label: str) -> _PublicTerms:
    term = relationship_term(rel_type, start_label)
    return _PublicTerms(term.aligned, term.inverse_of, term.published, term.published_inverse)


DERIVES = frozenset(  # the relationship types that add statements; every other type is its one triple
    {"ON_AGENDA_OF", "HAS_DECISION", "ATTENDED", "PRESENTED", "WORKS_IN"}
    | {t.type for t in RELATIONSHIP_TERMS if t.aligned or t.inverse_of or t.published or t.published_inverse}
)


def derived(rel: Relationship, start: Node, outside: Set[str] = frozenset()) -> Derived | None:
    """What the export states for the fact ``rel`` (from ``start``) beside its own triple; None for most facts.

    ``outside`` holds the records no LBLOD term is said of (``rdf_lblod_scope.lblod_scope``).
    """
    if rel.type not in DERIVES:
        return None
    out = Derived()
    terms = _public_terms(rel.type, start.label)
    out.about_start += [(term, rel.end) for term in terms.aligned]
    if terms.inverse:
        out.blocks.append((rel.end, [(terms.inverse, rel.start)]))
    published = rel.start not in outside and rel.end not in outside
    if published:
        out.about_start += [(term, rel.end) for term in terms.published]
        if terms.published_inverse:
            out.blocks.append((rel.end, [(terms.published_inverse, rel.start)]))
    kind = rel.type
    if kind == "ON_AGENDA_OF" and rel.properties.get("position") is not None:
        out.about_start.append(("schema:position", Literal(str(int(rel.properties["position"])), "xsd:integer")))
    elif kind == "HAS_DECISION":
        _decision(rel, start, out)
        if published:
            _treatment(rel, start, out)
    elif kind == "ATTENDED":
        out.blocks += _qualified(rel, "kg:Attendance", "role")
    elif kind == "PRESENTED":
        out.blocks += _qualified(rel, "kg:Presentation", "role")
    elif kind == "WORKS_IN":
        _membership(rel, out)
    return out


def vocabulary(nodes: Iterable[Node]) -> list[Block]:
    """The IRIs outside the graph that the export's statements point to, typed: media types and the language."""
    media_types: set[str] = set()
    decisions = False
    for node in nodes:
        if node.label == "Source" and node.properties.get("media_type"):
            media_types.add(str(node.properties["media_type"]))
        elif node.label == "Decision":
            decisions = True
    blocks: list[Block] = [
        (MEDIA_TYPES + media, [("rdf:type", Term("dct:MediaType"))]) for media in sorted(media_types)
    ]
    if decisions:
        blocks.append((DANISH, [("rdf:type", Term("skos:Concept"))]))
    return blocks


def graph_vocabulary(graph: Graph) -> list[Block]:
    return vocabulary(graph.nodes.values())
