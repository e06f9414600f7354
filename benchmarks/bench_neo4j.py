"""Neo4j load throughput: the batched UNWIND loader against a naive per-row MERGE loader.

Starts its own Neo4j (``kommunegraf.devserver``) unless NEO4J_URI and
NEO4J_PASSWORD are set, builds a large synthetic graph in memory (shaped like
minutes: meetings, items, decisions, cases, people, provenance), loads it,
and prints nodes/s, relationships/s and the client's peak memory. The naive
loader (one auto-commit MERGE per node and per relationship) runs on a
smaller graph in the same run. The figures go in the notes; no test times
anything.

    python benchmarks/bench_neo4j.py --meetings 4000 --naive-meetings 40
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import threading
import time

from neo4j import GraphDatabase

from kommunegraf import devserver
from kommunegraf.graph.identity import IdMinter
from kommunegraf.graph.model import Graph
from kommunegraf.records import Span
from kommunegraf.stores.neo4j_store import Neo4jStore, node_rows, relationship_rows

ITEMS_PER_MEETING = 15
PEOPLE_PER_MEETING = 11


def synthetic_graph(meetings: int, seed_offset: int = 0) -> Graph:
    """A graph with the shape of real minutes: ~48 nodes and ~110 relationships per meeting."""
    ids = IdMinter("https://bench.example/id/")
    graph = Graph()
    span = Span(start=1, end=3)
    municipality = ids.municipality("151")
    for m in range(seed_offset, seed_offset + meetings):
        source = ids.source(f"{m:064x}")
        graph.add_node("Source", source, {"path": f"m{m}.txt", "sha256": f"{m:064x}", "format": "referat-text"})
        graph.add_node("Municipality", municipality, {"name": "Ballerup Kommune", "code": "151"}, source, span)
        committee = ids.committee(municipality, f"Udvalg {m % 12}")
        graph.add_node("Committee", committee, {"name": f"Udvalg {m % 12}"}, source, span)
        graph.add_relationship("OF", committee, municipality, source, span)
        date = dt.date(2010, 1, 1) + dt.timedelta(days=m)
        meeting = ids.meeting(committee, date)
        graph.add_node("Meeting", meeting, {"date": date.isoformat(), "status": "minutes"}, source, span)
        graph.add_relationship("HELD_BY", meeting, committee, source, span)
        for p in range(PEOPLE_PER_MEETING):
            person = ids.person(municipality, f"Person {(m * 7 + p) % 3000}")
            graph.add_node("Person", person, {"name": f"Person {(m * 7 + p) % 3000}"}, source, span)
            graph.add_relationship("ATTENDED", person, meeting, source, span, {"role": "medlem"})
        for n in range(1, ITEMS_PER_MEETING + 1):
            item = ids.agenda_item(meeting, n)
            graph.add_node("AgendaItem", item, {"number": n, "title": f"Punkt {n}", "closed": False}, source, span)
            graph.add_relationship("ON_AGENDA_OF", item, meeting, source, span, {"position": n})
            decision = ids.decision(item)
            graph.add_node("Decision", decision, {"text": "Taget til efterretning", "outcome": "noted"}, source, span)
            graph.add_relationship("HAS_DECISION", item, decision, source, span)
            case = ids.case(municipality, f"00.01.00-G01-{m}-{n:02d}")
            graph.add_node("Case", case, {"number": f"00.01.00-G01-{m}-{n:02d}", "kle": "00.01.00"}, source, span)
            graph.add_relationship("CONCERNS", item, case, source, span)
            graph.add_relationship("DECIDED_BY", item, committee, source, span)
    return graph


def naive_load(driver, graph: Graph) -> tuple[int, float]:
    """One auto-commit MERGE per node and per relationship: the loader to beat."""
    began = time.perf_counter()
    rows = 0
    with driver.session() as session:
        for (label, _keys), items in sorted(node_rows(graph).items()):
            for row in items:
                session.run(f"MERGE (n:{label} {{id: $id}}) SET n += $props", id=row["id"], props=row["p"]).consume()
                rows += 1
        for (rel_type, start, end, _keys), items in sorted(relationship_rows(graph).items()):
            source = "" if rel_type == "FROM_SOURCE" else " {source: $source}"
            for row in items:
                session.run(
                    f"MATCH (a:{start} {{id: $start}}) MATCH (b:{end} {{id: $end}}) "
                    f"MERGE (a)-[r:{rel_type}{source}]->(b) SET r += $props",
                    start=row["start"],
                    end=row["end"],
                    source=row.get("source"),
                    props=row["p"],
                ).consume()
                rows += 1
    return rows, time.perf_counter() - began


class RssSampler:
    """Peak resident memory of this process while the block runs, sampled every 20 ms."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.start_mb = self.peak_mb = self._rss_mb()

    @staticmethod
    def _rss_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak_mb = max(self.peak_mb, self._rss_mb())

    def __enter__(self) -> RssSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self._rss_mb())


def total_relationships(graph: Graph) -> int:
    return len(graph.relationships) + sum(len(n.provenance) for n in graph.nodes.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=4000)
    parser.add_argument("--naive-meetings", type=int, default=40)
    parser.add_argument("--warmup-meetings", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--heap", default="1g")
    args = parser.parse_args()

    home = None
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        uri, auth = os.environ["NEO4J_URI"], (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"])
    else:
        home = tempfile.mkdtemp(prefix="kommunegraf-bench-")
        info = devserver.start(home, heap=args.heap, pagecache="512m")
        uri, auth = info.uri, (info.user, info.password)
    driver = GraphDatabase.driver(uri, auth=auth)
    try:
        store = Neo4jStore(driver)
        store.wipe()
        warmup = store.load(synthetic_graph(args.warmup_meetings, seed_offset=2 * 10**6), batch_size=args.batch_size)
        print(
            f"warm-up on a fresh server ({args.warmup_meetings} meetings, compiles the statements): "
            f"nodes {warmup.nodes / warmup.node_seconds:,.0f}/s, "
            f"relationships {warmup.relationships / warmup.relationship_seconds:,.0f}/s"
        )
        store.wipe()
        began = time.perf_counter()
        graph = synthetic_graph(args.meetings)
        built = time.perf_counter() - began
        nodes, rels = len(graph.nodes), total_relationships(graph)
        print(
            f"synthetic graph: {args.meetings} meetings, {nodes:,} nodes, {rels:,} relationships "
            f"(built in {built:.1f}s)"
        )
        print(
            f"client RSS after building the graph: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )

        with RssSampler() as rss:
            stats = store.load(graph, batch_size=args.batch_size)
        node_rate = stats.nodes / stats.node_seconds
        rel_rate = stats.relationships / stats.relationship_seconds
        print(
            f"batched loader: nodes {stats.nodes:,} in {stats.node_seconds:.1f}s = {node_rate:,.0f}/s; "
            f"relationships {stats.relationships:,} in {stats.relationship_seconds:.1f}s = {rel_rate:,.0f}/s; "
            f"total {stats.seconds:.1f}s including schema"
        )
        print(
            f"client RSS during the load: {rss.start_mb:.0f} MB before, peak {rss.peak_mb:.0f} MB "
            f"(+{rss.peak_mb - rss.start_mb:.0f} MB for the load)"
        )
        again = store.load(graph, batch_size=args.batch_size)
        print(
            f"second load of the same graph (all MERGE hits): {again.seconds:.1f}s, "
            f"{again.counters['nodes_created']} nodes and "
            f"{again.counters['relationships_created']} relationships created"
        )

        store.wipe()
        small = synthetic_graph(args.naive_meetings, seed_offset=10**6)
        store.ensure_schema()
        rows, seconds = naive_load(driver, small)
        naive_rate = rows / seconds
        batched_rate = (stats.nodes + stats.relationships) / (stats.node_seconds + stats.relationship_seconds)
        print(
            f"naive per-row MERGE: {rows:,} rows ({args.naive_meetings} meetings) in {seconds:.1f}s "
            f"= {naive_rate:,.0f} rows/s"
        )
        print(f"batched / naive: {batched_rate / naive_rate:.0f}x ({batched_rate:,.0f} vs {naive_rate:,.0f} rows/s)")
    finally:
        driver.close()
        if home:
            devserver.stop(home)


if __name__ == "__main__":
    main()
