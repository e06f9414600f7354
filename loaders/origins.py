"""From the extracted text a layout loader read back to the file: its own lines, and links.

Layout loaders read text and give every fact the text lines that state it.
For PDF and HTML that text was extracted (``RawDocument.origins``); this
module maps each span to the lines of the file itself, so provenance points
into the PDF's pages or the HTML's markup, and gives attachments the URL the
page links them to.
"""

from __future__ import annotations

from pydantic import BaseModel

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.records import AttachmentRecord, Finding, LoadedRecord, Span
from kommunegraf.text import clean


def file_span(span: Span, origins: tuple[tuple[int, int], ...]) -> Span:
    """Text lines ``span`` -> the file lines they came from."""
    last = len(origins)
    start = origins[min(span.start, last) - 1][0]
    end = origins[min(span.end, last) - 1][1]
    return Span(start=start, end=max(start, end))


def file_line(line: int, origins: tuple[tuple[int, int], ...]) -> int:
    return origins[min(max(line, 1), len(origins)) - 1][0]


def _remapped(value, document: RawDocument):
    origins = document.origins
    assert origins is not None
    if isinstance(value, Span):
        return file_span(value, origins)
    if isinstance(value, Finding):
        return value.model_copy(update={"line": file_line(value.line, origins)}) if value.line else value
    if isinstance(value, AttachmentRecord):
        url = attachment_url(value, document)
        value = value.model_copy(update={"url": url} if url and value.url is None else {})
    if isinstance(value, BaseModel):
        updates = {name: _remapped(getattr(value, name), document) for name in type(value).model_fields}
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [_remapped(item, document) for item in value]
    return value


def attachment_url(attachment: AttachmentRecord, document: RawDocument) -> str | None:
    """The link on the attachment's lines whose text names it."""
    title = clean(attachment.title).casefold()
    for line in range(attachment.lines.start, attachment.lines.end + 1):
        for link in document.links.get(line, ()):
            text = link.text.casefold()
            if text and (title in text or text in title):
                return link.href
    return None


def refused_links(document: RawDocument) -> list[Finding]:
    """A finding for each link of the page whose target was not kept (not a web address), on its text line."""
    return [
        Finding(code="link-refused", message=link.refused, line=line, text=link.text or None)
        for line, links in sorted(document.links.items())
        for link in links
        if link.refused
    ]


def to_file_lines(record: LoadedRecord, document: RawDocument) -> LoadedRecord:
    """The record with every span (and every finding's line) in the file's own lines."""
    if document.origins is None:
        return record
    return _remapped(record, document)


def error_in_file_lines(error: LoaderError, document: RawDocument) -> LoaderError:
    """A loader's error with its line number mapped to the file's own lines."""
    if document.origins is None or error.line is None:
        return error
    return type(error)(error.path, error.message, file_line(error.line, document.origins))
