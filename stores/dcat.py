"""A DCAT-AP description of an RDF export, for open-data portals to harvest.

Two catalogues describe the same dataset, one per profile: ``catalog.ttl``
follows DCAT-AP 3.0.1 and ``catalog-dk.ttl`` DCAT-AP-DK 2.0.2. They differ in
the datatype of ``dcat:byteSize`` alone, and there no file can satisfy both:
each profile allows one value, DCAT-AP 3 as xsd:nonNegativeInteger and
DCAT-AP-DK as xsd:decimal.

Each catalogue holds a ``dcat:Catalog`` listing one ``dcat:Dataset``: its title,
description and keywords in Danish and English, the publisher (a
``foaf:Agent``), the licence (a ``dct:LicenseDocument``), the EU data theme
"Government and public sector", the period of the meetings with minutes, the
areas of the municipalities and Denmark (``dct:Location``), when the graph was
first and last built (``dct:issued``, ``dct:modified``: the earliest and the
latest ``loaded_at`` of its sources), the VoID description (``foaf:page``), and
one ``dcat:Distribution`` per file with its IANA media type (``dct:MediaType``),
EU file type (``dct:MediaTypeOrExtent``), size and URL. Given a SPARQL endpoint,
a ``dcat:DataService`` and a distribution served by it are added.

The values from controlled vocabularies (``dcat_vocabulary``) are typed here,
since both profiles' shapes check the class of each value and a harvester
reads this file alone; ``dcat_files`` writes the catalogues.

Without a download base the download URLs are references relative to the
catalogue (``<graph.ttl>``): an RDF parser resolves them against the URL the
catalogue is read from, which is right when the catalogue is published in the
same folder as the files. A harvester that parses without that URL needs
absolute ones, which a download base gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from kommunegraf.graph.identity import DEFAULT_BASE_IRI
from kommunegraf.graph.model import Graph
from kommunegraf.ontology.mapping import PREFIXES, expand
from kommunegraf.stores.dcat_vocabulary import (
    CONTENT_TEXT,
    CONTENTS,
    DANISH,
    DENMARK,
    FILE_TYPE,
    FILE_TYPES,
    GOVERNMENT,
    IANA,
    KEYWORDS,
    KNOWN_LICENSES,
    LICENCE_TYPE,
    MEDIA_TYPES,
    SPARQL_PROTOCOL,
    THEMES,
)

DEFAULT_LICENSE = "http://creativecommons.org/licenses/by/4.0/"
CATALOG_FILE = "catalog.ttl"
VOID_FILE = "void.ttl"

# References relative to the catalogue are held under this base while the triples are built and written
# relative to it; dcat_files.write_turtle leaves the base out, so they resolve against wherever the file is read from.
RELATIVE = "relative:///"


@dataclass(frozen=True)
class Profile:
    name: str
    file: str
    byte_size: str  # the datatype of dcat:byteSize


DCAT_AP = Profile("DCAT-AP 3.0.1", CATALOG_FILE, "xsd:nonNegativeInteger")
DCAT_AP_DK = Profile("DCAT-AP-DK 2.0.2", "catalog-dk.ttl", "xsd:decimal")
PROFILES = (DCAT_AP, DCAT_AP_DK)


def _t(curie: str) -> ox.NamedNode:
    return ox.NamedNode(expand(curie))


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_t(datatype))


def _texts(subject: ox.NamedNode, predicate: str, texts: dict[str, str]) -> list[ox.Triple]:
    return [ox.Triple(subject, _t(predicate), ox.Literal(text, language=lang)) for lang, text in texts.items()]


def base_of(graph: Graph) -> str:
    """The base the graph's ids were minted under: what precedes ``source/`` in a Source's id."""
    source = next((n.id for n in graph.of_label("Source")), None)
    return source[: source.rindex("source/")] if source else DEFAULT_BASE_IRI


def file_url(name: str, download_base: str | None) -> ox.NamedNode:
    """Where a file of the export is downloaded: under ``download_base``, or beside the catalogue."""
    base = download_base.rstrip("/") + "/" if download_base else RELATIVE
    return ox.NamedNode(base + quote(name))


def build_dates(graph: Graph) -> tuple[str, str] | None:
    """The earliest and the latest ``loaded_at`` of the graph's sources: when it was first and last built."""
    stamps = sorted(s for n in graph.of_label("Source") if (s := n.properties.get("loaded_at")))
    return (stamps[0], stamps[-1]) if stamps else None


def _issued_and_modified(graph: Graph, issued: dt.date | None) -> list[tuple[str, ox.Literal]]:
    dates = build_dates(graph)
    if dates is None:
        return [] if issued is None else [("dct:issued", _typed(issued.isoformat(), "xsd:date"))]
    first, last = dates
    if issued is not None and issued.isoformat() > last[:10]:
        raise ValueError(f"the issue date {issued.isoformat()} is after the graph was last built ({last[:10]})")
    when = _typed(issued.isoformat(), "xsd:date") if issued is not None else _typed(first, "xsd:dateTime")
    return [("dct:issued", when), ("dct:modified", _typed(last, "xsd:dateTime"))]


def _licence(license_iri: str) -> list[ox.Triple]:
    licence = ox.NamedNode(license_iri)
    out = [ox.Triple(licence, _t("rdf:type"), _t("dct:LicenseDocument"))]
    known = KNOWN_LICENSES.get(license_iri.split("://", 1)[-1])
    if known:
        title, kind = known
        licence_type = ox.NamedNode(LICENCE_TYPE + kind)
        out += [
            ox.Triple(licence, _t("dct:title"), ox.Literal(title, language="en")),
            ox.Triple(licence, _t("dct:type"), licence_type),
            ox.Triple(licence_type, _t("rdf:type"), _t("skos:Concept")),
            ox.Triple(licence_type, _t("skos:prefLabel"), ox.Literal(kind, language="en")),
        ]
    return out


def _locations(graph: Graph) -> list[tuple[ox.NamedNode, list[ox.Triple]]]:
    """Denmark and each municipality's area; the municipality itself is an organisation, not a place."""
    denmark = ox.NamedNode(DENMARK)
    found = [(denmark, [ox.Triple(denmark, _t("rdf:type"), _t("dct:Location"))])]
    for municipality in sorted(graph.of_label("Municipality"), key=lambda n: n.id):
        area = ox.NamedNode(f"{municipality.id}/area")
        triples = [
            ox.Triple(area, _t("rdf:type"), _t("dct:Location")),
            ox.Triple(area, _t("rdfs:seeAlso"), ox.NamedNode(municipality.id)),
        ]
        name, code = municipality.properties.get("name"), municipality.properties.get("code")
        if name:
            triples.append(ox.Triple(area, _t("skos:prefLabel"), ox.Literal(name, language="da")))
        if code:
            triples.append(ox.Triple(area, _t("dct:identifier"), ox.Literal(code)))
        found.append((area, triples))
    return found


def _distribution(
    fmt: str, path: Path, base: str, license_iri: str, download_base: str | None, profile: Profile
) -> list[ox.Triple]:
    distribution = ox.NamedNode(f"{base}dataset/distribution/{fmt}")
    url = file_url(path.name, download_base)
    media_type = ox.NamedNode(IANA + MEDIA_TYPES[fmt])
    file_type = ox.NamedNode(FILE_TYPE + FILE_TYPES[fmt])
    name, contents = CONTENTS[fmt]
    descriptions = {lang: CONTENT_TEXT[contents, lang].format(name=name) for lang in ("da", "en")}
    return [
        ox.Triple(distribution, _t("rdf:type"), _t("dcat:Distribution")),
        ox.Triple(distribution, _t("dct:title"), ox.Literal(path.name)),
        *_texts(distribution, "dct:description", descriptions),
        ox.Triple(distribution, _t("dcat:accessURL"), url),
        ox.Triple(distribution, _t("dcat:downloadURL"), url),
        ox.Triple(distribution, _t("dcat:mediaType"), media_type),
        ox.Triple(media_type, _t("rdf:type"), _t("dct:MediaType")),
        ox.Triple(distribution, _t("dct:format"), file_type),
        ox.Triple(file_type, _t("rdf:type"), _t("dct:MediaTypeOrExtent")),
        ox.Triple(distribution, _t("dcat:byteSize"), _typed(str(path.stat().st_size), profile.byte_size)),
        ox.Triple(distribution, _t("dct:license"), ox.NamedNode(license_iri)),
    ]


def _sparql_service(
    base: str, dataset: ox.NamedNode, agent: ox.NamedNode, endpoint: str, license_iri: str
) -> list[ox.Triple]:
    service = ox.NamedNode(f"{base}dataset/sparql")
    distribution = ox.NamedNode(f"{base}dataset/distribution/sparql")
    url = ox.NamedNode(endpoint)
    protocol = ox.NamedNode(SPARQL_PROTOCOL)
    return [
        ox.Triple(service, _t("rdf:type"), _t("dcat:DataService")),
        *_texts(service, "dct:title", {"da": "SPARQL-endpoint", "en": "SPARQL endpoint"}),
        ox.Triple(service, _t("dcat:endpointURL"), url),
        ox.Triple(service, _t("dcat:servesDataset"), dataset),
        ox.Triple(service, _t("dct:conformsTo"), protocol),
        ox.Triple(protocol, _t("rdf:type"), _t("dct:Standard")),
        ox.Triple(service, _t("dct:publisher"), agent),
        ox.Triple(service, _t("dct:license"), ox.NamedNode(license_iri)),
        ox.Triple(dataset, _t("dcat:distribution"), distribution),
        ox.Triple(distribution, _t("rdf:type"), _t("dcat:Distribution")),
        *_texts(distribution, "dct:title", {"da": "SPARQL-endpoint", "en": "SPARQL endpoint"}),
        ox.Triple(distribution, _t("dcat:accessURL"), url),
        ox.Triple(distribution, _t("dcat:accessService"), service),
        ox.Triple(distribution, _t("dct:license"), ox.NamedNode(license_iri)),
    ]


def dcat_triples(
    graph: Graph,
    files: dict[str, Path],
    base_iri: str,
    *,
    publisher: str = "kommunegraf",
    license_iri: str = DEFAULT_LICENSE,
    download_base: str | None = None,
    sparql_endpoint: str | None = None,
    issued: dt.date | None = None,
    profile: Profile = DCAT_AP,
) -> list[ox.Triple]:
    """Describe the export ``files`` (format -> path) of ``graph`` as a catalogue of one dataset, in ``profile``.

    ``base_iri`` is the base of the exported ids (the catalogue's own resources are minted under it too);
    ``issued`` is the date the dataset was first published, by default when the graph was first built.
    """
    base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    catalog = ox.NamedNode(f"{base}catalog")
    dataset = ox.NamedNode(f"{base}dataset")
    agent = ox.NamedNode(f"{base}publisher")
    ontology = ox.NamedNode(PREFIXES["kg"].rstrip("#"))
    themes, government, danish = ox.NamedNode(THEMES), ox.NamedNode(GOVERNMENT), ox.NamedNode(DANISH)
    void_page = file_url(VOID_FILE, download_base)
    dates = _issued_and_modified(graph, issued)
    locations = _locations(graph)
    out = [
        ox.Triple(catalog, _t("rdf:type"), _t("dcat:Catalog")),
        *_texts(catalog, "dct:title", {
            "da": "Kommunale referater som vidensgraf",
            "en": "Municipal minutes as a knowledge graph",
        }),
        *_texts(catalog, "dct:description", {
            "da": "Katalog over en vidensgraf læst fra kommunale udvalgs referater, i RDF.",
            "en": "Catalogue of a knowledge graph read from municipal committee minutes, in RDF.",
        }),
        ox.Triple(catalog, _t("dct:publisher"), agent),
        ox.Triple(catalog, _t("dct:license"), ox.NamedNode(license_iri)),
        ox.Triple(catalog, _t("dcat:themeTaxonomy"), themes),
        ox.Triple(catalog, _t("dcat:dataset"), dataset),
        *(ox.Triple(catalog, _t(p), value) for p, value in dates),
        *(ox.Triple(catalog, _t("dct:spatial"), location) for location, _ in locations),
        ox.Triple(agent, _t("rdf:type"), _t("foaf:Agent")),
        ox.Triple(agent, _t("foaf:name"), ox.Literal(publisher)),
        *_licence(license_iri),
        ox.Triple(themes, _t("rdf:type"), _t("skos:ConceptScheme")),
        ox.Triple(themes, _t("dct:title"), ox.Literal("Data theme", language="en")),
        ox.Triple(government, _t("rdf:type"), _t("skos:Concept")),
        ox.Triple(government, _t("skos:prefLabel"), ox.Literal("Government and public sector", language="en")),
        ox.Triple(government, _t("skos:inScheme"), themes),
        ox.Triple(dataset, _t("rdf:type"), _t("dcat:Dataset")),
        *_texts(dataset, "dct:title", {
            "da": "Referater fra kommunale udvalg som vidensgraf",
            "en": "Municipal committee minutes as a knowledge graph",
        }),
        *_texts(dataset, "dct:description", {
            "da": "Møder, dagsordenspunkter, sager, beslutninger, deltagere, afbud, partier og forvaltningsenheder "
                  "læst fra kommunale referater, med kilde for hvert faktum.",
            "en": "Meetings, agenda items, cases, decisions, attendance, apologies, parties and administrative "
                  "units read from municipal minutes, each fact traced to its source document.",
        }),
        *(ox.Triple(dataset, _t("dcat:keyword"), ox.Literal(word, language=lang))
          for lang, words in KEYWORDS.items() for word in words),
        ox.Triple(dataset, _t("dcat:theme"), government),
        ox.Triple(dataset, _t("dct:publisher"), agent),
        ox.Triple(dataset, _t("dct:license"), ox.NamedNode(license_iri)),
        ox.Triple(dataset, _t("dct:conformsTo"), ontology),
        ox.Triple(ontology, _t("rdf:type"), _t("dct:Standard")),
        ox.Triple(ontology, _t("dct:title"), ox.Literal("kommunegraf ontology", language="en")),
        ox.Triple(dataset, _t("dct:language"), danish),
        ox.Triple(danish, _t("rdf:type"), _t("dct:LinguisticSystem")),
        *(ox.Triple(dataset, _t(p), value) for p, value in dates),
        ox.Triple(dataset, _t("foaf:page"), void_page),
        ox.Triple(void_page, _t("rdf:type"), _t("foaf:Document")),
    ]  # fmt: skip
    meeting_dates = sorted(
        n.properties["date"] for n in graph.of_label("Meeting") if n.properties.get("status") == "minutes"
    )
    if meeting_dates:
        period = ox.NamedNode(f"{base}dataset/temporal")
        out += [
            ox.Triple(dataset, _t("dct:temporal"), period),
            ox.Triple(period, _t("rdf:type"), _t("dct:PeriodOfTime")),
            ox.Triple(period, _t("dcat:startDate"), _typed(meeting_dates[0], "xsd:date")),
            ox.Triple(period, _t("dcat:endDate"), _typed(meeting_dates[-1], "xsd:date")),
        ]
    for location, triples in locations:
        out += [ox.Triple(dataset, _t("dct:spatial"), location), *triples]
    for fmt, path in sorted(files.items()):
        out.append(ox.Triple(dataset, _t("dcat:distribution"), ox.NamedNode(f"{base}dataset/distribution/{fmt}")))
        out += _distribution(fmt, path, base, license_iri, download_base, profile)
    if sparql_endpoint:
        out.append(ox.Triple(catalog, _t("dcat:service"), ox.NamedNode(f"{base}dataset/sparql")))
        out += _sparql_service(base, dataset, agent, sparql_endpoint, license_iri)
    return out
