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
(``neo4j_rows.split_by_source``). A ``referenced`` meeting
becomes ``minutes`` when a graph with its minutes is loaded, never the
reverse.

Writes go in batches of ``UNWIND $rows``, one statement per label or per
(type, start label, end label) and set of properties, each batch in its own managed transaction
(the driver retries transient errors). A batch that fails raises
``Neo4jLoadError`` naming it; earlier batches stay committed and a re-run
completes the load. Labels and types in the statements come from the
schema (``kommunegraf.ontology.schema``), never from documents; every value
is a parameter.

This module holds the store: the load in order, its lock, and the reads.
The statements are ``neo4j_statements``', their rows ``neo4j_rows``', the
batches ``neo4j_batches``', the schema's names and indexes
``neo4j_schema``'s, and the repair after unlocked loads ``neo4j_repair``'s.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable

from kommunegraf.errors import KommunegrafError
from kommunegraf.graph.model import Graph
from kommunegraf.ontology.schema import LABELS, RELATIONSHIPS
from kommunegraf.stores.neo4j_batches import BatchWriter, LoadStats, batches
from kommunegraf.stores.neo4j_config import DEFAULT_BATCH_SIZE
from kommunegraf.stores.neo4j_repair import repair_duplicates
from kommunegraf.stores.neo4j_rows import (
    Row,
    node_groups,
    node_row,
    relationship_groups,
    relationship_row,
    split_by_source,
)
from kommunegraf.stores.neo4j_schema import schema_label, schema_statements, schema_type
from kommunegraf.stores.neo4j_statements import node_statement, relationship_statement

COUNTERS = ("nodes_created", "relationships_created", "properties_set", "labels_added")


LOCK_LABEL = "KommunegrafLoad"  # not a schema label: the node exists only while a load runs


class Neo4jLoadError(KommunegrafError):
    """A batch could not be written; batches before it are committed."""


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

    def _write_batch(self, statement: str, rows: list[Row], what: str) -> dict[str, int]:
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
        with BatchWriter(self._write_batch, stats, progress) as pipeline:
            nodes_began = time.perf_counter()
            for (label, keys), nodes in sorted(node_groups(graph).items()):
                statement = node_statement(label, keys)
                for index, chunk in batches(nodes, batch_size):
                    rows = [node_row(node, keys) for node in chunk]  # rows are made per batch: bounded memory
                    pipeline.submit(statement, rows, f"{label} batch {index + 1} ({rows[0][0]} ...)", "nodes")
            pipeline.drain()
            relationships_began = time.perf_counter()
            stats.node_seconds = relationships_began - nodes_began
            for (rel_type, start, end, keys), items in sorted(relationship_groups(graph).items()):
                for new, part in zip((True, False), split_by_source(items, stored_sources), strict=True):
                    statement = relationship_statement(rel_type, start, end, keys, new)
                    for index, chunk in batches(part, batch_size):
                        rows = [relationship_row(graph, item) for item in chunk]
                        what = f"{rel_type} ({start}->{end}) batch {index + 1} (from {rows[0][0]} ...)"
                        pipeline.submit(statement, rows, what, "relationships")
            pipeline.drain()
            stats.relationship_seconds = time.perf_counter() - relationships_began

    def repair_duplicates(self) -> int:
        """Make each fact one relationship again where unlocked loads made it twice (``neo4j_repair``); returns how
        many copies were deleted."""
        with self.driver.session(database=self.database) as session:
            return repair_duplicates(session)

    def stored_sources(self, graph: Graph) -> set[str]:
        """The ids of ``graph``'s Source nodes (its documents) that the database already holds."""
        ids = [node.id for node in graph.of_label("Source")]
        found: set[str] = set()
        with self.driver.session(database=self.database, default_access_mode="READ") as session:
            for _, chunk in batches(ids, DEFAULT_BATCH_SIZE):
                result = session.run("UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id", ids=chunk)
                found.update(record["id"] for record in result)
        return found

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per schema label and relationships per schema type, as stored."""
        labels, types = {}, {}
        with self.driver.session(database=self.database, notifications_min_severity="OFF") as session:
            for label in LABELS:
                labels[label] = session.run(f"MATCH (n:{schema_label(label)}) RETURN count(n) AS c").single()["c"]
            for rel_type in RELATIONSHIPS:
                types[rel_type] = session.run(
                    f"MATCH ()-[r:{schema_type(rel_type)}]->() RETURN count(r) AS c"
                ).single()["c"]
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
