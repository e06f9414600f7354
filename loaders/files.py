"""A file's bytes to the document a reader reads: text, PDF, DOCX, HTML or a publishing system's export.

The kind is told from the bytes, never the name. Each extractor is imported
only when a file of its kind comes: ``kommunegraf text FILE.pdf`` then loads
PDFium and the PDF repairs, not the reader, the records or lxml, and starts
in a tenth of a second.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument, document_from_bytes

MAX_FILE_BYTES = 256 * 2**20  # minutes run to a few MB; a PDF of scans to tens: a file past this is no minutes


def read_document(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read one file: text (UTF-8, Windows-1252, Latin-1), PDF, DOCX, HTML or a publishing system's XML export.

    Only a regular file is read (a FIFO would wait forever, ``/dev/zero`` never end), and only up to
    ``max_bytes``.
    """
    shown = str(path)
    try:
        with open(path, "rb", opener=_no_blocking) as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise LoaderError(shown, "not a regular file (a device, a pipe or a socket): not read")
            if status.st_size > max_bytes:
                size, limit = status.st_size / 2**20, max_bytes / 2**20
                raise LoaderError(shown, f"{size:.0f} MB, more than a document may have ({limit:.0f} MB)")
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise LoaderError(shown, f"cannot read file: {error.strerror or error}") from None
    return document_from_file_bytes(data, shown)


def _no_blocking(path: str, flags: int) -> int:
    """Open without waiting for a writer (a FIFO); the mode is checked before anything is read."""
    return os.open(path, flags | os.O_NONBLOCK)


def document_from_file_bytes(data: bytes, path: str) -> RawDocument:
    from kommunegraf.loaders.pdf import extract_pdf, is_pdf

    if is_pdf(data):
        return extract_pdf(data, path)
    from kommunegraf.loaders.docx import extract_docx
    from kommunegraf.loaders.docx_package import is_docx

    if is_docx(data):
        return extract_docx(data, path)
    from kommunegraf.loaders.html import extract_html, is_html
    from kommunegraf.loaders.structured import extract_structured, is_xml
    from kommunegraf.loaders.structured.publication_zip import extract_zip, is_publication_zip

    if is_publication_zip(data):
        return extract_zip(data, path)
    if is_html(data):
        return extract_html(data, path)
    if is_xml(data):
        return extract_structured(data, path)
    return document_from_bytes(data, path)
