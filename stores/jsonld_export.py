"""JSON-LD written as a stream: one object per node, compacted with the published context.

The context is ``ontology/context.jsonld`` (``kommunegraf.ontology.build.context``);
a node's properties and outgoing relationships use its short terms, so the
output reads like plain JSON and expands to exactly the triples of the
Turtle and N-Triples exports. Memory stays bounded: one node object at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import IO, Any

from kommunegraf.graph.model import Graph, Node, Relationship
from kommunegraf.ontology.build import context
from kommunegraf.ontology.mapping import CLASS_OF, KG, PROPERTY_OF, relationship_term
from kommunegraf.stores.rdf_export import QUALIFIED, qualified_iri
from kommunegraf.stores.rdf_links import SameAs, links_of
from kommunegraf.stores.rdf_terms import lexical_form


def _short_names(terms: dict[str, Any]) -> dict[str, str]:
    """Compact IRI -> the context's short name for it."""
    return {entry["@id"]: name for name, entry in terms.items() if isinstance(entry, dict)}


@cache
def _lexical(label: str, key: str) -> Callable[[object], str]:
    """The lexical form the context's type coercion turns into the same literal as the RDF export."""
    return lexical_form(PROPERTY_OF[(label, key)])


def _node_object(node: Node, out: list[Relationship], short: dict[str, str]) -> dict[str, Any]:
    spec = CLASS_OF[node.label]
    obj: dict[str, Any] = {"@id": node.id, "@type": [spec.term, *spec.aligned]}
    if node.label == "KLETopic":
        obj["inScheme"] = KG + "KLE"
    for key, value in sorted(node.properties.items()):
        if value is not None:
            obj[short[PROPERTY_OF[(node.label, key)].term]] = _lexical(node.label, key)(value)
    if node.provenance:
        obj["wasDerivedFrom"] = sorted(node.provenance)
    seen: set[tuple[str, str]] = set()
    for rel in out:
        predicate = short[relationship_term(rel.type, node.label).term]
        if (predicate, rel.end) in seen:
            continue
        seen.add((predicate, rel.end))
        obj.setdefault(predicate, []).append(rel.end)
        if rel.type == "ON_AGENDA_OF" and rel.properties.get("position") is not None:
            obj["position"] = str(rel.properties["position"])
    return obj


def _qualified_objects(rels: list[Relationship]) -> list[dict[str, Any]]:
    objects, seen = [], set()
    for rel in rels:
        qualified = QUALIFIED.get(rel.type)
        if not qualified or not rel.properties.get(qualified[1]) or (rel.start, rel.type, rel.end) in seen:
            continue
        seen.add((rel.start, rel.type, rel.end))
        objects.append(
            {
                "@id": qualified_iri(rel),
                "@type": qualified[0],
                "agent": rel.start,
                "object": rel.end,
                "role": str(rel.properties[qualified[1]]),
            }
        )
    return objects


def write_jsonld(graph: Graph, handle: IO[bytes], same_as: SameAs | None = None) -> None:
    terms = context()["@context"]
    short = _short_names(terms)
    handle.write(b'{"@context": ' + json.dumps(terms, ensure_ascii=False).encode("utf-8") + b',\n"@graph": [')
    first = True
    for node, rels in graph.nodes_with_outgoing():
        main = _node_object(node, rels, short)
        if same_as and (links := links_of(node, same_as)):
            main["sameAs"] = list(links)
        for obj in (main, *_qualified_objects(rels)):
            handle.write((b"\n" if first else b",\n") + json.dumps(obj, ensure_ascii=False).encode("utf-8"))
            first = False
    handle.write(b"\n]}\n")
