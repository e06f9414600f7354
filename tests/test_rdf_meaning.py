"""What the RDF export means: the public terms say what their definitions say, and a reasoner infers nothing false.

Each test states a fact of the example minutes (or of the public term's
definition) and checks the export says it, in the public term, without a
reasoner; or checks what OWL-RL inference over the ontology and the export
may not conclude.
"""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from conftest import STAMP, namespace
from rdflib import RDF, RDFS, Literal, URIRef

import kommunegraf
from kommunegraf.graph import build_graph
from kommunegraf.ontology import build as ontology_build
from kommunegraf.ontology.owl_ontology import ONTOLOGY_IRI
from kommunegraf.stores.rdf_derived import planned_start
from kommunegraf.stores.rdf_export import FORMATS, export, quads, triples

BESLUIT = namespace("besluit")
MANDAAT = namespace("mandaat")
KG = namespace("kg")
ORG = namespace("org")
PROV = namespace("prov")
DCT = namespace("dct")
ELI = namespace("eli")
SCHEMA = namespace("schema")
SKOS = namespace("skos")
OWL = namespace("owl")
XSD = namespace("xsd")


@pytest.fixture(scope="module")
def data(seed_graph) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ox.serialize(triples(seed_graph), format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_build.ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def inferred(data, ontology) -> rdflib.Graph:
    """The OWL-RL closure of the ontology and the export."""
    closure = rdflib.Graph()
    for triple in (*data, *ontology):
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return closure


def _node(seed_graph, label, **properties):
    return next(n for n in seed_graph.of_label(label) if all(n.properties.get(k) == v for k, v in properties.items()))


def _meeting(seed_graph, date):
    return URIRef(_node(seed_graph, "Meeting", date=date).id)


# -- attendance --------------------------------------------------------------------------------------------------


def test_the_ontology_does_not_make_attendees_holders_of_a_mandate(ontology):
    assert not list(ontology.triples((None, OWL.inverseOf, BESLUIT.heeftAanwezigeBijStart)))
    assert (KG.attended, OWL.inverseOf, SCHEMA.attendee) in ontology


def test_a_reasoner_makes_no_attendee_a_mandate_holder(inferred):
    # staff attend too ("Jette Rau (erhvervschef)"): besluit:heeftAanwezigeBijStart names a mandaat:Mandataris
    assert not list(inferred.triples((None, BESLUIT.heeftAanwezigeBijStart, None)))
    assert not list(inferred.triples((None, RDF.type, MANDAAT.Mandataris)))


def test_each_participant_is_an_attendee_of_the_meeting_without_a_reasoner(data, seed_graph):
    meeting = _meeting(seed_graph, "2021-11-09")
    rau = URIRef(_node(seed_graph, "Person", name="Jette Rau").id)  # "Jette Rau (erhvervschef)" under Mødedeltagere
    assert (meeting, SCHEMA.attendee, rau) in data
    assert (meeting, RDF.type, SCHEMA.Event) in data
    wandel = URIRef(_node(seed_graph, "Person", name="Sussie Wandel").id)  # "(Afbud)": sent apologies, not there
    assert (meeting, SCHEMA.attendee, wandel) not in data


# -- planned start ---------------------------------------------------------------------------------------------


def test_the_start_time_is_not_a_subproperty_of_the_planned_start(ontology):
    assert (KG.startTime, RDFS.subPropertyOf, BESLUIT.geplandeStart) not in ontology


@pytest.mark.parametrize(
    ("date", "planned"),
    [
        ("2021-11-09", "2021-11-09T13:00:00+01:00"),  # "Tirsdag d. 09. november 2021 kl. 13:00": winter time
        ("2023-03-14", "2023-03-14T08:00:00+01:00"),  # "kl. 08:00", before summer time began on 26 March
        ("2022-10-26", "2022-10-26T16:00:00+02:00"),  # "kl. 16:00", summer time ended on 30 October
    ],
)
def test_a_meeting_with_a_printed_start_has_a_planned_start_in_danish_time(data, seed_graph, date, planned):
    starts = list(data.objects(_meeting(seed_graph, date), BESLUIT.geplandeStart))
    assert starts == [Literal(planned, datatype=XSD.dateTime)]


def test_a_meeting_whose_start_is_not_printed_has_no_planned_start(data, seed_graph):
    # 2016-11-08 is read from an extract that prints no time; 2021-05-11 is known only from a Tidligere behandling
    for date in ("2016-11-08", "2021-05-11"):
        assert not list(data.objects(_meeting(seed_graph, date), BESLUIT.geplandeStart))


def test_a_reasoner_finds_no_time_of_day_as_a_planned_start(inferred):
    assert {o.datatype for o in inferred.objects(None, BESLUIT.geplandeStart)} == {XSD.dateTime}


@pytest.mark.parametrize(
    ("date", "time", "planned"),
    [
        ("2021-03-27", "10:00", "2021-03-27T10:00:00+01:00"),
        ("2021-03-28", "10:00", "2021-03-28T10:00:00+02:00"),  # summer time begins at 02:00 that night
        ("2021-10-31", "10:00", "2021-10-31T10:00:00+01:00"),  # and ends at 03:00 this one
        ("2021-07-01", "25:75", None),  # no time of day: no planned start rather than a wrong one
        (None, "10:00", None),
    ],
)
def test_the_planned_start_has_the_offset_copenhagen_keeps_that_day(date, time, planned):
    assert planned_start(date, time) == planned


# -- parties -----------------------------------------------------------------------------------------------------


def test_a_party_is_an_organisation_classified_as_a_political_party_not_a_fraction(ontology, data, seed_graph):
    assert (KG.Party, RDFS.subClassOf, MANDAAT.Fractie) not in ontology
    for party in seed_graph.of_label("Party"):
        types = set(data.objects(URIRef(party.id), RDF.type))
        assert {ORG.Organization, SCHEMA.PoliticalParty} <= types
        assert MANDAAT.Fractie not in types


def test_a_reasoner_makes_no_party_a_fraction(inferred):
    assert not list(inferred.triples((None, RDF.type, MANDAAT.Fractie)))


# -- provenance ----------------------------------------------------------------------------------------------


def test_a_thing_is_referenced_by_its_documents_not_derived_from_them(data, seed_graph):
    sussie = _node(seed_graph, "Person", name="Sussie Wandel")
    assert set(data.objects(URIRef(sussie.id), DCT.isReferencedBy)) == {URIRef(s) for s in sussie.provenance}
    assert not list(data.triples((None, PROV.wasDerivedFrom, None)))  # no person, meeting, ... derived from a file


def test_in_the_quad_export_only_named_graphs_and_statements_are_derived_from_documents(seed_graph):
    dataset = rdflib.Dataset().parse(data=ox.serialize(quads(seed_graph), format=ox.RdfFormat.N_QUADS), format="nquads")
    derived = {s for s, _, _, _ in dataset.quads((None, PROV.wasDerivedFrom, None, None))}
    statements = {s for s, _, _, _ in dataset.quads((None, RDF.type, RDF.Statement, None))}
    named_graphs = {URIRef(n.id.replace("/source/", "/graph/")) for n in seed_graph.of_label("Source")}
    assert derived and derived <= statements | named_graphs
    assert not list(dataset.quads((None, PROV.qualifiedDerivation, None, None)))


# -- sources, employment -------------------------------------------------------------------------------------


def test_loaded_at_is_not_when_the_file_was_created(ontology):
    assert not list(ontology.triples((KG.loadedAt, RDFS.subPropertyOf, None)))


def test_a_files_format_is_its_media_type_in_ianas_register(data, seed_graph):
    source = next(iter(seed_graph.of_label("Source")))  # the examples are text files
    (media,) = data.objects(URIRef(source.id), DCT["format"])  # DCT.format is str.format
    assert media == URIRef("https://www.iana.org/assignments/media-types/text/plain")
    assert (media, RDF.type, DCT.MediaType) in data


def test_a_job_title_is_an_org_role_of_a_membership_of_the_unit(data, seed_graph):
    # "Jannik Karoli Plum Nielsen (centerchef for Arbejdsmarked)" works in Center for Arbejdsmarked
    person = URIRef(_node(seed_graph, "Person", name="Jannik Karoli Plum Nielsen").id)
    unit = URIRef(_node(seed_graph, "OrgUnit", name="Center for Arbejdsmarked").id)
    (membership,) = data.subjects(ORG.member, person)
    assert (membership, RDF.type, ORG.Membership) in data
    assert (membership, ORG.organization, unit) in data
    (role,) = data.objects(membership, ORG.role)
    assert (role, RDF.type, ORG.Role) in data
    assert data.value(role, SKOS.prefLabel) == Literal("centerchef for Arbejdsmarked", lang="da")
    assert (person, ORG.memberOf, unit) in data
    assert not list(data.triples((None, RDF.type, KG.Employment)))


# -- LBLOD without a reasoner -------------------------------------------------------------------------------


def test_a_meeting_treats_each_item_on_its_agenda(data, seed_graph):
    items = {URIRef(r.start) for r in seed_graph.relationships.values() if r.type == "ON_AGENDA_OF"
             and r.end == _node(seed_graph, "Meeting", date="2021-11-09").id}  # fmt: skip
    assert items and set(data.objects(_meeting(seed_graph, "2021-11-09"), BESLUIT.behandelt)) == items


def _item(seed_graph, title):
    return _node(seed_graph, "AgendaItem", title=title)


def _decision_of(seed_graph, item):
    return next(r.end for r in seed_graph.relationships.values() if r.type == "HAS_DECISION" and r.start == item)


def test_a_decided_item_has_a_treatment_that_generated_the_decision(data, seed_graph):
    item = _item(seed_graph, "Indsatsen for borgere på sygedagpenge og i jobafklaring")
    decision = _decision_of(seed_graph, item.id)
    (treatment,) = data.subjects(DCT.subject, URIRef(item.id))
    assert (treatment, RDF.type, BESLUIT.BehandelingVanAgendapunt) in data
    assert (treatment, PROV.generated, URIRef(decision)) in data
    assert (treatment, BESLUIT.openbaar, Literal(True)) in data  # not marked Lukket


def test_a_decision_has_its_items_title_and_is_in_danish(data, seed_graph):
    item = _item(seed_graph, "Indsatsen for borgere på sygedagpenge og i jobafklaring")
    decision = URIRef(_decision_of(seed_graph, item.id))
    assert list(data.objects(decision, ELI.title)) == [Literal(item.properties["title"], lang="da")]
    danish = URIRef("http://publications.europa.eu/resource/authority/language/DAN")
    assert list(data.objects(decision, ELI.language)) == [danish]
    assert (danish, RDF.type, SKOS.Concept) in data


def test_an_item_is_planned_public_unless_closed_and_unknown_stays_unstated(data, seed_graph):
    closed = _node(seed_graph, "AgendaItem", closed=True)  # "Lukket: Tjeklister" in Herlev's minutes
    assert list(data.objects(URIRef(closed.id), BESLUIT.geplandOpenbaar)) == [Literal(False)]
    opened = _item(seed_graph, "Indsatsen for borgere på sygedagpenge og i jobafklaring")
    assert list(data.objects(URIRef(opened.id), BESLUIT.geplandOpenbaar)) == [Literal(True)]
    referenced = next(n for n in seed_graph.of_label("AgendaItem") if n.properties.get("closed") is None)
    assert not list(data.objects(URIRef(referenced.id), BESLUIT.geplandOpenbaar))


def _earlier_treatments(graph):
    return [r for r in graph.relationships.values() if r.type == "PREVIOUSLY_TREATED_AS"]


def test_an_earlier_treatment_is_a_relation_between_items(data, seed_graph):
    earlier = _earlier_treatments(seed_graph)
    assert earlier
    for treatment in earlier:
        assert (URIRef(treatment.start), KG.previouslyTreatedAs, URIRef(treatment.end)) in data
        assert (URIRef(treatment.start), DCT.relation, URIRef(treatment.end)) in data


def test_an_earlier_treatment_whose_meeting_the_corpus_publishes_is_an_lblod_reference_between_items(seed_records):
    graph = build_graph(seed_records, STAMP)
    treatment = min(_earlier_treatments(graph), key=lambda r: r.key)
    (meeting,) = (r.end for r in graph.relationships.values() if r.type == "ON_AGENDA_OF" and r.start == treatment.end)
    data = rdflib.Graph().parse(data=ox.serialize(triples(graph), format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert (URIRef(treatment.start), DCT.references, URIRef(treatment.end)) not in data  # only referred to
    # as when the earlier meeting's minutes are read too, which print its start and whether the item is open
    graph.nodes[meeting].properties.update(status="minutes", start_time="13:00")
    graph.nodes[treatment.end].properties.setdefault("title", "Budgetopfølgning")
    graph.nodes[treatment.end].properties["closed"] = False
    data = rdflib.Graph().parse(data=ox.serialize(triples(graph), format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert (URIRef(treatment.start), DCT.references, URIRef(treatment.end)) in data
    assert (URIRef(treatment.end), RDF.type, BESLUIT.Agendapunt) in data


# -- LBLOD for what the corpus publishes ----------------------------------------------------------------------

LBLOD = (str(BESLUIT), str(MANDAAT))


def _lblod(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(LBLOD)


def _items_of(seed_graph, meeting: URIRef) -> list[URIRef]:
    return sorted(
        URIRef(r.start) for r in seed_graph.relationships.values() if r.type == "ON_AGENDA_OF" and r.end == str(meeting)
    )


def _referenced_meeting(seed_graph) -> URIRef:
    meeting = _node(seed_graph, "Meeting", date="2021-05-11")  # named only by a "Tidligere behandling"
    assert meeting.properties["status"] == "referenced"
    return URIRef(meeting.id)


def _lblod_statements(graph: rdflib.Graph, node: URIRef) -> set:
    """What is said of ``node`` in LBLOD's terms: an LBLOD class, an LBLOD property from or to it, or LBLOD's
    reference between agenda items (dct:references) to it."""
    out = {(p, o) for p, o in graph.predicate_objects(node) if _lblod(p) or (p == RDF.type and _lblod(o))}
    into = {(s, p) for s, p in graph.subject_predicates(node) if _lblod(p) or p == DCT.references}
    return out | into


def _exported(seed_graph, tmp_path, fmt) -> rdflib.Graph:
    """Every statement of the export in ``fmt``; of a quad format, the union of its graphs."""
    path = tmp_path / f"graph.{fmt}"
    export(seed_graph, path, fmt)
    name = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
    if fmt not in ("trig", "nq"):
        return rdflib.Graph().parse(path, format=name)
    union = rdflib.Graph()
    for s, p, o, _ in rdflib.Dataset().parse(path, format=name).quads():
        union.add((s, p, o))
    return union


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_meeting_only_referred_to_and_its_items_have_no_lblod_class_or_term_in_any_format(seed_graph, tmp_path, fmt):
    exported = _exported(seed_graph, tmp_path, fmt)
    meeting = _referenced_meeting(seed_graph)
    items = _items_of(seed_graph, meeting)
    assert items  # "Erhvervs- og Beskæftigelsesudvalget den 11. maj 2021 Punkt 5" under Tidligere behandling
    assert (meeting, RDF.type, KG.Meeting) in exported
    for node in (meeting, *items):
        assert _lblod_statements(exported, node) == set(), node
    for item in items:
        assert (item, RDF.type, KG.AgendaItem) in exported
        assert list(exported.subjects(KG.previouslyTreatedAs, item))  # the link to it stays


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_meeting_with_minutes_and_its_items_are_lblods_session_and_agenda_items_in_any_format(
    seed_graph, tmp_path, fmt
):
    exported = _exported(seed_graph, tmp_path, fmt)
    meeting = _meeting(seed_graph, "2021-11-09")  # the minutes of Erhvervs- og Beskæftigelsesudvalget
    items = _items_of(seed_graph, meeting)
    assert {KG.Meeting, BESLUIT.Zitting, SCHEMA.Event} <= set(exported.objects(meeting, RDF.type))
    assert list(exported.objects(meeting, BESLUIT.isGehoudenDoor)) == list(exported.objects(meeting, KG.heldBy))
    assert list(exported.objects(meeting, BESLUIT.geplandeStart))  # "kl. 13:00"
    assert items and set(exported.objects(meeting, BESLUIT.behandelt)) == set(items)
    for item in items:
        assert (item, RDF.type, BESLUIT.Agendapunt) in exported


def test_a_reasoner_makes_no_meeting_only_referred_to_an_lblod_session_nor_its_items_agenda_items(inferred, seed_graph):
    referenced = [URIRef(m.id) for m in seed_graph.of_label("Meeting") if m.properties["status"] == "referenced"]
    assert referenced
    for meeting in referenced:
        for node in (meeting, *_items_of(seed_graph, meeting)):
            assert _lblod_statements(inferred, node) == set(), node
    published = _meeting(seed_graph, "2021-11-09")
    assert (published, RDF.type, BESLUIT.Zitting) in inferred


def test_the_ontology_has_no_axiom_that_would_state_lblod_terms_of_every_meeting_or_item(ontology):
    for cls in (KG.Meeting, KG.AgendaItem):
        assert not [o for o in ontology.objects(cls, RDFS.subClassOf) if _lblod(o)]
    assert not [(s, o) for s, o in ontology.subject_objects(OWL.inverseOf) if _lblod(o)]
    assert not [(s, o) for s, o in ontology.subject_objects(RDFS.subPropertyOf) if _lblod(o) or o == DCT.references]


# -- the ontology's header ---------------------------------------------------------------------------------


def test_the_ontology_has_a_version_iri_a_licence_and_a_creator(ontology):
    onto = URIRef(ONTOLOGY_IRI)
    assert ontology.value(onto, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{kommunegraf.__version__}")
    assert ontology.value(onto, OWL.versionInfo) == Literal(kommunegraf.__version__)
    licence = ontology.value(onto, DCT.license)
    assert licence == URIRef("http://spdx.org/licenses/MIT")  # pyproject.toml: license MIT
    creator = ontology.value(onto, DCT.creator)
    assert creator is not None and ontology.value(creator, rdflib.FOAF.name) is not None
