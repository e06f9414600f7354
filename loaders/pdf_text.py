"""Text extracted from PDF minutes without a header (Ballerup 2016 and alike).

What plain PDF extraction did to these minutes (headings that wrap and have
no colon, list numbers at line ends, headings glued to the paragraph before,
blank lines inside paragraphs at page breaks) is mended by
``pdf_repair.mend_lines`` and the block reader.

Such documents have no header: the committee and date are read from the text
where it refers to one of its own items ("punkt 4 "Udskydelse ..." på
dagsordenen den 8. november 2016 til Erhverv- og Beskæftigelsesudvalgets
møde"), or taken from the user's overrides.
"""

from __future__ import annotations

import datetime as dt
import re

from rapidfuzz import fuzz

from kommunegraf.loaders.assemble import assemble_minutes
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.header import HEADER_LINES, looks_like_header
from kommunegraf.loaders.lines import Block, numbered
from kommunegraf.loaders.minutes import ItemFacts, prepare, read_body
from kommunegraf.loaders.municipality import find_municipality
from kommunegraf.loaders.pdf_repair import mend_lines
from kommunegraf.records import MinutesRecord, NamedMention, Span
from kommunegraf.text import DANISH_MONTHS, clean, nominative, parse_danish_date

_ITEM = re.compile(r"^\s*Punkt\s+\d+\s+[A-ZÆØÅ]", re.MULTILINE)
_SELF_REFERENCE = re.compile(
    r"punkt\s+(?P<number>\d+)\s+[\"“”]?(?P<title>[^\"“”]{3,200})[\"“”]?\s+på\s+dagsordenen\s+den\s+"
    r"(?P<date>\d{1,2}\.\s*(?:" + "|".join(DANISH_MONTHS) + r")\s+\d{4})\s+til\s+(?P<committee>.+?)\s+møde\b",
    re.IGNORECASE,
)


def own_meeting(blocks: list[Block], items: list[ItemFacts]) -> tuple[NamedMention, dt.date, Span] | None:
    """The committee and date a document states by referring to one of its own items."""
    titles = {f.record.number: f.record.title for f in items}
    for block in blocks:
        for match in _SELF_REFERENCE.finditer(block.text):
            title = titles.get(int(match["number"]))
            if title and fuzz.ratio(clean(match["title"]).casefold(), title.casefold()) >= 85:
                date = parse_danish_date(match["date"])
                if date:
                    committee = NamedMention(name=nominative(match["committee"]), lines=block.span)
                    return committee, date, block.span
    return None


class PdfTextLoader:
    name = "pdf-text"
    description = "text extracted from PDF minutes: no header, 'Punkt N Title' headings that wrap (Ballerup 2016)"

    def detect(self, document: RawDocument) -> float:
        if looks_like_header(document.head(HEADER_LINES)) or not _ITEM.search(document.text):
            return 0.0
        return 0.8

    def load(self, document: RawDocument, overrides: Overrides) -> MinutesRecord:
        lines = mend_lines(list(numbered(document.iter_lines())))
        blocks = list(prepare(lines))  # kept: the document's own committee and date are looked for in all of them
        _, items = read_body(blocks, require_colon=False)
        found = own_meeting(blocks, items)
        committee, date, date_lines = found if found else (None, None, None)
        warnings = [] if found else ["no header, and the text does not state its own committee and date"]
        return assemble_minutes(
            document,
            self.name,
            find_municipality(lines),
            overrides,
            committee=committee,
            date=date,
            date_lines=date_lines,
            items=items,
            warnings=warnings,
        )
