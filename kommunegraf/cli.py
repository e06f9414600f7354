"""The ``kommunegraf`` command: a thin layer over the library.

It parses arguments, calls ``kommunegraf.pipeline``, shows progress, and turns
the library's errors into one-line messages and exit codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kommunegraf import __version__
from kommunegraf.errors import KommunegrafError, OutputError
from kommunegraf.graph.identity import DEFAULT_BASE_IRI
from kommunegraf.graph.model import format_pages, format_spans
from kommunegraf.loaders.base import ALIASES, LAYOUT_DESCRIPTIONS, Overrides
from kommunegraf.loaders.files import read_document
from kommunegraf.stores.neo4j_config import DEFAULT_BATCH_SIZE

# The pipeline, the reader, the stores and the exporters are imported in the commands that use them:
# `kommunegraf text FILE` and `--help` start without the records (pydantic), rdflib or the Neo4j driver.
GRAPH_FILE = "graph.json"  # kommunegraf.pipeline.GRAPH_FILE, checked by a test
RDF_FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")  # kommunegraf.stores.rdf_export.FORMATS, checked by a test

DEFAULT_SECONDS_PER_FILE = 300.0  # minutes of minutes read in well under a second; a file past this is stuck
DEFAULT_MEGABYTES_PER_WORKER = 4096  # address space of one reading process (the reader takes some 200 MB)

# Exit codes, the same for every command (README, "Exit codes").
EXIT_OK = 0
EXIT_FILES_FAILED = 1  # some input files could not be read (the others were); or none could, and nothing was written
EXIT_USAGE = 2  # a bad option or input path: nothing was done
EXIT_OUTPUT = 3  # the output could not be written: what was there is left as it was
EXIT_INTERRUPTED = 130  # Ctrl-C: outputs as they were

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

_FORMATS = ", ".join(f"{name} ({description})" for name, description in LAYOUT_DESCRIPTIONS.items())


def printable(text: str) -> str:
    """``text`` safe on one terminal line: control characters (escape sequences, line breaks) and bytes of file
    names that are not UTF-8 written as Python escapes (``\\x1b``, ``\\n``, ``\\xff``)."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _error(message: str) -> None:
    """One line on stderr, never wrapped, so it can be grepped."""
    console.print(Text("error: ", style="red") + Text(printable(message)), soft_wrap=True, highlight=False)


def _progress(quiet: bool) -> Progress:
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
        typer.Argument(
            help="Files (text, PDF, HTML, DOCX or a publishing system's XML export), folders (searched "
            "recursively) and globs such as 'minutes/*.pdf'."
        ),
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
    _check_base_iri(base_iri)
    if format is not None and format not in LAYOUT_DESCRIPTIONS and format not in ALIASES:
        raise typer.BadParameter(f"unknown format {format!r}; choose one of {', '.join(LAYOUT_DESCRIPTIONS)}")
    from kommunegraf.pipeline import build, default_jobs, expand_paths, missing_inputs, write_outputs
    from kommunegraf.record_cache import CACHE_FOLDER, RecordCache
    from kommunegraf.stores.atomic import locked_folder, writable_folder
    from kommunegraf.workers import Limits

    overrides = Overrides(committee=committee, date=_date(date), municipality=municipality)
    jobs = jobs or default_jobs()
    missing = missing_inputs(paths)
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        _error(f"{missing[0]}: no such file or folder, and no file matches it{more}; nothing was read")
        raise typer.Exit(EXIT_USAGE)
    files = expand_paths(paths)
    if not files:
        _error(f"no documents found in the given paths{_not_read(paths)}")
        raise typer.Exit(EXIT_USAGE)
    try:
        writable_folder(out)
    except OutputError as error:
        _error(str(error))
        raise typer.Exit(EXIT_OUTPUT) from None
    try:
        with locked_folder(out):
            with _progress(quiet) as progress:
                task = progress.add_task("Loading", total=len(files))
                result = build(
                    files,
                    format=format,
                    overrides=overrides,
                    base_iri=base_iri,
                    progress=lambda _path: progress.advance(task),
                    jobs=jobs,
                    cache=RecordCache(out / CACHE_FOLDER, format, overrides) if incremental else None,
                    limits=Limits(seconds_per_item=time_limit, memory_bytes=memory_limit * 2**20),
                )
            for report in result.files:
                for error in report.errors:
                    _error(str(error))
            _print_warnings(result.files)
            if len(result.failed) == len(result.files):
                _error(f"no input file could be read; nothing was written to {out}")
                raise typer.Exit(EXIT_FILES_FAILED)
            graph_path, report_path = write_outputs(result, out)
    except OutputError as error:
        _error(str(error))
        raise typer.Exit(EXIT_OUTPUT) from None
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    if neo4j:
        _load_into_neo4j(result.graph, uri=None, database=None, batch_size=DEFAULT_BATCH_SIZE, quiet=quiet)
    if not quiet:
        summary = result.report()["summary"]
        partial = sum(1 for report in result.files if report.status == "partial")
        out_console.print(
            f"{summary['loaded']} of {summary['files']} files loaded ({partial} partial, {summary['failed']} failed): "
            f"{summary['nodes']} nodes, {summary['relationships']} relationships "
            f"-> {graph_path} (report: {report_path})",
            soft_wrap=True,
        )
        _print_counts(result.graph)
    if result.failed:
        raise typer.Exit(EXIT_FILES_FAILED)


WARNINGS_PER_KIND = 3  # warnings of one kind printed in full; the rest are counted (report.json lists them all)


def _print_warnings(files) -> None:
    """Each file's warnings on stderr, at most a few of each kind, then a count of the rest per kind."""
    shown: dict[str, int] = {}
    left: dict[str, tuple[int, set[str]]] = {}
    for report in files:
        for finding, warning in zip(report.findings, report.warnings, strict=True):
            code = finding.get("code", "")
            if shown.get(code, 0) < WARNINGS_PER_KIND:
                shown[code] = shown.get(code, 0) + 1
                line = printable(f"{report.path}: {warning}")
                console.print(Text("warning: ", style="yellow") + Text(line), soft_wrap=True, highlight=False)
            else:
                count, paths = left.get(code, (0, set()))
                left[code] = (count + 1, paths | {report.path})
    for code, (count, paths) in left.items():
        console.print(
            Text("warning: ", style="yellow")
            + Text(f"{count} more warnings of the kind {code!r} in {len(paths)} files (report.json lists them)"),
            soft_wrap=True,
        )


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


def _print_counts(graph) -> None:
    labels, types = graph.counts()
    for title, counts in (("Label", labels), ("Relationship", types)):
        table = Table(title=None, show_edge=False)
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, str(count))
        out_console.print(table)


@app.command("gaps")
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

    try:
        ranked = rank(read_reports(reports), set(code) if code else None)[:top]
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None
    if as_json:
        out_console.print_json(json.dumps([g.as_dict() for g in ranked], ensure_ascii=False))
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


@app.command("stats")
def stats_command(
    directory: Annotated[Path, typer.Argument(help="A folder written by 'kommunegraf build' (or its graph.json).")],
) -> None:
    """Print node counts per label and relationship counts per type.

    Example:  kommunegraf stats out
    """
    _print_counts(_read_graph(directory))


@app.command("synth")
def synth_command(
    meetings: Annotated[int, typer.Option("--meetings", "-n", min=1, help="How many meetings to write.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same corpus.")] = 1,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for minutes/ and gold/.")] = Path("synth"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
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

    try:
        with _progress(quiet) as progress:
            task = progress.add_task("Writing", total=meetings)
            files, size = write_corpus(
                out, meetings_count=meetings, seed=seed, progress=lambda _n: progress.advance(task), force=force
            )
    except OutputError as error:
        _error(str(error))
        raise typer.Exit(EXIT_OUTPUT) from None
    if not quiet:
        out_console.print(f"{files} meetings ({size / 1e6:.1f} MB) -> {out / 'minutes'} (gold: {out / 'gold'})")


@app.command("text")
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
    try:
        document = read_document(file)
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(1) from None
    for number, line in enumerate(document.iter_lines(), start=1):
        if origins:
            # a text file is read as it is: each line's origin is its own number
            first, last = document.origins[number - 1] if document.origins is not None else (number, number)
            span = {(first, last)}
            where = format_pages(span, document.page_starts) if document.page_starts else format_spans(span)
            sys.stdout.write(f"{where:>12}  {line}\n" if line else "\n")
        else:
            sys.stdout.write(f"{line}\n")


def _read_graph(directory: Path):
    path = directory / GRAPH_FILE if directory.is_dir() else directory
    if not path.is_file():
        _error(f"{path}: no such file; run 'kommunegraf build ... --out {directory}' first")
        raise typer.Exit(2)
    from kommunegraf.stores.nodelink import read_node_link

    try:
        return read_node_link(path)
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None


_URI_HELP = (
    "Bolt URI of the server (default: $NEO4J_URI, else bolt://localhost:7687). The password comes from $NEO4J_PASSWORD."
)


def _store(uri: str | None, database: str | None):
    from kommunegraf.stores.neo4j_config import Neo4jSettings
    from kommunegraf.stores.neo4j_store import Neo4jStore

    try:
        settings = Neo4jSettings.from_env(uri=uri, database=database)
        return Neo4jStore(settings.driver(), settings.database)
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None


def _confirm(question: str) -> bool:
    """Ask at the terminal; with no one to ask (no terminal, input closed), a usage error that names --yes."""
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:
        _error(f"{question} needs an answer: run it at a terminal, or pass --yes to confirm")
        raise typer.Exit(EXIT_USAGE) from None


def _load_into_neo4j(
    graph, *, uri, database, batch_size, quiet, wipe=False, yes=False, break_lock=False, repair=False
) -> None:
    store = _store(uri, database)
    try:
        if wipe:
            if not yes and not _confirm("Delete every kommunegraf node in the database first?"):
                _error("not wiped; nothing loaded")
                raise typer.Exit(1)
            deleted = store.wipe()
            if not quiet:
                out_console.print(f"wiped {deleted} nodes")
        total = len(graph.nodes) + len(graph.relationships) + sum(len(n.provenance) for n in graph.nodes.values())
        with _progress(quiet) as progress:
            task = progress.add_task("Loading into Neo4j", total=total)
            stats = store.load(
                graph, batch_size=batch_size, progress=lambda n: progress.advance(task, n), break_lock=break_lock,
                repair=repair,
            )  # fmt: skip
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(1) from None
    finally:
        store.driver.close()
    if stats.repaired:
        console.print(f"repaired: {stats.repaired} copies of facts merged into one", soft_wrap=True)
    if not quiet:
        created = stats.counters
        out_console.print(
            f"loaded {stats.nodes} nodes and {stats.relationships} relationships in {stats.seconds:.1f}s "
            f"({created['nodes_created']} nodes and {created['relationships_created']} relationships were new)",
            soft_wrap=True,
        )


@app.command("load")
def load_command(
    directory: Annotated[Path, typer.Argument(help="A folder written by 'kommunegraf build' (or its graph.json).")],
    uri: Annotated[str | None, typer.Option(help=_URI_HELP)] = None,
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Load a built graph into Neo4j: constraints and indexes first, then batched MERGEs.

    Loading is idempotent (the same graph twice changes nothing) and
    incremental (a graph built from more documents merges into what is
    there). A failed batch is named; earlier batches stay committed and
    running the load again completes it.

    Example:  NEO4J_PASSWORD=... kommunegraf load out --uri bolt://localhost:7687
    """
    _load_into_neo4j(
        _read_graph(directory), uri=uri, database=database, batch_size=batch_size, quiet=quiet, wipe=wipe, yes=yes,
        break_lock=break_lock, repair=repair,
    )  # fmt: skip


EXPORT_FORMATS = (*RDF_FORMATS, "graphml", "gexf", "neo4j-import")


@app.command("export")
def export_command(
    directory: Annotated[Path, typer.Argument(help="A folder written by 'kommunegraf build' (or its graph.json).")],
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
    _check_base_iri(base_iri)
    _check_iri("--license", license_iri, "https://creativecommons.org/licenses/by/4.0/")
    _check_iri("--download-base", download_base, "https://data.example.dk/minutes/", web=True)
    _check_iri("--sparql-endpoint", sparql_endpoint, "https://data.example.dk/sparql", web=True)
    if not publisher.strip() or not publisher.isprintable():
        _error(f"--publisher {publisher!r}: give the publisher's name, on one line")
        raise typer.Exit(EXIT_USAGE)
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
    try:
        check(target)  # before the graph is read: a wrong --out costs one line, not the work
    except OutputError as error:
        _error(str(error))
        raise typer.Exit(EXIT_OUTPUT) from None
    graph = _read_graph(directory)
    if format == "neo4j-import":
        _export_neo4j_import(graph, target)
        return
    from kommunegraf.stores.networkx_export import write_gexf, write_graphml
    from kommunegraf.stores.rdf_export import export

    try:
        if format == "rdf":
            _export_rdf_dataset(
                graph, target, base_iri, links,
                publisher=publisher, license_iri=license_iri, download_base=download_base,
                sparql_endpoint=sparql_endpoint,
            )  # fmt: skip
            return
        if format in RDF_FORMATS:
            export(graph, target, format, base_iri, links)
        else:
            (write_graphml if format == "graphml" else write_gexf)(graph, target)
    except OSError as error:
        _error(f"{error.filename or target}: cannot write output: {error.strerror or error}")
        raise typer.Exit(EXIT_OUTPUT) from None
    out_console.print(f"wrote {target}", soft_wrap=True)


def _export_neo4j_import(graph, folder: Path) -> None:
    from kommunegraf.stores.neo4j_import import write_import_files

    try:
        summary = write_import_files(graph, folder)
    except OutputError as error:
        _error(str(error))
        raise typer.Exit(EXIT_OUTPUT) from None
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as error:
        _error(f"{error.filename or folder}: cannot write output: {error.strerror or error}")
        raise typer.Exit(EXIT_OUTPUT) from None
    files = len(summary.node_files) + len(summary.relationship_files)
    rate = summary.rows / max(summary.seconds, 1e-9)
    out_console.print(
        f"wrote {summary.nodes} nodes and {summary.relationships} relationships in {files} CSV files "
        f"({summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f}s, {rate:,.0f} rows/s) "
        f"to {folder}; import them with {folder / 'import.sh'}, then run {folder / 'schema.cypher'}",
        soft_wrap=True,
    )


def _read_links(path: Path | None):
    from kommunegraf.stores.rdf_links import LinksError, read_same_as

    if path is None:
        return None
    try:
        return read_same_as(path)
    except LinksError as error:
        raise typer.BadParameter(str(error), param_hint="--same-as") from None


def _export_rdf_dataset(graph, folder: Path, base_iri, links, **description) -> None:
    """Every RDF serialisation of ``graph`` into ``folder``, with the DCAT catalogues and VoID describing them."""
    from kommunegraf.stores.dcat import write_catalogues
    from kommunegraf.stores.rdf_export import export, rebased

    if base_iri:
        graph = rebased(graph, base_iri)  # once for all five files and their descriptions
    files = {}
    for fmt in RDF_FORMATS:
        files[fmt] = folder / f"graph.{fmt}"
        export(graph, files[fmt], fmt, None, links)
    written = write_catalogues(graph, files, folder, **description)
    names = ", ".join(path.name for path in written)
    out_console.print(f"wrote {len(files)} serialisations, {names} to {folder}", soft_wrap=True)


def _check_iri(option: str, value: str | None, example: str, *, web: bool = False) -> None:
    """Exit with a one-line error unless ``value`` is an absolute IRI (``web``: an http or https URL with a host)."""
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
        _error(f"{option} {value!r} is {problem}; write a full one, such as {example}")
        raise typer.Exit(EXIT_USAGE)


def _check_base_iri(value: str | None) -> None:
    _check_iri("--base-iri", value, "https://data.example.dk/id/")


_GRAPH_HELP = (
    "A folder written by 'kommunegraf build' (graph.json) or 'kommunegraf export --format rdf' "
    "(graph.nq or graph.trig), or one such file."
)
_SERVE_BASE_HELP = (
    "Base of the IRIs to resolve (default: the graph's own, https://w3id.org/kommunegraf/id/ unless built with "
    "another); a built graph's ids are moved to it, an RDF export keeps its IRIs."
)


def _dataset(directory: Path, base_iri: str | None):
    from kommunegraf.stores.web.dataset import load_dataset

    try:
        return load_dataset(directory, base_iri)
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None


@app.command("serve")
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
    except OSError as error:
        _error(f"cannot listen on {host}:{port}: {error.strerror or error}")
        raise typer.Exit(2) from None
    if host not in LOOPBACK:
        console.print(f"warning: listening on {host}: anyone who can reach it can query the data", soft_wrap=True)
    out_console.print(server.app.banner(), soft_wrap=True, highlight=False)
    out_console.print(f"pages of the IRIs under {dataset.base} at {server.app.url}/", soft_wrap=True, highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C is how a server is stopped: a normal end
        server.stopping = True
        console.print("stopped", soft_wrap=True)
    finally:
        server.server_close()


@app.command("publish")
def publish_command(
    directory: Annotated[Path, typer.Argument(help=_GRAPH_HELP)],
    site: Annotated[Path, typer.Option("--site", help="Folder to write the static site to.")],
    base_iri: Annotated[str | None, typer.Option(help=_SERVE_BASE_HELP)] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace --site even if it holds something other than a site written before."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
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
    try:
        with _progress(quiet) as progress:
            task = progress.add_task("Writing pages", total=None)
            summary = publish_site(
                dataset,
                site,
                force=force,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except OutputError as error:
        _error(str(error))
        raise typer.Exit(EXIT_OUTPUT) from None
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as error:
        _error(f"{site}: cannot write output: {error.strerror or error}")
        raise typer.Exit(EXIT_OUTPUT) from None
    for iri in summary.skipped:
        console.print(f"warning: {iri}: its path cannot be a folder; no page written", soft_wrap=True)
    if not quiet:
        out_console.print(
            f"wrote {summary.pages} pages ({summary.files} files, {summary.bytes / 1e6:.1f} MB) in "
            f"{summary.seconds:.1f}s to {summary.folder}; content negotiation: nginx.conf, .htaccess there",
            soft_wrap=True,
            highlight=False,
        )


def _parameter(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise typer.BadParameter(f"{text!r}: write parameters as name=value")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


@app.command("query")
def query_command(
    cypher: Annotated[str, typer.Argument(help="A Cypher query; use $name for values and pass them with --param.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="name=value (JSON, or a plain string); repeatable.")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    uri: Annotated[str | None, typer.Option(help=_URI_HELP)] = None,
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
    from kommunegraf.stores.cypher_guard import refusal

    if format not in ("table", "csv", "json"):
        raise typer.BadParameter(f"unknown format {format!r}; choose table, csv or json")
    if not allow_admin and (reason := refusal(cypher)):
        _error(f"not run: {reason}; 'kommunegraf query' asks the graph (--allow-admin runs it anyway)")
        raise typer.Exit(EXIT_USAGE)
    parameters = dict(_parameter(p) for p in param or [])
    store = _store(uri, database)
    try:
        keys, rows = store.query(cypher, parameters)
    except Exception as error:  # the server's own message says what is wrong with the query
        _error(f"query failed: {getattr(error, 'message', None) or error}")
        raise typer.Exit(1) from None
    finally:
        store.driver.close()
    if format == "json":
        out_console.print_json(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False))
    elif format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(keys)
        writer.writerows([_cell(v) for v in row] for row in rows)
    else:
        table = Table(show_edge=False)
        for key in keys:
            table.add_column(key)
        for row in rows:
            table.add_row(*(_shown_cell(v) for v in row))
        out_console.print(table)
        out_console.print(f"{len(rows)} rows")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _shown_cell(value: object) -> Text:
    """A value as a table shows it on a terminal: as text, never markup, with escape sequences escaped."""
    return Text(printable(_cell(value)))


dev_neo4j = typer.Typer(help="A local Neo4j 5 Community server for development and tests (Java 17 + Maven).")
app.add_typer(dev_neo4j, name="dev-neo4j")
_HOME_HELP = "Folder for the server's files (default: ~/.cache/kommunegraf/dev-neo4j, or $KOMMUNEGRAF_CACHE)."


def _home(home: Path | None) -> Path:
    from kommunegraf.devserver import cache_dir

    return home or cache_dir() / "dev-neo4j"


@dev_neo4j.command("start")
def dev_start(home: Annotated[Path | None, typer.Option(help=_HOME_HELP)] = None) -> None:
    """Start the server (first run fetches Neo4j's jars from Maven Central) and print shell exports.

    Example:  eval "$(kommunegraf dev-neo4j start)"
    """
    from kommunegraf import devserver

    try:
        info = devserver.start(_home(home), progress=lambda step: console.print(step, soft_wrap=True, highlight=False))
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None
    typer.echo(info.exports(), nl=False)


@dev_neo4j.command("env")
def dev_env(home: Annotated[Path | None, typer.Option(help=_HOME_HELP)] = None) -> None:
    """Print the shell exports for the running server.

    Example:  eval "$(kommunegraf dev-neo4j env)"
    """
    from kommunegraf import devserver

    info = devserver.status(_home(home))
    if info is None:
        _error("no development server is running; start one with 'kommunegraf dev-neo4j start'")
        raise typer.Exit(1)
    typer.echo(info.exports(), nl=False)


@dev_neo4j.command("import")
def dev_import(
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
    try:
        read_manifest(csv_dir)
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None
    if not yes:
        if not sys.stdin.isatty():
            _error(f"this replaces the database in {target}; pass --yes to do so without a terminal to ask at")
            raise typer.Exit(1)
        if not typer.confirm(f"Replace the development database in {target} with {csv_dir}?", default=False):
            _error("nothing imported")
            raise typer.Exit(1)
    try:
        result = devserver.bulk_import(
            target, csv_dir, progress=lambda stage, seconds: console.print(f"{stage}: {seconds:.1f}s")
        )
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(2) from None
    console.print(
        f"imported {result.nodes} nodes and {result.relationships} relationships in {result.seconds:.1f}s",
        soft_wrap=True,
    )
    typer.echo(result.server.exports(), nl=False)


@dev_neo4j.command("stop")
def dev_stop(home: Annotated[Path | None, typer.Option(help=_HOME_HELP)] = None) -> None:
    """Stop the server (its data stays in the home folder).

    Example:  kommunegraf dev-neo4j stop
    """
    from kommunegraf import devserver

    try:
        stopped = devserver.stop(_home(home))
    except KommunegrafError as error:
        _error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    if not stopped:
        _error("no development server was running")
        raise typer.Exit(1)
    console.print(f"stopped the development Neo4j in {_home(home)} (its data stays there)", soft_wrap=True)


if __name__ == "__main__":
    app()
