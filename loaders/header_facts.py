"""What a meeting's header states, each value with the lines that state it and how surely it was read."""

from __future__ import annotations

from dataclasses import dataclass, field

from kommunegraf.loaders.people import PersonEntry
from kommunegraf.records import Employment, Finding, Span
from kommunegraf.text import impossible_time, parse_time


@dataclass
class Stated:
    """A value and the lines that state it; ``rank`` says how it was found (lower is surer)."""

    value: object
    span: Span
    rank: int


@dataclass
class ListedPerson:
    entry: PersonEntry
    span: Span
    role: str  # the label's role: members, participants, absent, substitutes, staff, secretary, or "prose"


@dataclass
class HeaderFacts:
    committee: Stated | None = None
    date: Stated | None = None
    start_time: Stated | None = None
    location: Stated | None = None
    document_type: str | None = None
    people: list[ListedPerson] = field(default_factory=list)
    absent_prose: list[ListedPerson] = field(default_factory=list)  # "Der var afbud fra ...", "X var fraværende"
    attended_prose: list[ListedPerson] = field(default_factory=list)  # "I stedet mødte ...", substitutes
    item_absences: list[tuple[ListedPerson, tuple[int, ...], str]] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)
    meeting_year: int | None = None
    contents_entries: int = 0  # the items a table of contents lists (to tell a document cut short)
    findings: list[Finding] = field(default_factory=list)
    saw_participant_list: bool = False

    def offer(self, name: str, value: object, span: Span, rank: int) -> None:
        """Keep ``value`` for field ``name`` unless a surer one (lower rank) is known."""
        if value is None or value == "":
            return
        current = getattr(self, name)
        if current is None or rank < current.rank:
            setattr(self, name, Stated(value, span, rank))


# ranks: labels first, then one-line headers, then what stands beside the document type, then guesses
LABEL, FORM, BESIDE_TYPE, COMMITTEE_LINE, FIRST_DATE = 0, 1, 2, 3, 4


def offer_time(facts: HeaderFacts, text: str, span: Span, rank: int) -> None:
    """The start time in ``text``; a time no clock shows is reported and left out."""
    impossible = impossible_time(text)
    if impossible is not None:
        facts.findings.append(
            Finding(
                code="impossible-time",
                message=f"start time {impossible!r} is not a time of day; left out",
                line=span.start,
                text=text,
            )
        )
    facts.offer("start_time", parse_time(text), span, rank)
