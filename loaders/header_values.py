"""Which text is the value of which header label: what a label of each role accepts, and how values glued
after a block of labels ("Mødested: Deltagere: <place> <people>") are cut among them."""

from __future__ import annotations

import re

from kommunegraf.loaders import people as people_reader
from kommunegraf.loaders.committee_names import committee_like
from kommunegraf.loaders.header_people import none_prefix
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.loaders.wording_rules import PEOPLE_ROLES
from kommunegraf.text import clean, parse_danish_date, parse_time


def accepts(role: str, text: str) -> bool:
    """Whether ``text`` can be the value of a label of ``role``."""
    text = clean(text)
    if not text:
        return False
    if role == "date":
        return parse_danish_date(text) is not None
    if role in ("time", "end_time"):
        return parse_time(text) is not None or text.casefold().rstrip(".") in ("kl", "kl.")
    if role in PEOPLE_ROLES:
        return people_reader.is_none(text) or people_reader.looks_like_people(text)
    if role == "place":
        return parse_danish_date(text) is None and not people_reader.looks_like_people(text) and len(text) < 160
    if role == "committee":
        return committee_like(text) is not None or (len(text.split()) <= 6 and text[:1].isupper())
    return True


def value_is_one(role: str, value: str) -> bool:
    """A label's inline value that is its own (not the glued values of a block of labels before it)."""
    if role in PEOPLE_ROLES:
        _, rejected = people_reader.read_list(value)
        return not rejected and not place_prefix(value)
    return accepts(role, value)


def place_prefix(text: str) -> str | None:
    """The place at the start of glued values: up to and with its last place word ("Byrådssalen, X Rådhus")."""
    words = vocabulary().words("word_list.place")
    best = None
    for match in re.finditer(r"[\w\-/.]+", text):
        if any(w in match[0].casefold() for w in words):
            best = match.end()
        elif best is not None and match[0][:1].isupper() and match.start() > best + 1:
            break
    return text[:best].strip(" ,") if best else None


def take(role: str, text: str, later: list[str]) -> tuple[str, str]:
    """The part of glued values that belongs to a label of ``role``, and the rest."""
    text = clean(text)
    if role == "place":
        place = place_prefix(text)
        return (place, text[len(place) :].strip(" ,")) if place else ("", text)
    if role in PEOPLE_ROLES:
        none, rest = none_prefix(text)
        if none:
            return "", rest
        # the list runs until a word that ends it: "Ingen", or a name listed again (an absent member)
        words = text.split(" ")
        for index in range(1, len(words)):
            if people_reader.is_none(words[index]):
                return " ".join(words[:index]), " ".join(words[index:])
        entries = people_reader.split_top_level(text)
        if entries and later and later[0] in PEOPLE_ROLES:
            last = entries[-1]
            names = [e.split(" (")[0] for e in entries[:-1]]
            for name in names:
                if last.endswith(" " + name) and last != name:
                    head = last[: -len(name)].strip()
                    return ", ".join([*entries[:-1], head]), name
        return text, ""
    return "", text  # a label of any other role (a date, a time) takes no part of glued values
