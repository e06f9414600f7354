"""Who decides an item (its "Kompetence"): the committee a section or a contents group names."""

from __future__ import annotations

from kommunegraf.loaders.committee_names import committee_like, expand_committee
from kommunegraf.loaders.item_context import ItemContext, Report, Section
from kommunegraf.loaders.profiles import lines_of
from kommunegraf.records import NamedMention
from kommunegraf.text import clean


def competence_name(text: str, context: ItemContext) -> str | None:
    """The committee a competence names; "Udvalget" is the meeting's own, an abbreviation is expanded."""
    lowered = clean(text).casefold().rstrip(".")
    if lowered in ("udvalget", "udvalg"):
        return context.committee
    name = expand_committee(text, context.abbreviations)
    if name and name[0].islower():
        name = name[0].upper() + name[1:]
    return name


def read_decided_by(
    sections: list[Section], context: ItemContext, grouped: NamedMention | None, report: Report
) -> NamedMention | None:
    """The competence a section states, else ``grouped``: the one the item's contents group states."""
    for section in sections:
        if section.role != "decided_by":
            continue
        unit = section.heading
        text = section.value
        if not text and section.units:
            unit = section.units[0]
            text = unit.text
        if not text or unit is None:
            continue
        name = competence_name(text, context)
        if name and committee_like(name):
            return NamedMention(name=name, lines=lines_of(unit))
        report("unparsed-competence", f"competence not understood: {text!r}", unit.first, unit.text)
    return grouped
