"""Neo4j: the graph as labelled nodes and typed relationships, for Cypher research.

Loading is idempotent and incremental: nodes are MERGEd on ``id`` (a
uniqueness constraint per label), relationships on (start, type, end): a
fact is one relationship, however many documents state it. The documents
are its ``sources``, with ``lines`` (and, where one is a PDF, ``pages``) as
parallel lists; a load appends the documents a relationship does not list
yet, so loading the same graph twice changes nothing, and a graph built
from more documents merges into what is there. A property a relationship
lacks is taken from the load; one it has is kept. A node's FROM_SOURCE link
to a document the database has not seen yet cannot be there, and is CREATEd
(``split_by_source``). A ``referenced`` meeting
becomes ``minutes`` when a graph with its minutes is loaded, never the
reverse.

Writes go in batches of ``UNWIND $rows``, one statement per label or per
(type, start label, end label) and set of properties, each batch in its own managed transaction
(the driver retries transient errors). A batch that fails raises
``Neo4jLoadError`` naming it; earlier batches stay committed and a re-run
completes the load. Labels and types in the statements come from the
schema (``kommunegraf.ontology.schema``), never from documents; every value
is a parameter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable

from kommunegraf.errors import KommunegrafError
from kommunegraf.graph.model import Graph, Node, Relationship, Spans
from kommunegraf.ontology.schema import LABELS, RELATIONSHIPS
from kommunegraf.stores.neo4j_config import DEFAULT_BATCH_SIZE

INDEXES: tuple[tuple[str, str], ...] = (
    ("Meeting", "date"),
    ("Person", "name"),
    ("Case", "number"),
    ("Committee", "name"),
)
DATE_PROPERTIES = {"Meeting": ("date",), "Document": ("date",)}
COUNTERS = ("nodes_created", "relationships_created", "properties_set", "labels_added")


LOCK_LABEL = "KommunegrafLoad"  # not a schema label: the node exists only while a load runs


class Neo4jLoadError(KommunegrafError):
    """A batch could not be written; batches before it are committed."""


@dataclass
class LoadStats:
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0
    node_seconds: float = 0.0
    relationship_seconds: float = 0.0
    repaired: int = 0  # copies of facts deleted (see ``repair_duplicates``)
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _label(name: str) -> str:
    if name not in LABELS:
        raise ValueError(f"not a schema label: {name!r}")
    return name


def _rel_type(name: str) -> str:
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
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{_label(label)}) ON (n.{prop})"
        for label, prop in INDEXES
    ]
    statements += [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE"
        for label in LABELS
    ]
    return statements


_PROPERTY = re.compile(r"^[a-z][a-z0-9_]*$")


def _property(name: str) -> str:
    if not _PROPERTY.match(name):
        raise ValueError(f"not a property name: {name!r}")
    return name


def _sets(variable: str, keys: tuple[str, ...], first: int) -> str:
    """Explicit "SET n.title = row[1], ...": unlike "SET n += map" it needs no Eager step in the plan."""
    return ", ".join(f"{variable}.{_property(k)} = row[{first + i}]" for i, k in enumerate(keys))


def _node_statement(label: str, keys: tuple[str, ...]) -> str:
    """MERGE nodes of one label from rows ``[id, value of keys[0], value of keys[1], ...]``."""
    label = _label(label)
    statement = f"UNWIND $rows AS row MERGE (n:{label} {{id: row[0]}})"
    if label == "Meeting" and "status" in keys:  # minutes outrank an agenda, both a reference, whatever the order
        status = f"row[{1 + keys.index('status')}]"
        others = ", ".join(f"n.{_property(k)} = row[{1 + i}]" for i, k in enumerate(keys) if k != "status")
        statement += (
            f" SET n.status = CASE WHEN n.status = 'minutes' OR (n.status = 'agenda' AND {status} = 'referenced')"
            f" THEN n.status ELSE {status} END"
        )
        return statement + (f", {others}" if others else "")
    return statement + (f" SET {_sets('n', keys, 1)}" if keys else "")


def _relationship_statement(rel_type: str, start: str, end: str, keys: tuple[str, ...], new: bool = False) -> str:
    """Relationships from rows ``[start id, end id, values of keys...]``.

    A fact (rows whose keys end in ``sources``, ``lines`` and maybe
    ``pages``) is MERGEd on its two ends, its properties set where it has
    none, and the documents it does not list yet appended to its lists. A
    FROM_SOURCE link (``lines`` and maybe ``pages``) is MERGEd, or CREATEd
    when ``new`` (its document is new to the database).
    """
    rel_type, start, end = _rel_type(rel_type), _label(start), _label(end)
    match = f"UNWIND $rows AS row MATCH (a:{start} {{id: row[0]}}) MATCH (b:{end} {{id: row[1]}}) "
    if rel_type == "FROM_SOURCE":
        statement = match + f"{'CREATE' if new else 'MERGE'} (a)-[r:{rel_type}]->(b)"
        return statement + (f" SET {_sets('r', keys, 2)}" if keys else "")
    own = keys[: keys.index("sources")]
    at = {key: 2 + i for i, key in enumerate(keys)}
    statement = match + f"MERGE (a)-[r:{rel_type}]->(b)"
    if own:
        statement += " SET " + ", ".join(f"r.{_property(k)} = coalesce(r.{_property(k)}, row[{at[k]}])" for k in own)
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


def _neo4j_value(label: str, key: str, value: Any) -> Any:
    if key in DATE_PROPERTIES.get(label, ()) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if label == "Source" and key == "loaded_at" and isinstance(value, str):
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


NodeGroup = tuple[str, tuple[str, ...]]  # label, property keys
RelationshipGroup = tuple[str, str, str, tuple[str, ...]]  # type, start label, end label, property keys


def _provenance_keys(graph: Graph, source: str) -> tuple[str, ...]:
    return ("lines", "pages") if graph.nodes[source].properties.get("page_starts") else ("lines",)


def node_groups(graph: Graph) -> dict[NodeGroup, list[Node]]:
    """Nodes per label and set of properties, so each statement names its properties."""
    groups: dict[NodeGroup, list[Node]] = defaultdict(list)
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        keys = tuple(k for k, v in sorted(node.properties.items()) if v is not None)
        groups[(node.label, keys)].append(node)
    return groups


Row = list[Any]  # positional: a list of values packs and unpacks far quicker than a map with its keys


def node_row(node: Node, keys: tuple[str, ...]) -> Row:
    """``[id, value of keys[0], ...]`` for ``_node_statement``."""
    properties = node.properties
    return [node.id, *(_neo4j_value(node.label, key, properties[key]) for key in keys)]


Provenance = tuple[str, str, Spans]  # node id, source id, spans


def relationship_groups(graph: Graph) -> dict[RelationshipGroup, list[Relationship | Provenance]]:
    """Relationships (and each node's FROM_SOURCE links) per type, end labels and set of properties."""
    groups: dict[RelationshipGroup, list[Relationship | Provenance]] = defaultdict(list)
    for rel in sorted(graph.relationships.values(), key=lambda r: r.key):
        own = tuple(k for k, v in sorted(rel.properties.items()) if v is not None)
        paged = any(graph.nodes[source].properties.get("page_starts") for source, _ in rel.statements())
        keys = (*own, "sources", "lines", *(("pages",) if paged else ()))
        groups[(rel.type, graph.nodes[rel.start].label, graph.nodes[rel.end].label, keys)].append(rel)
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        for source, spans in sorted(node.provenance.items()):
            group = ("FROM_SOURCE", node.label, "Source", _provenance_keys(graph, source))
            groups[group].append((node.id, source, spans))
    return groups


def split_by_source(
    items: list[Relationship | Provenance], stored_sources: set[str]
) -> tuple[list[Relationship | Provenance], list[Relationship | Provenance]]:
    """``items`` that cannot be in the database yet, and those that may be.

    A node's FROM_SOURCE link to a document the database has not seen cannot
    be there: it is CREATEd, which needs no look at the node's other links.
    A fact may be there whichever documents state it (another document the
    database holds may state it too): it is always MERGEd.
    """
    new: list[Relationship | Provenance] = []
    seen: list[Relationship | Provenance] = []
    for item in items:
        fresh = not isinstance(item, Relationship) and item[1] not in stored_sources
        (new if fresh else seen).append(item)
    return new, seen


def relationship_row(graph: Graph, item: Relationship | Provenance) -> Row:
    """``[start, end, values of the group's keys...]`` for ``_relationship_statement``."""
    if isinstance(item, Relationship):
        properties = item.properties
        own = [properties[key] for key in sorted(properties) if properties[key] is not None]
        return [item.start, item.end, *own, *graph.statement_lists(item).values()]
    node_id, source, spans = item
    return [node_id, source, *graph.provenance(source, spans).values()]


def node_rows(graph: Graph) -> dict[NodeGroup, list[Row]]:
    """Every node's row, grouped as loaded (for inspection and other loaders)."""
    return {group: [node_row(n, group[1]) for n in nodes] for group, nodes in node_groups(graph).items()}


def relationship_rows(graph: Graph) -> dict[RelationshipGroup, list[Row]]:
    return {group: [relationship_row(graph, r) for r in items] for group, items in relationship_groups(graph).items()}


T = TypeVar("T")


def _batches(items: list[T], size: int) -> Iterator[tuple[int, list[T]]]:
    for index, start in enumerate(range(0, len(items), size)):
        yield index, items[start : start + size]


class _Pipeline:
    """Batches written one at a time, in order, by one helper thread, while the caller makes the next.

    At most one batch is being written and one waits, so memory stays
    bounded; a failed batch raises from the next ``submit`` or ``drain``
    and nothing after it is written.
    """

    def __init__(self, store: Neo4jStore, stats: LoadStats, progress: Callable[[int], None] | None) -> None:
        self.store = store
        self.stats = stats
        self.progress = progress
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neo4j-writer")
        self._pending: tuple[Future[dict[str, int]], int, str] | None = None

    def __enter__(self) -> _Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.drain()
        finally:
            self._writer.shutdown(wait=True)

    def submit(self, statement: str, rows: list[Row], what: str, kind: str) -> None:
        self.drain()
        future = self._writer.submit(self.store._write_batch, statement, rows, what)
        self._pending = (future, len(rows), kind)

    def drain(self) -> None:
        """Wait for the batch being written; raise its error."""
        if self._pending is None:
            return
        future, rows, kind = self._pending
        self._pending = None
        counters = future.result()
        self.stats.batches += 1
        for key, value in counters.items():
            self.stats.counters[key] += value
        setattr(self.stats, kind, getattr(self.stats, kind) + rows)
        if self.progress:
            self.progress(rows)


class Neo4jStore:
    """Writes graphs to, and reads answers from, one Neo4j database."""

    def __init__(self, driver: Driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database

    def ensure_schema(self) -> None:
        with self.driver.session(database=self.database) as session:
            for statement in schema_statements():
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()

    def _write_batch(self, statement: str, rows: list[dict[str, Any]], what: str) -> dict[str, int]:
        def work(tx: ManagedTransaction) -> dict[str, int]:
            counters = tx.run(statement, rows=rows).consume().counters
            return {name: getattr(counters, name) for name in COUNTERS}

        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (Neo4jError, ServiceUnavailable) as error:
            raise Neo4jLoadError(
                f"{what} failed ({error}); earlier batches are committed, run the load again to complete it"
            ) from error

    def load(
        self,
        graph: Graph,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
        break_lock: bool = False,
        repair: bool = False,
    ) -> LoadStats:
        """MERGE ``graph`` into the database: nodes first, then relationships (a node's links to documents new to
        the database CREATEd).

        One writer: batches are committed strictly one after another, in
        order. The next batch's rows are made while the server writes the
        current one (the transaction runs on a helper thread that mostly
        waits for the server), so the client and the server work at once.
        """
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        stats = LoadStats()
        began = time.perf_counter()
        self.ensure_schema()
        with self._load_lock(break_lock):
            if repair or break_lock:  # a load that was killed may have run beside another
                stats.repaired = self.repair_duplicates()
            self._load(graph, batch_size, progress, stats)
        stats.seconds = time.perf_counter() - began
        return stats

    @contextlib.contextmanager
    def _load_lock(self, break_lock: bool) -> Iterator[None]:
        """One load at a time into a database: two at once would each MERGE the same facts and make them twice.

        The lock is a node (``LOCK_LABEL``, unique by a constraint, so of two loads starting together one gets
        it); a load that was killed leaves it behind, which ``break_lock`` removes.
        """
        holder = f"{socket.gethostname()} pid {os.getpid()} ({uuid.uuid4().hex[:8]})"
        with self.driver.session(database=self.database) as session:
            session.run(
                f"CREATE CONSTRAINT kommunegraf_load_lock IF NOT EXISTS FOR (l:{LOCK_LABEL}) REQUIRE l.name IS UNIQUE"
            ).consume()
            if break_lock:
                session.run(f"MATCH (l:{LOCK_LABEL}) DELETE l").consume()
            try:
                session.run(
                    f"CREATE (:{LOCK_LABEL} {{name: 'load', holder: $holder, since: datetime()}})", holder=holder
                ).consume()
            except ConstraintError:
                other = session.run(
                    f"MATCH (l:{LOCK_LABEL} {{name: 'load'}}) RETURN l.holder AS holder, toString(l.since) AS since"
                ).single()
                who = f"{other['holder']}, since {other['since']}" if other else "just now"
                raise Neo4jLoadError(
                    f"another kommunegraf load ({who}) is writing this database; wait for it to end, or, if none "
                    "runs (a load was killed), pass --break-lock"
                ) from None
        try:
            yield
        finally:
            with self.driver.session(database=self.database) as session:
                session.run(f"MATCH (l:{LOCK_LABEL} {{name: 'load', holder: $holder}}) DELETE l", holder=holder)

    def _load(self, graph: Graph, batch_size: int, progress: Callable[[int], None] | None, stats: LoadStats) -> None:
        stored_sources = self.stored_sources(graph)
        with _Pipeline(self, stats, progress) as pipeline:
            nodes_began = time.perf_counter()
            for (label, keys), nodes in sorted(node_groups(graph).items()):
                statement = _node_statement(label, keys)
                for index, chunk in _batches(nodes, batch_size):
                    rows = [node_row(node, keys) for node in chunk]  # rows are made per batch: bounded memory
                    pipeline.submit(statement, rows, f"{label} batch {index + 1} ({rows[0][0]} ...)", "nodes")
            pipeline.drain()
            relationships_began = time.perf_counter()
            stats.node_seconds = relationships_began - nodes_began
            for (rel_type, start, end, keys), items in sorted(relationship_groups(graph).items()):
                for new, part in zip((True, False), split_by_source(items, stored_sources), strict=True):
                    statement = _relationship_statement(rel_type, start, end, keys, new)
                    for index, chunk in _batches(part, batch_size):
                        rows = [relationship_row(graph, item) for item in chunk]
                        what = f"{rel_type} ({start}->{end}) batch {index + 1} (from {rows[0][0]} ...)"
                        pipeline.submit(statement, rows, what, "relationships")
            pipeline.drain()
            stats.relationship_seconds = time.perf_counter() - relationships_began

    def repair_duplicates(self) -> int:
        """Make each fact one relationship again where loads running at once (before loads took a lock) made it
        twice: the lists of documents merged into the first, the others deleted. Returns how many were deleted.

        One relationship type at a time, so the server groups no more than one type's relationships.
        """
        deleted = 0
        with self.driver.session(database=self.database) as session:
            for rel_type in (*RELATIONSHIPS, "FROM_SOURCE"):
                name = rel_type if rel_type == "FROM_SOURCE" else _rel_type(rel_type)  # the schema's names only
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

    def stored_sources(self, graph: Graph) -> set[str]:
        """The ids of ``graph``'s Source nodes (its documents) that the database already holds."""
        ids = [node.id for node in graph.of_label("Source")]
        found: set[str] = set()
        with self.driver.session(database=self.database, default_access_mode="READ") as session:
            for _, chunk in _batches(ids, DEFAULT_BATCH_SIZE):
                result = session.run("UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id", ids=chunk)
                found.update(record["id"] for record in result)
        return found

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per schema label and relationships per schema type, as stored."""
        labels, types = {}, {}
        with self.driver.session(database=self.database, notifications_min_severity="OFF") as session:
            for label in LABELS:
                labels[label] = session.run(f"MATCH (n:{_label(label)}) RETURN count(n) AS c").single()["c"]
            for rel_type in RELATIONSHIPS:
                types[rel_type] = session.run(f"MATCH ()-[r:{_rel_type(rel_type)}]->() RETURN count(r) AS c").single()[
                    "c"
                ]
        return {k: v for k, v in labels.items() if v}, {k: v for k, v in types.items() if v}

    def wipe(self) -> int:
        """Delete every node with a schema label (and its relationships); returns how many."""
        with self.driver.session(database=self.database) as session:
            before = session.run(
                "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN count(n) AS c", labels=list(LABELS)
            ).single()["c"]
            session.run(
                "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) "
                "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
                labels=list(LABELS),
            ).consume()
        return before

    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run a read query; returns column names and rows of plain Python values."""
        with self.driver.session(database=self.database, default_access_mode="READ") as session:
            result = session.run(cypher, parameters or {})
            keys = list(result.keys())
            rows = [[as_python(value) for value in record.values()] for record in result]
        return keys, rows


def as_python(value: Any) -> Any:
    """Neo4j values as JSON-friendly Python: nodes and relationships as dicts, temporals as ISO strings."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: as_python(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: as_python(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [as_python(n) for n in value.nodes]
    if isinstance(value, list):
        return [as_python(v) for v in value]
    if isinstance(value, dict):
        return {k: as_python(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
