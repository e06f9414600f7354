"""Each file's line in the build's report: what was read from it, what was not understood, or why it failed."""

from __future__ import annotations

import importlib.util
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kommunegraf.input_paths import display_path
from kommunegraf.records import LoadedRecord, MinutesRecord


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
    same_document_as: str | None = None  # an earlier file of the build with the same document (its facts once)


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


def failed_report(path: str, reason: str) -> FileReport:
    """The report of a file that could not be read, for ``reason``."""
    shown = display_path(path)
    return FileReport(path=shown, status="failed", errors=[f"{shown}: {reason}"])


def _folder_of(package: str) -> str:
    """The folder ``package`` is installed in, found without importing it."""
    spec = importlib.util.find_spec(package)
    return str(Path(spec.origin if spec and spec.origin else "").parent) + os.sep


# the folders of kommunegraf's own code, wherever it is installed
_OWN_CODE = tuple(
    _folder_of(name) for name in ("kommunegraf", "kommunegraf.loaders", "kommunegraf.graph", "kommunegraf.stores")
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
