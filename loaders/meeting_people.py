"""Who attended the meeting and who did not: the header's lists and sentences, and what the items print."""

from __future__ import annotations

from kommunegraf.loaders.header_facts import HeaderFacts, ListedPerson
from kommunegraf.loaders.item_reader import ItemFacts
from kommunegraf.loaders.officials import unit_of_role
from kommunegraf.records import Employment, PartyMembership, PersonMention


def _mention(person: ListedPerson, absent: bool) -> PersonMention:
    entry = person.entry
    return PersonMention(name=entry.name, party=entry.party, role=entry.role, absent=absent, lines=person.span)


def attendance(
    header: HeaderFacts, items: list[ItemFacts]
) -> tuple[list[PersonMention], list[PersonMention], list[PartyMembership], list[Employment]]:
    """Who attended and who did not: the lists, minus the absent, plus substitutes; else absences in every item."""
    absent: dict[str, PersonMention] = {}
    for person in header.people:
        if person.role == "absent" or person.entry.absent:
            absent.setdefault(person.entry.name, _mention(person, True))
    for person in header.absent_prose:
        absent.setdefault(person.entry.name, _mention(person, True))
    present: dict[str, PersonMention] = {}
    for person in header.people:
        listed_present = person.role in ("members", "participants", "substitutes", "staff") and not person.entry.absent
        if listed_present and person.entry.name not in absent:
            present.setdefault(person.entry.name, _mention(person, False))
    for person in header.attended_prose:  # "I stedet mødte X": a listed member stated present after all
        if person.entry.name in present:
            absent.pop(person.entry.name, None)
        present.setdefault(person.entry.name, _mention(person, False))
    for item in items:
        for person in item.attended:
            if person.name not in absent:
                present.setdefault(person.name, person.model_copy(update={"role": None}))
    if not absent and not header.saw_participant_list:
        for person in _absent_in_every_item(items):
            absent.setdefault(person.name, person)
    for name in absent:
        present.pop(name, None)
    memberships: list[PartyMembership] = []
    employments: list[Employment] = list(header.employments)
    for person in (*header.people, *header.absent_prose, *header.attended_prose):
        entry = person.entry
        if entry.party:
            memberships.append(PartyMembership(person=entry.name, letter=entry.party, lines=person.span))
        unit = unit_of_role(entry.role)
        if unit:
            employments.append(Employment(person=entry.name, org=unit, title=entry.role, lines=person.span))
    return list(present.values()), list(absent.values()), memberships, employments


def _absent_in_every_item(items: list[ItemFacts]) -> list[PersonMention]:
    """Without a meeting-level list: a person printed absent in every item that prints absences."""
    listing = [item for item in items if item.prints_absences and item.record.absent]
    if not listing:
        return []
    common = set.intersection(*({p.name for p in item.record.absent} for item in listing))
    first = listing[0]
    return [p.model_copy(update={"role": None}) for p in first.record.absent if p.name in common]


def apply_item_absences(header: HeaderFacts, items: list[ItemFacts]) -> None:
    """Absences the header states for numbered items ("deltog ikke i behandlingen af punkt 13",
    "forlod mødet efter behandlingen af punkt 7"): on the items the document holds."""
    for person, numbers, effect in header.item_absences:
        for item in items:
            record = item.record
            if effect == "item_absent":
                hit = record.number in numbers
            else:  # left after the items named: absent from the later ones not named
                hit = bool(numbers) and record.number > min(numbers) and record.number not in numbers
            if hit and all(p.name != person.entry.name for p in record.absent):
                record.absent.append(_mention(person, True))
