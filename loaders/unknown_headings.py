"""Lines of an item that look like a heading the wording does not know: reported, so the wording can learn them."""

from __future__ import annotations

import re

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.item_context import Report, Section
from kommunegraf.loaders.profiles import Unit
from kommunegraf.loaders.recommenders import recommenders

FACT_ROLES = frozenset({"decision", "recommendation", "previous"})  # sections whose text a heading would change
_SENTENCE_END = (".", "!", "?", ":", ";", ",")


def report_unknown_headings(section: Section, report: Report) -> None:
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
        report("unknown-heading", f"{reason}: {unit.text!r}", unit.first, unit.text)


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
