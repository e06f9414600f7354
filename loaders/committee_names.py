"""Committees as minutes print them: the name without its term or municipality, whether a text names one,
and the abbreviations documents and the wording define."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import clean, nominative

_TERM = re.compile(r"(?:[\s_]+\(?\d{4}\s*-\s*\d{2,4}\)?|\s+\(\d{4}\))$")
_MUNICIPALITY_PREFIX = re.compile(r"^[A-ZÆØÅ][\w\-]+(?:\s+[A-ZÆØÅ][\w\-]+)?\s+Kommunes?\s+(?=[A-ZÆØÅ])")
_ABBREVIATION_SUFFIX = re.compile(r"\s+\((?P<short>[A-ZÆØÅ]{2,6})\)$")


@lru_cache(maxsize=4096)  # committees are named over and over
def committee_name(text: str) -> str:
    """A committee as printed, without its term ("Økonomiudvalget 2018-2021", "Kommunalbestyrelsen_2018-21",
    "... (2018)"), the municipality before it, a genitive s and a defined abbreviation after it; an all-capitals
    name in ordinary case ("ØKONOMIUDVALGET" -> "Økonomiudvalget")."""
    name = clean(text).strip(" .:,;–-")
    name = clean(_TERM.sub("", name))
    name = _ABBREVIATION_SUFFIX.sub("", name)
    name = _MUNICIPALITY_PREFIX.sub("", name)
    if name.isupper() and len(name) > 3:
        name = name[0] + name[1:].lower()
    if name[:1].islower():
        name = name[0].upper() + name[1:]  # "byrådet" in running text is the body "Byrådet"
    return nominative(name)


def defined_abbreviation(text: str) -> tuple[str, str] | None:
    """ "Udvalget for plan, udvikling og kultur (PUK)" -> ("PUK", "Udvalget for plan, udvikling og kultur")."""
    match = _ABBREVIATION_SUFFIX.search(clean(text))
    return (match["short"], committee_name(text[: match.start()])) if match else None


@cache
def _committee_shape() -> re.Pattern[str]:
    vocab = vocabulary()
    endings = "|".join(sorted(vocab.words("word_list.committee-ending"), key=len, reverse=True))
    starts = "|".join(vocab.words("word_list.committee-start"))
    return re.compile(
        rf"^(?:[A-ZÆØÅ][\w\-,.&]*(?:\s+[\w\-,&]+){{0,7}}?\s*)?(?:{endings})s?|^(?:{starts})\s+\S.*$", re.I
    )


@lru_cache(maxsize=4096)
def committee_like(text: str) -> str | None:
    """The committee a short text names, or None: it must end like a committee ("...udvalget", "Byrådet")."""
    name = committee_name(text)
    if not name or len(name) > 90 or not name[0].isupper():
        return None
    return name if _committee_shape().fullmatch(name) else None


@cache
def abbreviations() -> dict[str, str]:
    return {c.rule.short: c.rule.name for c in vocabulary().of("abbreviation")}


def expand_committee(text: str, defined: dict[str, str]) -> str | None:
    """A printed committee, an abbreviation expanded where it is unambiguous; None for one that is not."""
    name = committee_name(text)
    if re.fullmatch(r"[A-ZÆØÅ]{2,6}", name):
        return defined.get(name) or abbreviations().get(name)
    return name or None
