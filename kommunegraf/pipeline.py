"""The library's main job: files -> records -> graph -> files, with a report per file.

The CLI is a thin layer over ``build`` and ``write_outputs``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import os
import stat
import sys
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from kommunegraf.errors import KommunegrafError, LoaderError, OutputError
from kommunegraf.graph import Graph
from kommunegraf.graph.builder import GraphBuilder
from kommunegraf.graph.identity import DEFAULT_BASE_IRI
from kommunegraf.loaders import Overrides, load
from kommunegraf.loaders.base import SIDECAR_SUFFIX
from kommunegraf.readahead import ReadAhead
from kommunegraf.record_cache import RecordCache, entry_key
from kommunegraf.records import LoadedRecord, MinutesRecord, PlainRecord, Spelling, plain, record_spellings
from kommunegraf.stores.atomic import published_together
from kommunegraf.stores.nodelink import dump_node_link
from kommunegraf.text import undecodable_escaped
from kommunegraf.workers import Limits, imap_in_workers

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".pdf", ".html", ".htm", ".docx", ".xml", ".zip")
GRAPH_FILE = "graph.json"
REPORT_FILE = "report.json"


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files, folders (searched recursively for documents) and globs, deduplicated and sorted.

    A path that matches nothing is kept, so its error shows up in the report.
    """
    found: set[str] = set()
    for given in paths:
        text = str(given)
        matches = sorted(glob.glob(text, recursive=True)) if any(c in text for c in "*?[") else [text]
        if not matches:
            found.add(text)
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    name = child.name
                    if (
                        child.is_file()
                        and not name.startswith(".")
                        and name.lower().endswith(DOCUMENT_SUFFIXES)
                        and not name.endswith(SIDECAR_SUFFIX)
                    ):
                        found.add(str(child))
            else:
                found.add(match)
    return sorted(found)


def missing_inputs(paths: Iterable[str | Path]) -> list[str]:
    """The given paths that name nothing: a file or folder that does not exist, a glob that matches nothing."""
    missing = []
    for given in paths:
        text = str(given)
        if any(c in text for c in "*?["):
            if not glob.glob(text, recursive=True):
                missing.append(text)
        elif not os.path.lexists(text):
            missing.append(text)
    return missing


def display_path(path: str) -> str:
    """The path as given; an absolute path inside the working directory is made relative to it.

    Bytes of a file name that are not UTF-8 (kept by Python as lone surrogates) are written as ``\\xff``, so the
    name can be printed and stored in JSON.
    """
    path = undecodable_escaped(path)
    if not os.path.isabs(path):
        return os.path.normpath(path)
    cwd = Path.cwd()
    resolved = Path(path)
    return str(resolved.relative_to(cwd)) if resolved.is_relative_to(cwd) else path


def default_loaded_at() -> str:
    """Now (UTC), or SOURCE_DATE_EPOCH where set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC) if epoch else dt.datetime.now(tz=dt.UTC)).replace(
        microsecond=0
    )
    return moment.isoformat().replace("+00:00", "Z")


@dataclass
class FileReport:
    """One file's line in the report: what was read, and what was not understood (``findings``)."""

    path: str
    status: str  # "ok", "partial" (loaded, with findings about what was not understood) or "failed"
    format: str | None = None
    sha256: str | None = None
    coverage: float | None = None  # share of the document's lines read into a fact or a known section
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # the findings, one line of text each
    findings: list[dict[str, Any]] = field(default_factory=list)  # code, message, line, text
    errors: list[str] = field(default_factory=list)
    traceback: str | None = None  # where kommunegraf's own code failed on this file (a bug to report)


@dataclass
class PackedRecord:
    """A record kept as its compressed JSON between reading and merging, with the names the resolvers need.

    A record as Python objects takes about six times the memory of its JSON,
    and zlib's fastest level makes the JSON a fifth of that (compressing
    costs about 3% of reading a file); every record waits in this form until
    the merge, which decodes one at a time. Worker processes hand records
    over in this form, too.
    """

    sha256: str
    compressed: bytes
    spellings: list[Spelling]

    @classmethod
    def of(cls, record: LoadedRecord) -> PackedRecord:
        data = plain(record)
        return cls(record.source.sha256, zlib.compress(orjson.dumps(data), 1), record_spellings(data))

    def json(self) -> bytes:
        return zlib.decompress(self.compressed)

    def decoded(self) -> PlainRecord:
        """The record in its JSON form, as the graph builder reads it (decoded, not validated again)."""
        return orjson.loads(self.json())


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


def record_counts(record: LoadedRecord) -> dict[str, int]:
    if not isinstance(record, MinutesRecord):
        return {"documents": 1}
    items = record.items
    return {
        "items": len(items),
        "participants": len(record.meeting.participants),
        "absent": len(record.meeting.absent),
        "decisions": sum(1 for i in items if i.decision),
        "attachments": sum(len(i.attachments) for i in items),
        "cases": sum(1 for i in items if i.case),
        "previous_treatments": sum(len(i.previous) for i in items),
        "presenters": sum(len(i.presenters) for i in items),
    }


def load_file(path: str, format: str | None, overrides: Overrides) -> tuple[LoadedRecord | None, FileReport]:
    shown = display_path(path)
    try:
        record = load(path, format=format, overrides=overrides)
    except LoaderError as error:
        # the file the error names (the document, or its sidecar) as the user gave it
        message = str(error).replace(error.path, shown if error.path == path else display_path(error.path), 1)
        return None, FileReport(path=shown, status="failed", format=format, errors=[message])
    except OSError as error:
        return None, failed_report(path, f"cannot read: {error.strerror or error}")
    except RecursionError:
        return None, failed_report(path, "nested too deeply to read")
    except MemoryError:
        return None, failed_report(path, "reading it needs more memory than a file may take (--memory-limit)")
    except Exception as error:  # whatever one file does to a parser costs that file alone
        return None, unexpected_report(path, error)
    record.source.path = shown
    return record, report_for(record)


def failed_report(path: str, reason: str) -> FileReport:
    """The report of a file that could not be read, for ``reason``."""
    shown = display_path(path)
    return FileReport(path=shown, status="failed", errors=[f"{shown}: {reason}"])


_OWN_CODE = tuple(  # the folders of kommunegraf's own code, wherever it is installed
    str(Path(sys.modules[name].__file__ or "").parent) + os.sep
    for name in ("kommunegraf", "kommunegraf.loaders", "kommunegraf.graph", "kommunegraf.stores")
)


def unexpected_report(path: str, error: Exception) -> FileReport:
    """The report of a file whose reading raised what no reader expects.

    Raised inside a library (lxml, pypdfium2, the codecs), the file broke the
    library: its error. Raised in kommunegraf's own code, it is a bug: said
    so, with the traceback in the report.
    """
    frames = traceback.extract_tb(error.__traceback__)
    where = frames[-1].filename if frames else ""
    what = f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"
    report = failed_report(path, f"could not be read ({what})")
    if where.startswith(_OWN_CODE):
        shown = report.path
        report.errors = [f"{shown}: internal error while reading ({what}); a bug in kommunegraf, not in the file: "
                         "report.json holds the traceback"]  # fmt: skip
        report.traceback = "".join(traceback.format_exception(error))
    return report


def report_for(record: LoadedRecord) -> FileReport:
    return FileReport(
        path=record.source.path,
        status="partial" if record.findings else "ok",
        format=record.source.format,
        sha256=record.source.sha256,
        coverage=record.coverage,
        counts=record_counts(record),
        warnings=list(record.warnings),
        findings=[f.model_dump(mode="json") for f in record.findings],
    )


def _load_task(task: tuple[str, str | None, Overrides]) -> tuple[PackedRecord | None, FileReport]:
    """One file, maybe in a worker process (a top-level function, so it can be sent there)."""
    record, report = load_file(*task)
    return (PackedRecord.of(record) if record is not None else None), report


def default_jobs() -> int:
    """Worker processes for reading: one per core."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _failed_task(task: tuple[str, str | None, Overrides], reason: str) -> tuple[None, FileReport]:
    """What stands for a file whose worker died or ran out of time on it."""
    return None, failed_report(task[0], reason)


def _read_files(
    paths: list[str], format: str | None, overrides: Overrides, jobs: int, limits: Limits | None = None
) -> Iterator[tuple[PackedRecord | None, FileReport]]:
    """Each file's record and report, in the order of ``paths`` whatever the number of workers.

    With ``limits``, files are always read in worker processes (one at least), which can be stopped when a
    file passes its time or memory; without, a few files are read in this process.
    """
    tasks = [(path, format, overrides) for path in paths]
    with contextlib.ExitStack() as stack:
        ahead = stack.enter_context(ReadAhead(paths))
        if limits is None and (jobs <= 1 or len(tasks) < 4 * jobs):  # processes cost more than a few files take
            results = map(_load_task, tasks)
        else:
            workers = max(1, min(jobs, len(tasks)))
            chunksize = max(1, min(32, len(tasks) // (8 * workers)))
            reading = imap_in_workers(_load_task, tasks, workers, chunksize, limits=limits, failed=_failed_task)
            results = stack.enter_context(contextlib.closing(reading))
        for result in results:
            ahead.done()
            yield result


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
    for path, (record, report) in zip(todo, _read_files(todo, format, overrides, jobs, limits), strict=True):
        found[path] = (record, report)
        key = keys.get(path)
        if cache is not None and record is not None and key and key.startswith(record.sha256):
            with contextlib.suppress(OSError):  # unwritable cache: the build goes on without it
                cache.put(key, record.json())
        if progress:
            progress(path)
    for path in all_paths:
        record, report = found.pop(path)
        if record is not None:
            packed.append(record)
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
