"""The facts an export states in fields, put over what the minutes reader found in its text.

A fact the export keeps in a field of its own is taken from the field: the
committee, date, time and place, who was a member and who was absent (an
Acadre member's ``absent``, a Fujitsu participant's ``Participate``), item
numbers, titles, case numbers, access, and the attachments. A member whose
attendance the export does not state (``absent`` None: Publication XML's
NotDecided) is neither a participant nor absent: only their party
membership is taken. Everything the
export keeps only as text (decisions, Indstilling, earlier treatment,
presenters, absences at an item) comes from the reader. Where the text
prints attachment titles other than the export's, a finding says which were
used.
"""

from __future__ import annotations

from kommunegraf.loaders.committee_names import committee_name
from kommunegraf.loaders.people import parse_entry
from kommunegraf.loaders.structured.export import Export, ExportItem, ExportPerson, Stated
from kommunegraf.records import (
    AgendaItemRecord,
    AttachmentRecord,
    CaseMention,
    Finding,
    MinutesRecord,
    NamedMention,
    PartyMembership,
    PersonMention,
    Span,
)
from kommunegraf.text import clean, parse_time

# findings the reader makes when the fields stand in for a header it could not read
_GIVEN = frozenset({"given-committee", "given-date"})
# the reader found no item in the text (items without text read as a list of contents): the export's fields state them
_ITEMS_GIVEN = frozenset({"no-items"})


def span(stated: Stated) -> Span:
    return Span(start=stated.first, end=stated.last)


def _person(person: ExportPerson) -> tuple[PersonMention, PartyMembership | None]:
    entry = parse_entry(person.name.value)
    name = entry.name if entry else clean(person.name.value)
    party = person.party or (entry.party if entry else None)
    role = person.role or (entry.role if entry else None)
    mention = PersonMention(name=name, party=party, role=role, absent=bool(person.absent), lines=span(person.name))
    membership = PartyMembership(person=name, letter=party, lines=span(person.name)) if party else None
    return mention, membership


def _attachments(item: ExportItem, printed: list[AttachmentRecord], findings: list[Finding]) -> list[AttachmentRecord]:
    """The attachments the text prints, else the export's; where both name them differently, a finding says so.

    The printed titles are what the published minutes state (an export's
    title may be the file's working title in the case system); each keeps the
    file the export names for it, matched by title, else by place where both
    list as many.
    """
    given = [
        AttachmentRecord(title=clean(a.title.value), number=a.number, file=a.file, lines=span(a.title))
        for a in item.attachments or []
    ]
    if not printed:
        return given
    files = {a.title.casefold(): a.file for a in given}
    by_place = [a.file for a in given] if len(given) == len(printed) else [None] * len(printed)
    printed = [
        a.model_copy(update={"file": files.get(clean(a.title).casefold()) or place}) if a.file is None else a
        for a, place in zip(printed, by_place, strict=True)
    ]
    differ = {a.title.casefold() for a in given} ^ {clean(a.title).casefold() for a in printed}
    if given and differ:
        findings.append(
            Finding(
                code="attachment-titles",
                message=f"item {item.number}: the printed attachment titles are used "
                f"({'; '.join(a.title for a in printed)}), not the export's "
                f"({'; '.join(a.title for a in given)})",
                line=printed[0].lines.start,
            )
        )
    return printed


def _item(item: ExportItem, read: AgendaItemRecord | None, position: int, findings: list[Finding]) -> AgendaItemRecord:
    lines = Span(start=item.first, end=max(item.first, item.last))
    if read is None:
        read = AgendaItemRecord(number=item.number, position=position, title=None, lines=lines)
    updates: dict[str, object] = {"position": position}
    if item.title:
        updates["title"] = item.title.value
    if item.case:
        updates["case"] = CaseMention(number=item.case.value, lines=span(item.case))
    if item.closed is not None:
        updates["closed"] = item.closed
    if item.attachments is not None:
        updates["attachments"] = _attachments(item, read.attachments, findings)
    return read.model_copy(update=updates)


def overlay(record: MinutesRecord, export: Export) -> MinutesRecord:
    """``record`` (read from the export's text, in the export's file lines) with the export's fields over it."""
    dropped = _GIVEN | (_ITEMS_GIVEN if export.items else frozenset())
    findings = [*export.findings, *(f for f in record.findings if f.code not in dropped)]
    meeting: dict[str, object] = {}
    if export.committee:
        meeting["committee"] = NamedMention(name=committee_name(export.committee.value), lines=span(export.committee))
    if export.date and export.date_field:
        meeting["date"], meeting["date_lines"] = export.date, span(export.date_field)
    if export.start_time and parse_time(export.start_time):
        meeting["start_time"] = export.start_time
    elif export.start_time:
        line = export.date_field.first if export.date_field else None
        message = f"the export's start time {export.start_time!r} is not a time of day; left out"
        findings.append(Finding(code="impossible-time", message=message, line=line))
    if export.location:
        meeting["location"] = export.location.value
    if export.document_type:
        meeting["document_type"] = export.document_type
    memberships = list(record.memberships)
    if export.participants is not None:
        people = [(*_person(p), p.absent) for p in export.participants]
        # a member whose attendance the export does not state (absent None) is a member and party only
        meeting["participants"] = [m for m, _, absent in people if absent is False]
        meeting["absent"] = [m for m, _, absent in people if absent is True]
        memberships += [ms for _, ms, _ in people if ms and ms not in memberships]
    items = record.items
    if export.items:
        read = {item.number: item for item in record.items}
        items = [_item(item, read.pop(item.number, None), n, findings) for n, item in enumerate(export.items, 1)]
        for extra in read.values():  # kept as the text states it
            items.append(extra.model_copy(update={"position": len(items) + 1}))
            findings.append(
                Finding(
                    code="item-not-in-export",
                    message=f"item {extra.number} is in the text but not among the export's item fields",
                    line=extra.lines.start,
                )
            )
    return record.model_copy(
        update={
            "source": record.source.model_copy(update={"format": f"{export.system} export"}),
            "meeting": record.meeting.model_copy(update=meeting),
            "items": items,
            "memberships": memberships,
            "findings": findings,
        }
    )
