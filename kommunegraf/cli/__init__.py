"""The ``kommunegraf`` command: thin commands over the library, one module per command group.

- ``build``: build, gaps, stats, synth, text (reading minutes);
- ``export``: export, publish, serve (writing and serving a built graph);
- ``neo4j``: load, query (a Neo4j server);
- ``dev``: dev-neo4j start, env, import, stop (a development server);
- ``errors``: the one mapping from errors to exit codes, which every command is registered with;
- ``output``: what the commands print; ``options``: what several commands take.

A command parses its options, calls the library and prints what it returns. The pipeline, the stores,
pyoxigraph and the Neo4j driver are imported inside the commands, so ``kommunegraf --help`` and
``kommunegraf text FILE`` start without them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from kommunegraf import __version__
from kommunegraf.cli import build, dev, export, neo4j
from kommunegraf.cli.errors import (
    EXIT_FAILED,
    EXIT_FILES_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    exit_codes,
)
from kommunegraf.cli.options import GRAPH_FILE, RDF_FORMATS
from kommunegraf.cli.output import out_console, printable

__all__ = [
    "EXIT_FAILED",
    "EXIT_FILES_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_USAGE",
    "GRAPH_FILE",
    "RDF_FORMATS",
    "app",
    "printable",
]

app = typer.Typer(
    help=(
        "Build a knowledge graph from Danish municipal committee minutes (referater).\n\n"
        "Start with:  kommunegraf build examples/minutes --out out"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        out_console.print(f"kommunegraf {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Build a knowledge graph from Danish municipal committee minutes (referater)."""


def _register(group: typer.Typer, commands: dict[str, Callable[..., Any]]) -> None:
    """Each command under its name, run inside the one error mapping; listed in ``--help`` in this order."""
    for name, command in commands.items():
        group.command(name)(exit_codes(command))


_register(
    app,
    {
        "build": build.build_command,
        "gaps": build.gaps_command,
        "stats": build.stats_command,
        "synth": build.synth_command,
        "text": build.text_command,
        "load": neo4j.load_command,
        "export": export.export_command,
        "serve": export.serve_command,
        "publish": export.publish_command,
        "query": neo4j.query_command,
    },
)
dev_neo4j = typer.Typer(help=dev.HELP)
_register(
    dev_neo4j,
    {"start": dev.start_command, "env": dev.env_command, "import": dev.import_command, "stop": dev.stop_command},
)
app.add_typer(dev_neo4j, name="dev-neo4j")
