"""What PDF text extraction breaks, repaired in one place before any layout loader parses.

A PDF holds positioned words, not paragraphs. Read naively, minutes come out
with

- running headers and footers repeated on every page, and page numbers
  ("Side 3 af 12");
- paragraphs wrapped at the column edge, so one sentence (or one list of
  participants) spans several lines;
- words hyphenated at line ends ("Beskæftigelses-" / "udvalget");
- list numbers moved to the end of their line ("har drøftet1.");
- a heading glued to the paragraph before it ("medarbejdere.Bilag").

The first three are repaired here from the words' positions
(:func:`drop_running_lines`, :func:`join_wrapped`), for every PDF. The last
two are repaired on text (:func:`mend_lines`) by the ``pdf-text`` layout,
whose documents show them even after extraction (seed 003). Headings split
over lines need no repair: the block reader joins a block's lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kommunegraf.loaders.lines import Line


@dataclass(frozen=True)
class PhysicalLine:
    """One printed line of a page (or of a column of a page), with its geometry in PDF points."""

    text: str
    page: int  # 1-based
    column: int  # 0 for the only or left column, 1 for the right one
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size of the line's first word
    first_word_width: float
    right_edge: float  # where the line's column ends: a line reaching it was wrapped
    tabular: bool = False  # a wide gap inside (a table row, a contents entry): never wrapped


@dataclass(frozen=True)
class LogicalLine:
    """A line as the source text had it: wrapped lines joined, with the printed lines it came from."""

    text: str
    first: PhysicalLine
    last: PhysicalLine


_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:side|page|s\.)?\s*#\s*(?:(?:af|of|/|ud af)\s*#)?$", re.IGNORECASE)
_BULLET = re.compile(r"^[-–•▪*]\s")  # a list entry starts a line of its own
_KEEP_SPACE_AFTER_HYPHEN = frozenset({"og", "eller", "samt", "til", "som", "men", "hhv.", "and", "or"})


def running_key(text: str) -> str:
    """A line's text with numbers masked: "Side 3 af 12" and "Side 4 af 12" are the same running line."""
    return _DIGITS.sub("#", " ".join(text.split())).casefold()


def is_page_number(text: str) -> bool:
    """ "3", "Side 3 af 12", "- 3 -", "3/12"."""
    return bool(_PAGE_NUMBER.match(running_key(text).strip("-– ").strip()))


EDGE_ROWS = 2  # rows at the top and at the bottom of a page where a running header or footer may stand


def drop_running_lines(pages: list[list[str]], edge_rows: int = EDGE_ROWS) -> list[set[int]]:
    """Which rows of each page are running headers, footers or page numbers.

    ``pages`` holds each page's rows of text, top to bottom. A row among the
    first or last ``edge_rows`` of its page is dropped when it is a page number,
    or when its text (numbers masked) stands at the edge of at least half of
    the pages (and of two pages at least). Returns the row indexes to drop, per page.
    """

    def edges(rows: list[str]) -> list[int]:
        return sorted(set(range(min(edge_rows, len(rows)))) | set(range(max(0, len(rows) - edge_rows), len(rows))))

    seen: Counter[str] = Counter()
    for rows in pages:
        seen.update({running_key(rows[i]) for i in edges(rows)})
    needed = max(2, (len(pages) + 1) // 2)
    dropped: list[set[int]] = []
    for rows in pages:
        repeated = {i for i in edges(rows) if len(pages) > 1 and seen[running_key(rows[i])] >= needed}
        dropped.append(repeated | {i for i in edges(rows) if is_page_number(rows[i])})
    return dropped


_CONTENTS_ENTRY = re.compile(r"\.{4,}\s*\d+\s*$")  # leader dots and a page number
_SMALL_LETTER = re.compile("[a-zæøåäöüéè]")  # letters that are not capitals (a few; enough to rule most lines out)
_LABEL_START = re.compile(r"^[A-ZÆØÅ][\w.\-/]{0,24}(?: [\w.\-/]{1,24}){0,2}:\s")  # "Udvalg: ", "Bilag 1: "


def starts_own_line(line: PhysicalLine, following: PhysicalLine) -> bool:
    """Lines a typesetter never runs on from the line before: a heading in capitals ("BESLUTNINGSFORSLAG FRA
    DD"), a label ("Udvalg: Magistraten"), a short heading after a sentence ("... 2026." / "Beslutningspunkter"),
    and whatever follows a contents entry ("Godkendelse af dagsorden.......3")."""
    text = following.text.strip()
    if _CONTENTS_ENTRY.search(line.text) or _LABEL_START.match(text):
        return True
    if not _SMALL_LETTER.search(text):  # most lines have one, and then are not in capitals: no need to look further
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return True
    words = text.split()
    return (
        line.text.rstrip().endswith(".")
        and len(words) <= 3
        and text[:1].isupper()
        and not text.endswith((".", ",", ":", ";"))
    )


def was_wrapped(line: PhysicalLine, following: PhysicalLine) -> bool:
    """True when ``following``'s first word would not have fitted at the end of ``line``.

    That is why a typesetter breaks a line; a line that ends short of its
    column edge with room for the next word was broken on purpose. Table rows,
    bulleted list entries and lines that always start a line of their own
    (``starts_own_line``) are never continuations.
    """
    if line.tabular or following.tabular or _BULLET.match(following.text) or starts_own_line(line, following):
        return False
    space = 0.28 * line.size
    return line.x1 + space + following.first_word_width > line.right_edge - 0.5


def _same_flow(a: PhysicalLine, b: PhysicalLine) -> bool:
    return a.page == b.page and a.column == b.column


def _paragraph_gap(a: PhysicalLine, b: PhysicalLine) -> bool:
    """An empty line's worth of space between two lines of one column."""
    return b.top - a.bottom > 0.8 * max(a.size, b.size)


def join_hyphenated(head: str, tail: str) -> str:
    """Join a line ending in a hyphen to the next: "Beskæftigelses-" + "udvalget" -> "Beskæftigelsesudvalget".

    The hyphen stays, with a space, before a conjunction ("Erhvervs- og"), and
    stays without one after a capital or digit ("KL-" + "udspil", "COVID-" + "19").
    """
    first_word = tail.split(" ", 1)[0]
    if first_word.casefold() in _KEEP_SPACE_AFTER_HYPHEN:
        return f"{head} {tail}"
    before = head[-2] if len(head) >= 2 else ""
    if before.islower() and first_word[:1].islower():
        return head[:-1] + tail
    return head + tail


def join_wrapped(lines: Iterable[PhysicalLine]) -> list[LogicalLine | None]:
    """Printed lines in reading order -> the source's lines; ``None`` marks an empty line (a paragraph break).

    Lines are joined where the first was wrapped; an empty line is put where
    the print shows a paragraph gap, and at a page or column break that does
    not split a paragraph. A list number stuck to a line's end starts a new
    line, and a heading glued to a paragraph's end is set apart (see
    :func:`mend_text`).
    """
    out: list[LogicalLine | None] = []
    current: LogicalLine | None = None
    for line in lines:
        text, starts_item, heading = mend_text(line.text)
        if current is not None:
            previous = current.last
            gap = _paragraph_gap(previous, line) if _same_flow(previous, line) else False
            if not gap and not starts_item and was_wrapped(previous, line):
                joined = join_hyphenated(current.text, text) if current.text.endswith("-") else f"{current.text} {text}"
                current = LogicalLine(joined, current.first, line)
            else:
                out.append(current)
                if gap or not _same_flow(previous, line):
                    out.append(None)
                current = LogicalLine(text, line, line)
        else:
            current = LogicalLine(text, line, line)
        if heading:
            out += [current, None]
            current = LogicalLine(heading, line, line)
    if current is not None:
        out.append(current)
    return out


# -- text-level repairs for the pdf-text layout --------------------------------

_STUCK_NUMBER = re.compile(r"^(?P<head>.*[^\d\s\-])(?P<number>\d{1,2})\.$")
_GLUED_HEADING = re.compile(r"^(?P<head>.*\S[.:])(?P<heading>Bilag|Beslutning|Indstilling)$")


def mend_text(text: str) -> tuple[str, bool, str | None]:
    """One line's text mended: (text, whether a list number was moved to its start, a heading split off its end).

    "har drøftet1." -> ("1. har drøftet", True, None);
    "medarbejdere.Bilag" -> ("medarbejdere.", False, "Bilag").
    A number is taken as stuck only when glued to a word: "se bilag 2." is what was written.
    """
    text = text.rstrip()
    if not text.endswith((".", "Bilag", "Beslutning", "Indstilling")):
        return text, False, None
    glued = _GLUED_HEADING.match(text)
    if glued:
        return glued["head"], False, glued["heading"]
    stuck = _STUCK_NUMBER.match(text)
    if stuck:
        return f"{stuck['number']}. {stuck['head'].strip()}", True, None
    return text, False, None


def mend_lines(lines: list[Line]) -> list[Line]:
    """:func:`mend_text` on every line of extracted text; line numbers are kept (the pdf-text layout)."""
    out: list[Line] = []
    for line in lines:
        text, _, heading = mend_text(line.text)
        out.append(Line(line.number, text))
        if heading:
            out += [Line(line.number, ""), Line(line.number, heading)]
    return out
