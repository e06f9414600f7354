"""A writer of SHACL triples whose blank nodes are named after what they belong to, so the shapes file is the
same on every run."""

from __future__ import annotations

import pyoxigraph as ox

from kommunegraf.ontology.mapping import KG
from kommunegraf.ontology.terms import named

ONE = ox.Literal("1", datatype=named("xsd:integer"))


class Shapes:
    """SHACL triples, with blank nodes named after what they belong to (the file is the same on every run)."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(
        self, subject: ox.NamedNode | ox.BlankNode, predicate: str, obj: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        self.triples.append(ox.Triple(subject, named(predicate), obj))

    def list(self, name: str, items: list[ox.NamedNode | ox.BlankNode | ox.Literal]) -> ox.BlankNode | ox.NamedNode:
        """An RDF list (sh:in, sh:or)."""
        cells: list[ox.BlankNode | ox.NamedNode] = [ox.BlankNode(f"{name}-{i}") for i in range(len(items))]
        cells.append(named("rdf:nil"))
        for index, item in enumerate(items):
            self.add(cells[index], "rdf:first", item)
            self.add(cells[index], "rdf:rest", cells[index + 1])
        return cells[0]

    def classes(self, node: ox.NamedNode | ox.BlankNode, name: str, classes: list[str], iri: bool = True) -> None:
        """The values are (IRIs) of one of ``classes`` (sh:class, or sh:or of sh:class for several)."""
        if iri:
            self.add(node, "sh:nodeKind", named("sh:IRI"))
        if len(classes) == 1:
            self.add(node, "sh:class", named(classes[0]))
            return
        alternatives: list[ox.NamedNode | ox.BlankNode | ox.Literal] = []
        for index, cls in enumerate(classes):
            alternative = ox.BlankNode(f"{name}-class-{index}")
            self.add(alternative, "sh:class", named(cls))
            alternatives.append(alternative)
        self.add(node, "sh:or", self.list(f"{name}-or", alternatives))

    def node_shape(self, name: str, target: str, target_kind: str = "sh:targetClass") -> ox.NamedNode:
        shape = ox.NamedNode(f"{KG}{name}")
        self.add(shape, "rdf:type", named("sh:NodeShape"))
        self.add(shape, target_kind, named(target))
        return shape

    def property(
        self,
        shape: ox.NamedNode,
        name: str,
        path: str,
        *,
        inverse: bool = False,
        minimum: bool = False,
        single: bool = False,
    ) -> ox.NamedNode:
        node = ox.NamedNode(f"{shape.value}-{name}")
        self.add(shape, "sh:property", node)
        if inverse:
            path_node = ox.BlankNode(f"{shape.value.rpartition('#')[2]}-{name}-path")
            self.add(path_node, "sh:inversePath", named(path))
            self.add(node, "sh:path", path_node)
        else:
            self.add(node, "sh:path", named(path))
        if minimum:
            self.add(node, "sh:minCount", ONE)
        if single:
            self.add(node, "sh:maxCount", ONE)
        return node
