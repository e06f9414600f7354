"""Repair of a database two unlocked loads wrote at once: each fact made one relationship again, its lists of
documents merged."""

from __future__ import annotations

from typing import Any

from neo4j import Session

from kommunegraf.ontology.schema import RELATIONSHIPS
from kommunegraf.stores.neo4j_schema import schema_type


def merged_properties(copies: list[dict[str, Any]]) -> dict[str, Any]:
    """One relationship's properties from its copies: own values from the first that has them, and each document
    once in ``sources`` with its ``lines`` and ``pages`` ("" where a document has no pages)."""
    merged: dict[str, Any] = {}
    for copy in copies:
        for key, value in copy.items():
            if key not in ("sources", "lines", "pages") and merged.get(key) is None:
                merged[key] = value
    if not any("sources" in copy for copy in copies):  # a FROM_SOURCE link: one document, its lines
        return {**copies[0], **{k: v for k, v in merged.items() if k not in copies[0]}}
    paged = any("pages" in copy for copy in copies)
    sources: list[str] = []
    lines: list[str] = []
    pages: list[str] = []
    for copy in copies:
        copy_pages = copy.get("pages") or [""] * len(copy.get("sources", []))
        for source, line, page in zip(copy.get("sources", []), copy.get("lines", []), copy_pages, strict=False):
            if source not in sources:
                sources.append(source)
                lines.append(line)
                pages.append(page)
    merged.update(sources=sources, lines=lines)
    if paged:
        merged["pages"] = pages
    return merged


def repair_duplicates(session: Session) -> int:
    """Make each fact one relationship again where loads running at once (before loads took a lock) made it
    twice: the lists of documents merged into the first, the others deleted. Returns how many were deleted.

    One relationship type at a time, so the server groups no more than one type's relationships.
    """
    deleted = 0
    for rel_type in (*RELATIONSHIPS, "FROM_SOURCE"):
        name = rel_type if rel_type == "FROM_SOURCE" else schema_type(rel_type)  # the schema's names only
        groups = session.run(
            f"MATCH (a)-[r:{name}]->(b) "
            "WITH a, b, collect(r) AS rs WHERE size(rs) > 1 "
            "RETURN [x IN rs | elementId(x)] AS ids, [x IN rs | properties(x)] AS props"
        ).data()
        for group in groups:
            keep, *extra = group["ids"]
            session.run(
                "MATCH ()-[r]->() WHERE elementId(r) = $keep SET r = $merged "
                "WITH r MATCH ()-[x]->() WHERE elementId(x) IN $extra DELETE x",
                keep=keep, extra=extra, merged=merged_properties(group["props"]),
            ).consume()  # fmt: skip
            deleted += len(extra)
    return deleted
