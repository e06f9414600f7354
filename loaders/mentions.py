"""Readers for the phrases minutes use to state facts, shared by every layout.

Each function takes text that a layout parser has already cut out (a
participant list, an Indstilling paragraph, a Bilag list) and returns what it
states. None of them knows where the text came from; callers add the lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kommunegraf.text import DANISH_MONTHS, clean, parse_danish_date

PARTY_LETTERS = r"[A-ZÆØÅ]{1,2}"
_NAME_WORD = r"[A-ZÆØÅ](?:[\w'’\-]+|\.)"
NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,5}}"
_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class PersonEntry:
    """One person in a participant or Afbud list."""

    name: str
    party: str | None
    role: str | None
    absent: bool


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` outside parentheses: roles contain commas ("centerchef for By, Erhverv og Miljø")."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [clean(p) for p in parts if clean(p)]


def parse_person_entry(entry: str) -> PersonEntry | None:
    """ "Allan Kristensen (C) (2. viceborgmester) (Afbud)" -> name, party C, role, absent."""
    first_paren = entry.find("(")
    name = clean(entry if first_paren < 0 else entry[:first_paren])
    if not re.fullmatch(NAME, name) or " " not in name:
        return None
    party = role = None
    absent = False
    for group in _PARENS.findall(entry):
        group = clean(group)
        if group.casefold() == "afbud":
            absent = True
        elif re.fullmatch(PARTY_LETTERS, group) and party is None:
            party = group
        elif group:
            role = group if role is None else f"{role}, {group}"
    return PersonEntry(name, party, role, absent)


def read_person_list(text: str) -> tuple[list[PersonEntry], list[str]]:
    """A comma-separated list of people as "Mødedeltagere" and "Afbud" lines print it.

    Returns the people and the entries that were not understood as a person.
    """
    people, rejected = [], []
    for entry in split_top_level(text):
        person = parse_person_entry(entry)
        if person is None:
            rejected.append(entry)
        else:
            people.append(person)
    return people, rejected


def parse_person_list(text: str) -> list[PersonEntry]:
    return read_person_list(text)[0]


_MEMBERSHIP = re.compile(rf"(?<![\w-])({NAME}) \(({PARTY_LETTERS})\)")
_LABELS = {"afbud", "mødedeltagere", "deltagere", "fraværende", "borgmester", "formand", "næstformand"}


def party_memberships(text: str) -> list[tuple[str, str]]:
    """Every "First Last (A)" in running text: (name, letter)."""
    if "(" not in text:
        return []
    found = []
    for match in _MEMBERSHIP.finditer(text):
        words = match[1].split()
        while words and words[0].casefold() in _LABELS:
            words.pop(0)
        name = " ".join(words)
        if len(words) > 1:
            found.append((name, match[2]))
    return found


_UNIT_ROLE = re.compile(r"^centerchef for (.+)$", re.IGNORECASE)


def unit_of_role(role: str | None) -> str | None:
    """ "centerchef for Arbejdsmarked" places a person in "Center for Arbejdsmarked"."""
    if not role:
        return None
    match = _UNIT_ROLE.match(role.strip())
    return f"Center for {clean(match[1])}" if match else None


_INDSTILLER = re.compile(r"^(?P<units>.+?)\s+indstiller\b", re.IGNORECASE)
_PLURAL_CENTRES = re.compile(r"^Centrene for (?P<rest>.+)$", re.IGNORECASE)


def recommending_units(text: str) -> list[str]:
    """Units named before "indstiller".

    "Centrene for Arbejdsmarked samt By, Erhverv og Miljø indstiller" names two
    units, "Center for Arbejdsmarked" and "Center for By, Erhverv og Miljø".
    """
    match = _INDSTILLER.match(clean(text))
    if not match:
        return []
    units = match["units"]
    plural = _PLURAL_CENTRES.match(units)
    if plural:
        return [f"Center for {clean(part)}" for part in plural["rest"].split(" samt ") if clean(part)]
    return [clean(part) for part in units.split(" samt ") if clean(part)]


# "deltager afsnitsleder Henrik Rosenkilde samt teamleder Tina V. Christiansen fra Center for X under ..."
_PRESENCE = re.compile(r"\b(?:deltager|deltog|med deltagelse af)\s+", re.IGNORECASE)
_PERSON = re.compile(rf"(?P<role>[a-zæøå][a-zæøå\-]+),?\s+(?P<name>{NAME})")
_ORG_END = re.compile(
    r"(?=\s+(?:og|samt)\s+[a-zæøå][a-zæøå\-]+,?\s+[A-ZÆØÅ])|(?=\s+under\s+behandling)|(?=\.(?:\s|$))|$"
)
_SEPARATOR = re.compile(r"\s*(?:,\s*)?(?:og|samt|,)\s+")


@dataclass(frozen=True)
class PresenterEntry:
    name: str
    role: str
    org: str | None


def presenters(text: str) -> list[PresenterEntry]:
    """People a text says take part in an item's treatment, with role and unit."""
    if "eltag" not in text and "eltog" not in text and "ELT" not in text:  # every phrase has "deltag"/"deltog"
        return []
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
            org_match = re.compile(r",?\s+fra\s+").match(text, position)
            if org_match:
                end = _ORG_END.search(text, org_match.end())
                org = _unit_name(text[org_match.end() : end.start() if end else len(text)])
                position = end.start() if end else len(text)
            group.append((name, person["role"], org))
            separator = _SEPARATOR.match(text, position)
            if not separator:
                break
            position = separator.end()
        # a unit named after the last person applies to those before it that had none
        shared = None
        for name, role, org in reversed(group):
            shared = org or shared
            found.append(PresenterEntry(name, role, org or shared))
    return sorted(set(found), key=lambda p: text.find(p.name))


def _unit_name(text: str) -> str | None:
    """ "Center for Arbejdsmarked, Ungesporet" -> "Center for Arbejdsmarked" (a one-word tail is a team)."""
    text = clean(text).rstrip(".,")
    head, _, tail = text.rpartition(", ")
    if head and len(tail.split()) == 1:
        text = head
    return text or None


_PREVIOUS = re.compile(
    r"^(?P<committee>.+?)\s+den\s+(?P<date>\d{1,2}\.\s*(?:" + "|".join(DANISH_MONTHS) + r")\s+\d{4})"
    r",?\s+punkt\s+(?P<number>\d+)",
    re.IGNORECASE,
)


def previous_treatment(line: str) -> tuple[str, dt.date, int] | None:
    """ "Kommunalbestyrelsen den 11. oktober 2021 Punkt 2" -> (committee, date, number)."""
    match = _PREVIOUS.match(clean(line))
    if not match:
        return None
    date = parse_danish_date(match["date"])
    return (clean(match["committee"]), date, int(match["number"])) if date else None


_ATTACHMENT_COUNT = re.compile(r"^\d+\s+bilag\b|^\d+\s+bilag$|^bilag\s*\(", re.IGNORECASE)
_RECOMMENDED = re.compile(r"^ANBEFALES\b\s*(?:-\s*)?")
_ADDED_AFTER = re.compile(r"\s*(?:-\s*Tilføjet efter\b.*|\(tilknyttet efter mødet\))$", re.IGNORECASE)


@dataclass(frozen=True)
class AttachmentEntry:
    title: str
    recommended: bool
    number: str | None


def attachment(line: str) -> AttachmentEntry | None:
    """One line of a Bilag list; None for count lines such as "2 bilag, heraf 2 anbefales"."""
    text = clean(line)
    if not text or _ATTACHMENT_COUNT.match(text):
        return None
    number = None
    numbered_ = re.match(r"^(?P<number>\d+(?:\.\d+)+)\.?\s+(?=\S)", text)
    if numbered_:
        number = numbered_["number"]
        text = text[numbered_.end() :]
    recommended = bool(_RECOMMENDED.match(text))
    text = _RECOMMENDED.sub("", text)
    text = clean(_ADDED_AFTER.sub("", text))
    return AttachmentEntry(text, recommended, number) if text else None


_OUTCOMES: list[tuple[str, re.Pattern[str]]] = [
    (
        "approved_with_remarks",
        re.compile(r"^indstillingen (?:godkendt|tiltrådt) med (?:denne|følgende) bemærkning"),
    ),
    ("noted", re.compile(r"^(?:taget|tages) til efterretning")),
    (
        "recommended_to_council",
        re.compile(r"^(?:indstilles til godkendelse|anbefales|indstillingen anbefales)"),
    ),
    ("approved", re.compile(r"^(?:indstillingen (?:godkendt|tiltrådt)|tiltrådt|godkendt|godkendes)")),
    (
        "rejected",
        re.compile(r"^(?:afvist|afvises|forkastet|ikke godkendt|indstillingen (?:ikke godkendt|afvist))"),
    ),
    ("postponed", re.compile(r"^(?:udsat|udsættes|undersøges|sagen udsættes|ny sag forelægges)")),
]


def outcome(decision_text: str) -> str:
    """Classify a Beslutning by how it opens (see the gold conventions)."""
    text = clean(decision_text).casefold()
    for name, pattern in _OUTCOMES:
        if pattern.match(text):
            return name
    return "other"
