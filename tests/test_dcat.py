"""The catalogue a portal harvests (DCAT-AP 3.0.1, DCAT-AP-DK 2.0.2), the VoID description, the export's options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import EXAMPLES, FIXTURES, STAMP
from pyshacl import validate
from typer.testing import CliRunner

from kommunegraf.cli import app
from kommunegraf.ontology.mapping import PREFIXES, expand
from kommunegraf.pipeline import build
from kommunegraf.stores.dcat import base_of, dcat_triples

STANDARDS = FIXTURES / "standards"
FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")
NAMESPACES = ("kg", "dcat", "dct", "foaf", "skos", "xsd", "sh")
KG, DCAT, DCTERMS, FOAF, SKOS, XSD, SH = (rdflib.Namespace(expand(f"{prefix}:")) for prefix in NAMESPACES)
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
RDF = rdflib.RDF
SITE = "https://data.example.dk/minutes/"  # where a catalogue without a download base is read from, in the tests
runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dcat") / "out"
    result = runner.invoke(app, ["build", str(EXAMPLES), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def export(built: Path, folder: Path, *options: str) -> Path:
    result = runner.invoke(app, ["export", str(built), "--format", "rdf", "--out", str(folder), *options])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def plain(built, tmp_path_factory) -> Path:
    """An export with no option: no download base, no SPARQL endpoint."""
    return export(built, tmp_path_factory.mktemp("plain") / "rdf")


@pytest.fixture(scope="module")
def published(built, tmp_path_factory) -> Path:
    return export(
        built,
        tmp_path_factory.mktemp("published") / "rdf",
        *("--download-base", "https://data.example.dk/files", "--sparql-endpoint", "https://data.example.dk/sparql"),
        *("--base-iri", "https://data.example.dk/id/", "--publisher", "Ballerup Kommune"),
    )


def read(path: Path) -> rdflib.Graph:
    """A catalogue as a harvester reads it from SITE (relative references resolve there)."""
    return rdflib.Graph().parse(path, format="turtle", publicID=SITE + path.name)


def violations(data: Path, *shapes: str) -> list[str]:
    shapes_graph = rdflib.Graph()
    for name in shapes:
        shapes_graph.parse(STANDARDS / name)
    _, report, _ = validate(read(data), shacl_graph=shapes_graph, allow_warnings=True, allow_infos=True)
    return sorted(
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: {report.value(r, SH.resultMessage)}"
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    )


DCAT_AP_SHAPES = {
    "full": ("dcat-ap-3.0.1/3.0.1_shacl_dcat-ap-SHACL.ttl",),
    "mandatory and ranges": ("dcat-ap-3.0.1/3.0.1_html_shacl_shapes.ttl", "dcat-ap-3.0.1/3.0.1_html_shacl_range.ttl"),
    "deprecated terms": ("dcat-ap-3.0.1/3.0.1_html_shacl_deprecateduris.ttl",),
}
DCAT_AP_DK_SHAPES = {"normal": ("dcat-ap-dk-2.0.2/dk_2.0.2.ttl",), "strict": ("dcat-ap-dk-2.0.2/dk_2.0.2_strict.ttl",)}


@pytest.mark.parametrize("shapes", DCAT_AP_SHAPES.values(), ids=DCAT_AP_SHAPES.keys())
def test_catalog_ttl_has_no_dcat_ap_3_violation(plain, shapes):
    assert violations(plain / "catalog.ttl", *shapes) == []


@pytest.mark.parametrize("shapes", DCAT_AP_DK_SHAPES.values(), ids=DCAT_AP_DK_SHAPES.keys())
def test_catalog_dk_ttl_has_no_dcat_ap_dk_violation(plain, shapes):
    assert violations(plain / "catalog-dk.ttl", *shapes) == []


# The full DCAT-AP file cannot check a DataService (see tests/fixtures/standards/dcat-ap-3.0.1/README.md).
PUBLISHED = {
    "dcat-ap mandatory and ranges": ("catalog.ttl", DCAT_AP_SHAPES["mandatory and ranges"]),
    "dcat-ap deprecated terms": ("catalog.ttl", DCAT_AP_SHAPES["deprecated terms"]),
    "dcat-ap-dk normal": ("catalog-dk.ttl", DCAT_AP_DK_SHAPES["normal"]),
    "dcat-ap-dk strict": ("catalog-dk.ttl", DCAT_AP_DK_SHAPES["strict"]),
}


@pytest.mark.parametrize(("catalogue", "shapes"), PUBLISHED.values(), ids=PUBLISHED.keys())
def test_a_catalogue_with_download_urls_and_a_sparql_endpoint_has_no_violation(published, catalogue, shapes):
    assert violations(published / catalogue, *shapes) == []


def test_the_catalogue_gives_the_recommended_properties_it_knows(plain):
    """Recommended in DCAT-AP 3 and known here: a warning about any of these would be a gap in the export."""
    shapes = rdflib.Graph().parse(STANDARDS / "dcat-ap-3.0.1" / "3.0.1_html_shacl_shapes_recommended.ttl")
    _, report, _ = validate(read(plain / "catalog.ttl"), shacl_graph=shapes)
    warned = {report.value(r, SH.resultPath) for r in report.subjects(SH.resultSeverity, SH.Warning)}
    known = {DCAT.keyword, DCAT.theme, DCAT.distribution, DCAT.themeTaxonomy, DCAT.startDate, DCAT.endDate}
    known |= {DCTERMS.publisher, DCTERMS.spatial, DCTERMS.temporal, DCTERMS.issued, DCTERMS.modified}
    known |= {DCTERMS.license, DCTERMS.format, DCTERMS.description}
    assert warned & known == set()


def test_a_dcat_catalog_lists_the_dataset(plain):
    catalogue = read(plain / "catalog.ttl")
    (catalog,) = catalogue.subjects(RDF.type, DCAT.Catalog)
    (dataset,) = catalogue.subjects(RDF.type, DCAT.Dataset)
    assert list(catalogue.objects(catalog, DCAT.dataset)) == [dataset]
    assert {t.language for t in catalogue.objects(catalog, DCTERMS.title)} == {"da", "en"}


def test_the_publisher_is_an_agent_with_the_given_name(published):
    catalogue = read(published / "catalog.ttl")
    (dataset,) = catalogue.subjects(RDF.type, DCAT.Dataset)
    publisher = catalogue.value(dataset, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in catalogue
    assert str(catalogue.value(publisher, FOAF.name)) == "Ballerup Kommune"


def test_byte_size_is_typed_as_each_profile_wants(plain):
    size = (plain / "graph.ttl").stat().st_size
    for name, datatype in (("catalog.ttl", XSD.nonNegativeInteger), ("catalog-dk.ttl", XSD.decimal)):
        catalogue = read(plain / name)
        (distribution,) = catalogue.subjects(DCAT.downloadURL, rdflib.URIRef(SITE + "graph.ttl"))
        assert catalogue.value(distribution, DCAT.byteSize) == rdflib.Literal(str(size), datatype=datatype)


def test_without_a_download_base_the_files_are_found_beside_the_catalogue(plain):
    assert "file:" not in (plain / "catalog.ttl").read_text(encoding="utf-8")
    downloads = {str(url) for url in read(plain / "catalog.ttl").objects(None, DCAT.downloadURL)}
    assert downloads == {f"{SITE}graph.{fmt}" for fmt in FORMATS}


def test_a_download_base_gives_absolute_download_urls(published):
    downloads = {str(url) for url in read(published / "catalog.ttl").objects(None, DCAT.downloadURL)}
    assert downloads == {f"https://data.example.dk/files/graph.{fmt}" for fmt in FORMATS}


def test_the_places_covered_are_denmark_and_the_municipalities_areas_under_the_export_base(published):
    catalogue = read(published / "catalog.ttl")
    (dataset,) = catalogue.subjects(RDF.type, DCAT.Dataset)
    places = set(catalogue.objects(dataset, DCTERMS.spatial))
    assert all((place, RDF.type, DCTERMS.Location) in catalogue for place in places)
    areas = {place for place in places if str(place).startswith("https://data.example.dk/id/")}
    names = {str(catalogue.value(area, SKOS.prefLabel)) for area in areas}
    assert names == {"Ballerup Kommune", "Herlev Kommune"}  # the example minutes are from 151 and 163
    assert rdflib.URIRef("http://publications.europa.eu/resource/authority/country/DNK") in places


def test_issued_is_the_first_build_and_modified_the_last():
    graph = build([EXAMPLES], loaded_at=STAMP).graph
    later = "2026-03-01T12:00:00Z"
    next(iter(graph.of_label("Source"))).properties["loaded_at"] = later  # a file read again in a later build
    dataset = ox.NamedNode(base_of(graph) + "dataset")
    dates = {t.predicate.value: t.object for t in dcat_triples(graph, {}, base_of(graph)) if t.subject == dataset}
    assert dates[str(DCTERMS.issued)] == ox.Literal(STAMP, datatype=ox.NamedNode(XSD.dateTime))
    assert dates[str(DCTERMS.modified)] == ox.Literal(later, datatype=ox.NamedNode(XSD.dateTime))


def test_a_given_issue_date_after_the_last_build_is_refused():
    graph = build([EXAMPLES], loaded_at=STAMP).graph
    with pytest.raises(ValueError, match="after the graph was last built"):
        dcat_triples(graph, {}, base_of(graph), issued=dt.date(2027, 1, 1))


def test_a_sparql_endpoint_is_a_data_service_of_the_catalogue_and_in_void(published):
    catalogue = read(published / "catalog.ttl")
    (catalog,) = catalogue.subjects(RDF.type, DCAT.Catalog)
    (dataset,) = catalogue.subjects(RDF.type, DCAT.Dataset)
    (service,) = catalogue.objects(catalog, DCAT.service)
    assert str(catalogue.value(service, DCAT.endpointURL)) == "https://data.example.dk/sparql"
    assert catalogue.value(service, DCAT.servesDataset) == dataset
    void = read(published / "void.ttl")
    assert set(void.objects(dataset, VOID.sparqlEndpoint)) == {rdflib.URIRef("https://data.example.dk/sparql")}


# -- VoID -------------------------------------------------------------------------------------------------------


def void_dataset(void: rdflib.Graph, dump: str) -> rdflib.term.Node:
    (dataset,) = void.subjects(VOID.dataDump, rdflib.URIRef(SITE + dump))
    return dataset


def number(void: rdflib.Graph, dataset, predicate) -> int:
    return int(void.value(dataset, predicate))


@pytest.mark.parametrize("dump", ["graph.nt", "graph.nq"])
def test_void_counts_are_those_of_the_dump(plain, dump):
    void = read(plain / "void.ttl")
    dataset = void_dataset(void, dump)
    uri_space = str(void.value(dataset, VOID.uriSpace))
    statements = list(ox.parse(path=plain / dump))
    rdf_type = ox.NamedNode(str(RDF.type))
    assert number(void, dataset, VOID.triples) == len(statements)
    assert number(void, dataset, VOID.properties) == len({s.predicate for s in statements})
    assert number(void, dataset, VOID.classes) == len({s.object for s in statements if s.predicate == rdf_type})
    subjects = {s.subject.value for s in statements}
    assert number(void, dataset, VOID.entities) == len({s for s in subjects if s.startswith(uri_space)})


def test_void_names_the_vocabularies_the_data_uses(plain):
    void = read(plain / "void.ttl")
    vocabularies = {str(v) for v in void.objects(void_dataset(void, "graph.nt"), VOID.vocabulary)}
    assert {PREFIXES[p] for p in ("kg", "besluit", "org", "foaf", "dct", "skos")} <= vocabularies
    terms = {t.predicate.value for t in ox.parse(path=plain / "graph.nt")}
    terms |= {t.object.value for t in ox.parse(path=plain / "graph.nt") if t.predicate.value == str(RDF.type)}
    assert all(any(term.startswith(v) for term in terms) for v in vocabularies)


def test_void_lists_each_file_as_a_dump_of_what_it_holds(plain):
    void = read(plain / "void.ttl")
    merged, named = void_dataset(void, "graph.nt"), void_dataset(void, "graph.nq")
    assert {str(d) for d in void.objects(merged, VOID.dataDump)} == {
        SITE + f"graph.{f}" for f in ("ttl", "nt", "jsonld")
    }
    assert {str(d) for d in void.objects(named, VOID.dataDump)} == {SITE + f"graph.{f}" for f in ("trig", "nq")}


def test_void_example_resource_is_a_meeting_of_the_data(plain):
    void = read(plain / "void.ttl")
    example = void.value(void_dataset(void, "graph.nt"), VOID.exampleResource)
    data = rdflib.Graph().parse(plain / "graph.nt")
    assert (example, RDF.type, KG.Meeting) in data


def test_the_dcat_dataset_is_the_void_dataset_its_page_describes(plain):
    catalogue, void = read(plain / "catalog.ttl"), read(plain / "void.ttl")
    (dataset,) = catalogue.subjects(RDF.type, DCAT.Dataset)
    assert catalogue.value(dataset, FOAF.page) == rdflib.URIRef(SITE + "void.ttl")
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert void.value(rdflib.URIRef(SITE + "void.ttl"), FOAF.primaryTopic) == dataset


# -- options checked before any work ----------------------------------------------------------------------------

BAD_EXPORT_OPTIONS = {
    "licence not an IRI": (["--license", "CC BY 4.0"], "--license"),
    "download base without a scheme": (["--download-base", "data.example.dk/minutes"], "--download-base"),
    "download base a local file": (["--download-base", "file:///srv/minutes"], "--download-base"),
    "endpoint not a URL": (["--sparql-endpoint", "localhost:3030/sparql"], "--sparql-endpoint"),
    "publisher empty": (["--publisher", " "], "--publisher"),
    "publisher on two lines": (["--publisher", "Ballerup\nKommune"], "--publisher"),
    "base IRI with a space": (["--base-iri", "https://data.example.dk/my id/"], "--base-iri"),
}


@pytest.mark.parametrize(("options", "option"), BAD_EXPORT_OPTIONS.values(), ids=BAD_EXPORT_OPTIONS.keys())
def test_a_bad_export_option_is_a_one_line_error_naming_it_and_nothing_is_written(built, tmp_path, options, option):
    result = runner.invoke(app, ["export", str(built), "--format", "rdf", "--out", str(tmp_path / "rdf"), *options])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error: {option} ")
    assert not (tmp_path / "rdf").exists()


def test_build_refuses_a_base_iri_with_a_space_before_reading_anything(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(EXAMPLES), "-o", str(out), "--base-iri", "https://data.example.dk/my id/"]
    )
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: --base-iri ")
    assert not out.exists()
