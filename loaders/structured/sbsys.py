"""SBSYS "Dagsorden" XML: root ``<Dagsorden>`` with ``<Møde>`` and ``<Dagsordenpunkter>``.

Written from the description of the public importer's field selectors
(``os2web_meetings_sbsys``, SYSTEMS.md 2.4), not from a real export: no
example is at hand, and the test file ``tests/fixtures/structured/
sbsys-dagsorden.xml`` is written from the same description. Each field is
read from an attribute of that name or, failing that, from a child element:

- ``<Dagsorden DagsordenID Åben Dagsordentype="Referat|Dagsorden">``: the
  document type;
- ``<Møde MødeID Udvalg UdvalgID Mødedato Mødetid Mødeslutdato Mødesluttid
  Mødested>``: committee, date ("dd-mm-yyyy", "dd.mm.yyyy" or
  "yyyy-mm-dd", a time after it or in ``Mødetid``) and place;
- ``<Dagsordenpunkter><Dagsordenpunkt DagsordenpunktID Nummer Åbent>``: an
  item (``Åbent`` false: closed) with ``<Overskrift>`` (title) and
  ``<Indhold>`` (the sections, HTML whose own headings the reader reads);
- ``<Bilagsliste><Bilag BilagID Navn MaaPubliceres BilagUrl/>``: its
  attachments; one that may not be published (``MaaPubliceres`` false) is
  left out, with a finding.

The importer reads no participants: the export has no member fields.
"""

from __future__ import annotations

from kommunegraf.loaders.structured.export import (
    Export,
    ExportAttachment,
    ExportItem,
    ExportSection,
    Stated,
    html_lines,
    in_number_order,
    stated_date,
    stated_time,
)
from kommunegraf.loaders.structured.xml import local, text_lines
from kommunegraf.records import Finding

SYSTEM = "SBSYS"


def detect(root) -> bool:
    return local(root.tag) == "Dagsorden" and all(root.find(name) is not None for name in ("Møde", "Dagsordenpunkter"))


def _field(element, name: str) -> Stated | None:
    """A field as an attribute (on the element's line) or as a child element."""
    if element is None:
        return None
    if name in element.attrib:
        return Stated.of(element.get(name), element.sourceline or 1)
    child = element.find(name)
    return Stated.of(child.text, *text_lines(child)) if child is not None else None


def _value(element, name: str) -> str:
    stated = _field(element, name)
    return stated.value if stated else ""


def _flag(element, name: str) -> bool | None:
    return {"true": True, "false": False, "1": True, "0": False}.get(_value(element, name).casefold())


def _sections(point) -> list[ExportSection]:
    sections = []
    for content in point.iterfind("Indhold"):
        if not (content.text or "").strip():
            continue
        lines = html_lines(content)
        if lines:
            sections.append(ExportSection(heading=None, lines=lines))
    return sections


def _attachments(point, number: int, findings: list[Finding]) -> list[ExportAttachment]:
    attachments = []
    for element in point.iterfind("Bilagsliste/Bilag"):
        title = _field(element, "Navn")
        if title is None:
            continue
        if _flag(element, "MaaPubliceres") is False:
            findings.append(
                Finding(
                    code="attachment-not-published",
                    message=f"item {number}: an attachment that may not be published is left out",
                    line=title.first,
                )
            )
            continue
        attachments.append(ExportAttachment(title=title, number=None, file=_value(element, "BilagUrl") or None))
    return attachments


def _item(point, findings: list[Finding]) -> ExportItem | None:
    number = _value(point, "Nummer")
    if not number.isdigit():
        findings.append(
            Finding(
                code="item-number",
                message=f"an agenda item without a number ({number!r}) is left out",
                line=point.sourceline,
            )
        )
        return None
    sections = _sections(point)
    first = point.sourceline or 1
    public = _flag(point, "Åbent")
    return ExportItem(
        number=int(number),
        first=first,
        last=max([first, *(t.last for s in sections for t in s.lines)]),
        title=_field(point, "Overskrift"),
        closed=None if public is None else not public,
        sections=sections,
        attachments=_attachments(point, int(number), findings),
    )


def read(root) -> Export:
    meeting = root.find("Møde")
    date_field = _field(meeting, "Mødedato")
    kind = _value(root, "Dagsordentype").casefold()
    findings: list[Finding] = []
    items = in_number_order(
        (_item(point, findings) for point in root.iterfind("Dagsordenpunkter/Dagsordenpunkt")), findings
    )
    return Export(
        system=SYSTEM,
        committee=_field(meeting, "Udvalg"),
        date=stated_date(date_field.value) if date_field else None,
        date_field=date_field,
        start_time=stated_time(date_field.value if date_field else "", _value(meeting, "Mødetid")),
        location=_field(meeting, "Mødested"),
        document_type="minutes" if kind == "referat" else "agenda" if kind == "dagsorden" else None,
        items=items,
        findings=findings,
    )
