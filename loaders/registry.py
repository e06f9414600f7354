"""Which loader reads a document: detection by score, ``format`` to override it."""

from __future__ import annotations

from pathlib import Path

from kommunegraf.errors import LoaderError, UnsupportedDocumentError
from kommunegraf.loaders.ballerup_text import HeadedTextLoader
from kommunegraf.loaders.base import Loader, Overrides, sidecar_overrides
from kommunegraf.loaders.decoding import RawDocument, document_from_bytes, read_document
from kommunegraf.loaders.herlev_markdown import MarkdownLoader
from kommunegraf.loaders.pdf_text import PdfTextLoader
from kommunegraf.loaders.standalone import StandaloneLoader
from kommunegraf.records import LoadedRecord

LAYOUTS: dict[str, Loader] = {
    loader.name: loader for loader in (HeadedTextLoader(), MarkdownLoader(), PdfTextLoader(), StandaloneLoader())
}
MIN_CONFIDENCE = 0.3


def detect_layout(document: RawDocument) -> Loader:
    scored = sorted(((loader.detect(document), name) for name, loader in LAYOUTS.items()), reverse=True)
    best, name = scored[0]
    if best < MIN_CONFIDENCE:
        raise UnsupportedDocumentError(
            document.path,
            "no recognisable structure: not minutes with 'Punkt N' items and not a dated document "
            f"(layouts: {', '.join(LAYOUTS)}; use --format to force one)",
        )
    return LAYOUTS[name]


def _loader(document: RawDocument, format: str | None) -> Loader:
    if format is None:
        return detect_layout(document)
    if format not in LAYOUTS:
        raise LoaderError(document.path, f"unknown format {format!r}; choose one of {', '.join(LAYOUTS)}")
    return LAYOUTS[format]


def load(path: str | Path, format: str | None = None, overrides: Overrides | None = None) -> LoadedRecord:
    """Read one file into a record. Raises LoaderError (with file and line) when it cannot."""
    document = read_document(path)
    given = (overrides or Overrides()).merged_with(sidecar_overrides(path))
    return _loader(document, format).load(document, given)


def load_text(
    text: str, path: str = "<text>", format: str | None = None, overrides: Overrides | None = None
) -> LoadedRecord:
    """Read a document given as a string (tests, notebooks)."""
    document = document_from_bytes(text.encode("utf-8"), path)
    return _loader(document, format).load(document, overrides or Overrides())
