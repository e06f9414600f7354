"""People as minutes print them: participant lists, Afbud lists, names with party letters and roles.

A list may be comma-separated ("X (A), Y (V) og Z (C)"), one a line, glued
together by a transcription ("X (A)Y (V)"), or printed with user initials
("Henrik Hvidesten (hjhehv) V"). An entry holds a name, maybe a party letter
in parentheses, a role before or after the name ("Formand X (F)", "X (A) -
formand", "X (A), Formand", "X (erhvervschef)"), and markers ("(Afbud)",
"(Orlov)", "(Stedfortræder for Y)", "X ved afbud"). The words are the
wording's (``role_word``, ``person_marker``, ``none_marker``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kommunegraf.loaders.vocabulary import vocabulary, words_pattern
from kommunegraf.text import clean

PARTY_LETTERS = r"[A-ZÆØÅ]{1,2}"
_PARTICLES = r"(?:de|von|van|af|la|le|du|der|da|di)"
# a name's word: an initial or short abbreviation with its dot ("E.", "Kr.", "Chr."), or a word that is not all
# capitals ("SKIVE KOMMUNE" is no name)
_NAME_WORD = r"(?:[A-ZÆØÅÉÜÖÄ][a-zæøå]{0,2}\.|[A-ZÆØÅÉÜÖÄ](?:[a-zæøåéüöäè'’\-][\w'’\-]*)?)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLES}\s+)?{_NAME_WORD}){{1,5}}"
_NAME_ONLY = re.compile(NAME)
_PARENS = re.compile(r"\(([^()]*)\)")
_PARTY = re.compile(PARTY_LETTERS)
_INITIALS_ENTRY = re.compile(
    rf"(?P<name>{NAME})\s*\((?P<initials>[a-zæøå]{{2,8}})\)\s*(?P<party>{PARTY_LETTERS})\b(?P<notes>(?:\s*\([^()]*\))*)"
)
_BULLET = re.compile(r"^[•·▪*\-–]\s*")
_ROLE_AFTER_DASH = re.compile(r"\s+[-–]\s+(?P<role>[\w. ]+)$")


@dataclass(frozen=True)
class PersonEntry:
    """One person in a participant, Afbud or substitute list."""

    name: str
    party: str | None = None
    role: str | None = None
    absent: bool = False
    substitute_for: str | None = None


@dataclass(frozen=True)
class _Wording:
    role_at_start: re.Pattern[str]
    role_word: re.Pattern[str]
    glued_role: re.Pattern[str]
    markers: tuple[tuple[re.Pattern[str], str], ...]
    none: re.Pattern[str]
    label_words: frozenset[str]  # one-word header labels ("Afbud", "Mødedeltagere"), lower case


@cache
def _wording() -> _Wording:
    vocab = vocabulary()
    roles = words_pattern(w for rule in vocab.of("role_word") for w in rule.rule.words)
    nones = words_pattern(w for rule in vocab.of("none_marker") for w in rule.rule.words)
    markers = tuple((c.regex, c.rule.effect) for c in vocab.of("person_marker") if c.regex is not None)
    return _Wording(
        role_at_start=re.compile(rf"^(?P<role>{roles})\s+(?=[A-ZÆØÅ])", re.I),
        role_word=re.compile(rf"^(?:{roles})$", re.I),
        glued_role=re.compile(rf"(?P<role>{roles})(?=[A-ZÆØÅ][a-zæøå])"),
        markers=markers,
        none=re.compile(rf"^(?:{nones})\.?$", re.I),
        label_words=frozenset(w.casefold() for c in vocab.of("label") for w in c.rule.words if " " not in w),
    )


def is_none(text: str) -> bool:
    """ "Ingen": a list printed empty."""
    return bool(_wording().none.match(clean(text)))


def is_role_word(text: str) -> bool:
    return bool(_wording().role_word.match(clean(text)))


def strip_parentheses(text: str) -> str:
    """``text`` without what stands in parentheses (roles hold commas)."""
    return _PARENS.sub("", text)


_COMMA = re.compile(",")


def split_top_level(text: str, separator: re.Pattern[str] = _COMMA) -> list[str]:
    """Split on ``separator`` outside parentheses: roles hold commas ("centerchef for By, Erhverv og Miljø")."""
    if "(" not in text:
        return [clean(p) for p in separator.split(text) if clean(p)]
    parts, start, depth, scanned = [], 0, 0, 0
    for match in separator.finditer(text):
        for char in text[scanned : match.start()]:  # the depth at the separator, counted once through the text
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(0, depth - 1)
        scanned = match.start()
        if depth == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return [clean(p) for p in parts if clean(p)]


def parse_entry(entry: str) -> PersonEntry | None:
    """One entry: "Allan Kristensen (C) (2. viceborgmester) (Afbud)" -> name, party C, role, absent."""
    wording = _wording()
    text = clean(_BULLET.sub("", clean(entry))).strip(" ,;.")
    if not text:
        return None
    absent, substitute_for, no_party = False, None, False
    for regex, effect in wording.markers:
        found = regex.search(text)
        if not found:
            continue
        if effect == "absent":
            absent = True
        elif effect == "substitute":
            substitute_for = clean(found.groupdict().get("for") or "") or None
        elif effect == "no_party":
            no_party = True
        text = clean(text[: found.start()] + " " + text[found.end() :])
    initials = _INITIALS_ENTRY.fullmatch(text)
    if initials:
        return PersonEntry(clean(initials["name"]), initials["party"], None, absent, substitute_for)
    role = None
    at_start = wording.role_at_start.match(text)
    if at_start:
        role, text = at_start["role"], text[at_start.end() :]
    after_dash = _ROLE_AFTER_DASH.search(text)
    if after_dash and is_role_word(after_dash["role"]):
        role, text = after_dash["role"], text[: after_dash.start()]
    first_paren = text.find("(")
    name = clean(text if first_paren < 0 else text[:first_paren]).rstrip(",")
    if not _NAME_ONLY.fullmatch(name):
        return None
    party = None
    for group in _PARENS.findall(text):
        group = clean(group)
        if _PARTY.fullmatch(group) and party is None and not no_party:
            party = group
        elif group:
            role = group if role is None else f"{role}, {group}"
    tail = clean(_PARENS.sub(" ", text[first_paren:])).lstrip(",-– ") if first_paren >= 0 else ""
    if tail:
        if not is_role_word(tail):
            return None
        role = role or tail
    return PersonEntry(name, party, role, absent, substitute_for)


_GLUED_ENTRY = re.compile(r"\)(?=\s*[A-ZÆØÅ][a-zæøå])")
_VED_AFBUD = re.compile(r"(?<=ved afbud)\s+(?=[A-ZÆØÅ\d])", re.I)
_AND = re.compile(r"\s+(?:og|samt|&)\s+(?=[A-ZÆØÅ])")


@lru_cache(maxsize=4096)  # a committee's member lists come back meeting after meeting
def read_list(text: str) -> tuple[tuple[PersonEntry, ...], tuple[str, ...]]:
    """A list of people as participant, Afbud and absence statements print it.

    Returns the people and the entries that were not understood as a person.
    """
    people, rejected = _read_list(text)
    return tuple(people), tuple(rejected)


def _read_list(text: str) -> tuple[list[PersonEntry], list[str]]:
    text = clean(text).strip(" .;")
    if not text or is_none(text):
        return [], []
    initials = list(_INITIALS_ENTRY.finditer(text))
    if initials and sum(len(m[0]) for m in initials) >= 0.7 * len(text.replace(",", "")):
        people = []
        for match in initials:
            entry = parse_entry(match[0])
            if entry:
                people.append(entry)
        return people, []
    wording = _wording()
    # "X (A), FormandBjarne Kvist (A)": a transcription dropped the line break after the role, so the
    # role is the previous person's ("X (A), Formand")
    text = wording.glued_role.sub(lambda m: f"{m['role']}, ", text)
    text = _GLUED_ENTRY.sub("), ", text)
    text = _VED_AFBUD.sub(", ", text)
    entries: list[str] = []
    for part in split_top_level(text):
        entries += split_top_level(part, _AND)
    people: list[PersonEntry] = []
    rejected: list[str] = []
    for entry in entries:
        if people and is_role_word(entry) and people[-1].role is None:
            previous = people[-1]  # "X (A), Formand": the role follows the name
            people[-1] = PersonEntry(previous.name, previous.party, entry, previous.absent, previous.substitute_for)
            continue
        person = parse_entry(entry)
        if person is None:
            rejected.append(entry)
        else:
            people.append(person)
    return people, rejected


def looks_like_people(text: str) -> bool:
    """Most of ``text`` reads as a list of people (a value that may continue a participant list)."""
    people, rejected = read_list(text)
    return bool(people) and len(rejected) <= len(people) // 3


_MEMBERSHIP = re.compile(rf"(?<![\w-])({NAME})(?:,\s+[a-zæøå][\w\- ]{{2,40}})?\s?\(({PARTY_LETTERS})\)")


def party_memberships(text: str) -> list[tuple[str, str]]:
    """Every "First Last (A)" (or "First Last, byrådsmedlem (M)") in running text: (name, letter)."""
    if "(" not in text:
        return []
    found = []
    for match in _MEMBERSHIP.finditer(text):
        words = match[1].split()
        label_words = _wording().label_words  # "Afbud Jens Hansen (A)": the label is no part of the name
        while words and (words[0].casefold() in label_words or is_role_word(words[0])):
            words.pop(0)
        if len(words) > 1:
            found.append((" ".join(words), match[2]))
    return found
