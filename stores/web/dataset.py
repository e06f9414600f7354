"""The dataset ``serve`` and ``publish`` work on: a built graph or an RDF export, as quads in pyoxigraph.

A folder is read the way the commands write it: ``graph.json`` (``kommunegraf
build``; exported in memory as the N-Quads of ``rdf_export``, so the served
data is the exported data) before ``graph.nq`` and ``graph.trig`` (``export
--format rdf``, one named graph per source document); a file is read by its
extension. The base IRI is the graph's own: the one ``build`` minted its ids
under, read from the Source ids (``<base>source/<sha256>``) or, in an RDF
export, from the named graphs (``<base>graph/<sha256>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kommunegraf.errors import KommunegrafError

GRAPH_JSON = "graph.json"
RDF_FILES = ("graph.nq", "graph.trig")  # with named graphs: the provenance to the line
RDF_EXTENSIONS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
                  ".ttl": ox.RdfFormat.TURTLE}  # fmt: skip


class DatasetError(KommunegrafError):
    """The folder or file holds no graph that can be served."""


@dataclass
class Dataset:
    store: ox.Store
    base: str  # every resource IRI under it has a page
    path: Path  # the file it was read from

    @property
    def quads(self) -> int:
        return len(self.store)


def _checked_base(base: str, option: str = "--base-iri") -> str:
    base = base if base.endswith("/") else base + "/"
    try:
        ox.NamedNode(base)
    except ValueError:
        raise DatasetError(f"{option} {base.removesuffix('/')!r} is not an IRI") from None
    if not base.startswith(("http://", "https://")):
        raise DatasetError(f"{option} {base!r}: resolvable IRIs need an http:// or https:// base")
    return base


def _file_of(path: Path) -> Path:
    if path.is_file():
        return path
    if not path.is_dir():
        raise DatasetError(f"{path}: no such file or folder")
    for name in (GRAPH_JSON, *RDF_FILES):
        if (path / name).is_file():
            return path / name
    raise DatasetError(
        f"{path}: no {GRAPH_JSON}, {' or '.join(RDF_FILES)} in it; "
        f"run 'kommunegraf build ... --out {path}' or 'kommunegraf export {path} --format rdf' first"
    )


def _from_graph_json(path: Path, base_iri: str | None) -> Dataset:
    from kommunegraf.graph.identity import DEFAULT_BASE_IRI
    from kommunegraf.stores.nodelink import read_node_link
    from kommunegraf.stores.rdf_export import rebased
    from kommunegraf.stores.sparql import rdf_store

    graph = read_node_link(path)
    if base_iri:
        base = _checked_base(base_iri)
        graph = rebased(graph, base)
    else:
        source = next((node.id for node in graph.nodes.values() if node.label == "Source"), None)
        base = source[: source.rindex("source/")] if source else DEFAULT_BASE_IRI
    return Dataset(rdf_store(graph), base, path)


def _base_of_export(store: ox.Store) -> str | None:
    for name in store.named_graphs():
        if isinstance(name, ox.NamedNode) and "/graph/" in name.value:
            return name.value[: name.value.rindex("/graph/") + 1]
    return None


def _from_rdf(path: Path, base_iri: str | None) -> Dataset:
    from kommunegraf.graph.identity import DEFAULT_BASE_IRI

    fmt = RDF_EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise DatasetError(f"{path}: not a graph file (graph.json, .nq, .trig, .nt or .ttl)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError) as error:
        raise DatasetError(f"{path}: {error}") from None
    base = _checked_base(base_iri) if base_iri else _base_of_export(store) or DEFAULT_BASE_IRI
    prefix = ox.NamedNode(base)  # a cheap check that something lives under the base: one subject is enough
    if not any(q.subject.value.startswith(prefix.value) for q in store.quads_for_pattern(None, None, None)):
        raise DatasetError(f"{path}: no resource has an IRI under {base}; give the data's base with --base-iri")
    return Dataset(store, base, path)


def load_dataset(path: str | Path, base_iri: str | None = None) -> Dataset:
    """The graph in ``path`` (a folder or a file) as quads; ``base_iri`` moves a built graph's ids to another base
    (an RDF export keeps its IRIs: ``base_iri`` then says which of them to resolve)."""
    file = _file_of(Path(path))
    try:
        if file.suffix.lower() == ".json":
            return _from_graph_json(file, base_iri)
        return _from_rdf(file, base_iri)
    except OSError as error:
        raise DatasetError(f"{file}: {error.strerror or error}") from None
