"""The header's people lists ("Medlemmer:", "Afbud:" and the names under them) and its sentences about
absences, read into the header's facts."""

from __future__ import annotations

from dataclasses import dataclass

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.header_facts import HeaderFacts, ListedPerson
from kommunegraf.loaders.phrases import absence_statement
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.records import Finding
from kommunegraf.text import clean, parse_danish_date


@dataclass
class PeopleList:
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


def read_people_list(listed: PeopleList, facts: HeaderFacts) -> None:
    """Read a people list that has ended into the facts: its people, and what was not understood as one."""
    text = listed.text
    none, _ = none_prefix(text)
    if none:
        return
    span = lines_of(listed.label, *listed.units)
    entries, rejected = people_reader.read_list(text)
    for entry in entries:
        facts.people.append(ListedPerson(entry, span, listed.role))
    for entry in rejected:
        if parse_danish_date(entry) is None:
            facts.findings.append(
                Finding(
                    code="unparsed-person",
                    message=f"not understood as a person: {entry!r}",
                    line=span.start,
                    text=entry,
                )
            )


def absence_sentence(facts: HeaderFacts, sentence: str, unit: Unit) -> bool:
    """Read a sentence stating absences or attendance ("Der var afbud fra X (O)") into the facts."""
    statement = absence_statement(sentence)
    if statement is None:
        return False
    span = lines_of(unit)
    listed = [ListedPerson(p, span, "prose") for p in statement.people]
    facts.absent_prose += [ListedPerson(p, span, "prose") for p in statement.replaced]
    if statement.effect == "absent":
        facts.absent_prose += listed
    elif statement.effect == "attended":
        facts.attended_prose += listed
    elif statement.effect in ("item_absent", "left_after"):
        facts.item_absences += [(person, statement.items, statement.effect) for person in listed]
    return bool(listed) or statement.effect == "item_absent"


def none_prefix(text: str) -> tuple[bool, str]:
    """ "Ingen Godkendt" -> (True, "Godkendt"): an empty list printed as a word, and what follows it."""
    words = clean(text).split(" ", 1)
    if words and people_reader.is_none(words[0]):
        return True, words[1] if len(words) > 1 else ""
    return people_reader.is_none(text), ""
