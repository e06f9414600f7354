"""The library's main job: files -> records -> graph -> files, with a report per file.

The CLI is a thin layer over ``build`` and ``write_outputs``. Which files the inputs name is
``input_paths``, reading them (in worker processes, with limits) is ``file_reading``, and each file's line
in the report is ``file_reports``; what the CLI, the API and the tests use of those is importable from here
too (``__all__``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kommunegraf.errors import KommunegrafError, OutputError
from kommunegraf.file_reading import PackedRecord, default_jobs, load_file, read_files
from kommunegraf.file_reports import FileReport, report_for
from kommunegraf.graph import Graph
from kommunegraf.graph.builder import GraphBuilder
from kommunegraf.graph.identity import DEFAULT_BASE_IRI
from kommunegraf.input_paths import display_path, expand_paths, missing_inputs
from kommunegraf.loaders import Overrides
from kommunegraf.record_cache import RecordCache, entry_key
from kommunegraf.records import PlainRecord
from kommunegraf.stores.atomic import published_together
from kommunegraf.stores.nodelink import dump_node_link
from kommunegraf.workers import Limits

__all__ = [
    "GRAPH_FILE",
    "REPORT_FILE",
    "BuildResult",
    "FileReport",
    "build",
    "default_jobs",
    "default_loaded_at",
    "expand_paths",
    "load_file",
    "merge_packed",
    "missing_inputs",
    "write_outputs",
]

GRAPH_FILE = "graph.json"
REPORT_FILE = "report.json"


def default_loaded_at() -> str:
    """Now (UTC), or SOURCE_DATE_EPOCH where set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch else dt.datetime.now(tz=dt.UTC)).replace(
        microsecond=0
    )
    return moment.isoformat().replace("+00:00", "Z")


def merge_packed(packed: list[PackedRecord], loaded_at: str, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """One graph of ``packed``, merged in the order of the records' sha256 (the same graph whatever the
    order of the files and the number of workers that read them).

    ``packed`` is emptied as the merge goes, so each record's memory is freed
    once it is in the graph.
    """
    packed.sort(key=lambda p: p.sha256, reverse=True)
    spellings = [spelling for p in reversed(packed) for spelling in p.spellings]

    def taken_in_order() -> Iterator[PlainRecord]:
        while packed:
            yield packed.pop().decoded()

    return GraphBuilder(taken_in_order(), loaded_at, spellings, base_iri).build()


@dataclass
class BuildResult:
    graph: Graph
    files: list[FileReport]
    loaded_at: str

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def build_id(self) -> str:
        """Names this build in graph.json and report.json alike: made of when it ran and what it read, so the
        same files built at the same ``SOURCE_DATE_EPOCH`` give the same bytes."""
        read = sorted(f.sha256 or f.path for f in self.files)
        return hashlib.sha256("\n".join([self.loaded_at, *read]).encode()).hexdigest()[:16]

    def report(self) -> dict[str, Any]:
        labels, types = self.graph.counts()
        return {
            "build": self.build_id,
            "loaded_at": self.loaded_at,
            "summary": {
                "files": len(self.files),
                "loaded": len(self.files) - len(self.failed),
                "failed": len(self.failed),
                "nodes": sum(labels.values()),
                "relationships": sum(types.values()),
            },
            "labels": labels,
            "relationship_types": types,
            "files": [vars(f) for f in self.files],
        }


def build(
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    overrides: Overrides | None = None,
    loaded_at: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
    cache: RecordCache | None = None,
    limits: Limits | None = None,
) -> BuildResult:
    """Load every document under ``paths`` and merge them into one graph.

    A file that cannot be read is reported and skipped; the others still load.
    ``jobs`` worker processes read the files; the graph is the same for any
    number, because records are merged in the order of their sha256. With a
    ``cache``, files whose bytes were read before are not read again. With
    ``limits``, a file that takes longer or more memory than they allow, or
    that crashes the process reading it, is reported failed and the others
    load.
    """
    overrides = overrides or Overrides()
    packed: list[PackedRecord] = []
    reports: list[FileReport] = []
    todo: list[str] = []
    found: dict[str, tuple[PackedRecord | None, FileReport]] = {}
    keys: dict[str, str] = {}  # path -> cache key, hashed once
    all_paths = expand_paths(paths)
    for path in all_paths:
        cached = _cached(path, cache, keys)
        if cached is None:
            todo.append(path)
        else:
            found[path] = cached
            if progress:
                progress(path)
    for path, (record, report) in zip(todo, read_files(todo, format, overrides, jobs, limits), strict=True):
        found[path] = (record, report)
        key = keys.get(path)
        if cache is not None and record is not None and key and key.startswith(record.sha256):
            with contextlib.suppress(OSError):  # unwritable cache: the build goes on without it
                cache.put(key, record.json())
        if progress:
            progress(path)
    # a document two files hold (a copy, an export's manifest and the file it names) is merged once, from the
    # last of them in the build's order (the one whose record the merge took first before, so the graph is the
    # same); the others' reports name it
    merged_from = {
        record.sha256: report.path for record, report in map(found.get, all_paths) if record is not None
    }  # the last file in the build's order wins
    for path in all_paths:
        record, report = found.pop(path)
        if record is not None:
            if merged_from[record.sha256] == report.path:
                packed.append(record)
            else:
                report.same_document_as = merged_from[record.sha256]
        reports.append(report)
    stamp = loaded_at or default_loaded_at()
    try:
        graph = merge_packed(packed, stamp, base_iri)
    except ValueError as error:  # a record the graph cannot place: a bug, not bad input
        raise KommunegrafError(f"graph build failed: {error}") from error
    return BuildResult(graph=graph, files=reports, loaded_at=stamp)


def _cached(path: str, cache: RecordCache | None, keys: dict[str, str]) -> tuple[PackedRecord, FileReport] | None:
    """The cached record of ``path``, if any; its cache key goes into ``keys`` (a file that changes
    after it was hashed is not cached under the old key: see ``build``)."""
    if cache is None:
        return None
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a FIFO or a device is not hashed (that would wait or never end): the reader refuses it
        keys[path] = entry_key(path)
        record = cache.get(keys[path])
    except OSError:
        return None
    if record is None or not keys[path].startswith(record.source.sha256):
        return None  # no entry, or one that is not of these bytes (swapped, edited): the file is read again
    record.source.path = display_path(path)
    return PackedRecord.of(record), report_for(record)


def write_outputs(result: BuildResult, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``graph.json`` and ``report.json`` into ``out_dir`` as a pair; ``OutputError`` if it cannot.

    Both are written whole before either replaces the old one (a full disk leaves the old pair as it was),
    and each names the build (``graph.build`` in graph.json, ``build`` in report.json), so a pair cut between
    its two renames (the process killed there) shows it.
    """
    out = Path(out_dir)
    graph_path, report_path = out / GRAPH_FILE, out / REPORT_FILE
    try:
        with published_together() as staging:
            with staging.writer(graph_path, binary=True) as handle:
                dump_node_link(result.graph, handle, result.build_id)
            with staging.writer(report_path) as handle:
                json.dump(result.report(), handle, ensure_ascii=False, indent=2)
                handle.write("\n")
    except OSError as error:
        raise OutputError(f"{error.filename or out}: cannot write output: {error.strerror or error}") from None
    return graph_path, report_path
