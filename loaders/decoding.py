"""Bytes to text, with the bad-input checks every loader needs.

Minutes arrive as UTF-8, or as Windows-1252/Latin-1 from older systems; both
must decode correctly. Empty, binary and truncated files get a clear error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kommunegraf.errors import LoaderError

_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


@dataclass(frozen=True)
class RawDocument:
    path: str
    sha256: str
    text: str
    encoding: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Raises LoaderError for non-text input."""
    if not data.strip():
        raise LoaderError(path, "empty file: nothing to load")
    sample = data[:65536]
    if b"\x00" in sample or sum(b in _CONTROL for b in sample) > len(sample) * 0.01:
        raise LoaderError(path, "binary file: this is not text (convert PDFs and Office files to text first)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            line = data[: error.start].count(b"\n") + 1
            raise LoaderError(path, "truncated file: it ends in the middle of a UTF-8 character", line) from None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_document(path: str | Path) -> RawDocument:
    """Read and decode one file. Line endings become "\\n"."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise LoaderError(shown, f"cannot read file: {error.strerror or error}") from None
    return document_from_bytes(data, shown)


def document_from_bytes(data: bytes, path: str) -> RawDocument:
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(path=path, sha256=hashlib.sha256(data).hexdigest(), text=text, encoding=encoding)
