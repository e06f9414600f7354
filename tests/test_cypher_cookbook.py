"""Every question in docs/cypher-cookbook.md, run on a real Neo4j loaded with the example minutes.

The expected answers were read off the documents themselves (line numbers in
the comments are those of the example files).
"""

from __future__ import annotations

import pytest
from conftest import COOKBOOK_PARAMETERS as PARAMETERS
from conftest import ROOT, cookbook_questions

from kommunegraf.graph import build_graph
from kommunegraf.loaders import load_text
from kommunegraf.pipeline import build

QUERIES = cookbook_questions("cypher-cookbook.md", "cypher")


@pytest.fixture(scope="module")
def loaded(neo4j_driver):
    from kommunegraf.stores.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    store.wipe()
    store.load(build([ROOT / "examples" / "minutes"], loaded_at="2026-01-01T00:00:00Z").graph)
    return store


def ask(store, number):
    keys, rows = store.query(QUERIES[number], PARAMETERS.get(number, {}))
    return [dict(zip(keys, row, strict=True)) for row in rows]


def test_the_cookbook_has_at_least_twelve_questions():
    assert len(QUERIES) >= 12
    assert sorted(QUERIES) == list(range(1, len(QUERIES) + 1))


def test_attendance_and_absence_per_person(loaded):
    rows = {r["person"]: (r["attended"], r["absent"]) for r in ask(loaded, 1)}
    assert rows["Allan Kristensen"] == (1, 1)  # present 2021-11-09, "(Afbud)" 2023-03-14
    assert rows["Sussie Wandel"] == (0, 1)
    assert rows["Musa Kekec"] == (2, 0)
    assert rows["Gitte Friberg Bomholdt"] == (0, 1)  # Herlev: Afbud under every item that lists any


def test_absence_per_party(loaded):
    assert {r["letter"]: r["absences"] for r in ask(loaded, 2)} == {"Ø": 2, "A": 1, "C": 1, "V": 1}


def test_history_of_a_case(loaded):
    assert ask(loaded, 3) == [
        {"committee": "Erhvervs- og Beskæftigelsesudvalget", "date": "2021-05-11", "item": 5, "status": "referenced"}
    ]


def test_cases_on_the_agenda_more_than_once(loaded):
    assert [(r["case"], r["items"]) for r in ask(loaded, 4)] == [
        ("00.22.00-P35-1-21", 4),  # Herlev items 70-73
        ("00.01.00-G01-161-21", 3),  # Herlev items 65, 68, 69
        ("00.01.10-P35-7-22", 2),  # Ballerup 2023 items 1 and 9
    ]


def test_units_that_recommend_most_items(loaded):
    top = [(r["unit"], r["items"]) for r in ask(loaded, 5)][:4]
    assert top == [
        ("Center for Arbejdsmarked", 9),  # 4 in 2021, 5 in 2023 ("Center for Arbejdsmarkedet" in item 6)
        ("Center for Beskæftigelse og Borgerservice", 7),  # 2016 items 2, 3, 5-9
        ("Forvaltningen", 5),  # Herlev 65-68, 73
        ("Center for By, Erhverv og Miljø", 4),
    ]


def test_decisions_by_outcome_per_committee_and_year(loaded):
    rows = {(r["committee"], r["year"], r["outcome"]): r["decisions"] for r in ask(loaded, 6)}
    assert rows[("Erhvervs- og Beskæftigelsesudvalget", 2016, "approved")] == 4
    assert rows[("Erhvervs- og Beskæftigelsesudvalget", 2016, "postponed")] == 1  # "Undersøges. Ny sag forelægges."
    assert rows[("Erhvervs-, Beskæftigelses- og Uddannelsesudvalget", 2023, "noted")] == 6
    assert rows[("Arbejdsmarkedsudvalget", 2022, "other")] == 4  # "Intet." x2, Eventuelt, the signature page


def test_items_per_kle_main_group(loaded):
    assert [(r["main_group"], r["items"]) for r in ask(loaded, 7)] == [("00", 15), ("15", 8), ("24", 2), ("27", 1)]
    assert ask(loaded, 7)[2]["title"] == "Erhvervsforhold"


def test_presenters_with_their_units(loaded):
    rows = {(r["person"], r["date"], r["item"]): (r["role"], r["units"]) for r in ask(loaded, 8)}
    assert len(rows) == 14
    assert rows[("Eva Borg", "2016-11-08", 8)] == ("centerchef", ["Center for Social og Sundhed"])
    assert rows[("Aysel Demir", "2022-10-26", 65)] == ("teamleder", [])


def test_meetings_of_a_committee_in_a_year(loaded):
    assert [(r["date"], r["status"]) for r in ask(loaded, 9)] == [
        ("2016-08-17", "referenced"),
        ("2016-09-13", "referenced"),
        ("2016-10-11", "referenced"),
        ("2016-11-08", "minutes"),
    ]


def test_closed_items_per_meeting(loaded):
    assert [(r["date"], r["items"]) for r in ask(loaded, 10)] == [("2022-10-26", [69, 71, 72]), ("2023-03-14", [9, 10])]


def test_items_with_recommended_attachments(loaded):
    rows = {(r["date"], r["item"]): r["recommended"] for r in ask(loaded, 11)}
    assert len(rows) == 10
    assert rows[("2023-03-14", 1)] == 4  # 1.1, 4.1, 4.2, 5.1 ANBEFALES


def test_nobody_in_the_examples_sits_in_two_municipalities(loaded):
    assert ask(loaded, 12) == []


def test_provenance_of_a_fact(loaded):
    (row,) = ask(loaded, 13)
    assert row["file"].endswith("000_eeae5a2dcf1e0b42.txt")
    assert row["lines"] == "9"  # the Mødedeltagere line: "Sussie Wandel (V) (Afbud)"


def test_afbud_per_person_on_items(loaded):
    assert [(r["person"], r["items"]) for r in ask(loaded, 14)] == [
        ("Allan Kristensen", 11),
        ("Saime B. Inanc", 11),
        ("Gitte Friberg Bomholdt", 7),
        ("Ibrahim Benli", 7),
    ]


def test_a_name_in_two_municipalities_is_found(neo4j_driver, seed_records):
    # runs last: it replaces the module's loaded graph
    from kommunegraf.stores.neo4j_store import Neo4jStore

    herlev = load_text(
        "REFERAT Arbejdsmarkedsudvalget d. 23-11-2022\n\nMødested Herlev Rådhus\n\n"
        "Mødedeltagere Musa Kekec (A)\n\nPunkt 1: Meddelelser\n\nBeslutning\n\nTaget til efterretning\n",
        path="herlev.txt",
    )
    store = Neo4jStore(neo4j_driver)
    store.wipe()
    store.load(build_graph([*seed_records, herlev], "2026-01-01T00:00:00Z"))
    assert ask(store, 12) == [{"person": "Musa Kekec", "municipalities": 2}]
