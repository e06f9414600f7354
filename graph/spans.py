"""Where a fact is stated in one document: its line spans, how the graph keeps them, and how they are written.

Code outside this module adds a span with ``SharedSpans.added``, reads spans
as a collection of (first, last) lines, and writes them with ``format_spans``
or ``format_pages``; only this module knows whether spans are a tuple or a set.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a record's span is read by its attributes: the records (pydantic) stay unimported here
    from kommunegraf.records import Span

LineSpan = tuple[int, int]  # the first and the last line

# Why a tuple or a set: most facts have one span, held as a tuple shared by every fact stated on the same lines
# (a tuple per fact, or a set, would cost each of millions of facts its own object); a fact stated on more than
# SPANS_AS_SET lines of one document keeps a set, which grows in place, since adding to a tuple copies it (quadratic
# in a document that names one thing on thousands of lines).
Spans = tuple[LineSpan, ...] | set[LineSpan]
SPANS_AS_SET = 8
NO_SPANS: Spans = ()


class SharedSpans:
    """Adds spans to a fact's spans, with one shared object for each single span (one per graph)."""

    __slots__ = ("_single",)

    def __init__(self) -> None:
        self._single: dict[LineSpan, tuple[LineSpan]] = {}

    def added(self, spans: Spans, span: Span | LineSpan) -> Spans:
        """``spans`` with ``span`` added: the shared single span if ``spans`` is empty, ``spans`` itself if it
        grew in place or already held ``span``."""
        span = span if type(span) is tuple else (span.start, span.end)
        single = self._single.get(span)
        if single is None:
            single = self._single[span] = (span,)
        if not spans:
            return single
        span = single[0]
        if type(spans) is set:
            spans.add(span)
            return spans
        if span in spans:
            return spans
        return (*spans, span) if len(spans) < SPANS_AS_SET else {*spans, span}


def is_frozen(spans: Spans) -> bool:
    """Whether ``spans`` never changes in place (most are shared by many facts): while the graph holds it, a cache
    may key on its identity."""
    return type(spans) is tuple


def parse_spans(text: str) -> Spans:
    """``format_spans`` read back: "12-40,55" -> the spans (12, 40) and (55, 55)."""
    spans: list[LineSpan] = []
    for part in filter(None, text.split(",")):
        start, _, end = part.partition("-")
        spans.append((int(start), int(end or start)))
    return tuple(spans)


def format_spans(spans: Collection[LineSpan]) -> str:
    """{(12, 40), (55, 55)} -> "12-40,55" (sorted, overlapping spans joined)."""
    if len(spans) == 1:  # most facts: one span
        ((start, end),) = spans
        return str(start) if start == end else f"{start}-{end}"
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in merged)


def format_pages(spans: Collection[LineSpan], page_starts: tuple[int, ...]) -> str:
    """Printed lines -> "page:lines" pieces: lines 38-47 with pages starting at 1 and 41 -> "1:38-40,2:1-7"."""
    pieces: list[str] = []
    merged = format_spans(spans)
    for part in merged.split(","):
        start, _, end = part.partition("-")
        first, last = int(start), int(end or start)
        while first <= last:
            page = bisect_right(page_starts, first)
            page_start = page_starts[page - 1] if page else 1
            page_end = page_starts[page] - 1 if page < len(page_starts) else last
            stop = min(last, page_end)
            a, b = first - page_start + 1, stop - page_start + 1
            pieces.append(f"{max(page, 1)}:{a}" if a == b else f"{max(page, 1)}:{a}-{b}")
            first = stop + 1
    return ",".join(pieces)
