"""A file's bytes to the document a reader reads: text, PDF, DOCX, HTML or a publishing system's export.

The kind is told from the bytes, never the name. Each extractor is imported
only when a file of its kind comes: ``kommunegraf text FILE.pdf`` then loads
PDFium and the PDF repairs, not the reader, the records or lxml, and starts
in a tenth of a second.
"""

from __future__ import annotations

from pathlib import Path

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument, document_from_bytes


def read_document(path: str | Path) -> RawDocument:
    """Read one file: text (UTF-8, Windows-1252, Latin-1), PDF, DOCX, HTML or a publishing system's XML export."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise LoaderError(shown, f"cannot read file: {error.strerror or error}") from None
    return document_from_file_bytes(data, shown)


def document_from_file_bytes(data: bytes, path: str) -> RawDocument:
    from kommunegraf.loaders.pdf import extract_pdf, is_pdf

    if is_pdf(data):
        return extract_pdf(data, path)
    from kommunegraf.loaders.docx import extract_docx, is_docx

    if is_docx(data):
        return extract_docx(data, path)
    from kommunegraf.loaders.html import extract_html, is_html
    from kommunegraf.loaders.structured import extract_structured, is_xml
    from kommunegraf.loaders.structured.publication import extract_zip, is_publication_zip

    if is_publication_zip(data):
        return extract_zip(data, path)
    if is_html(data):
        return extract_html(data, path)
    if is_xml(data):
        return extract_structured(data, path)
    return document_from_bytes(data, path)
