"""Records to graph: resolve names, mint ids, merge, and keep the provenance.

Records are processed in the order of their sources' sha256, so the graph
does not depend on the order files were given in. A meeting known only from
another document's "Tidligere behandling" is created with status
``referenced``; when its agenda or its minutes arrive they mint the same ids,
and the status becomes ``agenda`` or ``minutes`` (minutes win over an agenda,
both over a reference, whatever the order).

This module maps a record's parts to nodes and relationships, a method a
part; identity and provenance are the Graph's (``model``), names and the
documents items mention are resolved in ``resolve``.

Kept in one module: the parts of one record share the ids, the graph and the
name resolvers of the build; split further, each piece would take them all.
"""

from __future__ import annotations

from collections.abc import Iterable

from kommunegraf.graph.identity import DEFAULT_BASE_IRI, IdMinter
from kommunegraf.graph.model import Graph
from kommunegraf.graph.resolve import BuildNames, items_mentioning
from kommunegraf.graph.sharing import shared_value
from kommunegraf.graph.spans import LineSpan
from kommunegraf.records import LoadedRecord, PlainRecord, Spelling, plain, record_spellings
from kommunegraf.reference.kle import case_number, hierarchy, parse_journal_number, title
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


def lines_of(located: PlainRecord) -> LineSpan:
    """The (first, last) line of anything a record locates (its ``lines``)."""
    span = located["lines"]
    return (span["start"], span["end"])


_STATUS_RANK = {"referenced": 0, "agenda": 1, "minutes": 2}  # what a Meeting node is known from


class GraphBuilder:
    """Merges records into a graph.

    Records come as pydantic models or in their JSON form (``PlainRecord``);
    the builder reads the JSON form. They come in the order of their sources'
    sha256 and are read once, as a stream (a build decodes them one at a
    time); ``spellings`` are every record's committee and unit names
    (``records.record_spellings``), which the name resolvers need before the
    first record is merged.
    """

    def __init__(
        self,
        records: Iterable[LoadedRecord | PlainRecord],
        loaded_at: str,
        spellings: Iterable[Spelling],
        base_iri: str = DEFAULT_BASE_IRI,
    ) -> None:
        self.records = records
        self.loaded_at = loaded_at
        self.ids = IdMinter(base_iri)
        self.graph = Graph()
        self.names = BuildNames(spellings)
        self._minutes_meetings: dict[str, str | None] = {}  # meeting id -> start time of its minutes

    def build(self) -> Graph:
        documents: list[PlainRecord] = []
        for record in map(plain, self.records):
            if record["kind"] == "minutes":
                self._minutes(record)
            else:
                documents.append(record)
        for record in documents:  # documents last, so items that mention them exist
            self._document(record)
        return self.graph

    # -- shared pieces -------------------------------------------------

    def _source(self, record: PlainRecord) -> str:
        info = record["source"]
        source_id = self.ids.source(info["sha256"])
        page_starts = info["page_starts"]
        self.graph.add_node(
            "Source",
            source_id,
            {
                "path": info["path"],
                "sha256": info["sha256"],
                "format": info["format"],
                "media_type": info["media_type"],
                "loaded_at": self.loaded_at,
                "pages": len(page_starts) if page_starts else None,
                "page_starts": ",".join(map(str, page_starts)) if page_starts else None,
            },
        )
        return source_id

    def _municipality(self, mention: PlainRecord, source: str) -> str:
        code = mention["code"]
        node_id = self.ids.municipality(code)
        known = by_code(code)
        self.graph.add_node(
            "Municipality",
            node_id,
            {"name": known.name if known else mention["name"], "code": code},
            source,
            lines_of(mention),
        )
        return node_id

    def _committee(self, municipality: str, code: str, name: str, source: str, span: LineSpan) -> str:
        canonical = self.names.committee(code, name)
        node_id = self.ids.committee(municipality, canonical)
        self.graph.add_node("Committee", node_id, {"name": canonical}, source, span)
        self.graph.add_relationship("OF", node_id, municipality, source, span)
        return node_id

    def _unit(self, municipality: str, code: str, name: str, source: str, span: LineSpan) -> str:
        canonical = self.names.unit(code, name)
        node_id = self.ids.org_unit(municipality, canonical)
        self.graph.add_node("OrgUnit", node_id, {"name": canonical, "kind": org_unit_kind(canonical)}, source, span)
        self.graph.add_relationship("OF", node_id, municipality, source, span)
        return node_id

    def _person(self, municipality: str, name: str, source: str, span: LineSpan) -> str:
        node_id = self.ids.person(municipality, name)
        self.graph.add_node("Person", node_id, {"name": clean(name)}, source, span)
        return node_id

    def _people(
        self,
        rel_type: str,
        mentions: list[PlainRecord],
        target: str,
        municipality: str,
        source: str,
        with_role: bool = False,
    ) -> None:
        """Each person mentioned, linked to ``target`` (a meeting or an item), with the role printed where asked."""
        for mention in mentions:
            span = lines_of(mention)
            person_id = self._person(municipality, mention["name"], source, span)
            properties = {"role": shared_value(mention["role"])} if with_role else None
            self.graph.add_relationship(rel_type, person_id, target, source, span, properties)

    def _meeting(
        self,
        committee: str,
        date: str,
        source: str,
        span: LineSpan,
        status: str,
        start_time: str | None = None,
    ) -> str:
        node_id = self.ids.meeting(committee, date)
        if status == "minutes":
            earlier = self._minutes_meetings.get(node_id, "unseen")
            if earlier != "unseen" and earlier != start_time and start_time is not None:
                node_id = self.ids.meeting(committee, date, start_time)  # a second meeting that day
            self._minutes_meetings.setdefault(node_id, start_time)
        node = self.graph.add_node("Meeting", node_id, {"date": date}, source, span)
        if _STATUS_RANK[status] > _STATUS_RANK.get(node.properties.get("status"), -1):
            node.properties["status"] = status
        self.graph.add_relationship("HELD_BY", node_id, committee, source, span)
        return node_id

    def _item_node(self, meeting: str, number: int, source: str, span: LineSpan, properties: dict) -> str:
        node_id = self.ids.agenda_item(meeting, number)
        self.graph.add_node("AgendaItem", node_id, {"number": number, **properties}, source, span)
        return node_id

    # -- minutes ---------------------------------------------------------

    def _minutes(self, record: PlainRecord) -> None:
        g, source = self.graph, self._source(record)
        code = record["municipality"]["code"]
        municipality = self._municipality(record["municipality"], source)
        meeting_record = record["meeting"]
        committee_mention = meeting_record["committee"]
        committee = self._committee(municipality, code, committee_mention["name"], source, lines_of(committee_mention))
        start_time = meeting_record["start_time"]
        status = "agenda" if meeting_record.get("document_type") == "agenda" else "minutes"
        meeting = self._meeting(committee, meeting_record["date"], source, lines_of(meeting_record), status, start_time)
        g.add_node("Meeting", meeting, {"start_time": start_time, "location": meeting_record["location"]})
        self._people("ATTENDED", meeting_record["participants"], meeting, municipality, source, with_role=True)
        self._people("ABSENT_FROM", meeting_record["absent"], meeting, municipality, source)
        for membership in record["memberships"]:
            span, letter = lines_of(membership), membership["letter"]
            person_id = self._person(municipality, membership["person"], source, span)
            party = self.ids.party(letter, municipality)
            g.add_node("Party", party, {"letter": letter, "name": party_name(letter)}, source, span)
            g.add_relationship("MEMBER_OF", person_id, party, source, span)
        for employment in record["employments"]:
            span = lines_of(employment)
            person_id = self._person(municipality, employment["person"], source, span)
            unit = self._unit(municipality, code, employment["org"], source, span)
            g.add_relationship("WORKS_IN", person_id, unit, source, span, {"title": shared_value(employment["title"])})
        for item in record["items"]:
            self._item(item, meeting, municipality, code, source)

    def _item(self, item: PlainRecord, meeting: str, municipality: str, code: str, source: str) -> None:
        g = self.graph
        item_span = lines_of(item)
        item_id = self._item_node(
            meeting,
            item["number"],
            source,
            item_span,
            {
                "title": item["title"],
                "closed": item["closed"],
                "summary": item["summary"],
                "recommendation": item["recommendation"],
            },
        )
        g.add_relationship("ON_AGENDA_OF", item_id, meeting, source, item_span, {"position": item["position"]})
        if item["case"]:
            self._case(item_id, item["case"]["number"], municipality, source, lines_of(item["case"]))
        decision_record = item["decision"]
        if decision_record:
            span = lines_of(decision_record)
            decision = self.ids.decision(item_id)
            g.add_node(
                "Decision",
                decision,
                {"text": decision_record["text"], "outcome": shared_value(decision_record["outcome"])},
                source,
                span,
            )
            g.add_relationship("HAS_DECISION", item_id, decision, source, span)
        decided_by = item["decided_by"]
        if decided_by:
            span = lines_of(decided_by)
            committee = self._committee(municipality, code, decided_by["name"], source, span)
            g.add_relationship("DECIDED_BY", item_id, committee, source, span)
        for unit in item["recommended_by"]:
            span = lines_of(unit)
            unit_id = self._unit(municipality, code, unit["name"], source, span)
            g.add_relationship("RECOMMENDED_BY", item_id, unit_id, source, span)
        titles_of: dict[str, str] = {}  # an id and the title it was made from, within this item
        for attachment in item["attachments"]:
            span = lines_of(attachment)
            attachment_id = self.ids.attachment(item_id, attachment["title"])
            # two titles the slug rule spells alike ("Bilag 1", "bilag 1.") listed apart are two attachments
            base, count = attachment_id, 1
            while titles_of.setdefault(attachment_id, attachment["title"]) != attachment["title"]:
                count += 1
                attachment_id = f"{base}-{count}"
            g.add_node(
                "Attachment",
                attachment_id,
                {
                    "title": attachment["title"],
                    "recommended": attachment["recommended"],
                    "number": attachment["number"],
                    "url": attachment["url"],
                    "file": attachment.get("file"),
                },
                source,
                span,
            )
            g.add_relationship("HAS_ATTACHMENT", item_id, attachment_id, source, span)
        self._people("PRESENTED", item["presenters"], item_id, municipality, source, with_role=True)
        self._people("ABSENT_FROM", item["absent"], item_id, municipality, source)
        for previous in item["previous"]:
            span = lines_of(previous)
            committee = self._committee(municipality, code, previous["committee"], source, span)
            earlier_meeting = self._meeting(committee, previous["date"], source, span, "referenced")
            earlier_item = self._item_node(earlier_meeting, previous["number"], source, span, {})
            g.add_relationship("ON_AGENDA_OF", earlier_item, earlier_meeting, source, span)
            g.add_relationship("PREVIOUSLY_TREATED_AS", item_id, earlier_item, source, span)

    def _case(self, item_id: str, printed: str, municipality: str, source: str, span: LineSpan) -> None:
        """A case under any printed number; KLE topic, facet, serial and year only from a KLE journal number."""
        g = self.graph
        number = parse_journal_number(printed)
        if number is None:
            normalized = case_number(printed)
            case = self.ids.case(municipality, normalized)
            g.add_node("Case", case, {"number": normalized}, source, span)
            g.add_relationship("CONCERNS", item_id, case, source, span)
            return
        case = self.ids.case(municipality, number.normalized)
        g.add_node(
            "Case",
            case,
            {
                "number": number.normalized,
                "kle": shared_value(number.kle),
                "facet": shared_value(number.facet),
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

    def _document(self, record: PlainRecord) -> None:
        g, source = self.graph, self._source(record)
        document = self.ids.document(record["source"]["sha256"])
        g.add_node(
            "Document",
            document,
            {"title": record["title"], "date": record["date"], "kind": record["doc_kind"]},
            source,
            (record["title_lines"]["start"], record["title_lines"]["end"]),
        )
        if record["municipality"] is None:
            return
        municipality = self._municipality(record["municipality"], source)
        for item in items_mentioning(g, municipality, record["title"]):
            for item_source, spans in item.provenance.items():
                for span in spans:
                    g.add_relationship("MENTIONS", item.id, document, item_source, span)


def build_graph(
    records: Iterable[LoadedRecord | PlainRecord], loaded_at: str, base_iri: str = DEFAULT_BASE_IRI
) -> Graph:
    """Merge loader records into one graph; ``loaded_at`` stamps every Source (ISO timestamp).

    Records may be pydantic models or their JSON form (``records.plain``), in
    any order: they are sorted by their source's sha256 here. (A build that
    streams its records uses ``GraphBuilder`` with the order and the spellings
    it keeps itself.)
    """
    ordered = sorted(map(plain, records), key=lambda r: r["source"]["sha256"])
    spellings = [spelling for record in ordered for spelling in record_spellings(record)]
    return GraphBuilder(ordered, loaded_at, spellings, base_iri).build()
