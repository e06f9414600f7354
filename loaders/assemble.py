"""Put one minutes document's findings together into a validated record.

Adds what no single section states: the municipality, the user's overrides
where the document is silent, facts read from the participant list (party
letters, units in roles), and the checks for a document cut short.
"""

from __future__ import annotations

import datetime as dt

from kommunegraf.errors import MissingMetadataError, UnsupportedDocumentError
from kommunegraf.loaders import mentions
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.decoding import RawDocument
from kommunegraf.loaders.minutes import ItemFacts, inferred_meeting_absence
from kommunegraf.loaders.municipality import Found
from kommunegraf.records import (
    Employment,
    MeetingRecord,
    MinutesRecord,
    MunicipalityMention,
    NamedMention,
    PartyMembership,
    PersonMention,
    SourceInfo,
    Span,
)
from kommunegraf.reference.municipalities import by_code, by_name


def source_info(document: RawDocument, layout: str) -> SourceInfo:
    return SourceInfo(
        path=document.path,
        sha256=document.sha256,
        format=layout,
        line_count=document.source_line_count or document.line_count,
        media_type=document.media_type,
        page_starts=list(document.page_starts) if document.page_starts else None,
    )


def resolve_municipality(
    document: RawDocument, named: Found, overrides: Overrides, warnings: list[str]
) -> MunicipalityMention | None:
    """The municipality the text names (``named``: what ``find_municipality`` found), or the one given."""
    found, notes = named
    warnings += notes
    if overrides.municipality:
        given = by_code(overrides.municipality) or by_name(overrides.municipality)
        if given is None:
            raise MissingMetadataError(document.path, f"unknown municipality {overrides.municipality!r}")
        if found and found.code != given.code:
            warnings.append(f"the text names {found.name}; using {given.name} as given")
        if found is None or found.code != given.code:
            return MunicipalityMention(code=given.code, name=given.name, lines=Span(start=1, end=1))
    return found


def assemble_minutes(
    document: RawDocument,
    layout: str,
    named: Found,
    overrides: Overrides,
    *,
    committee: NamedMention | None,
    date: dt.date | None,
    date_lines: Span | None,
    items: list[ItemFacts],
    start_time: str | None = None,
    location: str | None = None,
    participants: list[PersonMention] | None = None,
    header_span: Span | None = None,
    toc_entries: int = 0,
    warnings: list[str] | None = None,
) -> MinutesRecord:
    warnings = list(warnings or [])
    if not items:
        if committee or date:
            raise UnsupportedDocumentError(
                document.path, "the header is there but no agenda item follows (truncated file?)", document.line_count
            )
        raise UnsupportedDocumentError(document.path, 'no agenda items ("Punkt N") found')
    if toc_entries > len(items):
        warnings.append(f"truncated? the table of contents lists {toc_entries} items, the text has {len(items)}")
    missing = []
    if committee is None and overrides.committee:
        committee = NamedMention(name=overrides.committee, lines=Span(start=1, end=1))
        warnings.append(f"committee not stated in the text; using {overrides.committee!r} as given")
    if date is None and overrides.date:
        date, date_lines = overrides.date, Span(start=1, end=1)
        warnings.append(f"date not stated in the text; using {overrides.date.isoformat()} as given")
    if committee is None:
        missing.append("committee (--committee)")
    if date is None:
        missing.append("date (--date)")
    municipality = resolve_municipality(document, named, overrides, warnings)
    if municipality is None:
        missing.append("municipality (--municipality)")
    if missing:
        raise MissingMetadataError(
            document.path,
            "the document does not state its " + ", ".join(missing) + "; pass it or add a sidecar",
        )
    assert committee is not None and date is not None and date_lines is not None and municipality is not None

    participants = participants or []
    present = [p for p in participants if not p.absent]
    absent = [p for p in participants if p.absent]
    if not participants:
        absent = inferred_meeting_absence([f.record for f in items])
        if absent:
            warnings.append("no participant list: meeting absence read from the items' Afbud lists")
    else:
        warnings += [] if present else ["the participant list names nobody present"]

    memberships: list[PartyMembership] = []
    employments: list[Employment] = []
    for person in participants:
        if person.party:
            memberships.append(PartyMembership(person=person.name, letter=person.party, lines=person.lines))
        unit = mentions.unit_of_role(person.role)
        if unit:
            employments.append(Employment(person=person.name, org=unit, title=person.role, lines=person.lines))
    for facts in items:
        warnings += [f"item {facts.record.number}, {w}" for w in facts.warnings]
        memberships += facts.memberships
        employments += facts.employments
        for person in facts.record.absent:
            if person.party:
                memberships.append(PartyMembership(person=person.name, letter=person.party, lines=person.lines))

    all_spans = [f.record.lines for f in items] + ([header_span] if header_span else [])
    meeting = MeetingRecord(
        committee=committee,
        date=date,
        date_lines=date_lines,
        start_time=start_time,
        location=location,
        participants=present,
        absent=absent,
        lines=Span(start=min(s.start for s in all_spans), end=max(s.end for s in all_spans)),
    )
    return MinutesRecord(
        source=source_info(document, layout),
        municipality=municipality,
        meeting=meeting,
        items=[f.record for f in items],
        memberships=_unique(memberships),
        employments=_unique(employments),
        warnings=warnings,
    )


def _unique(records: list) -> list:
    seen, out = set(), []
    for record in records:
        key = record.model_dump_json()
        if key not in seen:
            seen.add(key)
            out.append(record)
    return out
