"""One agenda item: its sections, and the facts each states.

The body of an item (``outline.ItemOutline``) is cut into sections at the
headings the wording knows; each section's role decides which reader takes
its text: the decision (with the absences printed inside it), the
recommendation and who made it, the competence, earlier treatments, the
attachments. Party letters and officials taking part are read in the whole
item. What a fact-bearing section holds that no reader understood is a
finding with its line.

This module cuts the item into sections and puts its record together; the title is read by ``item_titles``,
each section's reader is a module of its own (``item_decision``, ``item_competence``, ``item_previous``,
``item_attachments``, ``item_recommenders``, ``item_people``, ``unknown_headings``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.case_numbers import case_number
from kommunegraf.loaders.committee_names import committee_name
from kommunegraf.loaders.item_absences import ItemAbsences
from kommunegraf.loaders.item_attachments import attachment_named_like_a_heading, read_attachments
from kommunegraf.loaders.item_competence import competence_name, read_decided_by
from kommunegraf.loaders.item_context import ItemContext, Section
from kommunegraf.loaders.item_decision import read_decision, split_decisions
from kommunegraf.loaders.item_lines import inline_decision, part_of
from kommunegraf.loaders.item_people import people_in_text
from kommunegraf.loaders.item_previous import read_previous
from kommunegraf.loaders.item_recommenders import read_recommended_by
from kommunegraf.loaders.item_titles import read_title, same_title
from kommunegraf.loaders.outline import ItemOutline
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.loaders.unknown_headings import report_unknown_headings
from kommunegraf.records import (
    AgendaItemRecord,
    CaseMention,
    Employment,
    Finding,
    NamedMention,
    PartyMembership,
    PersonMention,
    Span,
)
from kommunegraf.text import clean, parse_danish_date


@dataclass
class ItemFacts:
    """An item's record plus what it states about the meeting and its people."""

    record: AgendaItemRecord
    memberships: list[PartyMembership] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    attended: list[PersonMention] = field(default_factory=list)  # substitutes named in the decision
    decision_committees: list[tuple[str, dt.date | None, Span]] = field(default_factory=list)
    prints_absences: bool = False


class ItemReader:
    def __init__(self, outline: ItemOutline, position: int, context: ItemContext) -> None:
        self.outline = outline
        self.position = position
        self.context = context
        self.findings: list[Finding] = []
        self.case: CaseMention | None = None
        self.closed = outline.closed
        self.competence: NamedMention | None = None
        self.absences = ItemAbsences()
        self.title_units: list[Unit] = list(outline.heading)

    # -- sections ---------------------------------------------------------------------------

    def _report(self, code: str, message: str, line: int | None, text: str | None) -> None:
        """A finding: what was not understood, where, as printed."""
        self.findings.append(Finding(code=code, message=message, line=line, text=text))

    def sections(self) -> list[Section]:
        title = self.outline.title
        sections = [Section("preamble", None, None)]
        body = list(self.outline.body)
        index = 0
        while index < len(body):
            unit = body[index]
            index += 1
            cue = unit.cue
            current = sections[-1]
            if cue is None or cue.kind == "header_form":
                if title and current.role == "preamble" and not current.units and same_title(unit.text, title):
                    unit.used = True  # the title printed again under the heading
                    continue
                inline = inline_decision(unit, self.context.meeting_date)
                if inline:
                    body[index:index] = inline  # the line read again as the parts it prints
                    continue
                current.units.append(unit)
                continue
            kind = cue.kind
            if kind == "furniture":
                unit.used = True
            elif kind == "decision_heading":
                groups = cue.groups
                section = Section("decision", cue.rule, unit)
                section.committee = committee_name(groups["committee"]) if groups.get("committee") else None
                section.date = parse_danish_date(groups.get("date") or "")
                section.number = int(groups["number"]) if groups.get("number") else None
                sections.append(section)
                unit.used = True
            elif kind in ("section", "section_form") and attachment_named_like_a_heading(current, body, index):
                current.units.append(unit)  # "Bilag" / "Indstilling" / "Bilag 1: ...": a document named "Indstilling"
            elif kind in ("section", "section_form"):
                section = Section(cue.role or "body", cue.rule, unit, value=cue.value)
                if kind == "section_form" and cue.groups.get("units"):
                    section.value = ""
                sections.append(section)
                unit.used = True
            elif kind == "label":
                index = self._label(unit, body, index, sections)
            elif kind == "case":
                if self.case is None and current.role in ("preamble", "body") and not _has_text(sections):
                    self.case = CaseMention(number=cue.groups["number"], lines=lines_of(unit))
                    unit.used = True
                    rest = cue.value
                    if rest and title and same_title(rest.split(". ")[0], title):
                        rest = rest[len(rest.split(". ")[0]) :].lstrip(". ")  # the title printed again
                    if rest:  # what follows the number on its line is read as a line of its own
                        body.insert(index, part_of(unit, rest))
                else:
                    current.units.append(unit)
            elif kind == "access":
                unit.used = True
                if cue.compiled is not None and cue.compiled.rule.closed:
                    self.closed = True
                if cue.groups.get("case") and self.case is None:
                    self.case = CaseMention(number=cue.groups["case"], lines=lines_of(unit))
            elif kind == "toc_group":
                unit.used = True
                competence = cue.groups.get("competence")
                if competence and self.competence is None:
                    name = competence_name(competence, self.context)
                    if name:
                        self.competence = NamedMention(name=name, lines=lines_of(unit))
            elif kind == "item_heading":
                if title and same_title(cue.groups.get("title") or "", title):
                    unit.used = True
                else:
                    current.units.append(unit)
            else:
                current.units.append(unit)
        return sections

    def _label(self, unit: Unit, body: list[Unit], index: int, sections: list[Section]) -> int:
        """A label inside an item: a case number, an absence list, a history entry, or text."""
        cue = unit.cue
        assert cue is not None
        role = cue.role
        current = sections[-1]
        if role == "case":
            value = cue.value
            if not value and index < len(body) and body[index].cue is None:
                value = body[index].text
                body[index].used = True
                index += 1
            number = case_number(value)
            if number and self.case is None:
                self.case = CaseMention(number=number, lines=lines_of(unit))
            elif value and not number:
                self._report("unparsed-case", f"case number not understood: {value!r}", unit.first, unit.text)
            unit.used = True
            return index
        if role == "ignore":
            unit.used = True
            return index
        if role == "absent":
            self.absences.prints_absences = True
            unit.used = True
            if cue.value:
                rest = self.absences.listed(cue.value, unit, self._report)
                if rest:
                    current.units.append(Unit(unit.first, unit.last, rest, False))
            else:
                while index < len(body) and body[index].cue is None:
                    following = body[index]
                    if people_reader.is_none(following.text):
                        following.used = True
                        index += 1
                        break
                    if not people_reader.looks_like_people(following.text):
                        break
                    self.absences.listed(following.text, following, self._report)
                    following.used = True
                    index += 1
            if current.role == "preamble":
                sections.append(Section("decision-after-absence", None, unit))
            return index
        if role in ("committee", "date", "history_number") and current.role == "previous":
            current.units.append(unit)
            return index
        current.units.append(unit)
        return index

    # -- reading ----------------------------------------------------------------------------

    def read(self) -> ItemFacts:
        sections = self.sections()
        title, closed_by_title = read_title(self.outline.title, sections, self.title_units)
        for unit in self.title_units:
            unit.used = True
        decision_sections, earlier = split_decisions(sections, self.context.meeting_date)
        if not decision_sections and (self.closed or closed_by_title) and len(sections) == 1 and sections[0].units:
            decision_sections = sections  # a closed item prints its decision only, under no heading
        decision = read_decision(decision_sections, self.context, self.absences)
        recommendation_sections = [s for s in sections if s.role == "recommendation"]
        recommendation_units = [u for s in recommendation_sections for u in s.units]
        decided_by = read_decided_by(sections, self.context, self.competence, self._report)
        previous = read_previous(sections, earlier, self.context, self._report)
        attachments = read_attachments([s for s in sections if s.role == "attachments"])
        recommended_by = read_recommended_by(sections, self._report)
        for section in sections:
            report_unknown_headings(section, self._report)
        all_units = [*self.title_units, *(u for s in sections for u in ([s.heading] if s.heading else []) + s.units)]
        presenter_records, employments, memberships = people_in_text(all_units, self.outline.number, self.absences)
        record = AgendaItemRecord(
            number=self.outline.number if self.outline.number is not None else self.position,
            position=self.position,
            title=title,
            closed=self.closed or closed_by_title,
            case=self.case,
            summary=_joined([u for s in sections if s.role == "summary" for u in s.units]),
            recommendation=_joined(recommendation_units),
            recommended_by=recommended_by,
            decided_by=decided_by,
            decision=decision,
            attachments=attachments,
            previous=previous,
            presenters=presenter_records,
            absent=_unique_people(self.absences.absent),
            lines=lines_of(*self.outline.heading, *self.outline.body),
        )
        facts = ItemFacts(
            record=record,
            memberships=memberships,
            employments=employments,
            findings=self.findings,
            attended=self.absences.attended,
            prints_absences=self.absences.prints_absences,
        )
        for section in decision_sections:
            if section.committee:
                facts.decision_committees.append((section.committee, section.date, lines_of(section.heading)))
        return facts


def _has_text(sections: list[Section]) -> bool:
    return any(s.units for s in sections)


def _joined(units: list[Unit]) -> str | None:
    text = clean(" ".join(u.text for u in units))
    return text or None


def _unique_people(people: list[PersonMention]) -> list[PersonMention]:
    seen: set[str] = set()
    out = []
    for person in people:
        if person.name not in seen:
            seen.add(person.name)
            out.append(person)
    return out
