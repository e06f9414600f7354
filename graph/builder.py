"""Records to graph: resolve names, mint ids, merge, and keep the provenance.

Records are processed in the order of their sources' sha256, so the graph
does not depend on the order files were given in. A meeting known only from
another document's "Tidligere behandling" is created with status
``referenced``; when its own minutes arrive they mint the same ids, and the
status becomes ``minutes``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable, Iterator

from kommunegraf.graph.identity import DEFAULT_BASE_IRI, IdMinter
from kommunegraf.graph.model import Graph
from kommunegraf.graph.resolve import NameResolver
from kommunegraf.records import (
    AgendaItemRecord,
    DocumentRecord,
    LoadedRecord,
    MinutesRecord,
    MunicipalityMention,
    Span,
)
from kommunegraf.reference.kle import hierarchy, parse_journal_number, title
from kommunegraf.reference.municipalities import by_code
from kommunegraf.reference.parties import party_name
from kommunegraf.text import clean


def org_unit_kind(name: str) -> str:
    lowered = name.casefold()
    if lowered.startswith(("center for", "centret for", "centeret for")):
        return "centre"
    if lowered.startswith("jobcenter"):
        return "jobcenter"
    if "team" in lowered:
        return "team"
    if lowered.startswith(("forvaltning", "afdeling", "direktion", "sekretariat", "stab")):
        return "department"
    return "other"


Spelling = tuple[str, str, str]  # kommunekode, "committee" or "unit", the name as printed


def record_spellings(record: LoadedRecord) -> list[Spelling]:
    """Every committee and unit name a record prints, for the name resolvers."""
    if not isinstance(record, MinutesRecord):
        return []
    code = record.municipality.code
    committees = [record.meeting.committee.name]
    units: list[str] = []
    for item in record.items:
        if item.decided_by:
            committees.append(item.decided_by.name)
        committees += [p.committee for p in item.previous]
        units += [unit.name for unit in item.recommended_by]
        units += [p.org for p in item.presenters if p.org]
    units += [e.org for e in record.employments]
    return [(code, "committee", name) for name in committees] + [(code, "unit", name) for name in units]


class _Names:
    """One resolver per (municipality, kind), fed with every spelling in the whole build."""

    def __init__(self, spellings: Iterable[Spelling]) -> None:
        committees: dict[str, list[str]] = {}
        units: dict[str, list[str]] = {}
        for code, kind, name in spellings:
            (committees if kind == "committee" else units).setdefault(code, []).append(name)
        self._committees = {code: NameResolver(names) for code, names in committees.items()}
        self._units = {code: NameResolver(names) for code, names in units.items()}

    def committee(self, code: str, name: str) -> str:
        resolver = self._committees.get(code)
        return resolver.canonical(name) if resolver else clean(name)

    def unit(self, code: str, name: str) -> str:
        resolver = self._units.get(code)
        return resolver.canonical(name) if resolver else clean(name)


@contextlib.contextmanager
def paused_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector off while the graph grows.

    The merge makes millions of long-lived objects and no cyclic garbage;
    with the collector on, each full collection walks all of them again, so
    its cost grows with the graph (10,000 meetings: 34.8 s with it, 27.2 s
    without).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class GraphBuilder:
    """Merges records into a graph.

    ``records`` are sorted by sha256 here, unless ``spellings`` are given: then
    the caller hands them over already in that order, and they are read only
    once (so they can be decoded one at a time, see ``pipeline``).
    """

    def __init__(
        self,
        records: Iterable[LoadedRecord],
        loaded_at: str,
        base_iri: str = DEFAULT_BASE_IRI,
        spellings: Iterable[Spelling] | None = None,
    ) -> None:
        if spellings is None:
            records = sorted(records, key=lambda r: r.source.sha256)
            spellings = [s for record in records for s in record_spellings(record)]
        self.records = records
        self.loaded_at = loaded_at
        self.ids = IdMinter(base_iri)
        self.graph = Graph()
        self.names = _Names(spellings)
        self._minutes_meetings: dict[str, str | None] = {}  # meeting id -> start time of its minutes

    def build(self) -> Graph:
        with paused_cyclic_gc():
            return self._build()

    def _build(self) -> Graph:
        documents: list[DocumentRecord] = []
        for record in self.records:
            if isinstance(record, MinutesRecord):
                self._minutes(record)
            else:
                documents.append(record)
        for record in documents:  # documents last, so items that mention them exist
            self._document(record)
        return self.graph

    # -- shared pieces -------------------------------------------------

    def _source(self, record: LoadedRecord) -> str:
        info = record.source
        source_id = self.ids.source(info.sha256)
        self.graph.add_node(
            "Source",
            source_id,
            {
                "path": info.path,
                "sha256": info.sha256,
                "format": info.format,
                "media_type": info.media_type,
                "loaded_at": self.loaded_at,
                "pages": len(info.page_starts) if info.page_starts else None,
                "page_starts": ",".join(map(str, info.page_starts)) if info.page_starts else None,
            },
        )
        return source_id

    def _municipality(self, mention: MunicipalityMention, source: str) -> str:
        node_id = self.ids.municipality(mention.code)
        known = by_code(mention.code)
        self.graph.add_node(
            "Municipality",
            node_id,
            {"name": known.name if known else mention.name, "code": mention.code},
            source,
            mention.lines,
        )
        return node_id

    def _committee(self, municipality: str, code: str, name: str, source: str, span: Span) -> str:
        canonical = self.names.committee(code, name)
        node_id = self.ids.committee(municipality, canonical)
        self.graph.add_node("Committee", node_id, {"name": canonical}, source, span)
        self.graph.add_relationship("OF", node_id, municipality, source, span)
        return node_id

    def _unit(self, municipality: str, code: str, name: str, source: str, span: Span) -> str:
        canonical = self.names.unit(code, name)
        node_id = self.ids.org_unit(municipality, canonical)
        self.graph.add_node("OrgUnit", node_id, {"name": canonical, "kind": org_unit_kind(canonical)}, source, span)
        self.graph.add_relationship("OF", node_id, municipality, source, span)
        return node_id

    def _person(self, municipality: str, name: str, source: str, span: Span) -> str:
        node_id = self.ids.person(municipality, name)
        self.graph.add_node("Person", node_id, {"name": clean(name)}, source, span)
        return node_id

    def _meeting(
        self,
        committee: str,
        date: dt.date,
        source: str,
        span: Span,
        status: str,
        start_time: str | None = None,
    ) -> str:
        node_id = self.ids.meeting(committee, date)
        if status == "minutes":
            earlier = self._minutes_meetings.get(node_id, "unseen")
            if earlier != "unseen" and earlier != start_time and start_time is not None:
                node_id = self.ids.meeting(committee, date, start_time)  # a second meeting that day
            self._minutes_meetings.setdefault(node_id, start_time)
        node = self.graph.add_node("Meeting", node_id, {"date": date.isoformat()}, source, span)
        if status == "minutes" or "status" not in node.properties:
            node.properties["status"] = status
        self.graph.add_relationship("HELD_BY", node_id, committee, source, span)
        return node_id

    def _item_node(self, meeting: str, number: int, source: str, span: Span, properties: dict) -> str:
        node_id = self.ids.agenda_item(meeting, number)
        self.graph.add_node("AgendaItem", node_id, {"number": number, **properties}, source, span)
        return node_id

    # -- minutes ---------------------------------------------------------

    def _minutes(self, record: MinutesRecord) -> None:
        g, source = self.graph, self._source(record)
        code = record.municipality.code
        municipality = self._municipality(record.municipality, source)
        meeting_record = record.meeting
        committee = self._committee(
            municipality, code, meeting_record.committee.name, source, meeting_record.committee.lines
        )
        meeting = self._meeting(
            committee, meeting_record.date, source, meeting_record.lines, "minutes", meeting_record.start_time
        )
        g.add_node(
            "Meeting",
            meeting,
            {"start_time": meeting_record.start_time, "location": meeting_record.location},
        )
        for person in meeting_record.participants:
            person_id = self._person(municipality, person.name, source, person.lines)
            g.add_relationship("ATTENDED", person_id, meeting, source, person.lines, {"role": person.role})
        for person in meeting_record.absent:
            person_id = self._person(municipality, person.name, source, person.lines)
            g.add_relationship("ABSENT_FROM", person_id, meeting, source, person.lines)
        for membership in record.memberships:
            person_id = self._person(municipality, membership.person, source, membership.lines)
            party = self.ids.party(membership.letter)
            g.add_node(
                "Party",
                party,
                {"letter": membership.letter, "name": party_name(membership.letter)},
                source,
                membership.lines,
            )
            g.add_relationship("MEMBER_OF", person_id, party, source, membership.lines)
        for employment in record.employments:
            person_id = self._person(municipality, employment.person, source, employment.lines)
            unit = self._unit(municipality, code, employment.org, source, employment.lines)
            g.add_relationship("WORKS_IN", person_id, unit, source, employment.lines, {"title": employment.title})
        for item in record.items:
            self._item(item, meeting, municipality, code, source)

    def _item(self, item: AgendaItemRecord, meeting: str, municipality: str, code: str, source: str) -> None:
        g = self.graph
        item_id = self._item_node(
            meeting,
            item.number,
            source,
            item.lines,
            {
                "title": item.title,
                "closed": item.closed,
                "summary": item.summary,
                "recommendation": item.recommendation,
            },
        )
        g.add_relationship("ON_AGENDA_OF", item_id, meeting, source, item.lines, {"position": item.position})
        if item.case:
            self._case(item_id, item.case.number, municipality, source, item.case.lines)
        if item.decision:
            decision = self.ids.decision(item_id)
            g.add_node(
                "Decision",
                decision,
                {"text": item.decision.text, "outcome": item.decision.outcome},
                source,
                item.decision.lines,
            )
            g.add_relationship("HAS_DECISION", item_id, decision, source, item.decision.lines)
        if item.decided_by:
            committee = self._committee(municipality, code, item.decided_by.name, source, item.decided_by.lines)
            g.add_relationship("DECIDED_BY", item_id, committee, source, item.decided_by.lines)
        for unit in item.recommended_by:
            unit_id = self._unit(municipality, code, unit.name, source, unit.lines)
            g.add_relationship("RECOMMENDED_BY", item_id, unit_id, source, unit.lines)
        for attachment in item.attachments:
            attachment_id = self.ids.attachment(item_id, attachment.title)
            g.add_node(
                "Attachment",
                attachment_id,
                {
                    "title": attachment.title,
                    "recommended": attachment.recommended,
                    "number": attachment.number,
                    "url": attachment.url,
                },
                source,
                attachment.lines,
            )
            g.add_relationship("HAS_ATTACHMENT", item_id, attachment_id, source, attachment.lines)
        for presenter in item.presenters:
            person_id = self._person(municipality, presenter.name, source, presenter.lines)
            g.add_relationship("PRESENTED", person_id, item_id, source, presenter.lines, {"role": presenter.role})
        for person in item.absent:
            person_id = self._person(municipality, person.name, source, person.lines)
            g.add_relationship("ABSENT_FROM", person_id, item_id, source, person.lines)
        for previous in item.previous:
            committee = self._committee(municipality, code, previous.committee, source, previous.lines)
            earlier_meeting = self._meeting(committee, previous.date, source, previous.lines, "referenced")
            earlier_item = self._item_node(earlier_meeting, previous.number, source, previous.lines, {})
            g.add_relationship("ON_AGENDA_OF", earlier_item, earlier_meeting, source, previous.lines)
            g.add_relationship("PREVIOUSLY_TREATED_AS", item_id, earlier_item, source, previous.lines)

    def _case(self, item_id: str, printed: str, municipality: str, source: str, span: Span) -> None:
        g = self.graph
        number = parse_journal_number(printed)
        if number is None:
            return
        case = self.ids.case(municipality, number.normalized)
        g.add_node(
            "Case",
            case,
            {
                "number": number.normalized,
                "kle": number.kle,
                "facet": number.facet,
                "serial": number.serial,
                "year": number.year,
            },
            source,
            span,
        )
        g.add_relationship("CONCERNS", item_id, case, source, span)
        narrower = None
        for code in hierarchy(number.kle):
            topic = self.ids.kle_topic(code.code)
            g.add_node(
                "KLETopic",
                topic,
                {"code": code.code, "level": code.level, "title": title(code)},
                source,
                span,
            )
            if narrower is None:
                g.add_relationship("CLASSIFIED_AS", case, topic, source, span)
            else:
                g.add_relationship("BROADER", narrower, topic, source, span)
            narrower = topic

    # -- standalone documents ---------------------------------------------

    def _document(self, record: DocumentRecord) -> None:
        g, source = self.graph, self._source(record)
        document = self.ids.document(record.source.sha256)
        g.add_node(
            "Document",
            document,
            {
                "title": record.title,
                "date": record.date.isoformat() if record.date else None,
                "kind": record.doc_kind,
            },
            source,
            record.title_lines,
        )
        if record.municipality is None:
            return
        municipality = self._municipality(record.municipality, source)
        wanted = record.title.casefold()
        for item in list(g.of_label("AgendaItem")):
            if not item.id.startswith(municipality + "/"):
                continue
            text = " ".join(str(item.properties.get(k) or "") for k in ("title", "summary")).casefold()
            if wanted in text:
                for item_source, spans in item.provenance.items():
                    for span in spans:
                        g.add_relationship("MENTIONS", item.id, document, item_source, span)


def build_graph(
    records: Iterable[LoadedRecord],
    loaded_at: str,
    base_iri: str = DEFAULT_BASE_IRI,
    spellings: Iterable[Spelling] | None = None,
) -> Graph:
    """Merge loader records into one graph; ``loaded_at`` stamps every Source (ISO timestamp).

    With ``spellings`` (every record's ``record_spellings``), ``records`` must
    come sorted by their source's sha256 and are read once, as a stream.
    """
    return GraphBuilder(records, loaded_at, base_iri, spellings).build()
