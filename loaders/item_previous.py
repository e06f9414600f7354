"""Earlier treatments of an item: where it was before, with committee, date and item number."""

from __future__ import annotations

import datetime as dt
import re

from kommunegraf.loaders.committee_names import committee_like, committee_name, expand_committee
from kommunegraf.loaders.item_context import ItemContext, Report, Section
from kommunegraf.loaders.phrases import previous_mentions
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.records import PreviousTreatment, Span
from kommunegraf.text import parse_danish_date


def read_previous(
    sections: list[Section], earlier: list[Section], context: ItemContext, report: Report
) -> list[PreviousTreatment]:
    """The earlier treatments an item states: a history section, its text, earlier committees' decisions."""
    found: list[PreviousTreatment] = []

    def add(committee: str | None, date: dt.date | None, number: int | None, span: Span, text: str) -> None:
        if not committee or date is None:
            return
        if number is None:
            report(
                "unnumbered-previous",
                f"earlier treatment without an item number: {committee} {date.isoformat()}",
                span.start,
                text,
            )
            return
        name = expand_committee(committee, context.abbreviations) or committee
        if date == context.meeting_date and _same_committee(name, context.committee):
            return
        if any(p.committee == name and p.date == date and p.number == number for p in found):
            return
        found.append(PreviousTreatment(committee=name, date=date, number=number, lines=span))

    for section in sections:
        if section.role == "previous":
            _history(section, add, report)
        elif section.role in ("preamble", "body", "summary"):
            for unit in section.units:
                for mention in previous_mentions(unit.text):
                    add(mention.committee, mention.date, mention.number, lines_of(unit), unit.text)
    for section in earlier:
        assert section.heading is not None
        add(section.committee, section.date, section.number, lines_of(section.heading), section.heading.text)
    return found


def _history(section: Section, add, report: Report) -> None:
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
            report(
                "unparsed-previous",
                f"earlier treatment not understood: {unit.text[:100]!r}",
                unit.first,
                unit.text[:200],
            )
    flush()


def _same_committee(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.casefold() == b.casefold())
