"""Acadre MM exports: a manifest ``XML_<n>.xml`` and the agenda XML it names.

Both files are trees of ``<table name="...">`` holding ``<fields>``. The
agenda XML (root ``<root>`` with ``<table name="agenda">``) keeps the
committee and its members, the meeting with each member's ``absent`` flag,
and per item (``agendaitemparents`` > ``agendaitem``) the title, case number,
access, the sections (``bullet``: heading, HTML content, type 8 for a
decision) and the attachments (``enclosure``). The manifest (``<root><org>``
with ``<table name="producedAgenda">``) names the agenda XML of each produced
document (type 1 Dagsorden, 2 Referat); loading it loads the referat's
agenda XML beside it, as one meeting whose lines are that file's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.structured.export import (
    Export,
    ExportAttachment,
    ExportItem,
    ExportPerson,
    ExportSection,
    Stated,
    html_lines,
    when,
)

SYSTEM = "Acadre"
DECISION_BULLET = "8"
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PRODUCED_TYPES = {"1": "agenda", "2": "minutes"}


def is_agenda(root) -> bool:
    return root.tag == "root" and root.find("table[@name='agenda']") is not None


def is_manifest(root) -> bool:
    return root.tag == "root" and root.find("table[@name='producedAgenda']") is not None


def _fields(table) -> dict[str, object]:
    """A table's own fields by name (``<field name="x">value</field>``)."""
    fields = table.find("fields") if table is not None else None
    return {f.get("name"): f for f in (fields if fields is not None else ()) if f.get("name")}


def _stated(table, name: str, value: Callable[[str], str] = str) -> Stated | None:
    element = _fields(table).get(name)
    if element is None:
        return None
    line = element.sourceline or 1  # type: ignore[attr-defined]
    text = element.text or ""  # type: ignore[attr-defined]
    return Stated.of(value(text), line, line + text.count("\n"))


def _text(table, name: str) -> str:
    stated = _stated(table, name)
    return stated.value if stated else ""


def _members(meeting) -> list[ExportPerson] | None:
    table = meeting.find("table[@name='meetmember']") if meeting is not None else None
    if table is None:
        return None
    people = []
    for member in table.iterfind("table[@name='member']"):
        name = _stated(member, "name")
        if name is None:
            continue
        absent = _text(member, "absent")
        people.append(
            ExportPerson(
                name=name,
                party=_text(member, "party") or None,
                absent=absent == "1" if absent in ("0", "1") else None,
            )
        )
    return people


def _section(bullet) -> ExportSection | None:
    lines = html_lines(_fields(bullet).get("bulletcontent"))
    if not lines:
        return None  # an empty section is not printed (the DOCX leaves out the empty Lovgrundlag)
    return ExportSection(
        heading=_stated(bullet, "bulletname"), lines=lines, decision=_text(bullet, "bullettype") == DECISION_BULLET
    )


def _item(parent, item) -> ExportItem | None:
    number = _text(parent, "sort")
    if not number.isdigit():
        return None
    line = parent.sourceline or 1
    access = _text(item, "accessname").casefold()
    sections = [s for bullet in item.iterfind("table[@name='bullet']") if (s := _section(bullet))]
    attachments = [
        ExportAttachment(title=title, number=_text(e, "sort") or None, file=_text(e, "filename") or None)
        for e in item.iterfind("table[@name='enclosure']")
        if (title := _stated(e, "name"))
    ]
    return ExportItem(
        number=int(number),
        first=line,
        last=max([line, *(t.last for s in sections for t in s.lines)]),
        title=_stated(item, "name"),
        case=_stated(item, "caseno"),
        closed=access.startswith("lukket") if access else None,
        sections=sections,
        attachments=attachments,
    )


def read(root) -> Export:
    agenda = root.find("table[@name='agenda']")
    committee = agenda.find("table[@name='committee']")
    meeting = agenda.find("table[@name='meeting']")
    date_field = _stated(meeting, "date")
    date, start = when(date_field.value) if date_field else (None, None)
    place = ", ".join(p for p in (_text(meeting, "location"), _BR.sub(", ", _text(meeting, "address"))) if p)
    location = _stated(meeting, "location")
    name = _text(agenda, "name").casefold()
    export = Export(
        system=SYSTEM,
        committee=_stated(committee, "name"),
        date=date,
        date_field=date_field,
        start_time=start,
        location=Stated(place, location.first, location.last) if location and place else None,
        document_type="minutes" if "referat" in name else "agenda" if "dagsorden" in name else None,
        participants=_members(meeting),
    )
    for parent in agenda.iterfind("table[@name='agendaitemparents']"):
        for element in parent.iterfind("table[@name='agendaitem']"):
            item = _item(parent, element)
            if item is not None:
                export.items.append(item)
    return export


def named_agenda(root, path: str) -> tuple[str, str | None]:
    """The agenda XML a manifest names (the published referat's, else the agenda's) and its document type.

    Raises LoaderError (naming the manifest and the line) when it names none.
    """
    produced = root.find("table[@name='producedAgenda']")
    candidates = []
    for fields in produced.iterfind("fields"):
        values = {k: v for f in fields for k, v in f.attrib.items()}
        if values.get("xmlfilename"):
            rank = (values.get("type") == "2", values.get("publish") == "1")
            candidates.append((rank, values["xmlfilename"], _PRODUCED_TYPES.get(values.get("type", "")), fields))
    if not candidates:
        raise LoaderError(
            path, "Acadre manifest names no agenda XML (no xmlfilename in producedAgenda)", produced.sourceline
        )
    _, filename, kind, _ = max(candidates, key=lambda c: c[0])
    return filename, kind
