"""Bytes to text, with the bad-input checks every loader needs.

Minutes arrive as UTF-8, or as Windows-1252/Latin-1 from older systems; both
must decode correctly. Empty, binary and truncated files get a clear error.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from kommunegraf.errors import LoaderError

if TYPE_CHECKING:
    from kommunegraf.loaders.structured.export import Export

# How much text iter_lines splits at once: a normal document in one go, a long one in pieces.
LINES_PIECE = 1 << 20
_BLANK_RUN = re.compile(r"(?:[ \t\r\f\v]*\n)*")  # whole blank lines; [^\n] before each \n: linear
_CONTROL = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13}))


@dataclass(frozen=True)
class Link:
    """A hyperlink in an HTML page: its text and where it points (``refused``: why its target is not kept)."""

    text: str
    href: str
    refused: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """The text a layout loader reads, and how its lines map back to the file.

    For plain text the two are the same. For PDF and HTML the text is
    extracted: ``origins[i]`` gives the file's own lines (first, last) behind
    text line ``i + 1`` (for a PDF the printed lines, counted through the
    pages, which start at ``page_starts``; for HTML the lines of the markup),
    and ``links`` the hyperlinks on each text line. A publishing system's
    export (XML) is rendered to text for the reader; ``export`` keeps its
    fields, which are put over what the reader finds.
    """

    path: str
    sha256: str
    text: str
    encoding: str
    media_type: str = "text/plain"
    origins: tuple[tuple[int, int], ...] | None = None
    source_line_count: int | None = None
    page_starts: tuple[int, ...] | None = None
    links: dict[int, tuple[Link, ...]] = field(default_factory=dict)
    export: Export | None = None  # the fields of a publishing system's export the text was rendered from

    @cached_property
    def line_count(self) -> int:
        return self.text.count("\n") + 1

    def head(self, count: int) -> list[str]:
        """The lines up to the ``count``-th that holds text (what a layout's detector looks at), without splitting
        the rest. Blank lines are among them, so a line's place is its number, but not counted: a document may
        open with pages of nothing, and its first words still decide how it is read."""
        text, end, held = self.text, -1, 0
        blank = _BLANK_RUN
        while held < count:
            end = blank.match(text, end + 1).end() - 1  # past a run of blank lines, to the last line end in it
            end = text.find("\n", end + 1)
            held += 1
            if end < 0:
                return text.split("\n")
        return text[:end].split("\n")

    def iter_lines(self, piece: int | None = None) -> Iterator[str]:
        """The text's lines, as ``text.split("\\n")`` gives them, a piece of the text at a time.

        A loader reads a document line by line and keeps what it found, so a
        file of 50 MB is never held as a million line objects at once.
        """
        text, start, piece = self.text, 0, piece or LINES_PIECE
        while (cut := text.find("\n", start + piece)) >= 0:
            yield from text[start:cut].split("\n")
            start = cut + 1
        yield from text[start:].split("\n")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Raises LoaderError for non-text input."""
    if data.startswith(_UTF16_MARKS):  # Windows' "Unicode" text (Notepad, Word's plain text): no NUL means binary
        return _utf16(data, path), "utf-16"
    if not data.strip():
        raise LoaderError(path, "empty file: nothing to load")
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if b"\x00" in sample or controls > len(sample) * 0.01:
        raise LoaderError(
            path, "binary file: not text, PDF, HTML, DOCX or XML (convert other Office files to PDF or DOCX first)"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            line = data[: error.start].count(b"\n") + 1
            raise LoaderError(path, "truncated file: it ends in the middle of a UTF-8 character", line) from None
    mended = data.decode("utf-8", "replace")
    replaced = mended.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8"))
    if sum(1 for c in mended if c > "\x7f") - replaced >= 2 * replaced:
        # UTF-8 throughout but for a few bytes (a stray byte, a bad copy): read as UTF-8, those bytes replaced
        return mended, "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


REPLACEMENT = "\ufffd"  # what a byte that is not UTF-8 becomes
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16's byte-order mark, little- and big-endian


def _utf16(data: bytes, path: str) -> str:
    """A text that opens with UTF-16's byte-order mark, decoded by it (the mark itself dropped)."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        line = data[: error.start].decode("utf-16", "replace").count("\n") + 1
        raise LoaderError(
            path, f"not UTF-16 throughout, though it opens with UTF-16's byte-order mark: {error.reason}", line
        ) from None
    if not text.strip():
        raise LoaderError(path, "empty file: nothing to load")
    return text


def replaced_lines(text: str, encoding: str) -> list[int]:
    """The lines of a UTF-8 text where bytes that were not UTF-8 were replaced (U+FFFD), first 20."""
    if encoding != "utf-8" or REPLACEMENT not in text:
        return []
    lines, position = [], text.find(REPLACEMENT)
    while position >= 0 and len(lines) < 20:
        line = text.count("\n", 0, position) + 1
        if not lines or lines[-1] != line:
            lines.append(line)
        position = text.find(REPLACEMENT, position + 1)
    return lines


def document_from_bytes(data: bytes, path: str) -> RawDocument:
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(path=path, sha256=hashlib.sha256(data).hexdigest(), text=text, encoding=encoding)
