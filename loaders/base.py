"""The loader interface and what callers may supply when a document is silent."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kommunegraf.errors import LoaderError
from kommunegraf.loaders.decoding import RawDocument

if TYPE_CHECKING:  # the records (pydantic) are not imported to read a file's text
    from kommunegraf.records import LoadedRecord

# The layouts (``registry.LAYOUTS`` holds their loaders), for --format and its help.
LAYOUT_DESCRIPTIONS = {
    "minutes": "minutes and agendas as text, PDF, HTML, DOCX or an XML export, of any municipality",
    "minutes-markdown": "minutes converted to Markdown ('# Punkt 65: ...')",
    "minutes-pdf-text": "unrepaired PDF text: list numbers stuck at line ends ('drøftet1.')",
    "minutes-transcript": "a transcription site's pages of a PDF, each page one long line",
    "document": "a standalone document (plan, strategy, policy), possibly OCR-damaged",
}
# Names of earlier versions, still accepted by --format.
ALIASES = {"referat-text": "minutes", "referat-markdown": "minutes-markdown", "pdf-text": "minutes-pdf-text"}


@dataclass(frozen=True)
class Overrides:
    """Facts a document does not state, supplied by the user (CLI options or a sidecar file).

    They fill gaps only: what the document itself states always wins, and a
    disagreement is reported as a warning.
    """

    committee: str | None = None
    date: dt.date | None = None
    municipality: str | None = None  # name ("Ballerup") or kommunekode ("151")

    def merged_with(self, other: Overrides) -> Overrides:
        """``self`` wins where both say something."""
        return replace(
            other,
            **{k: v for k, v in vars(self).items() if v is not None},
        )


SIDECAR_SUFFIX = ".meta.json"


SIDECAR_KEYS = ("committee", "date", "municipality")


def sidecar_overrides(path: str | Path) -> Overrides:
    """Read ``FILE.meta.json`` beside a document, if there is one.

    Example: ``{"committee": "Erhvervs- og Beskæftigelsesudvalget", "date": "2016-11-08",
    "municipality": "151"}``. An unknown key (a misspelt ``comittee``) or a value
    of the wrong kind is an error naming the sidecar file, never ignored.
    """
    sidecar = Path(f"{path}{SIDECAR_SUFFIX}")
    if not sidecar.is_file():
        return Overrides()
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as error:
        raise LoaderError(sidecar, f"bad sidecar file: not JSON: {error}") from None
    if not isinstance(data, dict):
        raise LoaderError(sidecar, f"bad sidecar file: expected an object with the keys {', '.join(SIDECAR_KEYS)}")
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise LoaderError(
            sidecar, f"bad sidecar file: unknown key {unknown[0]!r}; the keys are {', '.join(SIDECAR_KEYS)}"
        )
    committee, date, municipality = (data.get(key) for key in SIDECAR_KEYS)
    if committee is not None and not isinstance(committee, str):
        raise LoaderError(sidecar, "bad sidecar file: 'committee' must be a text")
    if municipality is not None and (isinstance(municipality, bool) or not isinstance(municipality, str | int)):
        raise LoaderError(sidecar, "bad sidecar file: 'municipality' must be a name or a kommunekode")
    try:
        day = dt.date.fromisoformat(date) if date is not None else None
    except (TypeError, ValueError):
        raise LoaderError(sidecar, f"bad sidecar file: 'date' {date!r} is not a date written YYYY-MM-DD") from None
    return Overrides(
        committee=committee or None,
        date=day,
        municipality=str(municipality) if municipality is not None else None,
    )


class Loader(Protocol):
    """One document layout: detection kept apart from parsing."""

    name: str
    description: str

    def detect(self, document: RawDocument) -> float:
        """How sure this loader is that the document has its layout, 0..1."""

    def load(self, document: RawDocument, overrides: Overrides) -> LoadedRecord:
        """Parse the document; raises LoaderError naming the file and line."""
