"""Commands that write or serve a built graph: export, publish, serve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kommunegraf.cli.errors import UsageError, reading, writing_to
from kommunegraf.cli.options import BUILT_HELP, QUIET_HELP, RDF_FORMATS, check_base_iri, check_iri, read_graph
from kommunegraf.cli.output import console, out_console, progress_bar, warning

if TYPE_CHECKING:
    from kommunegraf.graph.model import Graph
    from kommunegraf.stores.rdf_links import SameAs
    from kommunegraf.stores.web.dataset import Dataset

EXPORT_FORMATS = (*RDF_FORMATS, "graphml", "gexf", "neo4j-import")

_GRAPH_HELP = (
    "A folder written by 'kommunegraf build' (graph.json) or 'kommunegraf export --format rdf' "
    "(graph.nq or graph.trig), or one such file."
)
_SERVE_BASE_HELP = (
    "Base of the IRIs to resolve (default: the graph's own, https://w3id.org/kommunegraf/id/ unless built with "
    "another); a built graph's ids are moved to it, an RDF export keeps its IRIs."
)


def export_command(
    directory: Annotated[Path, typer.Argument(help=BUILT_HELP)],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="RDF: ttl, nt or jsonld (the merged graph); trig or nq (a named graph per source document, "
            "every fact with the lines that state it); "
            "graph tools: graphml or gexf (Gephi); "
            "neo4j-import: CSV files for neo4j-admin's bulk import into a new database (a folder).",
        ),
    ] = "ttl",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output file (default: DIR/graph.FORMAT; neo4j-import: DIR/neo4j-import)."),
    ] = None,
    base_iri: Annotated[
        str | None, typer.Option(help="Base IRI for the exported ids (default: the base the graph was built with).")
    ] = None,
    publisher: Annotated[
        str, typer.Option(help="Publisher named in the DCAT description (--format rdf).")
    ] = "kommunegraf",
    license_iri: Annotated[
        str, typer.Option("--license", help="Licence IRI for the DCAT description (--format rdf).")
    ] = "http://creativecommons.org/licenses/by/4.0/",
    download_base: Annotated[
        str | None,
        typer.Option(
            help="http(s) URL of the folder the files will be published in (--format rdf): the catalogue's "
            "download URLs, which a portal's harvester needs absolute. Without it they are relative to the "
            "catalogue, right only where it is read from its own URL beside the files."
        ),
    ] = None,
    sparql_endpoint: Annotated[
        str | None,
        typer.Option(help="http(s) URL of a SPARQL endpoint serving the data, for the DCAT and VoID descriptions."),
    ] = None,
    same_as: Annotated[
        Path | None,
        typer.Option(
            "--same-as",
            help="CSV of links, one 'kommunekode,IRI' per row (Wikidata items, say): "
            "each becomes owl:sameAs on that municipality.",
        ),
    ] = None,
) -> None:
    """Write the graph as RDF (Turtle, N-Triples, TriG, N-Quads, JSON-LD) or for graph tools (GraphML, GEXF).

    RDF uses the ontology in ontology/kommunegraf.ttl, aligned to LBLOD, W3C ORG, FOAF, PROV-O, Dublin
    Core, schema.org and SKOS; ontology/shapes.ttl validates it.

    --format rdf writes every RDF serialisation into a folder (--out, default DIR/rdf) with
    catalog.ttl (DCAT-AP 3.0.1) and catalog-dk.ttl (DCAT-AP-DK 2.0.2), the catalogue a portal
    harvests (dataset, distributions, licence, publisher, period and places covered), and void.ttl,
    a VoID description (triples, vocabularies, data dumps, example resource). Publish the folder and
    give --download-base its URL.

    --format neo4j-import writes a folder (--out, default DIR/neo4j-import) of CSV files, one per
    label and relationship type, with import.sh (the neo4j-admin command for them) and
    schema.cypher (constraints and indexes, to run once the server is up): a new database in
    one pass, the same database 'kommunegraf load' makes. 'kommunegraf dev-neo4j import'
    imports it into the development server.

    Example:  kommunegraf export out --format trig --out minutes.trig

    Example:  kommunegraf export out --format neo4j-import --out csv && csv/import.sh --overwrite-destination
    """
    if format not in (*EXPORT_FORMATS, "rdf"):
        raise typer.BadParameter(f"unknown format {format!r}; choose one of {', '.join(EXPORT_FORMATS)} or rdf")
    check_base_iri(base_iri)
    check_iri("--license", license_iri, "https://creativecommons.org/licenses/by/4.0/")
    check_iri("--download-base", download_base, "https://data.example.dk/minutes/", web=True)
    check_iri("--sparql-endpoint", sparql_endpoint, "https://data.example.dk/sparql", web=True)
    if not publisher.strip() or not publisher.isprintable():
        raise UsageError(f"--publisher {publisher!r}: give the publisher's name, on one line")
    from kommunegraf.stores.atomic import writable_file, writable_folder

    links = _read_links(same_as)
    folder = directory if directory.is_dir() else directory.parent
    if format in ("rdf", "neo4j-import"):
        target = out or folder / ("rdf" if format == "rdf" else "neo4j-import")
        check = writable_folder
    else:
        target = out or folder / f"graph.{format}"
        check = writable_file
    if format not in (*RDF_FORMATS, "rdf") and (base_iri or links):
        raise typer.BadParameter("--base-iri and --same-as apply to the RDF formats")
    check(target)  # before the graph is read: a wrong --out costs one line, not the work
    graph = read_graph(directory)
    if format in (*RDF_FORMATS, "rdf"):
        _say_lblod_scope(graph)
    with writing_to(target):
        if format == "neo4j-import":
            _export_neo4j_import(graph, target)
        elif format == "rdf":
            from kommunegraf.stores.rdf_dataset import write_rdf_dataset

            dataset = write_rdf_dataset(
                graph, target, base_iri=base_iri, same_as=links, publisher=publisher, license_iri=license_iri,
                download_base=download_base, sparql_endpoint=sparql_endpoint,
            )  # fmt: skip
            names = ", ".join(path.name for path in dataset.descriptions)
            out_console.print(
                f"wrote {len(dataset.serialisations)} serialisations, {names} to {target}", soft_wrap=True
            )
        elif format in RDF_FORMATS:
            from kommunegraf.stores.rdf_export import export

            export(graph, target, format, base_iri, links)
            out_console.print(f"wrote {target}", soft_wrap=True)
        else:
            from kommunegraf.stores.networkx_export import write_gexf, write_graphml

            (write_graphml if format == "graphml" else write_gexf)(graph, target)
            out_console.print(f"wrote {target}", soft_wrap=True)


def _say_lblod_scope(graph: Graph) -> None:
    """Name the published records the RDF describes without LBLOD's terms, grouped by what they lack."""
    from kommunegraf.stores.rdf_lblod_scope import lblod_scope

    for reason, ids in lblod_scope(graph).reasons().items():
        example = ids[0] if len(ids) == 1 else f"{ids[0]} and {len(ids) - 1} more"
        warning(f"not in LBLOD's terms, for want of what its publication profile requires: {reason}: {example}")


def _read_links(path: Path | None) -> SameAs | None:
    from kommunegraf.stores.rdf_links import LinksError, read_same_as

    if path is None:
        return None
    try:
        return read_same_as(path)
    except LinksError as error:
        raise typer.BadParameter(str(error), param_hint="--same-as") from None


def _export_neo4j_import(graph: Graph, folder: Path) -> None:
    from kommunegraf.stores.neo4j_import import write_import_files

    summary = write_import_files(graph, folder)
    files = len(summary.node_files) + len(summary.relationship_files)
    rate = summary.rows / max(summary.seconds, 1e-9)
    out_console.print(
        f"wrote {summary.nodes} nodes and {summary.relationships} relationships in {files} CSV files "
        f"({summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f}s, {rate:,.0f} rows/s) "
        f"to {folder}; import them with {folder / 'import.sh'}, then run {folder / 'schema.cypher'}",
        soft_wrap=True,
    )


def _dataset(directory: Path, base_iri: str | None) -> Dataset:
    from kommunegraf.stores.web.dataset import load_dataset

    with reading():
        return load_dataset(directory, base_iri)


def serve_command(
    directory: Annotated[Path, typer.Argument(help=_GRAPH_HELP)],
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port (0: any free one).")] = 8000,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. The default is loopback, this machine only; another address "
            "(0.0.0.0: every interface) opens the endpoint to the network."
        ),
    ] = "127.0.0.1",
    base_iri: Annotated[str | None, typer.Option(help=_SERVE_BASE_HELP)] = None,
    log: Annotated[bool, typer.Option("--log", help="Print a line per request on stderr.")] = False,
) -> None:
    """Serve a graph: a read-only SPARQL 1.1 endpoint at /sparql and a page for every IRI.

    The endpoint follows the SPARQL 1.1 Protocol (GET ?query=, POST of a form
    or of application/sparql-query); the default graph is the union of the
    named graphs (one per source document); results come as SPARQL JSON, XML,
    CSV or TSV (CONSTRUCT: Turtle, N-Triples, JSON-LD) by the Accept header.
    Every IRI under the base answers at its own path (the default base's
    https://w3id.org/kommunegraf/id/x at http://HOST:PORT/kommunegraf/id/x)
    with 303 See Other to its HTML page, Turtle or JSON-LD, by Accept.
    Ctrl-C stops it.

    Example:  kommunegraf serve out --port 8000   (then open http://127.0.0.1:8000/)
    """
    from kommunegraf.stores.web.server import LOOPBACK, make_server

    dataset = _dataset(directory, base_iri)
    try:
        server = make_server(
            dataset, host, port, log=(lambda line: console.print(line, soft_wrap=True)) if log else None
        )
    except OSError as error:  # the address or port given cannot be listened on
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    if host not in LOOPBACK:
        warning(f"listening on {host}: anyone who can reach it can query the data")
    out_console.print(server.app.banner(), soft_wrap=True, highlight=False)
    out_console.print(f"pages of the IRIs under {dataset.base} at {server.app.url}/", soft_wrap=True, highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C is how a server is stopped: a normal end
        server.stopping = True
        console.print("stopped", soft_wrap=True)
    finally:
        server.server_close()


def publish_command(
    directory: Annotated[Path, typer.Argument(help=_GRAPH_HELP)],
    site: Annotated[Path, typer.Option("--site", help="Folder to write the static site to.")],
    base_iri: Annotated[str | None, typer.Option(help=_SERVE_BASE_HELP)] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace --site even if it holds something other than a site written before."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
) -> None:
    """Write the pages 'kommunegraf serve' answers with as a static site, for any web server or CDN.

    A folder per IRI path holds index.html, index.ttl and index.jsonld; index.html
    at the top lists the municipalities, committees and meetings; nginx.conf and
    .htaccess configure content negotiation (303 See Other by Accept, as 'serve'
    does). Written beside --site and renamed over it when whole.

    Example:  kommunegraf publish out --site site && python3 -m http.server -d site
    """
    from kommunegraf.stores.web.site import publish_site

    dataset = _dataset(directory, base_iri)
    with writing_to(site), progress_bar(quiet) as progress:
        task = progress.add_task("Writing pages", total=None)
        summary = publish_site(
            dataset,
            site,
            force=force,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    for iri in summary.skipped:
        warning(f"{iri}: its path cannot be a folder; no page written")
    if not quiet:
        out_console.print(
            f"wrote {summary.pages} pages ({summary.files} files, {summary.bytes / 1e6:.1f} MB) in "
            f"{summary.seconds:.1f}s to {summary.folder}; content negotiation: nginx.conf, .htaccess there",
            soft_wrap=True,
            highlight=False,
        )
