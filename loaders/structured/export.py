"""What a publishing system's export states, field by field, before the minutes reader sees it.

Each importer (``edoc``, ``acadre``, ``publication``, ``fujitsu``, ``sbsys``)
turns its XML into an ``Export``: the facts the system keeps in fields of
their own (committee, date, members and their absence, item numbers, titles,
case numbers, attachments), each with the file lines of its field, and the
text it keeps only as text (section HTML, a whole referat's ``FullText``).
``render`` turns the text into the document the minutes reader reads, and
``overlay`` puts the fields over what the reader found: a fact stated in a
field is taken from the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from kommunegraf.loaders.html import fragment_lines
from kommunegraf.loaders.structured.xml import text_lines
from kommunegraf.records import Finding


@dataclass(frozen=True)
class Stated:
    """A field's value and the file lines (first, last) it stands on."""

    value: str
    first: int
    last: int

    @classmethod
    def of(cls, value: str | None, first: int, last: int | None = None) -> Stated | None:
        text = " ".join((value or "").split())
        return cls(text, first, max(first, last or first)) if text else None

    @classmethod
    def of_element(cls, element) -> Stated | None:
        """An element's text (whitespace collapsed) and its lines; None for a missing or empty element."""
        return None if element is None else cls.of(element.text, *text_lines(element))


@dataclass(frozen=True)
class TextLine:
    """A line of an export's text, with the file lines it comes from."""

    text: str
    first: int
    last: int


# the dates and times exports write: "04-12-2012 13:00:00" (eDoc, Publication, Fujitsu), "2013-06-20 10:30"
# (Acadre), "20.06.2013" and a time of its own (SBSYS)
_DATE = re.compile(r"(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})|(?P<Y>\d{4})-(?P<M>\d{1,2})-(?P<D>\d{1,2})")
_TIME = re.compile(r"(?:^|[T\s])(?P<h>\d{1,2})[:.](?P<min>\d{2})")


def stated_date(text: str) -> dt.date | None:
    """The first date in a field's text (day first, or ISO year first); None where there is none."""
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (match["y"], match["m"], match["d"]) if match["y"] else (match["Y"], match["M"], match["D"])
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def stated_time(*texts: str) -> str | None:
    """The first time in the texts ("13:00", "19.30"), a date in them left aside; midnight is a date's, no time."""
    for text in texts:
        match = _TIME.search(_DATE.sub("", text))
        if match and (int(match["h"]), match["min"]) != (0, "00"):
            return f"{int(match['h']):02d}:{match['min']}"
    return None


def when(text: str) -> tuple[dt.date | None, str | None]:
    """A field's date and time: "04-12-2012 13:00:00" -> (2012-12-04, "13:00")."""
    date = stated_date(text)
    return date, stated_time(text) if date else None


def html_lines(element) -> list[TextLine]:
    """The text of an element that holds HTML (a section's content), a line per block, with the file lines."""
    if element is None or not (element.text or "").strip():
        return []
    return [TextLine(text, first, last) for text, first, last in fragment_lines(element.text, element.sourceline or 1)]


@dataclass
class ExportPerson:
    """A member as the export lists them. ``absent`` is None where the export does not say."""

    name: Stated
    party: str | None = None
    role: str | None = None
    absent: bool | None = None


@dataclass
class ExportSection:
    """One section of an item: its heading as the export prints it, and its text."""

    heading: Stated | None
    lines: list[TextLine]
    decision: bool = False  # the export marks the section as the decision (Fujitsu's IsDecision)


@dataclass
class ExportAttachment:
    title: Stated
    number: str | None = None
    file: str | None = None  # the file the export names for it, relative to the export


@dataclass
class ExportItem:
    number: int
    first: int
    last: int
    title: Stated | None = None
    case: Stated | None = None
    closed: bool | None = None
    sections: list[ExportSection] = field(default_factory=list)
    attachments: list[ExportAttachment] | None = None  # None: the export has no attachment fields


@dataclass
class Export:
    """One meeting as a publishing system exported it."""

    system: str  # "eDoc", "Acadre", ... (shown in reports)
    committee: Stated | None = None
    date: dt.date | None = None
    date_field: Stated | None = None
    start_time: str | None = None
    location: Stated | None = None
    document_type: Literal["minutes", "agenda"] | None = None
    participants: list[ExportPerson] | None = None  # None: the export has no member fields
    items: list[ExportItem] = field(default_factory=list)
    full_text: list[TextLine] | None = None  # the whole document as text, where the export carries it
    findings: list[Finding] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # other files read for this meeting (a manifest's agenda)


def in_number_order(items: Iterable[ExportItem | None], findings: list[Finding]) -> list[ExportItem]:
    """The items by number; of two with one number the first is kept, and a finding says so."""
    kept: dict[int, ExportItem] = {}
    for item in items:
        if item is None:
            continue
        if item.number in kept:
            findings.append(
                Finding(code="item-number", message=f"item number {item.number} twice: the first kept", line=item.first)
            )
            continue
        kept[item.number] = item
    return [kept[number] for number in sorted(kept)]
