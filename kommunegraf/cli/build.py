"""Commands that read minutes: build, gaps, stats, synth, text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kommunegraf.cli.errors import EXIT_FILES_FAILED, NotDone, UsageError, reading
from kommunegraf.cli.neo4j import load_into_neo4j
from kommunegraf.cli.options import QUIET_HELP, check_base_iri, parse_date, read_graph
from kommunegraf.cli.output import (
    error,
    out_console,
    print_counts,
    print_gaps,
    print_warnings,
    progress_bar,
    warning,
)
from kommunegraf.graph.identity import DEFAULT_BASE_IRI
from kommunegraf.graph.spans import format_pages, format_spans
from kommunegraf.loaders.base import ALIASES, LAYOUT_DESCRIPTIONS, Overrides
from kommunegraf.loaders.files import read_document
from kommunegraf.stores.neo4j_config import DEFAULT_BATCH_SIZE

DEFAULT_SECONDS_PER_FILE = 300.0  # minutes of minutes read in well under a second; a file past this is stuck
DEFAULT_MEGABYTES_PER_WORKER = 4096  # address space of one reading process (the reader takes some 200 MB)

_LAYOUTS = ", ".join(f"{name} ({description})" for name, description in LAYOUT_DESCRIPTIONS.items())


def _layout(layout: str | None, old_layout: str | None) -> str | None:
    """The layout asked for: ``--layout``, or ``--format`` as it was called before (with a word that it moved)."""
    if old_layout is not None:
        if layout is not None and layout != old_layout:
            raise UsageError(f"--layout {layout} and --format {old_layout} disagree; --format is the old --layout")
        warning("--format of 'build' is now --layout (--format names an output format, in 'export')")
        layout = old_layout
    if layout is not None and layout not in LAYOUT_DESCRIPTIONS and layout not in ALIASES:
        raise typer.BadParameter(
            f"unknown layout {layout!r}; choose one of {', '.join(LAYOUT_DESCRIPTIONS)}", param_hint="--layout"
        )
    return layout


def build_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (text, PDF, HTML, DOCX or a publishing system's XML export), folders (searched "
            "recursively) and globs such as 'minutes/*.pdf'."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for graph.json and report.json.")] = Path("out"),
    layout: Annotated[
        str | None,
        typer.Option("--layout", "-l", help=f"Force one layout instead of detecting it: {_LAYOUTS}."),
    ] = None,
    old_layout: Annotated[
        str | None, typer.Option("--format", "-f", hidden=True, help="The old name of --layout.")
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    neo4j: Annotated[
        bool, typer.Option("--neo4j", help="Also load the graph into Neo4j (see 'kommunegraf load').")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes reading files (default: one per core)."),
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit", min=1, help="Seconds one file may take to read; a file past it is reported and skipped."
        ),
    ] = DEFAULT_SECONDS_PER_FILE,
    memory_limit: Annotated[
        int,
        typer.Option(
            "--memory-limit",
            min=256,
            help="Megabytes of memory a worker reading one file may take; a file past it is reported and skipped.",
        ),
    ] = DEFAULT_MEGABYTES_PER_WORKER,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental",
            help="Keep each file's record in OUT/cache and skip files read before (same bytes); "
            "a build that was stopped resumes where it was.",
        ),
    ] = False,
) -> None:
    """Read minutes and write the merged graph (node-link JSON) and a per-file report.

    Text, PDF and HTML files are told apart by their content. PDF and HTML
    are turned into text (running headers, page numbers, wrapped lines,
    hyphenation and two-column pages repaired; site navigation left out) and
    read like text; 'kommunegraf text FILE' shows that text. Each document's
    layout is detected; what a document does not state (committee, date,
    municipality) can come from the options or from a sidecar file
    FILE.meta.json beside it. Files that fail are reported and
    skipped; the exit code is then 1.

    Example:  kommunegraf build examples/minutes --out out
    """
    check_base_iri(base_iri)
    layout = _layout(layout, old_layout)
    from kommunegraf.gcpause import paused_cyclic_gc
    from kommunegraf.pipeline import build, default_jobs, expand_paths, missing_inputs, write_outputs
    from kommunegraf.record_cache import CACHE_FOLDER, RecordCache
    from kommunegraf.stores.atomic import locked_folder, writable_folder
    from kommunegraf.workers import Limits

    overrides = Overrides(committee=committee, date=parse_date(date), municipality=municipality)
    jobs = jobs or default_jobs()
    missing = missing_inputs(paths)
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise UsageError(f"{missing[0]}: no such file or folder, and no file matches it{more}; nothing was read")
    files = expand_paths(paths)
    if not files:
        raise UsageError(f"no documents found in the given paths{_not_read(paths)}")
    writable_folder(out)
    # the command, not the library, pauses the cycle collector for the merge (kommunegraf.gcpause)
    with locked_folder(out), paused_cyclic_gc():
        with progress_bar(quiet) as progress:
            task = progress.add_task("Loading", total=len(files))
            result = build(
                files,
                format=layout,
                overrides=overrides,
                base_iri=base_iri,
                progress=lambda _path: progress.advance(task),
                jobs=jobs,
                cache=RecordCache(out / CACHE_FOLDER, layout, overrides) if incremental else None,
                limits=Limits(seconds_per_item=time_limit, memory_bytes=memory_limit * 2**20),
            )
        for report in result.files:
            for problem in report.errors:
                error(str(problem))
        print_warnings(result.files)
        if len(result.failed) == len(result.files):
            raise NotDone(f"no input file could be read; nothing was written to {out}")
        graph_path, report_path = write_outputs(result, out)
    if neo4j:
        load_into_neo4j(result.graph, uri=None, database=None, batch_size=DEFAULT_BATCH_SIZE, quiet=quiet)
    if not quiet:
        summary = result.report()["summary"]
        partial = sum(1 for report in result.files if report.status == "partial")
        out_console.print(
            f"{summary['loaded']} of {summary['files']} files loaded ({partial} partial, {summary['failed']} failed): "
            f"{summary['nodes']} nodes, {summary['relationships']} relationships "
            f"-> {graph_path} (report: {report_path})",
            soft_wrap=True,
        )
        print_counts(result.graph)
    if result.failed:
        raise typer.Exit(EXIT_FILES_FAILED)


def _not_read(paths: list[str]) -> str:
    """The files in the given folders that are no document kommunegraf reads, named (a few) for the error."""
    skipped = sorted(
        str(child)
        for given in paths
        if Path(given).is_dir()
        for child in Path(given).rglob("*")
        if child.is_file() and not child.name.startswith(".")
    )
    if not skipped:
        return ""
    names = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
    return f"; not read (not a text, PDF, HTML, DOCX or XML file): {names}"


def gaps_command(
    reports: Annotated[
        list[Path], typer.Argument(help="report.json files written by 'kommunegraf build' (one or many).")
    ],
    code: Annotated[
        list[str] | None,
        typer.Option("--code", "-c", help="Only findings of this code (repeat for several), e.g. unknown-heading."),
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many to list.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Rank what the reader did not understand over a corpus: the wording to add next.

    Reads the findings of one or more build reports (each file's unknown
    headings, unassigned header text, unparsed people, ...), groups those
    that differ only in numbers, and lists them by how many files print
    them. Add the top entries to loaders/wording/*.toml, each with its
    snippet as example, and build again.

    Example:  kommunegraf gaps out/report.json --code unknown-heading --top 20
    """
    from kommunegraf.gaps import rank, read_reports

    with reading():
        entries = read_reports(reports)
    print_gaps(rank(entries, set(code) if code else None)[:top], as_json)


def stats_command(
    directory: Annotated[Path, typer.Argument(help="A folder written by 'kommunegraf build' (or its graph.json).")],
) -> None:
    """Print node counts per label and relationship counts per type.

    Example:  kommunegraf stats out
    """
    print_counts(read_graph(directory))


def synth_command(
    meetings: Annotated[int, typer.Option("--meetings", "-n", min=1, help="How many meetings to write.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same corpus.")] = 1,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for minutes/ and gold/.")] = Path("synth"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the corpus OUT already holds (its minutes/ and gold/).")
    ] = False,
) -> None:
    """Write a synthetic corpus of minutes, with gold facts, for testing recovery and speed at scale.

    Meetings of all 98 municipalities' committees from 2010 on, in the three
    layouts of the example documents (Ballerup text, Ballerup PDF text, Herlev
    Markdown): participants with party letters and roles, Afbud, journal
    numbers, attachments, decisions, presenters and "Tidligere behandling"
    references between the generated meetings. OUT/minutes/ holds the
    documents, OUT/gold/ one gold file per document in the format of the
    project's scorer (../shared/eval/score.py).

    Example:  kommunegraf synth --meetings 1000 --seed 7 --out synth && kommunegraf build synth/minutes --out out
    """
    from kommunegraf.synth import write_corpus

    with progress_bar(quiet) as progress:
        task = progress.add_task("Writing", total=meetings)
        files, size = write_corpus(
            out, meetings_count=meetings, seed=seed, progress=lambda _n: progress.advance(task), force=force
        )
    if not quiet:
        out_console.print(f"{files} meetings ({size / 1e6:.1f} MB) -> {out / 'minutes'} (gold: {out / 'gold'})")


def text_command(
    file: Annotated[
        Path, typer.Argument(help="One document: text, PDF, HTML, DOCX or a publishing system's XML export.")
    ],
    origins: Annotated[
        bool, typer.Option("--origins", help="Prefix each line with the file lines it came from (page:lines for PDF).")
    ] = False,
) -> None:
    """Print the text the layout loaders read from a file (after PDF, HTML and DOCX extraction and repairs).

    For an XML export, the text its fields are rendered to; --origins gives the lines of the XML.

    Useful to see why a fact was or was not found.

    Example:  kommunegraf text minutes/referat.pdf --origins
    """
    if not file.exists() and not file.is_symlink():  # a path that names nothing is a usage error, as for build
        raise UsageError(f"{file}: no such file or folder; nothing was read")
    document = read_document(file)
    for number, line in enumerate(document.iter_lines(), start=1):
        if origins:
            # a text file is read as it is: each line's origin is its own number
            first, last = document.origins[number - 1] if document.origins is not None else (number, number)
            span = {(first, last)}
            where = format_pages(span, document.page_starts) if document.page_starts else format_spans(span)
            sys.stdout.write(f"{where:>12}  {line}\n" if line else "\n")
        else:
            sys.stdout.write(f"{line}\n")
