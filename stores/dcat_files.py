"""The description files of an RDF export: a DCAT-AP catalogue per profile (``dcat``) and the VoID description
(``void``), written as Turtle whose references to the export's files are relative to the catalogue where no download
base is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kommunegraf.graph.model import Graph
from kommunegraf.ontology.mapping import PREFIXES
from kommunegraf.stores.atomic import atomic_writer
from kommunegraf.stores.dcat import DEFAULT_LICENSE, PROFILES, RELATIVE, VOID_FILE, base_of, dcat_triples, file_url

CATALOG_PREFIXES = {key: PREFIXES[key] for key in ("rdf", "rdfs", "xsd", "dcat", "dct", "foaf", "skos")}
CATALOG_PREFIXES["void"] = "http://rdfs.org/ns/void#"


def write_turtle(triples: Iterable[ox.Triple], path: Path) -> None:
    """Write ``triples`` as Turtle, grouped by subject, with the IRIs under RELATIVE as relative references."""
    by_subject: dict[ox.NamedNode | ox.BlankNode, dict[ox.Triple, None]] = {}
    for triple in triples:  # subjects in the order they first appear, each triple once
        by_subject.setdefault(triple.subject, {})[triple] = None
    ordered = [triple for group in by_subject.values() for triple in group]
    data = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=CATALOG_PREFIXES, base_iri=RELATIVE)
    directive = f"@base <{RELATIVE}> .\n".encode()
    if not data.startswith(directive):
        raise RuntimeError("pyoxigraph did not write the base directive first")
    with atomic_writer(path, binary=True) as handle:
        handle.write(data[len(directive) :])


def write_catalogues(
    graph: Graph,
    files: dict[str, Path],
    folder: Path,
    *,
    publisher: str = "kommunegraf",
    license_iri: str = DEFAULT_LICENSE,
    download_base: str | None = None,
    sparql_endpoint: str | None = None,
    issued: dt.date | None = None,
) -> list[Path]:
    """Write a catalogue per profile and the VoID description of the export ``files`` into ``folder``.

    ``graph`` is the graph as exported, its ids already moved if the export moved them (``rdf_export.rebased``).
    """
    from kommunegraf.stores.void import void_triples

    base = base_of(graph)
    written = []
    for profile in PROFILES:
        description = dcat_triples(
            graph, files, base, publisher=publisher, license_iri=license_iri, download_base=download_base,
            sparql_endpoint=sparql_endpoint, issued=issued, profile=profile,
        )  # fmt: skip
        write_turtle(description, folder / profile.file)
        written.append(folder / profile.file)
    urls = {fmt: file_url(path.name, download_base) for fmt, path in files.items()}
    description = void_triples(graph, files, urls, base, file_url(VOID_FILE, download_base), sparql_endpoint)
    write_turtle(description, folder / VOID_FILE)
    written.append(folder / VOID_FILE)
    return written
