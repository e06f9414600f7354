"""The Cypher statements of a load: ``UNWIND $rows`` MERGEs of one label, or of one relationship type between two
labels, each with the properties its rows carry (``neo4j_rows`` makes the rows in the order these read them)."""

from __future__ import annotations

from kommunegraf.stores.neo4j_schema import property_name, schema_label, schema_type


def _sets(variable: str, keys: tuple[str, ...], first: int) -> str:
    """Explicit "SET n.title = row[1], ...": unlike "SET n += map" it needs no Eager step in the plan."""
    return ", ".join(f"{variable}.{property_name(k)} = row[{first + i}]" for i, k in enumerate(keys))


def node_statement(label: str, keys: tuple[str, ...]) -> str:
    """MERGE nodes of one label from rows ``[id, value of keys[0], value of keys[1], ...]``."""
    label = schema_label(label)
    statement = f"UNWIND $rows AS row MERGE (n:{label} {{id: row[0]}})"
    if label == "Meeting" and "status" in keys:  # minutes outrank an agenda, both a reference, whatever the order
        status = f"row[{1 + keys.index('status')}]"
        others = ", ".join(f"n.{property_name(k)} = row[{1 + i}]" for i, k in enumerate(keys) if k != "status")
        statement += (
            f" SET n.status = CASE WHEN n.status = 'minutes' OR (n.status = 'agenda' AND {status} = 'referenced')"
            f" THEN n.status ELSE {status} END"
        )
        return statement + (f", {others}" if others else "")
    return statement + (f" SET {_sets('n', keys, 1)}" if keys else "")


def relationship_statement(rel_type: str, start: str, end: str, keys: tuple[str, ...], new: bool = False) -> str:
    """Relationships from rows ``[start id, end id, values of keys...]``.

    A fact (rows whose keys end in ``sources``, ``lines`` and maybe
    ``pages``) is MERGEd on its two ends, its properties set where it has
    none, and the documents it does not list yet appended to its lists. A
    FROM_SOURCE link (``lines`` and maybe ``pages``) is MERGEd, or CREATEd
    when ``new`` (its document is new to the database).
    """
    rel_type, start, end = schema_type(rel_type), schema_label(start), schema_label(end)
    match = f"UNWIND $rows AS row MATCH (a:{start} {{id: row[0]}}) MATCH (b:{end} {{id: row[1]}}) "
    if rel_type == "FROM_SOURCE":
        statement = match + f"{'CREATE' if new else 'MERGE'} (a)-[r:{rel_type}]->(b)"
        return statement + (f" SET {_sets('r', keys, 2)}" if keys else "")
    own = keys[: keys.index("sources")]
    at = {key: 2 + i for i, key in enumerate(keys)}
    statement = match + f"MERGE (a)-[r:{rel_type}]->(b)"
    if own:
        statement += " SET " + ", ".join(
            f"r.{property_name(k)} = coalesce(r.{property_name(k)}, row[{at[k]}])" for k in own
        )
    sources, lines = at["sources"], at["lines"]
    statement += (
        f" WITH r, row, coalesce(r.sources, []) AS had"
        f" WITH r, row, had, [i IN range(0, size(row[{sources}]) - 1) WHERE NOT row[{sources}][i] IN had] AS fresh"
        f" SET r.sources = had + [i IN fresh | row[{sources}][i]],"
        f" r.lines = coalesce(r.lines, []) + [i IN fresh | row[{lines}][i]]"
    )
    if "pages" in at:  # documents without pages have "" there, before and after
        statement += f", r.pages = coalesce(r.pages, [x IN had | '']) + [i IN fresh | row[{at['pages']}][i]]"
    else:
        statement += ", r.pages = CASE WHEN r.pages IS NULL THEN NULL ELSE r.pages + [i IN fresh | ''] END"
    return statement
