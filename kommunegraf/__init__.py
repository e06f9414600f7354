"""kommunegraf: a knowledge graph of Danish municipal committee minutes.

Data flows one way: files -> ``kommunegraf.loaders`` (typed records, see
``kommunegraf.records``) -> ``kommunegraf.graph`` (identity, merging,
provenance) -> ``kommunegraf.stores`` (node-link JSON, Neo4j, networkx,
pandas, GraphML/GEXF).

The public API for notebooks and scripts::

    import kommunegraf
    graph = kommunegraf.build(["examples/minutes"])   # or kommunegraf.read("out")
    tables = graph.to_dataframes()                     # pandas, one table per label and type
    g = graph.to_networkx()                            # networkx.MultiDiGraph
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

# In a checkout the design card's folders (graph/, loaders/, stores/, ontology/) stand beside this one; installed,
# they are inside it (pyproject.toml's package-dir). Seen from a checkout that is not installed (a script run
# from the repository, a tool reading the imports), kommunegraf.graph is then the folder graph/ all the same.
_CHECKOUT = Path(__file__).resolve().parent.parent
if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "graph" / "__init__.py").is_file():
    __path__.append(str(_CHECKOUT))

from kommunegraf.errors import KommunegrafError, LoaderError, UnsupportedDocumentError  # noqa: E402

if TYPE_CHECKING:
    from kommunegraf.api import Graph

__version__ = "0.1.0"

__all__ = ["Graph", "KommunegrafError", "LoaderError", "UnsupportedDocumentError", "__version__", "build", "read"]


def __getattr__(name: str) -> Any:
    # the graph (and pydantic under it) is imported when first used: a command that only reads a file starts faster
    if name == "Graph":
        from kommunegraf.api import Graph

        return Graph
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build(paths: str | Path | list[str | Path], **options) -> Graph:
    """Build the graph from documents (files, folders, globs); options as ``kommunegraf.pipeline.build``.

    Files that cannot be read are skipped; ``kommunegraf.pipeline.build`` returns the per-file report too.
    """
    from kommunegraf.api import Graph
    from kommunegraf.pipeline import build as run

    if isinstance(paths, (str, Path)):
        paths = [paths]
    return Graph.adopt(run(paths, **options).graph)


def read(directory: str | Path) -> Graph:
    """Read a graph written by ``kommunegraf build`` (its folder or its graph.json)."""
    from kommunegraf.api import Graph
    from kommunegraf.pipeline import GRAPH_FILE
    from kommunegraf.stores.nodelink import read_node_link

    path = Path(directory)
    return Graph.adopt(read_node_link(path / GRAPH_FILE if path.is_dir() else path))


def load(directory: str | Path) -> Graph:
    """The old name of ``read``: "load" is what ``kommunegraf load`` does, into Neo4j."""
    import warnings

    warnings.warn("kommunegraf.load is now kommunegraf.read", DeprecationWarning, stacklevel=2)
    return read(directory)
