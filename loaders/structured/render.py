"""An export as the text the minutes reader reads, each line mapped to the export's file lines.

Where the export carries the whole document as text (eDoc's ``FullText``)
that text is the document. Otherwise the export is printed the way minutes
print: a header of labels the reader knows, then per item ``Punkt N: Title``,
``Sagsnr.:`` and each section under its heading as the export names it
(``Beslutning i Udvalget for ... den 20-06-2013``), so the reader finds the
decision, the Indstilling, earlier treatment and presenters in the text
exactly as it does in printed minutes. Facts the export keeps in fields are
put over the reader's findings afterwards (``overlay``).
"""

from __future__ import annotations

import hashlib

from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.structured.export import Export, ExportItem, TextLine
from kommunegraf.text import clean

XML_MEDIA_TYPE = "application/xml"


class _Text:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origins: list[tuple[int, int]] = []

    def add(self, text: str, first: int, last: int | None = None) -> None:
        # a field's text may hold carriage returns where its file line goes on (see xml.py): lines of the text
        for part in text.replace("\r", "\n").split("\n"):
            self.lines.append(part)
            self.origins.append((first, max(first, last or first)))

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.add("", *self.origins[-1])


def _header(export: Export, text: _Text) -> None:
    heading = "Dagsorden" if export.document_type == "agenda" else "Referat"
    first = export.committee.first if export.committee else 1
    text.add(heading, first)
    if export.committee:
        text.add(f"Udvalg: {export.committee.value}", export.committee.first, export.committee.last)
    if export.date and export.date_field:
        when = export.date.strftime("%d.%m.%Y") + (f" kl. {export.start_time}" if export.start_time else "")
        text.add(f"Mødedato: {when}", export.date_field.first, export.date_field.last)
    if export.location:
        text.add(f"Mødested: {export.location.value}", export.location.first, export.location.last)
    text.blank()


def _item(item: ExportItem, text: _Text) -> None:
    title = item.title.value if item.title else ""
    where = (item.title.first, item.title.last) if item.title else (item.first, item.first)
    text.add(clean(f"Punkt {item.number}: {title}"), *where)
    if item.case:
        text.add(f"Sagsnr.: {item.case.value}", item.case.first, item.case.last)
    text.blank()
    for section in item.sections:
        if section.heading:
            text.add(section.heading.value, section.heading.first, section.heading.last)
        for line in section.lines:
            text.add(line.text, line.first, line.last)
        text.blank()


def render(export: Export, data: bytes, path: str, line_count: int) -> RawDocument:
    """The document the reader reads for ``export`` (read from ``data`` at ``path``)."""
    text = _Text()
    if export.full_text is not None:
        lines: list[TextLine] = export.full_text
        for line in lines:
            text.add(line.text, line.first, line.last)
    else:
        _header(export, text)
        for item in export.items:
            _item(item, text)
    if not text.lines:
        text.add("", 1)
    return RawDocument(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text="\n".join(text.lines),
        encoding="xml",
        media_type=XML_MEDIA_TYPE,
        origins=tuple(text.origins),
        source_line_count=line_count,
        export=export,
    )
