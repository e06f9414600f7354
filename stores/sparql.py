"""SPARQL over the exported RDF, in memory (pyoxigraph), with parameters bound, never pasted in.

A parameter is a variable of the query (``$title``) bound by Oxigraph's
substitution, so a value can never change what the query says. Oxigraph binds
only variables of the SELECT clause, so a parameter must be selected (``query``
leaves it out of the answer); in an aggregate query it must be in GROUP BY as
well, where a variable bound to one value splits no group. An aggregate query
grouped only by its parameters answers no row, not a count of 0, when nothing
matches. Inside a subquery a parameter is seen only if the subquery selects it
too (SPARQL's scoping).

Python values become the RDF terms of their type:

====================================  =====================================
``str``                               a plain string (xsd:string)
``IRI("https://...")``, NamedNode     an IRI (rdflib's URIRef as well)
``bool``, ``int``                     xsd:boolean, xsd:integer
``float``                             xsd:double (a Python float is one)
``decimal.Decimal``                   xsd:decimal
``datetime.datetime``                 xsd:dateTime (an offset kept)
``datetime.date``, ``datetime.time``  xsd:date, xsd:time
a pyoxigraph Literal                  itself
====================================  =====================================

``None`` is an error: an unbound parameter would match anything.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kommunegraf.graph.model import Graph
from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.rdf_export import serialized

XSD = PREFIXES["xsd"]
INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
FLOAT_TYPES = frozenset({XSD + "double", XSD + "float"})


class IRI(str):
    """A parameter that is an IRI, not a string: ``query(store, q, {"meeting": IRI("https://...")})``."""

    __slots__ = ()


class ParameterError(ValueError):
    """A parameter that cannot be bound: its value, or the query, says why."""


def rdf_store(graph: Graph) -> ox.Store:
    """An in-memory store holding the graph's quads: one named graph per source."""
    store = ox.Store()
    store.load(serialized(graph, named_graphs=True), format=ox.RdfFormat.N_QUADS)
    return store


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _offset_in_minutes(value: dt.datetime | dt.time, name: str) -> None:
    offset = value.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        raise ParameterError(f"parameter ${name}: XML Schema offsets are whole minutes, not {offset}")


def _is_uriref(value: object) -> bool:
    rdflib = sys.modules.get("rdflib")  # rdflib's URIRef is a str; it is an IRI only if rdflib is in use
    return rdflib is not None and isinstance(value, rdflib.URIRef)


def term(name: str, value: Any) -> ox.NamedNode | ox.Literal:
    """The RDF term parameter ``name`` is bound to for the Python ``value`` (see the module's table)."""
    if value is None:
        raise ParameterError(f"parameter ${name} is None; give it a value (unbound, it would match anything)")
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, IRI) or _is_uriref(value):
        try:
            return ox.NamedNode(str(value))
        except ValueError as error:
            raise ParameterError(f"parameter ${name}: {str(value)!r} is not an IRI ({error})") from None
    if isinstance(value, str):
        return ox.Literal(value)
    if isinstance(value, bool):
        return _typed("true" if value else "false", "boolean")
    if isinstance(value, int):
        return _typed(str(value), "integer")
    if isinstance(value, float):
        if math.isnan(value):
            return _typed("NaN", "double")
        return _typed(("-INF" if value < 0 else "INF") if math.isinf(value) else repr(value), "double")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParameterError(f"parameter ${name}: xsd:decimal has no {value}")
        return _typed(format(value, "f"), "decimal")
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        _offset_in_minutes(value, name)
        return _typed(value.isoformat(), "dateTime")
    if isinstance(value, dt.date):
        return _typed(value.isoformat(), "date")
    if isinstance(value, dt.time):
        _offset_in_minutes(value, name)
        return _typed(value.isoformat(), "time")
    kind = type(value).__name__
    raise ParameterError(f"parameter ${name}: a {kind} has no RDF term; give a str, IRI, number, date or time")


def _value(found: Any) -> Any:
    """RDF terms as plain Python: IRIs as strings, booleans and numbers as bool, int, Decimal and float.

    Dates, times and other literals stay their lexical form ("2021-11-09"), as the callers compare them.
    """
    if found is None:
        return None
    if not isinstance(found, ox.Literal):
        return found.value
    datatype = found.datatype.value
    try:
        if datatype in INTEGER_TYPES:
            return int(found.value)
        if datatype == XSD + "boolean":
            return found.value in ("true", "1")
        if datatype == XSD + "decimal":
            return Decimal(found.value)
        if datatype in FLOAT_TYPES:
            return float(found.value)  # INF, -INF and NaN read as Python reads them
    except ValueError:  # a literal not valid for its datatype stays as written
        return found.value
    return found.value


def _variable(name: str) -> ox.Variable:
    try:
        return ox.Variable(name)
    except ValueError:
        raise ParameterError(f"parameter {name!r} is not a SPARQL variable name") from None


_UNSELECTED = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")
_UNGROUPED = "The SELECT contains a variable that is unbound"


def query(store: ox.Store, sparql: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run a SELECT over the union of all named graphs; ``$name`` variables are bound from ``parameters``.

    Returns the selected variables (parameters left out) and the rows. A parameter must be in the SELECT
    clause, and in GROUP BY in an aggregate query (see the module's docstring).
    """
    parameters = parameters or {}
    substitutions = {_variable(name): term(name, value) for name, value in parameters.items()}
    try:
        solutions = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions)
    except RuntimeError as error:
        unselected = _UNSELECTED.search(str(error))
        if unselected is None:
            raise
        name = unselected[1]
        raise ParameterError(
            f"parameter ${name} is not in the SELECT clause; select it (and GROUP BY it in an aggregate query)"
        ) from None
    except SyntaxError as error:
        if not parameters or _UNGROUPED not in str(error):
            raise
        names = ", ".join(f"${name}" for name in parameters)
        raise ParameterError(
            f"the aggregate query selects a variable it does not GROUP BY; GROUP BY each parameter ({names}) "
            "that it selects"
        ) from None
    keys = [v.value for v in solutions.variables if v.value not in parameters]
    return keys, [[_value(solution[k]) for k in keys] for solution in solutions]
