"""Which records the RDF export states no LBLOD term of, and why: LBLOD's terms describe the published record of
a meeting as LBLOD's publication profile requires it.

LBLOD's terms of meetings and items (``besluit:Zitting``, ``Agendapunt``,
``isGehoudenDoor``, ``behandelt``, ``geplandeStart``, ``geplandOpenbaar``, the
treatment, ``dct:references`` between items) are stated only of records that
the corpus publishes and that hold what the profile requires. A meeting the
corpus only refers to, and that meeting's items, are not published. A
published meeting with no stated start time (the profile requires
``besluit:geplandeStart``, and a time is not made up), with no committee,
or with no item the profile can describe, is described in the project's and
schema.org's terms only, and so are its items (an Agendapunt is an item of a
Zitting); so is an item with no title or with no word on whether it is
open. The CLI's export says which records were left out and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kommunegraf.ontology.mapping import UNPUBLISHED_STATUS
from kommunegraf.stores.rdf_derived import planned_start

if TYPE_CHECKING:
    from kommunegraf.graph.model import Graph


@dataclass(frozen=True, slots=True)
class LblodScope:
    """Which records LBLOD's publication terms are not stated of, and why for those the corpus publishes."""

    outside: frozenset[str]  # node ids: no LBLOD class or term is said of them
    left_out: dict[str, str]  # published records among them -> what the profile requires that they lack

    def reasons(self) -> dict[str, list[str]]:
        """Each reason -> the ids left out for it, in id order."""
        grouped: dict[str, list[str]] = {}
        for node_id in sorted(self.left_out):
            grouped.setdefault(self.left_out[node_id], []).append(node_id)
        return grouped


NO_START = "a meeting with no stated start time (besluit:geplandeStart is required)"
NO_BODY = "a meeting with no committee (besluit:isGehoudenDoor is required)"
NO_ITEMS = "a meeting with no agenda item LBLOD can describe (besluit:behandelt is required)"
NO_TITLE = "an agenda item with no title (dct:title is required)"
NO_OPENNESS = "an agenda item that does not say whether it is open (besluit:geplandOpenbaar is required)"


def lblod_scope(graph: Graph) -> LblodScope:
    """The records no LBLOD term is stated of: those the corpus does not publish (a meeting known only from a
    reference, and its items) and published ones that lack what LBLOD's publication profile requires."""
    meetings = {node.id: node for node in graph.nodes.values() if node.label == "Meeting"}
    if not meetings:
        return LblodScope(frozenset(), {})
    items_of: dict[str, list[str]] = {meeting: [] for meeting in meetings}
    held: set[str] = set()
    for rel in graph.relationships.values():
        if rel.type == "ON_AGENDA_OF" and rel.end in items_of:
            items_of[rel.end].append(rel.start)
        elif rel.type == "HELD_BY" and rel.start in meetings:
            held.add(rel.start)
    outside: set[str] = set()
    left_out: dict[str, str] = {}
    for meeting_id, meeting in meetings.items():
        items = items_of[meeting_id]
        if meeting.properties.get("status") == UNPUBLISHED_STATUS:
            outside.add(meeting_id)
            outside.update(items)
            continue
        described = 0
        for item_id in items:
            item = graph.nodes[item_id].properties
            if not item.get("title"):
                left_out[item_id] = NO_TITLE
            elif item.get("closed") is None:
                left_out[item_id] = NO_OPENNESS
            else:
                described += 1
        if planned_start(meeting.properties.get("date"), meeting.properties.get("start_time")) is None:
            left_out[meeting_id] = NO_START
        elif meeting_id not in held:
            left_out[meeting_id] = NO_BODY
        elif not described:
            left_out[meeting_id] = NO_ITEMS
        if meeting_id in left_out:  # an Agendapunt is an item of a Zitting: not without one
            outside.update(items)
    return LblodScope(frozenset(outside | left_out.keys()), left_out)
