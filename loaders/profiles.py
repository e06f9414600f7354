"""Profiles: what a kind of source did to minutes' lines, undone before the reading.

Every minutes document is read the same way once it is a list of clean
lines (``Unit``). A profile only prepares them:

- ``plain``: text as portals and PDF extraction give it. Inline tags a
  transcription left in the text (``<br />``, ``<strong>``), a table's pipes
  (``Dato: |``), bullets (``• Sagsfremstilling``) are removed.
- ``markdown``: Markdown headings and emphasis are stripped first
  ("## **Beslutning**" -> "Beslutning").
- ``pdf-text``: text extracted from a PDF by a tool that did not repair it:
  list numbers stuck at line ends and headings glued to the paragraph before
  are mended (``pdf_repair.mend_lines``).
- ``transcript``: a site that transcribes published PDFs prints each page as
  one long line after its page number ("3 284. Godkendelse af dagsorden
  Dok.nr.: 5726 ... Side 601"); such a line is cut before every label and
  heading the wording knows, so its parts read like the lines they were.

Line numbers stay those of the text the profile was given; a unit made of
several lines (a cut transcript page keeps its one line) knows its first and
last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from kommunegraf.loaders.cues import Cue
from kommunegraf.loaders.lines import Line
from kommunegraf.loaders.pdf_repair import mend_lines
from kommunegraf.loaders.vocabulary import vocabulary, words_pattern
from kommunegraf.records import Span, span_of
from kommunegraf.text import clean


@dataclass(slots=True)
class Unit:
    """One line of the reading: text, where it came from, whether a blank line came before it, its cue."""

    first: int
    last: int
    text: str
    new_block: bool
    cue: Cue | None = None
    used: bool = False  # read into a fact or a known section (for the coverage figure)


def lines_of(*units: Unit) -> Span:
    """The lines ``units`` were read from, first to last."""
    if len(units) == 1:
        return span_of(units[0].first, units[0].last)
    return span_of(min(u.first for u in units), max(u.last for u in units))


_INLINE_TAG = re.compile(r"</?(?:br|strong|b|i|em|u|span|p|div|font)\b[^>]*>", re.I)
_ENTITY = {"&nbsp;": " ", "&amp;": "&", "&quot;": '"', "&lt;": "<", "&gt;": ">"}
_TABLE_RULE = re.compile(r"^[\s|:\-]*\|[\s|:\-]*$")
_TRAILING_PIPE = re.compile(r"\s*\|\s*$")
_BULLET = re.compile(r"^[•·▪◦](?!\s*\d+\s*$)\s*")  # "• Sagsfremstilling"; "• 1" numbers an item


def clean_line(text: str) -> str:
    """One line without transcription tags, table pipes, bullets, and with whitespace collapsed."""
    if "<" in text:
        text = _INLINE_TAG.sub(" ", text)
    if "&" in text:
        for entity, char in _ENTITY.items():
            text = text.replace(entity, char)
    if "|" in text:
        if _TABLE_RULE.match(text):
            return ""
        text = _TRAILING_PIPE.sub("", text)
    text = clean(text)
    if text[:1] in "•·▪◦":
        text = _BULLET.sub("", text)
    return text


def units_of(lines: Iterable[tuple[int, str]]) -> list[Unit]:
    """Non-blank lines (number, text) as units, each knowing whether a blank line came before it."""
    units: list[Unit] = []
    blank = True
    for number, text in lines:
        if text:
            text = clean_line(text)
        if not text:
            blank = True
            continue
        units.append(Unit(number, number, text, blank))
        blank = False
    return units


# -- Markdown -----------------------------------------------------------------------

_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.*?)\1")


def strip_markdown(text: str) -> str:
    """ "## **Punkt 69: Lukket: Tjeklister**" -> "Punkt 69: Lukket: Tjeklister"."""
    if "#" not in text and "*" not in text and "_" not in text:
        return text.rstrip()
    text = _HEADING_MARK.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    return text.replace("**", "").rstrip()


# -- transcripts --------------------------------------------------------------------

_PAGE_PREFIX = re.compile(r"^(?P<page>\d{1,3})\s+(?P<rest>\S.{10,})$")
TRANSCRIPT_LINE = 200  # a line this long after a transcript marker is a whole page


@cache
def _cut_points() -> re.Pattern[str]:
    """Where a transcribed page is cut: before each label, section heading and page footer."""
    vocab = vocabulary()
    label_words = [w for c in vocab.of("label") for w in c.rule.words]
    section_words = [w for c in vocab.of("section") for w in c.rule.words if w[:1].isupper()]
    toc_words = [w for c in vocab.of("toc_heading") for w in c.rule.words if len(w) > 6]
    labels = words_pattern(label_words)
    sections = words_pattern(section_words + toc_words)
    return re.compile(
        rf"(?<=\S)\s+(?=(?:{labels})\s*(?::|$)|(?:{labels})\s+[A-ZÆØÅ\d]|(?:{sections})\b|Side\s+\d+\b|Åben sag\b)"
    )


def cut_transcript_page(text: str) -> list[str]:
    """A transcribed page's one line, cut into the lines it was printed as (as far as the wording knows)."""
    return [part for part in (clean(p) for p in _cut_points().split(text)) if part]


def transcript_units(units: Iterable[Unit]) -> Iterator[Unit]:
    """After a transcript marker, each long page line is cut into units (its page number dropped)."""
    marker_seen = False
    page_number = 1  # the site numbers the pages it prints: "1 ...", "2 ...", ...
    viewer = _viewer()
    for unit in units:
        if not marker_seen and viewer.fullmatch(unit.text):
            marker_seen = True
        page = _PAGE_PREFIX.match(unit.text) if marker_seen else None
        if page and int(page["page"]) == page_number:
            page_number += 1
            for index, part in enumerate(cut_transcript_page(page["rest"])):
                yield Unit(unit.first, unit.last, part, unit.new_block and index == 0)
            continue
        if marker_seen and len(unit.text) >= TRANSCRIPT_LINE:
            for index, part in enumerate(cut_transcript_page(unit.text)):
                yield Unit(unit.first, unit.last, part, unit.new_block and index == 0)
            continue
        yield unit


def is_transcript(head: list[str]) -> bool:
    """A transcription site's viewer text before long page lines."""
    viewer = _viewer()
    return any(0 < len(text) <= 40 and viewer.fullmatch(clean_line(text)) for text in head)


@cache
def _viewer() -> re.Pattern[str]:
    """The viewer text of a transcription site ("Transkript", "Show more", "1 views")."""
    viewer = vocabulary().by_id("furniture.transcript-viewer").regex
    assert viewer is not None
    return viewer


# -- the profiles -----------------------------------------------------------------

PROFILES = ("plain", "markdown", "pdf-text", "transcript")


def profile_units(profile: str, lines: Iterable[tuple[int, str]]) -> list[Unit]:
    """The units a profile makes of a document's lines (number, text)."""
    if profile == "markdown":
        return units_of((number, strip_markdown(text)) for number, text in lines)
    if profile == "pdf-text":
        return units_of(mend_lines([Line(number, text) for number, text in lines]))
    if profile == "transcript":
        return list(transcript_units(units_of(lines)))
    if profile == "plain":
        return units_of(lines)
    raise ValueError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
