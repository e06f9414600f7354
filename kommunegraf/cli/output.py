"""What the commands print: one-line errors and warnings on stderr, progress, tables, CSV and JSON on stdout.

Every text that comes from a document or a file name goes through ``printable``, so a control character in it
cannot move the cursor, colour the terminal or break a line that scripts grep.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kommunegraf.text import undecodable_escaped

if TYPE_CHECKING:
    from kommunegraf.gaps import Gap
    from kommunegraf.graph.model import Graph
    from kommunegraf.pipeline import FileReport

console = Console(stderr=True)
out_console = Console()

WARNINGS_PER_KIND = 3  # warnings of one kind printed in full; the rest are counted (report.json lists them all)
QUERY_FORMATS = ("table", "csv", "json")


def printable(text: str) -> str:
    """``text`` safe on one terminal line: control characters (escape sequences, line breaks) and bytes of file
    names that are not UTF-8 written as Python escapes (``\\x1b``, ``\\n``, ``\\xff``)."""
    text = undecodable_escaped(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def error(message: str) -> None:
    """One line on stderr, never wrapped, so it can be grepped."""
    console.print(Text("error: ", style="red") + Text(printable(message)), soft_wrap=True, highlight=False)


def warning(message: str) -> None:
    """One warning line on stderr, never wrapped."""
    console.print(Text("warning: ", style="yellow") + Text(printable(message)), soft_wrap=True, highlight=False)


def note(message: str) -> None:
    """One line on stderr that is neither a problem nor a result: what the user may want to know."""
    console.print(Text("note: ", style="cyan") + Text(printable(message)), soft_wrap=True, highlight=False)


def progress_bar(quiet: bool) -> Progress:
    """A progress bar on stderr that disappears when done."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    )


def print_warnings(files: Sequence[FileReport]) -> None:
    """Each file's warnings on stderr, at most a few of each kind, then a count of the rest per kind."""
    shown: dict[str, int] = {}
    left: dict[str, tuple[int, set[str]]] = {}
    for report in files:
        for finding, text in zip(report.findings, report.warnings, strict=True):
            code = finding.get("code", "")
            if shown.get(code, 0) < WARNINGS_PER_KIND:
                shown[code] = shown.get(code, 0) + 1
                warning(f"{report.path}: {text}")
            else:
                count, paths = left.get(code, (0, set()))
                left[code] = (count + 1, paths | {report.path})
    for code, (count, paths) in left.items():
        warning(f"{count} more warnings of the kind {code!r} in {len(paths)} files (report.json lists them)")
    for report in files:
        if report.same_document_as:
            note(f"{report.path}: the same document as {report.same_document_as}; the graph holds its facts once")


def print_counts(graph: Graph) -> None:
    """Nodes per label and relationships per type, a table each."""
    labels, types = graph.counts()
    for title, counts in (("Label", labels), ("Relationship", types)):
        table = Table(title=None, show_edge=False)
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, str(count))
        out_console.print(table)


def print_gaps(ranked: Sequence[Gap], as_json: bool) -> None:
    """Ranked gaps as JSON, a table on a terminal, or one tab-separated line each when piped."""
    if as_json:
        out_console.print_json(json.dumps([gap.as_dict() for gap in ranked], ensure_ascii=False))
        return
    columns = ("files", "count", "code", "text", "first seen")
    rows = [(str(len(g.files)), str(g.count), g.code, g.text[:80], g.example) for g in ranked]
    if not out_console.is_terminal:  # piped: one tab-separated line a gap, whole, for sort, cut and grep
        typer.echo("\t".join(columns))
        for row in rows:
            typer.echo("\t".join(row))
        return
    table = Table(show_header=True, header_style="bold")
    for column in columns:
        table.add_column(column, justify="right" if column in ("files", "count") else "left")
    for row in rows:
        table.add_row(*row)
    out_console.print(table)


def print_rows(keys: Sequence[str], rows: Sequence[Sequence[Any]], layout: str) -> None:
    """A query's answer as JSON (a list of objects), CSV with a header row, or a table and its row count."""
    if layout == "json":
        out_console.print_json(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False))
    elif layout == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(keys)
        writer.writerows([cell(value) for value in row] for row in rows)
    else:
        table = Table(show_edge=False)
        for key in keys:
            table.add_column(key)
        for row in rows:
            table.add_row(*(shown_cell(value) for value in row))
        out_console.print(table)
        out_console.print(f"{len(rows)} rows")


def cell(value: object) -> str:
    """A value as one CSV cell: nothing for null, JSON for maps and lists."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def shown_cell(value: object) -> Text:
    """A value as a table shows it on a terminal: as text, never markup, with escape sequences escaped."""
    return Text(printable(cell(value)))
