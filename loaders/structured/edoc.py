"""eDoc agenda publishing XML (``eDocAgendaPublishing.xml``): root ``<Meeting>`` without a namespace.

The export names the committee, the meeting's date and state, each item's
number, title and attachments in fields; participants, absences, case
numbers, sections and decisions exist only in the ``FullText`` of each
published part (``MeetingAgendaType``: "Åben dagsorden", "Lukket
dagsorden"), the whole referat as plain text. That text is what the reader
reads. Items of a part whose ``AgendaType`` says "lukket" are closed.
"""

from __future__ import annotations

from kommunegraf.loaders.structured.export import (
    Export,
    ExportAttachment,
    ExportItem,
    Stated,
    TextLine,
    in_number_order,
    when,
)

SYSTEM = "eDoc"


def detect(root) -> bool:
    return root.tag == "Meeting" and root.find("Committee") is not None and root.find("MeetingDate") is not None


def document_type(state: str) -> str | None:
    lowered = state.casefold()
    if "referat" in lowered:
        return "minutes"
    if "dagsorden" in lowered:
        return "agenda"
    return None


def _full_text(element) -> list[TextLine]:
    first = element.sourceline or 1
    return [TextLine(line, first + n, first + n) for n, line in enumerate((element.text or "").split("\n"))]


def _number(item) -> int | None:
    text = (item.findtext("AgendaItemNumber") or "").strip()
    return int(text) if text.isdigit() else None


def _item(item, closed: bool) -> ExportItem | None:
    number = _number(item)
    if number is None:
        return None
    document = item.find("Document")
    title = Stated.of_element(document.find("Title")) if document is not None else None
    attachments = [
        ExportAttachment(title=stated, file=(attachment.findtext("PDFDocument") or "").strip() or None)
        for attachment in (document.iterfind("Attachments/Attachment") if document is not None else ())
        if (stated := Stated.of_element(attachment.find("Title")))
    ]
    first = item.sourceline or 1
    return ExportItem(number=number, first=first, last=first, title=title, closed=closed, attachments=attachments)


def read(root) -> Export:
    date, start = when(root.findtext("MeetingDate") or "")
    state = (root.findtext("MeetingState") or "").strip()
    export = Export(
        system=SYSTEM,
        committee=Stated.of_element(root.find("Committee")),
        date=date,
        date_field=Stated.of_element(root.find("MeetingDate")),
        start_time=start,
        document_type=document_type(state),  # type: ignore[arg-type]
    )
    full_text: list[TextLine] = []
    items: list[ExportItem | None] = []
    for part in root.iterfind("MeetingAgendaTypes/MeetingAgendaType"):
        closed = "lukket" in (part.findtext("AgendaType") or "").casefold()
        text = part.find("FullText")
        if text is not None and (text.text or "").strip():
            full_text += _full_text(text)
        items += [_item(element, closed) for element in part.iterfind("MeetingAgendaItems/MeetingAgendaItem")]
    export.items = in_number_order(items, export.findings)
    export.full_text = full_text or None
    return export
