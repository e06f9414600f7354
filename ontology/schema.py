"""Labels, keys and relationship types of the graph, as the schema contract states them."""

from __future__ import annotations

from dataclasses import dataclass

# label -> the fields that make two mentions the same node (its key).
NODE_KEYS: dict[str, tuple[str, ...]] = {
    "Municipality": ("code",),
    "Committee": ("municipality", "name"),
    "Meeting": ("committee", "date", "start_time"),
    "AgendaItem": ("meeting", "number"),
    "Decision": ("item",),
    "Case": ("municipality", "number"),
    "KLETopic": ("code",),
    "Person": ("municipality", "name"),
    "Party": ("letter", "municipality"),  # a national party: its letter; a local list: municipality + letter
    "OrgUnit": ("municipality", "name"),
    "Attachment": ("item", "title"),
    "Document": ("source",),
    "Source": ("sha256",),
}
LABELS: tuple[str, ...] = tuple(NODE_KEYS)


@dataclass(frozen=True)
class RelationshipType:
    name: str
    start: tuple[str, ...]
    end: tuple[str, ...]


# Relationship types and the labels they join. A relationship is a fact: one per (type, start, end), however
# many documents state it; it lists those documents (``sources``) with the lines of each (``lines``, and
# ``pages`` for PDFs) as parallel lists. FROM_SOURCE, a node's link to one document, carries that document's
# ``lines`` (and ``pages``).
RELATIONSHIPS: dict[str, RelationshipType] = {
    r.name: r
    for r in (
        RelationshipType("OF", ("Committee", "OrgUnit"), ("Municipality",)),
        RelationshipType("HELD_BY", ("Meeting",), ("Committee",)),
        RelationshipType("ON_AGENDA_OF", ("AgendaItem",), ("Meeting",)),
        RelationshipType("CONCERNS", ("AgendaItem",), ("Case",)),
        RelationshipType("CLASSIFIED_AS", ("Case",), ("KLETopic",)),
        RelationshipType("BROADER", ("KLETopic",), ("KLETopic",)),
        RelationshipType("PREVIOUSLY_TREATED_AS", ("AgendaItem",), ("AgendaItem",)),
        RelationshipType("HAS_DECISION", ("AgendaItem",), ("Decision",)),
        RelationshipType("DECIDED_BY", ("AgendaItem",), ("Committee",)),
        RelationshipType("RECOMMENDED_BY", ("AgendaItem",), ("OrgUnit",)),
        RelationshipType("HAS_ATTACHMENT", ("AgendaItem",), ("Attachment",)),
        RelationshipType("ATTENDED", ("Person",), ("Meeting",)),
        RelationshipType("ABSENT_FROM", ("Person",), ("Meeting", "AgendaItem")),
        RelationshipType("MEMBER_OF", ("Person",), ("Party",)),
        RelationshipType("PRESENTED", ("Person",), ("AgendaItem",)),
        RelationshipType("WORKS_IN", ("Person",), ("OrgUnit",)),
        RelationshipType("MENTIONS", ("AgendaItem",), ("Document",)),
        RelationshipType("FROM_SOURCE", tuple(label for label in NODE_KEYS if label != "Source"), ("Source",)),
    )
}

# The values a property can take (the shapes hold each property to its list; tests hold the lists to the code
# that writes the values).
MEETING_STATUSES = ("minutes", "agenda", "referenced")
DECISION_OUTCOMES = (
    "noted", "approved", "approved_with_remarks", "recommended_to_council", "rejected", "postponed", "other"
)  # fmt: skip
ORG_UNIT_KINDS = ("centre", "jobcenter", "team", "department", "other")
DOCUMENT_KINDS = ("strategy", "policy", "plan", "report", "memo", "other")
# the layouts that read text, and "<system> export" for a publishing system's XML export
SOURCE_LAYOUTS = (
    "minutes", "minutes-markdown", "minutes-pdf-text", "minutes-transcript", "document",
    "Acadre export", "eDoc export", "eDoc (Fujitsu) export", "Publication XML export", "SBSYS export",
)  # fmt: skip
KLE_LEVELS = ("main group", "group", "topic")
# A KLE code has two digits per level: main group "15", group "15.00", topic "15.00.00".
KLE_CODE_OF_LEVEL = {
    "main group": r"^[0-9]{2}$",
    "group": r"^[0-9]{2}\.[0-9]{2}$",
    "topic": r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$",
}
