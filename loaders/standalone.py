"""Standalone documents that are not minutes: a plan, a strategy, a policy.

Often scanned, so the title is repaired for OCR damage before it is used. The Danish words it reads (the date
line's label, a letter's date cell, the item heading that makes a document minutes, the title words that give a
document's kind) are data, in ``wording/documents.toml``.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice

from kommunegraf.errors import UnsupportedDocumentError
from kommunegraf.loaders.assemble import resolve_municipality, source_info
from kommunegraf.loaders.base import LAYOUT_DESCRIPTIONS, Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.lines import Line, numbered
from kommunegraf.loaders.municipality import find_municipality
from kommunegraf.loaders.ocr_repair import repair_text
from kommunegraf.loaders.vocabulary import vocabulary, words_pattern
from kommunegraf.records import DocumentRecord, Finding, Span
from kommunegraf.text import clean, parse_danish_date


def _words(kind: str) -> str:
    """The words of the ``kind`` rules in ``wording/documents.toml`` as alternatives; none match no text."""
    return words_pattern(w for c in vocabulary().of(kind) for w in c.rule.words) or "(?!)"


@cache
def _date_line() -> re.Pattern[str]:
    """ "Dato: 1. december 2020": the label in any case, a colon, the date."""
    return re.compile(rf"^(?:{_words('date_line')})\s*:\s*(?P<date>.+)$", re.IGNORECASE)


@cache
def _letter_date() -> re.Pattern[str]:
    """A letter's date in a cell of its own at the right of its subject ("Den 3. januar 2013")."""
    return re.compile(rf"(?:{_words('letter_date')})\s+(?P<date>\d{{1,2}}\.\s*\w+\s+\d{{4}})")


@cache
def _item_heading() -> re.Pattern[str]:
    """An item heading at a line's start, after a Markdown '#' or '**' ("Punkt 1", "# Punkt 65:"): minutes."""
    # [ \t]*, not \s*: \s crosses line ends, and a run of blank lines would be scanned again from each of them
    return re.compile(rf"^[ \t]*(?:#+[ \t]*)?(?:\*\*)?(?:{_words('item_keyword')})\s+\d+", re.MULTILINE)


@cache
def document_kinds() -> tuple[tuple[str, str], ...]:
    """(stem, kind) in the order they are tried: ("strategi", "strategy"), ("politik", "policy"), ..."""
    return tuple((stem, c.rule.kind) for c in vocabulary().of("document_kind") for stem in c.rule.words)


MAX_TITLE_WORDS = 12


def document_kind(title: str) -> str:
    """ "Beskæftigelsesplan 2021" is a plan: the kind is read from the title's words."""
    words = title.casefold()
    for stem, kind in document_kinds():
        if stem in words:
            return kind
    return "other"


def _letter_heading(line: Line) -> tuple[str, str] | None:
    """A letter's subject and date, where the line is the two as cells."""
    cells = [clean(cell) for cell in line.text.split("\t")]
    found = _letter_date().fullmatch(cells[-1]) if len(cells) > 1 else None
    subject = " ".join(cell for cell in cells[:-1] if cell)
    return (subject, found["date"]) if found and subject else None


OPENING_LINES = 30  # a document's date and title are among its first lines that hold text


def _opening(lines: list[Line]) -> list[Line]:
    return list(islice((line for line in lines if line.text.strip()), OPENING_LINES))


def _dated(lines: list[Line]) -> tuple[Line | None, str | None]:
    """The first date the document states, and the subject line of a letter dated beside it."""
    for line in _opening(lines):
        if found := _date_line().match(clean(line.text)):
            return None, found["date"]
        if heading := _letter_heading(line):
            return Line(line.number, heading[0]), heading[1]
    return None, None


def _title_line(lines: list[Line]) -> Line | None:
    """A letter's subject, else the first short line that is not a date line and does not end a sentence."""
    subject, _ = _dated(lines)
    if subject is not None:
        return subject
    for line in _opening(lines):
        text = clean(line.text)
        if not text or _date_line().match(text):
            continue
        if len(text.split()) <= MAX_TITLE_WORDS and not text.endswith((".", ",", ":")):
            return Line(line.number, text)
    return None


class StandaloneLoader:
    name = "document"
    description = LAYOUT_DESCRIPTIONS["document"]

    def detect(self, document: RawDocument) -> float:
        if _item_heading().search(document.text):
            return 0.0
        lines = list(numbered(document.head(OPENING_LINES)))
        _, date = _dated(lines)
        return 0.6 if date and _title_line(lines) else 0.0

    def load(self, document: RawDocument, overrides: Overrides) -> DocumentRecord:
        lines = list(numbered(document.iter_lines()))
        title_line = _title_line(lines)
        if title_line is None:
            raise UnsupportedDocumentError(
                document.path, f"no title line found in the first {OPENING_LINES} lines that hold text"
            )
        findings: list[Finding] = []
        _, stated = _dated(lines)
        date = parse_danish_date(repair_text(stated)) if stated else None
        if date is None:
            findings.append(Finding(code="no-date", message="the document states no date"))
        title = repair_text(title_line.text)
        if title != title_line.text:
            findings.append(
                Finding(
                    code="ocr-repair",
                    message=f"title repaired for OCR damage: {title_line.text!r} -> {title!r}",
                    line=title_line.number,
                    text=title_line.text,
                )
            )
        municipality = resolve_municipality(document, find_municipality(document.text), overrides, findings)
        return DocumentRecord(
            source=source_info(document, self.name),
            municipality=municipality,
            title=title,
            title_lines=Span(start=title_line.number, end=title_line.number),
            date=date,
            doc_kind=document_kind(title),
            findings=findings,
        )
