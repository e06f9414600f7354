"""Small text helpers shared by loaders and the graph: normalisation, Danish dates, slugs."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from functools import lru_cache

DANISH_MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

# Abbreviated months, as portals print them ("13. jan 2021", "23. jun 2020").
MONTH_ABBREVIATIONS = {name[:3]: number for name, number in DANISH_MONTHS.items()} | {"sept": 9}

_SPACE = re.compile(r"\s+")
_MONTH_WORDS = "|".join(sorted([*DANISH_MONTHS, *MONTH_ABBREVIATIONS], key=len, reverse=True))
_LONG_DATE = re.compile(r"(\d{1,2})\.\s*(" + _MONTH_WORDS + r")\.?\s+(\d{4})", re.IGNORECASE)
_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(\d{1,2})([-.])(\d{1,2})\2(\d{4})(?!\d)|(?<![\d/])(\d{1,2})/(\d{1,2})[ -](\d{4})(?!\d)"
)
_TIME = re.compile(r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?::\d{2})?(?![\d])")


def clean(text: str) -> str:
    """The schema's text rule: Unicode NFC, trimmed, inner whitespace collapsed."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def _month(word: str) -> int:
    word = word.lower()
    return DANISH_MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def parse_danish_date(text: str) -> dt.date | None:
    """First date in ``text``: "9. november 2021", "13. jan 2021", "09-11-2021", "03.09.2018" or "2/6 2014"."""
    found: list[tuple[int, dt.date]] = []
    for match in _LONG_DATE.finditer(text):
        try:
            found.append((match.start(), dt.date(int(match[3]), _month(match[2]), int(match[1]))))
        except ValueError:
            continue
    for match in _NUMERIC_DATE.finditer(text):
        day, month, year = (match[1], match[3], match[4]) if match[1] else (match[5], match[6], match[7])
        try:
            found.append((match.start(), dt.date(int(year), int(month), int(day))))
        except ValueError:
            continue
    return min(found)[1] if found else None


def undecodable_escaped(text: str) -> str:
    """``text`` with the bytes of a file name that are not UTF-8 (kept by Python as lone surrogates) written as
    ``\\xff``, so it can be printed and stored in JSON."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def parse_time(text: str) -> str | None:
    """First clock time in ``text`` as "HH:MM": "kl. 15.45" -> "15:45", "18:00:00" -> "18:00", "Kl. 8.00" -> "08:00".

    Dates are skipped ("03.09.2018" holds no time).
    """
    for match in _TIME.finditer(_NUMERIC_DATE.sub(" ", text)):
        hours, minutes = int(match[1]), int(match[2])
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}"
    return None


def impossible_time(text: str) -> str | None:
    """A clock time in ``text`` that no clock shows ("kl. 25:75" -> "25:75"), where ``text`` holds no valid one."""
    if parse_time(text) is not None:
        return None
    match = _TIME.search(_NUMERIC_DATE.sub(" ", text))
    return match[0] if match else None


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@lru_cache(maxsize=1 << 16)  # names repeat in every document that mentions them
def slug(text: str) -> str:
    """The one rule that turns names into IRI path segments.

    NFC and case folding, then æ -> ae, ø -> oe, å -> aa (the Danish
    transliteration), other letters stripped of accents (é -> e, ü -> u), and
    every run of other characters (spaces, punctuation) becomes one "-".
    "Erhvervs- og Beskæftigelsesudvalget" -> "erhvervs-og-beskaeftigelsesudvalget".
    A name with letters no Latin spelling exists for (Greek, Cyrillic) ends in
    a hash of the name, so two such names never share a segment.
    """
    folded = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    spelled = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if _unspelled(folded):  # letters with no Latin spelling (Greek, Cyrillic, "ł"): a hash keeps names apart
        digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:10]
        return f"{spelled}-{digest}" if spelled else digest
    return spelled or "-"


def _unspelled(folded: str) -> bool:
    """Whether ``folded`` holds a letter or digit that NFKD cannot spell in ASCII."""
    return not folded.isascii() and any(
        c.isalnum() and not unicodedata.normalize("NFKD", c).encode("ascii", "ignore") for c in folded
    )


_GENITIVE = re.compile(r"(udvalg|bestyrels|råd|forvaltning)(e[tn])s$", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def nominative(name: str) -> str:
    """A body's name without the genitive s: "Erhverv- og Beskæftigelsesudvalgets" -> "...udvalget"."""
    return _GENITIVE.sub(r"\1\2", clean(name))
