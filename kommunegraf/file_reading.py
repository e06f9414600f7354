"""Reading files into packed records and their reports: in this process, or in worker processes with limits.

What runs in a worker process (``_load_task``, ``PackedRecord.of``) uses no graph code: the graph is built in
the parent, from the packed records (``pipeline.merge_packed``).
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import orjson

from kommunegraf.errors import LoaderError
from kommunegraf.file_reports import FileReport, failed_report, report_for, unexpected_report
from kommunegraf.input_paths import display_path
from kommunegraf.loaders import Overrides, load
from kommunegraf.readahead import ReadAhead
from kommunegraf.records import LoadedRecord, PlainRecord, Spelling, plain, record_spellings
from kommunegraf.workers import Limits, imap_in_workers


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


def read_files(
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
