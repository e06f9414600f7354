"""The ``kommunegraf`` command: a thin layer over the library.

It parses arguments, calls ``kommunegraf.pipeline``, shows progress, and turns
the library's errors into one-line messages and exit codes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kommunegraf import __version__
from kommunegraf.errors import KommunegrafError
from kommunegraf.graph.identity import DEFAULT_BASE_IRI
from kommunegraf.loaders import LAYOUTS, Overrides
from kommunegraf.pipeline import GRAPH_FILE, build, expand_paths, write_outputs
from kommunegraf.stores.nodelink import read_node_link

app = typer.Typer(
    help=(
        "Build a knowledge graph from Danish municipal committee minutes (referater).\n\n"
        "Start with:  kommunegraf build examples/minutes --out out"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console(stderr=True)
out_console = Console()

_FORMATS = ", ".join(f"{name} ({loader.description})" for name, loader in LAYOUTS.items())


def _error(message: str) -> None:
    """One line on stderr, never wrapped, so it can be grepped."""
    console.print(Text("error: ", style="red") + Text(message), soft_wrap=True, highlight=False)


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


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@app.command("build")
def build_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (searched recursively) and globs such as 'minutes/*.txt'."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for graph.json and report.json.")] = Path("out"),
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"Force one layout instead of detecting it: {_FORMATS}."),
    ] = None,
    committee: Annotated[str | None, typer.Option(help="Committee, for documents that do not state theirs.")] = None,
    date: Annotated[
        str | None, typer.Option(help="Meeting date (YYYY-MM-DD), for documents that do not state theirs.")
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(help="Municipality name or kommunekode (e.g. 151), where the text is silent."),
    ] = None,
    base_iri: Annotated[str, typer.Option(help="Base of every node id.")] = DEFAULT_BASE_IRI,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Read minutes and write the merged graph (node-link JSON) and a per-file report.

    Each document's layout is detected; what a document does not state
    (committee, date, municipality) can come from the options or from a
    sidecar file FILE.meta.json beside it. Files that fail are reported and
    skipped; the exit code is then 1.

    Example:  kommunegraf build examples/minutes --out out
    """
    if format is not None and format not in LAYOUTS:
        raise typer.BadParameter(f"unknown format {format!r}; choose one of {', '.join(LAYOUTS)}")
    overrides = Overrides(committee=committee, date=_date(date), municipality=municipality)
    files = expand_paths(paths)
    if not files:
        _error("no documents found in the given paths")
        raise typer.Exit(2)
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
            transient=True,
        ) as progress:
            task = progress.add_task("Loading", total=len(files))
            result = build(
                files,
                format=format,
                overrides=overrides,
                base_iri=base_iri,
                progress=lambda _path: progress.advance(task),
            )
        graph_path, report_path = write_outputs(result, out)
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        _error("interrupted; the output folder holds what it held before")
        raise typer.Exit(130) from None
    for report in result.files:
        for error in report.errors:
            _error(str(error))
        if not quiet:
            for warning in report.warnings:
                console.print(Text("warning: ", style="yellow") + Text(f"{report.path}: {warning}"), soft_wrap=True)
    if not quiet:
        summary = result.report()["summary"]
        out_console.print(
            f"{summary['loaded']} of {summary['files']} files loaded: "
            f"{summary['nodes']} nodes, {summary['relationships']} relationships "
            f"-> {graph_path} (report: {report_path})",
            soft_wrap=True,
        )
        _print_counts(result.graph)
    if result.failed:
        raise typer.Exit(1)


def _print_counts(graph) -> None:
    labels, types = graph.counts()
    for title, counts in (("Label", labels), ("Relationship", types)):
        table = Table(title=None, show_edge=False)
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, str(count))
        out_console.print(table)


@app.command("stats")
def stats_command(
    directory: Annotated[Path, typer.Argument(help="A folder written by 'kommunegraf build' (or its graph.json).")],
) -> None:
    """Print node counts per label and relationship counts per type.

    Example:  kommunegraf stats out
    """
    path = directory / GRAPH_FILE if directory.is_dir() else directory
    if not path.is_file():
        _error(f"{path}: no such file; run 'kommunegraf build ... --out {directory}' first")
        raise typer.Exit(2)
    try:
        graph = read_node_link(path)
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None
    _print_counts(graph)


if __name__ == "__main__":
    app()
