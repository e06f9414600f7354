"""Who an item's text names: officials taking part, where they work, and party letters."""

from __future__ import annotations

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.item_absences import ItemAbsences
from kommunegraf.loaders.officials import presenters
from kommunegraf.loaders.profiles import Unit
from kommunegraf.records import Employment, PartyMembership, Presenter, span_of


def people_in_text(
    units: list[Unit], number: int | None, absences: ItemAbsences
) -> tuple[list[Presenter], list[Employment], list[PartyMembership]]:
    """Officials taking part in item ``number`` and party letters, read paragraph by paragraph (names wrap); the
    party letters of the absent and the substitutes."""
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
            if entry.items and number not in entry.items:
                if entry.org:
                    employments.append(Employment(person=entry.name, org=entry.org, title=entry.role, lines=span))
                continue
            role = entry.role.casefold() if entry.role and entry.role[:1].isupper() else entry.role
            presenter_records.append(Presenter(name=entry.name, role=role, org=entry.org, lines=span))
            if entry.org:
                employments.append(Employment(person=entry.name, org=entry.org, title=role, lines=span))
        for name, letter in parties:
            memberships.append(PartyMembership(person=name, letter=letter, lines=span))
    for person in (*absences.absent, *absences.attended):
        if person.party:
            memberships.append(PartyMembership(person=person.name, letter=person.party, lines=person.lines))
    return presenter_records, employments, memberships


def _paragraphs(units: list[Unit]) -> list[tuple[str, int, int]]:
    """Units joined into paragraphs (a blank line before a unit starts a new one): text, first and last line."""
    paragraphs: list[list[Unit]] = []
    for unit in units:
        if unit.new_block or not paragraphs or paragraphs[-1][-1].last + 1 < unit.first:
            paragraphs.append([])
        paragraphs[-1].append(unit)
    return [(p[0].text if len(p) == 1 else " ".join(u.text for u in p), p[0].first, p[-1].last) for p in paragraphs]
