"""Repair of æ, ø and å that OCR rendered as other characters.

Scanned Danish documents lose their special letters in recurring ways: æ
becomes "ae", "ee", "z", "ze", "zae" or "eae"; ø becomes "g" or "gi"; å
becomes "a", "d", "8", "&" or "4" ("Beskaeftigelsesplan", "forlgb", "pd",
"8r", "M&l"). ``repair_word`` tries those substitutions and changes a word
only when the Danish word list confirms the repaired form: the original is
not a listed word and the repair is more common, or the original is listed
but the repair is far more common ("pa" is listed, "på" is 1,000 times as
frequent).
"""

from __future__ import annotations

import itertools
import math
import re
from functools import lru_cache

from kommunegraf.loaders.lexicon import Lexicon

# (damaged form, intended letter); longer forms first so "zae" wins over "z".
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("zeae", "æ"), ("zae", "æ"), ("eae", "æ"), ("aee", "æ"), ("eze", "æ"), ("ze", "æ"), ("ae", "æ"),
    ("ee", "æ"), ("z", "æ"), ("e", "æ"),
    ("gi", "ø"), ("g", "ø"),
    ("8", "å"), ("&", "å"), ("4", "å"), ("é", "å"), ("a", "å"), ("d", "å"),
)  # fmt: skip
MAX_SITES = 9  # at most 2**9 candidates per word
MUCH_MORE_COMMON = 1.5  # zipf units: the repair must be ~30 times as frequent as a listed original
_WORD = re.compile(r"[A-Za-zÆØÅæøåéüöä8&4]+")


def _sites(word: str) -> list[tuple[int, int, str]]:
    """Non-overlapping places where a confusion could apply: (start, end, replacement)."""
    sites: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for damaged, letter in CONFUSIONS:
        start = word.find(damaged)
        while start >= 0:
            span = set(range(start, start + len(damaged)))
            if not span & taken:
                sites.append((start, start + len(damaged), letter))
                taken |= span
            start = word.find(damaged, start + 1)
    return sorted(sites)


def _apply(word: str, chosen: list[tuple[int, int, str]]) -> str:
    out, position = [], 0
    for start, end, letter in chosen:
        out.append(word[position:start])
        out.append(letter)
        position = end
    out.append(word[position:])
    return "".join(out)


def _zipf(frequency: float) -> float:
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@lru_cache(maxsize=65536)
def _repair_lower(word: str, lexicon: Lexicon) -> str:
    listed = lexicon.is_listed(word)
    original = _zipf(lexicon.frequency(word))
    sites = _sites(word)[:MAX_SITES]
    best, best_zipf = word, original
    for mask in itertools.product((False, True), repeat=len(sites)):
        if not any(mask):
            continue
        candidate = _apply(word, [site for site, use in zip(sites, mask, strict=True) if use])
        if not candidate.isalpha():
            continue
        score = _zipf(lexicon.frequency(candidate))
        if score > best_zipf:
            best, best_zipf = candidate, score
    if best == word:
        return word
    if listed:
        return best if best_zipf - original >= MUCH_MORE_COMMON else word
    return best


def repair_word(word: str, lexicon: Lexicon | None = None) -> str:
    """Repair one word; case is kept ("Beskaeftigelsesplan" -> "Beskæftigelsesplan")."""
    lexicon = lexicon or Lexicon.danish()
    lower = word.lower()
    repaired = _repair_lower(lower, lexicon)
    if repaired == lower:
        return word
    if word.isupper() and len(word) > 1:
        return repaired.upper()
    if word[:1].isupper():
        return repaired[:1].upper() + repaired[1:]
    return repaired


def repair_text(text: str, lexicon: Lexicon | None = None) -> str:
    """Repair every word of ``text``; everything else is left as it is."""
    lexicon = lexicon or Lexicon.danish()
    return _WORD.sub(lambda m: repair_word(m.group(0), lexicon), text)
