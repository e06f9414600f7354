"""The meeting's header: committee, date, time, place, who attended and who did not.

Headers come in many shapes (see ``wording/header.toml``): labels with their
values on the same line or the next ("Mødested: X", "Dato" / "03.09.2018"),
a block of labels whose values follow in the same order (PDF transcripts), a
one-line header ("REFERAT <udvalg> d. <dato>", "<Udvalg> tirsdag den <dato>
kl. <tid>"), a committee printed beside what the document is ("Referat" /
"Økonomiudvalget"), and sentences about absences ("Der var afbud fra X (O)").
A label's value is checked against what the label asks for (a date, a time,
people), so a label left empty does not take the next label's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.cues import Cue, classifier
from kommunegraf.loaders.outline import is_contents_entry
from kommunegraf.loaders.people import PersonEntry
from kommunegraf.loaders.phrases import (
    absence_statement,
    committee_like,
    committee_name,
    holds,
    names_a_place,
    presenters,
    sentences,
    unit_of_role,
)
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.loaders.vocabulary import PEOPLE_ROLES, Compiled, vocabulary
from kommunegraf.records import Employment, Finding, Span
from kommunegraf.text import clean, impossible_time, parse_danish_date, parse_time

_YEAR_OF_NUMBER = re.compile(r"\b\d{1,3}\s*/\s*(?P<year>(?:19|20)\d{2})\b")


@dataclass
class Stated:
    """A value and the lines that state it; ``rank`` says how it was found (lower is surer)."""

    value: object
    span: Span
    rank: int


@dataclass
class ListedPerson:
    entry: PersonEntry
    span: Span
    role: str  # the label's role: members, participants, absent, substitutes, staff, secretary, or "prose"


@dataclass
class HeaderFacts:
    committee: Stated | None = None
    date: Stated | None = None
    start_time: Stated | None = None
    location: Stated | None = None
    document_type: str | None = None
    people: list[ListedPerson] = field(default_factory=list)
    absent_prose: list[ListedPerson] = field(default_factory=list)  # "Der var afbud fra ...", "X var fraværende"
    attended_prose: list[ListedPerson] = field(default_factory=list)  # "I stedet mødte ...", substitutes
    item_absences: list[tuple[ListedPerson, tuple[int, ...], str]] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)
    meeting_year: int | None = None
    contents_entries: int = 0  # the items a table of contents lists (to tell a document cut short)
    findings: list[Finding] = field(default_factory=list)
    saw_participant_list: bool = False

    def offer(self, name: str, value: object, span: Span, rank: int) -> None:
        """Keep ``value`` for field ``name`` unless a surer one (lower rank) is known."""
        if value is None or value == "":
            return
        current = getattr(self, name)
        if current is None or rank < current.rank:
            setattr(self, name, Stated(value, span, rank))


# ranks: labels first, then one-line headers, then what stands beside the document type, then guesses
LABEL, FORM, BESIDE_TYPE, COMMITTEE_LINE, FIRST_DATE = 0, 1, 2, 3, 4


@dataclass
class _Pending:
    unit: Unit
    role: str


@dataclass
class _List:
    """A people list being read: its label, its lines, its text so far."""

    role: str
    label: Unit
    units: list[Unit]
    text: str
    comma_separated: bool = False  # "X (A), Y (V)," (decided by the list's first line), else one a line

    def __post_init__(self) -> None:
        self.comma_separated = "," in people_reader.strip_parentheses(self.text)

    def continues(self, unit: Unit) -> bool:
        """Whether ``unit`` goes on with the list: a wrapped line, or the next name of a list one a line."""
        text = unit.text
        if unit.cue is not None and unit.cue.kind not in ("header_form",):
            return False
        if self.text.rstrip().endswith(",") or text[:1] == "(" or text[:1].islower():
            return True
        if self.comma_separated:  # a name wrapped onto the next line ("..., Mette" / "Nielsen, Søren ...")
            first = text.split(",", 1)[0]
            return len(first.split()) == 1 and ("," in text or not unit.new_block)
        return not unit.new_block or people_reader.looks_like_people(text)

    def add(self, unit: Unit) -> None:
        wrapped = (
            self.comma_separated
            or self.text.rstrip().endswith(",")
            or unit.text[:1] in "("
            or (unit.text[:1].islower())
        )
        self.text = f"{self.text} {unit.text}" if wrapped or not self.text else f"{self.text}, {unit.text}"
        self.units.append(unit)


def accepts(role: str, text: str) -> bool:
    """Whether ``text`` can be the value of a label of ``role``."""
    text = clean(text)
    if not text:
        return False
    if role == "date":
        return parse_danish_date(text) is not None
    if role in ("time", "end_time"):
        return parse_time(text) is not None or text.casefold().rstrip(".") in ("kl", "kl.")
    if role in PEOPLE_ROLES:
        return people_reader.is_none(text) or people_reader.looks_like_people(text)
    if role == "place":
        return parse_danish_date(text) is None and not people_reader.looks_like_people(text) and len(text) < 160
    if role == "committee":
        return committee_like(text) is not None or (len(text.split()) <= 6 and text[:1].isupper())
    return True


class HeaderReader:
    def __init__(self) -> None:
        self.facts = HeaderFacts()
        self.pending: list[_Pending] = []
        self.paired = False  # values were given to waiting labels: a label after them starts a new block
        self.open_list: _List | None = None
        self.vocab = vocabulary()

    # -- labels and values --------------------------------------------------------------

    def _assign(self, role: str, value: str, units: list[Unit], label: Unit) -> None:
        span = lines_of(label, *units)
        facts = self.facts
        text = clean(value)
        for unit in (label, *units):
            unit.used = True
        if role in PEOPLE_ROLES:
            self.open_list = _List(role, label, list(units), text)
            return
        if role == "date":
            facts.offer("date", parse_danish_date(text), span, LABEL)
            self._offer_time(text, span, LABEL)
        elif role == "time":
            self._offer_time(text, span, LABEL)
            facts.offer("date", parse_danish_date(text), span, LABEL)
        elif role == "place":
            facts.offer("location", text.strip(" ,."), span, LABEL)
        elif role == "committee":
            name = committee_like(text) or (committee_name(text) if accepts("committee", text) else None)
            if name and not _is_doc_type(name):
                facts.offer("committee", name, span, LABEL)
        elif role == "meeting_number":
            year = _YEAR_OF_NUMBER.search(text)
            if year:
                facts.meeting_year = int(year["year"])

    def _offer_time(self, text: str, span: Span, rank: int) -> None:
        """The start time in ``text``; a time no clock shows is reported and left out."""
        impossible = impossible_time(text)
        if impossible is not None:
            self.facts.findings.append(
                Finding(
                    code="impossible-time",
                    message=f"start time {impossible!r} is not a time of day; left out",
                    line=span.start,
                    text=text,
                )
            )
        self.facts.offer("start_time", parse_time(text), span, rank)

    def _close_list(self) -> None:
        """Read the people list that was open."""
        listed, self.open_list = self.open_list, None
        if listed is None:
            return
        text = listed.text
        none, _ = _none_prefix(text)
        if none:
            return
        span = lines_of(listed.label, *listed.units)
        entries, rejected = people_reader.read_list(text)
        for entry in entries:
            self.facts.people.append(ListedPerson(entry, span, listed.role))
        for entry in rejected:
            if parse_danish_date(entry) is None:
                self.facts.findings.append(
                    Finding(
                        code="unparsed-person",
                        message=f"not understood as a person: {entry!r}",
                        line=span.start,
                        text=entry,
                    )
                )

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
            if self.pending and not _value_is_one(role, cue.value):
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
                part, remaining = _take(pending.role, remaining, [w.role for w in waiting[index + 1 :]])
            pending.unit.used = True
            if part:
                self._assign(pending.role, part, [unit], pending.unit)
                self._close_list()
        unit.used = True

    # -- the header's lines ---------------------------------------------------------------

    def read(self, header: list[Unit]) -> HeaderFacts:
        self._forms(header)
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

    def _forms(self, header: list[Unit]) -> None:
        """One-line headers, also where a header's short lines print one over several lines."""
        blocks: list[list[Unit]] = []
        for unit in header:
            if unit.new_block or not blocks:
                blocks.append([])
            blocks[-1].append(unit)
        for block in blocks:
            for length in range(min(len(block), 6), 0, -1):
                for start in range(0, len(block) - length + 1):
                    window = block[start : start + length]
                    if any(
                        u.used
                        or (
                            u.cue is not None
                            and u.cue.kind != "header_form"
                            and not (position == 0 and u.cue.kind == "doc_type")
                        )
                        for position, u in enumerate(window)
                    ):
                        continue
                    text = clean(" ".join(u.text for u in window))
                    if len(text) > 300:
                        continue
                    typed = window[0].cue is not None and window[0].cue.kind == "doc_type"
                    for compiled, groups in _form_matches(text):
                        if typed and not any(_is_doc_type(key) for key in compiled.rule.keys):
                            continue  # a form that starts with what the document is
                        if self._form(groups, lines_of(*window)):
                            for unit in window:
                                unit.used = True
                            self.facts.document_type = self.facts.document_type or _document_type_opening(text)
                            break

    def _form(self, groups: dict[str, str | None], span: Span) -> bool:
        facts = self.facts
        committee = groups.get("committee")
        if groups.get("place") and parse_danish_date(groups["place"] or ""):
            return False  # a place holds no date: the window took in more than the place line
        if committee is not None:
            name = committee_name(committee)
            if not name or _is_doc_type(name) or len(name.split()) > 10:
                return False
        took = False
        if committee:
            facts.offer("committee", committee_name(committee), span, FORM)
            took = True
        if groups.get("date"):
            date = parse_danish_date(groups["date"] or "")
            if date is None:
                return False
            facts.offer("date", date, span, FORM)
            took = True
        if groups.get("time"):
            self._offer_time(groups["time"] or "", span, FORM)
            took = True
        if groups.get("place"):
            facts.offer("location", clean(groups["place"] or "").strip(" ,."), span, FORM)
            took = True
        return took

    def _prose(self, unit: Unit) -> None:
        """A header line that is no label or form: an absence sentence, the place, the committee, or not understood."""
        text = unit.text
        understood = False
        for sentence in sentences(text):
            understood |= self._absence_sentence(sentence, unit)
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

    def _absence_sentence(self, sentence: str, unit: Unit) -> bool:
        statement = absence_statement(sentence)
        if statement is None:
            return False
        span = lines_of(unit)
        listed = [ListedPerson(p, span, "prose") for p in statement.people]
        self.facts.absent_prose += [ListedPerson(p, span, "prose") for p in statement.replaced]
        if statement.effect == "absent":
            self.facts.absent_prose += listed
        elif statement.effect == "attended":
            self.facts.attended_prose += listed
        elif statement.effect in ("item_absent", "left_after"):
            self.facts.item_absences += [(person, statement.items, statement.effect) for person in listed]
        return bool(listed) or statement.effect == "item_absent"

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


def _value_is_one(role: str, value: str) -> bool:
    """A label's inline value that is its own (not the glued values of a block of labels before it)."""
    if role in PEOPLE_ROLES:
        _, rejected = people_reader.read_list(value)
        return not rejected and not _place_prefix(value)
    return accepts(role, value)


def _is_doc_type(name: str) -> bool:
    return any(w.casefold() == name.casefold() for c in vocabulary().of("doc_type") for w in c.rule.words)


def _none_prefix(text: str) -> tuple[bool, str]:
    """ "Ingen Godkendt" -> (True, "Godkendt"): an empty list printed as a word, and what follows it."""
    words = clean(text).split(" ", 1)
    if words and people_reader.is_none(words[0]):
        return True, words[1] if len(words) > 1 else ""
    return people_reader.is_none(text), ""


def _is_place(text: str) -> bool:
    return len(text) <= 120 and not parse_danish_date(text) and names_a_place(text)


def _place_prefix(text: str) -> str | None:
    """The place at the start of glued values: up to and with its last place word ("Byrådssalen, X Rådhus")."""
    words = vocabulary().words("word_list.place")
    best = None
    for match in re.finditer(r"[\w\-/.]+", text):
        if any(w in match[0].casefold() for w in words):
            best = match.end()
        elif best is not None and match[0][:1].isupper() and match.start() > best + 1:
            break
    return text[:best].strip(" ,") if best else None


def _take(role: str, text: str, later: list[str]) -> tuple[str, str]:
    """The part of glued values that belongs to a label of ``role``, and the rest."""
    text = clean(text)
    if role == "place":
        place = _place_prefix(text)
        return (place, text[len(place) :].strip(" ,")) if place else ("", text)
    if role in PEOPLE_ROLES:
        none, rest = _none_prefix(text)
        if none:
            return "", rest
        # the list runs until a word that ends it: "Ingen", or a name listed again (an absent member)
        words = text.split(" ")
        for index in range(1, len(words)):
            if people_reader.is_none(words[index]):
                return " ".join(words[:index]), " ".join(words[index:])
        entries = people_reader.split_top_level(text)
        if entries and later and later[0] in PEOPLE_ROLES:
            last = entries[-1]
            names = [e.split(" (")[0] for e in entries[:-1]]
            for name in names:
                if last.endswith(" " + name) and last != name:
                    head = last[: -len(name)].strip()
                    return ", ".join([*entries[:-1], head]), name
        return text, ""
    if role in ("date", "time", "end_time"):
        return "", text
    return "", text


def _committee_in(text: str) -> str | None:
    """A committee named in a header line's own sentence ("Tønder Kommune Kommunalbestyrelsen. Referat.")."""
    for fragment in re.split(r"\.\s+|\s+-\s+|\t", text):
        name = committee_like(fragment)
        if name:
            return name
    return None


@lru_cache(maxsize=4096)
def _form_matches(text: str) -> tuple[tuple[Compiled, dict[str, str | None]], ...]:
    """The one-line header forms a text is, in the wording's order. Kept by text: a committee's header
    lines (its members, its room) come back meeting after meeting."""
    found = []
    for _, compiled, _ in classifier().candidates(text, forms=True):  # the forms a line starting so can be
        if not holds(compiled, text):
            continue
        match = compiled.regex.fullmatch(text)
        if match:
            found.append((compiled, match.groupdict()))
    return tuple(found)


def _document_type_opening(text: str) -> str | None:
    """What a one-line header says the document is, where it opens with it ("Dagsorden 8. oktober 2025 ...")."""
    for compiled in vocabulary().of("doc_type"):
        for word in sorted(compiled.rule.words, key=len, reverse=True):
            if text[: len(word)].casefold() == word.casefold() and not text[len(word) : len(word) + 1].isalpha():
                return compiled.rule.kind
    return None
