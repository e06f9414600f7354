"""The merged graph: identity across documents, references, provenance, order independence."""

from __future__ import annotations

import itertools
import json
import sys

import networkx as nx
import pytest
from conftest import STAMP, seed

from kommunegraf.graph import Graph, build_graph
from kommunegraf.stores.nodelink import read_node_link, to_node_link, write_node_link


@pytest.fixture(scope="module")
def records(seed_records):
    return seed_records


@pytest.fixture(scope="module")
def graph(seed_graph):
    return seed_graph


def graph_of(**labels: str) -> Graph:
    """A graph of bare nodes: ``graph_of(p="Person", s="Source")``."""
    graph = Graph()
    for node_id, label in labels.items():
        graph.add_node(label, node_id)
    return graph


def nodes(graph, label, **properties):
    return [n for n in graph.of_label(label) if all(n.properties.get(k) == v for k, v in properties.items())]


def rels(graph, rel_type, start=None, end=None):
    return [
        r
        for r in graph.relationships.values()
        if r.type == rel_type and (start is None or r.start == start) and (end is None or r.end == end)
    ]


def test_misspelt_committee_names_across_documents_are_one_committee(graph):
    names = sorted(n.properties["name"] for n in nodes(graph, "Committee"))
    assert names == [
        "Arbejdsmarkedsudvalget",
        "Erhvervs- og Beskæftigelsesudvalget",
        "Erhvervs-, Beskæftigelses- og Uddannelsesudvalget",
        "Kommunalbestyrelsen",
    ]


def test_pdf_minutes_without_header_belong_to_the_committee_they_name(graph):
    meeting = nodes(graph, "Meeting", date="2016-11-08")[0]
    (held_by,) = rels(graph, "HELD_BY", start=meeting.id)
    assert graph.nodes[held_by.end].properties["name"] == "Erhvervs- og Beskæftigelsesudvalget"
    assert meeting.properties["status"] == "minutes"


def test_previous_treatment_creates_a_referenced_meeting_and_item(graph):
    meeting = nodes(graph, "Meeting", date="2021-10-11")[0]
    assert meeting.properties["status"] == "referenced"
    (item_link,) = rels(graph, "ON_AGENDA_OF", end=meeting.id)
    assert graph.nodes[item_link.start].properties["number"] == 2


def test_referenced_meeting_becomes_the_same_node_when_its_minutes_load(records):
    # 001 refers to "Erhvervs- og Beskæftigelsesudvalget den 7. december 2021 Punkt 5"; give that meeting
    # minutes of its own and the reference must land on them.
    text = (
        seed("000")
        .read_text(encoding="utf-8")
        .replace("09-11-2021", "07-12-2021")
        .replace("Tirsdag d. 09. november 2021", "Tirsdag d. 07. december 2021")
    )
    own = load_text_record(text)
    graph = build_graph([*records, own], STAMP)
    meetings = nodes(graph, "Meeting", date="2021-12-07")
    assert len(meetings) == 1 and meetings[0].properties["status"] == "minutes"
    (target,) = [r.end for r in rels(graph, "PREVIOUSLY_TREATED_AS") if r.end.endswith("2021-12-07/item/5")]
    assert graph.nodes[target].properties["title"] == "Beskæftigelsesplan 2022"


def load_text_record(text):
    from kommunegraf.loaders import load_text

    return load_text(text, path="copy.txt")


def test_same_journal_number_in_two_items_is_one_case(graph):
    (case,) = nodes(graph, "Case", number="00.01.00-G01-161-21")
    assert len(rels(graph, "CONCERNS", end=case.id)) == 3
    assert (
        case.properties["kle"],
        case.properties["facet"],
        case.properties["serial"],
        case.properties["year"],
    ) == (
        "00.01.00",
        "G01",
        161,
        2021,
    )


def test_kle_topics_link_to_group_and_main_group(graph):
    (topic,) = nodes(graph, "KLETopic", code="15.00.00")
    (group,) = {r.end for r in rels(graph, "BROADER", start=topic.id)}  # one link per source stating it
    (main,) = {r.end for r in rels(graph, "BROADER", start=group)}
    assert graph.nodes[group].properties == {"code": "15.00", "level": "group"}
    assert graph.nodes[main].properties == {
        "code": "15",
        "level": "main group",
        "title": "Arbejdsmarked og beskæftigelsesindsats",
    }


def test_unknown_and_national_party_letters_are_parties(graph):
    (ø,) = nodes(graph, "Party", letter="Ø")
    assert ø.properties["name"] == "Enhedslisten"


def test_every_node_but_sources_has_provenance_with_lines(graph):
    for node in graph.nodes.values():
        if node.label != "Source":
            assert node.provenance, node.id
            assert all(source in graph.nodes for source in node.provenance)


def test_every_relationship_names_its_source_and_lines(graph):
    for rel in graph.relationships.values():
        assert graph.nodes[rel.source].label == "Source"
        assert rel.spans


def test_merging_the_same_documents_twice_changes_nothing(records):
    once = to_node_link(build_graph(records, STAMP))
    twice = to_node_link(build_graph(records + records, STAMP))
    assert once == twice


def test_any_order_of_documents_gives_the_same_graph(records):
    outputs = {
        json.dumps(to_node_link(build_graph(list(order), STAMP)), sort_keys=True)
        for order in itertools.islice(itertools.permutations(records), 0, 120, 23)
    }
    assert len(outputs) == 1


def test_node_link_file_reads_back_and_loads_in_networkx(graph, tmp_path):
    path = tmp_path / "graph.json"
    write_node_link(graph, path)
    assert to_node_link(read_node_link(path)) == to_node_link(graph)
    nx_graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert nx_graph.number_of_nodes() == len(graph.nodes)


def test_records_in_their_json_form_give_the_same_graph_as_the_models(records):
    as_json = [json.loads(record.model_dump_json()) for record in records]
    assert to_node_link(build_graph(as_json, STAMP)) == to_node_link(build_graph(records, STAMP))


def test_facts_stated_on_the_same_lines_share_one_spans_tuple(graph):
    by_spans: dict[tuple, list] = {}
    for rel in graph.relationships.values():
        if len(rel.spans) == 1:
            by_spans.setdefault(tuple(rel.spans), []).append(rel.spans)
    shared = [group for group in by_spans.values() if len(group) > 1]
    assert shared
    assert all(all(spans is group[0] for spans in group) for group in shared)


def test_a_relationship_first_stated_without_properties_takes_them_from_a_later_statement():
    graph = graph_of(p="Person", m="Meeting", s="Source")
    graph.add_relationship("ATTENDED", "p", "m", "s", (3, 3))
    other = graph.add_relationship("ATTENDED", "p", "m", "s", (4, 4), {"role": "formand"})
    bare = graph.add_relationship("ABSENT_FROM", "p", "m", "s", (5, 5))
    assert other.properties == {"role": "formand"}
    assert other.spans == ((3, 3), (4, 4))
    assert bare.properties == {}
    with pytest.raises(TypeError):
        bare.properties["role"] = "x"  # the shared empty map of relationships without properties is read-only


def test_values_that_recur_across_the_graph_are_kept_once(records):
    graph = build_graph([json.loads(record.model_dump_json()) for record in records], STAMP)  # as a build reads them
    outcomes = [n.properties["outcome"] for n in graph.of_label("Decision") if n.properties.get("outcome")]
    facets = [n.properties["facet"] for n in graph.of_label("Case")]
    for values in (outcomes, facets):
        assert len(values) > len(set(values)) > 0
        assert len({id(value) for value in values}) == len(set(values))


def test_writing_the_node_link_file_leaves_no_second_copy_of_the_texts_in_memory(graph, tmp_path):
    texts = [v for n in graph.nodes.values() for v in n.properties.values() if isinstance(v, str) and not v.isascii()]
    sizes = [sys.getsizeof(text) for text in texts]
    write_node_link(graph, tmp_path / "graph.json")
    assert texts
    assert [sys.getsizeof(text) for text in texts] == sizes  # orjson would have cached each one's UTF-8 in it


def test_a_fact_stated_on_many_lines_of_one_document_keeps_each_line_once():
    graph = graph_of(s="Source", a="Party")
    for line in [*range(1, 3001), 5, 7]:
        graph.add_node("Party", "a", source="s", span=(line, line))
        graph.add_node("Person", "p", source="s", span=(line, line))
        graph.add_relationship("MEMBER_OF", "p", "a", "s", (line, line))
    assert graph.provenance("s", graph.nodes["a"].provenance["s"]) == {"lines": "1-3000"}
    assert len(graph.relationships[("MEMBER_OF", "p", "a")].spans) == 3000


def test_rdf_writers_walk_nodes_by_id_each_with_its_relationships_in_the_order_they_were_merged():
    graph = graph_of(s2="Source", s1="Source", p="Person", m="Meeting", a="Party")
    graph.add_relationship("MEMBER_OF", "p", "a", "s2", (1, 1))
    graph.add_relationship("ATTENDED", "p", "m", "s2", (2, 2))
    graph.add_relationship("ATTENDED", "p", "m", "s1", (3, 3))
    walk = [(node.id, [(r.type, r.sources) for r in out]) for node, out in graph.nodes_with_outgoing()]
    assert walk == [
        ("a", []),
        ("m", []),
        ("p", [("MEMBER_OF", ["s2"]), ("ATTENDED", ["s2", "s1"])]),
        ("s1", []),
        ("s2", []),
    ]


def test_a_fact_stated_by_several_documents_is_one_relationship_listing_each_with_its_lines():
    graph = graph_of(s1="Source", s2="Source", p="Person", a="Party")
    graph.add_relationship("MEMBER_OF", "p", "a", "s1", (3, 3))
    graph.add_relationship("MEMBER_OF", "p", "a", "s2", (7, 8))
    graph.add_relationship("MEMBER_OF", "p", "a", "s1", (9, 9))
    assert len(graph.relationships) == 1
    fact = graph.relationships[("MEMBER_OF", "p", "a")]
    assert graph.statement_lists(fact) == {"sources": ["s1", "s2"], "lines": ["3,9", "7-8"]}


def test_a_fact_takes_a_property_it_lacks_from_a_later_document():
    # a "Tidligere behandling" reference states the item without its position; the item's own minutes state it
    graph = graph_of(s1="Source", s2="Source", i="AgendaItem", m="Meeting")
    graph.add_relationship("ON_AGENDA_OF", "i", "m", "s1", (2, 2))
    graph.add_relationship("ON_AGENDA_OF", "i", "m", "s2", (5, 5), {"position": 4})
    assert graph.relationships[("ON_AGENDA_OF", "i", "m")].properties == {"position": 4}


def test_a_relationship_from_a_node_the_graph_lacks_is_an_error_when_written():
    graph = graph_of(s="Source", a="Party", p="Person")
    graph.add_relationship("MEMBER_OF", "p", "a", "s", (1, 1))
    del graph.nodes["p"]
    with pytest.raises(ValueError, match="relationship from p"):
        list(graph.nodes_with_outgoing())


def test_a_node_link_file_read_back_and_written_again_is_byte_for_byte_the_same(graph, tmp_path):
    write_node_link(graph, tmp_path / "first.json")
    write_node_link(read_node_link(tmp_path / "first.json"), tmp_path / "second.json")
    assert (tmp_path / "second.json").read_bytes() == (tmp_path / "first.json").read_bytes()


def _realworld_record(name: str):
    from conftest import FIXTURES

    from kommunegraf.loaders import load

    return load(FIXTURES / "realworld" / "documents" / name)


def test_a_case_numbered_in_another_scheme_is_a_case_without_kle_parts():
    # "EMN-2025-003383": FirstAgenda's ESDH number, not a KLE journal number
    graph = build_graph([_realworld_record("aarhus-br-2025-08-27.pdf")], STAMP)
    (case,) = nodes(graph, "Case", number="EMN-2025-003383")
    assert "kle" not in case.properties and "year" not in case.properties
    assert rels(graph, "CONCERNS", end=case.id)


def test_a_meeting_known_only_from_its_agenda_has_status_agenda():
    graph = build_graph([_realworld_record("aarhus-br-2025-10-08-dagsorden.html")], STAMP)
    (meeting,) = nodes(graph, "Meeting", date="2025-10-08")
    assert meeting.properties["status"] == "agenda"


@pytest.mark.parametrize("agenda_first", [True, False])
def test_minutes_outrank_the_agenda_of_the_same_meeting_whatever_the_order(records, agenda_first):
    minutes = records[0]
    agenda = minutes.model_copy(deep=True)
    agenda.meeting.document_type = "agenda"
    agenda.source.sha256 = ("0" if agenda_first else "f") * 64  # records merge in the order of their sha256
    graph = build_graph([agenda, minutes], STAMP)
    (meeting,) = nodes(graph, "Meeting", date=str(minutes.meeting.date))
    assert meeting.properties["status"] == "minutes"
