"""SPARQL over the exported RDF, in memory (pyoxigraph), with parameters bound, never pasted in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyoxigraph as ox

from kommunegraf.graph.model import Graph
from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.rdf_export import serialized

XSD = PREFIXES["xsd"]


def rdf_store(graph: Graph) -> ox.Store:
    """An in-memory store holding the graph's quads: one named graph per source."""
    store = ox.Store()
    store.load(serialized(graph, named_graphs=True), format=ox.RdfFormat.N_QUADS)
    return store


def _term(value: Any) -> ox.Literal | ox.NamedNode:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(str(value))


def _value(term: Any) -> Any:
    """RDF terms as plain Python: IRIs as strings, integers as int, other literals by their lexical form."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype == ox.NamedNode(XSD + "integer"):
            return int(term.value)
        if term.datatype == ox.NamedNode(XSD + "boolean"):
            return term.value == "true"
        return term.value
    return term.value


def query(store: ox.Store, sparql: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run a SELECT over the union of all named graphs; ``$name`` variables are bound from ``parameters``.

    Oxigraph binds only variables of the SELECT clause, so a parameter is
    selected in the query and left out of the answer here.
    """
    substitutions = {ox.Variable(k): _term(v) for k, v in (parameters or {}).items()}
    solutions = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions)
    keys = [v.value for v in solutions.variables if v.value not in (parameters or {})]
    return keys, [[_value(solution[k]) for k in keys] for solution in solutions]
