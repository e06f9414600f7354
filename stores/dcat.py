"""A DCAT (DCAT-AP) description of an RDF export, for open-data portals.

One dcat:Dataset with its title and description in Danish and English, a
publisher, a licence, the temporal coverage of the meetings with minutes,
the municipalities it covers (dct:spatial), the ontology it conforms to, and
one dcat:Distribution per serialisation with its media type and size.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from kommunegraf.graph.model import Graph
from kommunegraf.ontology.mapping import PREFIXES, expand

DEFAULT_LICENSE = "http://creativecommons.org/licenses/by/4.0/"
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}


def _t(curie: str) -> ox.NamedNode:
    return ox.NamedNode(expand(curie))


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_t(datatype))


def dcat_triples(
    graph: Graph,
    files: dict[str, Path],
    base_iri: str,
    *,
    publisher: str = "kommunegraf",
    license_iri: str = DEFAULT_LICENSE,
    download_base: str | None = None,
) -> list[ox.Triple]:
    """Describe the export ``files`` (format -> path) of ``graph`` as a DCAT-AP dataset."""
    base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    dataset = ox.NamedNode(f"{base}dataset")
    agent = ox.NamedNode(f"{base}publisher")
    title_da = "Referater fra kommunale udvalg som vidensgraf"
    title_en = "Municipal committee minutes as a knowledge graph"
    out = [
        ox.Triple(dataset, _t("rdf:type"), _t("dcat:Dataset")),
        ox.Triple(dataset, _t("dct:title"), ox.Literal(title_da, language="da")),
        ox.Triple(dataset, _t("dct:title"), ox.Literal(title_en, language="en")),
        ox.Triple(dataset, _t("dct:description"), ox.Literal(
            "Møder, dagsordenspunkter, sager, beslutninger, deltagere, afbud, partier og forvaltningsenheder "
            "læst fra kommunale referater, med kilde for hvert faktum.", language="da")),
        ox.Triple(dataset, _t("dct:description"), ox.Literal(
            "Meetings, agenda items, cases, decisions, attendance, apologies, parties and administrative units "
            "read from municipal minutes, each fact traced to its source document.", language="en")),
        ox.Triple(dataset, _t("dct:publisher"), agent),
        ox.Triple(agent, _t("rdf:type"), _t("foaf:Agent")),
        ox.Triple(agent, _t("foaf:name"), ox.Literal(publisher)),
        ox.Triple(dataset, _t("dct:license"), ox.NamedNode(license_iri)),
        ox.Triple(dataset, _t("dct:conformsTo"), ox.NamedNode(PREFIXES["kg"].rstrip("#"))),
        ox.Triple(dataset, _t("dct:language"), ox.NamedNode("http://publications.europa.eu/resource/authority/language/DAN")),
    ]  # fmt: skip
    dates = sorted(n.properties["date"] for n in graph.of_label("Meeting") if n.properties.get("status") == "minutes")
    if dates:
        period = ox.NamedNode(f"{base}dataset/temporal")
        out += [
            ox.Triple(dataset, _t("dct:temporal"), period),
            ox.Triple(period, _t("rdf:type"), _t("dct:PeriodOfTime")),
            ox.Triple(period, _t("dcat:startDate"), _typed(dates[0], "xsd:date")),
            ox.Triple(period, _t("dcat:endDate"), _typed(dates[-1], "xsd:date")),
        ]
    for municipality in sorted(graph.of_label("Municipality"), key=lambda n: n.id):
        out.append(ox.Triple(dataset, _t("dct:spatial"), ox.NamedNode(municipality.id)))
    loaded = sorted(n.properties.get("loaded_at") or "" for n in graph.of_label("Source"))
    if loaded and loaded[-1]:
        out.append(ox.Triple(dataset, _t("dct:modified"), _typed(loaded[-1].replace("Z", "+00:00"), "xsd:dateTime")))
    out.append(ox.Triple(dataset, _t("dct:issued"), _typed(dt.date.today().isoformat(), "xsd:date")))
    for fmt, path in sorted(files.items()):
        distribution = ox.NamedNode(f"{base}dataset/distribution/{fmt}")
        url = f"{download_base.rstrip('/')}/{path.name}" if download_base else path.resolve().as_uri()
        out += [
            ox.Triple(dataset, _t("dcat:distribution"), distribution),
            ox.Triple(distribution, _t("rdf:type"), _t("dcat:Distribution")),
            ox.Triple(distribution, _t("dct:title"), ox.Literal(f"{path.name}")),
            ox.Triple(distribution, _t("dcat:accessURL"), ox.NamedNode(url)),
            ox.Triple(distribution, _t("dcat:downloadURL"), ox.NamedNode(url)),
            ox.Triple(distribution, _t("dcat:mediaType"),
                      ox.NamedNode(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt]}")),
            ox.Triple(distribution, _t("dcat:byteSize"), _typed(str(path.stat().st_size), "xsd:nonNegativeInteger")),
            ox.Triple(distribution, _t("dct:license"), ox.NamedNode(license_iri)),
        ]  # fmt: skip
    return out
