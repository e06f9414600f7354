"""SHACL on the export of the example minutes: the project's shapes and LBLOD's besluit-publication shapes.

The project's shapes (``ontology/shapes.ttl``, generated from the mapping)
hold every value to its datatype, list of values or lexical form, every
relationship to the class of its object, and every node to what the schema
says it has. The export conforms with no inference, with RDFS inference and
with OWL-RL inference over the ontology and the data (so the ontology's
axioms infer nothing a shape forbids); each planted error below is caught.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import get_args

import pyoxigraph as ox
import pytest
import rdflib
from conftest import FIXTURES, STAMP, graph_copy, namespace
from pyshacl import validate
from rdflib import RDF, Literal, URIRef

from kommunegraf.graph import build_graph
from kommunegraf.graph.builder import org_unit_kind
from kommunegraf.loaders import structured
from kommunegraf.loaders.base import LAYOUT_DESCRIPTIONS
from kommunegraf.loaders.standalone import document_kinds
from kommunegraf.ontology import build as ontology_build
from kommunegraf.ontology.schema import DECISION_OUTCOMES, DOCUMENT_KINDS, ORG_UNIT_KINDS, SOURCE_LAYOUTS
from kommunegraf.pipeline import build
from kommunegraf.records import Outcome, Span
from kommunegraf.stores.rdf_export import quads, triples
from kommunegraf.stores.rdf_lblod_scope import NO_ITEMS, NO_OPENNESS, NO_START, NO_TITLE, lblod_scope

LBLOD_SHAPES = FIXTURES / "standards" / "lblod" / "besluit-publicatie-subset.ttl"
INFERENCE = ("none", "rdfs", "owlrl")
SH = namespace("sh")
KG = namespace("kg")
BESLUIT = namespace("besluit")
DCT = namespace("dct")
ORG = namespace("org")
SKOS = namespace("skos")
XSD = namespace("xsd")
ELI = namespace("eli")


def data_graph(graph) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ox.serialize(triples(graph), format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.fixture(scope="module")
def data(seed_graph) -> rdflib.Graph:
    return data_graph(seed_graph)


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_build.SHAPES_FILE)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_build.ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def lblod() -> rdflib.Graph:
    return rdflib.Graph().parse(LBLOD_SHAPES)


def violations(report: rdflib.Graph) -> set[tuple[str, str | None, str]]:
    """(focus node, path, constraint component) of each result."""
    return {
        (
            str(report.value(result, SH.focusNode)),
            str(path) if (path := report.value(result, SH.resultPath)) is not None else None,
            str(report.value(result, SH.sourceConstraintComponent)).rpartition("#")[2],
        )
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }


# -- the export conforms -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("inference", INFERENCE)
def test_the_seeds_export_conforms_to_the_projects_shapes(data, shapes, ontology, inference):
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference=inference)
    assert conforms, text


def test_the_quad_exports_named_graphs_together_conform_to_the_projects_shapes(seed_graph, shapes):
    dataset = rdflib.Dataset().parse(data=ox.serialize(quads(seed_graph), format=ox.RdfFormat.N_QUADS), format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    conforms, _, text = validate(union, shacl_graph=shapes)
    assert conforms, text


def test_exports_of_pdf_and_html_minutes_conform_to_the_shapes(seed_pdfs, seed_html_pages, shapes):
    graph = build([seed_pdfs[0], seed_html_pages[0]], loaded_at=STAMP).graph
    assert any(n.properties.get("url") for n in graph.of_label("Attachment"))
    conforms, _, text = validate(data_graph(graph), shacl_graph=shapes)
    assert conforms, text


def test_exports_of_real_world_documents_and_publishing_systems_conform_to_the_shapes(shapes):
    graph = build([FIXTURES / "realworld", FIXTURES / "structured"], loaded_at=STAMP).graph
    assert any(n.properties["format"].endswith(" export") for n in graph.of_label("Source"))
    conforms, _, text = validate(data_graph(graph), shacl_graph=shapes)
    assert conforms, text


@pytest.mark.parametrize("inference", INFERENCE)
def test_the_lblod_shapes_find_no_violation_in_the_export_of_the_example_minutes(data, lblod, ontology, inference):
    """LBLOD's besluit-publication profile holds every besluit:Zitting to a planned start, a body and an item,
    and every besluit:Agendapunt to a title and a planned openness. The 2016 extract prints no time for its
    meeting: rather than a made-up time, that meeting is not typed a Zitting (``lblod_scope``)."""
    conforms, _, text = validate(data, shacl_graph=lblod, ont_graph=ontology, inference=inference)
    assert conforms, text


def _extract_meeting(seed_graph):
    meeting = next(m for m in seed_graph.of_label("Meeting") if m.properties["date"] == "2016-11-08")
    assert meeting.properties["status"] == "minutes" and not meeting.properties.get("start_time")  # no "kl."
    return meeting


def _items_of(graph, meeting_id: str) -> list[str]:
    return sorted(r.start for r in graph.relationships.values() if r.type == "ON_AGENDA_OF" and r.end == meeting_id)


def test_a_published_meeting_that_states_no_start_time_is_a_meeting_but_not_an_lblod_session(seed_graph, data):
    meeting = URIRef(_extract_meeting(seed_graph).id)
    assert (meeting, RDF.type, KG.Meeting) in data
    assert (meeting, RDF.type, BESLUIT.Zitting) not in data
    assert not list(data.objects(meeting, BESLUIT.geplandeStart))
    assert list(data.objects(meeting, KG.heldBy))  # what it states is all still there


def test_the_items_of_a_meeting_that_is_no_lblod_session_are_no_lblod_agenda_items(seed_graph, data):
    """LBLOD's Agendapunt is an item of a Zitting (the project's shapes hold it to that)."""
    items = _items_of(seed_graph, _extract_meeting(seed_graph).id)
    assert items
    for item in items:
        assert (URIRef(item), RDF.type, KG.AgendaItem) in data
        assert (URIRef(item), RDF.type, BESLUIT.Agendapunt) not in data


def test_the_lblod_scope_names_the_meeting_with_no_start_time_and_why(seed_graph):
    scope = lblod_scope(seed_graph)
    assert scope.reasons() == {NO_START: [_extract_meeting(seed_graph).id]}


def test_an_item_that_does_not_say_whether_it_is_open_is_left_out_of_lblod_and_the_export_still_conforms(
    seed_graph, lblod, tmp_path
):
    graph = graph_copy(seed_graph, tmp_path)
    meeting = next(m for m in graph.of_label("Meeting") if m.properties["date"] == "2021-11-09")
    item = _items_of(graph, meeting.id)[0]
    del graph.nodes[item].properties["closed"]
    scope = lblod_scope(graph)
    assert scope.left_out[item] == NO_OPENNESS
    exported = data_graph(graph)
    assert (URIRef(item), RDF.type, BESLUIT.Agendapunt) not in exported
    assert (URIRef(meeting.id), BESLUIT.behandelt, URIRef(item)) not in exported
    conforms, _, text = validate(exported, shacl_graph=lblod)
    assert conforms, text


def test_a_meeting_none_of_whose_items_lblod_can_describe_is_not_an_lblod_session(seed_graph, lblod, tmp_path):
    graph = graph_copy(seed_graph, tmp_path)
    meeting = next(m for m in graph.of_label("Meeting") if m.properties["date"] == "2021-11-09")
    items = _items_of(graph, meeting.id)
    graph.nodes[items[0]].properties.pop("title")
    for item in items[1:]:
        graph.nodes[item].properties.pop("closed")
    scope = lblod_scope(graph)
    assert scope.left_out[meeting.id] == NO_ITEMS
    assert scope.left_out[items[0]] == NO_TITLE
    assert {scope.left_out[item] for item in items[1:]} == {NO_OPENNESS}
    exported = data_graph(graph)
    assert (URIRef(meeting.id), RDF.type, BESLUIT.Zitting) not in exported
    assert not [item for item in items if (URIRef(item), RDF.type, BESLUIT.Agendapunt) in exported]


def test_a_decision_keeps_its_lblod_title_when_its_item_is_left_out_of_lblod(seed_graph, tmp_path):
    graph = graph_copy(seed_graph, tmp_path)
    decided = next(r for r in graph.relationships.values() if r.type == "HAS_DECISION")
    del graph.nodes[decided.start].properties["closed"]
    exported = data_graph(graph)
    title = graph.nodes[decided.start].properties["title"]
    assert (URIRef(decided.end), RDF.type, BESLUIT.Besluit) in exported
    assert [str(t) for t in exported.objects(URIRef(decided.end), ELI.title)] == [title]


# -- planted errors are caught ---------------------------------------------------------------------------------


def _first(graph: rdflib.Graph, cls: URIRef) -> URIRef:
    return min(graph.subjects(RDF.type, cls))


def _replace(graph: rdflib.Graph, subject: URIRef, predicate: URIRef, value) -> None:
    graph.remove((subject, predicate, None))
    graph.add((subject, predicate, value))


def _kle(graph: rdflib.Graph, level: str) -> URIRef:
    return min(s for s in graph.subjects(KG.kleLevel, Literal(level)))


def plant_unknown_outcome(g):
    decision = _first(g, KG.Decision)
    _replace(g, decision, KG.outcome, Literal("adopted"))
    return decision, KG.outcome


def plant_unknown_status(g):
    meeting = _first(g, KG.Meeting)
    _replace(g, meeting, KG.status, Literal("cancelled"))
    return meeting, KG.status


def plant_kle_level_that_does_not_exist(g):
    topic = _kle(g, "topic")
    _replace(g, topic, KG.kleLevel, Literal("subtopic"))
    return topic, KG.kleLevel


def plant_kle_code_of_a_fourth_level(g):
    topic = _kle(g, "topic")
    _replace(g, topic, SKOS.notation, Literal("15.00.00.01"))
    return topic, SKOS.notation


def plant_kle_level_other_than_its_code_says(g):
    main_group = _kle(g, "main group")
    _replace(g, main_group, SKOS.notation, Literal("15.00.00"))  # a topic's code on a main group
    return main_group, None


def plant_malformed_sha256(g):
    source = _first(g, KG.Source)
    _replace(g, source, KG.sha256, Literal("D41D8CD98F00B204E9800998ECF8427E"))
    return source, KG.sha256


def plant_malformed_kommunekode(g):
    municipality = _first(g, KG.Municipality)
    _replace(g, municipality, DCT.identifier, Literal("15a"))
    return municipality, DCT.identifier


def plant_malformed_date(g):
    meeting = _first(g, KG.Meeting)
    _replace(g, meeting, DCT.date, Literal("2021-11-9", datatype=XSD.date))
    return meeting, DCT.date


def plant_time_that_is_no_time_of_day(g):
    meeting = next(iter(g.subjects(KG.startTime, None)))
    _replace(g, meeting, KG.startTime, Literal("25:75:00", datatype=XSD.time))
    return meeting, KG.startTime


def plant_media_type_as_a_string(g):
    source = _first(g, KG.Source)
    _replace(g, source, DCT["format"], Literal("application/pdf"))  # DCT.format is str.format
    return source, DCT["format"]


def plant_membership_pointing_at_a_meeting(g):
    person = next(iter(g.subjects(ORG.memberOf, None)))
    g.add((person, ORG.memberOf, _first(g, KG.Meeting)))
    return person, ORG.memberOf


def plant_decision_pointing_at_a_kle_topic(g):
    item = next(iter(g.subjects(KG.hasDecision, None)))
    g.add((item, KG.hasDecision, _kle(g, "topic")))
    return item, KG.hasDecision


def plant_decision_classified_as_a_kle_topic(g):
    decision = _first(g, KG.Decision)
    g.add((decision, KG.classifiedAs, _kle(g, "topic")))
    return decision, None  # kg:classifiedAs is said of a case only


def plant_person_without_provenance(g):
    person = _first(g, KG.Person)
    g.remove((person, DCT.isReferencedBy, None))
    return person, DCT.isReferencedBy


def _referenced_meeting(g) -> URIRef:
    return min(g.subjects(KG.status, Literal("referenced")))


def plant_lblod_session_for_a_meeting_only_referred_to(g):
    meeting = _referenced_meeting(g)
    g.add((meeting, RDF.type, BESLUIT.Zitting))
    return meeting, KG.status


def plant_lblod_agenda_item_on_a_meeting_only_referred_to(g):
    item = min(g.subjects(KG.onAgendaOf, _referenced_meeting(g)))
    g.add((item, RDF.type, BESLUIT.Agendapunt))
    return item, KG.onAgendaOf


def plant_lblod_body_of_a_meeting_only_referred_to(g):
    meeting = _referenced_meeting(g)
    g.add((meeting, BESLUIT.isGehoudenDoor, g.value(meeting, KG.heldBy)))
    return meeting, None


def plant_lblod_reference_to_an_item_only_referred_to(g):
    referenced = set(g.subjects(KG.status, Literal("referenced")))
    item, earlier = min(
        (item, earlier)
        for item, earlier in g.subject_objects(KG.previouslyTreatedAs)
        if g.value(earlier, KG.onAgendaOf) in referenced
    )
    g.add((item, DCT.references, earlier))
    return earlier, None


PLANTED = [
    plant_unknown_outcome,
    plant_unknown_status,
    plant_kle_level_that_does_not_exist,
    plant_kle_code_of_a_fourth_level,
    plant_kle_level_other_than_its_code_says,
    plant_malformed_sha256,
    plant_malformed_kommunekode,
    plant_malformed_date,
    plant_time_that_is_no_time_of_day,
    plant_media_type_as_a_string,
    plant_membership_pointing_at_a_meeting,
    plant_decision_pointing_at_a_kle_topic,
    plant_decision_classified_as_a_kle_topic,
    plant_person_without_provenance,
    plant_lblod_session_for_a_meeting_only_referred_to,
    plant_lblod_agenda_item_on_a_meeting_only_referred_to,
    plant_lblod_body_of_a_meeting_only_referred_to,
    plant_lblod_reference_to_an_item_only_referred_to,
]


@pytest.mark.parametrize("plant", PLANTED, ids=lambda plant: plant.__name__.removeprefix("plant_"))
def test_a_planted_error_is_caught(data, shapes, plant):
    planted = rdflib.Graph()
    planted += data
    focus, path = plant(planted)
    conforms, report, text = validate(planted, shacl_graph=shapes)
    assert not conforms
    assert (str(focus), str(path) if path else None) in {(f, p) for f, p, _ in violations(report)}, text


def test_a_meeting_without_date_and_a_person_without_name_do_not_conform(seed_records, shapes):
    graph = build_graph(seed_records, STAMP)
    meeting = min(graph.of_label("Meeting"), key=lambda n: n.id)
    del meeting.properties["date"]
    source = next(iter(graph.of_label("Source"))).id
    graph.add_node("Person", "https://example.org/nameless", {}, source, Span(start=1, end=1))
    conforms, report, _ = validate(data_graph(graph), shacl_graph=shapes)
    assert not conforms
    found = {(focus, path) for focus, path, _ in violations(report)}
    assert {(meeting.id, str(DCT.date)), ("https://example.org/nameless", "http://xmlns.com/foaf/0.1/name")} <= found


# -- the shapes' lists are the values the code writes ----------------------------------------------------


def test_the_outcomes_the_shapes_allow_are_those_a_decision_record_can_have():
    assert get_args(Outcome) == DECISION_OUTCOMES


def test_the_layouts_the_shapes_allow_are_the_loaders_layouts_and_the_export_systems():
    modules = pkgutil.iter_modules(structured.__path__)
    systems = [importlib.import_module(f"{structured.__name__}.{module.name}") for module in modules]
    exports = {f"{module.SYSTEM} export" for module in systems if hasattr(module, "SYSTEM")}
    assert set(LAYOUT_DESCRIPTIONS) | exports == set(SOURCE_LAYOUTS)


def test_the_document_kinds_the_shapes_allow_are_those_a_standalone_document_can_have():
    assert {kind for _, kind in document_kinds()} | {"other"} == set(DOCUMENT_KINDS)


@pytest.mark.parametrize("name", ["Center for Arbejdsmarked", "Jobcenter Ballerup", "Team Ung", "Forvaltningen", "X"])
def test_every_unit_kind_the_builder_gives_is_one_the_shapes_allow(name):
    assert org_unit_kind(name) in ORG_UNIT_KINDS


@pytest.mark.parametrize("fmt", ["ttl", "rdf"])
def test_export_names_the_meeting_left_out_of_lblod_and_why(seed_graph, built, tmp_path, fmt):
    from typer.testing import CliRunner

    from kommunegraf.cli import app

    out = tmp_path / ("graph.ttl" if fmt == "ttl" else "rdf")
    result = CliRunner().invoke(app, ["export", str(built), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    meeting = _extract_meeting(seed_graph).id
    (line,) = [line for line in result.output.splitlines() if "LBLOD" in line]
    assert line.startswith("warning:") and NO_START in line and line.endswith(meeting)
