"""The reading shared by every minutes layout: agenda items and their sections.

Layouts differ in how a document opens (a "REFERAT" header or none), how an
item heading looks ("Punkt 1: Meddelelser", "Punkt 2 Tredje ..." wrapping
onto a second line) and in markup; once a layout module has turned its text
into numbered lines, the items read the same way. This module finds the items,
splits each into its sections (Sammendrag, Indstilling, Beslutning, Bilag,
...) and reads the facts each section states.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kommunegraf.loaders import mentions
from kommunegraf.loaders.lines import Block, Line, blocks, joined, span_of
from kommunegraf.records import (
    AgendaItemRecord,
    AttachmentRecord,
    CaseMention,
    DecisionRecord,
    Employment,
    NamedMention,
    PartyMembership,
    PersonMention,
    Presenter,
    PreviousTreatment,
    Span,
)
from kommunegraf.reference.kle import is_journal_number
from kommunegraf.text import clean

# Section headings, as printed, and the section each opens. "body" sections
# hold running text only.
SECTION_HEADINGS: dict[str, str] = {
    "tidligere behandling": "previous",
    "indhold": "body",
    "sammendrag": "summary",
    "resume": "summary",
    "resumé": "summary",
    "beskrivelse": "body",
    "baggrund": "body",
    "sagsfremstilling": "body",
    "yderligere deltagelse på mødet": "body",
    "lovgrundlag": "body",
    "økonomi": "body",
    "økonomiske konsekvenser": "body",
    "økonomiske konsekvenser og finansiering": "body",
    "bilag": "attachments",
    "beslutningen træffes af": "decided_by",
    "beslutningskompetence": "decided_by",
    "indstilling": "recommendation",
    "beslutning": "decision",
}

ITEM_HEADING = re.compile(r"^Punkt\s+(?P<number>\d+)\s*(?P<colon>:)?\s*(?P<title>.*)$")
_CLOSED_PREFIX = re.compile(r"^(?:(?:Lukket\s*:|LUKKET)\s*)+")
_AFBUD = re.compile(r"^Afbud\b\s*:?\s*(?P<rest>.*)$")
_HEADING_INDSTILLER = re.compile(r"^(?P<unit>[^,.]{3,80}?)\s+indstiller\s*:?$")


def section_of(block: Block) -> str | None:
    """The section a block opens when it is a heading, else None."""
    if len(block.lines) > 2:
        return None
    text = block.text.rstrip(":").strip().casefold()
    if text in SECTION_HEADINGS:
        return SECTION_HEADINGS[text]
    if _HEADING_INDSTILLER.match(block.text) and len(block.text.split()) <= 8:
        return "recommendation"
    return None


def is_heading(block: Block) -> bool:
    return section_of(block) is not None or bool(_AFBUD.match(block.text))


def join_page_breaks(blocks_: Iterable[Block]) -> Iterator[Block]:
    """Mend paragraphs that a page break split: "... afhjælper" + "virksomhedernes mangel ...".

    A block that ends mid-sentence (a letter or comma) is joined with the next
    when that one starts in lower case and neither is a heading.
    """
    previous: Block | None = None
    for block in blocks_:
        if previous is not None:
            tail = previous.lines[-1].text.rstrip()
            if (
                tail
                and (tail[-1].isalpha() or tail[-1] == ",")
                and block.lines[0].text.lstrip()[:1].islower()
                and not is_heading(previous)
                and not is_heading(block)
                and not ITEM_HEADING.match(previous.text)
            ):
                previous = Block(previous.lines + block.lines)
                continue
            yield previous
        previous = block
    if previous is not None:
        yield previous


@dataclass
class ItemHeading:
    number: int
    title: str
    closed: bool
    block: Block


def item_heading(block: Block, last_number: int | None, require_colon: bool) -> ItemHeading | None:
    """An item heading, if ``block`` is one.

    "Punkt 1 er ikke behandlet, ..." inside a decision is not: without a colon
    the title must start with a capital, and item numbers only go up.
    """
    match = ITEM_HEADING.match(block.text)
    if not match:
        return None
    number, title = int(match["number"]), match["title"]
    if last_number is not None and number <= last_number:
        return None
    without_colon_unlike_a_heading = require_colon or not title[:1].isupper() or len(block.lines) > 4
    if not match["colon"] and (without_colon_unlike_a_heading or title.endswith(".")):
        return None
    closed = bool(_CLOSED_PREFIX.match(title))
    title = clean(_CLOSED_PREFIX.sub("", title))
    return ItemHeading(number, title, closed, block) if title else None


@dataclass
class ItemFacts:
    """An item's record plus the document-wide facts found inside it."""

    record: AgendaItemRecord
    memberships: list[PartyMembership] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the item states that was not understood


def person_block_lines(block: Block) -> list[tuple[Line, mentions.PersonEntry]] | None:
    """Each line of ``block`` as a person with a party letter ("Ibrahim Benli (Ø)"), or None."""
    people = []
    for line in block.lines:
        entry = mentions.parse_person_entry(clean(line.text))
        if entry is None or entry.party is None:
            return None
        people.append((line, entry))
    return people


def _mention(entry: mentions.PersonEntry, span: Span, absent: bool = False) -> PersonMention:
    return PersonMention(name=entry.name, party=entry.party, role=entry.role, absent=absent, lines=span)


def read_item(heading: ItemHeading, body: list[Block], position: int) -> ItemFacts:
    """Read one agenda item's sections into a record."""
    sections: dict[str, list[Block]] = {}
    preamble_after_absence: list[Block] = []
    absent: list[PersonMention] = []
    recommended_by: list[NamedMention] = []
    case: CaseMention | None = None
    current = "preamble"
    index = 0
    if body and is_journal_number(body[0].text):
        case = CaseMention(number=body[0].text, lines=body[0].span)
        index = 1
    saw_absence_in_preamble = False
    not_understood: list[str] = []
    while index < len(body):
        block = body[index]
        index += 1
        section = section_of(block)
        if section:
            current = section
            sections.setdefault(current, [])
            if section == "recommendation" and _HEADING_INDSTILLER.match(block.text):  # "Forvaltningen indstiller"
                recommended_by += [
                    NamedMention(name=unit, lines=block.span) for unit in mentions.recommending_units(block.text)
                ]
            continue
        afbud = _AFBUD.match(block.text)
        if afbud:
            if afbud["rest"]:  # "Afbud Allan Kristensen (C) (2. viceborgmester), Saime B. Inanc (Ø)"
                people, rejected = mentions.read_person_list(afbud["rest"])
                absent += [_mention(e, block.span, True) for e in people]
                not_understood += [f"line {block.first}: Afbud entry {entry!r} not understood" for entry in rejected]
            else:  # "Afbud:" followed by one person per line
                while index < len(body) and (people := person_block_lines(body[index])):
                    absent += [_mention(e, Span(start=ln.number, end=ln.number), True) for ln, e in people]
                    index += 1
            if current == "preamble":
                saw_absence_in_preamble = True
            continue
        if current == "preamble" and saw_absence_in_preamble:
            preamble_after_absence.append(block)
        sections.setdefault(current, []).append(block)

    summary = sections.get("summary")
    recommendation = sections.get("recommendation")
    if recommendation and not recommended_by:
        recommended_by = [
            NamedMention(name=unit, lines=recommendation[0].span)
            for unit in mentions.recommending_units(recommendation[0].text)
        ]
        if not recommended_by and "indstiller" in recommendation[0].text:
            not_understood.append(f"line {recommendation[0].first}: no unit found before 'indstiller'")
    decided = sections.get("decided_by")
    decision_blocks = sections.get("decision") or preamble_after_absence
    decision = None
    if decision_blocks:
        text = joined(decision_blocks)
        decision = DecisionRecord(text=text, outcome=mentions.outcome(text), lines=span_of(decision_blocks))
    attachments = [
        AttachmentRecord(
            title=a.title,
            recommended=a.recommended,
            number=a.number,
            lines=Span(start=ln.number, end=ln.number),
        )
        for block in sections.get("attachments", [])
        for ln in block.lines
        if (a := mentions.attachment(ln.text))
    ]
    previous: list[PreviousTreatment] = []
    for block in sections.get("previous", []):
        for ln in block.lines:
            found = mentions.previous_treatment(ln.text) or mentions.previous_treatment(block.text)
            if not found:
                not_understood.append(f"line {ln.number}: 'Tidligere behandling' not understood: {ln.text.strip()!r}")
            elif not any(p.number == found[2] and p.date == found[1] for p in previous):
                committee, date, number = found
                previous.append(PreviousTreatment(committee=committee, date=date, number=number, lines=block.span))

    presenters: list[Presenter] = []
    employments: list[Employment] = []
    memberships: list[PartyMembership] = []
    for block in (heading.block, *body):
        for p in mentions.presenters(block.text):
            presenters.append(Presenter(name=p.name, role=p.role, org=p.org, lines=block.span))
            if p.org:
                employments.append(Employment(person=p.name, org=p.org, title=p.role, lines=block.span))
        for name, letter in mentions.party_memberships(block.text):
            memberships.append(PartyMembership(person=name, letter=letter, lines=block.span))

    record = AgendaItemRecord(
        number=heading.number,
        position=position,
        title=heading.title,
        closed=heading.closed,
        case=case,
        summary=joined(summary) if summary else None,
        recommendation=joined(recommendation) if recommendation else None,
        recommended_by=recommended_by,
        decided_by=NamedMention(name=decided[0].text, lines=decided[0].span) if decided else None,
        decision=decision,
        attachments=attachments,
        previous=previous,
        presenters=presenters,
        absent=absent,
        lines=Span(start=heading.block.first, end=max([heading.block.last] + [b.last for b in body])),
    )
    return ItemFacts(record=record, memberships=memberships, employments=employments, warnings=not_understood)


def read_body(blocks_: Iterable[Block], require_colon: bool) -> tuple[list[Block], list[ItemFacts]]:
    """The blocks before the first item (header, contents), and every item read.

    An item is read as soon as the next heading shows where it ends, and only
    its record is kept: a long document's blocks are never all held at once.
    """
    before: list[Block] = []
    items: list[ItemFacts] = []
    heading: ItemHeading | None = None
    body: list[Block] = []
    for block in blocks_:
        found = item_heading(block, heading.number if heading else None, require_colon)
        if found:
            if heading:
                items.append(read_item(heading, body, len(items) + 1))
            heading, body = found, []
        elif heading:
            body.append(block)
        else:
            before.append(block)
    if heading:
        items.append(read_item(heading, body, len(items) + 1))
    return before, items


def inferred_meeting_absence(items: list[AgendaItemRecord]) -> list[PersonMention]:
    """Without a participant list, a person listed under Afbud for every item that lists absences."""
    listing = [item for item in items if item.absent]
    if not listing:
        return []
    common = set.intersection(*({p.name for p in item.absent} for item in listing))
    first = listing[0]
    return [p.model_copy(update={"role": None}) for p in first.absent if p.name in common]


def prepare(lines: Iterable[Line]) -> Iterator[Block]:
    return join_page_breaks(blocks(lines))
