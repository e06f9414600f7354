"""JSON-LD written as a stream: one object per node, compacted with the published context.

The context is ``ontology/context.jsonld`` (``kommunegraf.ontology.jsonld_context.context``);
a node's properties and outgoing relationships use its short terms, so the
output reads like plain JSON and expands to exactly the triples of the
Turtle and N-Triples exports, those the export derives (``rdf_derived``)
included: a derived statement uses the context's short term where its
coercion writes the value as is, else the prefixed term with an explicit
value object. A record the corpus does not publish has no LBLOD class or
term here either (``rdf_lblod_scope.lblod_scope``). Memory stays bounded: one
node object at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Set
from functools import cache
from typing import IO, Any

from kommunegraf.graph.model import Graph, Node, Relationship
from kommunegraf.ontology.jsonld_context import context
from kommunegraf.ontology.mapping import KG, PROPERTY_OF, relationship_term
from kommunegraf.stores.rdf_derived import (
    Block,
    Literal,
    Object,
    Pair,
    Term,
    classes,
    derived,
    graph_vocabulary,
    node_values,
)
from kommunegraf.stores.rdf_lblod_scope import lblod_scope
from kommunegraf.stores.rdf_links import SameAs, links_of
from kommunegraf.stores.rdf_terms import lexical_form

Terms = dict[str, tuple[str, dict[str, str]]]  # prefixed IRI -> the context's short name for it and its definition


def _short_names(terms: dict[str, Any]) -> Terms:
    """Prefixed IRI -> the context's short name for it, with the name's definition."""
    return {entry["@id"]: (name, entry) for name, entry in terms.items() if isinstance(entry, dict)}


@cache
def _lexical(label: str, key: str) -> Callable[[object], str]:
    """The lexical form the context's type coercion turns into the same literal as the RDF export."""
    return lexical_form(PROPERTY_OF[(label, key)])


def _compact(predicate: str, value: Object, terms: Terms) -> tuple[str, Any]:
    """A derived statement's key and value: the short term where its coercion fits the value, else explicit."""
    name, entry = terms.get(predicate, (predicate, {}))
    if isinstance(value, str):
        return (name, value) if entry.get("@type") == "@id" else (predicate, {"@id": value})
    if isinstance(value, Term):
        return (name, value.curie) if entry.get("@type") == "@id" else (predicate, {"@id": value.curie})
    return _compact_literal(predicate, value, name, entry)


def _compact_literal(predicate: str, value: Literal, name: str, entry: dict[str, str]) -> tuple[str, Any]:
    if value.language:
        if entry.get("@language") == value.language:
            return name, value.lexical
        return predicate, {"@value": value.lexical, "@language": value.language}
    if entry.get("@type") == value.datatype or (value.datatype == "xsd:string" and entry and len(entry) == 1):
        return name, value.lexical
    return predicate, {"@value": value.lexical, "@type": value.datatype}


def _put(obj: dict[str, Any], pairs: list[Pair], terms: Terms) -> dict[str, Any]:
    for predicate, value in pairs:
        if predicate == "rdf:type" and isinstance(value, Term):
            obj.setdefault("@type", []).append(value.curie)
            continue
        key, compacted = _compact(predicate, value, terms)
        found = obj.get(key)
        if found is None:
            obj[key] = compacted
        elif isinstance(found, list):
            found.append(compacted)
        else:
            obj[key] = [found, compacted]
    return obj


def _node_object(
    node: Node, out: list[Relationship], terms: Terms, extra: list[Block], shared: set[str], outside: Set[str]
) -> dict:
    obj: dict[str, Any] = {"@id": node.id, "@type": list(classes(node.label, node.id not in outside))}
    if node.label == "KLETopic":
        obj["inScheme"] = KG + "KLE"
    for key, value in sorted(node.properties.items()):
        if value is not None:
            obj[terms[PROPERTY_OF[(node.label, key)].term][0]] = _lexical(node.label, key)(value)
    if node.provenance:
        obj[terms[relationship_term("FROM_SOURCE", "*").term][0]] = sorted(node.provenance)
    about: list[Pair] = []
    for rel in out:
        obj.setdefault(terms[relationship_term(rel.type, node.label).term][0], []).append(rel.end)
        more = derived(rel, node, outside)
        if more is not None:
            about += more.about_start
            extra += more.blocks
            for subject, pairs in more.shared:
                if subject not in shared:
                    shared.add(subject)
                    extra.append((subject, pairs))
    return _put(obj, about, terms)


def _write(handle: IO[bytes], obj: dict[str, Any], first: bool) -> None:
    handle.write((b"\n" if first else b",\n") + json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def write_jsonld(graph: Graph, handle: IO[bytes], same_as: SameAs | None = None) -> None:
    """The merged graph as JSON-LD: the same statements as the Turtle and N-Triples exports."""
    definitions = context()["@context"]
    terms = _short_names(definitions)
    handle.write(b'{"@context": ' + json.dumps(definitions, ensure_ascii=False).encode("utf-8") + b',\n"@graph": [')
    first = True
    for subject, pairs in graph_vocabulary(graph):
        _write(handle, _put({"@id": subject}, pairs, terms), first)
        first = False
    shared: set[str] = set()
    outside = lblod_scope(graph).outside
    for node, rels in graph.nodes_with_outgoing():
        extra: list[Block] = []
        main = _node_object(node, rels, terms, extra, shared, outside)
        if values := node_values(node.label, node.properties, node.id not in outside):
            _put(main, values, terms)
        if same_as and (links := links_of(node, same_as)):
            main["sameAs"] = list(links)
        _write(handle, main, first)
        first = False
        for subject, pairs in extra:
            _write(handle, _put({"@id": subject}, pairs, terms), False)
    handle.write(b"\n]}\n")
