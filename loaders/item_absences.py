"""Who an item says was absent (an "Afbud:" list, a sentence in its decision), and who attended in a member's
place."""

from __future__ import annotations

from dataclasses import dataclass, field

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.item_context import Report
from kommunegraf.loaders.phrases import absence_statement
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.records import PersonMention
from kommunegraf.text import clean


@dataclass
class ItemAbsences:
    """The absences an item prints, in the order it prints them."""

    absent: list[PersonMention] = field(default_factory=list)
    attended: list[PersonMention] = field(default_factory=list)  # substitutes named in the decision
    prints_absences: bool = False

    def listed(self, text: str, unit: Unit, report: Report) -> str:
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
            report("unparsed-person", f"absence not understood: {entry!r}", unit.first, entry)
        return ""

    def stated(self, sentence: str, unit: Unit) -> bool:
        """Read a sentence stating an absence or a substitute ("X var fraværende"); False where it states none."""
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
