"""One exception hierarchy for the whole project.

Library code raises these; the CLI turns them into one-line messages and exit
codes. Loader errors always name the file, and the line where one applies.
"""

from __future__ import annotations

from pathlib import Path


class KommunegrafError(Exception):
    """Base class of every error the library raises on purpose."""


class LoaderError(KommunegrafError):
    """A document could not be read; names the file and, where known, the line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class UnsupportedDocumentError(LoaderError):
    """No loader recognises the document's structure."""


class MissingMetadataError(LoaderError):
    """The document does not state something the graph needs (committee, date) and nobody supplied it."""


class OutputError(KommunegrafError):
    """An output file could not be written or read."""
