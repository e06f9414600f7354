"""The graph as pandas DataFrames: one per label and one per relationship type.

Dates are datetime64 columns, flags booleans, numbers integers. A
relationship is one row however many documents state it: ``sources``,
``lines`` (and ``pages`` for PDFs) are lists, one entry per document
(``DataFrame.explode`` gives a row per document). A few
columns researchers reach for every time are joined in: a meeting's
committee and municipality, an agenda item's meeting, date, committee and
decision outcome.
"""

from __future__ import annotations

import pandas as pd

from kommunegraf.graph.model import Graph
from kommunegraf.ontology.schema import LABELS, RELATIONSHIPS

TABLE_NAMES: dict[str, str] = {
    "Municipality": "municipalities",
    "Committee": "committees",
    "Meeting": "meetings",
    "AgendaItem": "agenda_items",
    "Decision": "decisions",
    "Case": "cases",
    "KLETopic": "kle_topics",
    "Person": "people",
    "Party": "parties",
    "OrgUnit": "org_units",
    "Attachment": "attachments",
    "Document": "documents",
    "Source": "sources",
}
DATE_COLUMNS = {"meetings": ["date"], "documents": ["date"], "sources": ["loaded_at"]}
BOOL_COLUMNS = {"agenda_items": ["closed"], "attachments": ["recommended"]}
INT_COLUMNS = {"agenda_items": ["number"], "cases": ["serial", "year"]}


def _first_targets(graph: Graph, rel_type: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for rel in sorted(graph.relationships.values(), key=lambda r: r.key):
        if rel.type == rel_type:
            out.setdefault(rel.start, rel.end)
    return out


def to_dataframes(graph: Graph) -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    for label in LABELS:
        rows = [{"id": n.id, **n.properties} for n in sorted(graph.of_label(label), key=lambda n: n.id)]
        tables[TABLE_NAMES[label]] = pd.DataFrame(rows, columns=["id"] if not rows else None)
    for rel_type in RELATIONSHIPS:
        if rel_type == "FROM_SOURCE":
            rows = [
                {"start": n.id, "end": source, **graph.provenance(source, spans)}
                for n in sorted(graph.nodes.values(), key=lambda n: n.id)
                for source, spans in sorted(n.provenance.items())
            ]
        else:
            rows = [
                {"start": r.start, "end": r.end, **r.properties} | graph.statement_lists(r)
                for r in sorted(graph.relationships.values(), key=lambda r: r.key)
                if r.type == rel_type
            ]
        tables[rel_type.lower()] = pd.DataFrame(rows, columns=["start", "end"] if not rows else None)
    _add_context(graph, tables)
    _types(tables)
    return tables


def _add_context(graph: Graph, tables: dict[str, pd.DataFrame]) -> None:
    committee_of = _first_targets(graph, "HELD_BY")
    municipality_of = _first_targets(graph, "OF")
    meeting_of = _first_targets(graph, "ON_AGENDA_OF")
    decision_of = _first_targets(graph, "HAS_DECISION")
    name = {n.id: n.properties.get("name") for n in graph.nodes.values()}
    code = {n.id: n.properties.get("code") for n in graph.of_label("Municipality")}
    meetings, items = tables["meetings"], tables["agenda_items"]
    if not meetings.empty:
        meetings["committee"] = meetings["id"].map(lambda m: name.get(committee_of.get(m)))
        meetings["municipality_code"] = meetings["id"].map(lambda m: code.get(municipality_of.get(committee_of.get(m))))
    if not items.empty:
        date = dict(zip(meetings["id"], meetings["date"], strict=True)) if not meetings.empty else {}
        outcome = {n.id: n.properties.get("outcome") for n in graph.of_label("Decision")}
        items["meeting"] = items["id"].map(meeting_of)
        items["date"] = items["meeting"].map(date)
        items["committee"] = items["meeting"].map(lambda m: name.get(committee_of.get(m)))
        items["outcome"] = items["id"].map(lambda i: outcome.get(decision_of.get(i)))


def _types(tables: dict[str, pd.DataFrame]) -> None:
    for table, columns in DATE_COLUMNS.items():
        for column in columns:
            if column in tables[table]:
                tables[table][column] = pd.to_datetime(tables[table][column], utc=table == "sources")
    if "date" in tables["agenda_items"]:
        tables["agenda_items"]["date"] = pd.to_datetime(tables["agenda_items"]["date"])
    for table, columns in BOOL_COLUMNS.items():
        for column in columns:
            if column in tables[table]:
                tables[table][column] = tables[table][column].astype("boolean")
    for table, columns in INT_COLUMNS.items():
        for column in columns:
            if column in tables[table]:
                tables[table][column] = tables[table][column].astype("Int64")
