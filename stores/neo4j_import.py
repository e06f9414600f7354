"""The graph as CSV files for ``neo4j-admin database import full``: a fresh database in one bulk pass.

The files give exactly the database ``Neo4jStore.load`` makes from the same
graph: the same labels, relationship types, property names and property
types (Meeting and Document ``date`` as dates, Source ``loaded_at`` as a
datetime, integers as integers, booleans as booleans, a fact's ``sources``,
``lines`` and ``pages`` as string lists, a node's FROM_SOURCE ``lines`` and
``pages`` as strings) and the same ids.

Layout of the folder::

    nodes/<Label>.csv             one per label
    relationships/<TYPE>.csv      one per relationship type (FROM_SOURCE too)
    import.sh                     the neo4j-admin command line for these files
    import.json                   the same, as data (kommunegraf dev-neo4j import reads it)
    schema.cypher                 constraints and indexes, to run once the server is up

Each file starts with its header row: a file is self-describing (pandas or a
spreadsheet reads it alone) and needs no companion header file. The columns
are known before the first row is written: a first pass over the graph finds,
per label and per type, the properties present and their value types
(``neo4j_import_columns``); the second pass streams the rows
(``neo4j_import_writers``), in CSV as ``neo4j_csv`` writes it. The manifest,
script and admin arguments are ``neo4j_import_manifest``'s. This module runs
the passes, the facts in a second process on a large graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from kommunegraf.graph.model import Graph
from kommunegraf.stores.neo4j_csv import Neo4jImportError
from kommunegraf.stores.neo4j_import_manifest import (
    ImportSummary,
    admin_arguments,
    manifest_arguments,
    read_manifest,
    write_manifest,
)
from kommunegraf.stores.neo4j_import_writers import Export, Where, write_facts, write_nodes, write_provenance

__all__ = [  # the names other code uses, from here
    "ImportSummary",
    "Neo4jImportError",
    "admin_arguments",
    "manifest_arguments",
    "read_manifest",
    "write_import_files",
]


PARALLEL_FROM = 200_000  # relationships from which the facts are written by a second process beside the nodes


def _facts_in_a_child(export: Export) -> Callable[[], list[tuple[str, int, bool]]]:
    """Write the facts in a forked process (it shares the graph's memory) while this one writes the nodes.

    Returns what waits for it and gives its files. Each process makes what
    its files need from the graph itself (the nodes' columns here, the facts'
    there, the import ids in both), so on two cores nothing runs before the
    fork. The child writes only files of its own and leaves by ``os._exit``
    (multiprocessing's fork does), so it never flushes a file this process
    has open.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            with ExitStack() as stack:
                mine = Export(export.graph, export.folder, export.where, stack)
                write_facts(mine)
            send.send(("ok", mine.written()))
        except BaseException as error:  # every failure goes back to the parent, which raises it
            send.send(("error", f"{type(error).__name__}: {error}"))

    process = context.Process(target=child, name="kommunegraf-neo4j-import-facts")
    process.start()
    send.close()

    def wait() -> list[tuple[str, int, bool]]:
        try:
            status, result = receive.recv()
        except EOFError:
            status, result = "error", "the process writing the relationships ended without a word"
        process.join()
        if status != "ok":
            raise Neo4jImportError(f"writing the relationship files failed: {result}")
        return result

    return wait


def write_import_files(graph: Graph, folder: str | Path, *, parallel: bool | None = None) -> ImportSummary:
    """Write ``graph`` as neo4j-admin import files (and import.sh, import.json, schema.cypher) into ``folder``.

    Files of an earlier export in ``folder``'s nodes/ and relationships/ are
    removed first, so the folder describes this graph only. ``parallel``:
    write the relationships in a second process (default: for a graph of
    ``PARALLEL_FROM`` relationships or more, where processes can fork).
    """
    import os

    began = time.perf_counter()
    folder = Path(folder)
    for sub in ("nodes", "relationships"):
        for old in (folder / sub).glob("*.csv"):
            old.unlink()
    summary = ImportSummary(folder)
    if parallel is None:
        parallel = len(graph.relationships) >= PARALLEL_FROM and hasattr(os, "fork")
    written: list[tuple[str, int, bool]] = []
    with ExitStack() as stack:
        export = Export(graph, folder, Where(graph), stack)
        facts = _facts_in_a_child(export) if parallel else None
        write_nodes(export)
        if facts is None:
            write_facts(export)
        write_provenance(export)
    written += export.written()
    if facts is not None:
        written += facts()
    for relative, rows, multiline in written:
        if relative.startswith("nodes/"):
            summary.node_files[relative] = rows
            summary.nodes += rows
        else:
            summary.relationship_files[relative] = rows
            summary.relationships += rows
        summary.bytes += (folder / relative).stat().st_size
        if multiline:
            summary.multiline.append(relative)
    summary.node_files = dict(sorted(summary.node_files.items()))
    summary.relationship_files = dict(sorted(summary.relationship_files.items()))
    summary.multiline.sort()
    write_manifest(summary)
    summary.seconds = time.perf_counter() - began
    return summary
