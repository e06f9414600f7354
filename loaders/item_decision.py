"""An item's decision: which decision sections are this meeting's, and the decision's text and outcome."""

from __future__ import annotations

import datetime as dt
import re

from kommunegraf.loaders.committee_names import committee_like
from kommunegraf.loaders.item_absences import ItemAbsences
from kommunegraf.loaders.item_context import ItemContext, Section
from kommunegraf.loaders.phrases import outcome, sentences
from kommunegraf.loaders.profiles import Unit, lines_of
from kommunegraf.records import DecisionRecord
from kommunegraf.text import clean, parse_danish_date


def split_decisions(sections: list[Section], meeting_date: dt.date | None) -> tuple[list[Section], list[Section]]:
    """This meeting's decision sections, and earlier committees' decisions printed in the item."""
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


def read_decision(sections: list[Section], context: ItemContext, absences: ItemAbsences) -> DecisionRecord | None:
    """The decision the sections print; the absences stated in it are read into ``absences``, not kept."""
    texts: list[str] = []
    units: list[Unit] = []
    for section in sections:
        if section.value:
            texts += _decision_sentences(section.value, section.heading, absences)
            if section.heading is not None:
                units.append(section.heading)
        for unit in section.units:
            if not texts and _is_committee_date(unit.text, context):
                unit.used = True
                continue
            if unit.cue is not None and unit.cue.kind == "label" and unit.cue.role == "absent":
                continue
            kept = _decision_sentences(unit.text, unit, absences)
            if kept:
                texts += kept
                units.append(unit)
            unit.used = True
    text = clean(" ".join(texts))
    if not text or not units:
        return None
    return DecisionRecord(text=text, outcome=outcome(text), lines=lines_of(*units))


def _decision_sentences(text: str, unit: Unit | None, absences: ItemAbsences) -> list[str]:
    """A decision's sentences, without those that state an absence (read as absences)."""
    kept = []
    for sentence in sentences(text):
        if unit is not None and absences.stated(sentence, unit):
            continue
        kept.append(sentence)
    return kept


def _is_committee_date(text: str, context: ItemContext) -> bool:
    """ "Kultur- og Demokratiudvalget, 03.09.2018" under "Beslutning": part of the heading, not the decision."""
    match = re.fullmatch(
        r"(?P<committee>[A-ZÆØÅ].{2,80}?)(?:\s+\([^)]*\))?,?\s+(?:den\s+)?(?P<date>[\d.\-/ ]{8,12})", text
    )
    return bool(match and committee_like(match["committee"]) and parse_danish_date(match["date"]))
