"""What a PDF may hold before it is read: how far its compressed streams may inflate, and how many pages it may have.

Both are checked before PDFium does the work they bound: the streams before
PDFium inflates them (a decompression bomb), the page count before a page is
opened.
"""

from __future__ import annotations

import re
import zlib

from kommunegraf.errors import LoaderError

MAX_INFLATED = 512 * 2**20  # bytes all of a PDF's Flate streams may inflate to: minutes' text is a few MB
_ZLIB_MOST = 1032  # the most a byte of Deflate data can inflate to
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_STEP = 16 * 2**20  # inflated a piece at a time and let go: the check itself holds no more


def check_inflated(data: bytes, path: str, limit: int = MAX_INFLATED) -> None:
    """Refuse a PDF whose compressed streams inflate past ``limit`` in all (a decompression bomb), before PDFium
    inflates them. Data that is not Deflate (another filter, or none) is passed over: PDFium reads it."""
    if len(data) * _ZLIB_MOST <= limit:
        return  # too small to hold more
    total = 0
    for start in _STREAM_START.finditer(data):
        end = data.find(b"endstream", start.end())
        inflater = zlib.decompressobj()
        pending = data[start.end() : end if end >= 0 else len(data)]
        try:
            while pending and total <= limit:
                total += len(inflater.decompress(pending, _STEP))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue
        if total > limit:
            raise LoaderError(path, f"its compressed streams inflate past {limit >> 20} MB (a decompression bomb)")


MAX_PAGES = 5000  # the longest minutes with their appendices run to hundreds of pages


def check_page_count(count: int, path: str) -> None:
    """Refuse a PDF of more than ``MAX_PAGES`` pages before any of them is read."""
    if count > MAX_PAGES:
        raise LoaderError(path, f"{count} pages, more than minutes have ({MAX_PAGES}): not read")
