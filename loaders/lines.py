"""Lines and blocks with their line numbers, so every fact keeps its provenance.

A block is a run of non-blank lines (a paragraph, a heading, a list entry).
Headings and labels in the minutes stand in blocks of their own, and a
heading that wraps onto a second line is still one block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kommunegraf.records import Span
from kommunegraf.text import clean


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]
    text: str = field(init=False)  # the lines joined by single spaces, cleaned (every reader needs it)
    first: int = field(init=False)
    last: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean(" ".join(line.text for line in self.lines)))
        object.__setattr__(self, "first", self.lines[0].number)
        object.__setattr__(self, "last", self.lines[-1].number)

    @property
    def span(self) -> Span:
        return Span(start=self.first, end=self.last)


def numbered(text_lines: list[str]) -> list[Line]:
    return [Line(i, text) for i, text in enumerate(text_lines, start=1)]


def blocks(lines: list[Line]) -> list[Block]:
    """Split lines into blocks at blank lines."""
    out: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            out.append(Block(tuple(current)))
            current = []
    if current:
        out.append(Block(tuple(current)))
    return out


def span_of(blocks_: list[Block]) -> Span:
    return Span(start=min(b.first for b in blocks_), end=max(b.last for b in blocks_))


def joined(blocks_: list[Block]) -> str:
    return clean(" ".join(b.text for b in blocks_))
