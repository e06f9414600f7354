"""Typed records: what loaders emit and the graph layer consumes.

Records hold names as the document prints them (trimmed, NFC, whitespace
collapsed) plus the lines that state them. They carry no ids: resolving
"Erhverv- og Beskæftigelsesudvalgets" to the committee it means, and minting
ids, is the graph layer's job (openstates' scrape-then-import split).

Danish words used in field names and docstrings:

- *Afbud*: apologies for absence.
- *Indstilling*: the administration's recommendation on an agenda item; the
  unit that makes it "indstiller".
- *Beslutningen træffes af* / *Beslutningskompetence*: who decides the item.
- *Tidligere behandling*: where the case was treated before.
- *Bilag*: attachments; "ANBEFALES" marks an attachment as recommended.
- *Lukket*: a closed (non-public) agenda item.
- *Dagsorden*: an agenda (the meeting's items before it is held); *Referat*: minutes.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

Outcome = Literal[
    "noted", "approved", "approved_with_remarks", "recommended_to_council", "rejected", "postponed", "other"
]


class Span(BaseModel):
    """Lines ``start``..``end`` (1-based, inclusive) of the source file."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=1)
    end: int = Field(ge=1)

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: int, info) -> int:
        start = info.data.get("start", end)
        if end < start:
            raise ValueError(f"span ends ({end}) before it starts ({start})")
        return end

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@lru_cache(maxsize=1 << 16)
def span_of(start: int, end: int) -> Span:
    """The span of lines ``start``..``end``, validated once and shared: a span is frozen, and readers make
    the same few thousand of them over and over."""
    return Span(start=start, end=end)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(Record):
    """Something a document states that the reader did not understand (or could not use), with its line.

    ``code`` says what kind (``unknown-heading``, ``unassigned-text``,
    ``unparsed-person``, ``truncated``, ...); ``text`` is the line as printed,
    so a corpus' findings can be ranked (``kommunegraf gaps``).
    """

    code: str
    message: str
    line: int | None = None
    text: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


class Located(Record):
    lines: Span


class PersonMention(Located):
    """A person as printed: "Allan Kristensen (C) (2. viceborgmester) (Afbud)"."""

    name: str
    party: str | None = None
    role: str | None = None
    absent: bool = False


class PartyMembership(Located):
    """ "Name (A)" anywhere in the document."""

    person: str
    letter: str


class Employment(Located):
    """A person placed in an administrative unit ("X fra Center for Y")."""

    person: str
    org: str
    title: str | None = None


class Presenter(Located):
    """A person taking part in an item's treatment ("deltager afsnitsleder X fra Center Y")."""

    name: str
    role: str | None = None
    org: str | None = None


class PreviousTreatment(Located):
    """One "Tidligere behandling" line: committee, date, item number."""

    committee: str
    date: dt.date
    number: int


class AttachmentRecord(Located):
    title: str
    recommended: bool = False
    number: str | None = None
    url: str | None = None  # where an HTML page links the attachment
    file: str | None = None  # the file an export names for it, relative to the export ("Enclosures\\1.pdf")


class DecisionRecord(Located):
    text: str
    outcome: Outcome


class NamedMention(Located):
    name: str


class CaseMention(Located):
    """A journal number as printed under the item heading."""

    number: str


class AgendaItemRecord(Located):
    number: int
    position: int
    title: str | None  # None where the document does not print the item's heading
    closed: bool = False
    case: CaseMention | None = None
    summary: str | None = None
    recommendation: str | None = None
    recommended_by: list[NamedMention] = Field(default_factory=list)
    decided_by: NamedMention | None = None
    decision: DecisionRecord | None = None
    attachments: list[AttachmentRecord] = Field(default_factory=list)
    previous: list[PreviousTreatment] = Field(default_factory=list)
    presenters: list[Presenter] = Field(default_factory=list)
    absent: list[PersonMention] = Field(default_factory=list)


class MeetingRecord(Located):
    committee: NamedMention
    date: dt.date
    date_lines: Span
    document_type: Literal["minutes", "agenda"] = "minutes"  # an agenda (Dagsorden) holds no decisions yet
    start_time: str | None = None
    location: str | None = None
    participants: list[PersonMention] = Field(default_factory=list)
    absent: list[PersonMention] = Field(default_factory=list)


class MunicipalityMention(Located):
    code: str
    name: str


class SourceInfo(Record):
    """The file a record was read from.

    ``line_count`` counts the file's own lines: for HTML the lines of the
    markup, for PDF the printed lines through all pages, which start at
    ``page_starts`` (so line numbers of a PDF give the page, too).
    """

    path: str
    sha256: str
    format: str
    line_count: int
    media_type: str = "text/plain"
    page_starts: list[int] | None = None


class MinutesRecord(Record):
    """Everything one minutes document states."""

    kind: Literal["minutes"] = "minutes"
    source: SourceInfo
    municipality: MunicipalityMention
    meeting: MeetingRecord
    items: list[AgendaItemRecord]
    memberships: list[PartyMembership] = Field(default_factory=list)
    employments: list[Employment] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    coverage: float | None = None  # share of the document's text lines read into a fact or a known section

    @property
    def warnings(self) -> list[str]:
        """The findings as one line of text each."""
        return [str(f) for f in self.findings]


class DocumentRecord(Record):
    """A standalone document that is not minutes (a plan, a strategy)."""

    kind: Literal["document"] = "document"
    source: SourceInfo
    municipality: MunicipalityMention | None = None
    title: str
    title_lines: Span
    date: dt.date | None = None
    doc_kind: str = "other"
    findings: list[Finding] = Field(default_factory=list)
    coverage: float | None = None

    @property
    def warnings(self) -> list[str]:
        return [str(f) for f in self.findings]


LoadedRecord = MinutesRecord | DocumentRecord
LOADED_RECORD: TypeAdapter[LoadedRecord] = TypeAdapter(LoadedRecord)  # reads either kind from JSON


PlainRecord = dict[str, Any]
"""A record in its JSON form: ``record.model_dump(mode="json")``, or its JSON text decoded.

The graph builder reads this form. Records are validated when a loader makes
them (and when read back from the cache); decoding the JSON a worker process
hands over into plain dicts is ten times faster than into models again.
"""


def plain(record: LoadedRecord | PlainRecord) -> PlainRecord:
    """``record`` in its JSON form (a record already in that form is returned as it is)."""
    return record.model_dump(mode="json") if isinstance(record, BaseModel) else record


Spelling = tuple[str, str, str]  # kommunekode, "committee" or "unit", the name as printed


def record_spellings(record: LoadedRecord | PlainRecord) -> list[Spelling]:
    """Every committee and unit name a record prints, for the name resolvers."""
    record = plain(record)
    if record["kind"] != "minutes":
        return []
    code = record["municipality"]["code"]
    committees = [record["meeting"]["committee"]["name"]]
    units: list[str] = []
    for item in record["items"]:
        if item["decided_by"]:
            committees.append(item["decided_by"]["name"])
        committees += [p["committee"] for p in item["previous"]]
        units += [unit["name"] for unit in item["recommended_by"]]
        units += [p["org"] for p in item["presenters"] if p["org"]]
    units += [e["org"] for e in record["employments"]]
    return [(code, "committee", name) for name in committees] + [(code, "unit", name) for name in units]
