"""Which municipality a document belongs to, read from the text itself.

Counts the ways minutes name their own municipality ("Ballerup Kommune",
"Ballerup Rådhus", "Jobcenter Herlev") for all 98 municipalities and takes the
one named most. Other municipalities a text merely mentions ("kommunerne
Ballerup, Glostrup og Albertslund") are not counted: only these fixed forms are.
"""

from __future__ import annotations

import re
from functools import cache

from kommunegraf.loaders.lines import Line
from kommunegraf.records import MunicipalityMention, Span
from kommunegraf.reference.municipalities import MUNICIPALITIES, Municipality


@cache
def _pattern(m: Municipality) -> re.Pattern[str]:
    stems = "|".join(re.escape(s) for s in sorted(m.stems, key=len, reverse=True))
    return re.compile(
        rf"\b(?:(?:{stems})\s+(?:Kommunes?|Kommunalbestyrelse|Byråd|Rådhus)\b|Jobcenter\s+(?:{stems})\b"
        rf"|{re.escape(m.name)})"
    )


def find_municipality(lines: list[Line]) -> tuple[MunicipalityMention | None, list[str]]:
    """The municipality the text names most, and warnings about close calls."""
    counts: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for m in MUNICIPALITIES:
        pattern = _pattern(m)
        for line in lines:
            hits = len(pattern.findall(line.text))
            if hits:
                counts[m.code] = counts.get(m.code, 0) + hits
                first_line.setdefault(m.code, line.number)
    if not counts:
        return None, []
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    code, best = ranked[0]
    warnings = []
    if len(ranked) > 1 and ranked[1][1] * 2 > best:
        runner_up = next(m for m in MUNICIPALITIES if m.code == ranked[1][0])
        warnings.append(f"municipality uncertain: {best} mentions of code {code}, {ranked[1][1]} of {runner_up.name}")
    winner = next(m for m in MUNICIPALITIES if m.code == code)
    line = first_line[code]
    return MunicipalityMention(code=winner.code, name=winner.name, lines=Span(start=line, end=line)), warnings
