"""What several commands take: a built graph's folder, IRIs, dates, and the help texts of those options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kommunegraf.cli.errors import UsageError, reading

if TYPE_CHECKING:
    from kommunegraf.graph.model import Graph

# The pipeline and the exporters are imported in the commands that use them: `kommunegraf text FILE` and `--help`
# start without the records (pydantic), rdflib or the Neo4j driver. tests/test_cli.py checks these against them.
GRAPH_FILE = "graph.json"  # kommunegraf.pipeline.GRAPH_FILE
RDF_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")  # kommunegraf.stores.rdf_export.FORMATS

BUILT_HELP = "A folder written by 'kommunegraf build' (or its graph.json)."
URI_HELP = (
    "Bolt URI of the server (default: $NEO4J_URI, else bolt://localhost:7687). The password comes from $NEO4J_PASSWORD."
)
QUIET_HELP = "No progress bar or summary."


def read_graph(directory: Path) -> Graph:
    """The graph ``kommunegraf build`` wrote to ``directory`` (or the graph.json given)."""
    path = directory / GRAPH_FILE if directory.is_dir() else directory
    if not path.is_file():
        raise UsageError(f"{path}: no such file; run 'kommunegraf build ... --out {directory}' first")
    from kommunegraf.stores.nodelink import read_node_link

    with reading():
        return read_node_link(path)


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def check_iri(option: str, value: str | None, example: str, *, web: bool = False) -> None:
    """A usage error unless ``value`` is an absolute IRI (``web``: an http or https URL with a host)."""
    if value is None:
        return
    from urllib.parse import urlsplit

    import pyoxigraph as ox

    as_base = option == "--base-iri" and not value.endswith(("/", "#"))  # the export takes a base as IRI + "/"
    try:
        ox.NamedNode(value + "/" if as_base else value)
    except ValueError as error:
        problem = f"not an IRI ({error})"
    else:
        url = urlsplit(value)
        problem = "not an http(s) URL" if web and not (url.scheme in ("http", "https") and url.hostname) else None
    if problem:
        raise UsageError(f"{option} {value!r} is {problem}; write a full one, such as {example}")


def check_base_iri(value: str | None) -> None:
    check_iri("--base-iri", value, "https://data.example.dk/id/")
