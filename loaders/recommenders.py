"""Who recommends an item: the units a sentence names as recommending ("Administrationen indstiller",
"INDSTILLING FRA X", "X's indstilling"), and whether a name is a unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kommunegraf.loaders.phrases import MAX_STATEMENT_CHARS, holds, may_hold
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import clean

_GENITIVE_AND = re.compile(r"s(?:,| og) (?=[A-ZÆØÅ])")
_PLURAL_CENTRES = re.compile(r"^Centrene for (?P<rest>.+)$", re.I)
_SMALL_WORDS = frozenset({"for", "og", "i", "af", "til", "med", "på", "om"})


def title_case(text: str) -> str:
    """ "MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ" -> "Magistratsafdelingen for Teknik og Miljø"."""
    words = clean(text).lower().split()
    return " ".join(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _unit_names(raw: str, genitive: bool) -> list[str]:
    raw = clean(raw)
    if raw.isupper():
        raw = title_case(raw)
    plural = _PLURAL_CENTRES.match(raw)
    if plural:
        return [f"Center for {clean(p)}" for p in re.split(r"\s+samt\s+", plural["rest"]) if clean(p)]
    parts = _GENITIVE_AND.split(raw) if genitive else re.split(r"\s+samt\s+", raw)
    names = []
    for part in parts:
        part = clean(part)
        if genitive and part.endswith("s"):
            part = part[:-1]
        names.append(part)
    return names


@dataclass(frozen=True)
class Recommender:
    name: str
    unit: bool  # a unit; else a person, an office or a committee (no RECOMMENDED_BY fact)


@lru_cache(maxsize=4096)  # units recommend item after item
def is_unit(name: str) -> bool:
    return any(c.regex is not None and c.regex.fullmatch(name) for c in vocabulary().of("unit_form"))


@lru_cache(maxsize=4096)
def is_not_unit(name: str) -> bool:
    return any(c.regex is not None and c.regex.fullmatch(name) for c in vocabulary().of("not_unit"))


def may_recommend(text: str) -> bool:
    """Whether ``text`` holds a word some recommendation phrase needs ("indstiller", "foreslår")."""
    return may_hold("recommendation_phrase", text)


def recommenders(sentence: str) -> list[Recommender]:
    """Who a sentence says recommends: "Administrationen indstiller", "INDSTILLING FRA X", "X's indstilling"."""
    if len(sentence) > MAX_STATEMENT_CHARS:
        return []
    found: list[Recommender] = []
    for compiled in vocabulary().of("recommendation_phrase"):
        assert compiled.regex is not None
        if not holds(compiled, sentence):
            continue
        for match in compiled.regex.finditer(sentence):
            for name in _unit_names(match["units"], compiled.rule.genitive):
                found.append(Recommender(name, is_unit(name)))
    return found
