"""eDoc (Fujitsu) AgendaWeb XML: root ``<Root>`` whose children are in the Fujitsu agenda namespace.

``Committee`` (``Name``) holds the ``Meeting``: ``MeetingDateTime``
("02-05-2017 10:00"), ``MeetingLocation``, the participants
(``MeetingParticipants/MeetingParticipant``: ``Name``, ``RoleInMeeting``
Formand/Medlem, ``Participate`` true/false, ``PoliticalPartyList`` the
party letter, or an organisation or "Løsgænger" for a member without one,
which is then not a party) and the ``Agenda`` (``Type`` Dagsorden/Referat).
Each ``AgendaElements/AgendaElement`` is an item: ``AccessIsPublic`` false
(``AccessName`` "Fortrolig ...") is closed, and its ``HandlingItem`` has
``SerialNo`` (the number the rendering prints), ``Title``, ``CaseNumber``,
the sections ``CasePresentations/CasePresentation`` (``Title``, HTML
``Content``, ``IsDecision`` marks the decision) and the attachments
``Attachments/Attachment`` (``AttachmentNumber``, ``Title``, ``Link``).

A decision section whose title does not begin with "Beslutning" is printed
under the heading "Beslutning" instead, so the reader reads it as the
decision.
"""

from __future__ import annotations

from kommunegraf.loaders.structured.edoc import document_type
from kommunegraf.loaders.structured.export import (
    Export,
    ExportAttachment,
    ExportItem,
    ExportPerson,
    ExportSection,
    Stated,
    html_lines,
    in_number_order,
    when,
)
from kommunegraf.loaders.structured.xml import local, namespace
from kommunegraf.records import Finding

SYSTEM = "eDoc (Fujitsu)"
NAMESPACE = "http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"
_NS = {"e": NAMESPACE}
_PARTY_LETTERS = 3  # a list letter is one to three characters ("A", "Ø", "ALT"); longer is an organisation


def detect(root) -> bool:
    return local(root.tag) == "Root" and any(
        isinstance(child.tag, str) and namespace(child.tag) == NAMESPACE for child in root
    )


def _find(element, path: str):
    return element.find(path, _NS) if element is not None else None


def _text(element, path: str) -> str:
    return " ".join((element.findtext(path, namespaces=_NS) or "").split()) if element is not None else ""


def _flag(element, path: str) -> bool | None:
    value = _text(element, path).casefold()
    return {"true": True, "false": False}.get(value)


def _participants(meeting) -> list[ExportPerson] | None:
    people_element = _find(meeting, "e:MeetingParticipants")
    if people_element is None:
        return None
    people = []
    for person in people_element.iterfind("e:MeetingParticipant", _NS):
        name = Stated.of_element(_find(person, "e:Name"))
        if name is None:
            continue
        party = _text(person, "e:PoliticalPartyList")
        participate = _flag(person, "e:Participate")
        people.append(
            ExportPerson(
                name=name,
                party=party if party and len(party) <= _PARTY_LETTERS else None,
                role=_text(person, "e:RoleInMeeting") or None,
                absent=None if participate is None else not participate,
            )
        )
    return people


def _section(presentation) -> ExportSection | None:
    content = _find(presentation, "e:Content")
    lines = html_lines(content)
    if not lines:
        return None  # an empty section is printed as a bare title: nothing to read
    first = content.sourceline or 1
    heading = Stated.of_element(_find(presentation, "e:Title"))
    decision = _flag(presentation, "e:IsDecision") is True
    if decision and not (heading and heading.value.casefold().startswith("beslutning")):
        where = (heading.first, heading.last) if heading else (first, first)
        heading = Stated("Beslutning", *where)  # the reader's decision heading, for any title the export gives it
    return ExportSection(heading=heading, lines=lines, decision=decision)


def _item(element, findings: list[Finding]) -> ExportItem | None:
    handling = _find(element, "e:HandlingItem")
    if handling is None:
        findings.append(
            Finding(
                code="item-number",
                message="an agenda element without its handling (HandlingItem) is left out",
                line=element.sourceline,
            )
        )
        return None
    number = _text(handling, "e:SerialNo") or _text(element, "e:SortOrder")
    if not number.isdigit():
        findings.append(
            Finding(
                code="item-number",
                message=f"an agenda element without a number ({number!r}) is left out",
                line=element.sourceline,
            )
        )
        return None
    sections = [s for p in (handling.iterfind("e:CasePresentations/e:CasePresentation", _NS)) if (s := _section(p))]
    attachments = [
        ExportAttachment(
            title=title,
            number=_text(a, "e:AttachmentNumber") or None,
            file=_text(a, "e:Link").replace("\\", "/").lstrip("/") or None,
        )
        for a in handling.iterfind("e:Attachments/e:Attachment", _NS)
        if (title := Stated.of_element(_find(a, "e:Title")))
    ]
    public = _flag(element, "e:AccessIsPublic")
    first = element.sourceline or 1
    return ExportItem(
        number=int(number),
        first=first,
        last=max([first, *(t.last for s in sections for t in s.lines)]),
        title=Stated.of_element(_find(handling, "e:Title")),
        case=Stated.of_element(_find(handling, "e:CaseNumber")),
        closed=None if public is None else not public,
        sections=sections,
        attachments=attachments,
    )


def read(root) -> Export:
    committee = _find(root, "e:Committee")
    meeting = _find(committee, "e:Meeting")
    date_element = _find(meeting, "e:MeetingDateTime")
    date, start = when(date_element.text or "") if date_element is not None else (None, None)
    agenda = _find(meeting, "e:Agenda")
    kind = _text(agenda, "e:Type") or _text(root, "e:OutputTypeEnumName")
    findings: list[Finding] = []
    elements = agenda.iterfind("e:AgendaElements/e:AgendaElement", _NS) if agenda is not None else ()
    items = in_number_order((_item(element, findings) for element in elements), findings)
    return Export(
        system=SYSTEM,
        committee=Stated.of_element(_find(committee, "e:Name")),
        date=date,
        date_field=Stated.of_element(date_element),
        start_time=start,
        location=Stated.of_element(_find(meeting, "e:MeetingLocation")),
        document_type=document_type(kind) or ("agenda" if kind.casefold() == "agenda" else None),  # type: ignore[arg-type]
        participants=_participants(meeting),
        items=items,
        findings=findings,
    )
