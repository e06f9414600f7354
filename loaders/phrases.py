"""Readers for the phrases minutes state facts in, shared by every layout.

Each function takes text the outline has already placed (an item's decision,
a Bilag list's line, a header line) and returns what it states, using the
wording's rules (``vocabulary``). None knows where its text came from;
callers add the lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kommunegraf.loaders.people import NAME, PersonEntry, is_none, read_list
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import clean, nominative, parse_danish_date

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


# -- committees ------------------------------------------------------------------------

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


# -- who recommends ---------------------------------------------------------------------

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
    return _may_hold("recommendation_phrase", text)


def _may_hold(kind: str, text: str) -> bool:
    """Whether some rule of ``kind`` may match ``text``: it holds one of their words."""
    needs = vocabulary().needs(kind)
    return needs is None or needs.search(lowered(text)) is not None


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


# -- earlier treatments ------------------------------------------------------------------


@dataclass(frozen=True)
class Previous:
    committee: str
    date: dt.date
    number: int


def previous_mentions(text: str) -> list[Previous]:
    """Earlier treatments a text states with committee, date and item number."""
    if not _may_hold("previous_form", text):
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


# -- officials taking part ------------------------------------------------------------------


@dataclass(frozen=True)
class PresenterEntry:
    name: str
    role: str | None
    org: str | None
    items: tuple[int, ...] = ()  # the items named ("deltog ... pkt. 13"); none: the item it is printed in


# "deltager afsnitsleder Henrik Rosenkilde samt teamleder Tina V. Christiansen fra Center for X under ..."
_PRESENCE = re.compile(r"\b(?:deltager|deltog|med deltagelse af)\s+", re.IGNORECASE)
_PERSON = re.compile(rf"(?P<role>[a-zæøå][a-zæøå\-]+(?:\s+[a-zæøå][a-zæøå\-]+)?),?\s+(?P<name>{NAME})")
_ORG_END = re.compile(
    r"(?=\s+(?:og|samt)\s+[a-zæøå][a-zæøå\-]+,?\s+[A-ZÆØÅ])|(?=\s+under\s+behandling)|(?=\.(?:\s|$))|$"
)
_SEPARATOR = re.compile(r"\s*(?:,\s*)?(?:og|samt|,)\s+")
_FROM = re.compile(r",?\s+fra\s+")


def presenters(text: str) -> list[PresenterEntry]:
    """People a text says take part in an item's treatment, with role and unit."""
    if "delt" not in text and "vil på mødet" not in text:  # every phrase has "deltager"/"deltog"/"deltagelse"
        return []
    found: list[PresenterEntry] = []
    if "eltag" in text or "eltog" in text:
        found += _presence_lists(text)
    for compiled in vocabulary().of("presenter_phrase"):
        assert compiled.regex is not None
        if not holds(compiled, text):
            continue
        for match in compiled.regex.finditer(text):
            groups = match.groupdict()
            items = tuple(int(n) for n in re.findall(r"\d+", groups.get("items") or ""))
            org = groups.get("org")
            found.append(PresenterEntry(clean(groups["name"]), clean(groups.get("role") or "") or None, org, items))
    unique: dict[str, PresenterEntry] = {}
    for entry in found:
        kept = unique.get(entry.name)
        if kept is None or (entry.org and not kept.org):
            unique[entry.name] = entry
    return sorted(unique.values(), key=lambda p: text.find(p.name))


def _presence_lists(text: str) -> list[PresenterEntry]:
    found: list[PresenterEntry] = []
    for presence in _PRESENCE.finditer(text):
        position = presence.end()
        group: list[tuple[str, str, str | None]] = []
        while True:
            person = _PERSON.match(text, position)
            if not person:
                break
            name = person["name"]
            position = person.end()
            org = None
            org_match = _FROM.match(text, position)
            if org_match:
                end = _ORG_END.search(text, org_match.end())
                org = _unit_name(text[org_match.end() : end.start() if end else len(text)])
                position = end.start() if end else len(text)
            group.append((name, person["role"], org))
            separator = _SEPARATOR.match(text, position)
            if not separator:
                break
            position = separator.end()
        shared = None  # a unit named after the last person applies to those before it that had none
        for name, role, org in reversed(group):
            shared = org or shared
            found.append(PresenterEntry(name, role, org or shared))
    return found


def _unit_name(text: str) -> str | None:
    """ "Center for Arbejdsmarked, Ungesporet" -> "Center for Arbejdsmarked" (a one-word tail is a team)."""
    text = clean(text).rstrip(".,")
    head, _, tail = text.rpartition(", ")
    if head and len(tail.split()) == 1:
        text = head
    return text or None


_UNIT_ROLE = re.compile(r"^(?:centerchef|chef)\s+for\s+(?P<unit>.+)$", re.IGNORECASE)


def unit_of_role(role: str | None) -> str | None:
    """ "centerchef for Arbejdsmarked" places a person in "Center for Arbejdsmarked"; "Chef for X" in "X"."""
    if not role:
        return None
    match = _UNIT_ROLE.match(role.strip())
    if not match:
        return None
    unit = clean(match["unit"])
    return f"Center for {unit}" if role.strip().casefold().startswith("centerchef") else unit
