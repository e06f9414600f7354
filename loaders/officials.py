"""Officials taking part in an item's treatment ("deltog afsnitsleder X fra Center for Y"), and the unit a
role places a person in ("centerchef for Arbejdsmarked")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kommunegraf.loaders.people import NAME
from kommunegraf.loaders.phrases import holds
from kommunegraf.loaders.vocabulary import vocabulary
from kommunegraf.text import clean


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
