"""One agenda item: its sections, and the facts each states.

The body of an item (``outline.ItemOutline``) is cut into sections at the
headings the wording knows; each section's role decides which reader takes
its text: the decision (with the absences printed inside it), the
recommendation and who made it, the competence, earlier treatments, the
attachments. Party letters and officials taking part are read in the whole
item. What a fact-bearing section holds that no reader understood is a
finding with its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.outline import ItemOutline
from kommunegraf.loaders.phrases import (
    absence_statement,
    attachment,
    committee_like,
    committee_name,
    expand_committee,
    holds,
    is_keyed_attachment,
    is_not_unit,
    item_title,
    may_recommend,
    outcome,
    presenters,
    previous_mentions,
    recommenders,
    sentences,
)
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.records import (
    AgendaItemRecord,
    AttachmentRecord,
    CaseMention,
    DecisionRecord,
    Employment,
    Finding,
    NamedMention,
    PartyMembership,
    PersonMention,
    Presenter,
    PreviousTreatment,
    Span,
    span_of,
)
from kommunegraf.text import clean, parse_danish_date

FACT_ROLES = frozenset({"decision", "recommendation", "previous"})  # sections whose text a heading would change
_SENTENCE_END = (".", "!", "?", ":", ";", ",")


@dataclass
class ItemContext:
    """What the meeting's header told, which an item's reading needs."""

    meeting_date: dt.date | None = None
    committee: str | None = None
    abbreviations: dict[str, str] = field(default_factory=dict)


@dataclass
class Section:
    role: str
    rule: str | None
    heading: Unit | None
    units: list[Unit] = field(default_factory=list)
    committee: str | None = None  # a decision heading's committee and date
    date: dt.date | None = None
    number: int | None = None
    value: str = ""  # text on the heading's own line


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
        self.absent: list[PersonMention] = []
        self.attended: list[PersonMention] = []
        self.prints_absences = False
        self.title_units: list[Unit] = list(outline.heading)

    # -- sections ---------------------------------------------------------------------------

    def _report(self, code: str, message: str, line: int | None, text: str | None) -> None:
        """A finding: what was not understood, where, as printed."""
        self.findings.append(Finding(code=code, message=message, line=line, text=text))

    def sections(self) -> list[Section]:
        title = self._title_text()
        sections = [Section("preamble", None, None)]
        body = list(self.outline.body)
        index = 0
        while index < len(body):
            unit = body[index]
            index += 1
            cue = unit.cue
            current = sections[-1]
            if cue is None or cue.kind == "header_form":
                if title and current.role == "preamble" and not current.units and _same_title(unit.text, title):
                    unit.used = True  # the title printed again under the heading
                    continue
                inline = self._inline_decision(unit)
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
            elif kind in ("section", "section_form") and _attachment_named_like_a_heading(current, body, index):
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
                    if rest and title and _same_title(rest.split(". ")[0], title):
                        rest = rest[len(rest.split(". ")[0]) :].lstrip(". ")  # the title printed again
                    if rest:  # what follows the number on its line is read as a line of its own
                        body.insert(index, _part_of(unit, rest))
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
                    name = self._competence_name(competence)
                    if name:
                        self.competence = NamedMention(name=name, lines=lines_of(unit))
            elif kind == "item_heading":
                if title and _same_title(cue.groups.get("title") or "", title):
                    unit.used = True
                else:
                    current.units.append(unit)
            else:
                current.units.append(unit)
        return sections

    def _inline_decision(self, unit: Unit) -> list[Unit]:
        """A line that prints this meeting's decision heading inside it ("... dagsorden. Byrådet, 16.12.2014
        X var fraværende. Godkendt."), cut into the text before, the heading and the decision."""
        meeting_date = self.context.meeting_date
        text = unit.text
        if meeting_date is None or len(text) > 2000 or str(meeting_date.year) not in text:
            return []
        headings = (c for c in vocabulary().of("decision_heading") if holds(c, text))
        for match in (m for c in headings for m in c.regex.finditer(text)):
            if not match.groupdict().get("date") or (match.start() == 0 and match.end() == len(text)):
                continue
            if parse_danish_date(match["date"]) != meeting_date or not committee_like(match["committee"]):
                continue
            before, heading, after = text[: match.start()], match[0], text[match.end() :]
            parts = [p for p in (before.strip(), heading.strip(), after.strip()) if p]
            if len(parts) < 2:
                return []
            return [_part_of(unit, part) for part in parts]
        return []

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
            number = _case_number(value)
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
            self.prints_absences = True
            unit.used = True
            if cue.value:
                rest = self._absentees(cue.value, unit)
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
                    self._absentees(following.text, following)
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

    def _absentees(self, text: str, unit: Unit) -> str:
        """Read an absence list into the item's absent; returns text after an "Ingen" ("Ingen Godkendt")."""
        first, _, rest = clean(text).partition(" ")
        if people_reader.is_none(text):
            return ""
        if people_reader.is_none(first):
            return rest
        entries, rejected = people_reader.read_list(text)
        for entry in entries:
            self.absent.append(
                PersonMention(name=entry.name, party=entry.party, role=entry.role, absent=True, lines=lines_of(unit))
            )
        for entry in rejected:
            self._report("unparsed-person", f"absence not understood: {entry!r}", unit.first, entry)
        return ""

    # -- reading ----------------------------------------------------------------------------

    def _title_text(self) -> str | None:
        return self.outline.title

    def title(self, sections: list[Section]) -> tuple[str | None, bool]:
        """The printed title, joined where the heading wraps, without what surrounds it."""
        raw = self.outline.title
        if raw is None:
            return None, False
        continues = vocabulary().words("word_list.title-continues")
        preamble = sections[0].units
        while preamble and not preamble[0].new_block and preamble[0].cue is None:
            last_word = raw.rsplit(" ", 1)[-1].casefold()
            following = preamble[0].text
            if last_word in continues or following[:1].islower() or raw.endswith(("-", ",")):
                raw = f"{raw} {following}"
                self.title_units.append(preamble.pop(0))
                continue
            break
        title, closed = item_title(raw)
        return title, closed

    def read(self) -> ItemFacts:
        sections = self.sections()
        title, closed_by_title = self.title(sections)
        for unit in self.title_units:
            unit.used = True
        decision_sections, earlier = self._decisions(sections)
        if not decision_sections and (self.closed or closed_by_title) and len(sections) == 1 and sections[0].units:
            decision_sections = sections  # a closed item prints its decision only, under no heading
        decision = self._decision(decision_sections)
        recommendation_sections = [s for s in sections if s.role == "recommendation"]
        recommendation_units = [u for s in recommendation_sections for u in s.units]
        decided_by = self._decided_by(sections)
        previous = self._previous(sections, earlier)
        attachments = self._attachments([s for s in sections if s.role == "attachments"])
        recommended_by = self._recommended_by(sections)
        for section in sections:
            self._unknown_headings(section)
        all_units = [*self.title_units, *(u for s in sections for u in ([s.heading] if s.heading else []) + s.units)]
        presenter_records, employments, memberships = self._people_in_text(all_units)
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
            absent=_unique_people(self.absent),
            lines=lines_of(*self.outline.heading, *self.outline.body),
        )
        facts = ItemFacts(
            record=record,
            memberships=memberships,
            employments=employments,
            findings=self.findings,
            attended=self.attended,
            prints_absences=self.prints_absences,
        )
        for section in decision_sections:
            if section.committee:
                facts.decision_committees.append((section.committee, section.date, lines_of(section.heading)))
        return facts

    def _decisions(self, sections: list[Section]) -> tuple[list[Section], list[Section]]:
        """This meeting's decision sections, and earlier committees' decisions printed in the item."""
        meeting_date = self.context.meeting_date
        current, earlier = [], []
        for section in sections:
            if section.role not in ("decision", "decision-after-absence"):
                continue
            if section.date is not None and meeting_date is not None and section.date != meeting_date:
                earlier.append(section)
            else:
                current.append(section)
        if any(s.role == "decision" for s in current):
            current = [s for s in current if s.role == "decision"]
        return current, earlier

    def _decision(self, sections: list[Section]) -> DecisionRecord | None:
        texts: list[str] = []
        units: list[Unit] = []
        for section in sections:
            if section.value:
                texts += self._decision_sentences(section.value, section.heading)
                if section.heading is not None:
                    units.append(section.heading)
            for unit in section.units:
                if not texts and _is_committee_date(unit.text, self.context):
                    unit.used = True
                    continue
                if unit.cue is not None and unit.cue.kind == "label" and unit.cue.role == "absent":
                    continue
                kept = self._decision_sentences(unit.text, unit)
                if kept:
                    texts += kept
                    units.append(unit)
                unit.used = True
        text = clean(" ".join(texts))
        if not text or not units:
            return None
        return DecisionRecord(text=text, outcome=outcome(text), lines=lines_of(*units))

    def _decision_sentences(self, text: str, unit: Unit | None) -> list[str]:
        """A decision's sentences, without those that state an absence (read as absences)."""
        kept = []
        for sentence in sentences(text):
            if unit is not None and self._absence(sentence, unit):
                continue
            kept.append(sentence)
        return kept

    def _absence(self, sentence: str, unit: Unit) -> bool:
        statement = absence_statement(sentence)
        if statement is None:
            return False
        span = lines_of(unit)
        absent = [PersonMention(name=p.name, party=p.party, absent=True, lines=span) for p in statement.replaced]
        if statement.effect in ("absent", "item_absent"):
            absent += [PersonMention(name=p.name, party=p.party, absent=True, lines=span) for p in statement.people]
        elif statement.effect == "attended":
            self.attended += [PersonMention(name=p.name, party=p.party, lines=span) for p in statement.people]
        self.absent += absent
        self.prints_absences = self.prints_absences or bool(absent) or statement.effect in ("absent", "item_absent")
        return True

    def _competence_name(self, text: str) -> str | None:
        lowered = clean(text).casefold().rstrip(".")
        if lowered in ("udvalget", "udvalg"):
            return self.context.committee
        name = expand_committee(text, self.context.abbreviations)
        if name and name[0].islower():
            name = name[0].upper() + name[1:]
        return name

    def _decided_by(self, sections: list[Section]) -> NamedMention | None:
        for section in sections:
            if section.role != "decided_by":
                continue
            unit = section.heading
            text = section.value
            if not text and section.units:
                unit = section.units[0]
                text = unit.text
            if not text or unit is None:
                continue
            name = self._competence_name(text)
            if name and committee_like(name):
                return NamedMention(name=name, lines=lines_of(unit))
            self._report("unparsed-competence", f"competence not understood: {text!r}", unit.first, unit.text)
        return self.competence

    def _previous(self, sections: list[Section], earlier: list[Section]) -> list[PreviousTreatment]:
        found: list[PreviousTreatment] = []

        def add(committee: str | None, date: dt.date | None, number: int | None, span: Span, text: str) -> None:
            if not committee or date is None:
                return
            if number is None:
                self._report(
                    "unnumbered-previous",
                    f"earlier treatment without an item number: {committee} {date.isoformat()}",
                    span.start,
                    text,
                )
                return
            name = expand_committee(committee, self.context.abbreviations) or committee
            if date == self.context.meeting_date and _same_committee(name, self.context.committee):
                return
            if any(p.committee == name and p.date == date and p.number == number for p in found):
                return
            found.append(PreviousTreatment(committee=name, date=date, number=number, lines=span))

        for section in sections:
            if section.role == "previous":
                self._history(section, add)
            elif section.role in ("preamble", "body", "summary"):
                for unit in section.units:
                    for mention in previous_mentions(unit.text):
                        add(mention.committee, mention.date, mention.number, lines_of(unit), unit.text)
        for section in earlier:
            assert section.heading is not None
            add(section.committee, section.date, section.number, lines_of(section.heading), section.heading.text)
        return found

    def _history(self, section: Section, add) -> None:
        """A "Tidligere behandling"/"Sagsforløb" section: lines naming committee, date and item, or labelled entries."""
        entry: dict[str, object] = {}
        entry_units: list[Unit] = []

        def flush() -> None:
            if entry_units:
                add(
                    entry.get("committee"),
                    entry.get("date"),
                    entry.get("number"),
                    lines_of(*entry_units),
                    " ".join(u.text for u in entry_units),
                )
            entry.clear()
            entry_units.clear()

        in_entry = False  # the lines after a dated entry ("12-08-2019 Magistraten") are its text
        lines = list(section.units)
        if section.value and section.heading is not None:
            lines.insert(0, Unit(section.heading.first, section.heading.last, section.value, False))
        for unit in lines:
            cue = unit.cue
            unit.used = True
            if cue is not None and cue.kind == "label" and cue.role in ("committee", "date", "history_number"):
                if cue.role == "committee":
                    flush()
                    entry["committee"] = committee_name(cue.value)
                elif cue.role == "date":
                    entry["date"] = parse_danish_date(cue.value)
                else:
                    entry["number"] = int(cue.value) if cue.value.isdigit() else None
                entry_units.append(unit)
                continue
            mentions = previous_mentions(unit.text)
            for mention in mentions:
                add(mention.committee, mention.date, mention.number, lines_of(unit), unit.text)
            if mentions or entry_units:
                continue
            dated = re.match(r"^(?P<date>\d{1,2}-\d{1,2}-\d{4})\s+(?P<committee>[A-ZÆØÅ].{2,80})$", unit.text)
            if dated:
                add(
                    committee_name(dated["committee"]),
                    parse_danish_date(dated["date"]),
                    None,
                    lines_of(unit),
                    unit.text,
                )
                in_entry = True
            elif not in_entry and (parse_danish_date(unit.text) or any(committee_like(w) for w in unit.text.split())):
                self._report(
                    "unparsed-previous",
                    f"earlier treatment not understood: {unit.text[:100]!r}",
                    unit.first,
                    unit.text[:200],
                )
        flush()

    def _attachments(self, sections: list[Section]) -> list[AttachmentRecord]:
        records: list[AttachmentRecord] = []
        for section in sections:
            entries: list[list[Unit]] = []
            keyed = False
            for position, unit in enumerate(section.units):
                text = unit.text
                if position == 0 and attachment(text) is None and re.match(r"^\d+\s+bilag\b", text, re.I):
                    unit.used = True
                    break  # "1 bilag": the count stands for the list
                if entries and keyed and not is_keyed_attachment(text):
                    if unit.new_block and _body_text(text):
                        break  # a numbered list ends at the first paragraph of text ("c. Konference den ...")
                    if not unit.new_block:
                        entries[-1].append(unit)  # an entry that wraps
                        continue
                if not entries:
                    keyed = is_keyed_attachment(text)
                entries.append([unit])
            for entry_units in entries:
                text = " ".join(u.text for u in entry_units)
                found = attachment(text)
                for unit in entry_units:
                    unit.used = True
                if found is None:
                    continue
                records.append(
                    AttachmentRecord(
                        title=found.title,
                        recommended=found.recommended,
                        number=found.number,
                        lines=lines_of(*entry_units),
                    )
                )
        return records

    def _recommended_by(self, sections: list[Section]) -> list[NamedMention]:
        found: list[NamedMention] = []
        for section in sections:
            if section.role in ("decision", "decision-after-absence"):
                continue
            lines = ([section.heading] if section.heading is not None else []) + section.units
            for unit in lines:
                if not may_recommend(unit.text):
                    continue
                for sentence in sentences(unit.text):
                    for recommender in recommenders(sentence):
                        if recommender.unit:
                            if all(m.name != recommender.name for m in found):
                                found.append(NamedMention(name=recommender.name, lines=lines_of(unit)))
                        elif not is_not_unit(recommender.name) and len(recommender.name.split()) <= 8:
                            self._report(
                                "unknown-recommender",
                                f"not known as a unit, a person or a committee: {recommender.name!r}",
                                unit.first,
                                sentence[:160],
                            )
        return found

    def _unknown_headings(self, section: Section) -> None:
        """Lines that look like a heading the wording does not know: a short line standing alone inside a
        section whose text is a fact, or, in any section, a line that opens like a fact's heading and goes on
        ("Beslutning i Erhvervs- og Turismeudvalget den 14-08-2024" where only "Beslutning" is known)."""
        units = section.units
        for index, unit in enumerate(units):
            if unit.cue is not None:
                continue
            following = units[index + 1] if index + 1 < len(units) else None
            standing_alone = section.role in FACT_ROLES and following is not None and following.new_block
            if standing_alone and _heading_like(unit):
                reason = f"heading not known, read as {section.role} text"
            elif _opens_like_a_fact_heading(unit.text):
                reason = f"opens like a heading but goes on, read as {section.role} text"
            else:
                continue
            self._report("unknown-heading", f"{reason}: {unit.text!r}", unit.first, unit.text)

    def _people_in_text(self, units: list[Unit]) -> tuple[list[Presenter], list[Employment], list[PartyMembership]]:
        """Officials taking part and party letters, read paragraph by paragraph (names wrap)."""
        presenter_records: list[Presenter] = []
        employments: list[Employment] = []
        memberships: list[PartyMembership] = []
        for text, first, last in _paragraphs(units):
            entries = presenters(text)
            parties = people_reader.party_memberships(text)
            if not entries and not parties:
                continue  # most paragraphs name no one
            span = span_of(first, last)
            for entry in entries:
                if entry.items and self.outline.number not in entry.items:
                    if entry.org:
                        employments.append(Employment(person=entry.name, org=entry.org, title=entry.role, lines=span))
                    continue
                role = entry.role.casefold() if entry.role and entry.role[:1].isupper() else entry.role
                presenter_records.append(Presenter(name=entry.name, role=role, org=entry.org, lines=span))
                if entry.org:
                    employments.append(Employment(person=entry.name, org=entry.org, title=role, lines=span))
            for name, letter in parties:
                memberships.append(PartyMembership(person=name, letter=letter, lines=span))
        for person in (*self.absent, *self.attended):
            if person.party:
                memberships.append(PartyMembership(person=person.name, letter=person.party, lines=person.lines))
        return presenter_records, employments, memberships


def _body_text(text: str) -> bool:
    """A line of an item's text, not an attachment's title: a lettered point, a sentence, a long line."""
    return bool(re.match(r"^[a-zæøå][.)]\s", text)) or text.endswith(".") or len(text) > 120


def _attachment_named_like_a_heading(current: Section, body: list[Unit], following: int) -> bool:
    """A heading word first in a Bilag list, followed by more entries, is an attachment's title."""
    if current.role != "attachments" or current.units:
        return False
    after = body[following] if following < len(body) else None
    if after is None:
        return True  # the item ends: a heading with nothing under it
    return after.cue is None and (
        is_keyed_attachment(after.text) or (len(after.text) < 120 and not after.text.endswith("."))
    )


def _part_of(unit: Unit, text: str) -> Unit:
    """A part of a line read as a line of its own (its cue classified), with the line's provenance."""
    part = Unit(unit.first, unit.last, text, False)
    part.cue = classifier().classify(text, header=False)
    return part


def _paragraphs(units: list[Unit]) -> list[tuple[str, int, int]]:
    """Units joined into paragraphs (a blank line before a unit starts a new one): text, first and last line."""
    paragraphs: list[list[Unit]] = []
    for unit in units:
        if unit.new_block or not paragraphs or paragraphs[-1][-1].last + 1 < unit.first:
            paragraphs.append([])
        paragraphs[-1].append(unit)
    return [(p[0].text if len(p) == 1 else " ".join(u.text for u in p), p[0].first, p[-1].last) for p in paragraphs]


def _case_number(text: str) -> str | None:
    """The case number a "Sagsnr.:" label gives: the first that has a known scheme ("X Dok.nr.: Y" gives X)."""
    text = clean(text)
    best: tuple[int, str] | None = None
    for compiled in vocabulary().of("case_scheme"):
        assert compiled.regex is not None
        match = compiled.regex.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match["number"])
    return best[1] if best else None


def _same_title(text: str, title: str) -> bool:
    return bool(text) and _title_key(text) == _title_key(title)


_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=4096)  # an item's title is compared with the lines under it more than once
def _title_key(text: str) -> str:
    """A title as compared: without what surrounds it, in lower case, only its words."""
    return _NOT_WORD.sub(" ", (item_title(text)[0] or "").casefold()).strip()


def _has_text(sections: list[Section]) -> bool:
    return any(s.units for s in sections)


def _is_committee_date(text: str, context: ItemContext) -> bool:
    """ "Kultur- og Demokratiudvalget, 03.09.2018" under "Beslutning": part of the heading, not the decision."""
    match = re.fullmatch(
        r"(?P<committee>[A-ZÆØÅ].{2,80}?)(?:\s+\([^)]*\))?,?\s+(?:den\s+)?(?P<date>[\d.\-/ ]{8,12})", text
    )
    return bool(match and committee_like(match["committee"]) and parse_danish_date(match["date"]))


def _same_committee(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.casefold() == b.casefold())


_LEAD_IN = re.compile(r"\b(?:at|og|samt|til|for|om|som)$", re.IGNORECASE)


def _heading_like(unit: Unit) -> bool:
    """A short line standing alone, capitalised, that neither ends a sentence nor leads into one."""
    text = unit.text
    words = text.split()
    return (
        unit.new_block
        and 1 <= len(words) <= 6
        and text[:1].isupper()
        and not text.endswith(_SENTENCE_END)
        and not _LEAD_IN.search(text)
        and not any(ch.isdigit() for ch in text)
        and not people_reader.looks_like_people(text)
        and not recommenders(text)
    )


OPENING_WORDS = 10  # a heading that goes on past its known word is this short


def _opens_like_a_fact_heading(text: str) -> bool:
    if text.endswith(_SENTENCE_END) or text.count(" ") >= OPENING_WORDS:
        return False
    cue = classifier().opening(text)
    return cue is not None and cue.role in FACT_ROLES | {"decided_by"}


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
