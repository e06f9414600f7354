"""The items of a Publication XML agenda (``Agendas/Agenda/Items/Item``), read into ``ExportItem``s.

Each ``Items/Item`` is an item: ``Number``, ``Caption`` (title),
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
"""

from __future__ import annotations

import re

from kommunegraf.loaders.structured.export import (
    ExportAttachment,
    ExportItem,
    ExportSection,
    Stated,
    TextLine,
    html_lines,
)
from kommunegraf.records import Finding

_PLACEHOLDERS = frozenset({"tomt indhold"})  # what the generator writes into a field left empty
_HIERARCHICAL = re.compile(r"(?P<top>\d+)(?:\.(?P<sub>\d+(?:\.\d+)*))?")


def text_at(element, path: str) -> str:
    """The text of ``element``'s child at ``path``, whitespace collapsed; "" where there is none."""
    return " ".join((element.findtext(path) or "").split()) if element is not None else ""


def _content_lines(field) -> list[TextLine]:
    content = field.find("Content")
    if content is None or not (content.text or "").strip():
        return []
    first = content.sourceline or 1
    if text_at(field, "FieldTypeAsEnum").casefold() == "multiline":
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
        decision=text_at(field, "IsFeedback").casefold() == "true",
    )


def _enclosure(element) -> ExportAttachment | None:
    title = Stated.of_element(element.find("Name"))
    if title is None:
        return None
    file = text_at(element, "InstantiationFilePathRelative") or text_at(element, "FileName") or None
    return ExportAttachment(title=title, number=text_at(element, "Number") or None, file=file)


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
        closed=text_at(element, "IsPublic").casefold() == "false" if text_at(element, "IsPublic") else None,
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


def read_items(agenda, findings: list[Finding]) -> list[ExportItem]:
    by_item: dict[str, list] = {}
    for enclosure in agenda.iterfind("Enclosures/Enclosure"):
        by_item.setdefault(enclosure.get("ItemID") or "", []).append(enclosure)
    items: dict[int, ExportItem] = {}
    subs: list[str] = []
    for element in agenda.iterfind("Items/Item"):
        number = text_at(element, "Number")
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
