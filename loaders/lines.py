"""Lines and blocks with their line numbers, so every fact keeps its provenance.

A block is a run of non-blank lines (a paragraph, a heading, a list entry).
Headings and labels in the minutes stand in blocks of their own, and a
heading that wraps onto a second line is still one block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import count
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the PDF repairs read lines without the records (pydantic): Span is imported where made
    from kommunegraf.records import Span
from kommunegraf.text import clean


class Line(NamedTuple):
    number: int  # 1-based
    text: str


class Block:
    """A run of non-blank lines; made once and only read afterwards (millions are made: a plain slotted class)."""

    __slots__ = ("_span", "first", "last", "lines", "text")

    def __init__(self, lines: tuple[Line, ...]) -> None:
        self.lines = lines
        # every reader needs the text; most blocks are one line
        self.text = clean(lines[0].text if len(lines) == 1 else " ".join([line.text for line in lines]))
        self.first = lines[0].number
        self.last = lines[-1].number
        self._span: Span | None = None

    def __repr__(self) -> str:
        return f"Block(lines {self.first}-{self.last}: {self.text[:40]!r})"

    @property
    def span(self) -> Span:
        if self._span is None:  # made once: a Span is immutable, and blocks are asked for theirs again and again
            from kommunegraf.records import Span

            self._span = Span(start=self.first, end=self.last)
        return self._span


def numbered(text_lines: Iterable[str]) -> Iterator[Line]:
    return map(Line, count(1), text_lines)


def blocks(lines: Iterable[Line]) -> Iterator[Block]:
    """Split lines into blocks at blank lines, one block at a time."""
    current: list[Line] = []
    for line in lines:
        text = line.text
        if text and not text.isspace():
            current.append(line)
        elif current:
            yield Block(tuple(current))
            current = []
    if current:
        yield Block(tuple(current))


def span_of(blocks_: list[Block]) -> Span:
    from kommunegraf.records import Span

    return Span(start=min(b.first for b in blocks_), end=max(b.last for b in blocks_))


def joined(blocks_: list[Block]) -> str:
    return clean(" ".join(b.text for b in blocks_))
