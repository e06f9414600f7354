"""Small text helpers shared by loaders and the graph: normalisation, Danish dates, slugs."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

DANISH_MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

_SPACE = re.compile(r"\s+")
_LONG_DATE = re.compile(r"(\d{1,2})\.\s*(" + "|".join(DANISH_MONTHS) + r")\s+(\d{4})", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")


def clean(text: str) -> str:
    """The schema's text rule: Unicode NFC, trimmed, inner whitespace collapsed."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def parse_danish_date(text: str) -> dt.date | None:
    """First date in ``text``: "9. november 2021", "09. november 2021" or "09-11-2021"."""
    found: list[tuple[int, dt.date]] = []
    for match in _LONG_DATE.finditer(text):
        day, month, year = int(match[1]), DANISH_MONTHS[match[2].lower()], int(match[3])
        try:
            found.append((match.start(), dt.date(year, month, day)))
        except ValueError:
            continue
    for match in _NUMERIC_DATE.finditer(text):
        try:
            found.append((match.start(), dt.date(int(match[3]), int(match[2]), int(match[1]))))
        except ValueError:
            continue
    return min(found)[1] if found else None


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@lru_cache(maxsize=1 << 16)  # names repeat in every document that mentions them
def slug(text: str) -> str:
    """The one rule that turns names into IRI path segments.

    NFC and case folding, then æ -> ae, ø -> oe, å -> aa (the Danish
    transliteration), other letters stripped of accents (é -> e, ü -> u), and
    every run of other characters (spaces, punctuation) becomes one "-".
    "Erhvervs- og Beskæftigelsesudvalget" -> "erhvervs-og-beskaeftigelsesudvalget".
    """
    folded = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "-"


_GENITIVE = re.compile(r"(udvalg|bestyrels|råd|forvaltning)(e[tn])s$", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def nominative(name: str) -> str:
    """A body's name without the genitive s: "Erhverv- og Beskæftigelsesudvalgets" -> "...udvalget"."""
    return _GENITIVE.sub(r"\1\2", clean(name))
