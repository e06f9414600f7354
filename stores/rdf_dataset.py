"""An RDF dataset to publish: every serialisation of a graph in one folder, with the catalogues that describe it.

The folder holds ``graph.ttl``, ``graph.nt``, ``graph.trig``, ``graph.nq`` and ``graph.jsonld``
(``rdf_export``), the DCAT-AP and DCAT-AP-DK catalogues and the VoID description of those files (``dcat``).
The ids are moved to another base once, before any file is written, so the files and their descriptions name
the same IRIs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kommunegraf.graph.model import Graph
from kommunegraf.stores.dcat import DEFAULT_LICENSE
from kommunegraf.stores.dcat_files import write_catalogues
from kommunegraf.stores.rdf_export import FORMATS, export, rebased
from kommunegraf.stores.rdf_links import SameAs


@dataclass(frozen=True)
class RdfDataset:
    """What ``write_rdf_dataset`` wrote: the serialisations by format, and the descriptions of them."""

    folder: Path
    serialisations: dict[str, Path]
    descriptions: list[Path]


def write_rdf_dataset(
    graph: Graph,
    folder: str | Path,
    *,
    base_iri: str | None = None,
    same_as: SameAs | None = None,
    publisher: str = "kommunegraf",
    license_iri: str = DEFAULT_LICENSE,
    download_base: str | None = None,
    sparql_endpoint: str | None = None,
    issued: dt.date | None = None,
) -> RdfDataset:
    """Write every RDF serialisation of ``graph`` into ``folder`` (each atomically), then the catalogues and VoID.

    ``base_iri`` moves the ids to another base; ``same_as`` (``rdf_links.read_same_as``) links municipalities
    with ``owl:sameAs``; the rest is said in the catalogues (``dcat_files.write_catalogues``).
    """
    folder = Path(folder)
    if base_iri:
        graph = rebased(graph, base_iri)
    files = {fmt: folder / f"graph.{fmt}" for fmt in FORMATS}
    for fmt, path in files.items():
        export(graph, path, fmt, None, same_as)
    descriptions = write_catalogues(
        graph, files, folder, publisher=publisher, license_iri=license_iri, download_base=download_base,
        sparql_endpoint=sparql_endpoint, issued=issued,
    )  # fmt: skip
    return RdfDataset(folder, files, descriptions)
