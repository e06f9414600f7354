"""Publication XML (root ``<Publication>``): the meeting it publishes, read into an ``Export``.

The format is the one the OS2web importers read (``os2web_sbsys_esdh``,
``os2web_meetings_agman``). The first ``Agendas/Agenda`` is the meeting:

- the committee is ``Committee/Name`` (``Agenda/Name`` names the agenda,
  "Ekstraordinært forretningsudvalgsmøde"); date and time are
  ``Meeting/When`` ("25-09-2012 15:30:00"), the place ``Meeting/Where``;
- the document type is ``PublicationTypeAsEnum``/``AsValue``: ``Draft`` (0)
  and ``Final`` (1) publish the agenda, ``Minutes`` (2) the referat (the
  committee keeps one generator setting for each of the three). A Final
  publication is the agenda when its decision fields (``IsFeedback``) are
  all empty, as in Publication32, else the minutes;
- the members are ``Meeting/Members/MeetingMember`` (``Name``, with the
  party letter where the system prints it: "Doris Børger (A)").
  ``ParticipationStatusAsValue`` (in the lean variant ``Participate``) 1 and
  4 are present, 0 is NotDecided: the export does not say who attended, so
  the member is listed without attendance (``absent`` None: party
  membership only); any other value is an absence;
- each ``Items/Item`` is an item (``publication_items``).

Enclosures are files beside the XML (``Enclosures\\1.pdf``), or members of
the Publication ZIP (``publication_zip``); one named in the XML but not
there is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kommunegraf.loaders.structured.export import Export, ExportItem, ExportPerson, Stated, when
from kommunegraf.loaders.structured.publication_items import read_items, text_at
from kommunegraf.records import Finding

SYSTEM = "Publication XML"
_PRESENT = frozenset({"1", "4"})  # ParticipationStatusAsValue: the Drupal 8 importer's "present"
_NOT_DECIDED = "0"
_MINUTES_TYPES = frozenset({"minutes", "2"})
_DRAFT_TYPES = frozenset({"draft", "0"})
DRIVE_LETTER = re.compile(r"^[A-Za-z]:")  # a Windows path ("C:..."): never inside the export's folder or archive


def detect(root) -> bool:
    return root.tag == "Publication" and root.find("Agendas/Agenda") is not None


def _document_type(root, agenda, items: list[ExportItem]) -> str:
    kind = (text_at(root, "PublicationTypeAsEnum") or text_at(root, "PublicationTypeAsValue")).casefold()
    kind = kind or text_at(agenda, "PublicationTypeAsValue").casefold()
    if kind in _MINUTES_TYPES:
        return "minutes"
    if kind in _DRAFT_TYPES:
        return "agenda"
    # Final (or not stated): the final agenda, unless a decision field holds a decision
    return "minutes" if any(s.decision for item in items for s in item.sections) else "agenda"


def _attendance(member) -> bool | None:
    """``absent``: None where the export does not say (NotDecided), else whether the member was away."""
    status = text_at(member, "ParticipationStatusAsValue") or text_at(member, "Participate")
    if not status or status == _NOT_DECIDED:
        return None
    return status not in _PRESENT


def _members(meeting) -> list[ExportPerson] | None:
    members = meeting.find("Members") if meeting is not None else None
    if members is None:
        return None
    people = []
    for member in members.iterfind("MeetingMember"):
        name = Stated.of_element(member.find("Name"))
        if name is None:
            continue
        role = text_at(member, "MeetingMemberRolesList") or None
        people.append(ExportPerson(name=name, role=role, absent=_attendance(member)))
    return people


def read(root, exists: Callable[[str], bool] | None = None) -> Export:
    """The meeting of the first ``Agenda``; ``exists`` says whether an enclosure's file is there (relative path)."""
    agendas = root.findall("Agendas/Agenda")
    agenda = agendas[0]
    meeting = agenda.find("Meeting")
    committee = Stated.of_element(agenda.find("Committee/Name")) or Stated.of_element(agenda.find("Name"))
    when_element = meeting.find("When") if meeting is not None else None
    date, start = when(when_element.text or "") if when_element is not None else (None, None)
    findings: list[Finding] = []
    if len(agendas) > 1:
        findings.append(
            Finding(
                code="agendas",
                message=f"the publication holds {len(agendas)} agendas: the first (ID {agenda.get('ID')}) is read",
                line=agendas[1].sourceline,
            )
        )
    items = read_items(agenda, findings)
    export = Export(
        system=SYSTEM,
        committee=committee,
        date=date,
        date_field=Stated.of_element(when_element),
        start_time=start,
        location=Stated.of_element(meeting.find("Where")) if meeting is not None else None,
        participants=_members(meeting),
        items=items,
        findings=findings,
    )
    export.document_type = _document_type(root, agenda, items)  # type: ignore[assignment]
    if export.participants and all(p.absent is None for p in export.participants):
        findings.append(
            Finding(
                code="attendance-not-stated",
                message="the members' participation is NotDecided: they are listed as members, not as attending",
                line=export.participants[0].name.first,
            )
        )
    if exists is not None:
        findings += _missing(export, exists)
    return export


def _missing(export: Export, exists: Callable[[str], bool]) -> list[Finding]:
    missing = [
        (item.number, attachment)
        for item in export.items
        for attachment in item.attachments or []
        if attachment.file and not exists(attachment.file)
    ]
    return [
        Finding(
            code="enclosure-missing",
            message=f"item {number}: the enclosure {attachment.title.value!r} names the file {attachment.file}, "
            "which is not there",
            line=attachment.title.first,
        )
        for number, attachment in missing
    ]


def beside(path: str) -> Callable[[str], bool]:
    """Whether a file an export names (``Enclosures\\1.pdf``) is in the export's folder (any letter case)."""
    folder = Path(path).parent

    def exists(relative: str) -> bool:
        parts = [p for p in relative.replace("\\", "/").split("/") if p]
        if not parts or ".." in parts or DRIVE_LETTER.match(relative):
            return False
        here = folder
        for part in parts:
            if not here.is_dir():
                return False
            exact = here / part
            if exact.exists():
                here = exact
                continue
            match = next((c for c in here.iterdir() if c.name.casefold() == part.casefold()), None)
            if match is None:
                return False
            here = match
        return here.is_file()

    return exists
