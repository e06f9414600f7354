"""The minutes reader: any municipality's minutes and agendas, whatever system printed them.

Text (from a text file, or extracted from a PDF or HTML page) is prepared by
a profile (``profiles``), its lines classified (``cues``), cut into a header
and items (``outline``), and each part read (``meeting_header``,
``item_reader``). What the document states wins over what the user gave
(``--committee``, ``--date``, ``--municipality`` or a sidecar); a
disagreement is a finding. Nothing is invented: a document whose committee or
date nobody states is refused with an error that says which is missing.

This module drives the reading; how a document is told to be minutes is ``minutes_detection``, the meeting's
committee and date ``meeting_identity``, who attended ``meeting_people``, the checks on the whole
``minutes_checks``.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from kommunegraf.errors import MissingMetadataError, UnsupportedDocumentError
from kommunegraf.loaders.assemble import resolve_municipality, source_info
from kommunegraf.loaders.base import Overrides
from kommunegraf.loaders.cues import classifier
from kommunegraf.loaders.decoding import RawDocument, replaced_lines
from kommunegraf.loaders.header_facts import HeaderFacts
from kommunegraf.loaders.item_context import ItemContext
from kommunegraf.loaders.item_reader import ItemReader
from kommunegraf.loaders.meeting_header import HeaderReader
from kommunegraf.loaders.meeting_identity import (
    committee_from_items,
    date_from_items,
    date_of_own_reference,
    defined_abbreviations,
    find_own_meeting,
    with_overrides,
)
from kommunegraf.loaders.meeting_people import apply_item_absences, attendance
from kommunegraf.loaders.minutes_checks import coverage, settle_document_type, truncation, unassigned_header_text
from kommunegraf.loaders.minutes_detection import ENOUGH_EVIDENCE, detect_minutes
from kommunegraf.loaders.municipality import find_municipality
from kommunegraf.loaders.origins import refused_links
from kommunegraf.loaders.outline import Outline, outline
from kommunegraf.loaders.profiles import Unit, lines_of, profile_units
from kommunegraf.records import Finding, MeetingRecord, MinutesRecord, Span


class MinutesReader:
    """Minutes and agendas of any layout; ``profile`` says what the text went through (see ``profiles``)."""

    def __init__(self, name: str, profile: str, description: str) -> None:
        self.name = name
        self.profile = profile
        self.description = description

    def detect(self, document: RawDocument) -> float:
        profile, evidence = detect_minutes(document)
        if profile != self.profile:
            return 0.0
        if evidence >= ENOUGH_EVIDENCE:
            return 0.9
        return 0.35 if evidence else 0.0

    def load(self, document: RawDocument, overrides: Overrides) -> MinutesRecord:
        units = profile_units(self.profile, enumerate(document.iter_lines(), 1))
        classify_all(units)
        shape = outline(units)
        header = HeaderReader().read(shape.header)
        return assemble(document, self.name, shape, header, units, overrides)


_WORD_CUES = frozenset({"section", "label", "toc_heading", "doc_type"})


def classify_all(units: list[Unit]) -> None:
    """Each unit's cue; a heading word that runs on into a lower-case line ("Forslag" / "til nyt budget", a
    table's column head) is text, not a heading."""
    classify = classifier().classify
    for unit in units:
        unit.cue = classify(unit.text, header=False)  # one-line headers are read by the header's reader
    for unit, following in pairwise(units):
        cue = unit.cue
        if (
            cue is not None
            and cue.kind in _WORD_CUES
            and not cue.value
            and not following.new_block
            and following.text[:1].islower()
        ):
            unit.cue = None


def assemble(
    document: RawDocument,
    layout: str,
    shape: Outline,
    header: HeaderFacts,
    units: list[Unit],
    overrides: Overrides,
) -> MinutesRecord:
    findings: list[Finding] = list(header.findings)
    abbreviations = defined_abbreviations(units)
    committee = header.committee
    date = header.date
    if date is None:
        date = date_of_own_reference(units, header.meeting_year)
    context = ItemContext(
        meeting_date=date.value if date else None,  # type: ignore[arg-type]
        committee=str(committee.value) if committee else None,
        abbreviations=abbreviations,
    )
    items = [ItemReader(item, position, context).read() for position, item in enumerate(shape.items, start=1)]
    # the committee and the date are asked of the text one after the other: one reading for both
    own_meeting = cache(lambda date: find_own_meeting(units, items, date))
    if committee is None:
        committee = committee_from_items(items, own_meeting, context.meeting_date)
    if date is None:
        date = date_from_items(items) or own_meeting(None)[1]
    if not items and committee is None and date is None:
        raise UnsupportedDocumentError(document.path, "no recognisable structure: no header and no agenda items")
    committee_mention, date_value, date_lines = with_overrides(document, committee, date, overrides, findings)
    municipality = resolve_municipality(document, find_municipality(document.text), overrides, findings)
    if municipality is None:
        raise MissingMetadataError(
            document.path, "the document does not state its municipality (--municipality); pass it or add a sidecar"
        )

    participants, absent, memberships, employments = attendance(header, items)
    for item in items:
        findings += [f.model_copy(update={"message": f"item {item.record.number}: {f.message}"}) for f in item.findings]
        memberships += item.memberships
        employments += item.employments
    apply_item_absences(header, items)
    if not items:
        findings.append(Finding(code="no-items", message="no agenda item found (a header or contents only)"))
    elif shape.titled is False:
        findings.append(Finding(code="untitled-items", message="items print no heading: numbered by their position"))
    findings += unassigned_header_text(shape.header)
    findings += refused_links(document)
    findings += [
        Finding(code="bytes-replaced", message="bytes that are not UTF-8 replaced (U+FFFD) on this line", line=line)
        for line in replaced_lines(document.text, document.encoding)
    ]
    truncated = truncation(units)
    if header.contents_entries > len(items):
        findings.append(
            Finding(
                code="truncated",
                message=f"the table of contents lists {header.contents_entries} items, "
                f"the text has {len(items)}: cut short?",
            )
        )
    elif truncated:
        findings.append(truncated)
    spans = [i.record.lines for i in items] + [lines_of(u) for u in shape.header[:1]]
    lines = Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else date_lines
    meeting = MeetingRecord(
        committee=committee_mention,
        date=date_value,
        date_lines=date_lines,
        document_type=settle_document_type(header, items, findings),
        start_time=str(header.start_time.value) if header.start_time else None,
        location=str(header.location.value) if header.location else None,
        participants=participants,
        absent=absent,
        lines=lines,
    )
    return MinutesRecord(
        source=source_info(document, layout),
        municipality=municipality,
        meeting=meeting,
        items=[i.record for i in items],
        memberships=_unique(memberships),
        employments=_unique(employments),
        findings=findings,
        coverage=coverage(shape, findings),
    )


def _unique(records: list) -> list:
    seen, out = set(), []
    for record in records:
        key = record.model_dump_json()
        if key not in seen:
            seen.add(key)
            out.append(record)
    return out
