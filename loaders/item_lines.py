"""A line of an item read as more than one: a line that prints this meeting's decision heading inside it, and
the parts of a line that are read as lines of their own."""

from __future__ import annotations

import datetime as dt

from kommunegraf.loaders.committee_names import committee_like
from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.phrases import holds
from kommunegraf.loaders.profiles import Unit
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import parse_danish_date


def part_of(unit: Unit, text: str) -> Unit:
    """A part of a line read as a line of its own (its cue classified), with the line's provenance."""
    part = Unit(unit.first, unit.last, text, False)
    part.cue = classifier().classify(text, header=False)
    return part


def inline_decision(unit: Unit, meeting_date: dt.date | None) -> list[Unit]:
    """A line that prints this meeting's decision heading inside it ("... dagsorden. Byrådet, 16.12.2014
    X var fraværende. Godkendt."), cut into the text before, the heading and the decision."""
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
        return [part_of(unit, part) for part in parts]
    return []
