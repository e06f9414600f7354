"""Who recommends an item: the units its text names as recommending."""

from __future__ import annotations

from kommunegraf.loaders.item_context import Report, Section
from kommunegraf.loaders.phrases import sentences
from kommunegraf.loaders.profiles import lines_of
from kommunegraf.loaders.recommenders import is_not_unit, may_recommend, recommenders
from kommunegraf.records import NamedMention


def read_recommended_by(sections: list[Section], report: Report) -> list[NamedMention]:
    """The units an item says recommend it, outside its decision; a recommender not known as a unit is reported."""
    found: list[NamedMention] = []
    for section in sections:
        if section.role in ("decision", "decision-after-absence"):
            continue
        lines = ([section.heading] if section.heading is not None else []) + section.units
        for unit in lines:
            if not may_recommend(unit.text):
                continue
            for sentence in sentences(unit.text):
                for recommender in recommenders(sentence):
                    if recommender.unit:
                        if all(m.name != recommender.name for m in found):
                            found.append(NamedMention(name=recommender.name, lines=lines_of(unit)))
                    elif not is_not_unit(recommender.name) and len(recommender.name.split()) <= 8:
                        report(
                            "unknown-recommender",
                            f"not known as a unit, a person or a committee: {recommender.name!r}",
                            unit.first,
                            sentence[:160],
                        )
    return found
