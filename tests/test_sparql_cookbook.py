"""docs/sparql-cookbook.md on the RDF export of the example minutes, and against Cypher on Neo4j."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from conftest import COOKBOOK_PARAMETERS as PARAMETERS
from conftest import ROOT, STAMP, cookbook_questions

from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.pipeline import build
from kommunegraf.stores.sparql import query, rdf_store

XSD = PREFIXES["xsd"]

COOKBOOK = (ROOT / "docs" / "sparql-cookbook.md").read_text(encoding="utf-8")
CYPHER = (ROOT / "docs" / "cypher-cookbook.md").read_text(encoding="utf-8")
SPARQL = cookbook_questions("sparql-cookbook.md", "sparql")
CYPHER_QUERIES = cookbook_questions("cypher-cookbook.md", "cypher")


@pytest.fixture(scope="module")
def graph():
    return build([ROOT / "examples" / "minutes"], loaded_at=STAMP).graph


@pytest.fixture(scope="module")
def store(graph):
    return rdf_store(graph)


def ask(store, number):
    keys, rows = query(store, SPARQL[number], PARAMETERS.get(number, {}))
    return [dict(zip(keys, row, strict=True)) for row in rows]


def test_the_sparql_cookbook_asks_the_cypher_cookbooks_questions():
    assert sorted(SPARQL) == sorted(CYPHER_QUERIES)
    titles = lambda text: re.findall(r"^### (\d+\. .+)$", text, re.M)  # noqa: E731
    assert titles(COOKBOOK) == titles(CYPHER)


def _run_as_printed(store, number, prefixes=None):
    substitutions = {
        ox.Variable(name): ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
        if isinstance(value, int)
        else ox.Literal(str(value))
        for name, value in PARAMETERS.get(number, {}).items()
    }
    solutions = store.query(
        SPARQL[number], prefixes=prefixes, use_default_graph_as_union=True, substitutions=substitutions
    )
    return [[term.value if term is not None else None for term in solution] for solution in solutions]


@pytest.mark.parametrize("number", sorted(SPARQL))
def test_every_query_declares_its_prefixes_so_it_runs_as_printed_on_any_engine(store, number):
    assert SPARQL[number].startswith("PREFIX ")
    assert _run_as_printed(store, number) == _run_as_printed(store, number, prefixes=PREFIXES)


def test_absence_per_party(store):
    assert {r["letter"]: r["absences"] for r in ask(store, 2)} == {"Ø": 2, "A": 1, "C": 1, "V": 1}


def test_history_of_a_case(store):
    assert ask(store, 3) == [
        {"committee": "Erhvervs- og Beskæftigelsesudvalget", "date": "2021-05-11", "item": 5, "status": "referenced"}
    ]


def test_items_per_kle_main_group(store):
    assert [(r["main_group"], r["items"]) for r in ask(store, 7)] == [("00", 15), ("15", 8), ("24", 2), ("27", 1)]


def test_meetings_of_a_committee_in_a_year(store):
    assert [r["status"] for r in ask(store, 9)] == ["referenced", "referenced", "referenced", "minutes"]


def test_provenance_names_the_document_and_the_line(store):
    (row,) = ask(store, 13)
    assert row["file"].endswith("000_eeae5a2dcf1e0b42.txt")
    assert row["lines"] == "9"  # the Mødedeltagere line: "Sussie Wandel (V) (Afbud)"


def test_a_parameter_is_a_value_not_sparql(store):
    hostile = {"title": 'x") } DELETE WHERE { ?s ?p ?o } #'}
    _, rows = query(store, SPARQL[3], hostile)
    assert rows == [] and len(store) > 1000


def _normal(key: str, value):
    if isinstance(value, list):
        return tuple(sorted(str(v) for v in value))
    if key in ("units", "items") and (value is None or isinstance(value, str)):
        return tuple(sorted(part for part in re.split(r"[;,] ", value or "") if part))
    return value


@pytest.fixture(scope="module")
def neo4j(graph, neo4j_driver):
    """The same graph in Neo4j (loaded once for this module, whatever other tests left there)."""
    from kommunegraf.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    store.wipe()
    store.load(graph)
    return store


@pytest.mark.parametrize("number", sorted(SPARQL))
def test_cypher_on_neo4j_and_sparql_on_rdf_give_the_same_answer(number, store, neo4j):
    cypher_keys, cypher_rows = neo4j.query(CYPHER_QUERIES[number], PARAMETERS.get(number, {}))
    sparql_rows = ask(store, number)
    common = [k for k in cypher_keys if not sparql_rows or k in sparql_rows[0]]
    expected = [tuple(_normal(k, row[cypher_keys.index(k)]) for k in common) for row in cypher_rows]
    found = [tuple(_normal(k, row[k]) for k in common) for row in sparql_rows]
    assert found == expected
