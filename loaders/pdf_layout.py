"""A page's words laid out: grouped into printed rows (with their text and box), and the empty strip between two
columns found.

A row is what ``pdf_repair`` works on; the strip between two columns (the
gutter) says which of a page's words are read first, the left column's.
"""

from __future__ import annotations

from operator import attrgetter
from typing import NamedTuple

from kommunegraf.loaders.pdf_repair import EDGE_ROWS
from kommunegraf.loaders.pdf_words import Word

MIN_GUTTER = 12.0  # points: the narrowest empty strip taken for the space between two columns


class RowBox(NamedTuple):
    """Where a printed row stands: its words' outer edges, its top and bottom, its first word's size and width."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word_width: float


def group_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed rows, top to bottom, each left to right.

    A word joins the row above when its top is within 0.4 of its font size
    (1 pt at least) of the top of that row's first word.
    """
    rows: list[list[Word]] = []
    row: list[Word] = []
    row_top = 0.0
    for word in sorted(words, key=_TOP_LEFT):
        size = word.size
        if row and abs(word.top - row_top) <= 0.4 * (size if size > 1.0 else 1.0):
            row.append(word)
        else:
            row = [word]
            row_top = word.top
            rows.append(row)
    for row in rows:
        if len(row) > 1:
            row.sort(key=_LEFT)
    return rows


_TOP_LEFT, _LEFT = attrgetter("top", "x0"), attrgetter("x0")


def row_text(row: list[Word]) -> str:
    """The row's words, a tab where a wide gap separates them (a table cell, a contents page number):
    wider than twice the larger font size of the two words."""
    before = row[0]
    if len(row) == 1:
        return before.text
    parts = [before.text]
    for word in row[1:]:
        widest = before.size if before.size > word.size else word.size
        parts.append("\t" if word.x0 - before.x1 > 2.0 * widest else " ")
        parts.append(word.text)
        before = word
    return "".join(parts)


def widest_empty_run(words: list[Word], low: int, high: int) -> tuple[int, int] | None:
    """The longest run of whole points in ``low..high`` that no word covers, as (start, end) offsets from ``low``.

    A word covers the points from ``int(x0)`` to ``int(x1) + 1``. The first of
    equally long runs is taken. Found from the words' spans sorted by start,
    not point by point.
    """
    spans = sorted(
        (start, end) for start, end in ((max(low, int(w.x0)), min(high, int(w.x1) + 1)) for w in words) if start <= end
    )
    best: tuple[int, int] | None = None
    free = low  # the first point not covered by the spans seen so far
    for start, end in spans:
        if start > free and (best is None or start - free > best[1] - best[0]):
            best = (free - low, start - low)
        free = max(free, end + 1)
    if free <= high and (best is None or high + 1 - free > best[1] - best[0]):
        best = (free - low, high + 1 - low)
    return best


def _gutter_band(page_width: float) -> tuple[int, int]:
    """The whole points across the middle of the page where a gutter is looked for."""
    return int(page_width * 0.3), int(page_width * 0.7)


def may_have_columns(rows: list[list[Word]], page_width: float) -> bool:
    """Whether :func:`find_gutter` may find two columns on this page, whichever of its edge rows
    (``pdf_repair.EDGE_ROWS`` at the top and at the bottom) turn out to be running lines and are dropped.

    Checked on the rows between the edge rows: words only ever cover a strip,
    so with more rows the widest empty strip is never wider.
    """
    inner = [w for row in rows[EDGE_ROWS : len(rows) - EDGE_ROWS] for w in row]
    best = widest_empty_run(inner, *_gutter_band(page_width))
    return best is not None and best[1] - best[0] >= MIN_GUTTER


def find_gutter(words: list[Word], page_width: float) -> tuple[float, float] | None:
    """The empty vertical strip between two columns, if the page has two.

    Looked for in the middle of the page; both sides must hold text, and the
    right column's lines must start at one edge (a ragged right margin of
    short lines is not a column).
    """
    if len(words) < 8:
        return None
    low, high = _gutter_band(page_width)
    best = widest_empty_run(words, low, high)
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    left_edge, right_edge = low + best[0], low + best[1]
    right_rows = group_rows([w for w in words if w.x0 >= right_edge])
    if len(right_rows) < 3:
        return None
    left_rows = group_rows([w for w in words if w.x1 <= left_edge])
    if len(left_rows) < 3:
        return None
    starts = [round(row[0].x0) for row in right_rows]
    aligned = max(sum(1 for s in starts if abs(s - start) <= 2) for start in set(starts))
    return (left_edge, right_edge) if aligned >= 0.6 * len(starts) else None


def row_box(row: list[Word]) -> RowBox:
    first = row[0]
    if len(row) == 1:
        return RowBox(first.x0, first.x1, first.top, first.bottom, first.size, first.x1 - first.x0)
    top = min(w.top for w in row)
    bottom = max(w.bottom for w in row)
    return RowBox(first.x0, row[-1].x1, top, bottom, first.size, first.x1 - first.x0)
