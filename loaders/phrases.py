"""Readers for the phrases minutes state facts in, shared by every layout: sentences, absences, places,
earlier treatments, outcomes, attachments and titles.

Each function takes text the outline has already placed (an item's decision,
a Bilag list's line, a header line) and returns what it states, using the
wording's rules (``vocabulary``). None knows where its text came from;
callers add the lines. Committees are ``committee_names``, who recommends is
``recommenders``, officials taking part are ``officials``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kommunegraf.loaders.committee_names import committee_like
from kommunegraf.loaders.people import PersonEntry, is_none, read_list
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import clean, parse_danish_date

# -- sentences ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9\"“(])")


MAX_STATEMENT_CHARS = 600  # a sentence stating an absence or a recommender is no longer: longer ones are not tried


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(w.rstrip(".").casefold() for w in vocabulary().words("word_list.abbreviations"))


_INITIALS = re.compile(r"[a-zæøå](?:\.[a-zæøå])+")  # "f.eks", "m.v": no sentence ends there


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences; an initial ("Kim E. Jensen") or abbreviation ("Jens Kr. Yde") is no end."""
    parts: list[str] = []
    start = 0
    abbreviations = _abbreviations()
    for match in _SENTENCE_END.finditer(text):
        words = text[start : match.start()].rsplit(None, 1)
        stem = words[-1].rstrip(".!?").casefold() if words else ""
        if len(stem) <= 1 or stem in abbreviations or _INITIALS.fullmatch(stem):
            continue
        parts.append(clean(text[start : match.start()]))
        start = match.end()
    parts.append(clean(text[start:]))
    return [p for p in parts if p]


def item_numbers(text: str) -> tuple[int, ...]:
    """ "nr. 1-13, nr. 17 og nr. 19-35" -> 1..13, 17, 19..35; "14 og 18" -> 14, 18."""
    numbers: list[int] = []
    for match in re.finditer(r"(\d+)\s*(?:-|–|til(?: og med)?)\s*(\d+)|(\d+)", text):
        if match[1]:
            low, high = int(match[1]), int(match[2])
            numbers += range(low, high + 1) if 0 < high - low < 500 else [low, high]
        else:
            numbers.append(int(match[3]))
    return tuple(numbers)


def holds(compiled, text: str) -> bool:
    """Whether ``text`` holds one of the words a rule needs (its ``contains``), so its pattern is worth trying."""
    return compiled.needs is None or compiled.needs.search(lowered(text)) is not None


# A text lower-cased once: the rules of a kind, and the readers one after the other, ask about the same texts.
lowered = lru_cache(maxsize=4096)(str.lower)


def may_hold(kind: str, text: str) -> bool:
    """Whether some rule of ``kind`` may match ``text``: it holds one of their words."""
    needs = vocabulary().needs(kind)
    return needs is None or needs.search(lowered(text)) is not None


# -- absences stated in sentences ---------------------------------------------------------


@dataclass(frozen=True)
class AbsenceStatement:
    """A sentence stating who was absent or attended ("Der var afbud fra ...", "X var indkaldt som
    stedfortræder for Y"), as the wording's ``absence_phrase`` rule reads it."""

    effect: str  # the rule's effect: absent, attended, item_absent, item_absent_others, left_after
    people: tuple[PersonEntry, ...]
    replaced: tuple[PersonEntry, ...]  # whom a substitute stood in for, absent from the meeting
    items: tuple[int, ...]  # the items named ("deltog ikke i behandlingen af punkt 3 og 4")


def absence_statement(sentence: str) -> AbsenceStatement | None:
    """What a sentence states about absences, or None where it states nothing the wording knows."""
    if len(sentence) > MAX_STATEMENT_CHARS:
        return None
    for compiled in vocabulary().of("absence_phrase"):
        assert compiled.regex is not None
        if not holds(compiled, sentence):
            continue
        match = compiled.regex.search(sentence)
        if not match:
            continue
        groups = match.groupdict()
        people, _ = read_list(match["people"])
        replaced = read_list(groups.get("for") or "")[0] if compiled.rule.replaced_absent else ()
        return AbsenceStatement(compiled.rule.effect, people, replaced, item_numbers(groups.get("items") or ""))
    return None


# -- places ------------------------------------------------------------------------------


def names_a_place(text: str) -> bool:
    """Whether ``text`` holds a word of a meeting place ("Mødelokale", "Rådhuset", "Byrådssalen")."""
    lowered = text.casefold()
    return any(word in lowered for word in vocabulary().words("word_list.place"))


# -- earlier treatments ------------------------------------------------------------------


@dataclass(frozen=True)
class Previous:
    committee: str
    date: dt.date
    number: int


def previous_mentions(text: str) -> list[Previous]:
    """Earlier treatments a text states with committee, date and item number."""
    if not may_hold("previous_form", text):
        return []
    found: list[Previous] = []
    text = clean(text)
    for compiled in vocabulary().of("previous_form"):
        assert compiled.regex is not None
        if not holds(compiled, text):
            continue
        for match in compiled.regex.finditer(text):
            date = parse_danish_date(match["date"])
            committee = committee_like(match["committee"])
            if date and committee:
                found.append(Previous(committee, date, int(match["number"])))
    return found


# -- outcomes -----------------------------------------------------------------------------


def outcome_phrase(text: str) -> bool:
    """Whether ``text`` states an outcome ("Taget til efterretning", "Godkendt")."""
    return any(c.regex is not None and c.regex.search(text) for c in vocabulary().of("outcome"))


@lru_cache(maxsize=4096)  # "Godkendt.", "Taget til efterretning.": most decisions are a few words
def outcome(decision_text: str) -> str:
    """The decision's outcome: the earliest decisive reading, else the first other one, else "other"."""
    text = clean(decision_text)
    best: tuple[int, int, str] | None = None
    fallback: tuple[int, int, str] | None = None
    for rank, compiled in enumerate(vocabulary().of("outcome")):
        assert compiled.regex is not None
        match = compiled.regex.search(text)
        if not match:
            continue
        reading = (match.start(), rank, compiled.rule.outcome)
        if compiled.rule.decisive:
            best = min(best, reading) if best else reading
        else:
            fallback = min(fallback, reading) if fallback else reading
    chosen = best or fallback
    return chosen[2] if chosen else "other"


# -- attachments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentEntry:
    title: str
    recommended: bool
    number: str | None


@lru_cache(maxsize=4096)
def attachment(line: str) -> AttachmentEntry | None:
    """One line of a Bilag list, without what is printed around the title; None for a count line."""
    text = clean(line)
    if not text or not re.search(r"[^\W\d_]", text) or is_none(text):
        return None
    recommended, number = False, None
    changed = True
    while changed and text:  # "PDFBilag 1: X": each strip may uncover the next
        changed = False
        for compiled in vocabulary().of("attachment_strip"):
            assert compiled.regex is not None
            match = compiled.regex.search(text)
            if not match:
                continue
            effect = compiled.rule.effect
            if effect == "skip_line":
                return None
            if effect == "recommended":
                recommended = True
            if effect == "number":
                number = match.groupdict().get("number")
            text = clean(text[: match.start()] + text[match.end() :])
            changed = True
    return AttachmentEntry(text, recommended, number) if text else None


def is_keyed_attachment(line: str) -> bool:
    """An attachment line that starts with its number or document number (a list whose entries may wrap)."""
    return bool(re.match(r"^(?:\d+(?:\.\d+)*\.?\s|(?:19|20)\d{2}[-–]\d{4,7}\s+[-–]\s|Bilag\s+\d+)", clean(line)))


# -- titles ----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # an item's title is compared with the lines under it more than once
def item_title(text: str) -> tuple[str | None, bool]:
    """An item's printed title without what surrounds it, and whether it marks the item closed."""
    title, closed = clean(text), False
    for compiled in vocabulary().of("title_strip"):
        assert compiled.regex is not None
        match = compiled.regex.search(title)
        if match:
            closed = closed or compiled.rule.effect == "closed"
            title = clean(title[: match.start()] + title[match.end() :])
    return (title or None), closed
