"""RDF export: the ontology as generated, typed literals, named graphs per source, round trips (SHACL: test_shapes)."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib
from conftest import ROOT, STAMP

from kommunegraf.graph.identity import IdMinter
from kommunegraf.graph.model import Graph
from kommunegraf.graph.spans import format_spans
from kommunegraf.ontology import build as ontology_build
from kommunegraf.ontology.mapping import CLASS_OF, PROPERTY_OF, expand, relationship_term
from kommunegraf.pipeline import build
from kommunegraf.stores.rdf_export import FORMATS, export, quads, triples, write_ntriples
from kommunegraf.stores.rdf_links import LinksError, read_same_as

XSD = "http://www.w3.org/2001/XMLSchema#"
KG = "https://w3id.org/kommunegraf/ontology#"


@pytest.fixture(scope="module")
def pdf_graph(seed_pdfs):
    return build(seed_pdfs, loaded_at=STAMP).graph


@pytest.fixture(scope="module")
def store(seed_graph):
    result = ox.Store()
    result.extend(quads(seed_graph))
    return result


def ask(store, query):
    prefixes = (
        "PREFIX kg: <https://w3id.org/kommunegraf/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
        "PREFIX besluit: <http://data.vlaanderen.be/ns/besluit#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "PREFIX org: <http://www.w3.org/ns/org#> "
    )
    return list(store.query(prefixes + query, use_default_graph_as_union=True))


def test_committed_ontology_shapes_and_context_are_generated_from_the_mapping():
    for path, data in ontology_build.render().items():
        assert path.read_bytes() == data, f"{path.name} is stale: run python -m kommunegraf.ontology.build"


def test_every_label_property_and_relationship_in_the_graph_has_an_rdf_term(seed_graph):
    for node in seed_graph.nodes.values():
        assert node.label in CLASS_OF
        for key in node.properties:
            assert (node.label, key) in PROPERTY_OF, (node.label, key)
    for rel in seed_graph.relationships.values():
        assert relationship_term(rel.type, seed_graph.nodes[rel.start].label)


def test_the_ontology_labels_every_class_in_danish_and_english():
    ontology = rdflib.Graph().parse(ontology_build.ONTOLOGY_FILE)
    for cls in CLASS_OF.values():
        languages = {o.language for o in ontology.objects(rdflib.URIRef(expand(cls.term)), rdflib.RDFS.label)}
        assert languages == {"da", "en"}, cls.term


def test_literals_are_typed_and_danish_text_is_tagged(store):
    (row,) = ask(
        store,
        "SELECT ?date ?time ?number ?closed ?title WHERE { ?m kg:startTime ?time ; dct:date ?date . "
        "?i kg:onAgendaOf ?m ; kg:itemNumber ?number ; kg:closed ?closed ; dct:title ?title . "
        "FILTER(?number = 2 && ?time = '13:00:00'^^<http://www.w3.org/2001/XMLSchema#time>) }",
    )
    assert row["date"] == ox.Literal("2021-11-09", datatype=ox.NamedNode(XSD + "date"))
    assert row["number"].datatype == ox.NamedNode(XSD + "integer")
    assert row["closed"] == ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))
    assert row["title"].language == "da"


def test_each_source_has_a_named_graph_derived_from_it(store, seed_graph):
    graphs = ask(store, "SELECT ?g ?s ?path WHERE { ?g prov:wasDerivedFrom ?s . ?s kg:path ?path ; kg:sha256 ?sha . }")
    assert len([g for g in graphs if "/graph/" in g["g"].value]) == 5
    stated = ask(
        store,
        "SELECT ?g WHERE { GRAPH ?g { ?p kg:sentApologiesFor ?m . ?p foaf:name 'Sussie Wandel' } }",
    )
    sources = {
        n.properties["sha256"]
        for n in seed_graph.of_label("Source")
        if n.properties["path"].endswith("000_eeae5a2dcf1e0b42.txt")
    }
    assert [r["g"].value.rsplit("/", 1)[1] for r in stated] == list(sources)


def test_roles_are_kept_as_qualified_relations(store):
    rows = ask(
        store,
        "SELECT DISTINCT ?a ?role WHERE { ?a a kg:Attendance ; kg:agent ?p ; kg:role ?role . "
        "?p foaf:name 'Steen Pedersen' }",
    )
    assert sorted(r["role"].value for r in rows) == [
        "centerchef for By og Miljø",
        "centerchef for By, Erhverv og Miljø",
    ]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_serialisation_parses_back_to_the_same_statements(seed_graph, tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    export(seed_graph, path, fmt)
    rdflib_format = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
    if fmt in ("trig", "nq"):
        parsed = rdflib.Dataset().parse(path, format=rdflib_format)
        expected = rdflib.Dataset().parse(
            data=ox.serialize(quads(seed_graph), format=ox.RdfFormat.N_QUADS), format="nquads"
        )
        assert {q for q in parsed.quads()} == {q for q in expected.quads()}
    else:
        parsed = rdflib.Graph().parse(path, format=rdflib_format)
        expected = rdflib.Graph().parse(
            data=ox.serialize(triples(seed_graph), format=ox.RdfFormat.N_TRIPLES), format="nt"
        )
        assert set(parsed) == set(expected)
        assert len(parsed) > 1500


def test_a_fact_stated_by_several_documents_is_one_triple(seed_graph):
    fact = next(r for r in seed_graph.relationships.values() if r.type == "MEMBER_OF" and len(r.sources) > 1)
    start, end = fact.start, fact.end  # a person and party, stated by several documents
    out = io.BytesIO()
    write_ntriples(seed_graph, out)
    lines = out.getvalue().decode("utf-8").splitlines()
    assert len(lines) == len(set(lines))
    assert sum(line.startswith(f"<{start}> ") and line.endswith(f" <{end}> .") for line in lines) == 1


def test_iris_are_stable_and_the_base_can_be_changed(seed_graph, tmp_path):
    export(seed_graph, tmp_path / "a.nt", "nt")
    export(seed_graph, tmp_path / "b.nt", "nt")
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()
    export(seed_graph, tmp_path / "c.nt", "nt", base_iri="https://data.example.dk/")
    text = (tmp_path / "c.nt").read_text(encoding="utf-8")
    assert "<https://data.example.dk/municipality/151>" in text and "w3id.org/kommunegraf/id/" not in text


def test_rdf_dataset_export_writes_every_serialisation_and_a_dcat_catalog(tmp_path):
    from typer.testing import CliRunner

    from kommunegraf.cli import app

    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(ROOT / "examples" / "minutes"), "-o", str(out), "-q"]).exit_code == 0
    result = runner.invoke(
        app, ["export", str(out), "--format", "rdf", "--download-base", "https://data.example.dk/mg"]
    )
    assert result.exit_code == 0, result.output
    folder = out / "rdf"
    descriptions = ["catalog.ttl", "catalog-dk.ttl", "void.ttl"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*descriptions, *(f"graph.{f}" for f in FORMATS)])
    catalog = rdflib.Graph().parse(folder / "catalog.ttl")
    dcat = rdflib.Namespace(expand("dcat:"))
    dct = rdflib.Namespace(expand("dct:"))
    (dataset,) = catalog.subjects(rdflib.RDF.type, dcat.Dataset)
    distributions = list(catalog.objects(dataset, dcat.distribution))
    assert len(distributions) == 5
    media = {str(catalog.value(d, dcat.mediaType)).rsplit("/", 2)[-2:][1] for d in distributions}
    assert {"turtle", "n-triples", "trig", "n-quads", "ld+json"} == media
    assert str(catalog.value(distributions[0], dcat.downloadURL)).startswith("https://data.example.dk/mg/graph.")
    period = catalog.value(dataset, dct.temporal)
    assert (str(catalog.value(period, dcat.startDate)), str(catalog.value(period, dcat.endDate))) == (
        "2016-11-08",
        "2023-03-14",
    )
    assert catalog.value(dataset, dct.license) and catalog.value(dataset, dct.publisher)
    assert (folder / "graph.ttl").stat().st_mode & 0o044 == 0o044  # readable by others, like any output


PROVENANCE = (
    "PREFIX kg: <https://w3id.org/kommunegraf/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX dct: <http://purl.org/dc/terms/> "
)


def test_the_quad_export_says_on_which_lines_each_document_mentions_each_node(store, seed_graph):
    rows = store.query(
        PROVENANCE + "SELECT ?node ?source ?lines WHERE { GRAPH ?g { ?node dct:isReferencedBy ?source . "
        "?st a rdf:Statement ; rdf:subject ?node ; rdf:predicate dct:isReferencedBy ; rdf:object ?source ; "
        "prov:wasDerivedFrom ?source ; kg:lines ?lines } }"
    )
    found = {(r["node"].value, r["source"].value, r["lines"].value) for r in rows}
    expected = {
        (node.id, source, format_spans(spans))
        for node in seed_graph.nodes.values()
        for source, spans in node.provenance.items()
    }
    assert found == expected


def test_the_quad_export_keeps_every_relationship_with_the_lines_that_state_it(store, seed_graph):
    rows = store.query(
        PROVENANCE + "SELECT ?s ?p ?o ?source ?lines WHERE { GRAPH ?g { ?st a rdf:Statement ; rdf:subject ?s ; "
        "rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?source ; kg:lines ?lines } "
        "FILTER(?p != dct:isReferencedBy) }"
    )
    found = {(r["s"].value, r["p"].value, r["o"].value, r["source"].value, r["lines"].value) for r in rows}
    expected = {
        (
            rel.start,
            expand(relationship_term(rel.type, seed_graph.nodes[rel.start].label).term),
            rel.end,
            source,
            format_spans(spans),
        )
        for rel in seed_graph.relationships.values()
        for source, spans in rel.statements()
    }
    assert found == expected


def test_a_fact_read_from_a_pdf_names_its_page_and_line_in_the_quad_export(pdf_graph):
    source = next(n for n in pdf_graph.of_label("Source") if n.properties["path"].endswith("000_eeae5a2dcf1e0b42.pdf"))
    sussie = next(n for n in pdf_graph.of_label("Person") if n.properties["name"] == "Sussie Wandel")
    pdf_store = ox.Store()
    pdf_store.extend(quads(pdf_graph))
    (row,) = pdf_store.query(
        PROVENANCE + "SELECT ?node ?source ?pages WHERE { GRAPH ?g { ?st rdf:subject ?node ; "
        "rdf:predicate dct:isReferencedBy ; rdf:object ?source ; kg:pageLines ?pages } }",
        substitutions={ox.Variable("node"): ox.NamedNode(sussie.id), ox.Variable("source"): ox.NamedNode(source.id)},
    )
    assert row["pages"].value == pdf_graph.provenance(source.id, sussie.provenance[source.id])["pages"]
    assert row["pages"].value.startswith("1:")  # the participants are on the first page


def _graph_with_awkward_text() -> Graph:
    ids = IdMinter("https://example.org/id/")
    graph = Graph()
    source = ids.source("ab" * 32)
    graph.add_node("Source", source, {"path": "m.txt", "sha256": "ab" * 32, "format": "minutes"})
    municipality = ids.municipality("151")
    graph.add_node("Municipality", municipality, {"name": "Ballerup Kommune", "code": "151"}, source, (1, 1))
    name = "Anne \"Sørensen\" \\ Ø\nog '''Co'''"
    graph.add_node("Person", ids.person(municipality, name), {"name": name}, source, (2, 3))
    return graph


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_quotes_backslashes_and_line_breaks_in_text_survive_every_serialisation(tmp_path, fmt):
    graph = _graph_with_awkward_text()
    export(graph, tmp_path / f"graph.{fmt}", fmt)
    rdflib_format = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
    parsed = rdflib.Dataset().parse(tmp_path / f"graph.{fmt}", format=rdflib_format)
    names = {str(o) for _, p, o, _ in parsed.quads() if p == rdflib.FOAF.name}
    assert names == {"Anne \"Sørensen\" \\ Ø\nog '''Co'''"}


def test_a_failed_write_is_raised_not_lost_in_the_writer_thread(seed_graph):
    class FullDisk(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data) -> int:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_ntriples(seed_graph, FullDisk())


LINKS = "kommunekode,iri\n151,https://example.org/kommune/ballerup\n# comment\n\n"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_municipality_in_the_links_file_is_owl_same_as_its_iri_in_every_serialisation(seed_graph, tmp_path, fmt):
    (tmp_path / "links.csv").write_text(LINKS, encoding="utf-8")
    export(seed_graph, tmp_path / f"graph.{fmt}", fmt, same_as=read_same_as(tmp_path / "links.csv"))
    rdflib_format = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
    parsed = rdflib.Dataset().parse(tmp_path / f"graph.{fmt}", format=rdflib_format)
    links = {(str(s), str(o)) for s, p, o, _ in parsed.quads() if p == rdflib.OWL.sameAs}
    ballerup = next(n.id for n in seed_graph.of_label("Municipality") if n.properties["code"] == "151")
    assert links == {(ballerup, "https://example.org/kommune/ballerup")}


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ("151", "expected two columns"),
        ("Ballerup,https://example.org/b", "not a kommunekode"),
        ("151,ballerup", "not an absolute IRI"),
    ],
)
def test_a_bad_row_in_the_links_file_is_named_by_file_and_line(tmp_path, row, complaint):
    path = tmp_path / "links.csv"
    path.write_text(f"kommunekode,iri\n{row}\n", encoding="utf-8")
    with pytest.raises(LinksError, match=rf"links\.csv:2: .*{complaint}"):
        read_same_as(path)


def test_export_with_a_bad_links_file_names_the_line_and_writes_nothing(tmp_path, seed_graph):
    from typer.testing import CliRunner

    from kommunegraf.cli import app
    from kommunegraf.stores.nodelink import write_node_link

    out = tmp_path / "out"
    write_node_link(seed_graph, out / "graph.json")
    links = tmp_path / "links.csv"
    links.write_text("151,https://example.org/b\n999x,https://example.org/c\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(out), "--format", "ttl", "--same-as", str(links)])
    assert result.exit_code == 2
    assert "links.csv:2" in result.output and "not a kommunekode" in result.output
    assert not (out / "graph.ttl").exists()
