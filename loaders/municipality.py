"""Which municipality a document belongs to, read from the text itself.

Counts the ways minutes name their own municipality ("Ballerup Kommune",
"Ballerup Rådhus", "Jobcenter Herlev") for all 98 municipalities and takes the
one named most. Other municipalities a text merely mentions ("kommunerne
Ballerup, Glostrup og Albertslund") are not counted: only these fixed forms are.
"""

from __future__ import annotations

import re
from functools import cache

from kommunegraf.records import MunicipalityMention, Span
from kommunegraf.reference.municipalities import AUTHORITIES, MUNICIPALITIES, REGIONS

_ROLES = r"(?:Kommunes?|Kommunalbestyrelse|Byråd|Rådhus)"
_HINT = re.compile(r"ommune|Jobcenter|Byråd|Rådhus")  # all official names end in "Kommune" or "...kommune"


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for all 98 municipalities (longest names first), and which code each name belongs to."""
    owner: dict[str, str] = {}
    for m in MUNICIPALITIES:
        for form in (*m.stems, m.name):
            owner.setdefault(form, m.code)
    stems = "|".join(re.escape(s) for s in sorted({s for m in MUNICIPALITIES for s in m.stems}, key=len, reverse=True))
    names = "|".join(re.escape(n) for n in sorted({m.name for m in MUNICIPALITIES}, key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:(?P<stem>{stems})\s+{_ROLES}\b|Jobcenter\s+(?P<jobcenter>{stems})\b|(?P<name>{names}))"
    )
    return pattern, owner


_REACH = 40  # characters either side of a hint that hold the name it belongs to (the longest is 24)


def _count_names(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """How often each municipality is named in one of the fixed forms, and the line it is first named on."""
    pattern, owner = _pattern()
    counts: dict[str, int] = {}
    first_line: dict[str, int] = {}
    line, cursor = 1, 0
    matched: set[int] = set()  # where counted names start: two hints near each other see the same name
    for hint in _HINT.finditer(text):  # every form names one of these; the big pattern runs near them only
        line += text.count("\n", cursor, hint.start())
        cursor = hint.start()
        line_start = text.rfind("\n", 0, hint.start()) + 1
        line_end = text.find("\n", hint.end())
        low = max(line_start, hint.start() - _REACH)
        high = min(len(text) if line_end < 0 else line_end, hint.end() + _REACH)
        for match in pattern.finditer(text, low, high):
            if match.start() in matched or not match.start() <= hint.start() < match.end():
                continue
            matched.add(match.start())
            code = owner[match["stem"] or match["jobcenter"] or match["name"]]
            counts[code] = counts.get(code, 0) + 1
            first_line.setdefault(code, line)
    return counts, first_line


Found = tuple[MunicipalityMention | None, list[str]]  # the municipality, and warnings about close calls


_REGION = re.compile(r"\b(?P<name>" + "|".join(re.escape(r.name) for r in REGIONS) + r")s?\b")


def _region(text: str) -> Found:
    """The region a text names first ("Region Hovedstaden", "Region Hovedstadens"), where it names no municipality.

    Municipalities' minutes name regions as partners ("i samarbejde med Region
    Hovedstaden"), so a region is the owner only of a text that names no
    municipality at all.
    """
    found = _REGION.search(text)
    if not found:
        return None, []
    region = next(r for r in REGIONS if r.name == found["name"])
    line = text.count("\n", 0, found.start()) + 1
    return MunicipalityMention(code=region.code, name=region.name, lines=Span(start=line, end=line)), []


def find_municipality(text: str) -> Found:
    """The municipality a document's text names most (else a region it names), and warnings about close calls;
    lines count from 1."""
    counts, first_line = _count_names(text)
    if not counts:
        return _region(text)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    code, best = ranked[0]
    warnings = []
    if len(ranked) > 1 and ranked[1][1] * 2 > best:
        runner_up = next(m for m in AUTHORITIES if m.code == ranked[1][0])
        warnings.append(f"municipality uncertain: {best} mentions of code {code}, {ranked[1][1]} of {runner_up.name}")
    winner = next(m for m in AUTHORITIES if m.code == code)
    line = first_line[code]
    return MunicipalityMention(code=winner.code, name=winner.name, lines=Span(start=line, end=line)), warnings
