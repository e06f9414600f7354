"""Which municipality a document belongs to, read from the text itself.

Counts the ways minutes name their own municipality ("Ballerup Kommune",
"Ballerup Rådhus", "Jobcenter Herlev") for all 98 municipalities and takes the
one named most. Other municipalities a text merely mentions ("kommunerne
Ballerup, Glostrup og Albertslund") are not counted: only these fixed forms are.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice

from kommunegraf.loaders.lines import Line
from kommunegraf.records import MunicipalityMention, Span
from kommunegraf.reference.municipalities import MUNICIPALITIES

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


_BATCH_LINES = 4096  # lines searched at once: one regex pass over their text, not one per line


def _count_names(lines: list[Line], counts: dict[str, int], first_line: dict[str, int]) -> None:
    pattern, owner = _pattern()
    texts = [line.text for line in lines]
    whole = "\n".join(texts)
    index, cursor = 0, 0
    seen: set[int] = set()
    for hint in _HINT.finditer(whole):  # every form names one of these; the big pattern runs on those lines only
        index += whole.count("\n", cursor, hint.start())
        cursor = hint.start()
        if index in seen:
            continue
        seen.add(index)
        for match in pattern.finditer(texts[index]):
            code = owner[match["stem"] or match["jobcenter"] or match["name"]]
            counts[code] = counts.get(code, 0) + 1
            first_line.setdefault(code, lines[index].number)


Found = tuple[MunicipalityMention | None, list[str]]  # the municipality, and warnings about close calls


class MunicipalityTally:
    """Counts the names of municipalities in lines on their way to a reader: one pass over a document."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.first_line: dict[str, int] = {}

    def watch(self, lines: Iterable[Line]) -> Iterator[Line]:
        remaining = iter(lines)
        while batch := list(islice(remaining, _BATCH_LINES)):
            _count_names(batch, self.counts, self.first_line)
            yield from batch

    def found(self) -> Found:
        """The municipality the text names most, and warnings about close calls."""
        if not self.counts:
            return None, []
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        code, best = ranked[0]
        warnings = []
        if len(ranked) > 1 and ranked[1][1] * 2 > best:
            runner_up = next(m for m in MUNICIPALITIES if m.code == ranked[1][0])
            warnings.append(
                f"municipality uncertain: {best} mentions of code {code}, {ranked[1][1]} of {runner_up.name}"
            )
        winner = next(m for m in MUNICIPALITIES if m.code == code)
        line = self.first_line[code]
        return MunicipalityMention(code=winner.code, name=winner.name, lines=Span(start=line, end=line)), warnings


def find_municipality(lines: Iterable[Line]) -> Found:
    """The municipality the text names most, and warnings about close calls."""
    tally = MunicipalityTally()
    deque(tally.watch(lines), maxlen=0)
    return tally.found()
