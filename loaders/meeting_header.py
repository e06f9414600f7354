"""The meeting's header: committee, date, time, place, who attended and who did not.

Headers come in many shapes (see ``wording/header.toml``): labels with their
values on the same line or the next ("Mødested: X", "Dato" / "03.09.2018"),
a block of labels whose values follow in the same order (PDF transcripts), a
one-line header ("REFERAT <udvalg> d. <dato>", "<Udvalg> tirsdag den <dato>
kl. <tid>"), a committee printed beside what the document is ("Referat" /
"Økonomiudvalget"), and sentences about absences ("Der var afbud fra X (O)").
A label's value is checked against what the label asks for (a date, a time,
people), so a label left empty does not take the next label's value.

This module pairs labels with their values and reads the lines no label or form took; the facts are
``header_facts``, people lists ``header_people``, what a label accepts ``header_values``, one-line headers
``header_forms``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kommunegraf.loaders.committee_names import committee_like, committee_name
from kommunegraf.loaders.cues import Cue
from kommunegraf.loaders.header_facts import BESIDE_TYPE, COMMITTEE_LINE, FIRST_DATE, LABEL, HeaderFacts, offer_time
from kommunegraf.loaders.header_forms import is_doc_type, read_forms
from kommunegraf.loaders.header_people import PeopleList, absence_sentence, read_people_list
from kommunegraf.loaders.header_values import accepts, take, value_is_one
from kommunegraf.loaders.item_headings import is_contents_entry
from kommunegraf.loaders.officials import presenters, unit_of_role
from kommunegraf.loaders.phrases import names_a_place, sentences
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.loaders.wording_rules import PEOPLE_ROLES
from kommunegraf.records import Employment
from kommunegraf.text import clean, parse_danish_date

_YEAR_OF_NUMBER = re.compile(r"\b\d{1,3}\s*/\s*(?P<year>(?:19|20)\d{2})\b")


@dataclass
class _Pending:
    unit: Unit
    role: str


class HeaderReader:
    def __init__(self) -> None:
        self.facts = HeaderFacts()
        self.pending: list[_Pending] = []
        self.paired = False  # values were given to waiting labels: a label after them starts a new block
        self.open_list: PeopleList | None = None

    # -- labels and values --------------------------------------------------------------

    def _assign(self, role: str, value: str, units: list[Unit], label: Unit) -> None:
        span = lines_of(label, *units)
        facts = self.facts
        text = clean(value)
        for unit in (label, *units):
            unit.used = True
        if role in PEOPLE_ROLES:
            self.open_list = PeopleList(role, label, list(units), text)
            return
        if role == "date":
            facts.offer("date", parse_danish_date(text), span, LABEL)
            offer_time(facts, text, span, LABEL)
        elif role == "time":
            offer_time(facts, text, span, LABEL)
            facts.offer("date", parse_danish_date(text), span, LABEL)
        elif role == "place":
            facts.offer("location", text.strip(" ,."), span, LABEL)
        elif role == "committee":
            name = committee_like(text) or (committee_name(text) if accepts("committee", text) else None)
            if name and not is_doc_type(name):
                facts.offer("committee", name, span, LABEL)
        elif role == "meeting_number":
            year = _YEAR_OF_NUMBER.search(text)
            if year:
                facts.meeting_year = int(year["year"])

    def _close_list(self) -> None:
        """Read the people list that was open."""
        listed, self.open_list = self.open_list, None
        if listed is not None:
            read_people_list(listed, self.facts)

    def label(self, unit: Unit, cue: Cue) -> None:
        role = cue.role or "ignore"
        self._close_list()
        if role in PEOPLE_ROLES and role != "secretary":
            self.facts.saw_participant_list = True  # even an empty list says who was there
        if cue.value and not cue.colon and len(sentences(cue.value)) > 1:
            self._prose(unit)  # "Afbud fra Maria Brumvig. I stedet mødte Jess Heilbo.": sentences, not a list
            return
        if cue.value:
            if role == "committee" and not cue.colon and committee_like(cue.value) is None:
                unit.used = True  # "Udvalg Dato Type Hent": a table's column heads, not a label and its value
                return
            if self.pending and not value_is_one(role, cue.value):
                self._distribute([*self.pending, _Pending(unit, role)], cue.value, unit)
                self.pending = []
                return
            self.pending = []
            self._assign(role, cue.value, [], unit)
            return
        unit.used = True
        if unit.new_block or self.paired:
            self.pending = []  # labels wait for values in a block of labels, not across blank lines
            self.paired = False
        self.pending.append(_Pending(unit, role))

    def value(self, unit: Unit) -> bool:
        """A line after labels: the value of the first waiting label that accepts it."""
        if self.open_list is not None:
            if self.open_list.continues(unit):
                self.open_list.add(unit)
                unit.used = True
                return True
            self._close_list()
        while self.pending:
            waiting = self.pending.pop(0)
            if accepts(waiting.role, unit.text):
                self._assign(waiting.role, unit.text, [unit], waiting.unit)
                self.paired = True
                return True
        return False

    def _distribute(self, waiting: list[_Pending], text: str, unit: Unit) -> None:
        """Labels printed as a block with their values glued after the last one:
        "Mødested: Deltagere: Fraværende: Referent: <place> <people> Ingen <person>"."""
        remaining = clean(text)
        for index, pending in enumerate(waiting):
            if index == len(waiting) - 1:
                part, remaining = remaining, ""
            else:
                part, remaining = take(pending.role, remaining, [w.role for w in waiting[index + 1 :]])
            pending.unit.used = True
            if part:
                self._assign(pending.role, part, [unit], pending.unit)
                self._close_list()
        unit.used = True

    # -- the header's lines ---------------------------------------------------------------

    def read(self, header: list[Unit]) -> HeaderFacts:
        read_forms(self.facts, header)
        in_contents = False
        document_types: list[int] = []
        for index, unit in enumerate(header):
            cue = unit.cue
            kind = cue.kind if cue is not None else None
            if kind == "furniture":
                unit.used = True
                continue
            if kind == "doc_type":
                assert cue is not None and cue.compiled is not None
                self.facts.document_type = self.facts.document_type or cue.compiled.rule.kind
                unit.used = True
                document_types.append(index)
                self._close_list()
                continue
            if kind == "toc_heading":
                in_contents = True
                unit.used = True
                self.pending = []
                self._close_list()
                continue
            if kind in ("toc_group", "access"):
                unit.used = True
                continue
            if kind == "label":
                assert cue is not None
                self.label(unit, cue)
                continue
            if unit.used:  # read by a one-line form; it may still be the value a label waits for
                if not (self.pending and self.value(unit)):
                    self.pending = []
                    self._close_list()
                continue
            if self.value(unit):
                continue
            if in_contents or kind == "item_heading" or is_contents_entry(unit):
                unit.used = True
                if in_contents and (kind == "item_heading" or is_contents_entry(unit)):
                    self.facts.contents_entries += 1
                continue
            self._prose(unit)
        self._close_list()
        self._beside_document_type(header, document_types)
        self._first_date(header)
        return self.facts

    def _prose(self, unit: Unit) -> None:
        """A header line that is no label or form: an absence sentence, the place, the committee, or not understood."""
        text = unit.text
        understood = False
        for sentence in sentences(text):
            understood |= absence_sentence(self.facts, sentence, unit)
            for presenter in presenters(sentence):
                unit_name = presenter.org or unit_of_role(presenter.role)
                if unit_name:
                    self.facts.employments.append(
                        Employment(person=presenter.name, org=unit_name, title=presenter.role, lines=lines_of(unit))
                    )
                    understood = True
        if understood:
            unit.used = True
            return
        committee = _committee_in(text)
        if committee:
            self.facts.offer("committee", committee, lines_of(unit), COMMITTEE_LINE)
            unit.used = True
            return
        if _is_place(text):
            self.facts.offer("location", re.sub(r"^i\s+", "", text).strip(" ,."), lines_of(unit), BESIDE_TYPE)
            unit.used = True

    def _beside_document_type(self, header: list[Unit], document_types: list[int]) -> None:
        """ "Referat" / "Økonomiudvalget": a committee printed right before or after what the document is."""
        for index in document_types:
            for neighbour in (index + 1, index - 1):
                if 0 <= neighbour < len(header):
                    unit = header[neighbour]
                    name = committee_like(unit.text) if unit.cue is None or unit.cue.kind == "header_form" else None
                    if name:
                        self.facts.offer("committee", name, lines_of(unit), BESIDE_TYPE)
                        unit.used = True
                        break

    def _first_date(self, header: list[Unit]) -> None:
        """Where nothing labels the date: the first full date in the header."""
        if self.facts.date is not None:
            return
        for unit in header:
            if unit.cue is not None and unit.cue.kind in ("toc_heading", "item_heading"):
                break
            date = parse_danish_date(unit.text)
            if date:
                self.facts.offer("date", date, lines_of(unit), FIRST_DATE)
                return


def _is_place(text: str) -> bool:
    return len(text) <= 120 and not parse_danish_date(text) and names_a_place(text)


def _committee_in(text: str) -> str | None:
    """A committee named in a header line's own sentence ("Tønder Kommune Kommunalbestyrelsen. Referat.")."""
    for fragment in re.split(r"\.\s+|\s+-\s+|\t", text):
        name = committee_like(fragment)
        if name:
            return name
    return None
