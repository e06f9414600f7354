"""kommunegraf: a knowledge graph of Danish municipal committee minutes.

Data flows one way: files -> ``kommunegraf.loaders`` (typed records, see
``kommunegraf.records``) -> ``kommunegraf.graph`` (identity, merging,
provenance) -> ``kommunegraf.stores`` (node-link JSON, Neo4j, networkx,
pandas, GraphML/GEXF).

The public API for notebooks and scripts::

    import kommunegraf
    graph = kommunegraf.build(["examples/minutes"])   # or kommunegraf.load("out")
    tables = graph.to_dataframes()                     # pandas, one table per label and type
    g = graph.to_networkx()                            # networkx.MultiDiGraph
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kommunegraf.errors import KommunegrafError, LoaderError, UnsupportedDocumentError

if TYPE_CHECKING:
    from kommunegraf.graph.model import Graph

__version__ = "0.1.0"

__all__ = ["Graph", "KommunegrafError", "LoaderError", "UnsupportedDocumentError", "__version__", "build", "load"]


def __getattr__(name: str) -> Any:
    # the graph (and pydantic under it) is imported when first used: a command that only reads a file starts faster
    if name == "Graph":
        from kommunegraf.graph.model import Graph

        return Graph
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build(paths: str | Path | list[str | Path], **options) -> Graph:
    """Build the graph from documents (files, folders, globs); options as ``kommunegraf.pipeline.build``.

    Files that cannot be read are skipped; ``kommunegraf.pipeline.build`` returns the per-file report too.
    """
    from kommunegraf.pipeline import build as run

    if isinstance(paths, (str, Path)):
        paths = [paths]
    return run(paths, **options).graph


def load(directory: str | Path) -> Graph:
    """Read a graph written by ``kommunegraf build`` (its folder or its graph.json)."""
    from kommunegraf.pipeline import GRAPH_FILE
    from kommunegraf.stores.nodelink import read_node_link

    path = Path(directory)
    return read_node_link(path / GRAPH_FILE if path.is_dir() else path)
