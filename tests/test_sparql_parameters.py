"""stores.sparql.query: each Python value bound as the RDF term of its type, aggregates, answers typed back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib

from kommunegraf.stores.sparql import IRI, ParameterError, query

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
CET = dt.timezone(dt.timedelta(hours=1))


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


# Each value, and the one term of the store it must match: `ex:<name> ex:value <term>`.
BOUND = {
    "string": ("Budget 2024", ox.Literal("Budget 2024")),
    "iri": (IRI(EX + "meeting/1"), ox.NamedNode(EX + "meeting/1")),
    "rdflib iri": (rdflib.URIRef(EX + "meeting/1"), ox.NamedNode(EX + "meeting/1")),
    "boolean": (True, typed("true", "boolean")),
    "integer": (7, typed("7", "integer")),
    "float": (1.5, typed("1.5", "double")),
    "decimal": (Decimal("12.5"), typed("12.5", "decimal")),
    "date": (dt.date(2021, 11, 9), typed("2021-11-09", "date")),
    "datetime": (dt.datetime(2021, 11, 9, 16, 0), typed("2021-11-09T16:00:00", "dateTime")),
    "datetime with offset": (
        dt.datetime(2021, 11, 9, 16, 0, tzinfo=CET),
        typed("2021-11-09T16:00:00+01:00", "dateTime"),
    ),
    "time": (dt.time(16, 0), typed("16:00:00", "time")),
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """One subject per kind of value, and decoys: the same text as a string, the same day as a date."""
    result = ox.Store()
    value = ox.NamedNode(EX + "value")
    for name, (_, term) in BOUND.items():
        result.add(ox.Quad(ox.NamedNode(EX + name.replace(" ", "-")), value, term, ox.DefaultGraph()))
    for name, term in {
        "iri-as-string": ox.Literal(EX + "meeting/1"),
        "float-as-string": ox.Literal("1.5"),
        "date-as-string": ox.Literal("2021-11-09"),
    }.items():
        result.add(ox.Quad(ox.NamedNode(EX + name), value, term, ox.DefaultGraph()))
    return result


def subjects_with(store: ox.Store, value: object) -> list[str]:
    keys, rows = query(store, f"SELECT ?s $v WHERE {{ ?s <{EX}value> $v }} ORDER BY ?s", {"v": value})
    assert keys == ["s"]
    return [row[0].removeprefix(EX) for row in rows]


@pytest.mark.parametrize(("value", "term"), BOUND.values(), ids=BOUND.keys())
def test_a_value_is_bound_as_the_rdf_term_of_its_type(store, value, term):
    expected = sorted(name.replace(" ", "-") for name, (_, other) in BOUND.items() if other == term)
    assert subjects_with(store, value) == expected


def test_a_datetime_is_not_bound_as_its_date(store):
    assert "date" not in subjects_with(store, dt.datetime(2021, 11, 9, 0, 0))


def test_none_is_an_error_not_the_string_none(store):
    with pytest.raises(ParameterError, match=r"\$v is None"):
        subjects_with(store, None)


def test_a_value_of_no_rdf_type_is_an_error(store):
    with pytest.raises(ParameterError, match=r"\$v: a list has no RDF term"):
        subjects_with(store, ["a", "b"])


def test_an_iri_parameter_that_is_not_an_iri_is_an_error(store):
    with pytest.raises(ParameterError, match="is not an IRI"):
        subjects_with(store, IRI("not an iri"))


@pytest.fixture(scope="module")
def decisions() -> ox.Store:
    """Five decisions of two committees: Økonomiudvalget approves two and rejects one, Kultur approves one."""
    result = ox.Store()
    rows = [("oeu", "approved"), ("oeu", "approved"), ("oeu", "rejected"), ("kultur", "approved"), ("kultur", "noted")]
    for number, (committee, outcome) in enumerate(rows):
        decision = ox.NamedNode(f"{EX}decision/{number}")
        result.add(ox.Quad(decision, ox.NamedNode(EX + "committee"), ox.NamedNode(EX + committee), ox.DefaultGraph()))
        result.add(ox.Quad(decision, ox.NamedNode(EX + "outcome"), ox.Literal(outcome), ox.DefaultGraph()))
    return result


def test_an_aggregate_query_grouped_by_its_parameter_counts_per_group(decisions):
    keys, rows = query(
        decisions,
        f"SELECT ?committee (COUNT(?d) AS ?n) $outcome WHERE {{ ?d <{EX}committee> ?committee ; "
        f"<{EX}outcome> $outcome }} GROUP BY ?committee $outcome ORDER BY ?committee",
        {"outcome": "approved"},
    )
    assert keys == ["committee", "n"]
    assert rows == [[EX + "kultur", 1], [EX + "oeu", 2]]


def test_an_aggregate_query_that_selects_a_parameter_it_does_not_group_by_says_so(decisions):
    with pytest.raises(ParameterError, match=r"GROUP BY each parameter \(\$outcome\)"):
        query(
            decisions,
            f"SELECT ?committee (COUNT(?d) AS ?n) $outcome WHERE {{ ?d <{EX}committee> ?committee ; "
            f"<{EX}outcome> $outcome }} GROUP BY ?committee",
            {"outcome": "approved"},
        )


def test_a_parameter_left_out_of_the_select_clause_is_named(decisions):
    with pytest.raises(ParameterError, match=r"\$outcome is not in the SELECT clause"):
        query(decisions, f"SELECT ?d WHERE {{ ?d <{EX}outcome> $outcome }}", {"outcome": "approved"})


def test_numbers_and_booleans_come_back_as_python_numbers_and_dates_as_written():
    keys, rows = query(
        ox.Store(),
        "SELECT ?double ?decimal ?integer ?flag ?date WHERE { BIND(1.5e0 AS ?double) BIND(12.50 AS ?decimal) "
        'BIND(7 AS ?integer) BIND(true AS ?flag) BIND("2021-11-09"^^xsd:date AS ?date) }',
    )
    assert dict(zip(keys, rows[0], strict=True)) == {
        "double": 1.5,
        "decimal": Decimal("12.50"),
        "integer": 7,
        "flag": True,
        "date": "2021-11-09",
    }
    assert [type(v) for v in rows[0][:3]] == [float, Decimal, int]
