"""Neo4j as a store, against a real server started by the test run."""

from __future__ import annotations

import pytest
from conftest import STAMP, seed

from kommunegraf.graph import build_graph
from kommunegraf.loaders import load_text
from kommunegraf.loaders.registry import read_document
from kommunegraf.records import Span
from kommunegraf.stores.neo4j_rows import split_by_source
from kommunegraf.stores.neo4j_store import Neo4jLoadError


def december_minutes():
    """Minutes of Erhvervs- og Beskæftigelsesudvalget on 7 December 2021, which seed 001 refers to."""
    text = (
        seed("000")
        .read_text(encoding="utf-8")
        .replace("09-11-2021", "07-12-2021")
        .replace("Tirsdag d. 09. november 2021", "Tirsdag d. 07. december 2021")
    )
    return load_text(text, path="december.txt")


def scalar(store, cypher, **parameters):
    _, rows = store.query(cypher, parameters)
    return rows[0][0]


def test_loading_creates_a_unique_id_constraint_for_every_label_and_the_lookup_indexes(neo4j_store, seed_graph):
    neo4j_store.load(seed_graph)
    keys, rows = neo4j_store.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN *")
    constrained = {(r[keys.index("labelsOrTypes")][0], tuple(r[keys.index("properties")])) for r in rows}
    assert {(label, ("id",)) for label in ("Meeting", "Person", "Source", "KLETopic", "Attachment")} <= constrained
    keys, rows = neo4j_store.query("SHOW INDEXES YIELD labelsOrTypes, properties RETURN *")
    indexed = {(r[keys.index("labelsOrTypes")][0], r[keys.index("properties")][0]) for r in rows if r[0]}
    assert {("Meeting", "date"), ("Person", "name"), ("Case", "number"), ("Committee", "name")} <= indexed


def test_stored_counts_match_the_graph(neo4j_store, seed_graph):
    stats = neo4j_store.load(seed_graph)
    labels, types = neo4j_store.counts()
    assert (labels, types) == seed_graph.counts()
    assert stats.counters["nodes_created"] == len(seed_graph.nodes)


def test_loading_the_same_graph_twice_changes_no_counts(neo4j_store, seed_graph):
    neo4j_store.load(seed_graph)
    before = neo4j_store.counts()
    again = neo4j_store.load(seed_graph)
    assert neo4j_store.counts() == before
    assert (again.counters["nodes_created"], again.counters["relationships_created"]) == (0, 0)


def test_a_referenced_meeting_becomes_minutes_when_its_document_arrives(neo4j_store, seed_records):
    neo4j_store.load(build_graph([seed_records[1]], STAMP))  # 001 refers to 2021-12-07
    assert scalar(neo4j_store, "MATCH (m:Meeting {date: date('2021-12-07')}) RETURN m.status") == "referenced"
    bigger = build_graph([seed_records[1], december_minutes()], STAMP)
    neo4j_store.load(bigger)
    assert scalar(neo4j_store, "MATCH (m:Meeting {date: date('2021-12-07')}) RETURN count(m)") == 1
    assert scalar(neo4j_store, "MATCH (m:Meeting {date: date('2021-12-07')}) RETURN m.status") == "minutes"
    assert neo4j_store.counts() == bigger.counts()


def test_loading_a_smaller_graph_later_does_not_demote_minutes(neo4j_store, seed_records):
    neo4j_store.load(build_graph([seed_records[1], december_minutes()], STAMP))
    neo4j_store.load(build_graph([seed_records[1]], STAMP))
    assert scalar(neo4j_store, "MATCH (m:Meeting {date: date('2021-12-07')}) RETURN m.status") == "minutes"


def test_an_agenda_outranks_a_reference_and_minutes_outrank_the_agenda(neo4j_store, seed_records):
    agenda = december_minutes()
    agenda.meeting.document_type = "agenda"
    december = "MATCH (m:Meeting {date: date('2021-12-07')}) RETURN m.status"
    neo4j_store.load(build_graph([seed_records[1], agenda], STAMP))
    assert scalar(neo4j_store, december) == "agenda"
    neo4j_store.load(build_graph([seed_records[1]], STAMP))  # only the reference: the agenda stays
    assert scalar(neo4j_store, december) == "agenda"
    neo4j_store.load(build_graph([december_minutes()], STAMP))
    assert scalar(neo4j_store, december) == "minutes"


def test_values_from_documents_are_parameters_never_cypher(neo4j_store, seed_graph):
    name = "x'}) DETACH DELETE n //"
    source = next(iter(seed_graph.of_label("Source"))).id
    seed_graph.add_node("Person", "https://example.org/person/injection", {"name": name}, source, Span(start=1, end=1))
    try:
        neo4j_store.load(seed_graph)
        assert scalar(neo4j_store, "MATCH (p:Person {name: $name}) RETURN p.name", name=name) == name
        assert neo4j_store.counts() == seed_graph.counts()
    finally:
        del seed_graph.nodes["https://example.org/person/injection"]


def test_a_failing_batch_is_named_earlier_batches_stay_and_a_rerun_completes(neo4j_store, seed_records):
    graph = build_graph(seed_records, STAMP)
    person = min(graph.of_label("Person"), key=lambda n: n.id)
    person.properties["name"] = {"not": "a property value"}  # Neo4j refuses maps as property values
    with pytest.raises(Neo4jLoadError, match=r"Person batch 1 .* run the load again"):
        neo4j_store.load(graph, batch_size=10)
    assert scalar(neo4j_store, "MATCH (n:AgendaItem) RETURN count(n)") == len(list(graph.of_label("AgendaItem")))
    assert scalar(neo4j_store, "MATCH (n:Source) RETURN count(n)") == 0  # loaded after Person
    good = build_graph(seed_records, STAMP)
    neo4j_store.load(good, batch_size=10)
    assert neo4j_store.counts() == good.counts()


def test_dates_are_neo4j_dates(neo4j_store, seed_graph):
    neo4j_store.load(seed_graph)
    years = scalar(neo4j_store, "MATCH (m:Meeting {status: 'minutes'}) RETURN collect(DISTINCT m.date.year)")
    assert sorted(years) == [2016, 2021, 2022, 2023]


def test_wipe_removes_the_graph(neo4j_store, seed_graph):
    neo4j_store.load(seed_graph)
    assert neo4j_store.wipe() == len(seed_graph.nodes)
    assert neo4j_store.counts() == ({}, {})


def test_facts_read_from_a_pdf_keep_their_page_and_line_in_neo4j(neo4j_store, seed_pdfs):
    from kommunegraf.pipeline import build

    graph = build(seed_pdfs[:1], loaded_at=STAMP).graph
    neo4j_store.load(graph)
    pages = scalar(
        neo4j_store,
        "MATCH (:Person {name: $name})-[r:FROM_SOURCE]->(s:Source) RETURN r.pages + ' of ' + toString(s.pages)",
        name="Sussie Wandel",
    )
    assert pages.startswith("1:") and pages.endswith(f" of {len(read_document(seed_pdfs[0]).page_starts)}")


def test_links_to_documents_the_database_has_not_seen_are_created_and_every_fact_is_merged(seed_graph):
    relationships = list(seed_graph.relationships.values())
    provenance = [(n.id, source, spans) for n in seed_graph.nodes.values() for source, spans in n.provenance.items()]
    stored = {provenance[0][1]}
    new, seen = split_by_source([*relationships, *provenance], stored)
    assert new and all(isinstance(item, tuple) and item[1] not in stored for item in new)
    assert {id(r) for r in relationships} <= {id(item) for item in seen}
    assert all(item[1] in stored for item in seen if isinstance(item, tuple))
    assert len(new) + len(seen) == len(relationships) + len(provenance)


def _facts_in(store) -> dict[tuple[str, str, str], list[str]]:
    _, rows = store.query(
        "MATCH (a)-[r]->(b) WHERE type(r) <> 'FROM_SOURCE' RETURN type(r), a.id, b.id, r.sources, r.lines"
    )
    facts: dict[tuple[str, str, str], list[str]] = {}
    for rel_type, start, end, sources, lines in rows:
        assert (rel_type, start, end) not in facts, "a fact stored twice"
        assert len(sources) == len(lines) == len(set(sources))
        facts[(rel_type, start, end)] = sorted(sources)
    return facts


def test_a_fact_stated_by_several_documents_is_one_relationship_listing_them(neo4j_store, seed_graph):
    neo4j_store.load(seed_graph)
    facts = _facts_in(neo4j_store)
    assert facts == {key: sorted(rel.sources) for key, rel in seed_graph.relationships.items()}
    assert any(len(sources) > 1 for key, sources in facts.items() if key[0] == "MEMBER_OF")


def test_loading_documents_one_by_one_and_again_gives_each_fact_once_with_all_its_documents(
    neo4j_store, seed_records, seed_graph
):
    for count in range(1, len(seed_records) + 1):
        neo4j_store.load(build_graph(seed_records[:count], STAMP))
    neo4j_store.load(build_graph(seed_records[1:2], STAMP))  # a document again: nothing to add
    assert _facts_in(neo4j_store) == {key: sorted(rel.sources) for key, rel in seed_graph.relationships.items()}
    assert neo4j_store.counts() == seed_graph.counts()


def test_counting_party_members_without_distinct_counts_each_person_once(neo4j_store, seed_graph):
    neo4j_store.load(seed_graph)
    _, rows = neo4j_store.query("MATCH (p:Person)-[:MEMBER_OF]->(x:Party) RETURN x.letter, count(p) ORDER BY x.letter")
    members: dict[str, set[str]] = {}
    for rel in seed_graph.relationships.values():
        if rel.type == "MEMBER_OF":
            members.setdefault(seed_graph.nodes[rel.end].properties["letter"], set()).add(rel.start)
    assert [tuple(row) for row in rows] == sorted((letter, len(people)) for letter, people in members.items())


def test_a_load_stopped_among_the_relationships_and_run_again_makes_no_duplicates(neo4j_store, seed_records):
    graph = build_graph(seed_records, STAMP)
    last = max(graph.relationships.values(), key=lambda r: (r.type, r.start))
    last.properties = {"role": {"not": "a property value"}}  # refused by Neo4j: the load stops at its batch
    with pytest.raises(Neo4jLoadError, match=last.type):
        neo4j_store.load(graph)
    assert scalar(neo4j_store, "MATCH ()-[r]->() RETURN count(r)") > 0
    good = build_graph(seed_records, STAMP)
    neo4j_store.load(good)
    assert neo4j_store.counts() == good.counts()


def test_two_loads_at_once_make_each_fact_once_the_second_told_to_wait(neo4j_store, seed_graph):
    import threading

    outcomes: list[object] = []
    start = threading.Barrier(2)

    def one_load() -> None:
        start.wait()
        try:
            outcomes.append(neo4j_store.load(seed_graph))
        except Neo4jLoadError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=one_load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [o for o in outcomes if isinstance(o, Neo4jLoadError)]
    assert all("another kommunegraf load" in str(error) for error in refused)
    assert len(refused) <= 1  # both may load, one after the other, if the first ends before the second starts
    assert _facts_in(neo4j_store) == {key: sorted(rel.sources) for key, rel in seed_graph.relationships.items()}


def test_a_lock_left_by_a_killed_load_refuses_loads_until_broken(neo4j_store, seed_graph):
    from kommunegraf.stores.neo4j_store import LOCK_LABEL

    neo4j_store.ensure_schema()
    with neo4j_store.driver.session() as session:
        session.run(f"CREATE (:{LOCK_LABEL} {{name: 'load', holder: 'a killed load', since: datetime()}})").consume()
    with pytest.raises(Neo4jLoadError, match=r"another kommunegraf load \(a killed load, since .*--break-lock"):
        neo4j_store.load(seed_graph)
    neo4j_store.load(seed_graph, break_lock=True)
    labels, _ = neo4j_store.counts()
    assert labels["Meeting"] == sum(1 for _ in seed_graph.of_label("Meeting"))
    with neo4j_store.driver.session() as session:
        assert session.run(f"MATCH (l:{LOCK_LABEL}) RETURN count(l) AS n").single()["n"] == 0


def test_a_later_load_with_repair_makes_facts_doubled_by_unlocked_loads_one_again(neo4j_store, seed_records):
    first, second = build_graph(seed_records[:1], STAMP), build_graph(seed_records[1:2], STAMP)
    both = build_graph(seed_records[:2], STAMP)
    neo4j_store.load(first)
    with neo4j_store.driver.session() as session:  # what a second load running beside the first made: copies
        for rel_type in {rel.type for rel in first.relationships.values()}:  # the schema's type names
            session.run(
                f"MATCH (a)-[r:{rel_type}]->(b) CREATE (a)-[c:{rel_type}]->(b) SET c = properties(r)"
            ).consume()
    _, ((stored,),) = neo4j_store.query("MATCH ()-[r]->() WHERE type(r) <> 'FROM_SOURCE' RETURN count(r)")
    assert stored == 2 * len(first.relationships)
    stats = neo4j_store.load(second, repair=True)
    assert stats.repaired == len(first.relationships)
    assert _facts_in(neo4j_store) == {key: sorted(rel.sources) for key, rel in both.relationships.items()}


def test_copies_of_a_fact_merge_into_one_list_of_documents_with_their_lines_and_pages():
    from kommunegraf.stores.neo4j_repair import merged_properties

    copies = [
        {"role": None, "sources": ["s/text"], "lines": ["4"]},
        {"role": "formand", "sources": ["s/text", "s/pdf"], "lines": ["4", "9"], "pages": ["", "2:9"]},
    ]
    assert merged_properties(copies) == {
        "role": "formand", "sources": ["s/text", "s/pdf"], "lines": ["4", "9"], "pages": ["", "2:9"],
    }  # fmt: skip
