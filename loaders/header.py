"""The header that opens most minutes: "REFERAT <udvalg> d. 09-11-2021", Mødedato, Mødested, Mødedeltagere.

Also the table of contents (Indholdsfortegnelse), whose entry count tells
whether the body was cut short.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kommunegraf.loaders import mentions
from kommunegraf.loaders.lines import Block
from kommunegraf.records import NamedMention, PersonMention, Span
from kommunegraf.text import clean, parse_danish_date

_REFERAT = re.compile(
    r"^(?:REFERAT|Referat|DAGSORDEN|Dagsorden)\s+(?P<committee>.+?)\s+d\.\s*(?P<date>\d{1,2}-\d{1,2}-\d{4})\s*$"
)
_TERM = re.compile(r"\s+\d{4}\s*-\s*\d{4}$")
_FIELD = re.compile(r"^(?P<label>Mødedato|Mødested|Mødedeltagere|Deltagere|Fraværende)\s*:?\s+(?P<value>.+)$")
_TIME = re.compile(r"\bkl\.?\s*(?P<h>\d{1,2})[:.](?P<m>\d\d)\b")
_TOC_ENTRY = re.compile(r"\.{3,}\s*\d+\s*$|\t\d+\s*$")


@dataclass
class Header:
    committee: NamedMention | None = None
    date: dt.date | None = None
    date_lines: Span | None = None
    start_time: str | None = None
    location: str | None = None
    participants: list[PersonMention] = field(default_factory=list)
    toc_entries: int = 0
    span: Span | None = None
    not_understood: list[str] = field(default_factory=list)


def committee_name(text: str) -> str:
    """The committee as named, without the term: "Arbejdsmarkedsudvalget 2022-2025" -> "Arbejdsmarkedsudvalget"."""
    return clean(_TERM.sub("", clean(text)))


def read_header(blocks: list[Block]) -> Header:
    header = Header()
    if blocks:
        header.span = Span(start=blocks[0].first, end=blocks[-1].last)
    for block in blocks:
        text = block.text
        referat = _REFERAT.match(text)
        if referat:
            header.committee = NamedMention(name=committee_name(referat["committee"]), lines=block.span)
            header.date = parse_danish_date(referat["date"])
            header.date_lines = block.span
            continue
        found = _FIELD.match(text)
        if found:
            label, value = found["label"], found["value"]
            if label == "Mødedato":
                header.date = parse_danish_date(value) or header.date
                header.date_lines = block.span
                time = _TIME.search(value)
                if time:
                    header.start_time = f"{int(time['h']):02d}:{time['m']}"
            elif label == "Mødested":
                header.location = clean(value)
            else:
                people, rejected = mentions.read_person_list(value)
                header.participants = [
                    PersonMention(name=p.name, party=p.party, role=p.role, absent=p.absent, lines=block.span)
                    for p in people
                ]
                header.not_understood += [
                    f"line {block.first}: participant {entry!r} not understood" for entry in rejected
                ]
            continue
        toc = sum(1 for line in block.lines if _TOC_ENTRY.search(line.text))
        header.toc_entries += toc
        if not toc and text.casefold() != "indholdsfortegnelse":
            header.not_understood.append(f"line {block.first}: header text not understood: {text[:60]!r}")
    return header


HEADER_LINES = 40  # a REFERAT header starts within the first lines


def looks_like_header(text_lines: Sequence[str]) -> bool:
    return any(_REFERAT.match(clean(line)) for line in text_lines[:HEADER_LINES])
