"""Publication XML (root ``<Publication>``), and the Publication ZIP that carries it with its enclosures.

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
- each ``Items/Item`` is an item: ``Number``, ``Caption`` (title),
  ``Case/Number``, ``IsPublic`` (False: closed), its ``Fields/ItemField``
  the sections (``Caption`` as heading, ``Content`` HTML or, for
  ``Multiline`` fields, plain text; ``IsFeedback`` marks the decision
  fields; empty fields and the generator's "Tomt indhold" are left out) and
  ``Enclosures/Enclosure`` (also listed under the agenda with ``ItemID``)
  its attachments (``Name``, ``Number``, ``InstantiationFilePathRelative``
  or ``FileName``). Earlier treatment is a field of its own ("Tidligere
  behandling", "PUNKTET BEHANDLET TIDLIGERE") the reader reads as such.

Hierarchical numbers (the lean Aarhus variant: 1, 1.1 ... 1.4, 2, 2.1 ...):
items are the top-level numbers; a sub-item ("1.1 Status siden sidst")
becomes a section of its parent headed by its number and caption, with a
finding. Items numbered 0 are not agenda items: that variant publishes the
whole referat as the enclosure of two synthetic items ("Åbent referat",
"Lukket referat"); a finding names the enclosure file.

Enclosures are files beside the XML (``Enclosures\\1.pdf``), or members of
the Publication ZIP; one named in the XML but not there is a finding. A
ZIP is read in memory, never extracted: a member whose path leaves the
archive's folder (``../x``, an absolute path) is a ``LoaderError`` naming
the archive and the member, and so is an archive without a Publication XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.structured.export import (
    Export,
    ExportAttachment,
    ExportItem,
    ExportPerson,
    ExportSection,
    Stated,
    TextLine,
    html_lines,
    when,
)
from kommunegraf.loaders.structured.render import render
from kommunegraf.loaders.structured.xml import parse_xml
from kommunegraf.records import Finding

SYSTEM = "Publication XML"
_ZIP_MAGIC = b"PK\x03\x04"
_MAX_XML_BYTES = 200 * 1024 * 1024  # a Publication XML larger than this is not read from a ZIP
_PRESENT = frozenset({"1", "4"})  # ParticipationStatusAsValue: the Drupal 8 importer's "present"
_NOT_DECIDED = "0"
_MINUTES_TYPES = frozenset({"minutes", "2"})
_DRAFT_TYPES = frozenset({"draft", "0"})
_PLACEHOLDERS = frozenset({"tomt indhold"})  # what the generator writes into a field left empty
_HIERARCHICAL = re.compile(r"(?P<top>\d+)(?:\.(?P<sub>\d+(?:\.\d+)*))?")
_DRIVE = re.compile(r"^[A-Za-z]:")


def detect(root) -> bool:
    return root.tag == "Publication" and root.find("Agendas/Agenda") is not None


def _text(element, path: str) -> str:
    return " ".join((element.findtext(path) or "").split()) if element is not None else ""


def _document_type(root, agenda, items: list[ExportItem]) -> str:
    kind = (_text(root, "PublicationTypeAsEnum") or _text(root, "PublicationTypeAsValue")).casefold()
    kind = kind or _text(agenda, "PublicationTypeAsValue").casefold()
    if kind in _MINUTES_TYPES:
        return "minutes"
    if kind in _DRAFT_TYPES:
        return "agenda"
    # Final (or not stated): the final agenda, unless a decision field holds a decision
    return "minutes" if any(s.decision for item in items for s in item.sections) else "agenda"


def _attendance(member) -> bool | None:
    """``absent``: None where the export does not say (NotDecided), else whether the member was away."""
    status = _text(member, "ParticipationStatusAsValue") or _text(member, "Participate")
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
        role = _text(member, "MeetingMemberRolesList") or None
        people.append(ExportPerson(name=name, role=role, absent=_attendance(member)))
    return people


def _content_lines(field) -> list[TextLine]:
    content = field.find("Content")
    if content is None or not (content.text or "").strip():
        return []
    first = content.sourceline or 1
    if _text(field, "FieldTypeAsEnum").casefold() == "multiline":
        lines = [
            TextLine(" ".join(line.split()), first + n, first + n)
            for n, line in enumerate(content.text.split("\n"))
            if line.strip()
        ]
    else:
        lines = html_lines(content)
    if all(line.text.casefold().strip(" .") in _PLACEHOLDERS for line in lines):
        return []
    return lines


def _section(field) -> ExportSection | None:
    lines = _content_lines(field)
    if not lines:
        return None  # an empty field is not printed (GeneratorSettings ShowEmptyFields False)
    return ExportSection(
        heading=Stated.of_element(field.find("Caption")),
        lines=lines,
        decision=_text(field, "IsFeedback").casefold() == "true",
    )


def _enclosure(element) -> ExportAttachment | None:
    title = Stated.of_element(element.find("Name"))
    if title is None:
        return None
    file = _text(element, "InstantiationFilePathRelative") or _text(element, "FileName") or None
    return ExportAttachment(title=title, number=_text(element, "Number") or None, file=file)


def _enclosures(item, by_item: dict[str, list]) -> list[ExportAttachment]:
    elements = list(item.iterfind("Enclosures/Enclosure"))
    seen = {e.get("ID") for e in elements if e.get("ID")}
    elements += [e for e in by_item.get(item.get("ID") or "", []) if e.get("ID") not in seen]
    return [a for e in elements if (a := _enclosure(e))]


def _item(element, by_item: dict[str, list]) -> ExportItem:
    first = element.sourceline or 1
    sections = [s for field in element.iterfind("Fields/ItemField") if (s := _section(field))]
    title = Stated.of_element(element.find("Caption"))
    return ExportItem(
        number=0,  # set by the caller from the hierarchical number
        first=first,
        last=max([first, *(t.last for s in sections for t in s.lines)]),
        title=title,
        case=Stated.of_element(element.find("Case/Number")),
        closed=_text(element, "IsPublic").casefold() == "false" if _text(element, "IsPublic") else None,
        sections=sections,
        attachments=_enclosures(element, by_item),
    )


def _as_section(number: str, sub: ExportItem) -> ExportSection:
    """A sub-item ("1.1") as a section of its parent: headed by its number and caption, with its text."""
    caption = sub.title.value if sub.title else ""
    where = (sub.title.first, sub.title.last) if sub.title else (sub.first, sub.first)
    heading = Stated(f"{number} {caption}".strip(), *where)
    lines: list[TextLine] = []
    for section in sub.sections:
        if section.heading and section.heading.value.casefold() != caption.casefold():  # not the caption again
            lines.append(TextLine(section.heading.value, section.heading.first, section.heading.last))
        lines += section.lines
    return ExportSection(heading=heading, lines=lines)


def _items(agenda, findings: list[Finding]) -> list[ExportItem]:
    by_item: dict[str, list] = {}
    for enclosure in agenda.iterfind("Enclosures/Enclosure"):
        by_item.setdefault(enclosure.get("ItemID") or "", []).append(enclosure)
    items: dict[int, ExportItem] = {}
    subs: list[str] = []
    for element in agenda.iterfind("Items/Item"):
        number = _text(element, "Number")
        match = _HIERARCHICAL.fullmatch(number)
        item = _item(element, by_item)
        if match is None:
            findings.append(
                Finding(
                    code="item-number",
                    message=f"item {item.title.value if item.title else element.get('ID')!r} has no number "
                    f"({number!r}): left out",
                    line=element.sourceline,
                )
            )
            continue
        top = int(match["top"])
        if top == 0:
            files = "; ".join(a.file or a.title.value for a in item.attachments or [])
            findings.append(
                Finding(
                    code="referat-enclosure",
                    message=f"item 0 {item.title.value if item.title else ''!r} is not an agenda item: it carries "
                    f"the document as an enclosure ({files or 'none named'}), whose text is not in the XML",
                    line=element.sourceline,
                )
            )
            continue
        if match["sub"] is None:
            item.number = top
            if top in items:
                findings.append(
                    Finding(code="item-number", message=f"item number {top} twice: the first kept", line=item.first)
                )
                continue
            items[top] = item
            continue
        parent = items.get(top)
        if parent is None:
            parent = ExportItem(number=top, first=item.first, last=item.first, attachments=[])
            items[top] = parent
        parent.sections.append(_as_section(number, item))
        parent.attachments = [*(parent.attachments or []), *(item.attachments or [])]
        parent.last = max(parent.last, item.last)
        subs.append(number)
    if subs:
        findings.append(
            Finding(
                code="sub-items",
                message=f"hierarchical item numbers: sub-items {', '.join(subs)} are read as sections of their "
                "top-level items",
                line=agenda.sourceline,
            )
        )
    return [items[n] for n in sorted(items)]


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
    items = _items(agenda, findings)
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


def _relative(name: str) -> str:
    return name.replace("\\", "/").strip("/").casefold()


def beside(path: str) -> Callable[[str], bool]:
    """Whether a file an export names (``Enclosures\\1.pdf``) is in the export's folder (any letter case)."""
    folder = Path(path).parent

    def exists(relative: str) -> bool:
        parts = [p for p in relative.replace("\\", "/").split("/") if p]
        if not parts or ".." in parts or _DRIVE.match(relative):
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


# -- the Publication ZIP ---------------------------------------------------------------


def is_publication_zip(data: bytes) -> bool:
    """A ZIP archive that is not a DOCX (asked after it): the only archive the loaders read is a Publication ZIP."""
    return data.startswith(_ZIP_MAGIC)


def _safe(name: str, path: str) -> str:
    """A member's path inside the archive; raises LoaderError for one that leaves the archive's folder."""
    normal = name.replace("\\", "/")
    parts = PurePosixPath(normal).parts
    if normal.startswith("/") or _DRIVE.match(normal) or ".." in parts:
        raise LoaderError(path, f"the ZIP member {name!r} leaves the archive's folder: the archive is not read")
    return normal


def extract_zip(data: bytes, path: str) -> RawDocument:
    """The meeting of the Publication XML in the ZIP at ``path``, its lines the XML member's."""
    xml, member, exists = from_zip(data, path)
    parsed = parse_xml(xml, f"{path}:{member}")
    export = read(parsed.root, exists)
    export.findings = [
        Finding(code="zip", message=f"read as the Publication XML {member} in the ZIP archive"),
        *parsed.findings,
        *export.findings,
    ]
    return render(export, data, path, parsed.line_count)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> bytes:
    """A member's bytes, read in memory and no more than ``_MAX_XML_BYTES`` of them."""
    too_large = LoaderError(path, f"the ZIP member {info.filename!r} is too large to read ({info.file_size} bytes)")
    if info.file_size > _MAX_XML_BYTES:
        raise too_large
    try:
        with archive.open(info) as member:
            data = member.read(_MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError) as error:
        raise LoaderError(path, f"cannot read the ZIP member {info.filename!r}: {error}") from None
    if len(data) > _MAX_XML_BYTES:
        raise too_large
    return data


def from_zip(data: bytes, path: str) -> tuple[bytes, str, Callable[[str], bool]]:
    """The Publication XML in a ZIP (its bytes and member name) and whether a file is in the archive.

    Nothing is extracted to disk. Raises LoaderError naming the archive (and the member) for an archive that
    cannot be read, a member path that leaves its folder, and an archive without a Publication XML.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise LoaderError(path, f"not a readable ZIP archive: {error}") from None
    names = {_relative(_safe(info.filename, path)) for info in infos}
    candidates = sorted(
        (info for info in infos if not info.is_dir() and info.filename.casefold().endswith(".xml")),
        key=lambda info: (info.filename.replace("\\", "/").count("/"), info.filename),
    )
    malformed: LoaderError | None = None
    for info in candidates:
        xml = _member(archive, info, path)
        try:
            root = parse_xml(xml, f"{path}:{info.filename}").root
        except LoaderError as error:
            malformed = malformed or error
            continue
        if detect(root):
            folder = PurePosixPath(_relative(info.filename)).parent
            prefix = "" if str(folder) == "." else f"{folder}/"

            def exists(relative: str, prefix: str = prefix) -> bool:
                return prefix + _relative(relative) in names

            return xml, info.filename, exists
    if malformed is not None:
        raise malformed
    raise LoaderError(
        path,
        "the ZIP archive holds no Publication XML"
        + (f" (XML members: {', '.join(i.filename for i in candidates)})" if candidates else ""),
    )
