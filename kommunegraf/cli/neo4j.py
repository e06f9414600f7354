"""Commands that use a Neo4j server: load, query (and ``build --neo4j``, through ``load_into_neo4j``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kommunegraf.cli.errors import NotDone, UsageError
from kommunegraf.cli.options import BUILT_HELP, QUIET_HELP, URI_HELP, read_graph
from kommunegraf.cli.output import QUERY_FORMATS, console, out_console, print_rows, progress_bar, warning
from kommunegraf.stores.neo4j_config import DEFAULT_BATCH_SIZE

if TYPE_CHECKING:
    from kommunegraf.graph.model import Graph


def _confirm(question: str) -> bool:
    """Ask at the terminal; with no one to ask (no terminal, input closed), a usage error that names --yes."""
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:
        raise UsageError(f"{question} needs an answer: run it at a terminal, or pass --yes to confirm") from None


def load_into_neo4j(
    graph: Graph,
    *,
    uri: str | None,
    database: str | None,
    batch_size: int,
    quiet: bool,
    wipe: bool = False,
    yes: bool = False,
    break_lock: bool = False,
    repair: bool = False,
) -> None:
    """Load ``graph`` into the server the settings name, with a progress bar and a summary (``--wipe`` asked)."""
    from kommunegraf.stores import neo4j_session

    with neo4j_session.connected_store(uri, database) as store:
        if wipe:
            if not yes and not _confirm("Delete every kommunegraf node in the database first?"):
                raise NotDone("not wiped; nothing loaded")
            deleted = neo4j_session.wipe(store)
            if not quiet:
                out_console.print(f"wiped {deleted} nodes")
        with progress_bar(quiet) as progress:
            task = progress.add_task("Loading into Neo4j", total=neo4j_session.load_rows(graph))
            stats = neo4j_session.load_graph(
                store, graph, batch_size=batch_size, progress=lambda n: progress.advance(task, n),
                break_lock=break_lock, repair=repair,
            )  # fmt: skip
    if stats.repaired:
        console.print(f"repaired: {stats.repaired} copies of facts merged into one", soft_wrap=True)
    if not quiet:
        created = stats.counters
        out_console.print(
            f"loaded {stats.nodes} nodes and {stats.relationships} relationships in {stats.seconds:.1f}s "
            f"({created['nodes_created']} nodes and {created['relationships_created']} relationships were new)",
            soft_wrap=True,
        )


def load_command(
    directory: Annotated[Path, typer.Argument(help=BUILT_HELP)],
    uri: Annotated[str | None, typer.Option(help=URI_HELP)] = None,
    database: Annotated[
        str | None, typer.Option(help="Database name (default: $NEO4J_DATABASE or the server's default).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Rows per UNWIND batch (one transaction each).")
    ] = DEFAULT_BATCH_SIZE,
    wipe: Annotated[
        bool, typer.Option("--wipe", help="Delete every kommunegraf node first (asks to confirm).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before --wipe (for scripts).")] = False,
    break_lock: Annotated[
        bool,
        typer.Option(
            "--break-lock", help="Take the database from a load that was killed (one load at a time writes it)."
        ),
    ] = False,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="First make each fact one relationship again where loads that ran at once made it twice "
            "(also done with --break-lock).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
) -> None:
    """Load a built graph into Neo4j: constraints and indexes first, then batched MERGEs.

    Loading is idempotent (the same graph twice changes nothing) and
    incremental (a graph built from more documents merges into what is
    there). A failed batch is named; earlier batches stay committed and
    running the load again completes it.

    Example:  NEO4J_PASSWORD=... kommunegraf load out --uri bolt://localhost:7687
    """
    load_into_neo4j(
        read_graph(directory), uri=uri, database=database, batch_size=batch_size, quiet=quiet, wipe=wipe, yes=yes,
        break_lock=break_lock, repair=repair,
    )  # fmt: skip


def _parameter(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise typer.BadParameter(f"{text!r}: write parameters as name=value")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


def _shown_as(as_csv: bool, as_json: bool, old_format: str | None) -> str:
    """How the answer is printed: a table, or CSV or JSON as ``--csv``/``--json`` (``--format`` before) say."""
    if old_format is not None:
        if old_format not in QUERY_FORMATS:
            raise typer.BadParameter(f"unknown format {old_format!r}; use --csv or --json", param_hint="--format")
        warning("--format of 'query' is now --csv or --json (--format names an output format, in 'export')")
        as_csv, as_json = as_csv or old_format == "csv", as_json or old_format == "json"
    if as_csv and as_json:
        raise UsageError("--csv and --json: choose one")
    return "csv" if as_csv else "json" if as_json else "table"


def query_command(
    cypher: Annotated[str, typer.Argument(help="A Cypher query; use $name for values and pass them with --param.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="name=value (JSON, or a plain string); repeatable.")
    ] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV with a header row instead of a table.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (a list of objects) instead of a table.")] = False,
    old_format: Annotated[
        str | None, typer.Option("--format", "-f", hidden=True, help="The old way to say --csv or --json.")
    ] = None,
    uri: Annotated[str | None, typer.Option(help=URI_HELP)] = None,
    database: Annotated[str | None, typer.Option(help="Database name.")] = None,
    allow_admin: Annotated[
        bool,
        typer.Option(
            "--allow-admin",
            help="Also run administration commands (SHOW, TERMINATE, ...), dbms.* procedures and LOAD CSV.",
        ),
    ] = False,
) -> None:
    """Run a read-only Cypher query and print the answer as a table, CSV or JSON.

    It asks the graph: administration commands, the server's procedures and
    LOAD CSV (which fetches files and URLs) are refused unless --allow-admin.

    Example:  kommunegraf query "MATCH (p:Person)-[:ABSENT_FROM]->(m:Meeting) RETURN p.name, count(m)"
    """
    from kommunegraf.stores import neo4j_session
    from kommunegraf.stores.cypher_guard import refusal

    shown = _shown_as(as_csv, as_json, old_format)
    if not allow_admin and (reason := refusal(cypher)):
        raise UsageError(f"not run: {reason}; 'kommunegraf query' asks the graph (--allow-admin runs it anyway)")
    parameters = dict(_parameter(p) for p in param or [])
    with neo4j_session.connected_store(uri, database) as store:
        keys, rows = neo4j_session.run_query(store, cypher, parameters)
    print_rows(keys, rows, shown)
