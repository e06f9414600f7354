"""The schema in Neo4j: its names checked for Cypher, its indexes and constraints, and values typed as Neo4j
stores them.

Shared by the transactional load (``neo4j_store``) and the bulk import files
(``neo4j_import``), so both make the same database. Labels and types in
Cypher text come from the schema (``kommunegraf.ontology.schema``), never
from documents.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kommunegraf.ontology.schema import LABELS, RELATIONSHIPS

INDEXES: tuple[tuple[str, str], ...] = (
    ("Meeting", "date"),
    ("Person", "name"),
    ("Case", "number"),
    ("Committee", "name"),
)
DATE_PROPERTIES = {"Meeting": ("date",), "Document": ("date",)}


def schema_label(name: str) -> str:
    """``name``, checked to be a label of the schema."""
    if name not in LABELS:
        raise ValueError(f"not a schema label: {name!r}")
    return name


def schema_type(name: str) -> str:
    """``name``, checked to be a relationship type of the schema."""
    if name not in RELATIONSHIPS:
        raise ValueError(f"not a schema relationship type: {name!r}")
    return name


def schema_statements() -> list[str]:
    """Indexes and constraints; names and labels come from the schema only.

    The indexes come first: the server fills an index in the background while
    each uniqueness constraint fills and checks its own before it returns, so
    on a full database the two proceed side by side (``db.awaitIndexes`` then
    waits for what is left).
    """
    statements = [
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{schema_label(label)}) ON (n.{prop})"
        for label, prop in INDEXES
    ]
    statements += [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{schema_label(label)}) REQUIRE n.id IS UNIQUE"
        for label in LABELS
    ]
    return statements


_PROPERTY = re.compile(r"^[a-z][a-z0-9_]*$")


def property_name(name: str) -> str:
    """``name``, checked to be a property name that can stand in Cypher text as it is."""
    if not _PROPERTY.match(name):
        raise ValueError(f"not a property name: {name!r}")
    return name


def neo4j_value(label: str, key: str, value: Any) -> Any:
    """A node's property value as Neo4j stores it: Meeting and Document dates as dates, a Source's ``loaded_at``
    as a datetime (the graph keeps both as ISO text), any other value as it is."""
    if key in DATE_PROPERTIES.get(label, ()) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if label == "Source" and key == "loaded_at" and isinstance(value, str):
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value
