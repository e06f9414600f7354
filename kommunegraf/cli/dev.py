"""``kommunegraf dev-neo4j start|env|import|stop``: a local Neo4j server for development (``kommunegraf.devserver``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kommunegraf.cli.errors import NotDone, UsageError
from kommunegraf.cli.output import console

HELP = "A local Neo4j 5 Community server for development and tests (Java 17 + Maven)."
_HOME_HELP = "Folder for the server's files (default: ~/.cache/kommunegraf/dev-neo4j, or $KOMMUNEGRAF_CACHE)."


def _home(home: Path | None) -> Path:
    from kommunegraf.devserver import cache_dir

    return home or cache_dir() / "dev-neo4j"


def start_command(home: Annotated[Path | None, typer.Option(help=_HOME_HELP)] = None) -> None:
    """Start the server (first run fetches Neo4j's jars from Maven Central) and print shell exports.

    Example:  eval "$(kommunegraf dev-neo4j start)"
    """
    from kommunegraf import devserver

    info = devserver.start(_home(home), progress=lambda step: console.print(step, soft_wrap=True, highlight=False))
    typer.echo(info.exports(), nl=False)


def env_command(home: Annotated[Path | None, typer.Option(help=_HOME_HELP)] = None) -> None:
    """Print the shell exports for the running server.

    Example:  eval "$(kommunegraf dev-neo4j env)"
    """
    from kommunegraf import devserver

    info = devserver.status(_home(home))
    if info is None:
        raise NotDone("no development server is running; start one with 'kommunegraf dev-neo4j start'")
    typer.echo(info.exports(), nl=False)


def import_command(
    csv_dir: Annotated[
        Path, typer.Argument(help="A folder written by 'kommunegraf export DIR --format neo4j-import'.")
    ],
    home: Annotated[Path | None, typer.Option(help=_HOME_HELP)] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before replacing the database (for scripts).")] = False,
) -> None:
    """Replace the development server's database with a bulk import (neo4j-admin), then start it.

    Stops the server if it runs, imports the CSV files with neo4j-admin from
    the same jars (the database's contents are replaced: it asks first,
    unless --yes), starts the server, creates the constraints and indexes,
    and prints the seconds each stage took. 'kommunegraf load' works on the
    result as on a loaded database.

    Example:  kommunegraf export out --format neo4j-import --out csv && kommunegraf dev-neo4j import csv --yes
    """
    from kommunegraf import devserver
    from kommunegraf.stores.neo4j_import import read_manifest

    target = _home(home)
    read_manifest(csv_dir)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(
                f"this replaces the database in {target}; pass --yes to do so without a terminal to ask at"
            )
        if not typer.confirm(f"Replace the development database in {target} with {csv_dir}?", default=False):
            raise NotDone("nothing imported")
    result = devserver.bulk_import(
        target, csv_dir, progress=lambda stage, seconds: console.print(f"{stage}: {seconds:.1f}s")
    )
    console.print(
        f"imported {result.nodes} nodes and {result.relationships} relationships in {result.seconds:.1f}s",
        soft_wrap=True,
    )
    typer.echo(result.server.exports(), nl=False)


def stop_command(home: Annotated[Path | None, typer.Option(help=_HOME_HELP)] = None) -> None:
    """Stop the server (its data stays in the home folder).

    Example:  kommunegraf dev-neo4j stop
    """
    from kommunegraf import devserver

    if not devserver.stop(_home(home)):
        raise NotDone("no development server was running")
    console.print(f"stopped the development Neo4j in {_home(home)} (its data stays there)", soft_wrap=True)
