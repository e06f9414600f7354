"""Which loader reads a document: detection by score, ``format`` to override it.

Files are text, PDF, HTML or XML exports of publishing systems, told apart
by their bytes (not their names): PDF and HTML are turned into text first
(``pdf``, ``html``), an export into its fields and the text it carries
(``structured``); all are read by the same reader as text, the facts' lines
mapped back to the file, and an export's fields put over what the reader
found.

Minutes of every layout are read by one reader (``reader.MinutesReader``);
its layouts differ only in the profile that prepares the text (plain,
Markdown, unrepaired PDF text, a transcription site's pages). A standalone
document (a plan, a strategy) has a loader of its own.
"""

from __future__ import annotations

from pathlib import Path

from kommunegraf.errors import LoaderError, UnsupportedDocumentError
from kommunegraf.loaders.base import ALIASES, LAYOUT_DESCRIPTIONS, Loader, Overrides, sidecar_overrides
from kommunegraf.loaders.decoding import RawDocument, document_from_bytes
from kommunegraf.loaders.files import document_from_file_bytes, read_document
from kommunegraf.loaders.origins import error_in_file_lines, to_file_lines
from kommunegraf.loaders.reader import MinutesReader
from kommunegraf.loaders.standalone import StandaloneLoader
from kommunegraf.loaders.structured.overlay import overlay
from kommunegraf.records import LoadedRecord

__all__ = ["ALIASES", "LAYOUTS", "document_from_file_bytes", "load", "load_document", "load_text", "read_document"]

# what each minutes layout's text went through (see ``profiles``)
PROFILES = {
    "minutes": "plain",
    "minutes-markdown": "markdown",
    "minutes-pdf-text": "pdf-text",
    "minutes-transcript": "transcript",
}
LAYOUTS: dict[str, Loader] = {
    **{name: MinutesReader(name, profile, LAYOUT_DESCRIPTIONS[name]) for name, profile in PROFILES.items()},
    "document": StandaloneLoader(),
}
MIN_CONFIDENCE = 0.3


def detect_layout(document: RawDocument) -> Loader:
    scored = sorted(((loader.detect(document), name) for name, loader in LAYOUTS.items()), reverse=True)
    best, name = scored[0]
    if best < MIN_CONFIDENCE:
        raise UnsupportedDocumentError(
            document.path,
            "no recognisable structure: neither minutes (no item headings, decisions, header labels or case "
            f"numbers) nor a dated document (layouts: {', '.join(LAYOUTS)}; use --layout to force one)",
        )
    return LAYOUTS[name]


def _loader(document: RawDocument, format: str | None) -> Loader:
    if format is None:
        # an export's text is rendered as minutes: its fields, not the text's evidence, say what it is
        return LAYOUTS["minutes"] if document.export is not None else detect_layout(document)
    format = ALIASES.get(format, format)
    if format not in LAYOUTS:
        raise LoaderError(document.path, f"unknown format {format!r}; choose one of {', '.join(LAYOUTS)}")
    return LAYOUTS[format]


def load_document(document: RawDocument, format: str | None = None, overrides: Overrides | None = None) -> LoadedRecord:
    """Parse a read document; spans and error lines are the file's own."""
    try:
        record = _loader(document, format).load(document, overrides or Overrides())
    except LoaderError as error:
        raise error_in_file_lines(error, document) from None
    record = to_file_lines(record, document)
    if document.export is not None and record.kind == "minutes":
        record = overlay(record, document.export)
    return record


def load(path: str | Path, format: str | None = None, overrides: Overrides | None = None) -> LoadedRecord:
    """Read one file into a record. Raises LoaderError (with file and line) when it cannot."""
    document = read_document(path)
    given = (overrides or Overrides()).merged_with(sidecar_overrides(path))
    if document.path != str(path):  # a manifest read as the file it names: that file's sidecar applies too
        given = given.merged_with(sidecar_overrides(document.path))
    return load_document(document, format, given)


def load_text(
    text: str, path: str = "<text>", format: str | None = None, overrides: Overrides | None = None
) -> LoadedRecord:
    """Read a document given as a string (tests, notebooks)."""
    document = document_from_bytes(text.encode("utf-8"), path)
    return load_document(document, format, overrides)
